/// @file
/// @brief The executables a comparison starts: news-index, news-search, news-bench's own
/// engines and the Lucene launcher, found next to news-bench in the build tree.
#pragma once

#include <string>
#include <vector>

namespace news::bench {

/// Where the executables are.
struct Tools {
    std::string bench;      ///< news-bench itself
    std::string index;      ///< news-index
    std::string search;     ///< news-search
    std::string lucene;     ///< the news-lucene launcher, or empty when not built
    std::string lucene_why; ///< why Lucene is unavailable
};

/// The tools next to the running news-bench.
[[nodiscard]] Tools find_tools();

/// The command that runs @p engine's protocol (bench/peers/PROTOCOL.md), before its
/// subcommand: the Lucene launcher, or `news-bench engine NAME`.
[[nodiscard]] std::vector<std::string> engine_command(const Tools& tools,
                                                      const std::string& engine);

} // namespace news::bench
