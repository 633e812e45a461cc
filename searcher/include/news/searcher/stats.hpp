/// @file
/// @brief --stats: what a news database holds, for people (text) and programs (JSON).
#pragma once

#include "news/searcher/facets.hpp"
#include "news/searcher/search.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace news::searcher {

/// The --stats JSON object's version: fields are only ever added within it.
inline constexpr int stats_format_version = 1;

/// What a database holds, counted over every article.
struct DatabaseStats {
    std::string path;                ///< the database folder as given
    Xapian::doccount articles = 0;   ///< documents in the open revision
    std::string first_date;          ///< YYYY-MM-DD of the oldest dated article, or empty
    std::string last_date;           ///< YYYY-MM-DD of the newest dated article, or empty
    Xapian::doccount dated = 0;      ///< articles with a date
    Xapian::doccount undated = 0;    ///< articles without one
    FacetCounts sources;             ///< outlets, most articles first, cut to the source limit
    std::vector<FacetCounts> facets; ///< every facet field (schema order), cut to the facet limit
    std::string schema_version;      ///< the news.schema_version metadata, or empty
    std::string stemmer;             ///< the news.stemmer metadata, or empty
    std::uintmax_t size_bytes = 0;   ///< the sum of the sizes of the folder's files
    std::string last_update;         ///< newest file mtime, ISO 8601 UTC, or empty
    /// The side files' state (common/SCHEMA.md, "Side files"): "current", "none", or why the
    /// file there cannot be used (it describes another revision, or is damaged).
    std::string facet_columns;
    std::string hit_records;
    std::string doc_lengths; ///< as above; "not used with several shards" for several shards
    /// The shards searched (1 for one database folder), and how many of them are remote.
    std::size_t shards = 1;
    std::size_t remote_shards = 0;
};

/// Counts what the database open in @p searcher holds (facet spies over Query::MatchAll) and
/// measures its folder @p path on disk.
/// @param source_limit sources kept (the rest is counted in DatabaseStats::sources.distinct)
/// @param facet_limit values kept per facet
/// @throws news::Error (Corrupt or Io) when the database cannot be read.
[[nodiscard]] DatabaseStats collect_stats(const Searcher& searcher, const std::string& path,
                                          std::size_t source_limit = 20,
                                          std::size_t facet_limit = 10);

/// The statistics for people, several lines.
[[nodiscard]] std::string render_stats_text(const DatabaseStats& stats);

/// The --stats --json object (stats_format_version), one line; documented in searcher/README.md.
[[nodiscard]] std::string render_stats_json(const DatabaseStats& stats);

} // namespace news::searcher
