/// @file
/// @brief The comparison's report: JSON for programs, Markdown with gnuplot plots for people.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace news::bench {

/// The files one corpus's report was written to.
struct ReportFiles {
    std::string json;
    std::string markdown;
    std::vector<std::string> plots;
};

/// Adds the target check ("targets") to @p report, then writes compare-CORPUS.json,
/// compare-CORPUS.md and, with @p plots and gnuplot on PATH, the PNG plots into @p out_dir;
/// @p scratch holds gnuplot's data and scripts.
ReportFiles write_report(nlohmann::json& report, const std::string& out_dir, bool plots,
                         const std::string& scratch);

/// The few tables a person reads on the terminal: build, top-10 per class with ratios, targets.
[[nodiscard]] std::string text_summary(const nlohmann::json& report);

} // namespace news::bench
