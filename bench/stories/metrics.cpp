/// @file
/// @brief Pairwise and BCubed scores from the contingency table of predicted and gold labels.
#include "stories/metrics.hpp"

#include <cassert>
#include <map>
#include <utility>

namespace news::bench::stories {
namespace {

double pairs(std::size_t n) {
    return static_cast<double>(n) * static_cast<double>(n > 0 ? n - 1 : 0) / 2.0;
}

double harmonic(double p, double r) {
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

} // namespace

ClusterScores score_clustering(const std::vector<std::string>& predicted,
                               const std::vector<std::string>& gold) {
    assert(predicted.size() == gold.size());
    ClusterScores scores;
    scores.items = predicted.size();
    if (scores.items == 0) {
        return scores;
    }
    std::map<std::pair<std::string, std::string>, std::size_t> joint;
    std::map<std::string, std::size_t> predicted_sizes;
    std::map<std::string, std::size_t> gold_sizes;
    for (std::size_t i = 0; i < predicted.size(); ++i) {
        ++joint[{predicted[i], gold[i]}];
        ++predicted_sizes[predicted[i]];
        ++gold_sizes[gold[i]];
    }
    scores.predicted_clusters = predicted_sizes.size();
    scores.gold_clusters = gold_sizes.size();

    double both = 0;
    double bcubed_precision = 0;
    double bcubed_recall = 0;
    for (const auto& [key, n] : joint) {
        both += pairs(n);
        const auto count = static_cast<double>(n);
        bcubed_precision += count * count / static_cast<double>(predicted_sizes.at(key.first));
        bcubed_recall += count * count / static_cast<double>(gold_sizes.at(key.second));
    }
    double predicted_pairs = 0;
    for (const auto& [label, n] : predicted_sizes) {
        predicted_pairs += pairs(n);
    }
    double gold_pairs = 0;
    for (const auto& [label, n] : gold_sizes) {
        gold_pairs += pairs(n);
    }
    scores.pairwise_precision = predicted_pairs > 0 ? both / predicted_pairs : 1.0;
    scores.pairwise_recall = gold_pairs > 0 ? both / gold_pairs : 1.0;
    scores.pairwise_f1 = harmonic(scores.pairwise_precision, scores.pairwise_recall);
    const auto items = static_cast<double>(scores.items);
    scores.bcubed_precision = bcubed_precision / items;
    scores.bcubed_recall = bcubed_recall / items;
    scores.bcubed_f1 = harmonic(scores.bcubed_precision, scores.bcubed_recall);
    return scores;
}

} // namespace news::bench::stories
