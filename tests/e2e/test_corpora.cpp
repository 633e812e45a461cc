/// @file
/// @brief End-to-end tests on the full shared corpora (../shared/corpora): every article indexed,
/// counts and facet totals equal to what the source files say. Each corpus is unpacked into a
/// temporary folder; a test is skipped, with a message naming the path, when its archive is
/// absent.
#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using news::test::run_tool;
using news::test::RunResult;
using news::test::TempDir;
using Counts = std::map<std::string, long>;

// news-index over a whole shared corpus: under ASan, with stories and aliases, FakeNewsNet takes
// minutes, past run_tool's default limit.
RunResult index_corpus(const std::vector<std::string>& args) {
    constexpr std::chrono::minutes whole_corpus_limit{15};
    return news::test::RunningTool(NEWS_INDEX_EXE, args).wait(whole_corpus_limit);
}

fs::path archive(const std::string& corpus, const std::string& file) {
    return news::test::shared_dir() / "corpora" / corpus / file;
}

// Skips the test (with a message naming the path) when the archive is not there.
boost::test_tools::assertion_result archive_present(const fs::path& path) {
    boost::test_tools::assertion_result present(fs::exists(path));
    present.message() << "skipped: " << path.string() << " not found (shared corpora absent)";
    return present;
}

void unpack(const fs::path& tarball, const TempDir& into) {
    const auto run =
        run_tool("/usr/bin/env", {"tar", "-xf", tarball.string(), "-C", into.path().string()});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

json summary_of(const RunResult& run) {
    const std::string& out = run.out;
    const auto last = out.rfind('\n', out.size() - 2);
    return json::parse(out.substr(last == std::string::npos ? 0 : last + 1));
}

// news-search over every article (a query of only an exclusion), facets uncut.
json all_facets(const std::string& db, const std::vector<std::string>& facets) {
    std::vector<std::string> args{"--db", db, "--json", "--limit", "0", "--facet-limit", "0"};
    for (const auto& facet : facets) {
        args.insert(args.end(), {"--facet", facet});
    }
    args.insert(args.end(), {"--", "-zzqqxxnotaword"});
    const auto run = run_tool(NEWS_SEARCH_EXE, args);
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    return json::parse(run.out);
}

Counts counts_of(const json& facet) {
    Counts out;
    for (const auto& value : facet) {
        out[value["value"].get<std::string>()] = value["count"].get<long>();
    }
    return out;
}

// The <D> values of one <TAG>...</TAG> list on a line of Reuters SGML, each once.
std::set<std::string> d_values(const std::string& line, const std::string& tag) {
    std::set<std::string> values;
    const auto open = line.find("<" + tag + ">");
    const auto close = line.find("</" + tag + ">");
    if (open == std::string::npos || close == std::string::npos) {
        return values;
    }
    std::string_view list(line.data() + open, close - open);
    for (auto at = list.find("<D>"); at != std::string_view::npos; at = list.find("<D>", at)) {
        const auto end = list.find("</D>", at);
        values.emplace(list.substr(at + 3, end - at - 3));
        at = end;
    }
    return values;
}

const fs::path reuters = archive("reuters21578", "reuters21578.tar.gz");
const fs::path fakenewsnet = archive("fakenewsnet-articles", "fakenewsnet_articles.tar.xz");
const fs::path bbc = archive("bbc-fulltext", "bbc-fulltext.tar.xz");

} // namespace

BOOST_AUTO_TEST_SUITE(corpora)

BOOST_AUTO_TEST_CASE(reuters_21578_indexes_every_article_with_its_facets,
                     *boost::unit_test::precondition([](auto) {
                         return archive_present(reuters);
                     })) {
    const TempDir dir;
    unpack(reuters, dir);
    std::vector<std::string> files;
    Counts topics;
    Counts places;
    long elements = 0;
    for (const auto& entry : fs::directory_iterator(dir.path() / "reuters21578")) {
        if (entry.path().extension() != ".sgm") {
            continue;
        }
        files.push_back(entry.path().string());
        std::istringstream text(slurp(entry.path()));
        for (std::string line; std::getline(text, line);) {
            elements += line.rfind("<REUTERS ", 0) == 0 ? 1 : 0;
            for (const auto& topic : d_values(line, "TOPICS")) {
                ++topics[topic];
            }
            for (const auto& place : d_values(line, "PLACES")) {
                ++places[place];
            }
        }
    }
    BOOST_TEST_REQUIRE(files.size() == 22U);
    BOOST_TEST(elements == 21578);

    const std::string db = dir / "reuters.db";
    std::vector<std::string> args{"--db", db, "--json", "--quiet"};
    args.insert(args.end(), files.begin(), files.end());
    const auto run = index_corpus(args);
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    const json summary = summary_of(run);
    BOOST_TEST(summary["indexed"] == elements);
    BOOST_TEST(summary["skipped"] == 0);
    BOOST_TEST(summary["doc_count"] == elements);
    BOOST_TEST(summary["repaired"]["transcoded_bytes"] == 1); // the one raw 0xFC byte

    // The tarball read as a stream gives the same articles, all unchanged.
    const auto again = run_tool(
        NEWS_INDEX_EXE, {"--db", db, "--json", "--quiet", "--format", "reuters", reuters.string()});
    BOOST_TEST_REQUIRE(again.exit_code == 0, again.describe());
    BOOST_TEST(summary_of(again)["unchanged"] == elements);
    BOOST_TEST(summary_of(again)["doc_count"] == elements);

    // The unpacked folder: the collection's notes, DTD and category lists are not articles.
    const std::string folder_db = dir / "reuters-folder.db";
    const auto folder = index_corpus(
        {"--db", folder_db, "--json", "--quiet", (dir.path() / "reuters21578").string()});
    BOOST_TEST_REQUIRE(folder.exit_code == 0, folder.describe());
    BOOST_TEST(summary_of(folder)["indexed"] == elements);
    BOOST_TEST(summary_of(folder)["skipped"] == 0);
    BOOST_TEST(summary_of(folder)["ignored_files"] == json::array());
    BOOST_TEST(summary_of(folder)["doc_count"] == elements);

    const json result = all_facets(db, {"topic", "place", "date.year"});
    BOOST_TEST(result["total"]["lower"] == elements);
    BOOST_TEST(counts_of(result["facets"]["topic"]) == topics);
    BOOST_TEST(counts_of(result["facets"]["place"]) == places);
    BOOST_TEST(counts_of(result["facets"]["date.year"]) == (Counts{{"1987", elements}}));
}

BOOST_AUTO_TEST_CASE(fakenewsnet_indexes_every_real_article_and_names_the_rest,
                     *boost::unit_test::precondition([](auto) {
                         return archive_present(fakenewsnet);
                     })) {
    const TempDir dir;
    unpack(fakenewsnet, dir);
    long files = 0;
    long empty_texts = 0;
    Counts files_by_label;
    for (const auto& entry : fs::recursive_directory_iterator(dir.path() / "fakenewsnet_dataset")) {
        if (entry.path().filename() != "news content.json") {
            continue;
        }
        ++files;
        ++files_by_label[entry.path().parent_path().parent_path().filename().string()];
        const json article = json::parse(slurp(entry.path()));
        empty_texts +=
            article.value("text", std::string{}).find_first_not_of(" \n\t") == std::string::npos
                ? 1
                : 0;
    }
    BOOST_TEST_REQUIRE(files == 17334);
    BOOST_TEST(empty_texts == 402);

    const std::string db = dir / "fnn.db";
    const auto run = index_corpus({"--db", db, "--json", (dir / "fakenewsnet_dataset")});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    const json summary = summary_of(run);
    BOOST_TEST(summary["indexed"].get<long>() + summary["skipped"].get<long>() == files);
    BOOST_TEST(summary["skipped_by_reason"]["empty body"] == empty_texts);
    BOOST_TEST(summary["duplicates"] == 0); // ids filed under both labels stay apart
    BOOST_TEST(summary["doc_count"] == summary["indexed"]);

    // Every rejection names its file; the label facet counts what was not rejected.
    Counts rejected_by_label;
    std::istringstream events(run.out);
    for (std::string line; std::getline(events, line);) {
        const json event = json::parse(line);
        if (event["type"] == "rejected") {
            const fs::path path = event["path"].get<std::string>();
            ++rejected_by_label[path.parent_path().parent_path().filename().string()];
        }
    }
    const json result = all_facets(db, {"label"});
    const Counts labels = counts_of(result["facets"]["label"]);
    BOOST_TEST(labels.at("fake") == files_by_label["fake"] - rejected_by_label["fake"]);
    BOOST_TEST(labels.at("real") == files_by_label["real"] - rejected_by_label["real"]);
}

BOOST_AUTO_TEST_CASE(bbc_indexes_each_article_once_with_its_category,
                     *boost::unit_test::precondition([](auto) { return archive_present(bbc); })) {
    const TempDir dir;
    unpack(bbc, dir);
    std::map<std::string, std::string> first_path_of_content;
    Counts unique_by_category;
    long files = 0;
    std::vector<fs::path> paths;
    for (const auto& entry : fs::recursive_directory_iterator(dir.path() / "bbc")) {
        if (entry.is_regular_file() && entry.path().filename() != "README.TXT") {
            paths.push_back(entry.path());
        }
    }
    std::sort(paths.begin(), paths.end()); // the order news-index reads them in
    for (const auto& path : paths) {
        ++files;
        if (first_path_of_content.emplace(slurp(path), path.string()).second) {
            ++unique_by_category[path.parent_path().filename().string()];
        }
    }
    BOOST_TEST_REQUIRE(files == 2225);
    const long duplicates = files - static_cast<long>(first_path_of_content.size());
    BOOST_TEST(duplicates == 98);

    // Indexed straight from the archive, as a stream; the unpacked copy gives the expectations.
    const std::string db = dir / "bbc.db";
    const auto run = index_corpus(
        {"--db", db, "--json", "--category-from-folder", "--skip-duplicates", bbc.string()});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    const json summary = summary_of(run);
    BOOST_TEST(summary["indexed"] == files - duplicates);
    BOOST_TEST(summary["skipped_by_reason"]["exact duplicate"] == duplicates);
    BOOST_TEST(summary["repaired"]["transcoded_bytes"] == 1); // sport/199.txt's Latin-1 pound

    const json result = all_facets(db, {"category"});
    BOOST_TEST(counts_of(result["facets"]["category"]) == unique_by_category);
}

BOOST_AUTO_TEST_SUITE_END()
