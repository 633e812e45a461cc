/// @file
/// @brief End-to-end tests of what news-index prints: a reader of its output that goes away,
/// the cap on warnings, --warnings FILE, -q and -qq.
#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include "support/text_match.hpp"
#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using news::test::contains;
using news::test::run_tool;
using news::test::RunResult;
using news::test::TempDir;
using news::test::xapian_check;
using nlohmann::json;

const std::string index_exe = NEWS_INDEX_EXE;

constexpr std::size_t good_articles = 60;
constexpr std::size_t broken_articles = 45;

// A folder of good articles with broken ones between them, so warnings come all along the run.
void write_mixed_corpus(const TempDir& dir) {
    for (std::size_t i = 0; i < good_articles; ++i) {
        dir.write(
            fmt::format("in/{:03}-good.txt", i),
            fmt::format("Invented headline {}\n\nInvented body number {} of the test.\n", i, i));
        if (i < broken_articles) {
            dir.write(fmt::format("in/{:03}-broken.json", i), "{\"title\": \"unfinished");
        }
    }
}

bool has_shards_folder(const std::filesystem::path& dir) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (contains(entry.path().filename().string(), ".shards-")) {
            return true;
        }
    }
    return false;
}

// Runs news-index through a shell pipeline whose reader is @p reader, with pipefail: the
// pipeline's status is news-index's own (or 128 + the signal that killed it).
RunResult index_into_pipe(const std::string& reader, const std::vector<std::string>& args) {
    std::vector<std::string> shell{"-o",   "pipefail", "-c", "\"$@\" 2>&1 | " + reader,
                                   "bash", index_exe};
    shell.insert(shell.end(), args.begin(), args.end());
    return run_tool("/bin/bash", shell);
}

} // namespace

BOOST_AUTO_TEST_SUITE(index_output)

// `news-index ... | head` once ended the run by SIGPIPE (exit 141): an empty database and a
// shards folder left behind. Printing stops; indexing goes on and exits as it would have.
BOOST_AUTO_TEST_CASE(protects_the_index_from_a_reader_that_goes_away) {
    // "sleep; exec": the reader is gone before the indexer writes anything; head -1 goes
    // away after the first line, in the middle of the run.
    const std::vector<std::string> readers{"{ exec 0<&-; sleep 1; }", "head -1"};
    for (const std::string& reader : readers) {
        for (const std::string threads : {"1", "2"}) {
            for (const bool as_json : {false, true}) {
                const TempDir dir;
                write_mixed_corpus(dir);
                std::vector<std::string> args{"--db", dir / "db", "--threads", threads};
                if (as_json) {
                    args.emplace_back("--json");
                }
                args.push_back(dir / "in");
                const auto run = index_into_pipe(reader, args);
                const std::string name = fmt::format("reader '{}', --threads {}{}", reader, threads,
                                                     as_json ? ", --json" : "");
                BOOST_TEST(run.exit_code == 0, name << ": " << run.describe());
                BOOST_TEST_REQUIRE(xapian_check(dir / "db"), name);
                BOOST_TEST(Xapian::Database(dir / "db").get_doccount() == good_articles, name);
                BOOST_TEST(!has_shards_folder(dir.path()), name);
            }
        }
    }
}

// Counts the lines of @p text that contain @p needle.
std::size_t lines_with(const std::string& text, std::string_view needle) {
    std::size_t count = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        if (std::string_view(text).substr(start, end - start).find(needle) !=
            std::string_view::npos) {
            ++count;
        }
        start = end + 1;
    }
    return count;
}

BOOST_AUTO_TEST_CASE(protects_the_summary_from_being_buried_by_warnings) {
    const TempDir dir;
    write_mixed_corpus(dir);
    const auto run = run_tool(index_exe, {"--db", dir / "db", dir / "in"});
    BOOST_TEST(run.exit_code == 0, run.describe());
    BOOST_TEST(lines_with(run.err, ": skipped: malformed JSON") == 20U, run.err);
    BOOST_TEST(contains(run.err, fmt::format("news-index: ... and {} more warnings: {} malformed "
                                             "JSON (--warnings FILE lists them all",
                                             broken_articles - 20, broken_articles - 20)),
               run.err);
    BOOST_TEST(contains(run.err, fmt::format("skipped {} ({} malformed JSON)", broken_articles,
                                             broken_articles)),
               run.err);
    // -v prints every one.
    const TempDir again;
    write_mixed_corpus(again);
    const auto verbose = run_tool(index_exe, {"--db", again / "db", "-v", again / "in"});
    BOOST_TEST(lines_with(verbose.err, ": skipped: malformed JSON") == broken_articles,
               verbose.err);
    BOOST_TEST(!contains(verbose.err, "more warnings"), verbose.err);
}

BOOST_AUTO_TEST_CASE(writes_every_warning_to_the_warnings_file) {
    const TempDir dir;
    write_mixed_corpus(dir);
    const std::string file = dir / "warnings.jsonl";
    const auto run = run_tool(index_exe, {"--db", dir / "db", "--warnings", file, dir / "in"});
    BOOST_TEST(run.exit_code == 0, run.describe());
    BOOST_TEST(contains(run.err, "more warnings: 25 malformed JSON (all in " + file + ")"),
               run.err);
    std::ifstream in(file);
    std::string line;
    std::size_t records = 0;
    while (std::getline(in, line)) {
        const auto record = json::parse(line);
        BOOST_TEST(record["type"] == "rejected", line);
        BOOST_TEST(record["reason"] == "malformed JSON", line);
        BOOST_TEST(contains(record["message"].get<std::string>(), "malformed JSON: "), line);
        BOOST_TEST(contains(record["path"].get<std::string>(), "-broken.json"), line);
        BOOST_TEST(record["line"].is_null(), line);
        ++records;
    }
    BOOST_TEST(records == broken_articles);

    const auto nowhere = run_tool(
        index_exe, {"--db", dir / "db2", "--warnings", dir / "no/such/folder/w.jsonl", dir / "in"});
    BOOST_TEST(nowhere.exit_code == 73, nowhere.describe());
    BOOST_TEST(!std::filesystem::exists(dir / "db2"));
}

BOOST_AUTO_TEST_CASE(quiet_keeps_the_summary_and_very_quiet_keeps_only_errors) {
    const TempDir dir;
    write_mixed_corpus(dir);
    const auto quiet = run_tool(index_exe, {"--db", dir / "db", "-q", dir / "in"});
    BOOST_TEST(quiet.exit_code == 0, quiet.describe());
    BOOST_TEST(lines_with(quiet.err, "warning") == 0U, quiet.err);
    BOOST_TEST(contains(quiet.err, fmt::format("news-index: indexed {} articles", good_articles)),
               quiet.err);
    BOOST_TEST(contains(quiet.err, "news-index: skipped 45 (45 malformed JSON)"), quiet.err);

    const auto silent = run_tool(index_exe, {"--db", dir / "db2", "-qq", dir / "in"});
    BOOST_TEST(silent.exit_code == 0, silent.describe());
    BOOST_TEST(silent.err.empty(), silent.err);
    // Errors still get through.
    const auto failed = run_tool(index_exe, {"--db", dir / "db3", "-qq", dir / "missing"});
    BOOST_TEST(failed.exit_code == 66, failed.describe());
    BOOST_TEST(contains(failed.err, "news-index: error: "), failed.err);
}

BOOST_AUTO_TEST_SUITE_END()
