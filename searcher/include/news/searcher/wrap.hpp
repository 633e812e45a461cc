/// @file
/// @brief Fitting text to a terminal: its width, lines wrapped at spaces, values cut short.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace news::searcher {

/// A [begin, end) range of bytes.
using ByteRange = std::pair<std::size_t, std::size_t>;

/// The columns text is fitted to: $COLUMNS when it is a positive number, else the width of the
/// terminal on stdout, else 80 (a pipe, a file).
[[nodiscard]] std::size_t terminal_columns();

/// Columns @p text takes: one per UTF-8 character (wide characters are not told apart).
[[nodiscard]] std::size_t text_columns(std::string_view text);

/// The lines of @p text wrapped to at most @p width columns (at least 1), as byte ranges of
/// @p text: lines break at spaces, which are left out of both lines; a word longer than the
/// width is cut between characters. Text that fits is one line; empty text gives none.
[[nodiscard]] std::vector<ByteRange> wrap_lines(std::string_view text, std::size_t width);

/// @p text cut to at most @p width columns, ending in "…" when cut (never inside a UTF-8
/// character); as it is when it fits.
[[nodiscard]] std::string fit_columns(std::string_view text, std::size_t width);

} // namespace news::searcher
