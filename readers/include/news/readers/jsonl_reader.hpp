/// @file
/// @brief JSON Lines articles: one JSON object per line.
#pragma once

#include "news/common/article.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace news::jsonl {

/// Turns one JSON Lines record into an Article.
///
/// Keys (all optional but the body; unknown keys are ignored; null counts as absent):
/// `id` (string or integer), `title`, `body` (or `text`, `content`), `date` (or `published`,
/// `publish_date`: a date string, or Unix seconds as a number), `source`, `author` (string),
/// `authors` (array of strings or one string), `url`, `categories` (array or string),
/// `category`, `language`. A `source` given as a URL (as web crawls do) becomes its host,
/// without "www." ("https://www.nytimes.com" gives "nytimes.com").
/// Without an `id` the article's id is its `url`, or else @p fallback_id.
///
/// Rejections: malformed JSON, a line that is not an object, a key of the wrong type, bytes that
/// are not text, empty body.
[[nodiscard]] ReadResult parse_record(std::string_view line, const Origin& origin,
                                      std::string fallback_id);

/// Reads a whole JSON document: an array of article objects (each as parse_record reads one,
/// with fallback id "FALLBACK[index]"), or a single object.
void parse_array(std::string_view bytes, const Origin& origin, const std::string& fallback_id,
                 const std::function<void(ReadResult&&)>& sink);

} // namespace news::jsonl
