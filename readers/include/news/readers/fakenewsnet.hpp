/// @file
/// @brief The FakeNewsNet crawl layout: <site>/<label>/<news_id>/news content.json.
#pragma once

#include "news/common/article.hpp"

#include <string>
#include <string_view>

namespace news::fakenewsnet {

/// True for a file named "news content.json", the crawler's article file.
[[nodiscard]] bool is_article_file(std::string_view path);

/// Completes an article read from such a file with what its path says: the id is the label and
/// news id folders ("real/gossipcop-759111": a few news ids are filed under both labels), the
/// label facet the label folder ("fake" or "real"). Rejects what
/// the crawler kept but is not an article: an empty text, or a short text that reads as an error
/// page, cookie wall or bot check ("error page: ..."). Rejections pass through unchanged.
[[nodiscard]] ReadResult adapt(ReadResult&& result, const std::string& path);

} // namespace news::fakenewsnet
