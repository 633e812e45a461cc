/// @file
/// @brief `news-bench compare`: every engine on the same articles and queries, as ratios to us.
#pragma once

namespace news::bench {

/// Runs `news-bench compare ...`; argv[0] is "compare". Returns the exit status.
[[nodiscard]] int run_compare_command(int argc, const char* const* argv);

} // namespace news::bench
