/// @file
/// @brief The "news" engine: our own Searcher, driven through the query language a user types.
#pragma once

#include "news/searcher/search.hpp"

#include "engines/engine.hpp"

#include <memory>
#include <string>

namespace news::bench {

/// @p query in the news-search query language: its words (characters that are syntax there
/// blanked), "a phrase", or prefix*.
[[nodiscard]] std::string news_query_text(const BenchQuery& query);

/// The news-search request that runs @p query in @p mode: the terms in our query language
/// (words AND-ed, QueryRequest::any for "or", "a phrase", prefix*), date bounds, the filter on
/// "source" or on @p tag_facet, date order, no snippets; exact totals for Count, exact facets
/// ("source" and @p tag_facet, facet_sample 0) for Facets.
/// @throws news::Error (Usage) for a date the query language cannot state.
[[nodiscard]] searcher::SearchRequest news_search_request(const BenchQuery& query, Mode mode,
                                                          const std::string& tag_facet,
                                                          std::size_t k);

/// Opens our engine on the news-index database @p options.index.
/// @throws news::Error: Usage (no or unknown --tag-facet), NotFound, Incompatible, Corrupt.
[[nodiscard]] std::unique_ptr<Engine> open_news_engine(const EngineOptions& options);

} // namespace news::bench
