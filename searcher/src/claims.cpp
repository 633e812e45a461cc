/// @file
/// @brief Claim extraction (first cut: nothing found).
#include "news/searcher/claims.hpp"

namespace news::searcher::claims {

std::vector<Claim> extract(std::string_view /*text*/) {
    return {};
}

std::vector<ClaimGroup> compare(const std::vector<std::vector<Claim>>& versions) {
    std::vector<ClaimGroup> groups;
    groups.reserve(versions.size());
    return groups;
}

} // namespace news::searcher::claims
