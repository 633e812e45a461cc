/// @file
/// @brief The engines `news-bench compare` knows and the modes it times: the one list the
/// options, the orchestration and the report all read.
#pragma once

#include <string>
#include <vector>

namespace news::bench {

/// Every engine compare can run, in the order the report shows them: ours first, then plain
/// Xapian, SQLite FTS5, Lucene and the in-memory floor.
[[nodiscard]] const std::vector<std::string>& compared_engines();

/// The engines as the help and error messages list them: "news,xapian,sqlite,lucene,floor".
[[nodiscard]] std::string compared_engines_list(const char* separator = ",");

/// The timed modes of bench/peers/PROTOCOL.md, in order: "top", "count", "facets".
[[nodiscard]] const std::vector<std::string>& query_modes();

} // namespace news::bench
