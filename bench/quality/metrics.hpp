/// @file
/// @brief Ranking-quality measures of one ranked list against human judgments (AP, P@k,
/// nDCG@k) and the paired comparison of two systems (wins/losses/ties, a randomization test).
///
/// Conventions are trec_eval's: a document is relevant when its grade is above 0; AP divides by
/// every relevant document of the query, retrieved or not; P@k divides by k even when fewer
/// were retrieved; nDCG's gain is the grade itself (linear) with a log2(rank + 1) discount, over
/// the ideal ordering of every judged grade of the query.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace news::bench::quality {

/// The judged documents of one query: document id to grade (> 0 relevant; higher is better).
using Grades = std::map<std::string, int>;

/// Average precision of @p ranking (document ids, best first) over all relevant documents of
/// @p grades; 0 when the query has none.
[[nodiscard]] double average_precision(const std::vector<std::string>& ranking,
                                       const Grades& grades);

/// Relevant documents among the first @p k of @p ranking, divided by @p k.
[[nodiscard]] double precision_at(const std::vector<std::string>& ranking, const Grades& grades,
                                  std::size_t k);

/// nDCG over the first @p k ranks, gain = grade, discount log2(rank + 1); 0 when the query has
/// no relevant document.
[[nodiscard]] double ndcg_at(const std::vector<std::string>& ranking, const Grades& grades,
                             std::size_t k);

/// One query's measures.
struct QueryScores {
    double ap = 0;
    double p10 = 0;
    double ndcg10 = 0;
};

/// AP, P@10 and nDCG@10 of @p ranking.
[[nodiscard]] QueryScores score_query(const std::vector<std::string>& ranking,
                                      const Grades& grades);

/// How often the first system beat the second, query by query.
struct PairedCounts {
    std::size_t wins = 0;   ///< first higher
    std::size_t losses = 0; ///< first lower
    std::size_t ties = 0;   ///< equal within 1e-9
};

/// Wins, losses and ties of @p first over @p second, paired by index.
/// @pre both have the same size.
[[nodiscard]] PairedCounts paired_counts(const std::vector<double>& first,
                                         const std::vector<double>& second);

/// Settings of the randomization test.
struct RandomizationSettings {
    std::size_t permutations = 10000;
    std::uint64_t seed = 20241121;
};

/// Two-sided paired randomization (sign-flip) test of the per-query differences @p groups (one
/// vector per collection). The statistic is the mean over groups of each group's mean
/// difference (with one group, the mean difference); each permutation flips the sign of every
/// difference with probability 1/2 (std::mt19937_64 seeded with settings.seed, so the p-value
/// is reproducible). Returns (count of |permuted| >= |observed| + 1) / (permutations + 1); 1
/// when there is no difference at all. Empty groups are ignored.
[[nodiscard]] double randomization_p_value(const std::vector<std::vector<double>>& groups,
                                           const RandomizationSettings& settings = {});

/// Mean of @p values; 0 when empty.
[[nodiscard]] double mean(const std::vector<double>& values);

} // namespace news::bench::quality
