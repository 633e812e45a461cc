/// @file
/// @brief expect_golden and the JSON normaliser.
#include "support/golden.hpp"

#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace news::test {
namespace {

using nlohmann::json;

// Lines shown on each side of a failed comparison: enough to see the change, not a flood.
constexpr std::size_t shown_lines = 20;

bool update_requested() {
    const char* value = std::getenv("NEWS_UPDATE_GOLDEN");
    return value != nullptr && std::string_view(value) == "1";
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        lines.push_back(text.substr(0, end));
        if (end == std::string_view::npos) {
            break;
        }
        text.remove_prefix(end + 1);
    }
    return lines;
}

std::string excerpt(const std::vector<std::string_view>& lines, std::size_t from) {
    std::string out;
    for (std::size_t i = from; i < lines.size() && i < from + shown_lines; ++i) {
        out += fmt::format("{:>4}| {}\n", i + 1, lines[i]);
    }
    if (from >= lines.size()) {
        out += "    (end of text)\n";
    } else if (lines.size() > from + shown_lines) {
        out += fmt::format("    ... {} more lines\n", lines.size() - from - shown_lines);
    }
    return out;
}

std::string read_text(const std::string& path, bool& found) {
    std::ifstream in(path, std::ios::binary);
    found = static_cast<bool>(in);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    if (from.empty()) {
        return;
    }
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

void normalize(json& value, const Replacements& replacements) {
    if (value.is_object()) {
        for (auto& [key, item] : value.items()) {
            if (key == "elapsed_ms" || key == "seconds" || key == "articles_per_second") {
                item = "<volatile>";
            } else if (key == "database" && item.is_string()) {
                item = "<db>";
            } else if (key == "score" && item.is_number()) {
                item = std::round(item.get<double>() * 1000.0) / 1000.0;
            } else {
                normalize(item, replacements);
            }
        }
    } else if (value.is_array()) {
        for (auto& item : value) {
            normalize(item, replacements);
        }
    } else if (value.is_string()) {
        auto text = value.get<std::string>();
        for (const auto& [from, to] : replacements) {
            replace_all(text, from, to);
        }
        value = text;
    }
}

} // namespace

std::string golden_path(const std::string& case_name) {
    return (source_dir() / "tests" / "golden" / (case_name + ".txt")).string();
}

void expect_golden(const std::string& case_name, const std::string& actual) {
    const std::string path = golden_path(case_name);
    if (update_requested()) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << actual;
        BOOST_TEST(static_cast<bool>(out), "cannot write " << path);
        BOOST_TEST_MESSAGE("golden: rewrote " << path);
        return;
    }
    bool found = false;
    const std::string expected = read_text(path, found);
    if (!found) {
        BOOST_ERROR(fmt::format("golden: {} is missing; run with NEWS_UPDATE_GOLDEN=1 to create "
                                "it, then review it. Actual output:\n{}",
                                path, actual));
        return;
    }
    if (expected == actual) {
        BOOST_TEST(true); // counts as a passed assertion in the report
        return;
    }
    const auto want = split_lines(expected);
    const auto got = split_lines(actual);
    std::size_t first = 0;
    while (first < want.size() && first < got.size() && want[first] == got[first]) {
        ++first;
    }
    std::string note;
    if (first == want.size() && first == got.size()) {
        note = " (the texts differ only in their final newline)";
    }
    BOOST_ERROR(fmt::format("golden: output differs from {} at line {}{}\n"
                            "--- expected (from line {}):\n{}"
                            "+++ actual (from line {}):\n{}"
                            "(rerun with NEWS_UPDATE_GOLDEN=1 to accept the new output)",
                            path, first + 1, note, first + 1, excerpt(want, first), first + 1,
                            excerpt(got, first)));
}

std::string normalize_json(std::string_view text, const Replacements& replacements) {
    json value = json::parse(text);
    normalize(value, replacements);
    return value.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string normalize_json_lines(std::string_view text, const Replacements& replacements) {
    std::string out;
    for (const auto line : split_lines(text)) {
        if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
            out += normalize_json(line, replacements);
        }
    }
    return out;
}

} // namespace news::test
