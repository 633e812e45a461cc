/// @file
/// @brief Plain-text articles: optional front matter, else a headline, date line and byline.
#pragma once

#include "news/common/article.hpp"

#include <optional>
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

/// Limits of not_article_reason().
namespace prose {
/// Texts with fewer non-blank lines are judged only by whether they hold a sentence at all.
inline constexpr std::size_t min_lines_to_judge = 20;
/// A line holding at least this many words is prose (hard-wrapped text included).
inline constexpr std::size_t sentence_words = 8;
/// Or a line of at least this many words that ends like a sentence (. ! ? or a closing quote).
inline constexpr std::size_t short_sentence_words = 3;
/// A line whose non-space characters are at least this percentage of symbols ("()[]{}<>=;|\_#*/
/// @$%^&~`+) is code or data, never prose.
inline constexpr std::size_t data_symbol_percent = 15;
/// A judged text with fewer of its words in prose lines is not an article.
inline constexpr std::size_t min_prose_word_percent = 40;
} // namespace prose

/// Why @p text (an article's title and body, clean UTF-8) does not read as an article, or
/// nullopt when it does. "not an article: ..." names the kind: a list of single words, code or
/// data, a text with few sentences (below prose::min_prose_word_percent of its words in prose
/// lines, judged from prose::min_lines_to_judge lines), or no sentence at all (no line of two
/// words with letters, nor one word ending in . ! ?). Articles of any length pass; the
/// thresholds keep every BBC, FakeNewsNet and sample article.
[[nodiscard]] std::optional<std::string> not_article_reason(std::string_view text);

/// not_article_reason() of @p title and @p body as one text (title, blank line, body), read in
/// place: no copy of the body is made.
[[nodiscard]] std::optional<std::string> not_article_reason(std::string_view title,
                                                            std::string_view body);

} // namespace news::txt
