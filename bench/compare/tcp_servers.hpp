/// @file
/// @brief Stock xapian-tcpsrv processes serving shards on loopback ports, for the shards
/// benchmark: started at once, ready when each port accepts, killed when destroyed.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace news::bench {

/// One xapian-tcpsrv per database, on 127.0.0.1, each in a process group of its own
/// (xapian-tcpsrv answers SIGTERM by signalling its whole group).
class TcpServers {
public:
    /// Starts a server for each of @p databases on free loopback ports and waits (10 s at most)
    /// until each accepts connections.
    /// @throws news::Error (Io) when xapian-tcpsrv is missing or a server does not start.
    explicit TcpServers(const std::vector<std::string>& databases);
    /// Kills every server (SIGKILL) and reaps it.
    ~TcpServers();
    TcpServers(const TcpServers&) = delete;
    TcpServers& operator=(const TcpServers&) = delete;

    /// The servers' ports, in the order of the databases.
    [[nodiscard]] const std::vector<int>& ports() const noexcept { return m_ports; }

    /// Writes a stub file naming every server (`remote 127.0.0.1:PORT`) to @p path.
    /// @throws news::Error (Io) when it cannot be written.
    void write_stub(const std::string& path) const;

private:
    void stop() noexcept;

    std::vector<pid_t> m_pids;
    std::vector<int> m_ports;
};

/// Where Debian's xapian-tools installs the server; empty when it is not installed.
[[nodiscard]] std::string find_tcpsrv();

} // namespace news::bench
