/// @file
/// @brief Substring checks the tests share.
#pragma once

#include <string_view>

namespace news::test {

/// True when @p text contains @p part.
[[nodiscard]] inline bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

/// True when @p text begins with @p prefix.
[[nodiscard]] inline bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

} // namespace news::test
