/// @file
/// @brief End-to-end tests that news-index never loses what it was not asked to change: folders
/// that are not databases, the database during a rebuild, the last commit on a full disk.
#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include "support/text_match.hpp"
#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using news::test::contains;
using news::test::run_tool;
using news::test::RunningTool;
using news::test::starts_with;
using news::test::TempDir;
using news::test::xapian_check;

const std::string index_exe = NEWS_INDEX_EXE;
const std::string search_exe = NEWS_SEARCH_EXE;

std::string sample_dir() {
    return (news::test::source_dir() / "corpus" / "sample").string();
}

// A small tmpfs mounted for one test (needs root and a kernel that lets the sandbox mount);
// unmounted when the test ends.
class SmallDisk {
public:
    SmallDisk(const fs::path& where, std::string_view size) : m_where(where) {
        fs::create_directories(where);
        const std::string command =
            fmt::format("mount -t tmpfs -o size={} tmpfs '{}' 2>/dev/null", size, where.string());
        m_mounted = std::system(command.c_str()) == 0;
    }
    ~SmallDisk() {
        if (m_mounted) {
            const std::string command = fmt::format("umount '{}'", m_where.string());
            static_cast<void>(std::system(command.c_str()));
        }
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;
    [[nodiscard]] bool mounted() const noexcept { return m_mounted; }

private:
    fs::path m_where;
    bool m_mounted = false;
};

// @p count made-up articles of about 2 KB, one JSON object a line, with many distinct words so
// that their index outgrows a few MiB.
std::string many_articles(int first, int count) {
    std::string out;
    std::uint32_t state = 2166136261U + static_cast<std::uint32_t>(first);
    for (int i = first; i < first + count; ++i) {
        std::string body;
        for (int word = 0; word < 300; ++word) {
            state = state * 1664525U + 1013904223U;
            body += fmt::format("w{} ", state % 50000U);
        }
        out += fmt::format(R"({{"id":"a-{}","title":"Report {}","body":"{}"}})", i, i, body);
        out += '\n';
    }
    return out;
}

std::vector<std::string> entries_of(const fs::path& folder) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder)) {
        names.push_back(entry.path().filename().string());
    }
    return names;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

} // namespace

BOOST_AUTO_TEST_SUITE(data_safety)

// A researcher's project folder named as --db: a sharded build used to swap the merged
// database into its place and delete everything that was there.
BOOST_AUTO_TEST_CASE(protects_a_folder_of_other_files_named_as_the_database) {
    for (const std::string threads : {"1", "2"}) {
        const TempDir dir;
        const auto project = dir / "project";
        fs::create_directories(dir / "project/articles");
        fs::copy(sample_dir(), dir / "project/articles", fs::copy_options::recursive);
        dir.write("project/notes.md", "n\n");
        const auto run =
            run_tool(index_exe, {"--db", project, "--threads", threads, project + "/articles"});
        BOOST_TEST(run.exit_code == 73, run.describe());
        BOOST_TEST(starts_with(run.err, "news-index: error: " + project +
                                            ": is a folder of other files (2), not a database"),
                   run.err);
        BOOST_TEST(contains(run.err, "hint: "), run.err);
        BOOST_TEST(read_file(project + "/notes.md") == "n\n");
        BOOST_TEST(fs::exists(project + "/articles/000_32265edf3150e999.txt"));
        BOOST_TEST(!fs::exists(project + "/iamglass"));
        // Nothing was created beside it either.
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(dir.path())) {
            names.push_back(entry.path().filename().string());
        }
        BOOST_TEST(names == std::vector<std::string>{"project"});
    }
}

BOOST_AUTO_TEST_CASE(an_empty_folder_or_an_existing_database_is_written_into) {
    const TempDir dir;
    fs::create_directories(dir / "empty");
    BOOST_TEST(run_tool(index_exe, {"--db", dir / "empty", sample_dir()}).exit_code == 0);
    BOOST_TEST(Xapian::Database(dir / "empty").get_doccount() == 5U);
    const auto again = run_tool(index_exe, {"--db", dir / "empty", "--overwrite", sample_dir()});
    BOOST_TEST(again.exit_code == 0, again.describe());
    BOOST_TEST(Xapian::Database(dir / "empty").get_doccount() == 5U);
}

BOOST_AUTO_TEST_CASE(a_database_path_below_a_file_exits_73) {
    const TempDir dir;
    const auto file = dir.write("file", "x\n");
    const auto run = run_tool(index_exe, {"--db", file + "/sub", sample_dir()});
    BOOST_TEST(run.exit_code == 73, run.describe());
    BOOST_TEST(contains(run.err, file + " is a file"), run.err);
    BOOST_TEST(read_file(file) == "x\n");
}

// Searchers used to fail ("EOF reading block") or find nothing while --overwrite emptied and
// refilled the database; a rebuild now happens aside and is swapped in whole.
BOOST_AUTO_TEST_CASE(protects_searches_while_overwrite_rebuilds_the_database) {
    const TempDir dir;
    const auto db = dir / "db";
    BOOST_TEST_REQUIRE(run_tool(index_exe, {"--db", db, sample_dir()}).exit_code == 0);
    int searches = 0;
    for (int rebuild = 0; rebuild < 4; ++rebuild) {
        RunningTool indexing(index_exe, {"--db", db, "--overwrite", "--threads",
                                         rebuild % 2 == 0 ? "2" : "1", sample_dir()});
        indexing.close_stdin();
        do {
            const auto search = run_tool(search_exe, {"--db", db, "--json", "troops"});
            BOOST_TEST_REQUIRE(search.exit_code == 0, search.describe());
            const auto total = nlohmann::json::parse(search.out)["total"];
            BOOST_TEST_REQUIRE(total["lower"] == 5, search.out);
            ++searches;
        } while (!indexing.finished());
        const auto result = indexing.wait();
        BOOST_TEST_REQUIRE(result.exit_code == 0, result.describe());
    }
    BOOST_TEST_MESSAGE(searches << " searches during 4 rebuilds");
}

// Ctrl-C during --overwrite used to leave the part rebuilt so far in place of the database.
BOOST_AUTO_TEST_CASE(protects_the_database_when_an_overwrite_is_interrupted) {
    const TempDir dir;
    const auto db = dir / "db";
    BOOST_TEST_REQUIRE(run_tool(index_exe, {"--db", db, sample_dir()}).exit_code == 0);
    RunningTool rebuild(index_exe, {"--db", db, "--overwrite", "-"});
    BOOST_TEST_REQUIRE(rebuild.write_stdin(
        "{\"id\":\"n-1\",\"title\":\"Tide tables\",\"body\":\"High tide at noon.\"}\n"
        "not json: the sentinel\n"));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (rebuild.err_so_far().find("-:2: skipped: ") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline && !rebuild.finished()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    BOOST_TEST_REQUIRE(!rebuild.finished(), "news-index must wait for more input");
    rebuild.send_signal(SIGINT);
    const auto result = rebuild.wait();
    BOOST_TEST(result.exit_code == 130, result.describe());
    BOOST_TEST(contains(result.err, "news-index: error: interrupted: the rebuild was abandoned; "
                                    "the database is as it was (5 articles)"),
               result.err);
    BOOST_TEST(Xapian::Database(db).get_doccount() == 5U);
    BOOST_TEST(!Xapian::Database(db).term_exists("Qn-1"));
    for (const auto& entry : fs::directory_iterator(dir.path())) {
        BOOST_TEST(entry.path().filename() == "db", "left behind: " << entry.path());
    }
}

// A sharded build killed after its swap but before it removed its folder left the folder for
// good when the next run was incremental (found by scripts/crash-loop.sh).
BOOST_AUTO_TEST_CASE(protects_the_disk_from_a_dead_runs_shards_folder) {
    const TempDir dir;
    const auto db = dir / "db";
    BOOST_TEST_REQUIRE(run_tool(index_exe, {"--db", db, sample_dir()}).exit_code == 0);
    dir.write("db.shards-99999/merged/iamglass", "left by a run killed after its swap");
    for (const std::string threads : {"1", "2"}) {
        const auto run = run_tool(index_exe, {"--db", db, "--threads", threads, sample_dir()});
        BOOST_TEST(run.exit_code == 0, run.describe());
        BOOST_TEST(entries_of(dir.path()) == std::vector<std::string>{"db"});
        dir.write("db.shards-99999/merged/iamglass", "again");
    }
}

// An --overwrite that finds no article keeps the database rather than emptying it.
BOOST_AUTO_TEST_CASE(protects_the_database_when_an_overwrite_finds_nothing) {
    const TempDir dir;
    const auto db = dir / "db";
    BOOST_TEST_REQUIRE(run_tool(index_exe, {"--db", db, sample_dir()}).exit_code == 0);
    const auto empty = dir.write("empty.jsonl", "");
    const auto run = run_tool(index_exe, {"--db", db, "--overwrite", empty});
    BOOST_TEST(run.exit_code == 65, run.describe());
    BOOST_TEST(contains(run.err, "hint: the database was left as it was"), run.err);
    BOOST_TEST(Xapian::Database(db).get_doccount() == 5U);
}

// A full disk used to abort the single writer ("terminate called", exit 134) and end a sharded
// build with exit 70 and a message hiding the cause.
BOOST_AUTO_TEST_CASE(protects_the_last_commit_when_the_disk_fills) {
    const TempDir dir;
    const SmallDisk disk(dir / "disk", "16m");
    if (!disk.mounted()) {
        BOOST_TEST_MESSAGE("skipped: cannot mount a small tmpfs here (needs root in a sandbox "
                           "that allows mounts)");
        return;
    }
    const auto small = dir.write("small.jsonl", many_articles(0, 100));
    const auto big = dir.write("big.jsonl", many_articles(100, 8000));
    struct Case {
        std::string name;
        std::vector<std::string> first_run; // empty: the failing run builds a new database
        std::string threads;
    };
    const std::vector<Case> cases{{"new, sharded", {}, "2"},
                                  {"existing, one writer", {small}, "1"},
                                  {"existing, pooled", {small}, "2"}};
    for (const auto& c : cases) {
        const auto db = dir / "disk/db";
        fs::remove_all(db);
        Xapian::doccount before = 0;
        if (!c.first_run.empty()) {
            const auto first = run_tool(index_exe, {"--db", db, c.first_run.front()});
            BOOST_TEST_REQUIRE(first.exit_code == 0, c.name << ": " << first.describe());
            before = Xapian::Database(db).get_doccount();
        }
        const auto run = run_tool(index_exe, {"--db", db, "--threads", c.threads, big});
        BOOST_TEST(run.exit_code == 74, c.name << ": " << run.describe());
        BOOST_TEST(contains(run.err, "news-index: error: " + db), c.name << ": " << run.err);
        BOOST_TEST(contains(run.err, "the disk is full"), c.name << ": " << run.err);
        BOOST_TEST(!contains(run.err, "terminate"), c.name << ": " << run.err);
        BOOST_TEST(entries_of(dir / "disk") == std::vector<std::string>{"db"},
                   c.name << ": no litter");
        BOOST_TEST(xapian_check(db), c.name);
        const auto after = Xapian::Database(db).get_doccount();
        BOOST_TEST(after >= before, c.name << ": nothing committed was lost");
        BOOST_TEST(after < 8100U, c.name << ": the disk did fill");
    }
}

BOOST_AUTO_TEST_SUITE_END()
