/// @file
/// @brief The fault matrix: news-index given each kind of bad input or hostile environment
/// beside good articles. Every row asserts the exit code, the message, and that every good
/// article is in the database afterwards. (A full disk, kills and concurrent searches have
/// their own tests: tests/e2e/test_data_safety.cpp, scripts/crash-loop.sh, scripts/soak.sh.)
#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include "support/text_match.hpp"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <xapian.h>

#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <ostream>
#include <spawn.h>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace bdata = boost::unit_test::data;
using news::test::contains;
using news::test::run_tool;
using news::test::RunResult;
using news::test::TempDir;
using news::test::xapian_check;

const std::string index_exe = NEWS_INDEX_EXE;
const std::string search_exe = NEWS_SEARCH_EXE;
constexpr const char* setpriv = "/usr/bin/setpriv";

// The good articles every row starts from: three of the sample's, as in/<name>.
const std::vector<std::string> good_files{"000_32265edf3150e999.txt", "001_98c9e41ab226227e.txt",
                                          "002_2207f29bbc2d53a5.txt"};

std::string prose(std::size_t bytes) {
    std::string text = "Harbour report\n\n";
    while (text.size() < bytes) {
        text += "The ferry left the harbour at noon and the gulls followed it out to sea. ";
    }
    return text;
}

// How a row runs news-index.
enum class Run {
    Plain,         ///< news-index --db DB ARGS in/
    AsNobody,      ///< the same as user 65534 (permissions matter even when the tests run as root)
    StderrClosed,  ///< with 2>&-
    StderrPipeEnds ///< with stderr into a pipe whose reader exits after one byte
};

struct Fault {
    std::string name;
    std::function<void(const TempDir&)> make; ///< adds the bad input under in/
    Run run = Run::Plain;
    std::vector<std::string> args; ///< extra arguments before the input folder
    int exit_code = 0;
    std::string message;           ///< expected in stderr ("" when stderr is not ours to read)
    Xapian::doccount articles = 3; ///< in the database afterwards: the good ones at least
};

std::ostream& operator<<(std::ostream& out, const Fault& fault) {
    return out << fault.name;
}

void write_bytes(const std::string& path, std::string_view bytes) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
}

const Fault faults[] = {
    {"binary file",
     [](const TempDir& d) {
         write_bytes(d / "in/bin.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
     },
     Run::Plain,
     {},
     0,
     "in/bin.txt: skipped: binary content"},
    {"empty file",
     [](const TempDir& d) { write_bytes(d / "in/empty.txt", ""); },
     Run::Plain,
     {},
     0,
     "in/empty.txt: skipped: empty body"},
    {"NUL bytes",
     [](const TempDir& d) {
         write_bytes(d / "in/nul.txt",
                     std::string("Nul story\n\nText with a \0 NUL byte in it. And more.\n", 51));
     },
     Run::Plain,
     {},
     0,
     "in/nul.txt: skipped: binary content"},
    {"invalid UTF-8 that cannot be repaired",
     [](const TempDir& d) {
         write_bytes(d / "in/undef.txt",
                     "Title\n\nSome text \x81\x8d here. Another sentence here.\n");
     },
     Run::Plain,
     {},
     0,
     "in/undef.txt: skipped: invalid UTF-8 that cannot be repaired"},
    {"Latin-1 text, repaired",
     [](const TempDir& d) {
         write_bytes(d / "in/latin1.txt", "Caf\xe9 owners protest\n\nThe caf\xe9 owners protested "
                                          "on Monday. They said the rules were unfair.\n");
     },
     Run::Plain,
     {},
     0,
     "repaired 1 article (2 non-UTF-8 bytes read as Windows-1252",
     4},
    {"100 MB article",
     [](const TempDir& d) { write_bytes(d / "in/huge.txt", prose(std::size_t{100} << 20U)); },
     Run::Plain,
     {},
     0,
     "in/huge.txt: skipped: ",
     3},
    {"10 MB JSON line",
     [](const TempDir& d) {
         write_bytes(d / "in/long.jsonl", R"({"id":"long-1","title":"Long","body":")" +
                                              prose(std::size_t{10} << 20U).substr(16) + "\"}\n");
     },
     Run::Plain,
     {},
     0,
     "indexed 4 articles",
     4},
    {"100,000-deep JSON",
     [](const TempDir& d) {
         write_bytes(d / "in/deep.json", std::string(100000, '[') + std::string(100000, ']'));
     },
     Run::Plain,
     {},
     0,
     "in/deep.json: skipped: not a JSON object"},
    {"malformed JSON line among good ones",
     [](const TempDir& d) {
         write_bytes(d / "in/feed.jsonl", "{\"id\":\"f-1\",\"body\":\"One good line "
                                          "here.\"}\n{\"id\":\"f-2\",\"body\":\n{\"id\":\"f-3\","
                                          "\"body\":\"Another good line.\"}\n");
     },
     Run::Plain,
     {},
     0,
     "in/feed.jsonl:2: skipped: malformed JSON",
     5},
    {"symlink loop",
     [](const TempDir& d) {
         fs::create_symlink("loop-b", d / "in/loop-a");
         fs::create_symlink("loop-a", d / "in/loop-b");
     },
     Run::Plain,
     {},
     0,
     "in/loop-a: skipped: cannot read: symlink loop"},
    {"dangling symlink",
     [](const TempDir& d) { fs::create_symlink("gone.txt", d / "in/dangling.txt"); },
     Run::Plain,
     {},
     0,
     "in/dangling.txt: skipped: cannot read: dangling symlink"},
    {"unreadable file",
     [](const TempDir& d) {
         write_bytes(d / "in/secret.txt", prose(400));
         fs::permissions(d / "in/secret.txt", fs::perms::owner_write);
     },
     Run::AsNobody,
     {},
     0,
     "in/secret.txt: skipped: cannot read"},
    {"unreadable folder",
     [](const TempDir& d) {
         write_bytes(d / "in/closed/a.txt", prose(400));
         fs::permissions(d / "in/closed", fs::perms::none);
     },
     Run::AsNobody,
     {},
     0,
     "in/closed: skipped: cannot read"},
    {"unreadable folder blocks --prune",
     [](const TempDir& d) {
         write_bytes(d / "in/closed/a.txt", prose(400));
         fs::permissions(d / "in/closed", fs::perms::none);
     },
     Run::AsNobody,
     {"--prune"},
     0,
     "--prune: not pruning, some files could not be read"},
    {"duplicate ids",
     [](const TempDir& d) {
         write_bytes(d / "in/dup.jsonl",
                     "{\"id\":\"same\",\"body\":\"First telling of "
                     "it.\"}\n{\"id\":\"same\",\"body\":\"Second telling of it.\"}\n");
     },
     Run::Plain,
     {},
     0,
     "id 'same' appeared earlier in this run",
     4},
    {"Reuters element without its end tag",
     [](const TempDir& d) {
         write_bytes(
             d / "in/reut2-000.sgm",
             "<REUTERS NEWID=\"1\"><TEXT><TITLE>Cocoa</TITLE><BODY>Cocoa rains "
             "fell.</BODY></TEXT>\n<REUTERS NEWID=\"2\"><TEXT><TITLE>Wheat</TITLE><BODY>Wheat "
             "rose.</BODY></TEXT></REUTERS>\n");
     },
     Run::Plain,
     {},
     0,
     "no </REUTERS>",
     5},
    {"--strict with a bad article keeps the good ones",
     [](const TempDir& d) { write_bytes(d / "in/empty.txt", ""); },
     Run::Plain,
     {"--strict"},
     65,
     "1 article rejected (--strict); 3 good articles committed"},
    {"stderr closed",
     [](const TempDir& d) { write_bytes(d / "in/empty.txt", ""); },
     Run::StderrClosed,
     {},
     0,
     ""},
    {"stderr reader gone",
     [](const TempDir& d) {
         for (int i = 0; i < 50; ++i) {
             write_bytes(d / fmt::format("in/empty-{}.txt", i), "");
         }
     },
     Run::StderrPipeEnds,
     {},
     0,
     ""},
};

// Runs @p args (the tool first) through bash with @p redirection; with @p pipefail a pipeline
// exits with the tool's status rather than its reader's.
RunResult run_shell(const std::vector<std::string>& args, std::string_view redirection,
                    bool pipefail = true) {
    std::string command = pipefail ? "set -o pipefail;" : "";
    for (const auto& arg : args) {
        command += " '" + arg + "'";
    }
    return run_tool("/bin/bash", {"-c", fmt::format("{} {}", command, redirection)});
}

// Runs @p exe with @p args, its output to /dev/null, and returns its peak resident memory in KiB
// (wait4's ru_maxrss: this child's alone, whatever other tests ran), or -1 when it failed.
long peak_rss_kib(const std::string& exe, const std::vector<std::string>& args) {
    std::vector<std::string> all{exe};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : all) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions{};
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int spawned = posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        return -1;
    }
    int status = 0;
    rusage usage{};
    if (::wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return -1;
    }
    return usage.ru_maxrss;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif
#else
constexpr bool sanitized = false;
#endif

} // namespace

BOOST_AUTO_TEST_SUITE(fault_matrix)

// --memory 16 and one 8 MiB article: the article costs about 6 times its size at its peak
// (indexer/README.md, "Memory"); the bound allows 7 times plus 24 MiB for the process itself.
// When the text was kept until the batch was committed, the run peaked at about 90 MiB with
// one thread and 100 MiB with two, over this bound.
BOOST_DATA_TEST_CASE(protects_the_memory_bound_on_a_huge_article, bdata::make({1, 2}), threads) {
    if (sanitized) {
        BOOST_TEST_MESSAGE("skipped: a sanitizer's own memory would be measured");
        return;
    }
    const TempDir dir;
    constexpr std::size_t article_bytes = std::size_t{8} << 20U;
    write_bytes(dir / "in/huge.txt",
                prose(article_bytes) + "The lighthouse keeper waved goodbye at dusk.\n");
    const long kib = peak_rss_kib(index_exe, {"--db", dir / "db", "--memory", "16", "--threads",
                                              std::to_string(threads), "-q", dir / "in"});
    BOOST_TEST_REQUIRE(kib > 0, "news-index failed on the huge article");
    constexpr long bound_kib = (24L << 10) + 7 * static_cast<long>(article_bytes >> 10U);
    BOOST_TEST(kib < bound_kib, "peak " << kib << " KiB, bound " << bound_kib << " KiB");
    BOOST_TEST_MESSAGE("--threads " << threads << ": peak " << kib << " KiB for an article of "
                                    << (article_bytes >> 10U) << " KiB");
    // Every word stays searchable, phrases too, up to the article's last sentence.
    for (const std::string phrase :
         {"\"gulls followed it out to sea\"", "\"lighthouse keeper waved goodbye\""}) {
        const auto search = run_tool(search_exe, {"--db", dir / "db", phrase});
        BOOST_TEST(search.exit_code == 0, search.describe());
        BOOST_TEST(contains(search.out, "huge.txt"), phrase << ": " << search.out);
    }
}

BOOST_DATA_TEST_CASE(every_good_article_survives, bdata::make(faults), fault) {
    const TempDir dir;
    fs::create_directories(dir / "in");
    for (const auto& name : good_files) {
        fs::copy_file(news::test::source_dir() / "corpus/sample" / name, dir / ("in/" + name));
    }
    fault.make(dir);
    const auto db = dir / "db";
    std::vector<std::string> args{index_exe, "--db", db};
    args.insert(args.end(), fault.args.begin(), fault.args.end());
    args.push_back(dir / "in");
    if (!fault.args.empty() && fault.args.front() == "--prune") {
        // --prune needs a database that holds more than the inputs: index everything first.
        BOOST_TEST_REQUIRE(
            run_tool(index_exe, {"--db", db, news::test::source_dir() / "corpus/sample"})
                .exit_code == 0);
    }
    RunResult result;
    switch (fault.run) {
    case Run::Plain:
        result = run_tool(index_exe, std::vector<std::string>(args.begin() + 1, args.end()));
        break;
    case Run::AsNobody:
        if (::geteuid() == 0 && !fs::exists(setpriv)) {
            BOOST_TEST_MESSAGE("skipped: " << fault.name << " needs root to run as another user");
            return;
        }
        if (::geteuid() != 0) {
            result = run_tool(index_exe, std::vector<std::string>(args.begin() + 1, args.end()));
            break;
        }
        fs::permissions(dir.path(), fs::perms::all);
        if (fs::exists(db)) {
            static_cast<void>(std::system(fmt::format("chown -R 65534:65534 '{}'", db).c_str()));
        }
        args.insert(args.begin(), {"--reuid=65534", "--regid=65534", "--clear-groups"});
        result = run_tool(setpriv, args);
        break;
    case Run::StderrClosed:
        result = run_shell(args, "2>&-");
        break;
    case Run::StderrPipeEnds:
        result = run_shell(args, "2>&1 | head -c 1 >/dev/null");
        break;
    }
    BOOST_TEST(result.exit_code == fault.exit_code, fault.name << ": " << result.describe());
    if (!fault.message.empty()) {
        BOOST_TEST(contains(result.err, fault.message), fault.name << ": " << result.err);
    }
    BOOST_TEST(!contains(result.err, "internal error"), fault.name << ": " << result.err);
    const Xapian::Database database(db);
    BOOST_TEST(database.get_doccount() >= fault.articles, fault.name);
    for (const auto& name : good_files) {
        BOOST_TEST(database.term_exists("Qin/" + name), fault.name << ": lost " << name);
    }
    BOOST_TEST(xapian_check(db), fault.name);
}

BOOST_AUTO_TEST_CASE(a_search_with_its_output_closed_says_so) {
    const TempDir dir;
    BOOST_TEST_REQUIRE(
        run_tool(index_exe, {"--db", dir / "db", news::test::source_dir() / "corpus/sample"})
            .exit_code == 0);
    const auto run = run_shell({search_exe, "--db", dir / "db", "troops"}, ">&-");
    BOOST_TEST(run.exit_code == 74, run.describe());
    BOOST_TEST(contains(run.err, "news-search: error: standard output is closed"), run.err);
}

BOOST_AUTO_TEST_CASE(a_search_whose_reader_goes_away_ends_quietly) {
    const TempDir dir;
    BOOST_TEST_REQUIRE(
        run_tool(index_exe, {"--db", dir / "db", news::test::source_dir() / "corpus/sample"})
            .exit_code == 0);
    const auto run = run_shell({search_exe, "--db", dir / "db", "--limit", "5", "troops"},
                               "| head -c 1 >/dev/null", /*pipefail=*/false);
    BOOST_TEST(run.exit_code == 0, run.describe());
    BOOST_TEST(run.err.empty(), run.err);
}

BOOST_AUTO_TEST_SUITE_END()
