/// @file
/// @brief Running the story clusterer over a labelled corpus, in input order, as the indexer
/// does, and scoring it.
#pragma once

#include "news/common/article.hpp"
#include "news/indexer/story_clusterer.hpp"

#include "stories/metrics.hpp"

#include <map>
#include <string>
#include <vector>

namespace news::bench::stories {

/// Gold labels read from a TSV file: `id`, `label` and optionally `topic` and `split` columns.
struct Labels {
    struct Entry {
        std::string label;
        std::string split; ///< empty when the file has no split column
    };
    std::map<std::string, Entry, std::less<>> by_id;
    bool has_split = false;
};

/// Reads a labels TSV. A first line starting with "id<TAB>" is a header; blank lines and lines
/// starting with '#' are skipped.
/// @throws news::Error (NotFound) for a missing file, (BadData) for a line without two columns
/// or an id given twice.
[[nodiscard]] Labels read_labels(const std::string& path);

/// What one run of the clusterer gave, and what it cost.
struct ClustererRun {
    std::vector<std::string> stories;   ///< story id per article, in input order
    std::vector<std::string> copies_of; ///< copy_of per article
    double feature_seconds = 0;         ///< extract_features, all articles (CPU time)
    double assign_seconds = 0;          ///< Clusterer::assign, all articles (CPU time)
    double mean_feature_bytes = 0;      ///< serialised
    std::size_t max_feature_bytes = 0;
    std::size_t memory_bytes = 0; ///< Clusterer::memory_bytes() at the end
};

/// Clusters @p articles in order with a fresh Clusterer of @p parameters.
[[nodiscard]] ClustererRun run_clusterer(const std::vector<Article>& articles,
                                         const indexer::stories::Parameters& parameters);

} // namespace news::bench::stories
