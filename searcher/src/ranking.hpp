/// @file
/// @brief Relevance ranking: the weighting scheme, the title boost and query expansion.
///
/// Chosen on seven classic test collections as a whole (`news-bench quality`, bench/README.md);
/// none of them changes which articles match, only their order.
#pragma once

#include "news/common/doc_lengths.hpp"
#include "news/searcher/day_column.hpp"
#include "news/searcher/search.hpp"

#include <xapian.h>

#include <memory>

namespace news::searcher::ranking {

/// IneB2's c: how strongly the frequencies are normalised for document length.
inline constexpr double ineb2_c = 1.0;

/// Divergence from randomness, IneB2 with c = 1: on the test collections it ranked better than
/// BM25 (Lucene's k1 1.2, b 0.75) on six of seven.
[[nodiscard]] const Xapian::Weight& weighting_scheme();

/// The database's document lengths (its doc-lengths side file), for the ranking to read instead
/// of Xapian's length list; null where there are none to use (remote or several shards, a stale
/// or missing file): Xapian's are read, for the same weights.
using Lengths = std::shared_ptr<const doc_lengths::Lengths>;

/// What the ranking may read from the database's side files instead of Xapian's own data, for
/// the same order: where a part is missing (remote or several shards, a stale or missing file),
/// Xapian's is read.
struct SideData {
    Lengths lengths; ///< the document lengths, for IneB2
    /// The articles' days, for the keys of `--sort date` and `--sort oldest` instead of the
    /// PublishedSort value slot.
    const DayColumn* days = nullptr;
};

/// @p matching with the title boost: its words found in a title add a fifth of their title
/// weight (`ZS` terms) on top of the all-fields weight, where titles already count three times.
/// OP_AND_MAYBE: the matches stay exactly those of @p matching. With @p lengths, the terms are
/// weighed by IneB2Sources (ineb2_source.hpp).
[[nodiscard]] Xapian::Query with_title_boost(const Xapian::Query& matching, const Lengths& lengths);

/// @p ranked with pseudo-relevance feedback (`--expand`): the 30 stems that best tell the top 3
/// articles from the rest (Bo1) are added at a fifth of their weight. OP_AND_MAYBE: the matches
/// stay exactly those of @p ranked; only the order changes. Costs a second search.
[[nodiscard]] Xapian::Query expanded(const Xapian::Database& db, const Xapian::Query& ranked);

/// Sets @p enquire to search @p matching in the order of @p sort: the query with the title boost
/// (and, by relevance with @p expand, the expansion), the weighting scheme and the sort order.
/// The result list and the export both order their matches here.
void rank(Xapian::Enquire& enquire, const Xapian::Database& db, const Xapian::Query& matching,
          SortOrder sort, bool expand, const SideData& side);

/// Orders @p enquire's matches by @p sort: relevance (nothing to set), newest first or oldest
/// first, relevance breaking ties; undated articles last either way. With @p days, the dates are
/// read from that column (the same order).
void set_sort_order(Xapian::Enquire& enquire, SortOrder sort, const DayColumn* days = nullptr);

} // namespace news::searcher::ranking
