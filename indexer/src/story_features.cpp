/// @file
/// @brief Story features of an article: key terms (stemmed words, names, numbers) weighted by
/// where and how often they occur, and a MinHash signature of its 3-word shingles.
#include "story_features.hpp"

#include "news/common/analysis.hpp"
#include "news/common/folding.hpp"
#include "news/common/text.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

namespace news::indexer::stories {
namespace {

/// Only the start of a huge article is read: the features stay small and cheap whatever its size.
constexpr std::size_t max_text_bytes = std::size_t{32} << 10U;
/// Key terms kept per article.
constexpr std::size_t key_terms = 32;
/// Body words counted as the lead (weighted like a second title, a little less).
constexpr std::size_t lead_words = 60;
/// Body words key terms are taken from (the shingles cover the whole of max_text_bytes).
constexpr std::size_t key_term_words = 400;
constexpr double title_weight = 3.0;
constexpr double lead_weight = 2.0;
constexpr double name_boost = 2.0;
constexpr double number_boost = 1.5;
/// Local weights are stored as round(weight * weight_scale), 1..255.
constexpr double weight_scale = 20.0;
/// A title is in title case when this share of its words are capitalised: its capitals say
/// nothing about names then.
constexpr double title_case_share = 0.7;
constexpr std::uint8_t format_version = 1;
constexpr std::size_t shingle_words = 3;

std::uint64_t mix(std::uint64_t x) {
    // splitmix64's finaliser.
    x ^= x >> 30U;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27U;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31U;
    return x;
}

std::uint32_t hash32(std::string_view s) {
    const std::uint64_t h = text::fnv1a64(s);
    return static_cast<std::uint32_t>(h ^ (h >> 32U));
}

struct Token {
    std::string_view text;
    bool number = false;
    bool sentence_start = false;
};

/// The code point at @p i (of @p n bytes), or 0 when the bytes are not valid UTF-8.
char32_t code_point(std::string_view s, std::size_t i, std::size_t n) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    if (n == 2) {
        return ((byte(0) & 0x1FU) << 6U) | (byte(1) & 0x3FU);
    }
    if (n == 3) {
        return ((byte(0) & 0x0FU) << 12U) | ((byte(1) & 0x3FU) << 6U) | (byte(2) & 0x3FU);
    }
    if (n == 4) {
        return ((byte(0) & 0x07U) << 18U) | ((byte(1) & 0x3FU) << 12U) | ((byte(2) & 0x3FU) << 6U) |
               (byte(3) & 0x3FU);
    }
    return 0;
}

/// True for the code points that are part of words: letters and digits of any script, as far as
/// a byte-level test can tell (punctuation and symbols of Latin-1 and General Punctuation are
/// not).
bool is_word_code_point(char32_t c) {
    if (c < 0x80) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    if (c < 0xC0 || c == 0xD7 || c == 0xF7) {
        return false;
    }
    return !(c >= 0x2000 && c <= 0x2BFF) && !(c >= 0x3000 && c <= 0x303F) && c != 0xFEFF;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// Splits @p text into words and numbers ("10,000", "3.5" are one number each).
template <typename Visit> void tokenise(std::string_view text, Visit&& visit) {
    bool boundary = true;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        const std::size_t n = std::max<std::size_t>(1, text::utf8_sequence_length(text, i));
        const char32_t cp = n == 1 ? static_cast<unsigned char>(c) : code_point(text, i, n);
        if (!is_word_code_point(cp)) {
            if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' || c == ';') {
                boundary = true;
            }
            i += n;
            continue;
        }
        const std::size_t start = i;
        bool number = is_digit(c);
        while (i < text.size()) {
            const char d = text[i];
            const std::size_t m = std::max<std::size_t>(1, text::utf8_sequence_length(text, i));
            const char32_t cq = m == 1 ? static_cast<unsigned char>(d) : code_point(text, i, m);
            if (is_word_code_point(cq)) {
                if (!is_digit(d)) {
                    number = false;
                }
                i += m;
            } else if (number && (d == ',' || d == '.') && i + 1 < text.size() &&
                       is_digit(text[i + 1])) {
                ++i;
            } else {
                break;
            }
        }
        visit(Token{text.substr(start, i - start), number, boundary});
        boundary = false;
    }
}

std::string ascii_lower(std::string_view word) {
    std::string out(word);
    if (!folding::is_ascii(word)) {
        return folding::fold_case_and_accents(word);
    }
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

bool capitalised(std::string_view word) {
    return !word.empty() && word.front() >= 'A' && word.front() <= 'Z';
}

struct TermStats {
    double weight = 0;
    unsigned capitalised = 0; ///< inside a sentence, written with a capital
    unsigned lower = 0;       ///< written in lower case
    bool number = false;
};

const Xapian::Stem& stemmer() {
    thread_local const Xapian::Stem stem = analysis::make_stemmer("english");
    return stem;
}

/// True when most of @p title's content words are capitalised ("Lohan Checks Into Rehab").
bool title_case(std::string_view title) {
    std::size_t words = 0;
    std::size_t capitals = 0;
    tokenise(title, [&](const Token& token) {
        if (token.number || analysis::stopper()(ascii_lower(token.text))) {
            return;
        }
        ++words;
        capitals += capitalised(token.text) ? 1U : 0U;
    });
    return words >= 2 &&
           static_cast<double>(capitals) >= title_case_share * static_cast<double>(words);
}

void write_u32(std::string& out, std::uint32_t v) {
    for (unsigned k = 0; k < 4; ++k) {
        out += static_cast<char>((v >> (8U * k)) & 0xFFU);
    }
}

std::uint32_t read_u32(std::string_view in, std::size_t at) {
    std::uint32_t v = 0;
    for (unsigned k = 0; k < 4; ++k) {
        v |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[at + k])) << (8U * k);
    }
    return v;
}

constexpr std::size_t header_bytes = 2 + 4 + 4 + 8 + 4 * minhash_size + 1;
constexpr std::size_t term_bytes = 6;

} // namespace

std::int32_t days_from_civil(const Date& date) {
    // Howard Hinnant's days_from_civil.
    const int y = date.year - (date.month <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned m = date.month;
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + date.day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}

double minhash_similarity(const Features& a, const Features& b) {
    std::size_t equal = 0;
    for (std::size_t k = 0; k < minhash_size; ++k) {
        equal += a.minhash[k] == b.minhash[k] ? 1U : 0U;
    }
    return static_cast<double>(equal) / static_cast<double>(minhash_size);
}

double shingle_similarity(const Features& a, const Features& b) {
    return minhash_similarity(a, b);
}

std::shared_ptr<const Features> extract_features(const Article& article) {
    auto features = std::make_shared<Features>();
    if (article.date) {
        features->dated = true;
        features->day = days_from_civil(*article.date);
    }
    const std::string title = folding::fold_accents(text::utf8_prefix(article.title, 4096));
    const std::string body = folding::fold_accents(text::utf8_prefix(article.body, max_text_bytes));
    const bool ignore_title_capitals = title_case(title);

    std::map<std::string, TermStats, std::less<>> stats;
    // Every word, folded, for shingles and the digest: the body's alone, since a syndicated
    // copy often has a headline of its own; the title's only for an article without a body.
    std::vector<std::uint64_t> words;
    std::vector<std::uint64_t> title_words;
    const auto visit = [&](const Token& token, double weight, bool capitals_count, bool key_term,
                           std::vector<std::uint64_t>& into) {
        std::string lower = ascii_lower(token.text);
        into.push_back(text::fnv1a64(lower));
        if (!key_term) {
            return;
        }
        std::string key;
        if (token.number) {
            std::string digits;
            for (const char c : token.text) {
                if (is_digit(c)) {
                    digits += c;
                }
            }
            if (digits.size() < 2) {
                return;
            }
            key = "#" + digits;
        } else {
            if (lower.size() < 2 || analysis::stopper()(lower)) {
                return;
            }
            key = stemmer()(lower);
        }
        auto& entry = stats[key];
        entry.weight += weight;
        entry.number = token.number;
        if (!token.number && capitals_count) {
            if (!capitalised(token.text)) {
                ++entry.lower;
            } else if (!token.sentence_start) {
                ++entry.capitalised;
            }
        }
    };
    tokenise(title, [&](const Token& token) {
        visit(token, title_weight, !ignore_title_capitals, true, title_words);
    });
    std::size_t body_words = 0;
    tokenise(body, [&](const Token& token) {
        visit(token, body_words < lead_words ? lead_weight : 1.0, true, body_words < key_term_words,
              words);
        ++body_words;
    });
    if (words.size() < shingle_words) {
        words.insert(words.begin(), title_words.begin(), title_words.end());
    }

    std::uint64_t digest = 0xcbf29ce484222325ULL;
    for (const std::uint64_t w : words) {
        digest = mix(digest ^ w);
    }
    features->text_digest = digest;
    features->minhash.fill(UINT32_MAX);
    if (words.size() >= shingle_words) {
        const std::size_t shingles = words.size() - shingle_words + 1;
        features->shingles =
            static_cast<std::uint32_t>(std::min<std::size_t>(shingles, UINT32_MAX));
        for (std::size_t i = 0; i < shingles; ++i) {
            const std::uint64_t shingle = mix(words[i] ^ mix(words[i + 1] ^ mix(words[i + 2])));
            for (std::size_t k = 0; k < minhash_size; ++k) {
                const auto h =
                    static_cast<std::uint32_t>(mix(shingle + 0x9e3779b97f4a7c15ULL * (k + 1)));
                features->minhash[k] = std::min(features->minhash[k], h);
            }
        }
    }

    struct Scored {
        double weight;
        KeyTerm term;
    };
    std::vector<Scored> scored;
    scored.reserve(stats.size());
    for (const auto& [key, entry] : stats) {
        TermKind kind = TermKind::Word;
        double boost = 1.0;
        if (entry.number) {
            kind = TermKind::Number;
            boost = number_boost;
        } else if (entry.capitalised > 0 && entry.lower == 0) {
            kind = TermKind::Name;
            boost = name_boost;
        }
        // Stored without the boost (the clusterer weighs kinds by its parameters); chosen with it.
        const double weight = 1.0 + std::log(entry.weight);
        const auto quantised =
            static_cast<std::uint8_t>(std::clamp(std::lround(weight * weight_scale), 1L, 255L));
        scored.push_back({weight * boost, KeyTerm{hash32(key), quantised, kind}});
    }
    std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.term.hash < b.term.hash;
    });
    for (const auto& s : scored) {
        if (features->terms.size() == key_terms) {
            break;
        }
        // Two keys with one 32-bit hash: the first (heavier) stands for both.
        if (std::none_of(features->terms.begin(), features->terms.end(),
                         [&](const KeyTerm& t) { return t.hash == s.term.hash; })) {
            features->terms.push_back(s.term);
        }
    }
    std::sort(features->terms.begin(), features->terms.end(),
              [](const KeyTerm& a, const KeyTerm& b) { return a.hash < b.hash; });
    return features;
}

std::string serialise(const Features& features) {
    std::string out;
    out.reserve(header_bytes + term_bytes * features.terms.size());
    out += static_cast<char>(format_version);
    out += static_cast<char>(features.dated ? 1 : 0);
    write_u32(out, static_cast<std::uint32_t>(features.day));
    write_u32(out, features.shingles);
    write_u32(out, static_cast<std::uint32_t>(features.text_digest));
    write_u32(out, static_cast<std::uint32_t>(features.text_digest >> 32U));
    for (const std::uint32_t m : features.minhash) {
        write_u32(out, m);
    }
    out += static_cast<char>(features.terms.size());
    for (const auto& term : features.terms) {
        write_u32(out, term.hash);
        out += static_cast<char>(term.weight);
        out += static_cast<char>(term.kind);
    }
    return out;
}

std::shared_ptr<const Features> unserialise(std::string_view stored) {
    if (stored.size() < header_bytes || static_cast<std::uint8_t>(stored[0]) != format_version) {
        return nullptr;
    }
    const auto flags = static_cast<std::uint8_t>(stored[1]);
    const auto count = static_cast<std::uint8_t>(stored[header_bytes - 1]);
    if (flags > 1 || count > key_terms || stored.size() != header_bytes + term_bytes * count) {
        return nullptr;
    }
    auto features = std::make_shared<Features>();
    features->dated = flags == 1;
    features->day = static_cast<std::int32_t>(read_u32(stored, 2));
    features->shingles = read_u32(stored, 6);
    features->text_digest =
        read_u32(stored, 10) | (static_cast<std::uint64_t>(read_u32(stored, 14)) << 32U);
    for (std::size_t k = 0; k < minhash_size; ++k) {
        features->minhash[k] = read_u32(stored, 18 + 4 * k);
    }
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t at = header_bytes + term_bytes * i;
        KeyTerm term{read_u32(stored, at), static_cast<std::uint8_t>(stored[at + 4]),
                     static_cast<TermKind>(static_cast<std::uint8_t>(stored[at + 5]))};
        const auto kind = static_cast<std::uint8_t>(term.kind);
        if (term.weight == 0 || kind > 2 ||
            (!features->terms.empty() && features->terms.back().hash >= term.hash)) {
            return nullptr;
        }
        features->terms.push_back(term);
    }
    if (!features->dated && features->day != 0) {
        return nullptr;
    }
    return features;
}

} // namespace news::indexer::stories
