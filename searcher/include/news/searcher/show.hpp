/// @file
/// @brief --show ID: one stored article, whole: metadata, extracted entities, story and text.
#pragma once

#include "news/common/article.hpp"

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>

namespace news::searcher {

/// The story an article is in, as --show gives it.
struct ShownStory {
    std::string id;            ///< schema::story_id(): the story's id
    Xapian::doccount size = 0; ///< articles in the story (this one included)
    std::string copy_of;       ///< id of the article this one is a copy of; empty if none
};

/// One stored article and what the index added to it.
struct ShownArticle {
    Article article;                 ///< its payload, with the body read from its slot
    bool entities_extracted = false; ///< the database says entities were extracted (news.entities)
    std::optional<ShownStory> story; ///< absent when the article has no story
};

/// Reads the article @p id from @p db.
/// @throws news::Error (NotFound, exit 66) when @p db has no article with that id, naming it;
/// Corrupt for an unreadable payload.
[[nodiscard]] ShownArticle show_article(const Xapian::Database& db, const std::string& id);

/// The text form: a metadata block, the entities, the story, then the text, its paragraphs
/// (blank lines in the article) wrapped to @p width columns (at least 20).
[[nodiscard]] std::string render_show_text(const ShownArticle& shown, std::size_t width);

/// The JSON form, one object (searcher/README.md, "--show"): format_version, id, title, date,
/// source, authors, url, categories, language, dateline, facets, entities_extracted,
/// entities {person, place, org}, story {id, size, copy_of} or null, and text.
[[nodiscard]] std::string render_show_json(const ShownArticle& shown);

/// What --show @p id prints: render_show_json() when @p json, else render_show_text() at
/// terminal_columns() (wrap.hpp: $COLUMNS, the terminal, else 80).
/// @throws news::Error as show_article().
[[nodiscard]] std::string show_output(const Xapian::Database& db, const std::string& id, bool json);

} // namespace news::searcher
