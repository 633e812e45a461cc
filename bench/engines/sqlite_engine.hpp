/// @file
/// @brief The "sqlite" engine: SQLite FTS5 over articles.tsv (analysis differences from ours:
/// sqlite_query.hpp).
#pragma once

#include "engines/engine.hpp"

#include <memory>
#include <string>

namespace news::bench {

/// The index file inside an engine folder.
constexpr const char* sqlite_index_file = "fts.sqlite";

/// Builds DIR/fts.sqlite (@p index: a new, empty folder) from @p articles in one transaction: an
/// FTS5 table fts(title, body) (contentless, tokenize 'porter unicode61'), docs(rowid, id, date,
/// source) and tags(rowid, tag) with indexes, then FTS5's optimize (one segment), then fsync.
/// @throws news::Error: NotFound (no @p articles), Usage (a bad line), Io.
BuildReport build_sqlite_index(const std::string& articles, const std::string& index);

/// Opens the sqlite engine on a folder built by build_sqlite_index().
/// @throws news::Error: NotFound (no index), Io.
[[nodiscard]] std::unique_ptr<Engine> open_sqlite_engine(const EngineOptions& options);

} // namespace news::bench
