/// @file
/// @brief The gazetteer files of corpus/gazetteers, compiled into the indexer.
#pragma once

#include <string_view>

namespace news::indexer::entities::detail {

/// The text of the built-in gazetteer file @p name ("countries.tsv", "junk.txt", ...), as
/// committed under corpus/gazetteers; empty for an unknown name.
[[nodiscard]] std::string_view gazetteer_text(std::string_view name);

} // namespace news::indexer::entities::detail
