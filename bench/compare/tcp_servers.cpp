/// @file
/// @brief TcpServers: posix_spawn, loopback readiness, SIGKILL.
#include "compare/tcp_servers.hpp"

#include "news/common/error.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace news::bench {
namespace {

sockaddr_in loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    return address;
}

// A loopback port nothing listens on now (the kernel's choice), or -1.
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address = loopback(0);
    socklen_t size = sizeof address;
    int port = -1;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
        port = ntohs(address.sin_port);
    }
    if (fd >= 0) {
        ::close(fd);
    }
    return port;
}

bool accepts(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const sockaddr_in address = loopback(port);
    const bool ok =
        fd >= 0 && ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    if (fd >= 0) {
        ::close(fd);
    }
    return ok;
}

} // namespace

std::string find_tcpsrv() {
    std::error_code ec;
    const std::string path = "/usr/bin/xapian-tcpsrv";
    return std::filesystem::exists(path, ec) ? path : std::string();
}

TcpServers::TcpServers(const std::vector<std::string>& databases) {
    const std::string server = find_tcpsrv();
    if (server.empty()) {
        throw Error(ErrorKind::Io, "xapian-tcpsrv is not installed",
                    "install Debian's xapian-tools");
    }
    try {
        for (const auto& database : databases) {
            const int port = free_port();
            std::vector<std::string> args{server,      "--quiet", "--interface",
                                          "127.0.0.1", "--port",  std::to_string(port),
                                          database};
            std::vector<char*> argv;
            argv.reserve(args.size() + 1);
            for (auto& arg : args) {
                argv.push_back(arg.data());
            }
            argv.push_back(nullptr);
            posix_spawnattr_t attributes;
            posix_spawnattr_init(&attributes);
            posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
            posix_spawnattr_setpgroup(&attributes, 0);
            // Its messages (a client that went away) would mix with the report's progress.
            posix_spawn_file_actions_t files;
            posix_spawn_file_actions_init(&files);
            for (const int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
                posix_spawn_file_actions_addopen(&files, fd, "/dev/null", O_RDWR, 0);
            }
            pid_t pid = 0;
            const int error =
                posix_spawn(&pid, server.c_str(), &files, &attributes, argv.data(), environ);
            posix_spawn_file_actions_destroy(&files);
            posix_spawnattr_destroy(&attributes);
            if (error != 0) {
                throw Error(ErrorKind::Io,
                            fmt::format("cannot start xapian-tcpsrv: {}", std::strerror(error)));
            }
            m_pids.push_back(pid);
            m_ports.push_back(port);
        }
        for (std::size_t i = 0; i < m_ports.size(); ++i) {
            constexpr int tries = 200;
            for (int t = 0; t < tries && !accepts(m_ports[i]); ++t) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
            if (!accepts(m_ports[i])) {
                throw Error(ErrorKind::Io,
                            fmt::format("xapian-tcpsrv for {} did not start", databases[i]));
            }
        }
    } catch (...) {
        stop();
        throw;
    }
}

TcpServers::~TcpServers() {
    stop();
}

void TcpServers::stop() noexcept {
    for (const pid_t pid : m_pids) {
        ::kill(-pid, SIGKILL); // its group: the server and the children serving connections
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    m_pids.clear();
}

void TcpServers::write_stub(const std::string& path) const {
    std::ofstream out(path);
    for (const int port : m_ports) {
        out << "remote 127.0.0.1:" << port << "\n";
    }
    if (!out.flush()) {
        throw Error(ErrorKind::Io, fmt::format("cannot write {}", path));
    }
}

} // namespace news::bench
