/// @file
/// @brief What the comparison makes of each engine's query output: latency per class and mode,
/// throughput, errors, and whether the exact counts agree with ours.
#pragma once

#include "engines/workload.hpp"
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace news::bench {

/// Latency per class and mode, throughput, errors and the engine's own figures, from one
/// engine's `query` output; @p class_of maps a query id to its class.
[[nodiscard]] nlohmann::json summarise_engine(const nlohmann::json& output,
                                              const std::vector<std::string>& classes,
                                              const std::map<std::string, std::string>& class_of);

/// Per engine other than "news": how many queries' exact counts were compared, how many equal
/// ours, and the first few that differ.
[[nodiscard]] nlohmann::json agreement(const std::map<std::string, nlohmann::json>& outputs,
                                       const std::vector<BenchQuery>& queries);

} // namespace news::bench
