/// @file
/// @brief The command line a person would type for one query, per engine.
#pragma once

#include "engines/workload.hpp"

#include <string>
#include <vector>

namespace news::bench {

/// news-search arguments (after the executable) for @p query on @p db; @p tag_facet names the
/// facet a "tag" filter means.
[[nodiscard]] std::vector<std::string>
news_search_arguments(const BenchQuery& query, const std::string& db, const std::string& tag_facet);

/// The SQL the sqlite engine runs for @p query's top 10, as one statement for the sqlite3 shell.
[[nodiscard]] std::string sqlite_one_shot_sql(const BenchQuery& query);

} // namespace news::bench
