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

constexpr std::string_view bold_on = "\x1b[1m";
constexpr std::string_view bold_off = "\x1b[0m";

std::string articles() {
    return (news::test::source_dir() / "tests" / "data" / "terminal" / "articles.jsonl").string();
}

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

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

// Columns of a line: UTF-8 characters, escape sequences left out.
std::size_t columns_of(std::string_view line) {
    std::size_t columns = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\x1b') {
            i = line.find('m', i);
            continue;
        }
        columns += (static_cast<unsigned char>(line[i]) & 0xC0U) != 0x80U ? 1U : 0U;
    }
    return columns;
}

// A database of the made-up articles.
std::string indexed(const TempDir& dir) {
    const auto db = dir / "db";
    const RunResult run = run_tool(index_exe, {"--db", db, articles()});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    return db;
}

} // namespace

BOOST_AUTO_TEST_SUITE(terminal_cli)

BOOST_AUTO_TEST_CASE(progress_shows_percent_bytes_and_eta_then_clears_before_the_summary) {
    const ScopedEnv progress("NEWS_PROGRESS", "always");
    const TempDir dir;
    const RunResult run = run_tool(index_exe, {"--db", dir / "db", sample_dir()});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    // "\r   5% · ..." to "\r 100% · ...": how far the read got first depends on the threads.
    BOOST_TEST(contains(run.err, "\r "), run.err);
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

BOOST_AUTO_TEST_CASE(junk_author_values_are_dropped_counted_and_listed_with_verbose) {
    const TempDir dir;
    const RunResult run = run_tool(index_exe, {"--db", dir / "db", articles()});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(contains(run.err, "news-index: dropped 6 author values that name no one"), run.err);
    BOOST_TEST(!contains(run.err, "junk author"), run.err); // -v lists them

    const RunResult as_json = run_tool(index_exe, {"--db", dir / "json", "--json", articles()});
    BOOST_TEST_REQUIRE(as_json.exit_code == 0, as_json.describe());
    const json summary = json::parse(lines_of(as_json.out).back());
    BOOST_TEST(summary["type"] == "summary");
    BOOST_TEST(summary["junk_authors_dropped"] == 6);

    const RunResult verbose = run_tool(index_exe, {"--db", dir / "v", "-v", articles()});
    BOOST_TEST_REQUIRE(verbose.exit_code == 0, verbose.describe());
    BOOST_TEST(contains(verbose.err, "dropped junk author Min Read (page furniture)"), verbose.err);
    BOOST_TEST(contains(verbose.err, "dropped junk author Nov 3, 2018 (a date)"), verbose.err);

    const RunResult facet = run_tool(
        search_exe, {"--db", dir / "db", "--json", "--facet", "author", "--limit", "0", "harbour"});
    BOOST_TEST_REQUIRE(facet.exit_code == 0, facet.describe());
    const json found = json::parse(facet.out);
    std::vector<std::string> names;
    for (const auto& value : found["facets"]["author"]) {
        names.push_back(value["value"]);
    }
    std::sort(names.begin(), names.end());
    const std::vector<std::string> expected{"Ada Quill", "Ben Holt"};
    BOOST_TEST(names == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(snippets_wrap_at_the_width_indented_under_their_hit) {
    const TempDir dir;
    const auto db = indexed(dir);
    const ScopedEnv columns("COLUMNS", "60");
    const RunResult run = run_tool(search_exe, {"--db", db, "lighthouse keepers"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    std::size_t snippet_lines = 0;
    for (const auto& line : lines_of(run.out)) {
        // The line under the title (id, source, date, score) is not wrapped.
        if (line.starts_with("    ") && !contains(line, " score ")) {
            ++snippet_lines;
            BOOST_TEST(columns_of(line) <= 60U, line);
        }
    }
    // Two hits, whose snippets need five and three lines of 56 columns.
    BOOST_TEST(snippet_lines == 8U, run.out);

    // 80 columns when the width is unknown (stdout is not a terminal, no COLUMNS).
    ::unsetenv("COLUMNS");
    const RunResult wide = run_tool(search_exe, {"--db", db, "lighthouse keepers"});
    std::size_t longest = 0;
    for (const auto& line : lines_of(wide.out)) {
        if (line.starts_with("    ") && !contains(line, " score ")) {
            longest = std::max(longest, columns_of(line));
        }
    }
    BOOST_TEST(longest <= 80U, wide.out);
    BOOST_TEST(longest > 60U, wide.out);
}

BOOST_AUTO_TEST_CASE(color_highlights_the_matched_words_in_titles_not_the_whole_title) {
    const TempDir dir;
    const auto db = indexed(dir);
    const RunResult run = run_tool(search_exe, {"--db", db, "--color", "always", "lighthouse"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    const std::string expected = " 1. Council backs oat biscuits for " + std::string(bold_on) +
                                 "lighthouse" + std::string(bold_off) + " keepers\n";
    BOOST_TEST(contains(run.out, expected), run.out);
    // A title without the word is shown plain.
    BOOST_TEST(contains(run.out, ". Snail race postponed\n"), run.out);
}

BOOST_AUTO_TEST_CASE(long_facet_values_are_cut_and_counts_stay_aligned) {
    const TempDir dir;
    const auto db = indexed(dir);
    const ScopedEnv columns("COLUMNS", "80");
    const RunResult run =
        run_tool(search_exe, {"--db", db, "--facet", "source", "--limit", "0", "harbour"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    const auto lines = lines_of(run.out);
    const auto heading = std::find(lines.begin(), lines.end(), "source:");
    BOOST_TEST_REQUIRE((heading != lines.end() && heading + 2 < lines.end()), run.out);
    // Both values count 1: in value order, "Harbour Gazette" comes first.
    const std::string& other = *(heading + 1);
    const std::string& cut = *(heading + 2);
    BOOST_TEST(contains(cut, "The Harbour Gazette and Northern"), run.out);
    BOOST_TEST(contains(cut, "\xE2\x80\xA6"), run.out);
    BOOST_TEST(!contains(cut, "Fishing News"), run.out);
    BOOST_TEST(columns_of(cut) == columns_of(other), run.out);
}

BOOST_AUTO_TEST_CASE(a_search_while_a_writer_holds_the_database_says_it_is_being_built) {
    const TempDir dir;
    const auto db = indexed(dir);
    {
        const Xapian::WritableDatabase writer(db, Xapian::DB_OPEN);
        const RunResult text = run_tool(search_exe, {"--db", db, "lighthouse"});
        BOOST_TEST_REQUIRE(text.exit_code == 0, text.describe());
        BOOST_TEST(contains(text.out, "note: " + db +
                                          " is being built by news-index (3 articles so far); "
                                          "results may be incomplete\n"),
                   text.out);
        const RunResult none = run_tool(search_exe, {"--db", db, "nosuchword"});
        BOOST_TEST(contains(none.out, "No articles match 'nosuchword' yet.\n"), none.out);
        const RunResult as_json = run_tool(search_exe, {"--db", db, "--json", "nosuchword"});
        BOOST_TEST_REQUIRE(as_json.exit_code == 0, as_json.describe());
        const json out = json::parse(as_json.out);
        BOOST_TEST(out["build_in_progress"]["articles_so_far"] == 3);
        BOOST_TEST(out["build_in_progress"]["sharded"] == false);
    }
    // The writer is gone (as a crashed indexer's lock is): no note.
    const RunResult after = run_tool(search_exe, {"--db", db, "--json", "lighthouse"});
    BOOST_TEST_REQUIRE(after.exit_code == 0, after.describe());
    BOOST_TEST(json::parse(after.out)["build_in_progress"].is_null());
    const RunResult text = run_tool(search_exe, {"--db", db, "lighthouse"});
    BOOST_TEST(!contains(text.out, "being built"), text.out);
}

BOOST_AUTO_TEST_SUITE_END()
