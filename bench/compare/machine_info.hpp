/// @file
/// @brief What the machine was and did when a comparison ran: cores, CPU, date, load, command.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace news::bench {

/// The CPU model from /proc/cpuinfo, or "unknown CPU".
[[nodiscard]] std::string cpu_model();

/// Now, as "YYYY-MM-DD HH:MM UTC".
[[nodiscard]] std::string utc_date();

/// The 1, 5 and 15 minute load averages as /proc/loadavg gives them ("0.12 0.30 0.25").
[[nodiscard]] std::string load_average();

/// The report's "machine" object: cores, cpu, date, xapian (the library version linked),
/// load_average and the command line @p argv joined by spaces.
[[nodiscard]] nlohmann::json machine_json(const std::vector<std::string>& argv);

} // namespace news::bench
