/// @file
/// @brief Stories in the searcher: what a story holds (size, outlets, dates), finding a story by
/// its id or by one of its articles, and listing the stories that match a query (--stories).
#pragma once

#include "news/searcher/query_builder.hpp"

#include <xapian.h>

#include <cstddef>
#include <string>
#include <vector>

namespace news::searcher {

class Searcher;

/// A story as a result list shows it, read from its articles' value slots.
struct StorySummary {
    std::string id;            ///< schema::story_id(), "s" and 12 hex digits
    Xapian::doccount size = 0; ///< articles in the story (all of them, matching or not)
    /// Distinct outlets (Source slot, as displayed) of its articles, most articles first, then by
    /// name. Articles whose outlet is unknown add nothing.
    std::vector<std::string> outlets;
    std::string first_date; ///< earliest publication day (YYYY-MM-DD); empty: no article is dated
    std::string last_date;  ///< latest publication day; empty likewise
    /// Only when asked for: every article id, in order of appearance (date, undated last, then
    /// id).
    std::vector<std::string> article_ids;
};

/// True when the articles of @p db carry story ids (Story value slot), or @p db is empty. A
/// database built with `news-index --no-stories` has none.
[[nodiscard]] bool has_stories(const Xapian::Database& db);

/// Reads story @p story_id: size from the term's frequency, outlets and dates from the Source and
/// Published slots of its articles (one pass over its posting list), and the article ids when
/// @p with_article_ids. Cost: proportional to the story's size, not the database's.
/// A story no article has gives size 0 and empty fields.
[[nodiscard]] StorySummary summarize_story(const Xapian::Database& db, const std::string& story_id,
                                           bool with_article_ids);

/// summarize_story() for several stories at once: one forward pass over the value streams for
/// all their articles. The summaries are in the order of @p story_ids.
[[nodiscard]] std::vector<StorySummary> summarize_stories(const Xapian::Database& db,
                                                          const std::vector<std::string>& story_ids,
                                                          bool with_article_ids);

/// The story id @p id names: @p id itself when it is a story in @p db, else the story of the
/// article whose id is @p id.
/// @throws news::Error: NotFound when neither a story nor an article has this id; BadData when
/// the article has no story (database built with --no-stories).
[[nodiscard]] std::string resolve_story(const Xapian::Database& db, const std::string& id);

/// What --stories asks for.
struct StoryListRequest {
    QueryRequest query;     ///< matching articles; no text, filter or date: every story
    std::size_t offset = 0; ///< stories to skip
    std::size_t limit = 10; ///< stories to list at most
    bool all = false;       ///< list every story (offset and limit ignored)
};

/// One story in a --stories list.
struct StoryListEntry {
    StorySummary summary;          ///< with its article ids
    std::string headline;          ///< title of the representative article ("" if untitled)
    std::string representative_id; ///< that article: the best match, or (no query) the earliest
    Xapian::doccount matches = 0;  ///< its articles that match the query (all without a query)
};

/// The --stories result.
struct StoryList {
    std::string parsed_query;            ///< what ran ("Query(<alldocuments>)" without a query)
    QueryNotes query_notes;              ///< words the parser dropped
    std::size_t total = 0;               ///< stories with at least one matching article (exact)
    Xapian::doccount matches = 0;        ///< matching articles (exact)
    std::vector<StoryListEntry> stories; ///< the page, biggest first
    double elapsed_ms = 0;               ///< wall-clock time, in milliseconds
};

/// Lists the stories with at least one article matching @p request.query, biggest first (size,
/// then matching articles, then story id ascending), paged. Counting is one pass over the
/// matches with a ValueCountMatchSpy on the Story slot (without a query, one read of the Story
/// value stream); only the listed stories are read further.
/// @throws news::Error: Usage for a bad query; BadData when the database has no stories.
[[nodiscard]] StoryList list_stories(Searcher& searcher, const StoryListRequest& request);

/// The human-readable --stories list.
[[nodiscard]] std::string render_story_list_text(const StoryListRequest& request,
                                                 const StoryList& list);

/// The --stories --json object (format_version 2), documented in searcher/README.md.
[[nodiscard]] std::string render_story_list_json(const StoryListRequest& request,
                                                 const StoryList& list);

} // namespace news::searcher
