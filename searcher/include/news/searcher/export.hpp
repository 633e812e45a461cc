/// @file
/// @brief --export: every match of a query, streamed as CSV or JSON Lines.
#pragma once

#include "news/searcher/search.hpp"

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace news::searcher {

/// The formats --export writes (searcher/README.md, "Export").
enum class ExportFormat {
    Csv,   ///< RFC 4180: a header row, CRLF line ends, multi-valued fields joined with "; "
    Jsonl, ///< one JSON object per line (export_format_version), multi-valued fields as arrays
};

/// The JSON Lines records' version: fields are only ever added within it.
inline constexpr int export_format_version = 1;

/// Every field --export can write, in the default column order.
[[nodiscard]] std::vector<std::string_view> export_fields();

/// Parses --export's argument ("csv" or "jsonl").
/// @throws news::Error (Usage) for any other value.
[[nodiscard]] ExportFormat parse_export_format(std::string_view text);

/// Parses --fields: comma-separated names of export_fields(), in the order given.
/// @throws news::Error (Usage) for an unknown or repeated name, or an empty list; the message
/// lists the valid names.
[[nodiscard]] std::vector<std::string> parse_export_fields(std::string_view list);

/// What to export.
struct ExportRequest {
    QueryRequest query;                    ///< what to match; empty text and no filter: everything
    SortOrder sort = SortOrder::Relevance; ///< the order of the rows
    ExportFormat format = ExportFormat::Csv;
    std::vector<std::string> fields; ///< columns, in order; empty: all of export_fields()
    Xapian::doccount chunk = 1000;   ///< matches ranked and written per round
};

/// What an export did.
struct ExportSummary {
    Xapian::doccount total = 0;   ///< the exact number of matches, counted first
    Xapian::doccount written = 0; ///< rows written; fewer than total when the output failed
    bool output_failed = false;   ///< a write failed (a closed pipe, a full disk): stopped early
    int output_errno = 0;         ///< errno of the failed write (EPIPE: the reader went away)
};

/// Writes every match of @p request to @p out, @p request.chunk matches at a time: the exact
/// total is counted first, then each chunk is ranked (the same order as news-search's result
/// list), its documents read and its rows written before the next. Memory stays bounded by the
/// chunk, not by the number of matches. Stops at the first failed write (see
/// ExportSummary::output_failed); the caller reports it, or not (EPIPE).
/// @throws news::Error (Usage) for a bad query, filter or field; Corrupt or Io for a damaged
/// database or one that changed beyond reading during the export.
ExportSummary export_matches(Searcher& searcher, const ExportRequest& request, std::FILE* out);

} // namespace news::searcher
