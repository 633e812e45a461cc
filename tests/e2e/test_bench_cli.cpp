/// @file
/// @brief End-to-end tests: news-bench smoke runs on the sample corpus (behaviour, not speed).
#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace {

using news::test::run_tool;
using news::test::TempDir;

// A sample database in a fresh temp dir.
struct SampleDb {
    TempDir dir;
    std::string db = dir / "sample.db";

    SampleDb() {
        const auto result =
            run_tool(NEWS_INDEX_EXE,
                     {"--db", db, "-q", (news::test::source_dir() / "corpus/sample").string()});
        BOOST_TEST_REQUIRE(result.exit_code == 0, result.describe());
    }
};

std::string sample_queries() {
    return (news::test::source_dir() / "bench/queries/sample.txt").string();
}

} // namespace

BOOST_AUTO_TEST_SUITE(bench_cli)

BOOST_FIXTURE_TEST_CASE(json_report_has_percentiles_for_every_mode, SampleDb) {
    const auto result = run_tool(
        NEWS_BENCH_EXE, {"--db", db, "--queries", sample_queries(), "--runs", "1", "--json"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.describe());
    const auto report = nlohmann::json::parse(result.out);
    BOOST_TEST(report["format_version"] == 1);
    BOOST_TEST(report["doc_count"] == 5);
    BOOST_TEST(report["queries"] == 12);
    BOOST_TEST(report["runs"] == 1);
    BOOST_TEST(report["peak_rss_kib"].get<long>() > 0);
    BOOST_TEST_REQUIRE(report["modes"].size() == 3U);
    for (const auto& mode : report["modes"]) {
        BOOST_TEST(mode["searches"] == 12);
        const double p50 = mode["p50_ms"];
        const double p95 = mode["p95_ms"];
        const double p99 = mode["p99_ms"];
        const double max = mode["max_ms"];
        BOOST_TEST(p50 > 0.0);
        BOOST_TEST(p50 <= p95);
        BOOST_TEST(p95 <= p99);
        BOOST_TEST(p99 <= max);
        BOOST_TEST(mode["queries_per_second"].get<double>() > 0.0);
    }
}

BOOST_FIXTURE_TEST_CASE(text_report_is_a_table, SampleDb) {
    const auto result =
        run_tool(NEWS_BENCH_EXE, {"--db", db, "--queries", sample_queries(), "--runs", "1"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.describe());
    BOOST_TEST(result.out.find("p50 ms") != std::string::npos);
    BOOST_TEST(result.out.find("top-k+facets") != std::string::npos);
    BOOST_TEST(result.out.find("peak RSS") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(bad_query_names_its_line, SampleDb) {
    const std::string queries = dir.write("queries.txt", "# comment\nbiden\n\"unclosed\n");
    const auto result = run_tool(NEWS_BENCH_EXE, {"--db", db, "--queries", queries, "--runs", "1"});
    BOOST_TEST(result.exit_code == 64, result.describe());
    BOOST_TEST(result.err.find("news-bench: error: " + queries + ":3: invalid query") == 0U,
               result.err);
}

BOOST_FIXTURE_TEST_CASE(empty_query_file_is_bad_data, SampleDb) {
    const std::string queries = dir.write("queries.txt", "# only a comment\n\n");
    const auto result = run_tool(NEWS_BENCH_EXE, {"--db", db, "--queries", queries});
    BOOST_TEST(result.exit_code == 65, result.describe());
    BOOST_TEST(result.err.find("news-bench: error:") == 0U, result.err);
}

BOOST_AUTO_TEST_CASE(missing_database_exits_66) {
    const TempDir dir;
    const auto result =
        run_tool(NEWS_BENCH_EXE, {"--db", dir / "none.db", "--queries", sample_queries()});
    BOOST_TEST(result.exit_code == 66, result.describe());
}

BOOST_AUTO_TEST_SUITE_END()
