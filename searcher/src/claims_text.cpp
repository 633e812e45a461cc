/// @file
/// @brief Claim extraction internals: the sentence splitter, the tokenizer and thing keys.
#include "claims_text.hpp"

#include "news/common/folding.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace news::searcher::claims::detail {
namespace {

// One UTF-8 sequence at @p i: its code point (0xFFFD when invalid) and its length.
struct CodePoint {
    std::uint32_t cp = 0;
    std::size_t length = 1;
};

CodePoint decode(std::string_view s, std::size_t i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
        return {b, 1};
    }
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if ((b & 0xE0) == 0xC0) {
        n = 2;
        cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
        n = 3;
        cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
        n = 4;
        cp = b & 0x07;
    } else {
        return {0xFFFD, 1};
    }
    if (i + n > s.size()) {
        return {0xFFFD, 1};
    }
    for (std::size_t k = 1; k < n; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) {
            return {0xFFFD, 1};
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    return {cp, n};
}

bool ascii_space(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

bool ascii_digit(char c) {
    return c >= '0' && c <= '9';
}

bool ascii_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool unicode_space(std::uint32_t cp) {
    return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000;
}

// Letters: ASCII letters and every non-ASCII code point outside the Latin-1 symbols, the
// general punctuation block and the currency symbols.
bool letter_at(std::string_view s, std::size_t i) {
    if (i >= s.size()) {
        return false;
    }
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
        return ascii_alpha(s[i]);
    }
    const std::uint32_t cp = decode(s, i).cp;
    if (cp == 0xFFFD || cp < 0xC0 || cp == 0xD7 || cp == 0xF7) {
        return false;
    }
    return !(cp >= 0x2000 && cp <= 0x2BFF) && !(cp >= 0x3000 && cp <= 0x303F);
}

bool space_at(std::string_view s, std::size_t i, std::size_t* length) {
    if (ascii_space(s[i])) {
        *length = 1;
        return true;
    }
    if (static_cast<unsigned char>(s[i]) >= 0x80) {
        const CodePoint c = decode(s, i);
        if (unicode_space(c.cp)) {
            *length = c.length;
            return true;
        }
    }
    return false;
}

// An apostrophe (ASCII or U+2019) at @p i: its length, or 0.
std::size_t apostrophe_at(std::string_view s, std::size_t i) {
    if (s[i] == '\'') {
        return 1;
    }
    // U+2019, and U+2018 that some sites type for it ("Lopez‘s").
    if (s.substr(i, 3) == "\u2019" || s.substr(i, 3) == "\u2018") {
        return 3;
    }
    return 0;
}

constexpr std::array titles{
    "mr",   "mrs",  "ms",  "dr",  "prof", "gen",    "sen", "rep",    "gov",  "lt",   "col",  "sgt",
    "capt", "cpl",  "adm", "maj", "st",   "jr",     "sr",  "rev",    "hon",  "pres", "supt", "no",
    "vs",   "fig",  "ft",  "mt",  "ave",  "jan",    "feb", "mar",    "apr",  "jun",  "jul",  "aug",
    "sep",  "sept", "oct", "nov", "dec",  "approx", "est", "messrs", "cmdr", "brig", "gens"};
constexpr std::array company_ends{"inc", "corp", "co", "ltd", "bros", "plc"};
constexpr std::array openers{
    "The",   "It",      "He",        "She",   "They",    "We",    "I",      "But",       "And",
    "In",    "A",       "An",        "This",  "That",    "These", "Those",  "His",       "Her",
    "Their", "Its",     "On",        "At",    "As",      "After", "Before", "When",      "While",
    "If",    "However", "Meanwhile", "There", "Some",    "Many",  "Most",   "Officials", "Still",
    "Yet",   "So",      "Now",       "Last",  "Earlier", "For"};

template <std::size_t N> bool in(const std::array<const char*, N>& list, std::string_view word) {
    return std::any_of(list.begin(), list.end(), [&](const char* w) { return word == w; });
}

// The word that ends at @p end (exclusive): letters and dots back to white space.
std::string_view word_before(std::string_view s, std::size_t end) {
    std::size_t b = end;
    while (b > 0 && !ascii_space(s[b - 1]) && s[b - 1] != '(' && s[b - 1] != '"') {
        --b;
    }
    return s.substr(b, end - b);
}

std::string_view word_from(std::string_view s, std::size_t begin) {
    std::size_t e = begin;
    while (e < s.size() && ascii_alpha(s[e])) {
        ++e;
    }
    return s.substr(begin, e - begin);
}

// Whether the "." at @p dot, followed after white space by @p next, ends a sentence.
bool period_ends(std::string_view s, std::size_t dot, std::size_t next) {
    std::string_view w = word_before(s, dot);
    while (!w.empty() && (w.back() == '.')) {
        w.remove_suffix(1);
    }
    const std::string lw = lower(w);
    const bool next_digit = ascii_digit(s[next]);
    if (in(titles, lw)) {
        return false;
    }
    if (next_digit) {
        return true;
    }
    if (w.size() == 1 && ascii_alpha(w[0]) && w[0] >= 'A' && w[0] <= 'Z') {
        return false; // an initial: "J. Smith"
    }
    const bool dotted =
        w.find('.') != std::string_view::npos &&
        std::all_of(w.begin(), w.end(), [](char c) { return ascii_alpha(c) || c == '.'; });
    if (dotted || in(company_ends, lw)) {
        return in(openers, word_from(s, next));
    }
    return true;
}

} // namespace

std::string squeeze(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (const char c : text) {
        if (ascii_space(c)) {
            space = true;
            continue;
        }
        if (space && !out.empty()) {
            out += ' ';
        }
        space = false;
        out += c;
    }
    return out;
}

std::string lower(std::string_view word) {
    std::string out(word);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::vector<Span> sentences(std::string_view text) {
    std::vector<Span> out;
    const auto push = [&](std::size_t b, std::size_t e) {
        while (b < e && ascii_space(text[b])) {
            ++b;
        }
        while (e > b && ascii_space(text[e - 1])) {
            --e;
        }
        if (b < e) {
            out.push_back({b, e});
        }
    };
    std::size_t start = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\n') {
            std::size_t j = i + 1;
            while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) {
                ++j;
            }
            // A blank line, or a new line that opens indented (Reuters paragraphs and table
            // rows), ends the sentence; a plain line break (hard-wrapped text) does not.
            if (j < text.size() && (text[j] == '\n' || (j > i + 1 && !ascii_space(text[j])))) {
                push(start, i);
                start = j;
                i = j;
                continue;
            }
            ++i;
            continue;
        }
        if (c != '.' && c != '!' && c != '?') {
            ++i;
            continue;
        }
        std::size_t j = i + 1;
        while (j < text.size()) {
            if (text[j] == '.' || text[j] == '!' || text[j] == '?' || text[j] == '"' ||
                text[j] == '\'' || text[j] == ')' || text[j] == ']') {
                ++j;
            } else if (text.substr(j, 3) == "\u201D" || text.substr(j, 3) == "\u2019") {
                j += 3;
            } else {
                break;
            }
        }
        std::size_t k = j;
        std::size_t length = 0;
        while (k < text.size() && space_at(text, k, &length)) {
            k += length;
        }
        if (k == j && j < text.size()) {
            i = j; // no white space after: "3.5", "U.S.-supplied", "example.com"
            continue;
        }
        if (k >= text.size()) {
            break;
        }
        const std::string_view gap = text.substr(j, k - j);
        if (const std::size_t nl = gap.find('\n');
            nl != std::string_view::npos &&
            (gap.find('\n', nl + 1) != std::string_view::npos || k > j + nl + 1)) {
            push(start, j); // a paragraph break after the period
            start = k;
            i = k;
            continue;
        }
        const char n = text[k];
        const bool lower_next = n >= 'a' && n <= 'z';
        bool ends = !lower_next;
        if (ends && c == '.' && j == i + 1) {
            ends = period_ends(text, i, k);
        }
        if (ends) {
            push(start, j);
            start = k;
        }
        i = k;
    }
    push(start, text.size());
    return out;
}

std::vector<Token> tokenize(std::string_view text, Span span) {
    std::vector<Token> out;
    std::size_t i = span.begin;
    const std::size_t end = std::min(span.end, text.size());
    bool space = true;
    const std::string_view s = text.substr(0, end);
    while (i < end) {
        std::size_t length = 0;
        if (space_at(s, i, &length)) {
            space = true;
            i += length;
            continue;
        }
        Token t;
        t.begin = i;
        t.space_before = space;
        space = false;
        if (ascii_digit(s[i])) {
            std::size_t j = i;
            while (j < end && ascii_digit(s[j])) {
                ++j;
            }
            while (j + 1 < end) {
                if (s[j] == ',' && j + 3 < end + 0 && ascii_digit(s[j + 1]) &&
                    ascii_digit(s[j + 2]) && ascii_digit(s[j + 3]) &&
                    (j + 4 >= end || !ascii_digit(s[j + 4]))) {
                    j += 4;
                } else if (s[j] == '.' && ascii_digit(s[j + 1])) {
                    j += 1;
                    while (j < end && ascii_digit(s[j])) {
                        ++j;
                    }
                } else {
                    break;
                }
            }
            t.kind = TokenKind::Number;
            t.end = j;
        } else if (letter_at(s, i)) {
            std::size_t j = i;
            std::size_t segment = i; // start of the current dot-separated segment
            while (j < end) {
                if (letter_at(s, j)) {
                    j += decode(s, j).length;
                    continue;
                }
                const std::size_t apostrophe = apostrophe_at(s, j);
                if (apostrophe != 0 && letter_at(s, j + apostrophe)) {
                    j += apostrophe;
                    continue;
                }
                if (s[j] == '-' && letter_at(s, j + 1)) {
                    ++j;
                    continue;
                }
                if (s[j] == '.' && j - segment == 1 && (letter_at(s, j + 1) || j > segment)) {
                    // "U.S.", "a.m.": single letters between dots, the last dot included
                    // when the word has an inner dot already.
                    const bool inner = letter_at(s, j + 1) && (j + 2 >= end || s[j + 2] == '.');
                    const bool trailing = s.substr(i, j - i).find('.') != std::string_view::npos;
                    if (inner) {
                        ++j;
                        segment = j;
                        continue;
                    }
                    if (trailing) {
                        ++j;
                    }
                }
                break;
            }
            t.kind = TokenKind::Word;
            t.end = j;
        } else {
            t.kind = TokenKind::Punct;
            t.end = i + decode(s, i).length;
        }
        t.text = s.substr(t.begin, t.end - t.begin);
        out.push_back(t);
        i = t.end;
    }
    return out;
}

std::string word_key(std::string_view word) {
    std::string w = folding::fold_case_and_accents(word);
    // Possessives: "troops'" and "Korea's" compare as "troops" and "korea".
    for (const std::string_view suffix :
         {std::string_view{"\u2019s"}, std::string_view{"\u2018s"}, std::string_view{"'s"}}) {
        if (w.size() > suffix.size() && w.ends_with(suffix)) {
            w.resize(w.size() - suffix.size());
        }
    }
    while (!w.empty() && (w.back() == '\'' || w.back() == '.')) {
        w.pop_back();
    }
    struct Pair {
        std::string_view from;
        std::string_view to;
    };
    static constexpr std::array irregular{Pair{"people", "person"},
                                          Pair{"men", "man"},
                                          Pair{"women", "woman"},
                                          Pair{"children", "child"},
                                          Pair{"feet", "foot"},
                                          Pair{"teeth", "tooth"},
                                          Pair{"mice", "mouse"},
                                          Pair{"geese", "goose"},
                                          Pair{"news", "news"},
                                          Pair{"series", "series"},
                                          Pair{"species", "species"},
                                          Pair{"means", "means"},
                                          Pair{"headquarters", "headquarters"},
                                          Pair{"lives", "life"},
                                          Pair{"wives", "wife"},
                                          Pair{"knives", "knife"},
                                          Pair{"halves", "half"},
                                          Pair{"thieves", "thief"},
                                          Pair{"leaves", "leaf"},
                                          Pair{"wolves", "wolf"},
                                          Pair{"crises", "crisis"},
                                          Pair{"analyses", "analysis"},
                                          Pair{"servicemen", "serviceman"},
                                          Pair{"policemen", "policeman"},
                                          Pair{"firemen", "fireman"},
                                          Pair{"gunmen", "gunman"}};
    bool done = false;
    for (const auto& p : irregular) {
        if (w == p.from) {
            w = p.to;
            done = true;
            break;
        }
    }
    if (!done && w.size() > 3) {
        if (w.ends_with("ies") && w.size() > 4) {
            w.replace(w.size() - 3, 3, "y");
        } else if (w.ends_with("sses") || w.ends_with("ches") || w.ends_with("shes") ||
                   w.ends_with("xes") || w.ends_with("zes")) {
            w.resize(w.size() - 2);
        } else if (w.back() == 's' && !w.ends_with("ss") && !w.ends_with("us") &&
                   !w.ends_with("is")) {
            w.pop_back();
        }
    }
    // Synonyms: only words that name the same thing in news text, and unit spellings.
    static constexpr std::array synonyms{
        Pair{"soldier", "troop"},    Pair{"kilometer", "kilometre"},
        Pair{"km", "kilometre"},     Pair{"meter", "metre"},
        Pair{"mi", "mile"},          Pair{"pct", "percent"},
        Pair{"%", "percent"},        Pair{"dlr", "dollar"},
        Pair{"dlrs", "dollar"},      Pair{"$", "dollar"},
        Pair{"stg", "pound"},        Pair{"£", "pound"},
        Pair{"€", "euro"},           Pair{"¥", "yen"},
        Pair{"ct", "cent"},          Pair{"cts", "cent"},
        Pair{"kg", "kilogram"},      Pair{"kilo", "kilogram"},
        Pair{"ton", "tonne"},        Pair{"bbl", "barrel"},
        Pair{"bpd", "barrel a day"}, Pair{"yr", "year"},
        Pair{"hr", "hour"},          Pair{"min", "minute"}};
    for (const auto& p : synonyms) {
        if (w == p.from) {
            return std::string(p.to);
        }
    }
    return w;
}

std::string phrase_key(std::string_view phrase) {
    static constexpr std::array determiners{"the",  "a",     "an",   "some", "these", "those",
                                            "its",  "their", "his",  "her",  "our",   "this",
                                            "that", "my",    "your", "such"};
    std::string out;
    bool leading = true;
    std::size_t i = 0;
    while (i < phrase.size()) {
        while (i < phrase.size() && phrase[i] == ' ') {
            ++i;
        }
        std::size_t e = i;
        while (e < phrase.size() && phrase[e] != ' ') {
            ++e;
        }
        if (e > i) {
            const std::string_view w = phrase.substr(i, e - i);
            if (!(leading && in(determiners, lower(w)))) {
                leading = false;
                if (!out.empty()) {
                    out += ' ';
                }
                out += word_key(w);
            }
        }
        i = e;
    }
    return out;
}

} // namespace news::searcher::claims::detail
