/// @file
/// @brief Text analysis shared by indexing and querying: one stemmer, one set of settings.
///
/// The TermGenerator and the QueryParser must agree on stemming and folding, or query terms miss
/// the indexed ones. Both are configured here, from the same stemmer.
///
/// Every word is indexed twice: its stem, prefixed with `Z`, with positions (what queries,
/// phrases and NEAR match, whatever the word's case: Xapian's STEM_ALL_Z), and the word itself
/// without positions (what `missil*` wildcards and `exact:` match). Texts and queries are
/// accent-folded first (folding.hpp).
#pragma once

#include <xapian.h>

#include <set>
#include <string>
#include <string_view>

namespace news::analysis {

/// wdf added for each title word in the unprefixed (all-fields) text, against 1 for body words:
/// the title boost in BM25 ranking.
constexpr Xapian::termcount title_wdf_boost = 3;

/// The Snowball stemmer for @p language ("english", "german", ...).
/// @throws news::Error (Usage) for a language Xapian has no stemmer for.
[[nodiscard]] Xapian::Stem make_stemmer(std::string_view language);

/// The canonical name of the stemmer for @p language ("en" and "english" both give "english").
/// @throws news::Error (Usage) for a language Xapian has no stemmer for.
[[nodiscard]] std::string canonical_stemmer_name(std::string_view language);

/// A TermGenerator that puts words, unstemmed and with positions, in a scratch document; then
/// add_search_terms() turns them into the terms a database stores. Give it accent-folded text.
[[nodiscard]] Xapian::TermGenerator make_word_generator();

/// Adds to @p doc the terms for the words a make_word_generator() generator put in @p words:
/// each word (with its field prefix) without positions, and `Z` + prefix + its stem with the
/// positions of every word that shares the stem. The wdf of each is the sum of its words'.
void add_search_terms(const Xapian::Document& words, Xapian::Document& doc,
                      const Xapian::Stem& stemmer);

/// The field name of the exact-form search: `exact:Organization` matches that word, not the
/// other words with its stem ("organ").
constexpr std::string_view exact_field = "exact";

/// A QueryParser that matches what add_search_terms() stores: every word stemmed (STEM_ALL_Z),
/// the field prefixes of the schema, `exact:`, the date: range on the Published slot, and stop
/// words dropped outside phrases. @p db serves wildcard expansion and must outlive the parser.
/// Give it accent-folded text.
[[nodiscard]] Xapian::QueryParser make_query_parser(const Xapian::Database& db,
                                                    const Xapian::Stem& stemmer);

/// The stop words the query parser drops outside phrases: Snowball's English list (127 words,
/// Lucene's 33 among them).
[[nodiscard]] const Xapian::Stopper& stopper();

/// stopper() for one query, except the stop words it types in capitals: `WHO`, `IT` and `US`
/// are acronyms there, and searched (`who`, `it` and `us` are not). Operators do not count.
class QueryStopper : public Xapian::Stopper {
public:
    explicit QueryStopper(std::string_view query);
    bool operator()(const std::string& word) const override;

private:
    std::set<std::string> m_kept; ///< the capitalised stop words, lower-cased
};

} // namespace news::analysis
