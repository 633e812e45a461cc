/// @file
/// @brief Scores of a clustering against gold labels: pairwise and BCubed precision, recall, F1.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace news::bench::stories {

/// How a predicted clustering compares with the gold one.
struct ClusterScores {
    std::size_t items = 0;
    std::size_t predicted_clusters = 0;
    std::size_t gold_clusters = 0;
    /// Over pairs of items: a pair is predicted when both are in one predicted cluster, gold
    /// when both have one gold label. No predicted pair: precision 1; no gold pair: recall 1.
    double pairwise_precision = 1, pairwise_recall = 1, pairwise_f1 = 1;
    /// Per item, averaged (Bagga and Baldwin): the share of its predicted cluster that has its
    /// gold label, and the share of its gold cluster that is in its predicted cluster.
    double bcubed_precision = 1, bcubed_recall = 1, bcubed_f1 = 1;
};

/// Scores @p predicted against @p gold (labels of the same items, in the same order).
[[nodiscard]] ClusterScores score_clustering(const std::vector<std::string>& predicted,
                                             const std::vector<std::string>& gold);

} // namespace news::bench::stories
