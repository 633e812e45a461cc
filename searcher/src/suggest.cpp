/// @file
/// @brief Spelling suggestions and near filter values.
#include "news/searcher/suggest.hpp"

#include "news/common/analysis.hpp"
#include "news/common/folding.hpp"
#include "news/common/schema.hpp"
#include "news/common/text.hpp"

#include "query_words.hpp"
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace news::searcher {
namespace {

bool is_operator(std::string_view word) {
    return word == "AND" || word == "OR" || word == "NOT" || word == "XOR" ||
           word.substr(0, 4) == "NEAR" || word.substr(0, 3) == "ADJ";
}

std::string lower_folded(std::string_view word) {
    std::string out = folding::fold_accents(std::string(word));
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool has_digit(std::string_view word) {
    return std::any_of(word.begin(), word.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

// Whether @p a and @p b differ only by two adjacent letters swapped (kardashain, kardashian).
bool is_adjacent_swap(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    std::size_t k = 0;
    while (k < a.size() && a[k] == b[k]) {
        ++k;
    }
    return k + 1 < a.size() && a[k] == b[k + 1] && a[k + 1] == b[k] &&
           a.substr(k + 2) == b.substr(k + 2);
}

// The spelling dictionary read in byte order with one cursor, moved forward only: looking up
// words in ascending order costs a short seek each, where a fresh cursor per word costs a walk
// from the B-tree's root.
class DictionaryWalk {
public:
    explicit DictionaryWalk(const Xapian::Database& db)
        : m_it(db.spellings_begin()), m_end(db.spellings_end()) {}

    // Moves to the first word at or after @p word; false past the last word.
    bool seek(const std::string& word) {
        if (m_it != m_end && *m_it < word) {
            m_it.skip_to(word);
        }
        return m_it != m_end;
    }
    // Whether the dictionary holds @p word, which must not come before the last word sought.
    bool holds(const std::string& word) { return seek(word) && *m_it == word; }
    [[nodiscard]] std::string word() const { return *m_it; }
    void next() { ++m_it; }
    [[nodiscard]] bool done() const { return m_it == m_end; }

private:
    Xapian::TermIterator m_it;
    Xapian::TermIterator m_end;
};

// The dictionary words that start with @p word's first byte, differ from it, and are two adjacent
// bytes of it swapped or, with @p one_edit_too, one edit from it (a byte changed, added or
// dropped), in byte order. Found without reading all the words of that letter (a tenth of a
// millisecond on a large dictionary): a swap is looked up; of the one-edit words, those sharing
// the first two bytes are read in order, and the others can only be the word with its second
// byte changed, a byte added before it, it dropped, or it swapped with the third: looked up under
// each second byte the dictionary has.
std::vector<std::string> near_in_dictionary(const Xapian::Database& db, const std::string& word,
                                            bool one_edit_too) {
    std::vector<std::string> near;
    DictionaryWalk walk(db);
    const auto look_up_all = [&](std::vector<std::string> candidates) {
        std::sort(candidates.begin(), candidates.end());
        candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
        for (const auto& candidate : candidates) {
            if (candidate != word && walk.holds(candidate)) {
                near.push_back(candidate);
            }
        }
    };
    const auto swapped = [&](std::size_t k) {
        std::string out = word;
        std::swap(out[k], out[k + 1]);
        return out;
    };
    if (!one_edit_too) {
        // A swap of the first two bytes changes the first letter (or nothing).
        std::vector<std::string> swaps;
        for (std::size_t k = 1; k + 1 < word.size(); ++k) {
            swaps.push_back(swapped(k));
        }
        look_up_all(swaps);
        return near;
    }
    const std::string first = word.substr(0, 1);
    walk.seek(first);
    while (!walk.done()) {
        const std::string at = walk.word();
        if (at.compare(0, 1, first) != 0) {
            break;
        }
        if (at.size() < 2) {
            walk.next();
            continue;
        }
        const char second = at[1];
        if (second == word[1]) {
            // The same first two bytes: every such word, checked.
            for (; !walk.done(); walk.next()) {
                const std::string candidate = walk.word();
                if (candidate.compare(0, 2, word, 0, 2) != 0) {
                    break;
                }
                if (candidate != word && within_one_edit(candidate, word)) {
                    near.push_back(candidate);
                }
            }
        } else {
            std::vector<std::string> candidates{first + second + word.substr(2),  // changed
                                                first + second + word.substr(1)}; // added
            if (second == word[2]) {
                candidates.push_back(first + word.substr(2)); // dropped
                candidates.push_back(swapped(1));
            }
            look_up_all(candidates);
        }
        if (static_cast<unsigned char>(second) == 0xFF) {
            break;
        }
        walk.seek(first + static_cast<char>(static_cast<unsigned char>(second) + 1));
    }
    return near;
}

// The suggestion for @p word, which the dictionary holds and @p freq articles have (Xapian's own
// suggester skips a word its dictionary holds, rare or not). A rare word the corpus holds is
// most often a correct one (a name, a rare form: trays, plato, albright), and one letter changed,
// added or dropped very often makes another real word; two adjacent letters swapped seldom
// does. So: the most frequent dictionary word (ties: the first in byte order) starting with the
// same letter that is
// - two adjacent letters swapped (5 letters or more), in suggestion_ratio times the articles;
// - or, for a word of 8 letters or more in at most 3 articles, one letter changed, added or
//   dropped (goverment, dissappointing), in 5 x suggestion_ratio times the articles.
std::string nearest_in_dictionary(const Xapian::Database& db, const std::string& word,
                                  Xapian::doccount freq) {
    if (word.size() < 5) {
        return {};
    }
    const bool one_edit_too = word.size() >= 8 && freq <= 3;
    std::string best;
    Xapian::doccount best_freq = 0;
    for (const auto& candidate : near_in_dictionary(db, word, one_edit_too)) {
        const bool swap = is_adjacent_swap(candidate, word);
        const Xapian::doccount candidate_freq = db.get_termfreq(candidate);
        const Xapian::doccount needed = (swap ? 1 : 5) * suggestion_ratio * freq;
        if (candidate_freq >= needed &&
            (candidate_freq > best_freq || (candidate_freq == best_freq && candidate < best))) {
            best = candidate;
            best_freq = candidate_freq;
        }
    }
    return best;
}

// The suggestion for one typed word (folded, lower case), or empty.
std::string suggest_word(const Xapian::Database& db, const Xapian::Stem& stemmer,
                         const std::string& word) {
    // The articles the word finds: its stem's (felman finds Felman's), at least its own. The
    // stem is looked up last: Xapian's table keeps the B-tree blocks of its last lookup, which
    // are those the search then reads the stem's posting list from.
    const Xapian::doccount own = db.get_termfreq(word);
    const Xapian::doccount freq = std::max(own, db.get_termfreq("Z" + stemmer(word)));
    if (freq > rare_word_limit) {
        return {};
    }
    std::string candidate =
        freq == 0 ? db.get_spelling_suggestion(word, 2) : nearest_in_dictionary(db, word, freq);
    if (candidate.empty() || candidate == word || stemmer(candidate) == stemmer(word)) {
        return {};
    }
    // A word no article has: any article the suggestion finds beats none (a small database
    // has no word in ten articles).
    const Xapian::doccount needed = freq == 0 ? 1 : suggestion_ratio * freq;
    if (db.get_termfreq(candidate) < needed) {
        return {};
    }
    return candidate;
}

} // namespace

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
    // Three rows of the dynamic programme: two back for the swap of adjacent bytes.
    std::vector<std::size_t> before(b.size() + 1);
    std::vector<std::size_t> previous(b.size() + 1);
    std::vector<std::size_t> current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        previous[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        std::size_t row_min = current[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                current[j] = std::min(current[j], before[j - 2] + 1);
            }
            row_min = std::min(row_min, current[j]);
        }
        if (row_min > limit) {
            return limit + 1;
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return std::min(previous[b.size()], limit + 1);
}

bool within_one_edit(std::string_view a, std::string_view b) noexcept {
    if (a.size() > b.size()) {
        std::swap(a, b);
    }
    if (b.size() - a.size() > 1) {
        return false;
    }
    std::size_t k = 0; // the first byte where they differ
    while (k < a.size() && a[k] == b[k]) {
        ++k;
    }
    if (k == a.size()) {
        return true; // equal, or b is a with one byte added at the end
    }
    if (a.size() < b.size()) {
        return a.substr(k) == b.substr(k + 1); // b has a byte added at k
    }
    return a.substr(k + 1) == b.substr(k + 1) || is_adjacent_swap(a, b); // a byte changed
}

std::optional<Suggestion> suggest_spelling(const Xapian::Database& db, const Xapian::Stem& stemmer,
                                           std::string_view text) {
    Suggestion suggestion;
    std::size_t copied = 0; // bytes of text already in suggestion.text
    for (const auto& [begin, end] : words_of(text)) {
        const std::string_view typed = text.substr(begin, end - begin);
        const char next = end < text.size() ? text[end] : ' ';
        if (next == ':' || next == '*' || is_operator(typed) || has_digit(typed)) {
            continue;
        }
        const std::string word = lower_folded(typed);
        if (word.size() < 4 || analysis::stopper()(word)) {
            continue;
        }
        const std::string suggested = suggest_word(db, stemmer, word);
        if (suggested.empty()) {
            continue;
        }
        suggestion.text += text.substr(copied, begin - copied);
        suggestion.text += suggested;
        copied = end;
        suggestion.words.emplace_back(std::string(typed), suggested);
    }
    if (suggestion.words.empty()) {
        return std::nullopt;
    }
    suggestion.text += text.substr(copied);
    return suggestion;
}

std::vector<std::string>
missing_filter_values(const Xapian::Database& db,
                      const std::vector<std::pair<std::string, std::string>>& filters) {
    std::vector<std::string> notes;
    for (const auto& [name, value] : filters) {
        const schema::FacetField* field = schema::find_facet(name);
        if (field == nullptr || db.term_exists(schema::filter_term(*field, value))) {
            continue;
        }
        // The facet's values, folded as their terms are: the most frequent that holds the typed
        // value (cnn -> cnn.com), else the nearest within edit distance 2.
        const std::string prefix(field->filter_prefix);
        const std::string wanted = schema::fold_value(value);
        std::string holding;
        Xapian::doccount holding_freq = 0;
        std::string nearest;
        std::size_t nearest_distance = 3;
        std::size_t seen = 0;
        constexpr std::size_t max_values = 200000; // bounds the time on huge facets
        for (auto it = db.allterms_begin(prefix);
             it != db.allterms_end(prefix) && seen < max_values; ++it, ++seen) {
            const std::string candidate = (*it).substr(prefix.size());
            if (!wanted.empty() && candidate.find(wanted) != std::string::npos) {
                if (it.get_termfreq() > holding_freq) {
                    holding = candidate;
                    holding_freq = it.get_termfreq();
                }
                continue;
            }
            const std::size_t distance = edit_distance(candidate, wanted, 2);
            if (distance < nearest_distance) {
                nearest = candidate;
                nearest_distance = distance;
            }
        }
        const std::string& near = holding.empty() ? nearest : holding;
        notes.push_back(near.empty() ? fmt::format("no article has {} '{}'", name, value)
                                     : fmt::format("no article has {} '{}'; did you mean '{}'?",
                                                   name, value, near));
    }
    return notes;
}

std::string describe_suggestion(const Suggestion& suggestion) {
    return fmt::format("Did you mean '{}' ({} {})?", text::printable(suggestion.text),
                       group_thousands(suggestion.total),
                       suggestion.total == 1 ? "article" : "articles");
}

std::string group_thousands(std::size_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t k = 0; k < digits.size(); ++k) {
        if (k > 0 && (digits.size() - k) % 3 == 0) {
            out += ',';
        }
        out += digits[k];
    }
    return out;
}

} // namespace news::searcher
