/// @file
/// @brief A stock xapian-tcpsrv serving one database on a loopback port, for end-to-end tests.
#pragma once

#include "support/run_tool.hpp"

#include <memory>
#include <string>

namespace news::test {

/// Where Debian's xapian-tools installs the server.
inline constexpr const char* tcpsrv_exe = "/usr/bin/xapian-tcpsrv";

/// Whether xapian-tcpsrv is installed (tests that need it skip, saying so, when it is not).
[[nodiscard]] bool have_tcpsrv();

/// A loopback port nothing listens on now (the kernel's choice, released for a server to take);
/// -1 when none could be had.
[[nodiscard]] int free_loopback_port();

/// Whether something accepts connections on the loopback @p port.
[[nodiscard]] bool accepts(int port);

/// xapian-tcpsrv serving @p db on 127.0.0.1 at a port chosen at run time; stopped (SIGKILL) when
/// destroyed or by stop().
class TcpServer {
public:
    /// Starts the server and waits until it accepts connections (5 s at most).
    /// @throws std::runtime_error when it does not.
    explicit TcpServer(const std::string& db);

    [[nodiscard]] int port() const noexcept { return m_port; }
    /// "tcp://127.0.0.1:PORT", as news-search's --db takes it.
    [[nodiscard]] std::string address() const;
    /// Kills the server (SIGKILL: xapian-tcpsrv answers SIGTERM by signalling its whole process
    /// group, which would include the test).
    void stop();

private:
    int m_port = -1;
    std::unique_ptr<RunningTool> m_server;
};

} // namespace news::test
