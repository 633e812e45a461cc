/// @file
/// @brief Which words of a text a query matches, the way the index matched them: folded,
/// lower-cased, stemmed.
#pragma once

#include "news/common/aliases.hpp"

#include "word_split.hpp"
#include <xapian.h>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace news::searcher {

/// Matches the words of a hit's text against a query's free-text terms: its stems (`Z`), its
/// exact words (`exact:`) and its wildcards (`missil*`). Field-prefixed terms (title:, source:)
/// and filters are left out: they do not match body text.
class QueryWords {
public:
    QueryWords(const Xapian::Query& query, const Xapian::Stem& stemmer);

    /// Which query term the text word @p word (as written, any case or accents) matches: an id
    /// from 0 to term_count() - 1, the same for every word that matches the same term.
    [[nodiscard]] std::optional<std::size_t> match(std::string_view word);

    /// Whether @p word (as written) matches no term for certain, without folding or stemming
    /// it: its first byte, or two, start no query term. match() gives nullopt for such a word.
    [[nodiscard]] bool cannot_match(std::string_view word) const {
        if (!m_first_byte_filter || word.empty() || !is_ascii(word[0])) {
            return false;
        }
        const auto first = ascii_lower(word[0]);
        if (!m_first_bytes[first]) {
            return true;
        }
        // A folded word's first two bytes are the word's own, in lower case, when both are
        // ASCII.
        if (!m_pair_filter || m_any_second[first] || word.size() < 2 || !is_ascii(word[1])) {
            return false;
        }
        return !m_first_pairs[pair_index(first, ascii_lower(word[1]))];
    }

    /// How many distinct terms match() can return.
    [[nodiscard]] std::size_t term_count() const { return m_term_count; }

    /// A word of a text that matched a term: its index among the text's words, and the term.
    struct WordMatch {
        std::size_t word;
        std::size_t term;
    };

    /// Whether @p matched[@p at] counts as a match, @p matched being the words of a text that
    /// matched a term, in text order: a term the query uses only inside phrases counts only where
    /// the whole phrase is.
    [[nodiscard]] bool counts(const std::vector<WordMatch>& matched, std::size_t at) const {
        // Inline: it is asked of every matching word of every snippet.
        return !m_phrase_only[matched[at].term] || in_whole_phrase(matched, at);
    }

    /// The words of @p text that are forms of the query's alias groups (the groups whose terms
    /// the query holds, aliases::term_prefix), each form one match: its [begin, end) byte
    /// offsets and term id. Forms match as the indexer matched them
    /// (aliases::Mode::Text), so the article's own form is highlighted, whichever it is.
    struct AliasWord {
        std::size_t begin;
        std::size_t end;
        std::size_t term;
    };
    [[nodiscard]] std::vector<AliasWord> alias_words(std::string_view text) const;

    /// Lower-case ASCII starts of the matching words, to look for with a plain search in long
    /// texts ("missil" for missiles); may miss words with accents.
    [[nodiscard]] const std::vector<std::string>& probes() const { return m_probes; }

private:
    Xapian::Stem m_stemmer;
    bool m_first_byte_filter;              ///< the stemmer keeps first bytes (keeps_first_byte)
    std::array<bool, 256> m_first_bytes{}; ///< the first bytes of its stems, words, patterns
    bool m_pair_filter;                    ///< the stemmer keeps first pairs (keeps_first_pair)
    std::vector<bool> m_first_pairs;       ///< by 256 * first byte + second: their first pairs
    std::array<bool, 256> m_any_second{};  ///< first bytes of one-byte stems, words, patterns

    /// Whether the word of @p matched[@p at] is inside one of the query's phrases whole (see
    /// counts()).
    [[nodiscard]] bool in_whole_phrase(const std::vector<WordMatch>& matched, std::size_t at) const;
    /// Notes the first bytes of a stem, word or pattern @p key for the filters of match().
    void note_start(std::string_view key, bool stem);
    static bool is_ascii(char c) { return static_cast<unsigned char>(c) < 0x80; }
    static unsigned char ascii_lower(char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 'A' && byte <= 'Z' ? static_cast<unsigned char>(byte - 'A' + 'a') : byte;
    }
    static std::size_t pair_index(unsigned char first, unsigned char second) {
        constexpr std::size_t bytes = 256;
        return bytes * first + second;
    }
    std::unordered_map<std::string, std::size_t> m_stems;
    std::unordered_map<std::string, std::size_t> m_exact;
    std::vector<std::pair<std::string, std::size_t>> m_wildcards;
    std::unordered_map<std::string, std::optional<std::size_t>> m_seen; ///< folded word -> match
    std::size_t m_term_count = 0;
    std::vector<std::vector<std::size_t>> m_phrases; ///< the stems of each phrase, in order
    std::vector<bool> m_phrase_only;                 ///< by term: only ever inside a phrase
    std::vector<std::string> m_probes;
    aliases::AliasSet m_aliases;          ///< the query's alias groups
    std::vector<std::size_t> m_alias_ids; ///< by group of m_aliases: its term id
};

} // namespace news::searcher
