/// @file
/// @brief What a search searched for, in words: the heading's filters and dates, and --explain's
/// account of the query.
#pragma once

#include "news/searcher/query_builder.hpp"

#include <xapian.h>

#include <string>

namespace news::searcher {

/// The filters and dates @p request applies, for the result heading: " (source=Reuters or
/// CNN; published 2024-11-01 to 2024-11-30)", or empty when it applies none. Facets in the
/// order first given, values as typed.
[[nodiscard]] std::string describe_scope(const QueryRequest& request);

/// A readable account of @p query, built from @p request: each searched word with its stem and
/// field (typed words matched to the stems by stemming them), phrases, exclusions, wildcards,
/// the stop words left out and the aliases matched (@p notes), then the filters and dates. One
/// line per item, each indented by two spaces, after a "query:" line.
[[nodiscard]] std::string explain_query(const QueryRequest& request, const Xapian::Query& query,
                                        const QueryNotes& notes, const Xapian::Stem& stemmer);

} // namespace news::searcher
