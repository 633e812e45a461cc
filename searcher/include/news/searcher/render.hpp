/// @file
/// @brief Writing search results for people (text) and for programs (--json).
#pragma once

#include "news/searcher/search.hpp"

#include <string>

namespace news::searcher {

/// Options of the text renderer.
struct TextStyle {
    bool bold = false;    ///< ANSI bold for the query words in titles and snippets (--color)
    bool explain = false; ///< show the parsed query
    /// Columns snippets are wrapped to and facet values fitted in; 0: terminal_columns().
    std::size_t width = 0;
};

/// The human-readable results: a count line, numbered hits with snippets, then facets.
[[nodiscard]] std::string render_text(const SearchRequest& request, const SearchResult& result,
                                      const TextStyle& style);

/// The --json object (format_version 1), documented in searcher/README.md. One line, UTF-8.
[[nodiscard]] std::string render_json(const SearchRequest& request, const SearchResult& result);

} // namespace news::searcher
