/// @file
/// @brief news-index's command line.
#pragma once

#include "news/indexer/indexing.hpp"

#include <optional>

namespace news::indexer {

/// Parses and validates news-index's arguments.
/// @return the configuration, or std::nullopt when --help or --version was printed.
/// @throws news::Error (Usage) for a bad flag or value.
[[nodiscard]] std::optional<IndexConfig> parse_options(int argc, const char* const* argv);

} // namespace news::indexer
