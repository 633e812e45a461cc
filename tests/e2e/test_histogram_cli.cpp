/// @file
/// @brief End-to-end tests of news-search --histogram, --by, --normalize, --plot and
/// --sort oldest, on the sample corpus and on a small made-up corpus with gaps.
#include "support/indexed_db.hpp"
#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include "support/text_match.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

using news::test::contains;
using nlohmann::json;

using Indexed = news::test::IndexedDb;

struct IndexedSample : Indexed {
    IndexedSample() { index({(news::test::source_dir() / "corpus" / "sample").string()}); }
};

// Seven made-up articles about a harbour: six dated from January to June 2024 with nothing in
// March or April, one undated.
struct IndexedGaps : Indexed {
    IndexedGaps() {
        const auto line = [](const std::string& id, const std::string& source,
                             const std::string& date, const std::string& body) {
            json article = {
                {"id", id}, {"title", "Note " + id}, {"body", body}, {"source", source}};
            if (!date.empty()) {
                article["date"] = date;
            }
            return article.dump() + "\n";
        };
        const std::string corpus =
            line("g1", "Gazette", "2024-01-05", "The harbour ferry was late.") +
            line("g2", "Gazette", "2024-01-28", "The harbour wall was repaired.") +
            line("g3", "Courier", "2024-02-14", "A harbour seal was seen.") +
            line("g4", "Gazette", "2024-05-01", "The harbour festival opened.") +
            line("g5", "Courier", "2024-06-30", "The harbour master retired.") +
            line("g6", "Courier", "", "An undated harbour note.") +
            line("g7", "Gazette", "2024-03-03", "A market opened in the square.");
        index({dir.write("gaps.jsonl", corpus)});
    }
};

std::vector<std::string> strings_of(const json& array) {
    return array.get<std::vector<std::string>>();
}

std::vector<unsigned> counts_of(const json& series) {
    return series.at("counts").get<std::vector<unsigned>>();
}

bool gnuplot_exists() {
    return std::system("command -v gnuplot >/dev/null 2>&1") == 0;
}

} // namespace

BOOST_AUTO_TEST_SUITE(histogram_cli)

BOOST_FIXTURE_TEST_CASE(month_histogram_of_the_sample_counts_every_match, IndexedSample) {
    const auto result = search_json({"--any", "missiles troops korea", "--histogram", "month"});
    const auto& h = result.at("histogram");
    BOOST_TEST(h.at("interval") == "month");
    BOOST_TEST(h.at("normalized") == false);
    const unsigned total = result.at("total").at("upper").get<unsigned>();
    BOOST_TEST(h.at("matches") == total);
    unsigned dated = 0;
    for (const auto count : counts_of(h.at("series").at(0))) {
        dated += count;
    }
    BOOST_TEST(dated + h.at("undated").get<unsigned>() == total, h.dump());
    BOOST_TEST(strings_of(h.at("periods")) == (std::vector<std::string>{"2024-11"}),
               boost::test_tools::per_element());
    // The hits are still listed.
    BOOST_TEST(!result.at("hits").empty());

    const auto text = search({"--any", "missiles troops korea", "--histogram", "month", "-n", "0"});
    BOOST_TEST(text.exit_code == 0, text.describe());
    BOOST_TEST(contains(text.out, "\nmatches per month:\n2024-11  \u2588"), text.out);
    BOOST_TEST(contains(text.out, "\nundated  "), text.out);
}

BOOST_FIXTURE_TEST_CASE(empty_months_show_as_zero_in_date_order, IndexedGaps) {
    const auto result = search_json({"harbour", "--histogram", "month", "-n", "0"});
    const auto& h = result.at("histogram");
    BOOST_TEST(strings_of(h.at("periods")) ==
                   (std::vector<std::string>{"2024-01", "2024-02", "2024-03", "2024-04", "2024-05",
                                             "2024-06"}),
               boost::test_tools::per_element());
    BOOST_TEST(counts_of(h.at("series").at(0)) == (std::vector<unsigned>{2, 1, 0, 0, 1, 1}),
               boost::test_tools::per_element());
    BOOST_TEST(h.at("undated") == 1);
    BOOST_TEST(h.at("matches") == 6);
    BOOST_TEST(h.at("series").at(0).at("name") == "all");

    const auto text = search({"harbour", "--histogram", "month", "-n", "0"});
    BOOST_TEST(text.exit_code == 0, text.describe());
    BOOST_TEST(contains(text.out, "6 articles match 'harbour'\n\nmatches per month:\n2024-01  "),
               text.out);
    // Every line is at most 80 columns (the width when stdout is not a terminal).
    const std::string expected_tail =
        "2024-03" + std::string(72, ' ') + "0\n" + "2024-04" + std::string(72, ' ') + "0\n";
    BOOST_TEST(contains(text.out, expected_tail), text.out);
    BOOST_TEST(contains(text.out, "\nundated  1\n"), text.out);
}

BOOST_FIXTURE_TEST_CASE(by_source_adds_up_and_normalize_gives_shares, IndexedGaps) {
    const auto result = search_json(
        {"harbour", "--histogram", "month", "--by", "source", "--by-limit", "1", "-n", "0"});
    const auto& series = result.at("histogram").at("series");
    BOOST_TEST_REQUIRE(series.size() == 2U);
    BOOST_TEST(series.at(0).at("name") == "Courier"); // 3 matches against the Gazette's 3: by name
    BOOST_TEST(counts_of(series.at(0)) == (std::vector<unsigned>{0, 1, 0, 0, 0, 1}),
               boost::test_tools::per_element());
    BOOST_TEST(series.at(1).at("name") == "other");
    BOOST_TEST(counts_of(series.at(1)) == (std::vector<unsigned>{2, 0, 0, 0, 1, 0}),
               boost::test_tools::per_element());
    BOOST_TEST(
        series.at(0).at("total").get<unsigned>() + series.at(1).at("total").get<unsigned>() == 6U);

    const auto normalized =
        search_json({"harbour", "--histogram", "month", "--normalize", "-n", "0"});
    const auto& h = normalized.at("histogram");
    BOOST_TEST(h.at("normalized") == true);
    BOOST_TEST(h.at("all_articles") == json::parse("[2,1,1,0,1,1]"));
    BOOST_TEST(h.at("series").at(0).at("shares") == json::parse("[1.0,1.0,0.0,null,1.0,1.0]"));
    const auto text = search({"harbour", "--histogram", "month", "--normalize", "-n", "0"});
    BOOST_TEST(contains(text.out, "matches per month, as a share of all articles:\n"), text.out);
    BOOST_TEST(contains(text.out, " 100.0% (2/2)\n"), text.out);
    BOOST_TEST(contains(text.out, "2024-04" + std::string(72, ' ') + "-"), text.out);
}

BOOST_FIXTURE_TEST_CASE(sort_oldest_puts_the_oldest_first_and_undated_last, IndexedGaps) {
    const auto result = search_json({"harbour", "--sort", "oldest", "--no-snippets"});
    std::vector<std::string> dates;
    for (const auto& hit : result.at("hits")) {
        dates.push_back(hit.at("date").is_null() ? "" : hit.at("date").get<std::string>());
    }
    BOOST_TEST(dates == (std::vector<std::string>{"2024-01-05", "2024-01-28", "2024-02-14",
                                                  "2024-05-01", "2024-06-30", ""}),
               boost::test_tools::per_element());
    BOOST_TEST(result.at("sort") == "oldest");
    const auto newest = search_json({"harbour", "--sort", "date", "--no-snippets"});
    BOOST_TEST(newest.at("hits").at(0).at("date") == "2024-06-30");
}

BOOST_FIXTURE_TEST_CASE(bad_histogram_flags_are_usage_errors, IndexedGaps) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"harbour", "--histogram", "fortnight"},
             {"harbour", "--by", "source"},
             {"harbour", "--normalize"},
             {"harbour", "--histogram", "month", "--by", "colour"},
             {"harbour", "--histogram", "month", "--plot", "chart.gif"},
             {"harbour", "--sort", "newest"}}) {
        const auto run = search(args);
        BOOST_TEST(run.exit_code == 64, run.describe());
        BOOST_TEST(run.err.rfind("news-search: error: ", 0) == 0U, run.err);
    }
}

BOOST_FIXTURE_TEST_CASE(plot_draws_a_png_and_an_svg_with_gnuplot, IndexedGaps) {
    if (!gnuplot_exists()) {
        BOOST_TEST_MESSAGE("gnuplot is not installed: --plot not tested");
        return;
    }
    for (const std::string name : {"chart.png", "chart.svg"}) {
        const std::string file = dir / name;
        const auto run =
            search({"harbour", "--histogram", "week", "--by", "source", "-n", "0", "--plot", file});
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
        BOOST_TEST_REQUIRE(std::filesystem::exists(file));
        BOOST_TEST(std::filesystem::file_size(file) > 0U);
        std::ifstream in(file, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), {});
        if (name == "chart.png") {
            BOOST_TEST(bytes.rfind("\x89PNG", 0) == 0U);
        } else {
            BOOST_TEST(contains(bytes, "<svg"));
            BOOST_TEST(contains(bytes, "harbour")); // the title names the query
        }
    }
}

BOOST_FIXTURE_TEST_CASE(plot_without_gnuplot_exits_70_and_leaves_no_file, IndexedGaps) {
    const std::string file = dir / "chart.png";
    // The child inherits the environment: no directory on PATH holds gnuplot.
    const std::string saved = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
    ::setenv("PATH", (dir / "empty").c_str(), 1);
    const auto run = search({"harbour", "--histogram", "month", "--plot", file});
    ::setenv("PATH", saved.c_str(), 1);
    BOOST_TEST(run.exit_code == 70, run.describe());
    BOOST_TEST(contains(run.err, "news-search: error: --plot"), run.err);
    BOOST_TEST(contains(run.err, "hint: install gnuplot"), run.err);
    BOOST_TEST(!std::filesystem::exists(file));
}

BOOST_AUTO_TEST_SUITE_END()
