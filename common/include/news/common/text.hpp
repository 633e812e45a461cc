/// @file
/// @brief Making raw input bytes into clean UTF-8 text, with every repair counted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace news::text {

/// Clean UTF-8 text and what was repaired to get it.
struct CleanText {
    std::string text;                 ///< valid UTF-8
    std::size_t transcoded_bytes = 0; ///< bytes that were not UTF-8, read as Windows-1252
    std::size_t removed_controls = 0; ///< control characters dropped (tab and newline are kept)
};

/// Why bytes could not be made into text.
struct Unreadable {
    std::string reason; ///< lowercase, for a rejection, e.g. "binary content"
};

/// True when @p bytes look like a binary file rather than text: a NUL byte, or more than one
/// control character in twenty among the first 8 KiB.
[[nodiscard]] bool looks_binary(std::string_view bytes);

/// Turns input bytes into clean UTF-8: valid UTF-8 passes; each byte that is not part of a valid
/// UTF-8 sequence is read as Windows-1252 (a superset of Latin-1, the usual culprit); control
/// characters (C0 other than tab and newline, DEL, C1) are removed, leaving a space where they
/// separated text; CR LF becomes LF, and a byte-order mark is dropped. Bytes that cannot be read
/// either way (binary data, the five bytes Windows-1252 leaves undefined) give Unreadable.
[[nodiscard]] std::variant<CleanText, Unreadable> clean_utf8(std::string_view bytes);

/// clean_utf8 without the binary check, for short values taken out of an input already checked
/// as a whole (a JSON string may carry an escaped control character or two).
[[nodiscard]] std::variant<CleanText, Unreadable> repair_utf8(std::string_view bytes);

/// @p text made safe to print for people on a terminal: every control character (C0 including
/// tab and newline, DEL, and C1 U+0080..U+009F) is shown as a JSON-style escape, "\u001b" for
/// ESC, and each byte that is not part of valid UTF-8 as "\xHH" (file names may be any bytes).
/// Everything else, backslashes included, passes unchanged, so applying it twice changes
/// nothing more. For one-line values (ids, paths, queries, messages): the caller adds its own
/// line breaks. Not reversible; --json output escapes with its own rules.
[[nodiscard]] std::string printable(std::string_view text);

/// The code point of the control character that starts at byte @p i of @p s, the ones
/// clean_utf8 drops or turns into a line end: C0 other than tab and newline (CR included), DEL,
/// and C1 (U+0080..U+009F, as UTF-8); -1 when the character there is none of them.
[[nodiscard]] int control_at(std::string_view s, std::size_t i);

/// True when @p s is valid UTF-8.
[[nodiscard]] bool is_valid_utf8(std::string_view s);

/// The length of the valid UTF-8 sequence that starts at @p s[@p i], or 0 when none does (an
/// overlong form, a surrogate, a stray continuation byte, a cut sequence).
[[nodiscard]] std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

/// The longest prefix of @p s of at most @p max_bytes that does not cut a UTF-8 sequence (for
/// quoting the start of a value in a message).
[[nodiscard]] std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes);

/// 64-bit FNV-1a hash of @p bytes: stable across builds and platforms (unlike std::hash), for
/// fingerprints that are stored or compared between runs.
[[nodiscard]] std::uint64_t fnv1a64(std::string_view bytes);

/// Trims ASCII white space at both ends.
[[nodiscard]] std::string_view trim(std::string_view s);

/// True when @p s has no character but white space.
[[nodiscard]] bool is_blank(std::string_view s);

} // namespace news::text
