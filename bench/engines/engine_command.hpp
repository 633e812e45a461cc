/// @file
/// @brief `news-bench engine NAME build|query ...`: the C++ engines' side of
/// bench/peers/PROTOCOL.md.
#pragma once

namespace news::bench {

/// Runs one engine command. @p argv[0] is "engine", @p argv[1] the engine name (news, xapian,
/// sqlite, floor), @p argv[2] the verb (build, query), then its options. Prints the verb's JSON
/// object on stdout, or one "news-bench engine: error: ..." line on stderr.
/// @return 0 on success, 64 for bad arguments, 66 for a missing input, 70 for anything else
/// (PROTOCOL.md's exit status).
[[nodiscard]] int run_engine_command(int argc, const char* const* argv);

} // namespace news::bench
