/// @file
/// @brief The quality report: each engine's measures per collection, ours against each peer
/// (wins/losses/ties on AP and a randomization test), the means over the collections; as JSON
/// for programs and Markdown tables for people.
#pragma once

#include "quality/collection.hpp"
#include "quality/metrics.hpp"
#include "quality/rankings.hpp"
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace news::bench::quality {

/// The engine every other is compared with.
inline constexpr const char* ours = "news";

/// One engine's measures on one collection.
struct EngineScores {
    std::string version;
    std::vector<std::string> query_ids; ///< the judged queries, in file order
    std::vector<QueryScores> per_query; ///< by query_ids
    std::vector<std::size_t> retrieved; ///< ids returned, by query_ids
    double map = 0;                     ///< mean AP over the judged queries
    double p10 = 0;                     ///< mean P@10
    double ndcg10 = 0;                  ///< mean nDCG@10
    std::map<std::string, std::string> errors;
    double seconds = 0;
    std::string run_file; ///< the TREC run file, or empty

    /// AP of each query, by query_ids.
    [[nodiscard]] std::vector<double> aps() const;
};

/// Ours against one peer, on AP.
struct Versus {
    PairedCounts counts;
    double map_difference = 0; ///< ours minus the peer
    double p_value = 1;        ///< two-sided paired randomization test
};

/// One collection's results.
struct CollectionResult {
    std::string name;
    std::string title;
    std::size_t documents = 0;
    std::size_t queries = 0;
    std::size_t judged_queries = 0;
    bool graded = false;
    std::map<std::string, EngineScores> engines;
    std::map<std::string, Versus> versus; ///< peer to ours against it
};

/// Scores @p rankings on @p collection's judged queries.
[[nodiscard]] EngineScores score_engine(const Collection& collection,
                                        const EngineRankings& rankings);

/// The collection's result from each engine's scores (ours, "news", among them, or no versus).
[[nodiscard]] CollectionResult collection_result(const Collection& collection,
                                                 std::map<std::string, EngineScores> engines,
                                                 const RandomizationSettings& settings);

/// The whole report.
struct QualityReport {
    std::vector<std::string> engines;                ///< in column order, ours first
    std::map<std::string, std::string> skipped;      ///< engine to why it did not run
    std::vector<CollectionResult> collections;       ///< in the order run
    RandomizationSettings settings;                  ///< of every p-value
    std::size_t k = 1000;                            ///< ids per query
    nlohmann::json extra = nlohmann::json::object(); ///< machine, command, paths, seconds
};

/// The report as JSON ("format_version": 1): settings, collections (per engine the means and
/// every judged query's ap/p10/ndcg10/retrieved; versus per peer), and "overall" (the means
/// over the collections, and ours against each peer over all of them).
[[nodiscard]] nlohmann::json report_json(const QualityReport& report);

/// The Markdown tables: MAP, P@10 and nDCG@10 per collection and engine with the mean over the
/// collections, then ours against each peer.
[[nodiscard]] std::string report_markdown(const QualityReport& report);

} // namespace news::bench::quality
