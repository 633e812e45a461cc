/// @file
/// @brief Unit tests: bench_results (an engine's JSON parsed once into types, summarised for the
/// comparison's report, and the count agreement).
#include "news/common/error.hpp"

#include "compare/engine_results.hpp"
#include "compare/index_size.hpp"
#include "compare/report.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>

#include <map>
#include <string>
#include <vector>

namespace {

using news::ErrorKind;
using news::bench::EngineOutput;
using news::bench::parse_engine_output;

auto has_kind(ErrorKind kind) {
    return [kind](const news::Error& e) { return e.kind() == kind; };
}

// Two runnable queries of class "a" and "b", one the engine could not run.
const char* const output_text = R"({
  "engine": "floor", "version": "1", "open_seconds": 0.5, "build_seconds": 2.0,
  "peak_rss_kib": 4096, "words": 12,
  "queries": [
    {"id": "a-1", "class": "a", "hits": 7, "postings": 10,
     "ns": {"top": [1000000, 3000000], "count": [2000000, 2000000], "facets": [5000000, 5000000]}},
    {"id": "b-1", "class": "b", "hits": 3,
     "ns": {"top": [4000000, 4000000], "count": [4000000, 4000000], "facets": [9000000, 9000000]}},
    {"id": "c-1", "class": "c", "error": "no phrase support"}
  ],
  "throughput": [{"threads": 1, "searches": 200, "seconds": 0.5},
                 {"threads": 2, "searches": 400, "seconds": 0.5}]
})";

const std::map<std::string, std::string> class_of{{"a-1", "a"}, {"b-1", "b"}, {"c-1", "c"}};

} // namespace

BOOST_AUTO_TEST_SUITE(bench_results)

BOOST_AUTO_TEST_CASE(reads_an_engines_output_into_types) {
    const EngineOutput output = parse_engine_output("floor", output_text);
    BOOST_TEST(output.version == "1");
    BOOST_TEST(output.open_seconds.value() == 0.5);
    BOOST_TEST(output.build_seconds.value() == 2.0);
    BOOST_TEST(!output.warmup_seconds.has_value());
    BOOST_TEST(output.peak_rss_kib.value() == 4096);
    BOOST_TEST_REQUIRE(output.queries.size() == 3U);
    BOOST_TEST(output.queries[0].hits.value() == 7U);
    BOOST_TEST(output.queries[0].postings.value() == 10U);
    BOOST_TEST(output.queries[0].ns.at("top").size() == 2U);
    BOOST_TEST(!output.queries[1].postings.has_value());
    BOOST_TEST(output.queries[2].error.value() == "no phrase support");
    BOOST_TEST(output.queries[2].ns.empty());
    BOOST_TEST_REQUIRE(output.throughput.size() == 2U);
    BOOST_TEST(output.throughput[1].threads == 2U);
    BOOST_TEST(output.throughput[1].searches == 400U);
}

BOOST_AUTO_TEST_CASE(refuses_output_that_is_not_the_protocols_json) {
    BOOST_CHECK_EXCEPTION((void)parse_engine_output("lucene", "Exception in thread main"),
                          news::Error, has_kind(ErrorKind::Internal));
    BOOST_CHECK_EXCEPTION((void)parse_engine_output("lucene", R"({"version": "8"})"), news::Error,
                          has_kind(ErrorKind::Internal));
    BOOST_CHECK_EXCEPTION((void)news::bench::parse_build_output("sqlite", "[1,"), news::Error,
                          has_kind(ErrorKind::Internal));
}

BOOST_AUTO_TEST_CASE(summarises_latency_per_class_throughput_and_errors) {
    const auto summary = news::bench::summarise_engine(parse_engine_output("floor", output_text),
                                                       {"a", "b", "c"}, class_of, 99);
    const auto* all_top = summary.latency("", "top");
    BOOST_TEST_REQUIRE(all_top != nullptr);
    BOOST_TEST(all_top->samples == 4U);
    BOOST_TEST(all_top->max_ms == 4.0);
    const auto* a_top = summary.latency("a", "top");
    BOOST_TEST_REQUIRE(a_top != nullptr);
    BOOST_TEST(a_top->samples == 2U);
    BOOST_TEST(a_top->mean_ms == 2.0);
    // A class whose only query failed has no latency, and an unknown class neither.
    BOOST_TEST(summary.latency("c", "top") == nullptr);
    BOOST_TEST(summary.latency("zzz", "top") == nullptr);
    BOOST_TEST_REQUIRE(summary.throughput.size() == 2U);
    BOOST_TEST(summary.throughput[0].queries_per_second == 400.0);
    BOOST_TEST(summary.throughput[1].queries_per_second == 800.0);
    BOOST_TEST_REQUIRE(summary.errors.size() == 1U);
    BOOST_TEST(summary.errors[0].first == "c-1");
    // 4 ms of top-10 runs over 2 x 10 postings.
    BOOST_TEST(summary.ns_per_posting.value() == 200000.0);
    BOOST_TEST(summary.query_peak_rss_kib == 4096); // the engine's own figure first
    BOOST_TEST(summary.version == "1");
}

BOOST_AUTO_TEST_CASE(the_summary_json_has_the_reports_fields) {
    auto summary = news::bench::summarise_engine(parse_engine_output("floor", output_text),
                                                 {"a", "b"}, class_of, 99);
    news::bench::BuildFigures build;
    build.seconds = 1.5;
    build.compacted_bytes = 2048;
    summary.build = build;
    const auto json = news::bench::to_json(summary);
    for (const char* key : {"all", "classes", "throughput", "errors", "ns_per_posting", "version",
                            "open_seconds", "build_seconds", "query_peak_rss_kib", "build"}) {
        BOOST_TEST(json.contains(key), key);
    }
    BOOST_TEST(!json.contains("warmup_seconds"));
    BOOST_TEST(json["classes"]["a"]["top"]["p50_ms"] == 1.0);
    BOOST_TEST(json["throughput"][1]["queries_per_second"] == 800.0);
    BOOST_TEST(json["errors"][0]["error"] == "no phrase support");
    BOOST_TEST(json["build"]["seconds"] == 1.5);
    BOOST_TEST(json["build"]["compacted_bytes"] == 2048);
    BOOST_TEST(!json["build"].contains("compact_seconds"));
}

BOOST_AUTO_TEST_CASE(the_build_json_gives_the_index_size_by_part) {
    news::bench::BuildFigures build;
    build.index_bytes = 30;
    build.size = news::bench::IndexSize{"files", {{"a", 10}, {"b", 20}}};
    const auto json = news::bench::to_json(build);
    BOOST_TEST(json["index_size"]["of"] == "index_bytes");
    BOOST_TEST(json["index_size"]["method"] == "files");
    BOOST_TEST(json["index_size"]["parts"][1]["name"] == "b");
    BOOST_TEST(json["index_size"]["parts"][1]["bytes"] == 20);
    build.compacted_bytes = 30;
    BOOST_TEST(news::bench::to_json(build)["index_size"]["of"] == "compacted_bytes");
}

BOOST_AUTO_TEST_CASE(xapian_index_size_is_by_table_then_side_files) {
    const news::test::TempDir dir;
    (void)dir.write("postlist.glass", std::string(300, 'p'));
    (void)dir.write("termlist.glass", std::string(500, 't'));
    (void)dir.write("iamglass", std::string(7, 'i'));
    const auto size = news::bench::xapian_index_size(dir.path().string());
    BOOST_TEST(size.method == "xapian tables");
    BOOST_TEST_REQUIRE(size.parts.size() == 3U);
    BOOST_TEST(size.parts[0].name == "termlist"); // largest first
    BOOST_TEST(size.parts[0].bytes == 500U);
    BOOST_TEST(size.parts[1].name == "postlist");
    BOOST_TEST(size.parts[2].name == "iamglass");
    BOOST_TEST(size.total() == 807U);
}

BOOST_AUTO_TEST_CASE(lucene_index_size_groups_files_by_extension) {
    const news::test::TempDir dir;
    (void)dir.write("_0.doc", std::string(10, 'x'));
    (void)dir.write("_0.tim", std::string(20, 'x'));
    (void)dir.write("_0.pos", std::string(5, 'x'));
    (void)dir.write("_0.fdt", std::string(100, 'x'));
    (void)dir.write("_0.si", std::string(3, 'x'));
    (void)dir.write("segments_1", std::string(4, 'x'));
    const auto size = news::bench::lucene_index_size(dir.path().string());
    BOOST_TEST_REQUIRE(size.parts.size() == 4U);
    BOOST_TEST(size.parts[0].name.starts_with("stored fields"));
    BOOST_TEST(size.parts[0].bytes == 100U);
    BOOST_TEST(size.parts[1].name.starts_with("postings"));
    BOOST_TEST(size.parts[1].bytes == 30U);
    BOOST_TEST(size.parts[2].name.starts_with("positions"));
    BOOST_TEST(size.parts[3].name.starts_with("other"));
    BOOST_TEST(size.parts[3].bytes == 7U);
    BOOST_TEST(size.total() == 142U);
}

BOOST_AUTO_TEST_CASE(plain_xapian_shares_our_build) {
    news::bench::BuildFigures shared;
    shared.shares_news = true;
    BOOST_TEST(news::bench::to_json(shared) == nlohmann::json({{"shares", "news"}}));
}

BOOST_AUTO_TEST_CASE(without_its_own_rss_figure_the_process_figure_counts) {
    const auto output =
        parse_engine_output("sqlite", R"({"version": "3", "queries": [], "throughput": []})");
    const auto summary = news::bench::summarise_engine(output, {}, {}, 99);
    BOOST_TEST(summary.query_peak_rss_kib == 99);
    BOOST_TEST(summary.latency("", "top") == nullptr);
}

BOOST_AUTO_TEST_CASE(agreement_counts_equal_exact_counts_and_lists_differences) {
    std::vector<news::bench::BenchQuery> queries(2);
    queries[0].id = "a-1";
    queries[0].query_class = "a";
    queries[0].terms = {"oil"};
    queries[1].id = "b-1";
    queries[1].query_class = "b";
    queries[1].terms = {"gold"};
    std::map<std::string, EngineOutput> outputs;
    outputs["news"] = parse_engine_output("news", output_text);
    outputs["sqlite"] = parse_engine_output(
        "sqlite", R"({"version": "3", "queries": [{"id": "a-1", "hits": 7}, {"id": "b-1",
        "hits": 4}, {"id": "c-1", "error": "x"}], "throughput": []})");
    const auto result = news::bench::agreement(outputs, queries);
    BOOST_TEST(!result.contains("news"));
    BOOST_TEST(result["sqlite"]["compared"] == 2);
    BOOST_TEST(result["sqlite"]["equal"] == 1);
    BOOST_TEST_REQUIRE(result["sqlite"]["examples"].size() == 1U);
    BOOST_TEST(result["sqlite"]["examples"][0]["id"] == "b-1");
    BOOST_TEST(result["sqlite"]["examples"][0]["ours"] == 3);
    BOOST_TEST(result["sqlite"]["examples"][0]["theirs"] == 4);
}

BOOST_AUTO_TEST_CASE(the_report_json_holds_the_fields_and_each_engine) {
    news::bench::CorpusReport report;
    report.fields["articles"] = 5;
    report.engines["floor"] = news::bench::summarise_engine(
        parse_engine_output("floor", output_text), {"a", "b"}, class_of, 99);
    const auto json = report.to_json();
    BOOST_TEST(json["articles"] == 5);
    BOOST_TEST(json["engines"]["floor"]["version"] == "1");
    BOOST_TEST(!report.fields.contains("engines")); // the summaries stay typed
}

BOOST_AUTO_TEST_SUITE_END()
