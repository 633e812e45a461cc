/// @file
/// @brief `news-bench compare`: every engine on the same articles and queries, as ratios to us.
#pragma once

namespace news::bench {

/// Runs `news-bench compare ...`; argv[0] is "compare". Returns the exit status.
[[nodiscard]] int run_compare_command(int argc, const char* const* argv);

/// Runs `news-bench queries ...` (draws the query classes from a database and writes them out);
/// argv[0] is "queries". Returns the exit status.
[[nodiscard]] int run_queries_command(int argc, const char* const* argv);

/// Runs `news-bench export ...` (a corpus to articles.tsv, in its own process for compare);
/// argv[0] is "export". Returns the exit status.
[[nodiscard]] int run_export_command(int argc, const char* const* argv);

} // namespace news::bench
