/// @file
/// @brief `news-bench queries`: draws the query classes from a database and writes them out.
#pragma once

namespace news::bench {

/// Runs `news-bench queries ...` (draws the query classes from a database and writes them out);
/// argv[0] is "queries". Returns the exit status.
[[nodiscard]] int run_queries_command(int argc, const char* const* argv);

} // namespace news::bench
