/// @file
/// @brief The document payload: what the searcher displays, stored as JSON in the document data.
#pragma once

#include "news/common/article.hpp"

#include <string>
#include <string_view>

namespace news::payload {

/// Serialises the displayable fields of @p article (id, title, body, date, source, authors,
/// url, categories, language, dateline, facets); empty fields are left out.
[[nodiscard]] std::string encode(const Article& article);

/// Reads a payload written by encode(). Unknown keys are ignored.
/// @throws news::Error (Corrupt) when @p data is not such a payload.
[[nodiscard]] Article decode(std::string_view data);

} // namespace news::payload
