/// @file
/// @brief End-to-end tests of the side files (facet columns, hit records): news-index writes them
/// for the revision it leaves, news-search answers the same with and without them, and a
/// database changed by another tool is read from Xapian's own data (facets with a warning) until
/// news-index writes them again.
#include "support/indexed_db.hpp"
#include "support/run_tool.hpp"
#include "support/tcpsrv.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using news::test::IndexedDb;
using nlohmann::json;

std::string data(const std::string& relative) {
    return (news::test::source_dir() / relative).string();
}

// The side files in @p db, sorted.
std::vector<std::string> side_files(const std::string& db) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(db)) {
        const std::string name = entry.path().filename().string();
        if (name.find("facet-columns") != std::string::npos ||
            name.find("hit-records") != std::string::npos ||
            name.find("doc-lengths") != std::string::npos) {
            names.push_back(name);
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string expected_file(const std::string& db, const std::string& kind = "facet-columns") {
    return kind + "." + std::to_string(Xapian::Database(db).get_revision());
}

std::vector<std::string> expected_files(const std::string& db) {
    return {expected_file(db, "doc-lengths"), expected_file(db), expected_file(db, "hit-records")};
}

// Every facet a user can ask for, all values.
const std::vector<std::string> every_facet{
    "--facet",      "source",  "--facet",    "author",        "--facet",
    "category",     "--facet", "date.month", "--facet",       "topic",
    "--facet",      "place",   "--facet",    "entity.person", "--facet",
    "entity.place", "--facet", "entity.org", "--facet-limit", "0"};

json facets_of(const IndexedDb& db, const std::string& query) {
    std::vector<std::string> args{query};
    args.insert(args.end(), every_facet.begin(), every_facet.end());
    const json result = db.search_json(args); // also checks that stderr is empty
    return {{"facets", result.at("facets")},
            {"facets_exact", result.at("facets_exact")},
            {"total", result.at("total")}};
}

struct Indexed : IndexedDb {
    Indexed() : IndexedDb({data("corpus/sample"), data("tests/data/reuters")}) {}

    // The sources of the articles about missiles (stderr must be empty).
    [[nodiscard]] json db_search_sources() const {
        return search_json({"missile", "--facet", "source", "--limit", "0"})
            .at("facets")
            .at("source");
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(side_files_cli)

BOOST_FIXTURE_TEST_CASE(news_index_writes_the_side_files_of_the_revision_it_leaves, Indexed) {
    BOOST_TEST(side_files(db) == expected_files(db), boost::test_tools::per_element());
    index({data("tests/data/mixed")});
    BOOST_TEST(side_files(db) == expected_files(db), boost::test_tools::per_element());
    index({}, {"--delete", "sample/003_64758854870b4056.txt"});
    BOOST_TEST(side_files(db) == expected_files(db), boost::test_tools::per_element());
    BOOST_TEST(
        search_json({"--stats"}).at("side_files") ==
        json::parse(
            R"({"facet_columns":"current","hit_records":"current","doc_lengths":"current"})"));
}

BOOST_FIXTURE_TEST_CASE(hits_are_the_same_with_and_without_the_records, Indexed) {
    const fs::path file = fs::path(db) / expected_file(db, "hit-records");
    const fs::path aside = dir / "aside";
    for (const std::vector<std::string>& args : {std::vector<std::string>{"missile", "-n", "50"},
                                                 {"oil OR troops", "--sort", "date"},
                                                 {"the", "-n", "100", "--offset", "3"},
                                                 {"Kursk", "--group", "stories"}}) {
        const auto without_time = [](json result) {
            result.erase("elapsed_ms");
            return result;
        };
        const json with = without_time(search_json(args));
        fs::rename(file, aside);
        const json without = without_time(search_json(args)); // no warning either
        fs::rename(aside, file);
        BOOST_TEST(with == without,
                   args[0] << "\nwith: " << with.dump() << "\nwithout: " << without.dump());
        BOOST_TEST(!with.at("hits").empty(), args[0]);
    }
}

BOOST_FIXTURE_TEST_CASE(rankings_are_the_same_with_and_without_the_lengths, Indexed) {
    const fs::path file = fs::path(db) / expected_file(db, "doc-lengths");
    const fs::path aside = dir / "aside";
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"missile", "-n", "50"},
          {"oil OR troops OR kursk", "-n", "30"},
          {"troops NOT oil", "--sort", "date"},
          {"title:missiles OR \"north korean\" OR sanction*", "-n", "30"},
          {"the", "-n", "100", "--offset", "3", "--facet", "source"},
          {"troops", "--group", "stories"},
          {"oil", "--export", "csv", "--fields", "id,score"}}) {
        const auto without_time = [](const std::string& out) {
            if (out.empty() || out.front() != '{') {
                return out; // the export: CSV
            }
            json result = json::parse(out);
            result.erase("elapsed_ms");
            return result.dump();
        };
        std::vector<std::string> json_args = args;
        if (std::find(args.begin(), args.end(), "--export") == args.end()) {
            json_args.emplace_back("--json");
        }
        const auto with = search(json_args);
        fs::rename(file, aside);
        const auto without = search(json_args); // no warning either
        fs::rename(aside, file);
        BOOST_TEST_REQUIRE(with.exit_code == 0, with.describe());
        BOOST_TEST(without.err == with.err);
        BOOST_TEST(without_time(with.out) == without_time(without.out),
                   args[0] << "\nwith: " << with.out << "\nwithout: " << without.out);
        BOOST_TEST(with.out.find("score") != std::string::npos, args[0]);
    }
}

BOOST_FIXTURE_TEST_CASE(facets_are_the_same_with_and_without_the_columns, Indexed) {
    const fs::path file = fs::path(db) / expected_file(db);
    const fs::path aside = dir / "aside";
    for (const std::string query : {"missile", "troops OR oil", "the", "nothingatall"}) {
        const json with = facets_of(*this, query);
        fs::rename(file, aside);
        const json without = facets_of(*this, query); // no file: no warning either
        fs::rename(aside, file);
        BOOST_TEST(with == without,
                   query << "\nwith: " << with.dump() << "\nwithout: " << without.dump());
    }
    // Not a vacuous comparison: the facets have values.
    BOOST_TEST(facets_of(*this, "the").at("facets").at("entity.person").size() > 3U);
}

BOOST_FIXTURE_TEST_CASE(a_database_changed_by_another_tool_is_counted_from_its_values, Indexed) {
    const json before = db_search_sources();
    {
        Xapian::WritableDatabase writable(db);
        Xapian::Document doc;
        doc.add_term("Zmissil");
        doc.add_value(2, "Another Tool"); // the source slot (common/SCHEMA.md)
        writable.add_document(doc);
        writable.commit();
    }
    const auto run = search({"missile", "--facet", "source", "--limit", "0", "--json"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(run.err.find("news-search: warning: the facet columns describe revision") == 0U,
               run.err);
    const json changed = json::parse(run.out).at("facets").at("source");
    BOOST_TEST(changed.size() == before.size() + 1, changed.dump());
    BOOST_TEST(changed.dump().find("Another Tool") != std::string::npos, changed.dump());
    // --stats says why, and counts from the value slots.
    const json stats = search_json({"--stats"});
    BOOST_TEST(stats.at("side_files")
                       .at("facet_columns")
                       .get<std::string>()
                       .find("the facet columns describe revision") == 0U,
               stats.dump());
    BOOST_TEST(stats.at("side_files")
                       .at("hit_records")
                       .get<std::string>()
                       .find("the hit records describe revision") == 0U,
               stats.dump());
    BOOST_TEST(stats.at("side_files")
                       .at("doc_lengths")
                       .get<std::string>()
                       .find("the document lengths describe revision") == 0U,
               stats.dump());
    // The next run writes them again: no warning, the same counts.
    index({data("corpus/sample")});
    BOOST_TEST(db_search_sources() == changed);
    BOOST_TEST(
        search_json({"--stats"}).at("side_files") ==
        json::parse(
            R"({"facet_columns":"current","hit_records":"current","doc_lengths":"current"})"));
}

BOOST_FIXTURE_TEST_CASE(a_remote_database_gives_the_same_answers_without_side_files, Indexed) {
    if (!news::test::have_tcpsrv()) {
        BOOST_TEST_MESSAGE("skipped: xapian-tcpsrv is not installed (Debian package xapian-tools)");
        return;
    }
    const news::test::TcpServer tcpsrv(db);
    const int port = tcpsrv.port();
    // A stub database naming the remote: opened like a folder, served by a stock xapian-tcpsrv,
    // which runs only Xapian's built-in match spies and has no side files to offer.
    const std::string stub = dir / "remote.stub";
    std::ofstream(stub) << "remote 127.0.0.1:" << port << "\n";
    IndexedDb remote;
    remote.db = stub;
    for (const std::string query : {"missile", "oil OR troops", "the"}) {
        std::vector<std::string> args{query, "-n", "20"};
        args.insert(args.end(), every_facet.begin(), every_facet.end());
        auto local = search_json(args);
        auto served = remote.search_json(args);
        local.erase("elapsed_ms");
        served.erase("elapsed_ms");
        BOOST_TEST(local == served,
                   query << "\nlocal: " << local.dump() << "\nremote: " << served.dump());
    }
}

BOOST_FIXTURE_TEST_CASE(a_remote_that_does_not_answer_is_an_io_error_naming_it, Indexed) {
    const int port = news::test::free_loopback_port(); // nothing listens there
    BOOST_TEST_REQUIRE(port > 0);
    const std::string stub = dir / "remote.stub";
    std::ofstream(stub) << "remote 127.0.0.1:" << port << "\n";
    const auto run = news::test::run_tool(NEWS_SEARCH_EXE, {"--db", stub, "missile"});
    BOOST_TEST(run.exit_code == 74, run.describe());
    // Named as the stub names it.
    BOOST_TEST(run.err.find("tcp://127.0.0.1:" + std::to_string(port) +
                            ": cannot reach the remote database") != std::string::npos,
               run.err);
    BOOST_TEST(run.err.find("xapian-tcpsrv is running") != std::string::npos, run.err);
}

BOOST_AUTO_TEST_SUITE_END()
