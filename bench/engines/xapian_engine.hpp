/// @file
/// @brief The "xapian" engine: plain Xapian on our database, with a minimal Enquire loop.
#pragma once

#include "engines/engine.hpp"
#include <xapian.h>

#include <memory>

namespace news::bench {

/// The Xapian query for @p query on a database of ours, built by hand (no QueryParser): "Z" +
/// stem terms AND-ed or OR-ed, OP_PHRASE over unstemmed terms, OP_WILDCARD (the 1,000 most
/// frequent expansions, as our parser), OP_FILTER on the facet's boolean term, OP_VALUE_RANGE on
/// the date slot.
/// @throws news::Error (Usage) when the query has no word, or a bad filter facet.
[[nodiscard]] Xapian::Query plain_xapian_query(const BenchQuery& query, const Xapian::Stem& stemmer,
                                               const std::string& tag_facet);

/// Opens the xapian engine on the news-index database @p options.index.
/// @throws news::Error: Usage (no or unknown --tag-facet), NotFound, Incompatible, Corrupt.
[[nodiscard]] std::unique_ptr<Engine> open_xapian_engine(const EngineOptions& options);

} // namespace news::bench
