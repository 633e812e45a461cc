/// @file
/// @brief End-to-end tests: `news-bench quality --smoke` on ADI (the report's shape, and its
/// measures recomputed here from the ranked ids it wrote and the collection's judgments). The
/// ADI test is skipped, with a message naming the path, when the collections are absent.
#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using news::test::run_tool;
using news::test::TempDir;

fs::path collections_dir() {
    return news::test::shared_dir() / "ir-collections";
}

boost::test_tools::assertion_result adi_present(boost::unit_test::test_unit_id /*unused*/) {
    const fs::path archive = collections_dir() / "adi" / "collection.tar.xz";
    boost::test_tools::assertion_result present(fs::exists(archive));
    present.message() << "skipped: " << archive.string()
                      << " not found (classic IR collections absent)";
    return present;
}

// qid -> relevant document ids, from a qrels.tsv (qid TAB docid TAB grade).
std::map<std::string, std::set<std::string>> relevant_documents(const fs::path& qrels) {
    std::map<std::string, std::set<std::string>> relevant;
    std::ifstream in(qrels);
    for (std::string line; std::getline(in, line);) {
        std::istringstream fields(line);
        std::string qid;
        std::string doc;
        int grade = 0;
        fields >> qid >> doc >> grade;
        if (grade > 0) {
            relevant[qid].insert(doc);
        }
    }
    return relevant;
}

// qid -> ids in rank order, from a TREC run file (qid Q0 docid rank score tag).
std::map<std::string, std::vector<std::string>> ranked_ids(const fs::path& run) {
    std::map<std::string, std::vector<std::string>> ranked;
    std::ifstream in(run);
    for (std::string line; std::getline(in, line);) {
        std::istringstream fields(line);
        std::string qid;
        std::string q0;
        std::string doc;
        std::size_t rank = 0;
        fields >> qid >> q0 >> doc >> rank;
        auto& list = ranked[qid];
        BOOST_TEST_REQUIRE(rank == list.size() + 1, line);
        list.push_back(doc);
    }
    return ranked;
}

double in_unit_interval(const nlohmann::json& value) {
    const double x = value.get<double>();
    BOOST_TEST(x >= 0.0);
    BOOST_TEST(x <= 1.0);
    return x;
}

} // namespace

BOOST_AUTO_TEST_SUITE(bench_quality_cli)

BOOST_AUTO_TEST_CASE(smoke_run_on_adi_scores_the_rankings_against_the_judgments,
                     *boost::unit_test::precondition(adi_present)) {
    const TempDir dir;
    const std::string out = dir / "quality.json";
    const auto result = run_tool(NEWS_BENCH_EXE, {"quality", "--smoke", "--work", dir / "work",
                                                  "--collections-dir", collections_dir().string(),
                                                  "--out", out, "--permutations", "1000"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.describe());
    BOOST_TEST(result.out.find("| ADI (") != std::string::npos, result.out);
    BOOST_TEST(fs::exists(dir / "quality.md"));

    std::ifstream in(out);
    const auto report = nlohmann::json::parse(in);
    BOOST_TEST(report["format_version"] == 1);
    BOOST_TEST(report["settings"]["k"] == 1000);
    BOOST_TEST(report["engines"] == nlohmann::json({"news", "xapian", "sqlite"}));
    BOOST_TEST_REQUIRE(report["collections"].size() == 1U);
    const auto& adi = report["collections"][0];
    BOOST_TEST(adi["name"] == "adi");
    BOOST_TEST(adi["documents"].get<int>() > 0);
    const auto judged = adi["judged_queries"].get<std::size_t>();
    BOOST_TEST(judged > 0U);
    BOOST_TEST(judged <= adi["queries"].get<std::size_t>());

    const auto relevant = relevant_documents(dir.path() / "work" / "adi" / "derived" / "qrels.tsv");
    for (const std::string engine : {"news", "xapian", "sqlite"}) {
        BOOST_TEST_CONTEXT("engine " << engine) {
            const auto& scores = adi["engines"][engine];
            const double map = in_unit_interval(scores["map"]);
            in_unit_interval(scores["p10"]);
            in_unit_interval(scores["ndcg10"]);
            BOOST_TEST(map > 0.0); // the words of the queries find some relevant document
            BOOST_TEST_REQUIRE(scores["queries"].size() == judged);
            const auto ranked = ranked_ids(scores["run_file"].get<std::string>());
            // AP recomputed here from the ranked ids and the judgments.
            double sum = 0;
            for (const auto& query : scores["queries"]) {
                const std::string qid = query["id"];
                const auto& rel = relevant.at(qid);
                const auto it = ranked.find(qid);
                double precisions = 0;
                std::size_t found = 0;
                std::size_t retrieved = 0;
                if (it != ranked.end()) {
                    retrieved = it->second.size();
                    for (std::size_t i = 0; i < it->second.size(); ++i) {
                        if (rel.count(it->second[i]) > 0) {
                            ++found;
                            precisions += static_cast<double>(found) / static_cast<double>(i + 1);
                        }
                    }
                }
                const double ap = precisions / static_cast<double>(rel.size());
                BOOST_TEST(std::abs(query["ap"].get<double>() - ap) < 1e-9, "query " << qid);
                BOOST_TEST(query["retrieved"].get<std::size_t>() == retrieved);
                BOOST_TEST(retrieved <= 1000U);
                in_unit_interval(query["p10"]);
                in_unit_interval(query["ndcg10"]);
                sum += ap;
            }
            BOOST_TEST(std::abs(map - sum / static_cast<double>(judged)) < 1e-9);
        }
    }
    for (const std::string peer : {"xapian", "sqlite"}) {
        const auto& versus = adi["versus"][peer];
        BOOST_TEST(versus["wins"].get<std::size_t>() + versus["losses"].get<std::size_t>() +
                       versus["ties"].get<std::size_t>() ==
                   judged);
        const double p = versus["p_value"];
        BOOST_TEST(p > 0.0);
        BOOST_TEST(p <= 1.0);
    }
    BOOST_TEST(report["overall"]["engines"]["news"]["collections"] == 1);
}

BOOST_AUTO_TEST_CASE(missing_collections_are_named) {
    const TempDir dir;
    const auto result = run_tool(NEWS_BENCH_EXE, {"quality", "--smoke", "--collections-dir",
                                                  dir / "nowhere", "--work", dir / "work"});
    BOOST_TEST(result.exit_code == 66, result.describe());
    BOOST_TEST(result.err.find("news-bench quality: error: " + (dir / "nowhere") +
                               "/adi/collection.tar.xz") == 0U,
               result.err);
}

BOOST_AUTO_TEST_CASE(unknown_collection_or_engine_is_a_usage_error) {
    for (const auto& args : {std::vector<std::string>{"quality", "--collections", "trec"},
                             std::vector<std::string>{"quality", "--engines", "news,bing"},
                             std::vector<std::string>{"quality", "--engines", "xapian"}}) {
        const auto result = run_tool(NEWS_BENCH_EXE, args);
        BOOST_TEST(result.exit_code == 64, result.describe());
        BOOST_TEST(result.err.find("news-bench quality: error: ") == 0U, result.err);
    }
}

BOOST_AUTO_TEST_SUITE_END()
