/// @file
/// @brief The comparison's report: JSON for programs, Markdown with gnuplot plots for people.
#pragma once

#include "compare/engine_results.hpp"
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace news::bench {

/// One corpus's comparison: each engine's results as types, the rest (corpus, articles,
/// builds, queries, classes, agreement, one_shot, machine, settings, targets, files) as the
/// report's JSON fields.
struct CorpusReport {
    nlohmann::json fields = nlohmann::json::object();
    std::map<std::string, EngineSummary> engines; ///< engine name to its results

    /// The report's JSON: @ref fields plus "engines".
    [[nodiscard]] nlohmann::json to_json() const;
};

/// The files one corpus's report was written to.
struct ReportFiles {
    std::string json;
    std::string markdown;
    std::vector<std::string> plots;
};

/// Adds the target check ("targets") to @p report, then writes compare-CORPUS.json,
/// compare-CORPUS.md and, with @p plots and gnuplot on PATH, the PNG plots into @p out_dir;
/// @p scratch holds gnuplot's data and scripts.
ReportFiles write_report(CorpusReport& report, const std::string& out_dir, bool plots,
                         const std::string& scratch);

/// The few tables a person reads on the terminal: build, top-10 per class with ratios, targets.
[[nodiscard]] std::string text_summary(const CorpusReport& report);

} // namespace news::bench
