/// @file
/// @brief The document payload: what the searcher displays, stored as JSON in the document data.
#pragma once

#include "news/common/article.hpp"

#include <string>
#include <string_view>

namespace news::payload {

/// Serialises what a result list displays of @p article (id, title, date, source, authors, url,
/// categories, language, dateline, facets, entities); empty fields are left out. Not the body: the
/// indexer stores it in its own value slot (schema::Body), so that a result list does not read
/// every hit's whole text.
[[nodiscard]] std::string encode(const Article& article);

/// Reads a payload written by encode(). Unknown keys are ignored; a "body" (databases written
/// before the body had its own slot) is read into Article::body.
/// @throws news::Error (Corrupt) when @p data is not such a payload.
[[nodiscard]] Article decode(std::string_view data);

} // namespace news::payload
