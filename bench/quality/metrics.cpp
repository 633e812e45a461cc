/// @file
/// @brief AP, P@k, nDCG@k and the paired randomization test.
#include "quality/metrics.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <functional>
#include <random>

namespace news::bench::quality {
namespace {

int grade_of(const Grades& grades, const std::string& id) {
    const auto it = grades.find(id);
    return it == grades.end() ? 0 : it->second;
}

std::size_t relevant_count(const Grades& grades) {
    return static_cast<std::size_t>(
        std::count_if(grades.begin(), grades.end(), [](const auto& g) { return g.second > 0; }));
}

double discount(std::size_t rank) { // 1-based
    return std::log2(static_cast<double>(rank) + 1.0);
}

constexpr double tie_epsilon = 1e-9;

} // namespace

double average_precision(const std::vector<std::string>& ranking, const Grades& grades) {
    const std::size_t relevant = relevant_count(grades);
    if (relevant == 0) {
        return 0;
    }
    double sum = 0;
    std::size_t found = 0;
    for (std::size_t i = 0; i < ranking.size(); ++i) {
        if (grade_of(grades, ranking[i]) > 0) {
            ++found;
            sum += static_cast<double>(found) / static_cast<double>(i + 1);
        }
    }
    return sum / static_cast<double>(relevant);
}

double precision_at(const std::vector<std::string>& ranking, const Grades& grades, std::size_t k) {
    if (k == 0) {
        return 0;
    }
    std::size_t found = 0;
    for (std::size_t i = 0; i < ranking.size() && i < k; ++i) {
        found += grade_of(grades, ranking[i]) > 0 ? 1U : 0U;
    }
    return static_cast<double>(found) / static_cast<double>(k);
}

double ndcg_at(const std::vector<std::string>& ranking, const Grades& grades, std::size_t k) {
    std::vector<int> ideal;
    for (const auto& [id, grade] : grades) {
        if (grade > 0) {
            ideal.push_back(grade);
        }
    }
    std::sort(ideal.begin(), ideal.end(), std::greater<>());
    double ideal_dcg = 0;
    for (std::size_t i = 0; i < ideal.size() && i < k; ++i) {
        ideal_dcg += static_cast<double>(ideal[i]) / discount(i + 1);
    }
    if (ideal_dcg == 0) {
        return 0;
    }
    double dcg = 0;
    for (std::size_t i = 0; i < ranking.size() && i < k; ++i) {
        const int grade = grade_of(grades, ranking[i]);
        if (grade > 0) {
            dcg += static_cast<double>(grade) / discount(i + 1);
        }
    }
    return dcg / ideal_dcg;
}

QueryScores score_query(const std::vector<std::string>& ranking, const Grades& grades) {
    return {average_precision(ranking, grades), precision_at(ranking, grades, 10),
            ndcg_at(ranking, grades, 10)};
}

PairedCounts paired_counts(const std::vector<double>& first, const std::vector<double>& second) {
    assert(first.size() == second.size());
    PairedCounts counts;
    for (std::size_t i = 0; i < first.size() && i < second.size(); ++i) {
        const double diff = first[i] - second[i];
        if (diff > tie_epsilon) {
            ++counts.wins;
        } else if (diff < -tie_epsilon) {
            ++counts.losses;
        } else {
            ++counts.ties;
        }
    }
    return counts;
}

double mean(const std::vector<double>& values) {
    if (values.empty()) {
        return 0;
    }
    double sum = 0;
    for (const double v : values) {
        sum += v;
    }
    return sum / static_cast<double>(values.size());
}

double randomization_p_value(const std::vector<std::vector<double>>& groups,
                             const RandomizationSettings& settings) {
    std::vector<const std::vector<double>*> used;
    for (const auto& group : groups) {
        if (!group.empty()) {
            used.push_back(&group);
        }
    }
    const auto statistic = [&](const std::vector<std::vector<double>>& signs) {
        double total = 0;
        for (std::size_t g = 0; g < used.size(); ++g) {
            double sum = 0;
            for (std::size_t i = 0; i < used[g]->size(); ++i) {
                sum += signs[g][i] * (*used[g])[i];
            }
            total += sum / static_cast<double>(used[g]->size());
        }
        return used.empty() ? 0.0 : total / static_cast<double>(used.size());
    };
    std::vector<std::vector<double>> signs;
    signs.reserve(used.size());
    for (const auto* group : used) {
        signs.emplace_back(group->size(), 1.0);
    }
    const double observed = std::abs(statistic(signs));
    if (observed <= tie_epsilon) {
        return 1.0;
    }
    std::mt19937_64 random(settings.seed);
    std::size_t at_least = 0;
    for (std::size_t p = 0; p < settings.permutations; ++p) {
        std::uint64_t bits = 0;
        unsigned left = 0;
        for (auto& group : signs) {
            for (double& sign : group) {
                if (left == 0) {
                    bits = random();
                    left = 64;
                }
                sign = (bits & 1U) != 0 ? 1.0 : -1.0;
                bits >>= 1U;
                --left;
            }
        }
        // The small allowance keeps permutations equal to the observed value (ties in floating
        // point) on the side of "at least as extreme", as an exact test counts them.
        if (std::abs(statistic(signs)) >= observed - tie_epsilon) {
            ++at_least;
        }
    }
    return static_cast<double>(at_least + 1) / static_cast<double>(settings.permutations + 1);
}

} // namespace news::bench::quality
