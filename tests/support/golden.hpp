/// @file
/// @brief Golden files (tests/golden/<case>.txt) and the normaliser for the tools' JSON output.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace news::test {

/// The golden file of @p case_name: source_dir()/tests/golden/<case_name>.txt.
[[nodiscard]] std::string golden_path(const std::string& case_name);

/// Checks @p actual against the golden file of @p case_name. On a difference it reports (with
/// BOOST_ERROR) the expected and actual text from the first differing line. With
/// NEWS_UPDATE_GOLDEN=1 in the environment it rewrites the file instead and passes; review the
/// resulting diff like code.
void expect_golden(const std::string& case_name, const std::string& actual);

/// Literal substrings to replace in every JSON string value, e.g. {temp_dir, "<tmp>"}.
using Replacements = std::vector<std::pair<std::string, std::string>>;

/// Parses @p json (one JSON document) and returns it in a stable form for golden files:
/// - elapsed_ms, seconds and articles_per_second (at any depth) become the string "<volatile>";
/// - "database" (an absolute or temp path) becomes "<db>";
/// - "score" is rounded to 3 decimals;
/// - @p replacements are applied to every string value;
/// then dumps it with an indent of 2 and a final newline.
/// @throws nlohmann::json::parse_error when @p json is not valid JSON.
[[nodiscard]] std::string normalize_json(std::string_view json,
                                         const Replacements& replacements = {});

/// normalize_json applied to each non-empty line of JSON Lines @p text, results concatenated.
[[nodiscard]] std::string normalize_json_lines(std::string_view text,
                                               const Replacements& replacements = {});

} // namespace news::test
