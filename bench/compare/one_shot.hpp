/// @file
/// @brief One query from a cold process start, per engine: the command line a person would
/// type, and its wall time.
#pragma once

#include "compare/corpus.hpp"
#include "compare/tools.hpp"
#include "engines/workload.hpp"
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace news::bench {

/// news-search arguments (after the executable) for @p query on @p db; @p tag_facet names the
/// facet a "tag" filter means.
[[nodiscard]] std::vector<std::string>
news_search_arguments(const BenchQuery& query, const std::string& db, const std::string& tag_facet);

/// The SQL the sqlite engine runs for @p query's top 10, as one statement for the sqlite3 shell.
[[nodiscard]] std::string sqlite_one_shot_sql(const BenchQuery& query);

/// The SQLite engine's database file inside its index folder @p index_dir.
[[nodiscard]] std::string sqlite_path(const std::string& index_dir);

/// Wall time of one process per engine (news-search, the sqlite3 shell, Lucene's `once`) for a
/// query of each of a few classes, cold (the index evicted from the page cache first) and warm
/// (median of @p repeats). @p index_of maps an engine to its index folder; engines without one
/// are left out. Rows: query, engine, cold_ms, warm_ms.
/// @throws news::Error when a command fails.
[[nodiscard]] nlohmann::json time_one_shot(const Tools& tools, const CorpusSpec& corpus,
                                           const std::map<std::string, std::string>& index_of,
                                           const std::vector<BenchQuery>& queries,
                                           std::size_t repeats, const std::string& scratch);

} // namespace news::bench
