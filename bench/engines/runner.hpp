/// @file
/// @brief The query protocol of PROTOCOL.md: warm-up and timed passes per mode, then the
/// multi-threaded throughput passes, reported as one JSON object.
#pragma once

#include "engines/engine.hpp"
#include <nlohmann/json.hpp>

#include <cstddef>
#include <vector>

namespace news::bench {

/// How many passes to make.
struct RunOptions {
    std::size_t runs = 5;                ///< timed passes per mode
    std::size_t warmup = 1;              ///< untimed passes per mode before them
    std::vector<unsigned> threads = {1}; ///< thread counts of the throughput passes
};

/// Facet values kept per field in the report.
constexpr std::size_t reported_facet_values = 10;

/// Runs @p queries on @p engine and returns the report: "engine", "version", "open_seconds",
/// "queries" (id, class, hits, top, facets, ns per mode; "error" for a query the engine
/// cannot run; "postings" when the engine counts them), "throughput", plus
/// Engine::extra_report(). One untimed pass in count mode comes first: it finds the queries
/// the engine cannot run, and gives "hits" and "top".
/// @throws news::Error from the engine (other than a query's own Usage error).
[[nodiscard]] nlohmann::json run_queries(Engine& engine, double open_seconds,
                                         const std::vector<BenchQuery>& queries,
                                         const RunOptions& options);

} // namespace news::bench
