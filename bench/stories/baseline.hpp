/// @file
/// @brief The reference method: TF-IDF cosine similarity, single link, with the threshold that
/// scores best on the data itself (so an upper bound of what that method reaches there).
#pragma once

#include "news/common/article.hpp"

#include "stories/metrics.hpp"

#include <string>
#include <vector>

namespace news::bench::stories {

/// The baseline's best clustering.
struct BaselineResult {
    double threshold = 0;            ///< the cosine from which two articles are linked
    std::vector<std::string> labels; ///< one cluster label per article
    ClusterScores scores;
};

/// Links every two of @p articles whose TF-IDF vectors (folded words of title and body, stop
/// words out, (1 + ln tf) * ln(N / df)) have a cosine of at least a threshold, and takes the
/// connected components; tries thresholds 0.01, 0.02, ..., 0.99 and keeps the one with the best
/// BCubed F1 against @p gold (the first such).
[[nodiscard]] BaselineResult tfidf_single_link(const std::vector<Article>& articles,
                                               const std::vector<std::string>& gold);

} // namespace news::bench::stories
