/// @file
/// @brief One corpus through the comparison: export the articles, build every engine's index,
/// draw the queries, run each engine's queries in its own process, time the one-shot commands.
#pragma once

#include "compare/compare_options.hpp"
#include "compare/corpus.hpp"
#include "compare/report.hpp"
#include "compare/tools.hpp"
#include <nlohmann/json.hpp>

#include <string>

namespace news::bench {

/// Runs the comparison of @p corpus with its indexes and scratch files under @p work, and
/// returns its report (without "machine", "settings", "targets" and "files", which the caller
/// and write_report add).
/// @throws news::Error when an engine or a step fails, or nothing could be read.
[[nodiscard]] CorpusReport compare_corpus(const CompareConfig& config, const Tools& tools,
                                          const CorpusSpec& corpus, const std::string& work);

} // namespace news::bench
