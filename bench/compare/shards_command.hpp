/// @file
/// @brief `news-bench shards`: one corpus as 1, 2, 4 ... shards, searched locally and through
/// stock xapian-tcpsrv servers on loopback, side by side: latency, throughput, what a remote hop
/// costs, and whether every configuration gives the answers of the first.
#pragma once

namespace news::bench {

/// Runs `news-bench shards` with its own arguments (argv[0] is "shards").
/// @return the process exit code.
int run_shards_command(int argc, char** argv);

} // namespace news::bench
