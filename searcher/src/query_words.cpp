/// @file
/// @brief Matching text words against a query's terms.
#include "query_words.hpp"

#include "news/common/folding.hpp"

#include <array>

namespace news::searcher {
namespace {

bool is_field_prefixed(const std::string& term) {
    return !term.empty() && term.front() >= 'A' && term.front() <= 'Z';
}

// A wildcard's pattern: Xapian 1.4 offers no accessor, but describes it as
// "Query(WILDCARD <op> <pattern>)".
std::string wildcard_pattern(const Xapian::Query& wildcard) {
    std::string description = wildcard.get_description();
    if (!description.empty() && description.back() == ')') {
        description.pop_back();
    }
    const std::size_t space = description.rfind(' ');
    return space == std::string::npos ? std::string{} : description.substr(space + 1);
}

// The query's leaves: visit(term, phrase) for each term (with the index of its phrase, or -1),
// wildcard(pattern) for each wildcard.
struct Leaves {
    std::vector<std::pair<std::string, int>> terms;
    std::vector<std::string> aliases; ///< alias group terms (unprefixed: body text)
    std::vector<std::string> wildcards;
    int phrases = 0;
};

void collect_leaves(const Xapian::Query& query, int phrase, Leaves& leaves) {
    const auto type = query.get_type();
    if (type == Xapian::Query::OP_WILDCARD) {
        leaves.wildcards.push_back(wildcard_pattern(query));
        return;
    }
    if (type == Xapian::Query::LEAF_TERM) {
        if (query.get_terms_begin() == query.get_terms_end()) {
            return;
        }
        const std::string term = *query.get_terms_begin();
        if (term.compare(0, aliases::term_prefix.size(), aliases::term_prefix) == 0) {
            leaves.aliases.push_back(term);
        } else {
            leaves.terms.emplace_back(term, phrase);
        }
        return;
    }
    if (type == Xapian::Query::OP_PHRASE && phrase < 0) {
        // A phrase with an alias form in it (the query builder's rewrite): its alias shows
        // where the article has the form; its other words show through the user's own phrase.
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
            const Xapian::Query child = query.get_subquery(i);
            if (child.get_type() == Xapian::Query::LEAF_TERM &&
                child.get_terms_begin() != child.get_terms_end() &&
                (*child.get_terms_begin())
                        .compare(0, aliases::term_prefix.size(), aliases::term_prefix) == 0) {
                leaves.aliases.push_back(*child.get_terms_begin());
                return;
            }
        }
        phrase = leaves.phrases++;
    }
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        collect_leaves(query.get_subquery(i), phrase, leaves);
    }
}

// Whether @p stemmer's stem of a lower-case word always starts with the word's first byte, so
// that a word whose first byte starts no query term can match none. True of the English
// stemmers, which change only endings (Porter2's exceptions: "skies" -> "sky", "dying" ->
// "die"), and of no stemming; other languages are not assumed to be like them.
bool keeps_first_byte(const Xapian::Stem& stemmer) {
    const std::string description = stemmer.get_description();
    return description == "Xapian::Stem(english)" || description == "Xapian::Stem(porter)" ||
           description == "Xapian::Stem(none)";
}

// Whether, more strictly, every stem of two bytes or more starts with the word's first two
// bytes: true of Porter2 (`english`) but for its "dying", "lying", "tying" -> "die", "lie",
// "tie" (note_start allows for them), checked on the 432,897 distinct words of Reuters, BBC
// News and FakeNewsNet; not of the original Porter ("ay" -> "ai").
bool keeps_first_pair(const Xapian::Stem& stemmer) {
    const std::string description = stemmer.get_description();
    return description == "Xapian::Stem(english)" || description == "Xapian::Stem(none)";
}

} // namespace

QueryWords::QueryWords(const Xapian::Query& query, const Xapian::Stem& stemmer)
    : m_stemmer(stemmer), m_first_byte_filter(keeps_first_byte(stemmer)),
      m_pair_filter(keeps_first_pair(stemmer)), m_first_pairs(pair_index(255, 255) + 1) {
    Leaves leaves;
    collect_leaves(query, -1, leaves);
    m_phrases.resize(static_cast<std::size_t>(leaves.phrases));
    const auto add = [this](std::unordered_map<std::string, std::size_t>& ids,
                            const std::string& key) {
        const auto [it, added] = ids.emplace(key, m_term_count);
        if (added) {
            ++m_term_count;
            m_phrase_only.push_back(true);
            m_probes.push_back(key);
        }
        return it->second;
    };
    for (const auto& [term, phrase] : leaves.terms) {
        std::optional<std::size_t> id;
        if (term.size() > 1 && term.front() == 'Z' && !is_field_prefixed(term.substr(1))) {
            id = add(m_stems, term.substr(1));
            note_start(std::string_view(term).substr(1), /*stem=*/true);
        } else if (!term.empty() && !is_field_prefixed(term)) {
            id = add(m_exact, term);
            note_start(term, /*stem=*/false);
        }
        if (id && phrase >= 0) {
            m_phrases[static_cast<std::size_t>(phrase)].push_back(*id);
        } else if (id) {
            m_phrase_only[*id] = false;
        }
    }
    std::string groups;
    for (const auto& term : leaves.aliases) {
        groups += term.substr(aliases::term_prefix.size()) + '\n';
    }
    try {
        m_aliases = aliases::AliasSet::parse(groups, "query");
    } catch (const std::exception&) {
        m_aliases = {}; // a term no set could hold: nothing to show
    }
    for (const auto& group : m_aliases.groups()) {
        m_alias_ids.push_back(m_term_count++);
        m_phrase_only.push_back(false);
        for (const auto& form : group.forms) {
            m_probes.push_back(form.words.front().lower);
        }
    }
    for (const auto& pattern : leaves.wildcards) {
        if (!pattern.empty() && !is_field_prefixed(pattern)) {
            m_wildcards.emplace_back(pattern, m_term_count++);
            note_start(pattern, /*stem=*/false);
            m_phrase_only.push_back(false);
            m_probes.push_back(pattern);
        }
    }
}

void QueryWords::note_start(std::string_view key, bool stem) {
    const auto first = static_cast<unsigned char>(key[0]);
    m_first_bytes[first] = true;
    if (key.size() == 1) {
        m_any_second[first] = true;
        return;
    }
    const auto second = static_cast<unsigned char>(key[1]);
    m_first_pairs[pair_index(first, second)] = true;
    // Porter2's exceptions that change the second byte: "dying" is "die".
    if (stem && (key == "die" || key == "lie" || key == "tie")) {
        m_first_pairs[pair_index(first, 'y')] = true;
    }
}

bool QueryWords::in_whole_phrase(const std::vector<WordMatch>& matched, std::size_t at) const {
    const auto [word, term] = matched[at];
    for (const auto& phrase : m_phrases) {
        for (std::size_t j = 0; j < phrase.size(); ++j) {
            // The phrase's words are matches too, so they are the entries around this one, for
            // consecutive words.
            if (phrase[j] != term || at < j || at - j + phrase.size() > matched.size()) {
                continue;
            }
            bool whole = true;
            for (std::size_t k = 0; k < phrase.size() && whole; ++k) {
                const WordMatch& other = matched[at - j + k];
                whole = other.word + j == word + k && other.term == phrase[k];
            }
            if (whole) {
                return true;
            }
        }
    }
    return false;
}

std::optional<std::size_t> QueryWords::match(std::string_view word) {
    if (cannot_match(word)) {
        return std::nullopt;
    }
    // Lower-cased and accent-folded, as the indexer saw it.
    std::string key = folding::fold_case_and_accents(word);
    if (const auto seen = m_seen.find(key); seen != m_seen.end()) {
        return seen->second;
    }
    std::optional<std::size_t> found;
    if (const auto exact = m_exact.find(key); exact != m_exact.end()) {
        found = exact->second;
    }
    for (const auto& [pattern, id] : m_wildcards) {
        if (!found && key.compare(0, pattern.size(), pattern) == 0) {
            found = id;
        }
    }
    if (!found && !m_stems.empty() &&
        (!m_first_byte_filter || m_first_bytes[static_cast<unsigned char>(key[0])])) {
        if (const auto stem = m_stems.find(m_stemmer(key)); stem != m_stems.end()) {
            found = stem->second;
        }
    }
    m_seen.emplace(std::move(key), found);
    return found;
}

std::vector<QueryWords::AliasWord> QueryWords::alias_words(std::string_view text) const {
    std::vector<AliasWord> out;
    if (m_aliases.empty()) {
        return out;
    }
    for (const auto& found : m_aliases.find(text, aliases::Mode::Text)) {
        out.push_back({found.begin, found.end, m_alias_ids[found.group]});
    }
    return out;
}

} // namespace news::searcher
