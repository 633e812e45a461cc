/// @file
/// @brief End-to-end tests of news-search --export and --stats: the sample corpus and a made-up
/// corpus of awkward values, read back by Python's csv module and jq when they are installed.
#include "news/common/schema.hpp"

#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using news::test::run_tool;
using news::test::RunResult;
using news::test::TempDir;
using nlohmann::json;
using Strings = std::vector<std::string>;

const std::string index_exe = NEWS_INDEX_EXE;
const std::string search_exe = NEWS_SEARCH_EXE;

// @p name found on PATH, or nullopt (run_tool needs a full path).
std::optional<std::string> find_program(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const auto candidate = std::filesystem::path(dir) / name;
        if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) {
            return candidate.string();
        }
    }
    return std::nullopt;
}

// Awkward values: commas, quotes, newlines, non-ASCII, several authors, '; ' inside a value.
constexpr std::string_view awkward_jsonl =
    R"({"id":"a,1","title":"Smith, Jones \"quoted\" and more","body":"Harbour ferry one.","source":"Gazette, The","authors":["Anne O'Neil","Zoë Ünal"],"date":"2024-02-01","categories":["local","weird; values"],"facets":{"label":"real","topic":["grain","oil"]}}
{"id":"b\"2","title":"Line one\nline two\r\nthree","body":"Harbour ferry two.","source":"Северный вестник","authors":["李雷"],"url":"https://example.org/a?b=1,2"}
{"id":"c3","title":"plain","body":"Harbour ferry three.","date":"2024-03-01"}
)";

struct Corpus {
    TempDir dir;
    std::string db = dir / "db";

    explicit Corpus(const std::string& input) {
        const auto run = run_tool(index_exe, {"--db", db, "--quiet", input});
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    }

    [[nodiscard]] RunResult search(Strings args) const {
        args.insert(args.begin(), {"--db", db});
        return run_tool(search_exe, args);
    }

    // An export that must succeed silently on stderr.
    [[nodiscard]] std::string export_rows(const Strings& args) const {
        const auto run = search(args);
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
        BOOST_TEST(run.err.empty(), run.err);
        return run.out;
    }

    // The exact number of matches of @p query, from a plain search.
    [[nodiscard]] std::size_t total(const std::string& query) const {
        const auto run = search({"--json", "-n", "0", query});
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
        const auto result = json::parse(run.out);
        BOOST_TEST_REQUIRE(result["total"]["exact"].get<bool>());
        return result["total"]["lower"].get<std::size_t>();
    }
};

std::string sample_dir() {
    return (news::test::source_dir() / "corpus" / "sample").string();
}

std::size_t sample_files() {
    std::size_t n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(sample_dir())) {
        n += entry.path().extension() == ".txt" ? 1U : 0U;
    }
    return n;
}

// Reads @p csv with Python's csv module (no options) and returns its rows as JSON objects.
std::optional<json> python_rows(const std::string& csv) {
    const auto python = find_program("python3");
    if (!python) {
        BOOST_TEST_MESSAGE("python3 not found: the csv round trip is skipped");
        return std::nullopt;
    }
    const auto run = run_tool(*python, {"-c", R"(import csv, io, json, sys
rows = list(csv.DictReader(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="")))
json.dump(rows, sys.stdout))"},
                              csv);
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    return json::parse(run.out);
}

// Checks that @p ids holds every one of @p expected once.
void expect_each_once(const Strings& ids, std::size_t expected_total) {
    BOOST_TEST(ids.size() == expected_total);
    BOOST_TEST(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size(),
               "an id is repeated");
}

} // namespace

BOOST_AUTO_TEST_SUITE(export_cli)

BOOST_AUTO_TEST_CASE(csv_of_the_sample_reads_back_in_python_with_every_article_once) {
    const Corpus sample(sample_dir());
    const auto csv = sample.export_rows({"--export", "csv"});
    BOOST_TEST(csv.substr(0, 3) != "\xEF\xBB\xBF", "no byte-order mark");
    const auto rows = python_rows(csv);
    if (!rows) {
        return;
    }
    Strings ids;
    for (const auto& row : *rows) {
        ids.push_back(row["id"].get<std::string>());
    }
    expect_each_once(ids, sample_files());
}

BOOST_AUTO_TEST_CASE(a_query_exports_its_exact_total_in_result_order) {
    const Corpus sample(sample_dir());
    for (const std::string query : {"ukraine", "russia OR missiles"}) {
        const auto expected = sample.total(query);
        BOOST_TEST_REQUIRE(expected > 1U, "the query should match several articles");
        const auto jsonl = sample.export_rows({"--export", "jsonl", "--limit", "1", query});
        Strings ids;
        std::istringstream lines(jsonl);
        for (std::string line; std::getline(lines, line);) {
            ids.push_back(json::parse(line)["id"].get<std::string>());
        }
        expect_each_once(ids, expected);
        // The first row is the first hit of the result list.
        const auto first = json::parse(sample.search({"--json", "-n", "1", query}).out);
        BOOST_TEST(ids.front() == first["hits"][0]["id"].get<std::string>());
    }
}

BOOST_AUTO_TEST_CASE(awkward_values_survive_python_csv_and_jq) {
    TempDir input;
    const auto file = input.write("awkward.jsonl", awkward_jsonl);
    const Corpus corpus(file);
    const auto csv = corpus.export_rows({"--export", "csv", "--sort", "date"});
    if (const auto rows = python_rows(csv)) {
        BOOST_TEST_REQUIRE(rows->size() == 3U);
        std::map<std::string, json> by_id;
        for (const auto& row : *rows) {
            by_id[row["id"].get<std::string>()] = row;
        }
        BOOST_TEST(by_id["a,1"]["title"] == "Smith, Jones \"quoted\" and more");
        BOOST_TEST(by_id["a,1"]["source"] == "Gazette, The");
        BOOST_TEST(by_id["a,1"]["authors"] == "Anne O'Neil; Zoë Ünal");
        BOOST_TEST(by_id["a,1"]["categories"] == "local; weird; values");
        BOOST_TEST(by_id["a,1"]["topics"] == "grain; oil");
        BOOST_TEST(by_id["a,1"]["label"] == "real");
        BOOST_TEST(by_id["b\"2"]["source"] == "Северный вестник");
        BOOST_TEST(by_id["b\"2"]["authors"] == "李雷");
        BOOST_TEST(by_id["b\"2"]["url"] == "https://example.org/a?b=1,2");
        BOOST_TEST(by_id["b\"2"]["title"].get<std::string>().find("line two") != std::string::npos);
        BOOST_TEST((*rows)[0]["id"] == "c3", "newest first");
    }
    const auto jsonl = corpus.export_rows({"--export", "jsonl"});
    const auto jq = find_program("jq");
    if (!jq) {
        BOOST_TEST_MESSAGE("jq not found: the jq round trip is skipped");
        return;
    }
    const auto run = run_tool(*jq, {"-r", R"(.id + "\t" + (.authors | join("|")))"}, jsonl);
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    std::set<std::string> lines;
    std::istringstream in(run.out);
    for (std::string line; std::getline(in, line);) {
        lines.insert(line);
    }
    BOOST_TEST(lines.size() == 3U);
    BOOST_TEST(lines.count("a,1\tAnne O'Neil|Zoë Ünal") == 1U);
    BOOST_TEST(lines.count("b\"2\t李雷") == 1U);
    BOOST_TEST(lines.count("c3\t") == 1U);
}

BOOST_AUTO_TEST_CASE(fields_choose_the_columns_and_an_unknown_one_lists_the_valid_ones) {
    const Corpus sample(sample_dir());
    const auto csv = sample.export_rows({"--export", "csv", "--fields", "date,id", "ukraine"});
    BOOST_TEST(csv.substr(0, csv.find('\n') + 1) == "date,id\r\n");
    const auto line = sample.export_rows({"--export", "jsonl", "--fields", "score,id", "ukraine"});
    const auto first = json::parse(line.substr(0, line.find('\n')));
    BOOST_TEST(first.size() == 2U);
    BOOST_TEST(line.rfind("{\"score\":", 0) == 0U, "keys in the order asked for: " << line);

    const auto bad = sample.search({"--export", "csv", "--fields", "id,nope", "ukraine"});
    BOOST_TEST(bad.exit_code == 64, bad.describe());
    BOOST_TEST(bad.out.empty());
    BOOST_TEST(bad.err.find("'nope'") != std::string::npos, bad.err);
    for (const auto* name : {"id", "title", "source", "authors", "date", "url", "label", "score"}) {
        BOOST_TEST(bad.err.find(name) != std::string::npos, name);
    }
    for (const Strings& args :
         {Strings{"--fields", "id", "ukraine"}, Strings{"--export", "xml", "ukraine"},
          Strings{"--export", "csv", "--json", "ukraine"}, Strings{"--stats", "ukraine"}}) {
        const auto run = sample.search(args);
        BOOST_TEST(run.exit_code == 64, run.describe());
        BOOST_TEST(run.out.empty());
    }
}

BOOST_AUTO_TEST_CASE(stats_text_and_json_agree_with_the_corpus) {
    const Corpus sample(sample_dir());
    const auto run = sample.search({"--stats", "--json"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    const auto stats = json::parse(run.out);
    BOOST_TEST(stats["format_version"] == 1);
    BOOST_TEST(stats["articles"] == sample_files());
    BOOST_TEST(stats["dates"]["dated"].get<std::size_t>() +
                   stats["dates"]["undated"].get<std::size_t>() ==
               sample_files());
    // The dated count is what a date range over all time finds; the facets agree with --facet
    // over every article (a query that only excludes a word no article has).
    BOOST_TEST(stats["dates"]["dated"] == sample.total("date:0001-01-01..9999-12-31"));
    const auto facets =
        json::parse(sample
                        .search({"--json", "-n", "0", "--facet", "source", "--facet", "author",
                                 "--facet-limit", "0", "--", "-zzqxjw"})
                        .out);
    BOOST_TEST(facets["total"]["lower"] == sample_files());
    BOOST_TEST(stats["sources"]["distinct"] == facets["facets"]["source"].size());
    BOOST_TEST(stats["facets"]["author"]["top"] == facets["facets"]["author"]);
    BOOST_TEST(stats["schema_version"] == news::schema::version);
    BOOST_TEST(stats["stemmer"] == "english");
    std::uintmax_t bytes = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(sample.db)) {
        bytes += entry.is_regular_file() ? entry.file_size() : 0;
    }
    BOOST_TEST(stats["size_bytes"] == bytes);
    BOOST_TEST(stats["last_update"].get<std::string>().size() == 20U);

    const auto text = sample.search({"--stats"});
    BOOST_TEST_REQUIRE(text.exit_code == 0, text.describe());
    BOOST_TEST(text.out.find("articles     " + std::to_string(sample_files()) + "\n") !=
                   std::string::npos,
               text.out);
    BOOST_TEST(text.out.find("stemmer english") != std::string::npos, text.out);
}

BOOST_AUTO_TEST_SUITE_END()
