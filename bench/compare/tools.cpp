/// @file
/// @brief Finding the comparison's executables in the build tree.
#include "compare/tools.hpp"

#include "compare/child_process.hpp"

#include <filesystem>

namespace news::bench {

Tools find_tools() {
    const std::string bench_dir = executable_dir();
    Tools tools;
    tools.bench = bench_dir + "/news-bench";
    tools.index = bench_dir + "/../indexer/news-index";
    tools.search = bench_dir + "/../searcher/news-search";
    const std::string launcher = bench_dir + "/news-lucene";
    if (!std::filesystem::exists(launcher)) {
        tools.lucene_why = "the news-lucene harness was not built (needs a JDK and Debian's "
                           "liblucene8-java when configuring)";
    } else {
        tools.lucene = launcher;
    }
    return tools;
}

std::vector<std::string> engine_command(const Tools& tools, const std::string& engine) {
    if (engine == "lucene") {
        return {tools.lucene};
    }
    return {tools.bench, "engine", engine};
}

} // namespace news::bench
