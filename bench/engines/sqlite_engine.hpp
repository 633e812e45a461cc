/// @file
/// @brief The "sqlite" engine: SQLite FTS5 over articles.tsv (analysis differences from ours:
/// sqlite_query.hpp).
#pragma once

#include "engines/engine.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace news::bench {

/// The index file inside an engine folder.
constexpr const char* sqlite_index_file = "fts.sqlite";

/// Builds DIR/fts.sqlite (@p index: a new, empty folder) from @p articles in one transaction: an
/// FTS5 table fts(title, body) (keeping its content, tokenize 'porter unicode61'), docs(rowid, id,
/// date, source) and tags(rowid, tag) with indexes, then FTS5's optimize (one segment), then fsync.
/// @throws news::Error: NotFound (no @p articles), Usage (a bad line), Io.
BuildReport build_sqlite_index(const std::string& articles, const std::string& index);

/// One b-tree of the index file (a table or index, as SQLite's dbstat names it: fts_data,
/// fts_idx, fts_content, fts_docsize, docs, ...), or "(free pages)", and its bytes on disk.
struct SqliteIndexPart {
    std::string name;
    unsigned long long bytes = 0;
};

/// The index file's pages by b-tree, from the dbstat virtual table, largest first, then the
/// free pages: the parts add up to the file's size. nullopt when this SQLite has no dbstat.
/// @throws news::Error: NotFound (no index), Io.
[[nodiscard]] std::optional<std::vector<SqliteIndexPart>>
sqlite_index_parts(const std::string& index);

/// Opens the sqlite engine on a folder built by build_sqlite_index().
/// @throws news::Error: NotFound (no index), Io.
[[nodiscard]] std::unique_ptr<Engine> open_sqlite_engine(const EngineOptions& options);

} // namespace news::bench
