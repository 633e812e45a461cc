/// @file
/// @brief LineReader and read_file over POSIX file descriptors.
#include "news/readers/line_reader.hpp"

#include "news/common/error.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <utility>

namespace news {
namespace {

constexpr std::size_t chunk_size = 1U << 16U;

int open_input(const std::string& path, bool& owns) {
    if (path == "-") {
        owns = false;
        return STDIN_FILENO;
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        throw Error(err == ENOENT ? ErrorKind::NotFound : ErrorKind::Io,
                    path + ": cannot open: " + std::strerror(err));
    }
    owns = true;
    return fd;
}

} // namespace

LineReader::LineReader(const std::string& path, std::size_t max_line,
                       std::function<bool()> interrupted)
    : m_path(path), m_max_line(max_line), m_interrupted(std::move(interrupted)) {
    m_fd = open_input(path, m_owns_fd);
}

LineReader::~LineReader() {
    if (m_owns_fd) {
        ::close(m_fd);
    }
}

bool LineReader::fill() {
    if (m_eof) {
        return false;
    }
    if (m_pos > 0) {
        m_buffer.erase(0, m_pos);
        m_pos = 0;
    }
    const std::size_t old_size = m_buffer.size();
    m_buffer.resize(old_size + chunk_size);
    for (;;) {
        const ssize_t got = ::read(m_fd, m_buffer.data() + old_size, chunk_size);
        if (got > 0) {
            m_buffer.resize(old_size + static_cast<std::size_t>(got));
            m_consumed += static_cast<std::uint64_t>(got);
            return true;
        }
        if (got == 0) {
            m_buffer.resize(old_size);
            m_eof = true;
            return false;
        }
        if (errno == EINTR) {
            if (m_interrupted && m_interrupted()) {
                m_buffer.resize(old_size);
                m_eof = true;
                m_interrupted_read = true;
                return false;
            }
            continue;
        }
        const int err = errno;
        m_buffer.resize(old_size);
        throw Error(ErrorKind::Io, m_path + ": read failed: " + std::strerror(err));
    }
}

LineReader::Status LineReader::next(std::string& line) {
    line.clear();
    bool too_long = false;
    for (;;) {
        const std::size_t newline = m_buffer.find('\n', m_pos);
        const std::size_t end = newline == std::string::npos ? m_buffer.size() : newline;
        const std::size_t room = m_max_line > line.size() ? m_max_line - line.size() : 0;
        const std::size_t take = std::min(room, end - m_pos);
        line.append(m_buffer, m_pos, take);
        too_long = too_long || end - m_pos > take;
        if (newline != std::string::npos) {
            m_pos = newline + 1;
            ++m_line_number;
            return too_long ? Status::TooLong : Status::Line;
        }
        m_pos = m_buffer.size();
        if (!fill()) {
            if ((line.empty() && !too_long) || m_interrupted_read) {
                return Status::End; // an interrupted read leaves no half line behind
            }
            ++m_line_number; // last line without a final newline
            return too_long ? Status::TooLong : Status::Line;
        }
    }
}

std::string read_file(const std::string& path, std::size_t max_bytes, bool& too_large,
                      const std::function<bool()>& interrupted) {
    bool owns = false;
    const int fd = open_input(path, owns);
    std::string content;
    too_large = false;
    // A regular file is read into a buffer of its own size: grown by doubling, the buffer of a
    // huge article would hold up to twice its size while the article is indexed.
    struct stat info {};
    if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
        content.reserve(std::min(static_cast<std::size_t>(info.st_size), max_bytes) + 1);
    }
    char chunk[chunk_size];
    for (;;) {
        const ssize_t got = ::read(fd, chunk, sizeof chunk);
        if (got > 0) {
            const auto size = static_cast<std::size_t>(got);
            if (content.size() + size > max_bytes) {
                // Keep what fits: callers that sniff a file's head need its first bytes.
                content.append(chunk, max_bytes - content.size());
                too_large = true;
                break;
            }
            content.append(chunk, size);
            continue;
        }
        if (got == 0) {
            break;
        }
        if (errno == EINTR) {
            if (interrupted && interrupted()) {
                break;
            }
            continue;
        }
        const int err = errno;
        if (owns) {
            ::close(fd);
        }
        throw Error(ErrorKind::Io, path + ": read failed: " + std::strerror(err));
    }
    if (owns) {
        ::close(fd);
    }
    return content;
}

} // namespace news
