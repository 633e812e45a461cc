/// @file
/// @brief End-to-end tests of what a hostile input or environment must not do: drive the
/// terminal with escape sequences hidden in queries, file names or paths, or turn a read-only
/// database into an endless "locked, retry" loop.
#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include "support/text_match.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using news::test::contains;
using news::test::run_tool;
using news::test::TempDir;

const std::string index_exe = NEWS_INDEX_EXE;
const std::string search_exe = NEWS_SEARCH_EXE;

// True when @p text holds a control character other than newline (C0, DEL or C1).
bool has_control_character(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\n') || c == 0x7F) {
            return true;
        }
        if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
            return true;
        }
    }
    return false;
}

// A database of two articles, one of them in a file whose name holds escape sequences.
struct HostileDb {
    TempDir dir;
    std::string db = dir / "db";
    std::string hostile_name = "evil\x1b[2J\x1b]0;pwned\x07.txt";

    HostileDb() {
        dir.write("in/" + hostile_name, "Quokka sighting\n\nA quokka was seen near the harbour.\n");
        dir.write("in/plain.txt", "Harbour news\n\nThe harbour reopened on Monday.\n");
        const auto run = run_tool(index_exe, {"--db", db, "--quiet", dir / "in"});
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(hostile_cli)

BOOST_AUTO_TEST_CASE(protects_the_terminal_from_escapes_in_the_echoed_query) {
    const HostileDb fixture;
    // A control character is no part of a query (a usage error naming it), and the message
    // echoes the query with its escapes made visible.
    const auto run = run_tool(search_exe, {"--db", fixture.db, "\x1b[2Jx\x1b]0;T\x07"});
    BOOST_TEST(run.exit_code == 64, run.describe());
    BOOST_TEST(!has_control_character(run.err), run.err);
    BOOST_TEST(contains(run.err, "control character (U+001B) at byte 1"), run.err);
    BOOST_TEST(contains(run.err, "'\\u001b[2Jx\\u001b]0;T\\u0007'"), run.err);
}

BOOST_AUTO_TEST_CASE(protects_the_terminal_from_escapes_in_ids_while_json_keeps_them) {
    const HostileDb fixture;
    const auto text = run_tool(search_exe, {"--db", fixture.db, "quokka"});
    BOOST_TEST_REQUIRE(text.exit_code == 0, text.describe());
    BOOST_TEST(!has_control_character(text.out), text.out);
    BOOST_TEST(contains(text.out, "evil\\u001b[2J\\u001b]0;pwned\\u0007.txt"), text.out);

    // --json is for programs: the id is the real one, escaped by JSON's own rules.
    const auto json = run_tool(search_exe, {"--db", fixture.db, "--json", "quokka"});
    BOOST_TEST_REQUIRE(json.exit_code == 0, json.describe());
    BOOST_TEST(!has_control_character(json.out), json.out);
    const auto parsed = nlohmann::json::parse(json.out);
    BOOST_TEST_REQUIRE(parsed["hits"].size() == 1U);
    BOOST_TEST(parsed["hits"][0]["id"].get<std::string>() == "in/" + fixture.hostile_name);
}

BOOST_AUTO_TEST_CASE(protects_the_terminal_from_escapes_in_error_messages_and_hints) {
    const TempDir dir;
    // Under a plain file: news-search finds no database, news-index cannot create one.
    const std::string db = dir.write("file", "x") + "/no\x1b[31mdb\x9b";
    for (const auto& exe : {search_exe, index_exe}) {
        const auto run = run_tool(exe, {"--db", db, exe == search_exe ? "x" : "-"});
        BOOST_TEST(run.exit_code != 0, run.describe());
        BOOST_TEST(!has_control_character(run.err), run.err);
        BOOST_TEST(contains(run.err, "no\\u001b[31mdb\\x9b"), run.err);
    }
}

BOOST_AUTO_TEST_CASE(protects_read_only_databases_from_being_reported_as_locked) {
    HostileDb fixture;
    // Root ignores permissions: run the indexer as nobody when we can, else skip.
    std::vector<std::string> args = {"--db", fixture.db, "--quiet", fixture.dir / "in"};
    std::string exe = index_exe;
    if (geteuid() == 0) {
        if (!std::filesystem::exists("/usr/bin/setpriv")) {
            BOOST_TEST_MESSAGE("skipped: running as root (which ignores permissions) and "
                               "/usr/bin/setpriv is absent to run as another user");
            return;
        }
        exe = "/usr/bin/setpriv";
        args.insert(args.begin(), {"--reuid=65534", "--regid=65534", "--clear-groups", index_exe});
    }
    namespace fs = std::filesystem;
    const auto read_only =
        fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write;
    fs::permissions(fixture.dir.path(), fs::perms::owner_all | fs::perms::group_read |
                                            fs::perms::group_exec | fs::perms::others_read |
                                            fs::perms::others_exec);
    for (const auto& entry : fs::recursive_directory_iterator(fixture.db)) {
        fs::permissions(entry.path(), read_only, fs::perm_options::remove);
    }
    fs::permissions(fixture.db, read_only, fs::perm_options::remove);

    const auto run = run_tool(exe, args);
    for (const auto& entry : fs::recursive_directory_iterator(fixture.db)) {
        fs::permissions(entry.path(), fs::perms::owner_write, fs::perm_options::add);
    }
    fs::permissions(fixture.db, fs::perms::owner_write, fs::perm_options::add);

    BOOST_TEST(run.exit_code == 74, run.describe());
    BOOST_TEST(contains(run.err, "news-index: error: "), run.err);
    BOOST_TEST(contains(run.err, "cannot write to the database"), run.err);
    BOOST_TEST(contains(run.err, "hint: "), run.err);
    BOOST_TEST(!contains(run.err, "locked"), run.err);
}

BOOST_AUTO_TEST_CASE(protects_index_help_from_leaving_out_input_formats) {
    const auto run = run_tool(index_exe, {"--help"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    // The names parse_input_format accepts, whatever the line wrapping.
    std::string flat;
    for (const char c : run.out) {
        if (c == '\n' || c == ' ') {
            if (!flat.empty() && flat.back() != ' ') {
                flat += ' ';
            }
        } else {
            flat += c;
        }
    }
    BOOST_TEST(contains(flat, "input format: auto, text, jsonl, json or reuters"), flat);
}

BOOST_AUTO_TEST_SUITE_END()
