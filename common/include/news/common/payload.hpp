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

/// Like decode(), but leaves the body out: encode() writes it last, so this stops before it
/// instead of parsing the article's whole text (what a result list without snippets needs).
/// Payloads with another key order are read whole, body dropped.
/// @throws news::Error (Corrupt) when @p data is not such a payload.
[[nodiscard]] Article decode_summary(std::string_view data);

/// How encode() introduces the body, the last member of the object.
constexpr std::string_view body_key = "\"body\":";

} // namespace news::payload
