/// @file
/// @brief Fitting text to a terminal: its width, lines wrapped at spaces, values cut short.
#include "news/searcher/wrap.hpp"

#include "news/common/cli.hpp"

#include <sys/ioctl.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <system_error>
#include <unistd.h>

namespace news::searcher {
namespace {

constexpr std::string_view ellipsis = "\u2026";

bool starts_character(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
}

// The byte after the @p columns first characters of @p text from @p from (or its end).
std::size_t advance_columns(std::string_view text, std::size_t from, std::size_t columns) {
    std::size_t at = from;
    std::size_t seen = 0;
    while (at < text.size()) {
        if (starts_character(text[at])) {
            if (seen == columns) {
                break;
            }
            ++seen;
        }
        ++at;
    }
    return at;
}

} // namespace

std::size_t terminal_columns() {
    constexpr std::size_t fallback = 80;
    if (const char* columns = std::getenv("COLUMNS"); columns != nullptr) {
        const std::string_view value(columns);
        std::size_t parsed = 0;
        const auto [end, error] =
            std::from_chars(value.data(), value.data() + value.size(), parsed);
        if (error == std::errc() && end == value.data() + value.size() && parsed > 0) {
            return parsed;
        }
    }
    winsize size{};
    if (cli::stdout_is_terminal() && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
        size.ws_col > 0) {
        return size.ws_col;
    }
    return fallback;
}

std::size_t text_columns(std::string_view text) {
    std::size_t columns = 0;
    for (const char c : text) {
        columns += starts_character(c) ? 1U : 0U;
    }
    return columns;
}

std::vector<ByteRange> wrap_lines(std::string_view text, std::size_t width) {
    width = std::max<std::size_t>(width, 1);
    std::vector<ByteRange> lines;
    std::size_t at = 0;
    for (;;) {
        while (at < text.size() && text[at] == ' ') {
            ++at;
        }
        if (at >= text.size()) {
            return lines;
        }
        const std::size_t limit = advance_columns(text, at, width);
        if (limit >= text.size()) {
            std::size_t end = text.size();
            while (end > at && text[end - 1] == ' ') {
                --end;
            }
            lines.emplace_back(at, end);
            return lines;
        }
        // The last space at or before the limit ends the line; without one, the word is cut.
        std::size_t end = limit;
        if (text[limit] != ' ') {
            const std::size_t space = text.substr(at, limit - at).rfind(' ');
            end = space == std::string_view::npos ? limit : at + space;
        }
        std::size_t trimmed = end;
        while (trimmed > at && text[trimmed - 1] == ' ') {
            --trimmed;
        }
        lines.emplace_back(at, trimmed);
        at = end;
    }
}

std::string fit_columns(std::string_view text, std::size_t width) {
    if (text_columns(text) <= width) {
        return std::string(text);
    }
    if (width == 0) {
        return {};
    }
    std::string out(text.substr(0, advance_columns(text, 0, width - 1)));
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out + std::string(ellipsis);
}

} // namespace news::searcher
