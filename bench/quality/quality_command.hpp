/// @file
/// @brief `news-bench quality`: ranking quality (MAP, P@10, nDCG@10) of ours and the peers on
/// the classic IR test collections.
#pragma once

namespace news::bench {

/// Runs `news-bench quality` (argv[0] is "quality"); returns the exit code.
int run_quality_command(int argc, const char* const* argv);

} // namespace news::bench
