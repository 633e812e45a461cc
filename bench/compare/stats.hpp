/// @file
/// @brief Latency percentiles over pooled samples.
#pragma once

#include <cstdint>
#include <vector>

namespace news::bench {

/// Percentiles (nearest rank), mean and max of a set of timings, in milliseconds.
struct Latency {
    std::size_t samples = 0;
    double p50_ms = 0, p95_ms = 0, p99_ms = 0, mean_ms = 0, max_ms = 0;
};

/// Summarises @p nanoseconds (unsorted; copied and sorted here).
[[nodiscard]] Latency summarise(std::vector<std::uint64_t> nanoseconds);

/// The median of @p values (sorted here); 0 for none.
[[nodiscard]] double median(std::vector<double> values);

} // namespace news::bench
