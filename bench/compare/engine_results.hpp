/// @file
/// @brief Each engine's results as types: its `build` and `query` output (bench/peers/
/// PROTOCOL.md), parsed once where the child's JSON comes in, and the summary the report reads
/// (latency per class and mode, throughput, errors, agreement with our exact counts).
#pragma once

#include "compare/index_size.hpp"
#include "compare/stats.hpp"
#include "engines/workload.hpp"
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace news::bench {

/// What an engine's `build` command prints: its own timing and memory, when it reports them.
struct BuildOutput {
    std::optional<double> seconds;
    std::optional<long> peak_rss_kib;
};

/// One query of an engine's `query` output.
struct QueryOutcome {
    std::string id;
    std::optional<std::uint64_t> hits;     ///< the exact count (count mode)
    std::optional<std::uint64_t> postings; ///< postings touched (engines that count them)
    std::optional<std::string> error;      ///< why the engine could not run it
    std::vector<std::string> top;          ///< the ids it returned, best first
    std::map<std::string, std::vector<std::uint64_t>> ns; ///< mode to its timed runs, ns
};

/// One throughput pass: @p searches top-10 searches on @p threads threads in @p seconds.
struct ThroughputPass {
    unsigned threads = 0;
    std::uint64_t searches = 0;
    double seconds = 0;
};

/// What an engine's `query` command prints (the fields the comparison reads).
struct EngineOutput {
    std::string version; ///< the engine's own version, as it reports it at run time
    std::optional<double> open_seconds;
    std::optional<double> build_seconds;  ///< engines that build in memory when queried
    std::optional<double> warmup_seconds; ///< engines that warm up for a time (Lucene's JIT)
    std::optional<long> peak_rss_kib;
    std::vector<QueryOutcome> queries;
    std::vector<ThroughputPass> throughput;
};

/// Parses an engine's `build` output.
/// @throws news::Error (Internal) when @p text is not the protocol's JSON.
[[nodiscard]] BuildOutput parse_build_output(std::string_view engine, std::string_view text);

/// Parses an engine's `query` output.
/// @throws news::Error (Internal) when @p text is not the protocol's JSON.
[[nodiscard]] EngineOutput parse_engine_output(std::string_view engine, std::string_view text);

/// One engine's index build as the report gives it ("builds" and each engine's "build").
struct BuildFigures {
    bool shares_news = false; ///< plain Xapian: queries news's index and builds none
    double seconds = 0;       ///< the engine's own build time (ours: news-index's whole run)
    std::optional<double> process_seconds; ///< a peer's whole build process, start to exit
    std::size_t threads = 1;
    long peak_rss_kib = 0;
    unsigned long long index_bytes = 0;
    std::optional<double> compact_seconds;             ///< ours, when compacted
    std::optional<unsigned long long> compacted_bytes; ///< ours, when compacted
    double articles_per_second = 0;
    /// The served index (ours: compacted when compacted) by part; its parts add up to
    /// compacted_bytes when there is one, else to index_bytes.
    std::optional<IndexSize> size;
};

/// The build as the report's JSON gives it ({"shares": "news"} for plain Xapian).
[[nodiscard]] nlohmann::json to_json(const BuildFigures& build);

/// A throughput pass as the report gives it.
struct Throughput {
    unsigned threads = 0;
    std::uint64_t searches = 0;
    double queries_per_second = 0;
};

/// One engine's figures in the report ("engines" object).
struct EngineSummary {
    std::map<std::string, Latency> all;                            ///< mode to latency
    std::map<std::string, std::map<std::string, Latency>> classes; ///< class, mode to latency
    std::vector<Throughput> throughput;
    std::vector<std::pair<std::string, std::string>> errors; ///< query id, why
    std::optional<double> ns_per_posting;
    std::string version;
    std::optional<double> open_seconds;
    std::optional<double> build_seconds;
    std::optional<double> warmup_seconds;
    long query_peak_rss_kib = 0;
    std::optional<BuildFigures> build;

    /// The latency of @p mode over @p klass (all queries when empty), or nullptr when there
    /// is none or it has no samples.
    [[nodiscard]] const Latency* latency(const std::string& klass, const std::string& mode) const;
};

/// Latency per class and mode, throughput, errors and the engine's own figures, from one
/// engine's output; @p class_of maps a query id to its class. query_peak_rss_kib is the
/// engine's own figure, or @p process_peak_rss_kib when it reports none.
[[nodiscard]] EngineSummary summarise_engine(const EngineOutput& output,
                                             const std::vector<std::string>& classes,
                                             const std::map<std::string, std::string>& class_of,
                                             long process_peak_rss_kib);

/// The summary as the report's JSON gives it.
[[nodiscard]] nlohmann::json to_json(const EngineSummary& summary);

/// Per engine other than "news": how many queries' exact counts were compared, how many equal
/// ours, and the first few that differ.
[[nodiscard]] nlohmann::json agreement(const std::map<std::string, EngineOutput>& outputs,
                                       const std::vector<BenchQuery>& queries);

} // namespace news::bench
