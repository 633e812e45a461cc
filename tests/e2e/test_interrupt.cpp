/// @file
/// @brief End-to-end tests of interrupted indexing runs: SIGINT and SIGTERM commit what was read
/// and exit 130; SIGKILL leaves the database at its last batch commit; a rerun completes the
/// work without duplicates.
///
/// news-index reads JSON Lines from a pipe the test keeps open, so it blocks in read() after the
/// last line: the signal then arrives at a known point, with no timing assumptions.
#include "news/common/schema.hpp"

#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <xapian.h>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using news::test::run_tool;
using news::test::RunningTool;
using news::test::TempDir;

const std::string index_exe = NEWS_INDEX_EXE;

constexpr int articles = 25;
constexpr int batch_size = 10;
// Everything below is bounded by this, so a hang fails the test instead of stalling ctest.
constexpr std::chrono::seconds patience{30};

// Made-up articles, one JSON object a line, ids "int-1" .. "int-N".
std::string jsonl_articles(int count) {
    std::string out;
    for (int i = 1; i <= count; ++i) {
        out += fmt::format(R"({{"id":"int-{0}","title":"Tide table number {0}","body":"The )"
                           R"(harbour master published tide table number {0} for the week."}})"
                           "\n",
                           i);
    }
    return out;
}

// A line news-index rejects: its report (a warning, or a JSON event) proves that every line
// before it was handled.
constexpr std::string_view sentinel = "[\"not an article\"]\n";

// Committed documents, as a reader sees them; 0 while the database does not exist yet.
Xapian::doccount committed_docs(const std::string& db) {
    try {
        return Xapian::Database(db).get_doccount();
    } catch (const Xapian::Error&) {
        return 0;
    }
}

// Polls @p done every 20 ms until it holds, the tool has exited, or patience runs out.
bool wait_for(RunningTool& tool, const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) {
            return true;
        }
        if (tool.finished()) {
            return done();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done();
}

// Starts news-index on stdin, feeds it the articles and the sentinel, and waits until two
// batches are committed and the rest has been read: the tool is now blocked reading stdin,
// with articles 21..25 added but not committed.
// With @p json the sentinel's rejection is an event on stdout instead of a warning on stderr.
void start_and_wait_for_idle(RunningTool& tool, const std::string& db, bool json = false) {
    BOOST_TEST_REQUIRE(tool.write_stdin(jsonl_articles(articles)));
    BOOST_TEST_REQUIRE(wait_for(tool, [&] { return committed_docs(db) >= 20U; }),
                       "two batches were never committed; stderr:\n"
                           << tool.err_so_far());
    BOOST_TEST_REQUIRE(tool.write_stdin(sentinel));
    const auto sentinel_reported = [&] {
        return json ? tool.out_so_far().find(R"("line":26,"path":"-")") != std::string::npos
                    : tool.err_so_far().find("-:26: skipped: ") != std::string::npos;
    };
    BOOST_TEST_REQUIRE(wait_for(tool, sentinel_reported),
                       "the sentinel line was never reported; stdout:\n"
                           << tool.out_so_far() << "\nstderr:\n"
                           << tool.err_so_far());
    BOOST_TEST_REQUIRE(!tool.finished(), "news-index must wait for more input");
    BOOST_TEST(committed_docs(db) == 20U, "only whole batches are committed while running");
}

void rerun_completes_without_duplicates(const std::string& db) {
    const auto rerun =
        run_tool(index_exe, {"--db", db, "--batch-size", std::to_string(batch_size), "-"},
                 jsonl_articles(articles));
    BOOST_TEST(rerun.exit_code == 0, rerun.describe());
    BOOST_TEST(committed_docs(db) == static_cast<Xapian::doccount>(articles));
}

void check_interrupted_by(int signal) {
    const TempDir dir;
    const auto db = dir / "db";
    RunningTool tool(index_exe, {"--db", db, "--batch-size", std::to_string(batch_size), "-"});
    start_and_wait_for_idle(tool, db);

    tool.send_signal(signal);
    const auto result = tool.wait(patience);
    BOOST_TEST(result.exit_code == 130, result.describe());
    BOOST_TEST(result.err.find("interrupted") != std::string::npos, result.err);
    BOOST_TEST(result.err.find("news-index: error: interrupted: 25 articles committed") !=
                   std::string::npos,
               result.err);
    BOOST_TEST(result.err.find("\nhint: ") != std::string::npos, result.err);

    // Every article read before the signal was committed, and the database opens.
    Xapian::Database database(db);
    BOOST_TEST(database.get_doccount() == static_cast<Xapian::doccount>(articles));
    BOOST_TEST(database.get_metadata("news.schema_version") ==
               std::to_string(news::schema::version));
    for (int i = 1; i <= articles; ++i) {
        BOOST_TEST(database.term_exists(fmt::format("Qint-{}", i)), i);
    }
    rerun_completes_without_duplicates(db);
}

} // namespace

BOOST_AUTO_TEST_SUITE(interrupt)

BOOST_AUTO_TEST_CASE(sigint_commits_what_was_read_and_exits_130) {
    check_interrupted_by(SIGINT);
}

BOOST_AUTO_TEST_CASE(sigterm_commits_what_was_read_and_exits_130) {
    check_interrupted_by(SIGTERM);
}

BOOST_AUTO_TEST_CASE(sigint_with_json_reports_interrupted_in_the_summary) {
    const TempDir dir;
    const auto db = dir / "db";
    RunningTool tool(index_exe,
                     {"--db", db, "--json", "--batch-size", std::to_string(batch_size), "-"});
    start_and_wait_for_idle(tool, db, /*json=*/true);

    tool.send_signal(SIGINT);
    const auto result = tool.wait(patience);
    BOOST_TEST(result.exit_code == 130, result.describe());
    const auto last_line = result.out.substr(result.out.rfind('\n', result.out.size() - 2) + 1);
    const auto summary = nlohmann::json::parse(last_line);
    BOOST_TEST(summary["type"] == "summary");
    BOOST_TEST(summary["interrupted"] == true);
    BOOST_TEST(summary["indexed"] == articles);
    BOOST_TEST(summary["doc_count"] == articles);
    BOOST_TEST(summary["skipped"] == 1);
    BOOST_TEST(result.err.find("news-index: error: interrupted") != std::string::npos, result.err);
}

BOOST_AUTO_TEST_CASE(sigkill_leaves_the_last_batch_commit) {
    const TempDir dir;
    const auto db = dir / "db";
    RunningTool tool(index_exe, {"--db", db, "--batch-size", std::to_string(batch_size), "-"});
    start_and_wait_for_idle(tool, db);

    tool.send_signal(SIGKILL);
    const auto result = tool.wait(patience);
    BOOST_TEST(result.term_signal == SIGKILL, result.describe());
    // The uncommitted batch is lost; the database is valid at its last commit.
    BOOST_TEST(committed_docs(db) == 20U);
    rerun_completes_without_duplicates(db);
}

BOOST_AUTO_TEST_CASE(end_of_input_commits_the_partial_batch) {
    const TempDir dir;
    const auto db = dir / "db";
    RunningTool tool(index_exe, {"--db", db, "--batch-size", std::to_string(batch_size), "-"});
    start_and_wait_for_idle(tool, db);
    tool.close_stdin();
    const auto result = tool.wait(patience);
    BOOST_TEST(result.exit_code == 0, result.describe());
    BOOST_TEST(committed_docs(db) == static_cast<Xapian::doccount>(articles));
}

// Opens the named pipe @p path for writing once @p tool has opened it for reading; -1 if it
// never does.
int open_when_read(RunningTool& tool, const std::string& path) {
    int fd = -1;
    wait_for(tool, [&] {
        fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        return fd >= 0;
    });
    if (fd >= 0) {
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    }
    return fd;
}

// Starts a sharded build (a new database, two threads) reading a named pipe, feeds it the
// articles and the sentinel, and waits until the sentinel is reported: every article is read.
// Returns the pipe's write end, kept open so that news-index waits for more.
int start_sharded_and_wait_for_idle(RunningTool& tool, const TempDir& dir) {
    const auto feed = dir / "feed.jsonl";
    const int fd = open_when_read(tool, feed);
    BOOST_TEST_REQUIRE(fd >= 0, "news-index never opened the pipe; stderr:\n" << tool.err_so_far());
    const std::string lines = jsonl_articles(articles) + std::string(sentinel);
    BOOST_TEST_REQUIRE(::write(fd, lines.data(), lines.size()) ==
                       static_cast<ssize_t>(lines.size()));
    BOOST_TEST_REQUIRE(
        wait_for(tool, [&] { return tool.out_so_far().find(R"("line":26)") != std::string::npos; }),
        "the sentinel line was never reported; stdout:\n"
            << tool.out_so_far() << "\nstderr:\n"
            << tool.err_so_far());
    BOOST_TEST_REQUIRE(!tool.finished(), "news-index must wait for more input");
    return fd;
}

// Only the database (and the pipe) are left in @p dir: no shard or merge folder.
void check_nothing_left_beside(const TempDir& dir) {
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        const auto name = entry.path().filename().string();
        BOOST_TEST((name == "db" || name == "feed.jsonl"), "left behind: " << name);
    }
}

BOOST_AUTO_TEST_CASE(sigint_during_a_sharded_build_merges_what_was_read) {
    const TempDir dir;
    const auto db = dir / "db";
    BOOST_TEST_REQUIRE(::mkfifo((dir / "feed.jsonl").c_str(), 0600) == 0);
    RunningTool tool(index_exe, {"--db", db, "--json", "--threads", "2", "--batch-size",
                                 std::to_string(batch_size), dir / "feed.jsonl"});
    const int fd = start_sharded_and_wait_for_idle(tool, dir);

    tool.send_signal(SIGINT);
    const auto result = tool.wait(patience);
    ::close(fd);
    BOOST_TEST(result.exit_code == 130, result.describe());
    const auto last_line = result.out.substr(result.out.rfind('\n', result.out.size() - 2) + 1);
    const auto summary = nlohmann::json::parse(last_line);
    BOOST_TEST(summary["interrupted"] == true);
    BOOST_TEST(summary["indexed"] == articles);
    BOOST_TEST(summary["doc_count"] == articles);

    const Xapian::Database database(db);
    BOOST_TEST(database.get_doccount() == static_cast<Xapian::doccount>(articles));
    BOOST_TEST(database.get_metadata("news.schema_version") ==
               std::to_string(news::schema::version));
    for (int i = 1; i <= articles; ++i) {
        BOOST_TEST(database.term_exists(fmt::format("Qint-{}", i)), i);
    }
    check_nothing_left_beside(dir);
    rerun_completes_without_duplicates(db);
}

BOOST_AUTO_TEST_CASE(sigkill_during_a_sharded_build_leaves_a_valid_empty_database) {
    const TempDir dir;
    const auto db = dir / "db";
    BOOST_TEST_REQUIRE(::mkfifo((dir / "feed.jsonl").c_str(), 0600) == 0);
    const std::vector<std::string> args = {"--db",      db,  "--json",
                                           "--threads", "2", dir / "feed.jsonl"};
    {
        RunningTool tool(index_exe, args);
        const int fd = start_sharded_and_wait_for_idle(tool, dir);
        tool.send_signal(SIGKILL);
        const auto result = tool.wait(patience);
        ::close(fd);
        BOOST_TEST(result.term_signal == SIGKILL, result.describe());
    }
    // Nothing was merged: the database opens, stamped and empty, never half-written.
    BOOST_TEST(committed_docs(db) == 0U);
    BOOST_TEST(Xapian::Database(db).get_metadata("news.schema_version") ==
               std::to_string(news::schema::version));

    // The next build removes the dead run's shards and completes.
    RunningTool tool(index_exe, args);
    const int fd = open_when_read(tool, dir / "feed.jsonl");
    BOOST_TEST_REQUIRE(fd >= 0);
    const std::string lines = jsonl_articles(articles);
    BOOST_TEST_REQUIRE(::write(fd, lines.data(), lines.size()) ==
                       static_cast<ssize_t>(lines.size()));
    ::close(fd);
    const auto result = tool.wait(patience);
    BOOST_TEST(result.exit_code == 0, result.describe());
    BOOST_TEST(committed_docs(db) == static_cast<Xapian::doccount>(articles));
    check_nothing_left_beside(dir);
}

BOOST_AUTO_TEST_SUITE_END()
