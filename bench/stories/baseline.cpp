/// @file
/// @brief TF-IDF cosine single-link clustering with a threshold tuned on the data.
#include "stories/baseline.hpp"

#include "news/common/analysis.hpp"
#include "news/common/folding.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace news::bench::stories {
namespace {

using Vector = std::vector<std::pair<std::size_t, double>>; // term index, weight; by index

std::map<std::string, std::size_t> count_words(const Article& article) {
    const std::string text = folding::fold_case_and_accents(article.title + "\n" + article.body);
    std::map<std::string, std::size_t> counts;
    std::string word;
    const auto flush = [&] {
        if (word.size() > 1 && !analysis::stopper()(word)) {
            ++counts[word];
        }
        word.clear();
    };
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || byte >= 0x80) {
            word += c;
        } else {
            flush();
        }
    }
    flush();
    return counts;
}

double dot(const Vector& a, const Vector& b) {
    double sum = 0;
    auto i = a.begin();
    auto j = b.begin();
    while (i != a.end() && j != b.end()) {
        if (i->first < j->first) {
            ++i;
        } else if (j->first < i->first) {
            ++j;
        } else {
            sum += i->second * j->second;
            ++i;
            ++j;
        }
    }
    return sum;
}

struct UnionFind {
    std::vector<std::size_t> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    std::size_t find(std::size_t x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }
    void unite(std::size_t a, std::size_t b) {
        a = find(a);
        b = find(b);
        if (a != b) {
            parent[std::max(a, b)] = std::min(a, b);
        }
    }
};

} // namespace

BaselineResult tfidf_single_link(const std::vector<Article>& articles,
                                 const std::vector<std::string>& gold) {
    const std::size_t n = articles.size();
    std::vector<std::map<std::string, std::size_t>> counts;
    counts.reserve(n);
    std::map<std::string, std::size_t> df;
    for (const auto& article : articles) {
        counts.push_back(count_words(article));
        for (const auto& [word, count] : counts.back()) {
            ++df[word];
        }
    }
    std::map<std::string, std::size_t> index;
    for (const auto& [word, count] : df) {
        index.emplace(word, index.size());
    }
    std::vector<Vector> vectors(n);
    for (std::size_t i = 0; i < n; ++i) {
        double norm = 0;
        for (const auto& [word, count] : counts[i]) {
            const double w = (1.0 + std::log(static_cast<double>(count))) *
                             std::log(static_cast<double>(n) / static_cast<double>(df.at(word)));
            vectors[i].emplace_back(index.at(word), w);
            norm += w * w;
        }
        norm = std::sqrt(norm);
        for (auto& [term, w] : vectors[i]) {
            w = norm > 0 ? w / norm : 0;
        }
    }
    struct Pair {
        double similarity;
        std::size_t a, b;
    };
    std::vector<Pair> pairs;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 1; j < n; ++j) {
            if (const double s = dot(vectors[i], vectors[j]); s >= 0.01 - 1e-12) {
                pairs.push_back({s, i, j});
            }
        }
    }
    std::sort(pairs.begin(), pairs.end(), [](const Pair& x, const Pair& y) {
        return x.similarity != y.similarity ? x.similarity > y.similarity
                                            : std::tie(x.a, x.b) < std::tie(y.a, y.b);
    });
    BaselineResult best;
    bool first = true;
    UnionFind components(n);
    std::size_t next = 0;
    constexpr int steps = 99;
    for (int step = steps; step >= 1; --step) {
        const double threshold = step / 100.0;
        while (next < pairs.size() && pairs[next].similarity >= threshold - 1e-12) {
            components.unite(pairs[next].a, pairs[next].b);
            ++next;
        }
        std::vector<std::string> labels(n);
        for (std::size_t i = 0; i < n; ++i) {
            labels[i] = std::to_string(components.find(i));
        }
        const ClusterScores scores = score_clustering(labels, gold);
        // Thresholds go down; ties keep the higher one (the more precise clustering).
        if (first || scores.bcubed_f1 > best.scores.bcubed_f1) {
            best = BaselineResult{threshold, std::move(labels), scores};
            first = false;
        }
    }
    return best;
}

} // namespace news::bench::stories
