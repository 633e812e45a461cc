#include "compare/stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace news::bench {

Latency summarise(std::vector<std::uint64_t> nanoseconds) {
    Latency latency;
    latency.samples = nanoseconds.size();
    if (nanoseconds.empty()) {
        return latency;
    }
    std::sort(nanoseconds.begin(), nanoseconds.end());
    const auto rank = [&](double percent) {
        const auto index = static_cast<std::size_t>(
            std::ceil(percent / 100.0 * static_cast<double>(nanoseconds.size())));
        return static_cast<double>(nanoseconds[std::max<std::size_t>(index, 1) - 1]) / 1e6;
    };
    latency.p50_ms = rank(50);
    latency.p95_ms = rank(95);
    latency.p99_ms = rank(99);
    latency.max_ms = static_cast<double>(nanoseconds.back()) / 1e6;
    latency.mean_ms = std::accumulate(nanoseconds.begin(), nanoseconds.end(), 0.0) /
                      static_cast<double>(nanoseconds.size()) / 1e6;
    return latency;
}

double median(std::vector<double> values) {
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

} // namespace news::bench
