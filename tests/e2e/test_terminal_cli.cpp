/// @file
/// @brief End-to-end tests of what the tools show on a terminal: news-index's progress line and
/// -q/-qq, junk author values dropped and counted, news-search's wrapped snippets, highlighted
/// titles, cut facet values, and the note on a database that a writer holds.
#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include "support/text_match.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using news::test::contains;
using news::test::run_tool;
using news::test::RunResult;
using news::test::TempDir;
using nlohmann::json;

const std::string index_exe = NEWS_INDEX_EXE;
const std::string search_exe = NEWS_SEARCH_EXE;

std::string sample_dir() {
    return (news::test::source_dir() / "corpus" / "sample").string();
}

// Sets an environment variable for the tools this test runs, and restores it after.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : m_name(name) {
        if (const char* old = std::getenv(name); old != nullptr) {
            m_old = old;
        }
        ::setenv(name, value, 1);
    }
    ~ScopedEnv() {
        if (m_old) {
            ::setenv(m_name, m_old->c_str(), 1);
        } else {
            ::unsetenv(m_name);
        }
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* m_name;
    std::optional<std::string> m_old;
};

} // namespace

BOOST_AUTO_TEST_SUITE(terminal_cli)

BOOST_AUTO_TEST_CASE(progress_shows_percent_bytes_and_eta_then_clears_before_the_summary) {
    const ScopedEnv progress("NEWS_PROGRESS", "always");
    const TempDir dir;
    const RunResult run = run_tool(index_exe, {"--db", dir / "db", sample_dir()});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    const std::string line_start = "\r  ";
    BOOST_TEST(contains(run.err, line_start), run.err);
    BOOST_TEST(contains(run.err, "% \xC2\xB7 "), run.err);
    BOOST_TEST(contains(run.err, " KB of "), run.err);
    BOOST_TEST(contains(run.err, " \xC2\xB7 ETA "), run.err);
    // Cleared before the summary, which starts a line of its own.
    BOOST_TEST(contains(run.err, "\r\x1b[Knews-index: indexed "), run.err);
}

BOOST_AUTO_TEST_CASE(progress_on_stdin_shows_articles_and_rate_only) {
    const ScopedEnv progress("NEWS_PROGRESS", "always");
    const TempDir dir;
    std::string input;
    for (int i = 0; i < 5; ++i) {
        input += R"({"id":"s-)" + std::to_string(i) +
                 R"(","title":"Stdin article","body":"Read from a pipe, whose size is unknown."})" +
                 "\n";
    }
    const RunResult run = run_tool(index_exe, {"--db", dir / "db", "-"}, input);
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(contains(run.err, "\r  1 article \xC2\xB7 "), run.err);
    BOOST_TEST(!contains(run.err, "%"), run.err);
    BOOST_TEST(!contains(run.err, "ETA"), run.err);
}

BOOST_AUTO_TEST_CASE(quiet_hides_progress_and_warnings_but_keeps_the_summary) {
    const ScopedEnv progress("NEWS_PROGRESS", "always");
    const TempDir dir;
    const std::string input = "{\"id\":\"q-1\",\"title\":\"Kept\",\"body\":\"A good article.\"}\n"
                              "not json at all\n";
    const RunResult quiet = run_tool(index_exe, {"--db", dir / "q", "-q", "-"}, input);
    BOOST_TEST_REQUIRE(quiet.exit_code == 0, quiet.describe());
    BOOST_TEST(!contains(quiet.err, "\r"), quiet.err);
    BOOST_TEST(!contains(quiet.err, "warning"), quiet.err);
    BOOST_TEST(contains(quiet.err, "news-index: indexed 1 article"), quiet.err);

    const RunResult silent = run_tool(index_exe, {"--db", dir / "qq", "-qq", "-"}, input);
    BOOST_TEST_REQUIRE(silent.exit_code == 0, silent.describe());
    BOOST_TEST(silent.err.empty(), silent.err);
}

BOOST_AUTO_TEST_SUITE_END()
