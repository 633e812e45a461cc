/// @file
/// @brief End-to-end tests of news-synth on the made-up corpora in tests/data: byte-identical
/// output for a seed, everything labelled synthetic, and output that news-index accepts.
#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using news::test::run_tool;
using news::test::RunResult;
using news::test::TempDir;
using nlohmann::json;

const std::string synth_exe = NEWS_SYNTH_EXE;

// The made-up corpora of every format the readers know.
std::vector<std::string> made_up_inputs() {
    const auto data = news::test::source_dir() / "tests/data";
    return {(data / "reuters").string(), (data / "fakenewsnet").string(),
            (data / "mixed").string()};
}

RunResult synth(std::vector<std::string> args) {
    for (auto& input : made_up_inputs()) {
        args.push_back(std::move(input));
    }
    return run_tool(synth_exe, args);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::vector<json> lines_of(const std::string& text) {
    std::vector<json> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(json::parse(line));
    }
    return lines;
}

} // namespace

BOOST_AUTO_TEST_SUITE(synth_cli)

BOOST_AUTO_TEST_CASE(same_seed_gives_byte_identical_output) {
    const auto first = synth({"--count", "200", "-q"});
    BOOST_TEST_REQUIRE(first.exit_code == 0, first.describe());
    BOOST_TEST(first.err.empty());
    const auto second = synth({"--count", "200", "-q"});
    BOOST_TEST_REQUIRE(second.exit_code == 0, second.describe());
    BOOST_TEST(first.out == second.out);
    BOOST_TEST(lines_of(first.out).size() == 200U);

    TempDir dir;
    const std::string file = dir / "synth.jsonl";
    const auto to_file = synth({"--count", "200", "--output", file, "-q"});
    BOOST_TEST_REQUIRE(to_file.exit_code == 0, to_file.describe());
    BOOST_TEST(to_file.out.empty());
    BOOST_TEST(read_file(file) == first.out);
}

BOOST_AUTO_TEST_CASE(other_seed_gives_other_output) {
    const auto first = synth({"--count", "100", "-q", "--seed", "1"});
    const auto second = synth({"--count", "100", "-q", "--seed", "2"});
    BOOST_TEST_REQUIRE(first.exit_code == 0, first.describe());
    BOOST_TEST_REQUIRE(second.exit_code == 0, second.describe());
    BOOST_TEST(first.out != second.out);
}

BOOST_AUTO_TEST_CASE(every_article_is_labelled_synthetic) {
    const auto result = synth({"--count", "150", "--from", "2021-03-01", "--to", "2021-06-30"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.describe());
    BOOST_TEST(result.err.rfind("news-synth: 150 articles (", 0) == 0U, result.err);
    for (const auto& line : lines_of(result.out)) {
        BOOST_TEST(line["id"].get<std::string>().rfind("synthetic:", 0) == 0U);
        BOOST_TEST(line["source"].get<std::string>().rfind("synthetic ", 0) == 0U);
        BOOST_TEST(line["url"].get<std::string>().rfind("https://synthetic.invalid/", 0) == 0U);
        BOOST_TEST(line["facets"]["label"] == json::array({"synthetic"}));
        const std::string date = line["date"];
        BOOST_TEST((date >= "2021-03-01" && date <= "2021-06-30"), date);
    }
}

BOOST_AUTO_TEST_CASE(news_index_accepts_every_article) {
    TempDir dir;
    const std::string corpus = dir / "synth.jsonl";
    const auto made = synth({"--count", "300", "--output", corpus, "-q"});
    BOOST_TEST_REQUIRE(made.exit_code == 0, made.describe());
    const std::string db = dir / "synth.db";
    const auto indexed = run_tool(
        NEWS_INDEX_EXE, {"--db", db, "--strict", "--json", "-q", "--threads", "2", corpus});
    BOOST_TEST_REQUIRE(indexed.exit_code == 0, indexed.describe());
    const auto events = lines_of(indexed.out);
    BOOST_TEST_REQUIRE(!events.empty());
    const auto& summary = events.back();
    BOOST_TEST(summary["type"] == "summary");
    BOOST_TEST(summary["indexed"] == 300);
    BOOST_TEST(summary["skipped"] == 0); // --strict also exits 65 on any rejection

    const auto found =
        run_tool(NEWS_SEARCH_EXE, {"--db", db, "--json", "--limit", "5", "invented"});
    BOOST_TEST_REQUIRE(found.exit_code == 0, found.describe());
    const auto answer = json::parse(found.out);
    BOOST_TEST_REQUIRE(!answer["hits"].empty());
    for (const auto& hit : answer["hits"]) {
        BOOST_TEST(hit["id"].get<std::string>().rfind("synthetic:", 0) == 0U);
        BOOST_TEST(hit["source"].get<std::string>().rfind("synthetic ", 0) == 0U);
    }
}

BOOST_AUTO_TEST_CASE(missing_shared_corpora_exit_66) {
    const auto result = run_tool(synth_exe, {"--corpora", "/nonexistent/corpora", "--count", "5"});
    BOOST_TEST(result.exit_code == 66, result.describe());
    BOOST_TEST(result.err.rfind("news-synth: error: shared corpus not found: /nonexistent/", 0) ==
                   0U,
               result.err);
    BOOST_TEST(result.out.empty());
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_64) {
    const auto none = run_tool(synth_exe, {"--count", "5"});
    BOOST_TEST(none.exit_code == 64, none.describe());
    BOOST_TEST(none.err.rfind("news-synth: error: no input given", 0) == 0U, none.err);
    const auto share = synth({"--rewrite-share", "1.5"});
    BOOST_TEST(share.exit_code == 64, share.describe());
    const auto date = synth({"--from", "soon"});
    BOOST_TEST(date.exit_code == 64, date.describe());
    BOOST_TEST(date.err.rfind("news-synth: error: --from 'soon'", 0) == 0U, date.err);
}

BOOST_AUTO_TEST_CASE(help_goes_to_stdout) {
    const auto result = run_tool(synth_exe, {"--help"});
    BOOST_TEST(result.exit_code == 0, result.describe());
    BOOST_TEST(result.out.find("--corpora") != std::string::npos);
    BOOST_TEST(result.out.find("Exit status:") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
