/// @file
/// @brief `news-bench export`: a corpus to articles.tsv, in its own process for compare.
#pragma once

namespace news::bench {

/// Runs `news-bench export ...` (a corpus to articles.tsv, bench/peers/PROTOCOL.md; prints a
/// JSON summary); argv[0] is "export". Returns the exit status.
[[nodiscard]] int run_export_command(int argc, const char* const* argv);

} // namespace news::bench
