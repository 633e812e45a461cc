/// @file
/// @brief End-to-end tests of news-index on broken inputs: every bad article is named and
/// counted, every good one is indexed, and --strict turns rejections into exit 65.
///
/// tests/data/mixed holds the text fixtures; the binary, unrepairable-UTF-8 and oversized ones
/// are generated into the temporary copy of that folder, so no odd bytes live in the repository
/// beyond one Latin-1 file.
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
#include <map>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

namespace {

using news::test::contains;
using news::test::starts_with;

namespace fs = std::filesystem;
using news::test::run_tool;
using news::test::RunResult;
using news::test::TempDir;
using nlohmann::json;

const std::string index_exe = NEWS_INDEX_EXE;
const std::string search_exe = NEWS_SEARCH_EXE;

// Small enough that the generated huge inputs stay small, large enough for every good fixture.
constexpr std::size_t max_article_size = 4096;

// Longer than the reader's 64 KiB chunks, so the rejected line spans several reads.
constexpr std::size_t huge_line_bytes = 200000;

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        lines.emplace_back(text.substr(0, end));
        if (end == std::string_view::npos) {
            break;
        }
        text.remove_prefix(end + 1);
    }
    return lines;
}

// A made-up article line for JSON Lines files.
std::string jsonl_article(std::string_view id, std::string_view body) {
    return json{{"id", id}, {"body", body}}.dump() + "\n";
}

// The good articles of the mixed folder and what was rejected there, by path (relative to the
// folder, with ":line" for JSON Lines) and the start of the reason.
struct Expected {
    std::size_t good = 0;
    std::vector<std::pair<std::string, std::string>> rejected;
    std::map<std::string, std::size_t> by_reason;
};

const Expected mixed_expected{
    // alpha, beta, nested/gamma, latin1; articles.jsonl 1, 3, 7; huge.jsonl 1, 3.
    9,
    {
        {"articles.jsonl:2", "malformed JSON: "},
        {"articles.jsonl:4", "not a JSON object (found array)"},
        {"articles.jsonl:5", "field 'title' must be a string, not number"},
        {"bad_utf8.txt", "invalid UTF-8 that cannot be repaired (byte 0x81 at offset 37"},
        {"binary.txt", "binary content"},
        {"blank.txt", "empty body"},
        {"empty.txt", "empty body"},
        {"huge.jsonl:2", "line longer than 4096 bytes (see --max-article-size)"},
        {"huge.txt", "article larger than 4096 bytes (see --max-article-size)"},
    },
    {
        {"article larger than 4096 bytes", 1},
        {"binary content", 1},
        {"empty body", 2},
        {"field 'title' must be a string, not number", 1},
        {"invalid UTF-8 that cannot be repaired", 1},
        {"line longer than 4096 bytes", 1},
        {"malformed JSON", 1},
        {"not a JSON object", 1},
    },
};

// tests/data/mixed copied to DIR/mixed, plus the generated bad files.
std::string make_mixed_folder(const TempDir& dir) {
    auto folder = dir / "mixed";
    fs::copy(news::test::source_dir() / "tests" / "data" / "mixed", folder,
             fs::copy_options::recursive);
    using namespace std::string_literals;
    dir.write("mixed/binary.txt", "Looks like text at first\0\x01\x02\xff\xfe then not"s);
    // 0x81 is neither UTF-8 nor Windows-1252; it sits at offset 37.
    dir.write("mixed/bad_utf8.txt",
              "Headline of an undecodable article\n\nA\x81 body that cannot be read.\n"s);
    dir.write("mixed/huge.txt",
              "Oversized text file\n\n" + std::string(max_article_size, 'x') + "\n");
    dir.write("mixed/huge.jsonl",
              jsonl_article("mixed-h1", "The line before the oversized one is fine.") +
                  json{{"id", "mixed-h2"}, {"body", std::string(huge_line_bytes, 'y')}}.dump() +
                  "\n" +
                  jsonl_article("mixed-h3", "The line after the oversized one is fine too."));
    return folder;
}

RunResult index_mixed(const std::string& db, const std::string& folder,
                      const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"--db", db, "--max-article-size",
                                  std::to_string(max_article_size)};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(folder);
    return run_tool(index_exe, args);
}

Xapian::doccount doc_count(const std::string& db) {
    return Xapian::Database(db).get_doccount();
}

} // namespace

BOOST_AUTO_TEST_SUITE(bad_inputs)

BOOST_AUTO_TEST_CASE(bad_articles_are_named_counted_and_skipped) {
    const TempDir dir;
    const auto folder = make_mixed_folder(dir);
    const auto db = dir / "db";
    const auto run = index_mixed(db, folder);
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(run.out.empty(), run.out);
    BOOST_TEST(doc_count(db) == mixed_expected.good);

    const auto lines = lines_of(run.err);
    std::size_t warnings = 0;
    for (const auto& line : lines) {
        if (contains(line, ": skipped: ")) {
            ++warnings;
        }
    }
    BOOST_TEST(warnings == mixed_expected.rejected.size(), run.err);
    for (const auto& [where, reason] : mixed_expected.rejected) {
        const std::string prefix =
            fmt::format("news-index: warning: {}/{}: skipped: {}", folder, where, reason);
        const bool found = std::any_of(lines.begin(), lines.end(), [&](const std::string& line) {
            return starts_with(line, prefix);
        });
        BOOST_TEST(found, "no line starts with '" << prefix << "' in:\n" << run.err);
    }

    BOOST_TEST(contains(run.err, "news-index: indexed 9 articles into " + db +
                                     " (9 new, 0 "
                                     "replaced)"),
               run.err);
    BOOST_TEST(contains(run.err, "\nnews-index: skipped 9 ("), run.err);
    BOOST_TEST(contains(run.err, "2 empty body"), run.err);
    BOOST_TEST(contains(run.err, "1 malformed JSON"), run.err);
    BOOST_TEST(contains(run.err, "\nnews-index: repaired 1 article (2 non-UTF-8 bytes read as "
                                 "Windows-1252"),
               run.err);
    BOOST_TEST(contains(run.err, "\nnews-index: ignored 1 file "), run.err);
    BOOST_TEST(!contains(run.err, "README.md: skipped"), run.err);
    BOOST_TEST(contains(run.err, "news-index: the database holds 9 articles\n"), run.err);
}

BOOST_AUTO_TEST_CASE(good_articles_next_to_bad_ones_are_searchable) {
    const TempDir dir;
    const auto folder = make_mixed_folder(dir);
    const auto db = dir / "db";
    BOOST_TEST_REQUIRE(index_mixed(db, folder).exit_code == 0);
    Xapian::Database database(db);
    for (const char* id :
         {"Qmixed/alpha.txt", "Qmixed/beta.txt", "Qmixed/nested/gamma.txt", "Qmixed/latin1.txt",
          "Qmixed-j1", "Qmixed-j3", "Qmixed-j7", "Qmixed-h1", "Qmixed-h3"}) {
        BOOST_TEST(database.term_exists(id), id);
    }

    // The Latin-1 pound sign was read as Windows-1252 and comes back as UTF-8.
    const auto run = run_tool(search_exe, {"--db", db, "--json", "quokka"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    const auto result = json::parse(run.out);
    BOOST_TEST_REQUIRE(result["hits"].size() == 1U, run.out);
    BOOST_TEST(result["hits"][0]["id"] == "mixed/latin1.txt");
    BOOST_TEST(contains(result["hits"][0]["snippet"].get<std::string>(), "\u00a35"),
               result["hits"][0]["snippet"]);
    BOOST_TEST(contains(result["hits"][0]["title"].get<std::string>(), "teacake for \u00a35"));
}

BOOST_AUTO_TEST_CASE(json_events_name_every_rejection) {
    const TempDir dir;
    const auto folder = make_mixed_folder(dir);
    const auto db = dir / "db";
    const auto run = index_mixed(db, folder, {"--json"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(run.err.empty(), run.err);

    std::vector<json> events;
    for (const auto& line : lines_of(run.out)) {
        events.push_back(json::parse(line));
    }
    BOOST_TEST_REQUIRE(!events.empty());
    const json& summary = events.back();
    BOOST_TEST(summary["type"] == "summary");
    BOOST_TEST(summary["indexed"] == mixed_expected.good);
    BOOST_TEST(summary["skipped"] == mixed_expected.rejected.size());
    BOOST_TEST(summary["skipped_by_reason"] == json(mixed_expected.by_reason),
               summary["skipped_by_reason"]);
    BOOST_TEST(summary["repaired"]["articles"] == 1);
    BOOST_TEST(summary["repaired"]["transcoded_bytes"] == 2);
    BOOST_TEST(summary["ignored_files"] == json::array({folder + "/README.md"}));
    BOOST_TEST(summary["doc_count"] == mixed_expected.good);

    std::size_t rejected = 0;
    for (const auto& event : events) {
        if (event["type"] == "rejected") {
            ++rejected;
            BOOST_TEST(starts_with(event["path"].get<std::string>(), folder + "/"), event);
        }
    }
    BOOST_TEST(rejected == mixed_expected.rejected.size());
    news::test::expect_golden("bad_inputs_mixed_json",
                              news::test::normalize_json_lines(run.out, {{folder, "<mixed>"}}));
}

BOOST_AUTO_TEST_CASE(strict_exits_65_but_commits_the_good_articles) {
    const TempDir dir;
    const auto folder = make_mixed_folder(dir);
    const auto db = dir / "db";
    const auto run = index_mixed(db, folder, {"--strict"});
    BOOST_TEST(run.exit_code == 65, run.describe());
    BOOST_TEST(contains(run.err, "\nnews-index: error: 9 articles rejected (--strict); 9 good "
                                 "articles committed\n"),
               run.err);
    BOOST_TEST(contains(run.err, "news-index: warning: " + folder + "/empty.txt: skipped: "),
               run.err);
    BOOST_TEST(doc_count(db) == mixed_expected.good);
}

BOOST_AUTO_TEST_CASE(strict_without_rejections_succeeds) {
    const TempDir dir;
    const auto sample = (news::test::source_dir() / "corpus" / "sample").string();
    const auto run = run_tool(index_exe, {"--db", dir / "db", "--strict", sample});
    BOOST_TEST(run.exit_code == 0, run.describe());
}

BOOST_AUTO_TEST_CASE(only_bad_files_exits_65) {
    const TempDir dir;
    const auto folder = make_mixed_folder(dir);
    const auto bad = dir / "bad";
    fs::create_directory(bad);
    for (const char* name : {"empty.txt", "blank.txt", "binary.txt", "bad_utf8.txt", "huge.txt"}) {
        fs::copy_file(folder + "/" + name, bad + "/" + name);
    }
    dir.write("bad/broken.jsonl", "{\"id\": 1,\n[]\n{\"body\": 7}\n");
    const auto db = dir / "db";
    const auto run = index_mixed(db, bad);
    BOOST_TEST(run.exit_code == 65, run.describe());
    BOOST_TEST(contains(run.err, "\nnews-index: error: no article could be indexed (8 rejected)\n"),
               run.err);
    BOOST_TEST(contains(run.err, "\nhint: "), run.err);
    BOOST_TEST(contains(run.err, "news-index: warning: " + bad +
                                     "/broken.jsonl:3: skipped: field "
                                     "'body' must be a string"),
               run.err);
}

BOOST_AUTO_TEST_CASE(folder_without_article_files_exits_65) {
    const TempDir dir;
    dir.write("notes/README.md", "# nothing to index\n");
    dir.write("notes/.hidden.txt", "Hidden files are skipped\n\neven when they are articles.\n");
    const auto run = run_tool(index_exe, {"--db", dir / "db", dir / "notes"});
    BOOST_TEST(run.exit_code == 65, run.describe());
    BOOST_TEST(contains(run.err, "news-index: error: no articles found in the inputs\n"), run.err);
}

BOOST_AUTO_TEST_CASE(bad_lines_on_stdin_are_named_by_line) {
    const TempDir dir;
    const auto db = dir / "db";
    const std::string input = jsonl_article("s-1", "A fine article about a kite festival.") +
                              "{not json}\n" + jsonl_article("s-3", "Another fine article.") +
                              "\"just a string\"\n" + std::string(huge_line_bytes, 'z') + "\n" +
                              jsonl_article("s-6", "The last article after the storm.");
    const auto run =
        run_tool(index_exe,
                 {"--db", db, "--max-article-size", std::to_string(max_article_size), "-"}, input);
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(contains(run.err, "news-index: warning: -:2: skipped: malformed JSON: "), run.err);
    BOOST_TEST(contains(run.err, "news-index: warning: -:4: skipped: not a JSON object (found "
                                 "string)"),
               run.err);
    BOOST_TEST(contains(run.err, "news-index: warning: -:5: skipped: line longer than 4096 bytes"),
               run.err);
    BOOST_TEST(doc_count(db) == 3U);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_inside_a_json_line_is_rejected_or_repaired) {
    const TempDir dir;
    const auto db = dir / "db";
    using namespace std::string_literals;
    const std::string input = "{\"id\":\"u-1\",\"body\":\"caf\xe9 au lait\"}\n"
                              "{\"id\":\"u-2\",\"body\":\"bad \x81 byte\"}\n"s;
    const auto run = run_tool(index_exe, {"--db", db, "-"}, input);
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(contains(run.err, "news-index: warning: -:2: skipped: invalid UTF-8 that cannot "
                                 "be repaired"),
               run.err);
    BOOST_TEST(contains(run.err, "repaired 1 article (1 non-UTF-8 byte "), run.err);
    Xapian::Database database(db);
    BOOST_TEST(database.get_doccount() == 1U);
    BOOST_TEST(database.term_exists("Qu-1"));
}

BOOST_AUTO_TEST_CASE(unusable_metadata_is_reported_and_left_out) {
    const TempDir dir;
    const auto db = dir / "db";
    const std::string input =
        R"({"id":"m-1","title":"Pier repainted","body":"The pier was repainted blue.","date":"soon"})"
        "\n";
    const auto run = run_tool(index_exe, {"--db", db, "-"}, input);
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(contains(run.err, "news-index: warning: -:1: unparsable date 'soon' ignored\n"),
               run.err);
    BOOST_TEST(contains(run.err, "1 unusable metadata value"), run.err);

    const auto search = run_tool(search_exe, {"--db", db, "--json", "pier"});
    BOOST_TEST_REQUIRE(search.exit_code == 0, search.describe());
    const auto result = json::parse(search.out);
    BOOST_TEST_REQUIRE(result["hits"].size() == 1U);
    BOOST_TEST(result["hits"][0]["date"].is_null(), "nothing invented: " << result["hits"][0]);
}

BOOST_AUTO_TEST_CASE(failed_runs_still_end_json_output_with_the_summary) {
    const TempDir dir;
    const auto folder = make_mixed_folder(dir);
    const auto strict = index_mixed(dir / "db", folder, {"--json", "--strict"});
    BOOST_TEST(strict.exit_code == 65, strict.describe());
    const auto strict_lines = lines_of(strict.out);
    BOOST_TEST_REQUIRE(!strict_lines.empty());
    const auto strict_summary = json::parse(strict_lines.back());
    BOOST_TEST(strict_summary["type"] == "summary");
    BOOST_TEST(strict_summary["skipped"] == mixed_expected.rejected.size());
    BOOST_TEST(starts_with(strict.err, "news-index: error: "), strict.err);

    const auto nothing = run_tool(index_exe, {"--db", dir / "db2", "--json", "-"}, "[1]\n");
    BOOST_TEST(nothing.exit_code == 65, nothing.describe());
    const auto lines = lines_of(nothing.out);
    BOOST_TEST_REQUIRE(lines.size() == 2U, nothing.out);
    BOOST_TEST(json::parse(lines[0])["type"] == "rejected");
    BOOST_TEST(json::parse(lines[1])["type"] == "summary");
    BOOST_TEST(json::parse(lines[1])["indexed"] == 0);
}

BOOST_AUTO_TEST_CASE(max_article_size_is_inclusive) {
    const TempDir dir;
    const auto body_of = [](std::string_view id, std::size_t line_bytes) {
        const std::size_t overhead = json{{"id", id}, {"body", ""}}.dump().size();
        return json{{"id", id}, {"body", std::string(line_bytes - overhead, 'b')}}.dump() + "\n";
    };
    dir.write("edge/lines.jsonl", body_of("at-limit", 100) + body_of("over-limit", 101));
    // Prose cut to size: a text file must read as an article to be indexed.
    const auto prose = [](std::size_t bytes) {
        std::string text;
        while (text.size() < bytes) {
            text += "The ferry ran on time. ";
        }
        return text.substr(0, bytes);
    };
    dir.write("edge/at_limit.txt", prose(99) + "\n");
    dir.write("edge/over_limit.txt", prose(100) + "\n");
    const auto db = dir / "db";
    const auto run = run_tool(index_exe, {"--db", db, "--max-article-size", "100", dir / "edge"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(contains(run.err, "edge/lines.jsonl:2: skipped: line longer than 100 bytes"),
               run.err);
    BOOST_TEST(contains(run.err, "edge/over_limit.txt: skipped: article larger than 100 bytes"),
               run.err);
    Xapian::Database database(db);
    BOOST_TEST(database.get_doccount() == 2U);
    BOOST_TEST(database.term_exists("Qat-limit"));
    BOOST_TEST(database.term_exists("Qedge/at_limit.txt"));
}

BOOST_AUTO_TEST_CASE(protects_prune_from_deleting_the_articles_of_an_unreadable_folder) {
    const TempDir dir;
    dir.write("news/a.txt", "An article that stays readable.\n");
    dir.write("news/locked/b.txt", "An article in a folder that becomes unreadable.\n");
    fs::create_symlink(dir / "gone.txt", dir / "news/dangling.txt");
    // news-index runs as an unprivileged user (root would read any folder), so the folders and
    // the database must be open to it.
    for (const auto& path : {dir.path(), dir.path() / "news", dir.path() / "news/locked"}) {
        fs::permissions(path, fs::perms::all, fs::perm_options::add);
    }
    const auto db = dir / "db";
    const auto index = [&](const std::vector<std::string>& args) {
        std::vector<std::string> argv{"--reuid=65534", "--regid=65534", "--clear-groups",
                                      index_exe};
        argv.insert(argv.end(), args.begin(), args.end());
        return ::geteuid() == 0 ? run_tool("/usr/bin/setpriv", argv) : run_tool(index_exe, args);
    };
    const auto first = index({"--db", db, dir / "news"});
    BOOST_TEST_REQUIRE(first.exit_code == 0, first.describe());
    BOOST_TEST(contains(first.err, "news-index: warning: " + dir / "news/dangling.txt" +
                                       ": skipped: cannot read: dangling symlink (to " +
                                       dir / "gone.txt" + ", which does not exist)\n"),
               first.err);
    BOOST_TEST(doc_count(db) == 2U);

    fs::permissions(dir / "news/locked", fs::perms::none);
    const auto pruned = index({"--db", db, "--prune", dir / "news"});
    fs::permissions(dir / "news/locked", fs::perms::owner_all);
    BOOST_TEST_REQUIRE(pruned.exit_code == 0, pruned.describe());
    BOOST_TEST(contains(pruned.err, "news-index: warning: " + dir / "news/locked" +
                                        ": skipped: cannot read: cannot list folder: Permission "
                                        "denied\n"),
               pruned.err);
    BOOST_TEST(contains(pruned.err, "--prune: not pruning, some files could not be read"),
               pruned.err);
    BOOST_TEST(contains(pruned.err, "news-index: skipped 2 (2 cannot read)"), pruned.err);
    BOOST_TEST(doc_count(db) == 2U);
}

BOOST_AUTO_TEST_SUITE_END()
