/// @file
/// @brief `news-bench entities`: the extracted people, places and organisations scored against
/// hand-annotated articles, and each corpus's top entity facet values judged.
#pragma once

namespace news::bench {

/// Runs `news-bench entities` (argv[0] is "entities"); returns the exit code.
int run_entities_command(int argc, const char* const* argv);

} // namespace news::bench
