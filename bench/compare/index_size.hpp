/// @file
/// @brief Each engine's index size broken down into its parts: Xapian's tables, Lucene's file
/// kinds, SQLite's b-trees.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace news::bench {

/// What a part holds, in terms every engine shares, so that sizes compare across engines.
enum class PartKind {
    Postings,              ///< which documents hold each term (with term frequencies)
    Positions,             ///< where in each document (phrases, NEAR)
    PostingsWithPositions, ///< both in one structure (FTS5's doclists)
    StoredText,            ///< the text and fields a hit shows
    Other,                 ///< everything else (termlists, norms, spelling, b-tree indexes, ...)
};

/// Every kind, in the order reports list them.
inline constexpr std::array<PartKind, 5> part_kinds{PartKind::Postings, PartKind::Positions,
                                                    PartKind::PostingsWithPositions,
                                                    PartKind::StoredText, PartKind::Other};

/// "postings", "positions", "postings with positions", "stored text", "other".
[[nodiscard]] std::string_view to_string(PartKind kind);

/// One part of an index and its bytes on disk.
struct IndexPart {
    std::string name;
    unsigned long long bytes = 0;
    PartKind kind = PartKind::Other;
};

/// An index folder's size by part; the parts add up to every file's bytes in the folder.
struct IndexSize {
    std::string method; ///< how the parts were found ("xapian tables", "file extensions", ...)
    std::vector<IndexPart> parts;

    [[nodiscard]] unsigned long long total() const;
    /// The bytes of the parts of @p kind.
    [[nodiscard]] unsigned long long total(PartKind kind) const;
};

/// Ours and plain Xapian: one part per table (`postlist.glass` is "postlist", ...), then
/// every other file under its own name (iamglass, flintlock, side files). The article bodies
/// (value slot schema::Body, which Xapian keeps in the postlist table) are a part of their own,
/// taken out of the postlist's bytes: the values' own bytes, without the b-tree's overhead.
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

/// {"method", "parts": [{"name", "bytes", "kind"}]} as the report gives it.
[[nodiscard]] nlohmann::json to_json(const IndexSize& size);

} // namespace news::bench
