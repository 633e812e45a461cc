/// @file
/// @brief TcpServer and the loopback helpers.
#include "support/tcpsrv.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace news::test {
namespace {

sockaddr_in loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    return address;
}

} // namespace

bool have_tcpsrv() {
    std::error_code ec;
    return std::filesystem::exists(tcpsrv_exe, ec);
}

int free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = loopback(0);
    socklen_t size = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        if (fd >= 0) {
            ::close(fd);
        }
        return -1;
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

bool accepts(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    const sockaddr_in address = loopback(port);
    const bool ok =
        fd >= 0 && ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    if (fd >= 0) {
        ::close(fd);
    }
    return ok;
}

TcpServer::TcpServer(const std::string& db) : m_port(free_loopback_port()) {
    if (m_port <= 0) {
        throw std::runtime_error("no free loopback port");
    }
    m_server = std::make_unique<RunningTool>(
        tcpsrv_exe,
        std::vector<std::string>{"--port", std::to_string(m_port), "--interface", "127.0.0.1", db});
    constexpr int tries = 100;
    for (int i = 0; i < tries && !accepts(m_port); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!accepts(m_port)) {
        throw std::runtime_error("xapian-tcpsrv did not start: " + m_server->err_so_far());
    }
}

std::string TcpServer::address() const {
    return "tcp://127.0.0.1:" + std::to_string(m_port);
}

void TcpServer::stop() {
    if (m_server) {
        m_server->send_signal(SIGKILL);
        m_server.reset();
    }
}

} // namespace news::test
