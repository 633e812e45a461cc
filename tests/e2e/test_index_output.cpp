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

#include <filesystem>
#include <fstream>
#include <string>
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

BOOST_AUTO_TEST_SUITE_END()
