/// @file
/// @brief End-to-end tests of news-index: exit codes, messages, --json events, reruns, locks,
/// stdin, --overwrite and schema versions.
#include "support/golden.hpp"
#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include "support/text_match.hpp"
#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using news::test::contains;
using news::test::starts_with;

using news::test::run_tool;
using news::test::RunResult;
using news::test::TempDir;
using nlohmann::json;

const std::string index_exe = NEWS_INDEX_EXE;
const std::string search_exe = NEWS_SEARCH_EXE;

std::string sample_dir() {
    return (news::test::source_dir() / "corpus" / "sample").string();
}

RunResult index(const std::vector<std::string>& args, std::string_view stdin_data = {}) {
    return run_tool(index_exe, args, stdin_data);
}

Xapian::doccount doc_count(const std::string& db) {
    return Xapian::Database(db).get_doccount();
}

// Made-up articles, one JSON object a line.
constexpr std::string_view stdin_articles =
    R"({"id":"w-1","title":"Lighthouse keepers vote on biscuits","body":"The keepers of the northern lighthouse voted to replace ginger biscuits with oat ones.","source":"Harbour Gazette","date":"2024-03-02","author":"Ada Quill"}
{"id":"w-2","title":"Snail race postponed","body":"The annual snail race was postponed because the track was too dry.","source":"Harbour Gazette","date":"2024-03-09"}

{"body":"An article without an id takes one from its position in the input."}
)";

} // namespace

BOOST_AUTO_TEST_SUITE(index_cli)

BOOST_AUTO_TEST_CASE(indexes_the_sample_and_reports_a_summary_on_stderr) {
    const TempDir dir;
    const auto db = dir / "db";
    const auto run = index({"--db", db, sample_dir()});
    BOOST_TEST(run.exit_code == 0, run.describe());
    BOOST_TEST(run.out.empty(), "stdout carries results only: " << run.out);
    BOOST_TEST(starts_with(run.err, "news-index: indexed 5 articles into " + db +
                                        " (5 new, 0 "
                                        "replaced)"),
               run.err);
    BOOST_TEST(contains(run.err, "news-index: the database holds 5 articles\n"), run.err);
    BOOST_TEST(!contains(run.err, "warning"), run.err);
    BOOST_TEST(doc_count(db) == 5U);
}

BOOST_AUTO_TEST_CASE(reindexing_replaces_and_never_duplicates) {
    const TempDir dir;
    const auto db = dir / "db";
    BOOST_TEST_REQUIRE(index({"--db", db, sample_dir()}).exit_code == 0);
    const auto again = index({"--db", db, sample_dir()});
    BOOST_TEST(again.exit_code == 0, again.describe());
    BOOST_TEST(contains(again.err, "(0 new, 0 replaced, 5 unchanged)"), again.err);
    BOOST_TEST(contains(again.err, "the database holds 5 articles"), again.err);
    BOOST_TEST(doc_count(db) == 5U);

    // The searcher agrees.
    const auto search = run_tool(search_exe, {"--db", db, "--json", "--exact-total", "russia"});
    BOOST_TEST_REQUIRE(search.exit_code == 0, search.describe());
    const auto result = json::parse(search.out);
    BOOST_TEST(result["total"]["upper"].get<int>() == 5);
}

BOOST_AUTO_TEST_CASE(a_file_named_twice_counts_as_a_duplicate_id) {
    const TempDir dir;
    const auto db = dir / "db";
    const std::string file = sample_dir() + "/004_90de7eadea1c8602.txt";
    const auto run = index({"--db", db, file, file});
    BOOST_TEST(run.exit_code == 0, run.describe());
    BOOST_TEST(contains(run.err, "1 duplicate id)"), run.err);
    BOOST_TEST(contains(run.err, "appeared earlier in this run"), run.err);
    BOOST_TEST(doc_count(db) == 1U);
}

BOOST_AUTO_TEST_CASE(json_emits_json_lines_ending_with_the_summary) {
    const TempDir dir;
    const auto db = dir / "db";
    const auto run = index({"--db", db, "--json", sample_dir()});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(run.err.empty(), "--json prints nothing on stderr on success: " << run.err);
    BOOST_TEST_REQUIRE(!run.out.empty());
    BOOST_TEST(run.out.back() == '\n');

    std::vector<json> events;
    std::string_view rest = run.out;
    while (!rest.empty()) {
        const auto end = rest.find('\n');
        BOOST_TEST_REQUIRE(end != std::string_view::npos);
        events.push_back(json::parse(rest.substr(0, end)));
        rest.remove_prefix(end + 1);
    }
    BOOST_TEST_REQUIRE(events.size() == 1U, "no rejections, so the summary alone: " << run.out);
    const json& summary = events.back();
    BOOST_TEST(summary["type"] == "summary");
    for (const char* field : {"database", "indexed", "added", "replaced", "duplicates", "skipped",
                              "skipped_by_reason", "repaired", "files", "ignored_files", "seconds",
                              "articles_per_second", "doc_count", "interrupted"}) {
        BOOST_TEST(summary.contains(field), "summary lacks " << field << ": " << summary.dump());
    }
    BOOST_TEST(summary["database"] == db);
    BOOST_TEST(summary["indexed"] == 5);
    BOOST_TEST(summary["added"] == 5);
    BOOST_TEST(summary["doc_count"] == 5);
    BOOST_TEST(summary["files"] == 5);
    BOOST_TEST(summary["interrupted"] == false);
    for (const char* field :
         {"articles", "transcoded_bytes", "removed_controls", "metadata_notes"}) {
        BOOST_TEST(summary["repaired"].contains(field), "repaired lacks " << field);
    }
    news::test::expect_golden(
        "index_sample_json",
        news::test::normalize_json_lines(run.out, {{news::test::source_dir().string(), "<src>"}}));
}

BOOST_AUTO_TEST_CASE(help_goes_to_stdout_with_examples_and_exit_status) {
    for (const auto& [exe, name] : {std::pair{index_exe, std::string("news-index")},
                                    std::pair{search_exe, std::string("news-search")}}) {
        const auto run = run_tool(exe, {"--help"});
        BOOST_TEST(run.exit_code == 0, name << ": " << run.describe());
        BOOST_TEST(run.err.empty(), name << ": " << run.err);
        BOOST_TEST(contains(run.out, "Examples:"), name);
        BOOST_TEST(contains(run.out, "Exit status:"), name);
        BOOST_TEST(contains(run.out, " 75  database locked by another writer"), name);
        news::test::expect_golden(name + "_help", run.out);
    }
}

BOOST_AUTO_TEST_CASE(version_goes_to_stdout) {
    const auto run = index({"--version"});
    BOOST_TEST(run.exit_code == 0, run.describe());
    BOOST_TEST(starts_with(run.out, "news-index "), run.out);
    BOOST_TEST(contains(run.out, "Xapian"), run.out);
}

BOOST_AUTO_TEST_CASE(unknown_flag_is_a_usage_error) {
    const TempDir dir;
    const auto run = index({"--db", dir / "db", "--bogus-flag", sample_dir()});
    BOOST_TEST(run.exit_code == 64, run.describe());
    BOOST_TEST(starts_with(run.err, "news-index: error: "), run.err);
    BOOST_TEST(contains(run.err, "bogus-flag"), run.err);
    BOOST_TEST(contains(run.err, "hint: see news-index --help"), run.err);
    BOOST_TEST(run.out.empty());
    BOOST_TEST(!std::filesystem::exists(dir / "db"), "a usage error must not create the db");
}

BOOST_AUTO_TEST_CASE(no_inputs_is_a_usage_error) {
    const TempDir dir;
    const auto run = index({"--db", dir / "db"});
    BOOST_TEST(run.exit_code == 64, run.describe());
    BOOST_TEST(starts_with(run.err, "news-index: error: no input given\n"), run.err);
    BOOST_TEST(contains(run.err, "hint: "), run.err);
}

BOOST_AUTO_TEST_CASE(missing_db_flag_is_a_usage_error) {
    const auto run = index({sample_dir()});
    BOOST_TEST(run.exit_code == 64, run.describe());
    BOOST_TEST(starts_with(run.err, "news-index: error: --db PATH is required"), run.err);
}

BOOST_AUTO_TEST_CASE(bad_flag_values_are_usage_errors) {
    const TempDir dir;
    for (const std::vector<std::string>& flags : {std::vector<std::string>{"--batch-size", "0"},
                                                  {"--max-article-size", "0"},
                                                  {"--max-article-size", "2113929217"},
                                                  {"--format", "xml"},
                                                  {"--batch-size", "many"}}) {
        std::vector<std::string> args{"--db", dir / "db"};
        args.insert(args.end(), flags.begin(), flags.end());
        args.push_back(sample_dir());
        const auto run = index(args);
        BOOST_TEST(run.exit_code == 64, flags[0] << " " << flags[1] << ": " << run.describe());
        BOOST_TEST(starts_with(run.err, "news-index: error: "), run.err);
    }
}

BOOST_AUTO_TEST_CASE(missing_input_path_exits_66_before_creating_anything) {
    const TempDir dir;
    const auto missing = dir / "no-such-folder";
    const auto run = index({"--db", dir / "db", sample_dir(), missing});
    BOOST_TEST(run.exit_code == 66, run.describe());
    BOOST_TEST(starts_with(run.err, "news-index: error: " + missing + ": no such file or folder"),
               run.err);
}

BOOST_AUTO_TEST_CASE(db_path_that_is_a_file_exits_73) {
    const TempDir dir;
    const auto file = dir.write("not-a-db", "plain file\n");
    const auto run = index({"--db", file, sample_dir()});
    BOOST_TEST(run.exit_code == 73, run.describe());
    BOOST_TEST(starts_with(run.err, "news-index: error: " + file + ": "), run.err);
}

BOOST_AUTO_TEST_CASE(db_under_a_missing_folder_exits_73) {
    const TempDir dir;
    const auto db = dir / "missing/deeper/db";
    const auto run = index({"--db", db, sample_dir()});
    BOOST_TEST(run.exit_code == 73, run.describe());
    BOOST_TEST(starts_with(run.err, "news-index: error: " + db + ": cannot create database"),
               run.err);
}

BOOST_AUTO_TEST_CASE(locked_database_exits_75_with_a_hint) {
    const TempDir dir;
    const auto db = dir / "db";
    BOOST_TEST_REQUIRE(index({"--db", db, sample_dir()}).exit_code == 0);
    {
        Xapian::WritableDatabase holder(db, Xapian::DB_OPEN);
        const auto run = index({"--db", db, sample_dir()});
        BOOST_TEST(run.exit_code == 75, run.describe());
        BOOST_TEST(starts_with(run.err, "news-index: error: " + db + ": database is locked"),
                   run.err);
        BOOST_TEST(contains(run.err, "\nhint: "), run.err);

        // Readers are not blocked by a writer.
        const auto search = run_tool(search_exe, {"--db", db, "ATACMS"});
        BOOST_TEST(search.exit_code == 0, search.describe());
    }
    const auto after = index({"--db", db, sample_dir()});
    BOOST_TEST(after.exit_code == 0, "the lock is gone: " << after.describe());
}

BOOST_AUTO_TEST_CASE(reads_json_lines_from_stdin) {
    const TempDir dir;
    const auto db = dir / "db";
    const auto run = index({"--db", db, "-"}, stdin_articles);
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(contains(run.err, "indexed 3 articles"), run.err);
    Xapian::Database database(db);
    BOOST_TEST(database.get_doccount() == 3U);
    BOOST_TEST(database.term_exists("Qw-1"));
    BOOST_TEST(database.term_exists("Qw-2"));
    BOOST_TEST(database.term_exists("Qstdin:4"), "an id from the line number of the blank-free "
                                                 "input");

    const auto search =
        run_tool(search_exe, {"--db", db, "--json", "biscuits", "--facet", "source"});
    BOOST_TEST_REQUIRE(search.exit_code == 0, search.describe());
    const auto result = json::parse(search.out);
    BOOST_TEST_REQUIRE(result["hits"].size() == 1U);
    BOOST_TEST(result["hits"][0]["id"] == "w-1");
    BOOST_TEST(result["hits"][0]["date"] == "2024-03-02");
    BOOST_TEST(result["hits"][0]["authors"] == json::array({"Ada Quill"}));
    BOOST_TEST(result["facets"]["source"][0]["value"] == "Harbour Gazette");
}

BOOST_AUTO_TEST_CASE(empty_stdin_has_nothing_to_index) {
    const TempDir dir;
    const auto run = index({"--db", dir / "db", "-"}, "");
    BOOST_TEST(run.exit_code == 65, run.describe());
    BOOST_TEST(contains(run.err, "news-index: error: no articles found in the inputs"), run.err);
}

BOOST_AUTO_TEST_CASE(overwrite_with_a_missing_input_leaves_the_database_alone) {
    const TempDir dir;
    const auto db = dir / "db";
    BOOST_TEST_REQUIRE(index({"--db", db, sample_dir()}).exit_code == 0);
    const auto run = index({"--db", db, "--overwrite", dir / "no-such-folder"});
    BOOST_TEST(run.exit_code == 66, run.describe());
    BOOST_TEST(doc_count(db) == 5U);
}

BOOST_AUTO_TEST_CASE(a_file_name_with_a_comma_is_one_input) {
    const TempDir dir;
    const auto file = dir.write("Kursk, Ukraine.jsonl", R"({"id": "k1", "body": "Troops moved."})"
                                                        "\n");
    const auto run = index({"--db", dir / "db", file});
    BOOST_TEST(run.exit_code == 0, run.describe());
    BOOST_TEST(doc_count(dir / "db") == 1U);
}

BOOST_AUTO_TEST_CASE(overwrite_starts_from_an_empty_database) {
    const TempDir dir;
    const auto db = dir / "db";
    BOOST_TEST_REQUIRE(index({"--db", db, sample_dir()}).exit_code == 0);
    BOOST_TEST_REQUIRE(doc_count(db) == 5U);
    const auto run = index({"--db", db, "--overwrite", "-"}, stdin_articles);
    BOOST_TEST(run.exit_code == 0, run.describe());
    BOOST_TEST(contains(run.err, "(3 new, 0 replaced)"), run.err);
    BOOST_TEST(doc_count(db) == 3U);

    // Without --overwrite the same run adds to what is there.
    BOOST_TEST_REQUIRE(index({"--db", db, sample_dir()}).exit_code == 0);
    BOOST_TEST(doc_count(db) == 8U);
}

BOOST_AUTO_TEST_CASE(other_schema_version_exits_65_in_both_tools) {
    const TempDir dir;
    const auto db = dir / "db";
    BOOST_TEST_REQUIRE(index({"--db", db, sample_dir()}).exit_code == 0);
    {
        Xapian::WritableDatabase writable(db, Xapian::DB_OPEN);
        writable.set_metadata("news.schema_version", "999");
        writable.commit();
    }
    const auto indexing = index({"--db", db, sample_dir()});
    BOOST_TEST(indexing.exit_code == 65, indexing.describe());
    BOOST_TEST(starts_with(indexing.err, "news-index: error: " + db + ": "), indexing.err);
    BOOST_TEST(contains(indexing.err, "999"), indexing.err);
    const std::string hint =
        "\nhint: rebuild it from its articles: news-index --db " + db + " --overwrite FOLDER\n";
    BOOST_TEST(contains(indexing.err, hint), indexing.err);

    const auto search = run_tool(search_exe, {"--db", db, "ATACMS"});
    BOOST_TEST(search.exit_code == 65, search.describe());
    BOOST_TEST(starts_with(search.err, "news-search: error: " + db + ": "), search.err);
    BOOST_TEST(contains(search.err, hint), search.err);
    BOOST_TEST(search.out.empty());

    // The hint works.
    const auto rebuilt = index({"--db", db, "--overwrite", sample_dir()});
    BOOST_TEST(rebuilt.exit_code == 0, rebuilt.describe());
    BOOST_TEST(run_tool(search_exe, {"--db", db, "ATACMS"}).exit_code == 0);
}

BOOST_AUTO_TEST_CASE(other_stemmer_is_refused_without_overwrite) {
    const TempDir dir;
    const auto db = dir / "db";
    BOOST_TEST_REQUIRE(index({"--db", db, sample_dir()}).exit_code == 0);
    const auto run = index({"--db", db, "--language", "french", sample_dir()});
    BOOST_TEST(run.exit_code == 65, run.describe());
    BOOST_TEST(starts_with(run.err, "news-index: error: "), run.err);
    BOOST_TEST(contains(run.err, "hint: "), run.err);
}

BOOST_AUTO_TEST_CASE(folders_are_walked_recursively_and_other_files_ignored) {
    const TempDir dir;
    dir.write("in/one.txt", "Tram bell tuned\n\nThe tram bell was tuned to a cheerful note.\n");
    dir.write("in/deeper/two.text", "Canal swans counted\n\nVolunteers counted forty swans.\n");
    dir.write("in/deeper/three.ndjson", R"({"id":"n-3","body":"A kite stuck in the old oak."})"
                                        "\n");
    dir.write("in/notes.md", "Not an article, whatever it says.\n");
    dir.write("in/.hidden/four.txt", "Hidden folder\n\nNever read.\n");
    const auto db = dir / "db";
    const auto run = index({"--db", db, "--json", dir / "in"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    const auto summary = json::parse(run.out.substr(run.out.rfind('\n', run.out.size() - 2) + 1));
    BOOST_TEST(summary["indexed"] == 3);
    BOOST_TEST(summary["ignored_files"] == json::array({dir / "in/notes.md"}));
    Xapian::Database database(db);
    BOOST_TEST(database.get_doccount() == 3U);
    BOOST_TEST(database.term_exists("Qin/one.txt"));
    BOOST_TEST(database.term_exists("Qin/deeper/two.text"));
    BOOST_TEST(database.term_exists("Qn-3"));

    // --format reads every file of a folder in that format: none is ignored.
    const auto forced = index({"--db", dir / "db2", "--format", "text", dir / "in"});
    BOOST_TEST_REQUIRE(forced.exit_code == 0, forced.describe());
    BOOST_TEST(doc_count(dir / "db2") == 4U);
}

BOOST_AUTO_TEST_CASE(an_unchanged_rerun_writes_nothing_and_a_changed_article_is_replaced) {
    const TempDir dir;
    const auto db = dir / "db";
    const auto folder = dir / "news";
    dir.write("news/a.txt", "First invented headline\n\nFirst body.\n");
    dir.write("news/b.txt", "Second invented headline\n\nSecond body.\n");
    BOOST_TEST_REQUIRE(index({"--db", db, folder}).exit_code == 0);
    const auto revision = Xapian::Database(db).get_revision();
    const auto same = index({"--db", db, folder});
    BOOST_TEST(contains(same.err, "(0 new, 0 replaced, 2 unchanged)"), same.err);
    BOOST_TEST(Xapian::Database(db).get_revision() == revision);

    dir.write("news/b.txt", "Second invented headline\n\nA corrected second body.\n");
    const auto changed = index({"--db", db, folder});
    BOOST_TEST(contains(changed.err, "(0 new, 1 replaced, 1 unchanged)"), changed.err);
    BOOST_TEST(doc_count(db) == 2U);
}

BOOST_AUTO_TEST_CASE(delete_and_prune_remove_articles) {
    const TempDir dir;
    const auto db = dir / "db";
    const auto folder = dir / "news";
    dir.write("news/a.txt", "First invented headline\n\nFirst body.\n");
    dir.write("news/b.txt", "Second invented headline\n\nSecond body.\n");
    dir.write("news/c.txt", "Third invented headline\n\nThird body.\n");
    BOOST_TEST_REQUIRE(index({"--db", db, folder}).exit_code == 0);

    const auto deleted = index({"--db", db, "--delete", "news/a.txt", "--delete", "news/zzz.txt"});
    BOOST_TEST(deleted.exit_code == 0, deleted.describe());
    BOOST_TEST(contains(deleted.err, "warning: --delete: no article with id 'news/zzz.txt'"),
               deleted.err);
    BOOST_TEST(doc_count(db) == 2U);

    std::filesystem::remove(dir.path() / "news/b.txt");
    const auto pruned = index({"--db", db, "--prune", folder});
    BOOST_TEST(pruned.exit_code == 0, pruned.describe());
    BOOST_TEST(contains(pruned.err, "removed 1 article (0 by --delete, 1 by --prune)"), pruned.err);
    // a.txt is still in the folder, so the run indexed it again; b.txt is gone.
    BOOST_TEST(doc_count(db) == 2U);
    BOOST_TEST(!Xapian::Database(db).term_exists("Qnews/b.txt"));

    const auto no_inputs = index({"--db", db, "--prune"});
    BOOST_TEST(no_inputs.exit_code == 64, no_inputs.describe());
}

BOOST_AUTO_TEST_CASE(reads_tarballs_and_compressed_files_as_streams) {
    const TempDir dir;
    dir.write("feed/news/a.txt", "First invented headline\n\nFirst body.\n");
    dir.write("feed/news/README.md", "# notes\n");
    dir.write("feed/more.jsonl", R"({"id": "j1", "body": "Invented JSON body."})"
                                 "\n");
    const auto tar = run_tool(
        "/usr/bin/env", {"tar", "-czf", dir / "feed.tar.gz", "-C", dir.path().string(), "feed"});
    BOOST_TEST_REQUIRE(tar.exit_code == 0, tar.describe());
    const auto gz = run_tool("/usr/bin/env", {"gzip", "-k", dir / "feed/more.jsonl"});
    BOOST_TEST_REQUIRE(gz.exit_code == 0, gz.describe());

    const auto db = dir / "db";
    const auto run = index({"--db", db, "--json", dir / "feed.tar.gz"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(doc_count(db) == 2U);
    BOOST_TEST(Xapian::Database(db).term_exists("Qfeed/news/a.txt"));
    BOOST_TEST(Xapian::Database(db).term_exists("Qj1"));

    const auto single = index({"--db", dir / "db2", dir / "feed/more.jsonl.gz"});
    BOOST_TEST(single.exit_code == 0, single.describe());
    BOOST_TEST(doc_count(dir / "db2") == 1U);

    const std::string garbage = dir.write("broken.tar.gz", "this is not gzip data at all");
    const auto broken = index({"--db", dir / "db3", garbage});
    BOOST_TEST(broken.exit_code == 65, broken.describe());
    BOOST_TEST(contains(broken.err, "broken.tar.gz"), broken.err);
}

BOOST_AUTO_TEST_CASE(threads_give_the_same_index_as_one_thread) {
    const TempDir dir;
    const auto data = (news::test::source_dir() / "tests" / "data").string();
    for (const char* threads : {"1", "3"}) {
        const auto run = index({"--db", dir / threads, "--threads", threads, sample_dir(), data});
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    }
    std::vector<std::string> answers;
    for (const char* threads : {"1", "3"}) {
        const auto search =
            run_tool(search_exe, {"--db", dir / threads, "--json", "--facet", "source", "--facet",
                                  "topic", "--any", "troops missiles cocoa"});
        BOOST_TEST_REQUIRE(search.exit_code == 0, search.describe());
        auto result = json::parse(search.out);
        result.erase("elapsed_ms");
        answers.push_back(result.dump());
    }
    BOOST_TEST(answers[0] == answers[1]);
    BOOST_TEST(doc_count(dir / "1") == doc_count(dir / "3"));
}

// Every hit (id and score), total and facet count of @p query, with ties in score put in id
// order: a sharded build numbers documents shard by shard, so equal scores may come in
// another order than from one writer.
json answer_of(const std::string& db, const std::string& query) {
    const auto search = run_tool(search_exe, {"--db", db, "--json", "--limit", "100", "--facet",
                                              "source", "--facet", "topic", "--facet", "category",
                                              "--facet", "author", "--any", query});
    BOOST_TEST_REQUIRE(search.exit_code == 0, search.describe());
    const auto result = json::parse(search.out);
    std::vector<std::pair<std::string, std::string>> hits;
    for (const auto& hit : result["hits"]) {
        hits.emplace_back(fmt::format("{:.6f}", hit["score"].get<double>()),
                          hit["id"].get<std::string>());
    }
    std::sort(hits.begin(), hits.end());
    json answer;
    answer["hits"] = hits;
    answer["total"] = result["total"];
    answer["facets"] = result["facets"];
    return answer;
}

BOOST_AUTO_TEST_CASE(a_sharded_build_answers_like_one_writer) {
    const TempDir dir;
    const auto data = (news::test::source_dir() / "tests" / "data").string();
    const std::vector<std::vector<std::string>> modes = {
        {"--threads", "1"}, {"--threads", "3", "--single-writer"}, {"--threads", "3"}};
    std::vector<std::string> dbs;
    for (const auto& mode : modes) {
        dbs.push_back(dir / fmt::format("db{}", dbs.size()));
        std::vector<std::string> args = {"--db", dbs.back(), "--json"};
        args.insert(args.end(), mode.begin(), mode.end());
        // The sample twice: every id comes twice, the later replacing the earlier.
        for (const auto& input : {sample_dir(), data, sample_dir()}) {
            args.push_back(input);
        }
        const auto run = index(args);
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
        const auto summary =
            json::parse(run.out.substr(run.out.rfind('\n', run.out.size() - 2) + 1));
        BOOST_TEST(summary["duplicates"] == 5, summary.dump());
        BOOST_TEST(summary["added"] == 34, summary.dump());
        BOOST_TEST(summary["doc_count"] == 34, summary.dump());
    }
    for (const std::string query : {"troops missiles cocoa", "the", "harbour", "oil prices"}) {
        const json single = answer_of(dbs[0], query);
        BOOST_TEST(answer_of(dbs[1], query) == single, query);
        BOOST_TEST(answer_of(dbs[2], query) == single, query);
    }
    const Xapian::Database one(dbs[0]);
    const Xapian::Database sharded(dbs[2]);
    for (auto key = one.metadata_keys_begin(); key != one.metadata_keys_end(); ++key) {
        BOOST_TEST(sharded.get_metadata(*key) == one.get_metadata(*key), *key);
    }
    // Nothing left beside the database.
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        BOOST_TEST(entry.path().filename().string().rfind("db", 0) == 0U, entry.path());
        BOOST_TEST(!contains(entry.path().filename().string(), "shards"), entry.path());
    }
    // A later run updates the merged database in place: unchanged articles are skipped.
    const auto again = index({"--db", dbs[2], "--threads", "3", sample_dir()});
    BOOST_TEST(again.exit_code == 0, again.describe());
    BOOST_TEST(contains(again.err, "5 unchanged"), again.err);
}

BOOST_AUTO_TEST_CASE(a_sharded_build_reports_exact_duplicates_and_skips_them_on_request) {
    const TempDir dir;
    const std::string article = "Tide tables\n\nThe harbour master published the tide tables.\n";
    dir.write("feed/a.txt", article);
    dir.write("feed/b.txt", article);
    dir.write("feed/c.txt", "Gulls\n\nThe gulls took the harbour master's sandwich.\n");
    const auto run =
        index({"--db", dir / "db", "--threads", "2", "--skip-duplicates", dir / "feed"});
    BOOST_TEST(run.exit_code == 0, run.describe());
    BOOST_TEST(contains(run.err, "skipped: exact duplicate (of feed/a.txt)"), run.err);
    BOOST_TEST(doc_count(dir / "db") == 2U);
}

BOOST_AUTO_TEST_CASE(memory_flag_is_validated) {
    const TempDir dir;
    for (const char* bad : {"8", "0", "lots", "-5"}) {
        const auto run = index({"--db", dir / "db", "--memory", bad, sample_dir()});
        BOOST_TEST(run.exit_code == 64, bad << ": " << run.describe());
        BOOST_TEST(starts_with(run.err, "news-index: error: "), run.err);
    }
    BOOST_TEST(!std::filesystem::exists(dir / "db"));
    const auto run = index({"--db", dir / "db", "--memory", "16", sample_dir()});
    BOOST_TEST(run.exit_code == 0, run.describe());
    BOOST_TEST(doc_count(dir / "db") == 5U);
}

BOOST_AUTO_TEST_SUITE_END()
