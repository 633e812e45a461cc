/// @file
/// @brief Text analysis shared by indexing and querying: one stemmer, one set of settings.
///
/// The TermGenerator and the QueryParser must agree on stemming, or stemmed query terms miss
/// the indexed ones. Both are configured here, from the same stemmer.
#pragma once

#include <xapian.h>

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

/// A TermGenerator indexing stemmed and unstemmed terms with positions.
[[nodiscard]] Xapian::TermGenerator make_term_generator(const Xapian::Stem& stemmer);

/// A QueryParser that matches make_term_generator(): same stemmer and strategy, the field
/// prefixes of the schema, the date: range on the Published slot, and stop words dropped
/// outside phrases. @p db serves wildcard expansion and must outlive the parser.
[[nodiscard]] Xapian::QueryParser make_query_parser(const Xapian::Database& db,
                                                    const Xapian::Stem& stemmer);

/// The stop words the query parser drops (Lucene's English set, for comparable queries).
[[nodiscard]] const Xapian::Stopper& stopper();

} // namespace news::analysis
