/// @file
/// @brief Reading a file or stdin line by line with bounded memory and an interrupt check.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace news {

/// Reads lines from a file descriptor it owns (or stdin, which it leaves open).
///
/// Unlike std::getline it never holds more than max_line bytes of one line, and a blocking read
/// interrupted by a signal returns control when @p interrupted says so, so that Ctrl-C on a
/// pipe still ends the run cleanly.
class LineReader {
public:
    /// What next() read.
    enum class Status {
        Line,    ///< a whole line
        TooLong, ///< a line longer than max_line, cut to its first max_line bytes
        End      ///< end of input, or a read stopped by the interrupt check
    };

    /// Opens @p path, or stdin for "-".
    /// @throws news::Error (NotFound or Io) naming the path.
    LineReader(const std::string& path, std::size_t max_line, std::function<bool()> interrupted);
    /// Closes the file descriptor; stdin is left open.
    ~LineReader();
    /// Not copyable: it owns a file descriptor.
    LineReader(const LineReader&) = delete;
    /// Not copyable: it owns a file descriptor.
    LineReader& operator=(const LineReader&) = delete;

    /// Reads the next line into @p line, without its '\n'. TooLong means the line had more than
    /// max_line bytes: it was skipped and @p line holds its first max_line bytes.
    /// @throws news::Error (Io) on a read error.
    [[nodiscard]] Status next(std::string& line);

    /// 1-based number of the line last returned.
    [[nodiscard]] std::size_t line_number() const noexcept { return m_line_number; }

    /// Bytes read from the file so far, at most one buffer ahead of the lines returned (for
    /// progress).
    [[nodiscard]] std::uint64_t bytes_consumed() const noexcept { return m_consumed; }

private:
    bool fill();

    int m_fd = -1;
    bool m_owns_fd = false;
    std::string m_path;
    std::size_t m_max_line;
    std::function<bool()> m_interrupted;
    std::string m_buffer;
    std::size_t m_pos = 0;
    bool m_eof = false;
    bool m_interrupted_read = false;
    std::size_t m_line_number = 0;
    std::uint64_t m_consumed = 0;
};

/// Reads a whole file (or stdin for "-"). When it holds more than @p max_bytes, reading stops
/// there and @p too_large is set: the content returned is then its first @p max_bytes bytes.
/// A read interrupted by a signal stops early when @p interrupted says so.
/// @throws news::Error (NotFound or Io) naming the path.
[[nodiscard]] std::string read_file(const std::string& path, std::size_t max_bytes, bool& too_large,
                                    const std::function<bool()>& interrupted = {});

} // namespace news
