/// @file
/// @brief Plain-text articles: optional front matter, else a headline, date line and byline.
#pragma once

#include "news/common/article.hpp"

#include <string>
#include <string_view>

namespace news::txt {

/// Turns the bytes of one plain-text article into an Article with @p id.
///
/// - A front-matter block comes first when the text opens with `key: value` lines (title, date,
///   source, author, authors, url, category, categories, language, id) up to a blank line, or
///   with such lines between two `---` lines. Its `id` overrides @p id.
/// - Otherwise the article is read the way it reads: a first line that starts with
///   `date YYYY-MM-DD` gives the date; a first line that reads like a headline (short, followed by
///   a blank line, not ending like a sentence) is the title; a `By NAME – OUTLET` line near the
///   top gives the author(s) and the outlet. Nothing is guessed beyond that.
///
/// Rejections: binary content, bytes that are not text in any encoding we read, empty body.
[[nodiscard]] ReadResult parse_article(std::string_view bytes, const Origin& origin,
                                       std::string id);

} // namespace news::txt
