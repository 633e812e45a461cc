/// @file
/// @brief `news-bench stories`: story clustering scored against labelled events, with a TF-IDF
/// single-link baseline.
#pragma once

namespace news::bench {

/// Runs `news-bench stories` (argv[0] is "stories"); returns the exit code.
int run_stories_command(int argc, const char* const* argv);

} // namespace news::bench
