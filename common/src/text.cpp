/// @file
/// @brief UTF-8 validation and repair.
#include "news/common/text.hpp"

#include <fmt/format.h>
#include <xapian.h>

#include <array>
#include <cstdint>

namespace news::text {
namespace {

// Windows-1252 code points for bytes 0x80..0x9F; 0 marks the five undefined bytes.
constexpr std::array<std::uint16_t, 32> cp1252_high{
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

bool is_dropped_control(unsigned char c) {
    return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F;
}

// Whether a C1 control character (U+0080..U+009F, C2 80..C2 9F in UTF-8) starts at @p i.
bool c1_control_at(std::string_view s, std::size_t i) {
    return i + 1 < s.size() && static_cast<unsigned char>(s[i]) == 0xC2 &&
           static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
           static_cast<unsigned char>(s[i + 1]) <= 0x9F;
}

bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\t';
}

} // namespace

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
        return 1;
    }
    std::size_t length = 0;
    unsigned char min_second = 0x80;
    unsigned char max_second = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) {
            min_second = 0xA0; // no overlong forms
        } else if (lead == 0xED) {
            max_second = 0x9F; // no surrogates
        }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) {
            min_second = 0x90;
        } else if (lead == 0xF4) {
            max_second = 0x8F; // nothing past U+10FFFF
        }
    } else {
        return 0;
    }
    if (i + length > s.size()) {
        return 0;
    }
    if (byte(i + 1) < min_second || byte(i + 1) > max_second) {
        return 0;
    }
    for (std::size_t k = 2; k < length; ++k) {
        if ((byte(i + k) & 0xC0U) != 0x80U) {
            return 0;
        }
    }
    return length;
}

bool looks_binary(std::string_view bytes) {
    const std::string_view head = bytes.substr(0, 8192);
    std::size_t controls = 0;
    for (const char ch : head) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == 0) {
            return true;
        }
        if (is_dropped_control(c) && c != '\r' && c != '\f') {
            ++controls;
        }
    }
    return controls * 20 > head.size();
}

std::variant<CleanText, Unreadable> clean_utf8(std::string_view bytes) {
    if (looks_binary(bytes)) {
        return Unreadable{"binary content"};
    }
    return repair_utf8(bytes);
}

std::variant<CleanText, Unreadable> repair_utf8(std::string_view bytes) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
        bytes.remove_prefix(3);
    }
    CleanText out;
    out.text.reserve(bytes.size());
    // A dropped control character still separates words: "a\x05b" becomes "a b", not "ab".
    bool separate = false;
    const auto append = [&](std::string_view piece) {
        if (separate && !out.text.empty() && !is_space(out.text.back()) &&
            !is_space(piece.front())) {
            out.text += ' ';
        }
        separate = false;
        out.text.append(piece);
    };
    const auto drop_control = [&] {
        ++out.removed_controls;
        separate = true;
    };
    for (std::size_t i = 0; i < bytes.size();) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        const std::size_t length = utf8_sequence_length(bytes, i);
        if (length == 1) {
            if (c == '\r') {
                // CR LF and lone CR both end a line.
                if (i + 1 >= bytes.size() || bytes[i + 1] != '\n') {
                    append("\n");
                }
            } else if (is_dropped_control(c)) {
                drop_control();
            } else {
                append(bytes.substr(i, 1));
            }
            ++i;
        } else if (length == 2 && c1_control_at(bytes, i)) {
            drop_control(); // a C1 control character (U+0080..U+009F)
            i += length;
        } else if (length > 1) {
            append(bytes.substr(i, length));
            i += length;
        } else {
            unsigned code_point = c;
            if (c >= 0x80 && c <= 0x9F) {
                code_point = cp1252_high[c - 0x80U];
                if (code_point == 0) {
                    return Unreadable{fmt::format("invalid UTF-8 that cannot be repaired (byte "
                                                  "0x{:02X} at offset {} is neither UTF-8 nor "
                                                  "Windows-1252)",
                                                  c, i)};
                }
            }
            std::string encoded;
            Xapian::Unicode::append_utf8(encoded, code_point);
            append(encoded);
            ++out.transcoded_bytes;
            ++i;
        }
    }
    return out;
}

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            out += fmt::format("\\x{:02x}", c);
            ++i;
        } else if (length == 1 && (c < 0x20 || c == 0x7F)) {
            out += fmt::format("\\u{:04x}", c);
            ++i;
        } else if (length == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
            out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[i + 1]));
            i += length;
        } else {
            out.append(text, i, length);
            i += length;
        }
    }
    return out;
}

int control_at(std::string_view s, std::size_t i) {
    if (i >= s.size()) {
        return -1;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (is_dropped_control(c)) {
        return c;
    }
    return c1_control_at(s, i) ? static_cast<unsigned char>(s[i + 1]) : -1;
}

std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) {
        return s;
    }
    std::size_t end = max_bytes;
    // Back up over continuation bytes (10xxxxxx) to the start of the cut sequence.
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0U) == 0x80U) {
        --end;
    }
    return s.substr(0, end);
}

bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t length = utf8_sequence_length(s, i);
        if (length == 0) {
            return false;
        }
        i += length;
    }
    return true;
}

std::uint64_t fnv1a64(std::string_view bytes) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (const char c : bytes) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
    return hash;
}

std::string_view trim(std::string_view s) {
    const auto is_space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    while (!s.empty() && is_space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

bool is_blank(std::string_view s) {
    return trim(s).empty();
}

} // namespace news::text
