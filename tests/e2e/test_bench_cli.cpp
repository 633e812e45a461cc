/// @file
/// @brief End-to-end tests: news-bench smoke runs on the sample corpus (behaviour, not speed).
#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
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
    // The sample has stories: --group stories is the fourth mode, and the story commands are
    // timed on its one story of five.
    BOOST_TEST_REQUIRE(report["modes"].size() == 4U);
    BOOST_TEST(report["modes"][3]["name"] == "top-k+stories");
    BOOST_TEST(report["stories"]["count"] == 1);
    BOOST_TEST(report["stories"]["view_size"] == 5);
    BOOST_TEST(report["stories"]["view_p50_ms"].get<double>() > 0.0);
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

// The comparison smoke run: every engine on the sample corpus, one repetition. Checks that the
// engines ran, agree where their analysis agrees, and that the report and plots were written.
BOOST_AUTO_TEST_CASE(compare_smoke_run_on_the_sample_corpus) {
    const TempDir dir;
    const auto result =
        run_tool(NEWS_BENCH_EXE, {"compare", "--corpus", "sample", "--smoke", "--out", dir / "out",
                                  "--queries-dir", dir / "queries", "--work", dir / "work"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.describe());
    BOOST_TEST(result.out.find("Top-10 latency") != std::string::npos, result.out);

    std::ifstream in(dir / "out/compare-sample.json");
    const auto report = nlohmann::json::parse(in);
    BOOST_TEST(report["format_version"] == 1);
    BOOST_TEST(report["articles"] == 5);
    const bool lucene_built = std::filesystem::exists(
        std::filesystem::path(NEWS_BENCH_EXE).parent_path() / "news-lucene");
    std::vector<std::string> engines{"news", "xapian", "sqlite", "floor"};
    if (lucene_built) {
        engines.emplace_back("lucene");
    }
    for (const auto& engine : engines) {
        BOOST_TEST_CONTEXT("engine " << engine) {
            BOOST_TEST_REQUIRE(report["engines"].contains(engine));
            for (const char* mode : {"top", "count", "facets"}) {
                BOOST_TEST(report["engines"][engine]["all"][mode]["samples"].get<int>() > 0);
            }
            BOOST_TEST(report["engines"][engine]["throughput"].size() == 2U);
        }
    }
    // Each built index's size by part: the parts add up to the size the report gives.
    for (const char* engine : {"news", "sqlite", "lucene"}) {
        if (!report["builds"].contains(engine)) {
            BOOST_TEST(std::string(engine) == "lucene");
            continue;
        }
        BOOST_TEST_CONTEXT("index size of " << engine) {
            const auto& build = report["builds"][engine];
            const auto& size = build["index_size"];
            BOOST_TEST_REQUIRE(size["parts"].size() > 1U, size.dump());
            unsigned long long sum = 0;
            for (const auto& part : size["parts"]) {
                sum += part["bytes"].get<unsigned long long>();
                const std::set<std::string> kinds{
                    "postings", "positions", "postings with positions", "stored text", "other"};
                BOOST_TEST(kinds.count(part["kind"].get<std::string>()) == 1U, part.dump());
            }
            const auto total = build[size["of"].get<std::string>()].get<unsigned long long>();
            BOOST_TEST(total > 0U);
            BOOST_TEST(sum == total, size.dump());
        }
    }
    BOOST_TEST(report["builds"]["news"]["index_size"]["of"] == "compacted_bytes");
    // Our bodies are counted apart from the postlist table that holds them.
    bool bodies_apart = false;
    for (const auto& part : report["builds"]["news"]["index_size"]["parts"]) {
        bodies_apart = bodies_apart || (part["name"] == "body (value slot, in postlist)" &&
                                        part["kind"] == "stored text" && part["bytes"] > 0);
    }
    BOOST_TEST(bodies_apart, report["builds"]["news"]["index_size"].dump());
    BOOST_TEST(report["builds"]["sqlite"]["index_size"]["method"] == "sqlite dbstat");
    // Same database and analysis: plain Xapian and the floor count exactly what we count.
    for (const char* same : {"xapian", "floor"}) {
        const auto& agreement = report["agreement"][same];
        BOOST_TEST(agreement["compared"].get<int>() > 20);
        BOOST_TEST(agreement["equal"] == agreement["compared"], agreement.dump());
    }
    // Porter vs Snowball stemming may move a few counts, not many.
    const auto& sqlite = report["agreement"]["sqlite"];
    BOOST_TEST(sqlite["equal"].get<double>() >= 0.9 * sqlite["compared"].get<double>());
    BOOST_TEST(report["one_shot"].size() >= 3U);
    BOOST_TEST(!report["targets"].empty());
    BOOST_TEST(std::filesystem::exists(dir / "out/compare-sample.md"));
    BOOST_TEST(std::filesystem::exists(dir / "queries/sample.tsv"));
    // The report names the engines with the versions they reported when they ran.
    std::ifstream md_in(dir / "out/compare-sample.md");
    std::stringstream md;
    md << md_in.rdbuf();
    for (const auto& engine : engines) {
        BOOST_TEST(!report["engines"][engine]["version"].get<std::string>().empty(), engine);
    }
    const auto sqlite_version = report["engines"]["sqlite"]["version"].get<std::string>();
    BOOST_TEST(md.str().find("SQLite FTS5 " + sqlite_version) != std::string::npos, md.str());
    BOOST_TEST(md.str().find("| news | postlist |") != std::string::npos, md.str());
    BOOST_TEST(md.str().find("| sqlite | fts_content |") != std::string::npos, md.str());
    if (lucene_built) {
        const auto lucene = "Lucene " + report["engines"]["lucene"]["version"].get<std::string>();
        BOOST_TEST(md.str().find(lucene) != std::string::npos, md.str());
        for (const auto& target : report["targets"]) {
            const auto text = target["target"].get<std::string>();
            if (text.find("of Lucene") != std::string::npos) {
                BOOST_TEST(text.find(lucene) != std::string::npos, text);
            }
        }
    }
    if (std::filesystem::exists("/usr/bin/gnuplot")) {
        BOOST_TEST(std::filesystem::file_size(dir / "out/compare-sample-latency-top.png") > 1000U);
        BOOST_TEST(std::filesystem::exists(dir / "out/compare-sample-throughput.png"));
    }
}

BOOST_FIXTURE_TEST_CASE(drawn_queries_are_the_same_for_the_same_seed, SampleDb) {
    const auto draw = [&](const std::string& name, const std::string& seed) {
        const std::string out = dir / name;
        const auto result = run_tool(NEWS_BENCH_EXE, {"queries", "--db", db, "--out", out,
                                                      "--per-class", "10", "--seed", seed});
        BOOST_TEST_REQUIRE(result.exit_code == 0, result.describe());
        std::ifstream in(out);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    };
    const std::string first = draw("a.tsv", "7");
    BOOST_TEST(first.find("\tphrase2\tphrase\t") != std::string::npos, first);
    BOOST_TEST(first == draw("b.tsv", "7"));
    BOOST_TEST(first != draw("c.tsv", "8"));
}

BOOST_AUTO_TEST_CASE(compare_refuses_bad_arguments) {
    const TempDir dir;
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"compare"},
          std::vector<std::string>{"compare", "--corpus", "nowhere"},
          std::vector<std::string>{"compare", "--corpus", "sample", "--engines", "grep"},
          std::vector<std::string>{"compare", "--input", dir / "x"}}) {
        const auto result = run_tool(NEWS_BENCH_EXE, args);
        BOOST_TEST(result.exit_code == 64, result.describe());
        BOOST_TEST(result.err.find("news-bench compare: error:") == 0U, result.err);
    }
}

// An argument no option takes is refused, never dropped: "stray" here once ran the whole
// comparison as if it were not there.
BOOST_AUTO_TEST_CASE(protects_against_arguments_dropped_without_a_word) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"compare", "--corpus", "sample", "--smoke", "stray"},
          std::vector<std::string>{"queries", "stray"},
          std::vector<std::string>{"--queries", "q.txt", "stray"},
          std::vector<std::string>{"quality", "--smoke", "stray"}}) {
        const auto result = run_tool(NEWS_BENCH_EXE, args);
        BOOST_TEST(result.exit_code == 64, result.describe());
        BOOST_TEST(result.err.find("unexpected argument 'stray'") != std::string::npos, result.err);
    }
}

BOOST_AUTO_TEST_CASE(shards_run_gives_each_configuration_the_answers_of_one_shard) {
    const news::test::TempDir dir;
    const std::string root = news::test::source_dir().string();
    const auto result = run_tool(
        NEWS_BENCH_EXE,
        {"shards", "--input", root + "/corpus/sample", "--input", root + "/tests/data", "--queries",
         root + "/bench/queries/handwritten.tsv", "--shards", "1,3", "--runs", "1", "--warmup", "0",
         "--threads", "1", "--name", "sample", "--out", dir / "shards"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.describe());
    std::ifstream in(dir / "shards.json");
    const auto report = nlohmann::json::parse(in);
    const auto& configurations = report.at("configurations");
    // 1 and 3 shards, local and (with xapian-tcpsrv installed) remote.
    BOOST_TEST(configurations.size() >= 2U);
    for (const auto& configuration : configurations) {
        BOOST_TEST(configuration.at("differing") == 0, configuration.dump());
        BOOST_TEST(configuration.at("top").at("samples").get<int>() > 0);
    }
    BOOST_TEST(std::filesystem::exists(dir / "shards.md"));
}

BOOST_AUTO_TEST_SUITE_END()
