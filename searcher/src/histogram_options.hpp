/// @file
/// @brief news-search's histogram flags: --histogram, --by, --by-limit, --normalize, --plot.
#pragma once

#include "news/searcher/histogram.hpp"

#include <cxxopts.hpp>

#include <optional>
#include <string>

namespace news::searcher::detail {

/// What the histogram flags asked for.
struct HistogramOptions {
    std::optional<HistogramRequest> request; ///< set by --histogram
    std::string plot;                        ///< --plot FILE, or empty
};

/// Registers the histogram flags.
void add_histogram_options(cxxopts::Options& options);

/// Reads and checks the histogram flags.
/// @throws news::Error (Usage) for a bad interval or plot file, or --by, --by-limit,
/// --normalize or --plot without --histogram.
[[nodiscard]] HistogramOptions histogram_options(const cxxopts::ParseResult& parsed);

} // namespace news::searcher::detail
