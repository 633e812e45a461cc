/// @file
/// @brief --like: articles similar to given ones, by relevance feedback (Xapian's ESet).
#pragma once

#include "news/searcher/query_builder.hpp"

#include <xapian.h>

#include <string>
#include <vector>

namespace news::searcher {

/// Stems taken from the --like articles.
inline constexpr Xapian::termcount like_expansion_terms = 40;
/// Of them, the ones whose weight is highest make the query (OP_ELITE_SET).
inline constexpr Xapian::termcount like_elite_terms = 20;

/// The query of a search with --like (request.like non-empty):
/// - the given articles are the relevant set (Xapian::RSet) of Xapian's query expansion
///   (Enquire::get_eset, its default scheme): the like_expansion_terms free-text stems that best
///   tell them from the rest of the database (among the stems more articles have than were
///   given: a stem only they have would find nothing else), of which the like_elite_terms best
///   weighted are OR-ed (OP_ELITE_SET);
/// - with a query text too, the matches are the text's, ranked by text and similarity
///   (OP_AND_MAYBE);
/// - the given articles themselves are left out (OP_AND_NOT on their id terms);
/// - then the filters and dates (QueryBuilder::restrict).
/// The stems chosen go to @p terms (without their Z prefix), best first; a note saying the given
/// articles are left out goes to @p notes.
/// @throws news::Error (Usage) when an id names no article of @p db (naming it); as
/// QueryBuilder::build() for the text.
[[nodiscard]] Xapian::Query build_like_query(QueryBuilder& builder, const Xapian::Database& db,
                                             const QueryRequest& request, QueryNotes* notes,
                                             std::vector<std::string>* terms);

} // namespace news::searcher
