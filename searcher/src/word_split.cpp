/// @file
/// @brief Splitting text into words: a character at a time where the text is not ASCII, 16 bytes
/// at a time (SSE2) where it is.
#include "word_split.hpp"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace news::searcher {
namespace {

// Most text is ASCII: Xapian's answers for it, looked up once at start-up (not in a function's
// static, whose guard every call of the inner loops would check), skip its Unicode tables.
const std::array<bool, 128> ascii_word_chars = [] {
    std::array<bool, 128> table{};
    for (unsigned k = 0; k < table.size(); ++k) {
        table[k] = Xapian::Unicode::is_wordchar(k);
    }
    return table;
}();

inline bool is_word_char(unsigned c) {
    return c < ascii_word_chars.size() ? ascii_word_chars[c] : Xapian::Unicode::is_wordchar(c);
}

bool is_digit(unsigned c) {
    return c >= '0' && c <= '9';
}

bool is_apostrophe(unsigned c) {
    return c == '\'' || c == 0x2019;
}

// The character that starts at byte @p at of @p text (not past its end) and its length in
// bytes, decoded as a Utf8Iterator decodes it (an invalid sequence is one character per byte).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
// GCC cannot see that a Utf8Iterator over a non-empty range sets every member it reads.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
std::pair<unsigned, std::size_t> decode_at(std::string_view text, std::size_t at) {
    Xapian::Utf8Iterator it(text.data() + at, text.size() - at);
    const unsigned c = *it;
    ++it;
    return {c, static_cast<std::size_t>(it.raw() - text.data()) - at}; // raw() is end at the end
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

// How the character loops see a byte: an ASCII word character, other ASCII, or the start (or
// part) of something else, which is decoded.
enum class ByteKind : unsigned char { ascii_word, ascii_other, not_ascii };

const std::array<ByteKind, 256> byte_kinds = [] {
    std::array<ByteKind, 256> table{};
    for (unsigned k = 0; k < table.size(); ++k) {
        table[k] = k >= ascii_word_chars.size() ? ByteKind::not_ascii
                   : ascii_word_chars[k]        ? ByteKind::ascii_word
                                                : ByteKind::ascii_other;
    }
    return table;
}();

// The character at @p at: ASCII inline, the rest decoded (decode_at).
inline std::pair<unsigned, std::size_t> char_at(std::string_view text, std::size_t at) {
    const auto byte = static_cast<unsigned char>(text[at]);
    return byte < 0x80 ? std::pair<unsigned, std::size_t>{byte, 1} : decode_at(text, at);
}

// The end of the word that goes on at @p pos (a word character, or where a word that started
// before may go on). Runs of ASCII word characters are skipped by a table lookup a byte; a
// joiner is looked at only where such a run stops.
std::size_t word_end(std::string_view text, std::size_t pos) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    while (pos < size) {
        while (pos < size && byte_kinds[bytes[pos]] == ByteKind::ascii_word) {
            ++pos;
        }
        if (pos >= size) {
            break;
        }
        const auto [c, c_size] = char_at(text, pos);
        if (is_word_char(c)) {
            pos += c_size;
            continue;
        }
        // A joiner counts when a word character of the right kind follows it. The character
        // before it is the word's last: a digit only when its last byte is one (the last byte
        // of anything longer is no ASCII digit).
        const bool apostrophe = is_apostrophe(c);
        const std::size_t next = pos + c_size;
        if ((!apostrophe && c != ',' && c != '.') || next >= size) {
            break;
        }
        const bool previous_is_digit = is_digit(bytes[pos - 1]);
        const unsigned after = char_at(text, next).first;
        const bool joins = apostrophe ? !previous_is_digit && is_word_char(after)
                                      : previous_is_digit && is_digit(after);
        if (!joins) {
            break;
        }
        pos = next;
    }
    return pos;
}

// Appends the words that start in [pos, stop) of @p text, a character at a time; @p pos is
// outside any word. Returns where it stopped: at or past @p stop, outside any word.
std::size_t split_characters(std::string_view text, std::size_t pos, std::size_t stop,
                             std::vector<WordRange>& words) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    while (pos < stop) {
        const ByteKind kind = byte_kinds[bytes[pos]];
        if (kind == ByteKind::ascii_other) {
            ++pos;
            continue;
        }
        if (kind == ByteKind::not_ascii) {
            const auto [c, c_size] = decode_at(text, pos);
            if (!is_word_char(c)) {
                pos += c_size;
                continue;
            }
        }
        const std::size_t begin = pos;
        pos = word_end(text, pos);
        words.emplace_back(begin, pos);
    }
    return pos;
}

#if defined(__SSE2__)

// The word characters among ASCII that the blocks assume, [0-9A-Za-z_]: Xapian's (checked at
// start-up, or the blocks are not used).
constexpr bool block_word_char(unsigned c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

const bool blocks_agree_with_xapian = [] {
    for (unsigned c = 0; c < ascii_word_chars.size(); ++c) {
        if (ascii_word_chars[c] != block_word_char(c)) {
            return false;
        }
    }
    return true;
}();

// A bit per byte of 16: bit k for byte k.
struct BlockBits {
    std::uint32_t not_ascii;
    std::uint32_t word;       ///< block_word_char
    std::uint32_t digit;      ///< 0-9
    std::uint32_t apostrophe; ///< '
    std::uint32_t number;     ///< , or . (joins digits)
};

BlockBits block_bits(const unsigned char* at) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    const auto in_range = [](__m128i v, char low, char high) {
        // Signed compares: bytes past ASCII are negative, in no range.
        return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(low - 1))),
                             _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(high + 1))));
    };
    const auto bits = [](__m128i v) { return static_cast<std::uint32_t>(_mm_movemask_epi8(v)); };
    constexpr char case_bit = 0x20;
    const __m128i digit = in_range(bytes, '0', '9');
    const __m128i letter = in_range(_mm_or_si128(bytes, _mm_set1_epi8(case_bit)), 'a', 'z');
    const __m128i underscore = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('_'));
    return {bits(bytes), bits(_mm_or_si128(_mm_or_si128(digit, letter), underscore)), bits(digit),
            bits(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('\''))),
            bits(_mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(',')),
                              _mm_cmpeq_epi8(bytes, _mm_set1_epi8('.'))))};
}

// Appends the words of @p text from its start, 16 bytes at a time where they and the byte after
// them are ASCII, a character at a time elsewhere. Returns where it stopped, outside any word,
// with fewer than 17 bytes left: the rest is split_characters()'s.
//
// In a block, bit 0 stands for the byte before it, bits 1-16 for its bytes and bit 17 for the
// byte after it. A joiner is in a word when the bytes either side of it are of the right kind,
// the same test as word_end()'s; a word starts where a byte in a word follows one that is not,
// and ends where the reverse happens.
std::size_t split_blocks(std::string_view text, std::vector<WordRange>& words) {
    constexpr std::size_t block = 16;
    constexpr std::uint32_t block_mask = 0x1FFFEU; // bits 1-16
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t pos = 0;
    bool in_word = false;     // a word started before pos and goes on
    std::size_t begin = 0;    // where it started
    std::uint32_t before = 0; // bit 0 of the word bits: the byte before pos is a word character
    std::uint32_t digit_before = 0;
    while (pos + block < text.size()) {
        const BlockBits bits = block_bits(bytes + pos);
        const unsigned char after = bytes[pos + block];
        if (bits.not_ascii != 0 || after >= ascii_word_chars.size()) {
            // Something to decode: these bytes go a character at a time.
            if (in_word) {
                const std::size_t end = word_end(text, pos);
                words.emplace_back(begin, end);
                pos = end;
                in_word = false;
            }
            pos = split_characters(text, pos, std::min(pos + block, text.size()), words);
            // It stopped where no word goes on and no joiner joins: the byte before counts as
            // no word character.
            before = digit_before = 0;
            continue;
        }
        const std::uint32_t word = (bits.word << 1U) | before |
                                   (static_cast<std::uint32_t>(ascii_word_chars[after]) << 17U);
        const std::uint32_t digit = (bits.digit << 1U) | digit_before |
                                    (static_cast<std::uint32_t>(is_digit(after)) << 17U);
        const std::uint32_t joined =
            ((bits.apostrophe << 1U) & (word << 1U) & ~(digit << 1U) & (word >> 1U)) |
            ((bits.number << 1U) & (digit << 1U) & (digit >> 1U));
        const std::uint32_t inside =
            ((word | joined) & block_mask) | static_cast<std::uint32_t>(in_word);
        // Bit k: byte k - 1 starts a word (inside) or ends one (outside).
        for (std::uint32_t edges = (inside ^ (inside << 1U)) & block_mask; edges != 0;
             edges &= edges - 1) {
            const auto k = static_cast<unsigned>(std::countr_zero(edges));
            const std::size_t at = pos + k - 1;
            if (((inside >> k) & 1U) != 0) {
                begin = at;
            } else {
                words.emplace_back(begin, at);
            }
        }
        in_word = ((inside >> block) & 1U) != 0;
        before = (word >> block) & 1U;
        digit_before = (digit >> block) & 1U;
        pos += block;
    }
    if (in_word) {
        const std::size_t end = word_end(text, pos);
        words.emplace_back(begin, end);
        pos = end;
    }
    return pos;
}

#endif

std::vector<WordRange> reserved_words(std::string_view text) {
    std::vector<WordRange> words;
    constexpr std::size_t bytes_per_word = 6; // about, in English news text
    words.reserve(text.size() / bytes_per_word + 1);
    return words;
}

} // namespace

std::vector<WordRange> words_of(std::string_view text) {
    std::vector<WordRange> words = reserved_words(text);
    std::size_t pos = 0;
#if defined(__SSE2__)
    if (blocks_agree_with_xapian) {
        pos = split_blocks(text, words);
    }
#endif
    split_characters(text, pos, text.size(), words);
    return words;
}

std::vector<WordRange> words_of_by_character(std::string_view text) {
    std::vector<WordRange> words = reserved_words(text);
    split_characters(text, 0, text.size(), words);
    return words;
}

} // namespace news::searcher
