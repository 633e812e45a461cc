/// @file
/// @brief The "floor" engine: an in-memory inverted index built at query time, the "how fast
/// could this be on this machine" reference.
#pragma once

#include "engines/engine.hpp"

#include <memory>
#include <string>

namespace news::bench {

/// The file a floor "index" holds: the absolute path of the articles file.
constexpr const char* floor_path_file = "articles.path";

/// Records where @p articles is in DIR/articles.path (@p index: a new, empty folder); the index
/// is built in memory when queried.
/// @throws news::Error: NotFound (no @p articles), Io.
BuildReport build_floor(const std::string& articles, const std::string& index);

/// Loads the articles file named in @p options.index and indexes it in memory; the time this
/// takes is reported as "build_seconds".
/// @throws news::Error: NotFound, Io, Usage (a bad articles file).
[[nodiscard]] std::unique_ptr<Engine> open_floor_engine(const EngineOptions& options);

} // namespace news::bench
