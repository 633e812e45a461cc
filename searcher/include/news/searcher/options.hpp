/// @file
/// @brief news-search's command line.
#pragma once

#include "news/searcher/render.hpp"
#include "news/searcher/search.hpp"

#include <optional>
#include <string>

namespace news::searcher {

/// Everything news-search was asked to do.
struct SearchConfig {
    std::string db;
    SearchRequest request;
    bool json = false;
    TextStyle style;
};

/// Parses and validates news-search's arguments.
/// @return the configuration, or std::nullopt when --help or --version was printed.
/// @throws news::Error (Usage) for a bad flag, value, date or filter.
[[nodiscard]] std::optional<SearchConfig> parse_options(int argc, const char* const* argv);

} // namespace news::searcher
