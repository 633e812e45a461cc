/// @file
/// @brief The engines and modes of the comparison, defined once.
#include "compare/engine_list.hpp"

namespace news::bench {

const std::vector<std::string>& compared_engines() {
    static const std::vector<std::string> engines{"news", "xapian", "sqlite", "lucene", "floor"};
    return engines;
}

std::string compared_engines_list(const char* separator) {
    std::string list;
    for (const auto& engine : compared_engines()) {
        list += (list.empty() ? "" : separator) + engine;
    }
    return list;
}

const std::vector<std::string>& query_modes() {
    static const std::vector<std::string> modes{"top", "count", "facets"};
    return modes;
}

} // namespace news::bench
