/// @file
/// @brief news-search's command line.
#pragma once

#include "news/searcher/export.hpp"
#include "news/searcher/render.hpp"
#include "news/searcher/search.hpp"
#include "news/searcher/stories.hpp"

#include <optional>
#include <string>
#include <vector>

namespace news::searcher {

/// Everything news-search was asked to do.
struct SearchConfig {
    std::string db;                     ///< the first database (--db): how messages name it
    std::vector<std::string> databases; ///< every --db, searched as one
    ShardOptions shards;                ///< --timeout, --allow-partial
    SearchRequest request;              ///< the search to run
    bool json = false;                  ///< print render_json() instead of render_text()
    TextStyle style;                    ///< text output options (--color, --explain)
    /// --export: write every match in this format instead of a result page.
    std::optional<ExportFormat> export_format;
    std::vector<std::string> export_fields; ///< --fields: the export's columns; empty: all
    bool stats = false;                     ///< --stats: describe the database, no query
    std::string plot; ///< --plot: draw the histogram into this .png or .svg file
    /// --stories: list the stories of the matches (or of the database) instead of articles.
    std::optional<StoryListRequest> stories;
    std::string story; ///< --story: show this story (a story id or an article id); else empty
    std::string show;  ///< --show: print this article whole (an article id); else empty
};

/// Parses and validates news-search's arguments.
/// @return the configuration, or std::nullopt when --help or --version was printed.
/// @throws news::Error (Usage) for a bad flag, value, date or filter.
[[nodiscard]] std::optional<SearchConfig> parse_options(int argc, const char* const* argv);

} // namespace news::searcher
