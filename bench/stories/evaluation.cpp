/// @file
/// @brief Labels files and timed runs of the story clusterer.
#include "stories/evaluation.hpp"

#include "news/common/error.hpp"
#include "news/common/text.hpp"
#include "news/readers/line_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

namespace news::bench::stories {
namespace {

std::vector<std::string_view> split_tabs(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t tab = line.find('\t', start);
        fields.push_back(text::trim(line.substr(start, tab - start)));
        if (tab == std::string_view::npos) {
            return fields;
        }
        start = tab + 1;
    }
}

} // namespace

Labels read_labels(const std::string& path) {
    if (!std::filesystem::exists(path)) {
        throw Error(ErrorKind::NotFound, fmt::format("labels file not found: {}", path));
    }
    LineReader reader(path, std::size_t{1} << 20U, {});
    Labels labels;
    std::string line;
    std::size_t split_column = 0;
    bool first = true;
    while (reader.next(line) != LineReader::Status::End) {
        const auto fields = split_tabs(line);
        if (first && fields.front() == "id") {
            first = false;
            for (std::size_t i = 0; i < fields.size(); ++i) {
                if (fields[i] == "split") {
                    split_column = i;
                    labels.has_split = true;
                }
            }
            continue;
        }
        first = false;
        if (text::is_blank(line) || text::trim(line).front() == '#') {
            continue;
        }
        if (fields.size() < 2 || fields[0].empty() || fields[1].empty()) {
            throw Error(ErrorKind::BadData,
                        fmt::format("{}:{}: expected an id and a label, separated by a tab", path,
                                    reader.line_number()));
        }
        Labels::Entry entry{std::string(fields[1]), {}};
        if (labels.has_split && split_column < fields.size()) {
            entry.split = std::string(fields[split_column]);
        }
        if (!labels.by_id.emplace(std::string(fields[0]), std::move(entry)).second) {
            throw Error(ErrorKind::BadData, fmt::format("{}:{}: id '{}' is labelled twice", path,
                                                        reader.line_number(), fields[0]));
        }
    }
    return labels;
}

namespace {

/// CPU time of this thread, in seconds: the machine may be shared, wall time would count the
/// others' work.
double thread_seconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

} // namespace

ClustererRun run_clusterer(const std::vector<Article>& articles,
                           const indexer::stories::Parameters& parameters) {
    namespace is = indexer::stories;
    ClustererRun run;
    is::Clusterer clusterer(parameters);
    std::vector<std::shared_ptr<const is::Features>> features;
    features.reserve(articles.size());
    std::size_t total_bytes = 0;
    const double start = thread_seconds();
    for (const auto& article : articles) {
        features.push_back(is::extract_features(article));
    }
    const double extracted = thread_seconds();
    for (std::size_t i = 0; i < articles.size(); ++i) {
        auto assignment = clusterer.assign(articles[i].id, features[i]);
        run.stories.push_back(std::move(assignment.story_id));
        run.copies_of.push_back(std::move(assignment.copy_of));
    }
    const double assigned = thread_seconds();
    for (const auto& f : features) {
        const std::size_t bytes = is::serialise(*f).size();
        total_bytes += bytes;
        run.max_feature_bytes = std::max(run.max_feature_bytes, bytes);
    }
    run.feature_seconds = extracted - start;
    run.assign_seconds = assigned - extracted;
    run.mean_feature_bytes =
        articles.empty() ? 0.0
                         : static_cast<double>(total_bytes) / static_cast<double>(articles.size());
    run.memory_bytes = clusterer.memory_bytes();
    return run;
}

} // namespace news::bench::stories
