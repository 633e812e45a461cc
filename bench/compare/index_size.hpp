/// @file
/// @brief Each engine's index size broken down into its parts: Xapian's tables, Lucene's file
/// kinds, SQLite's b-trees.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace news::bench {

/// One part of an index and its bytes on disk.
struct IndexPart {
    std::string name;
    unsigned long long bytes = 0;
};

/// An index folder's size by part; the parts add up to every file's bytes in the folder.
struct IndexSize {
    std::string method; ///< how the parts were found ("xapian tables", "file extensions", ...)
    std::vector<IndexPart> parts;

    [[nodiscard]] unsigned long long total() const;
};

/// Ours and plain Xapian: one part per table (`postlist.glass` is "postlist", ...), then
/// every other file under its own name (iamglass, flintlock, side files).
[[nodiscard]] IndexSize xapian_index_size(const std::string& dir);

/// Lucene: files grouped by extension (postings .doc/.tim/.tip/.tmd, positions .pos/.pay,
/// stored fields .fdt/.fdx/.fdm, norms, doc values, points, the rest).
[[nodiscard]] IndexSize lucene_index_size(const std::string& dir);

/// SQLite FTS5: the index file's b-trees from dbstat (fts_data, fts_idx, fts_content, ...) and
/// its free pages, or the whole file when this SQLite has no dbstat; other files by name.
[[nodiscard]] IndexSize sqlite_index_size(const std::string& dir);

/// The size of @p engine's index folder @p dir (an engine without a breakdown: one part per
/// file).
[[nodiscard]] IndexSize index_size(std::string_view engine, const std::string& dir);

/// {"method", "parts": [{"name", "bytes"}]} as the report gives it.
[[nodiscard]] nlohmann::json to_json(const IndexSize& size);

} // namespace news::bench
