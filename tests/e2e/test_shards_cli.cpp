/// @file
/// @brief End-to-end tests of sharded databases: news-index --shards builds and updates them,
/// news-search reads them (as a folder, a stub, several --db, remote shards served by a stock
/// xapian-tcpsrv) with the answers of one database, and a shard that cannot be read fails the
/// search or, with --allow-partial, is named and left out.
#include "support/indexed_db.hpp"
#include "support/run_tool.hpp"
#include "support/tcpsrv.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using news::test::IndexedDb;
using nlohmann::json;

std::string data(const std::string& relative) {
    return (news::test::source_dir() / relative).string();
}

const std::vector<std::string> inputs{data("corpus/sample"), data("tests/data")};

// Searches that between them use every part of an answer: hits and snippets, totals, every
// facet, histograms, stories (grouped, as facets), the date order, a phrase and spelling.
const std::vector<std::vector<std::string>> searches{
    {"troops",
     "-n",
     "20",
     "--facet",
     "source",
     "--facet",
     "author",
     "--facet",
     "date.month",
     "--facet",
     "entity.person",
     "--facet",
     "entity.place",
     "--facet",
     "entity.org",
     "--facet",
     "story",
     "--facet",
     "category",
     "--facet-limit",
     "0",
     "--histogram",
     "month"},
    {"\"north korean troops\"", "--facet", "source"},
    {"biden OR trump OR oil", "-n", "30", "--sort", "date", "--facet", "source", "--facet",
     "entity.place"},
    {"troops", "--group", "stories"},
    {"missile", "--facet-count", "stories", "--facet", "source"},
    {"trops"},
    {"oil OR said", "-n", "0", "--facet", "source", "--facet", "topic", "--since", "1987-01-01"},
};

// An answer without what differs by design: the time taken, the count of shards, and the query
// run (one shard tests dates in its day column, several read the date terms).
json answer(const IndexedDb& db, std::vector<std::string> args) {
    json result = db.search_json(std::move(args));
    result.erase("elapsed_ms");
    result.erase("shards");
    result.erase("parsed_query");
    return result;
}

// The articles in @p db, as --stats counts them.
Xapian::doccount articles(const IndexedDb& db) {
    return db.search_json({"--stats"}).at("articles").get<Xapian::doccount>();
}

IndexedDb sharded(unsigned shards) {
    return IndexedDb(inputs, {"--shards", std::to_string(shards)});
}

// How many documents of each shard of @p db hold the article @p id.
std::vector<Xapian::doccount> copies_per_shard(const std::string& db, const std::string& id) {
    std::vector<Xapian::doccount> counts;
    for (unsigned i = 0; fs::exists(fs::path(db) / ("shard-" + std::to_string(i))); ++i) {
        const Xapian::Database shard((fs::path(db) / ("shard-" + std::to_string(i))).string());
        counts.push_back(shard.get_termfreq("Q" + id));
    }
    return counts;
}

} // namespace

BOOST_AUTO_TEST_SUITE(shards_cli)

BOOST_AUTO_TEST_CASE(one_two_and_three_shards_answer_as_one_database) {
    const IndexedDb single(inputs);
    for (const unsigned count : {1U, 2U, 3U}) {
        const IndexedDb db = sharded(count);
        BOOST_TEST(fs::exists(fs::path(db.db) / "XAPIANDB"));
        for (unsigned i = 0; i < count; ++i) {
            // Each shard is a news database of its own, with its side files.
            const auto shard = (fs::path(db.db) / ("shard-" + std::to_string(i))).string();
            BOOST_TEST(fs::exists(fs::path(shard) / "iamglass"), shard);
        }
        for (const auto& args : searches) {
            BOOST_TEST(answer(db, args) == answer(single, args),
                       count << " shards: " << args.front());
        }
        BOOST_TEST(db.search_json({"troops"}).at("shards").at("total") == count);
    }
}

BOOST_AUTO_TEST_CASE(each_shard_reads_as_a_news_database_on_its_own) {
    const IndexedDb db = sharded(2);
    Xapian::doccount total = 0;
    for (const std::string shard : {"shard-0", "shard-1"}) {
        IndexedDb one;
        one.db = (fs::path(db.db) / shard).string();
        total += articles(one);
    }
    BOOST_TEST(total == articles(db));
}

BOOST_AUTO_TEST_CASE(incremental_runs_update_a_sharded_database_in_place) {
    // The same runs on a sharded database and on a single one: the same answers after each.
    const IndexedDb db = sharded(3);
    const IndexedDb single(inputs);
    const auto both = [&](const std::vector<std::string>& run_inputs,
                          const std::vector<std::string>& extra) {
        db.index(run_inputs, extra);
        single.index(run_inputs, extra);
        for (const auto& args : searches) {
            // A date range is spelled out up to the largest date a database has held, which
            // deletions leave behind per shard: the query shown may differ, never its matches.
            auto sharded_answer = answer(db, args);
            auto single_answer = answer(single, args);
            sharded_answer.erase("parsed_query");
            single_answer.erase("parsed_query");
            BOOST_TEST(sharded_answer == single_answer, args.front());
        }
    };
    const auto before = articles(db);
    const news::test::TempDir more;
    const std::string article = more / "quake.txt";
    const std::string id = more.path().filename().string() + "/quake.txt";
    std::ofstream(article) << "Title: Quake felt in the valley\n\nA strong quake shook the "
                              "valley overnight, the observatory said.\n";
    both({more.path().string()}, {});
    auto where = copies_per_shard(db.db, id);
    BOOST_TEST(std::count(where.begin(), where.end(), 1U) == 1);
    BOOST_TEST(articles(db) == before + 1);
    // A changed article replaces the old one in the shard that holds it.
    std::ofstream(article) << "Title: Quake felt in the valley\n\nA strong quake shook the "
                              "valley overnight; no one was hurt.\n";
    both({more.path().string()}, {});
    BOOST_TEST(copies_per_shard(db.db, id) == where, boost::test_tools::per_element());
    BOOST_TEST(db.search_json({"hurt"}).at("hits").at(0).at("id") == id);
    // --delete and --prune work across the shards.
    both({}, {"--delete", id});
    where = copies_per_shard(db.db, id);
    BOOST_TEST(std::count(where.begin(), where.end(), 0U) == 3);
    both({data("corpus/sample")}, {"--prune"});
    BOOST_TEST(articles(db) == 5U);
}

BOOST_AUTO_TEST_CASE(another_shard_count_needs_a_rebuild) {
    const IndexedDb db = sharded(2);
    auto run = news::test::run_tool(NEWS_INDEX_EXE,
                                    {"--db", db.db, "--shards", "3", data("corpus/sample")});
    BOOST_TEST(run.exit_code == 65, run.describe());
    BOOST_TEST(run.err.find("the database has 2 shards") != std::string::npos, run.err);
    // --overwrite rebuilds with the count asked for; without --shards it keeps the layout.
    db.index(inputs, {"--overwrite", "--shards", "3"});
    BOOST_TEST(fs::exists(fs::path(db.db) / "shard-2"));
    db.index(inputs, {"--overwrite"});
    BOOST_TEST(fs::exists(fs::path(db.db) / "shard-2"));
    const IndexedDb single(inputs);
    BOOST_TEST(answer(db, searches.front()) == answer(single, searches.front()));
}

BOOST_AUTO_TEST_CASE(a_stub_with_a_missing_shard_fails_or_is_left_out_with_allow_partial) {
    const IndexedDb db = sharded(2);
    const std::string stub = db.dir / "broken.stub";
    std::ofstream(stub) << "# two shards and one that is not there\nauto db/shard-0\n"
                        << "auto db/shard-1\nglass db/shard-9\n";
    IndexedDb through_stub;
    through_stub.db = stub;
    auto run = through_stub.search({"troops"});
    BOOST_TEST(run.exit_code == 66, run.describe());
    BOOST_TEST(run.err.find("shard-9") != std::string::npos, run.err);
    run = through_stub.search({"troops", "--allow-partial"});
    BOOST_TEST(run.exit_code == 0, run.describe());
    BOOST_TEST(run.out.find("partial results: 1 of 3 shards missing") != std::string::npos,
               run.out);
    BOOST_TEST(run.err.find("partial results: 1 of 3 shards missing") != std::string::npos,
               run.err);
    // The shards that are there answer as the sharded folder does.
    run = through_stub.search({"troops", "--allow-partial", "--json"});
    auto partial = json::parse(run.out);
    BOOST_TEST(partial.at("shards").at("partial") == true);
    BOOST_TEST(partial.at("shards").at("total") == 3);
    BOOST_TEST(partial.at("shards").at("missing").size() == 1);
    partial.erase("elapsed_ms");
    partial.erase("shards");
    partial.erase("parsed_query");
    BOOST_TEST(partial == answer(db, {"troops"}));
    // A malformed stub names its line.
    std::ofstream(stub) << "auto db/shard-0\nchert old\n";
    run = through_stub.search({"troops"});
    BOOST_TEST(run.exit_code == 64, run.describe());
    BOOST_TEST(run.err.find("broken.stub:2") != std::string::npos, run.err);
}

BOOST_AUTO_TEST_CASE(remote_shards_answer_as_the_local_ones) {
    if (!news::test::have_tcpsrv()) {
        BOOST_TEST_MESSAGE("skipped: xapian-tcpsrv is not installed (Debian package xapian-tools)");
        return;
    }
    const IndexedDb db = sharded(3);
    std::vector<std::unique_ptr<news::test::TcpServer>> servers;
    std::vector<std::string> remote_args;
    const std::string stub = db.dir / "remote.stub";
    std::ofstream stub_file(stub);
    for (unsigned i = 0; i < 3; ++i) {
        servers.push_back(std::make_unique<news::test::TcpServer>(
            (fs::path(db.db) / ("shard-" + std::to_string(i))).string()));
        remote_args.insert(remote_args.end(), {"--db", servers.back()->address()});
        stub_file << "remote 127.0.0.1:" << servers.back()->port() << "\n";
    }
    stub_file.close();
    const auto remote_answer = [&](std::vector<std::string> args) {
        args.insert(args.begin(), remote_args.begin(), remote_args.end());
        args.insert(args.begin(), "--json");
        const auto run = news::test::run_tool(NEWS_SEARCH_EXE, args);
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
        json result = json::parse(run.out);
        result.erase("elapsed_ms");
        result.erase("shards");
        result.erase("parsed_query");
        return result;
    };
    IndexedDb through_stub;
    through_stub.db = stub;
    for (const auto& args : searches) {
        const bool story_counts =
            std::find(args.begin(), args.end(), "--facet-count") != args.end();
        const bool spelling = args.front() == "trops";
        if (story_counts || spelling) {
            continue; // below: what a stock server cannot do
        }
        BOOST_TEST(remote_answer(args) == answer(db, args), args.front());
        BOOST_TEST(answer(through_stub, args) == answer(db, args), args.front());
    }
    // --stats counts the shards and the remote ones among them, also in a stub that mixes both.
    auto stats = through_stub.search_json({"--stats"});
    BOOST_TEST(stats.at("shards").at("total") == 3);
    BOOST_TEST(stats.at("shards").at("remote") == 3);
    const std::string mixed = db.dir / "mixed.stub";
    std::ofstream(mixed) << "auto " << fs::absolute(fs::path(db.db) / "shard-0").string()
                         << "\nremote 127.0.0.1:" << servers[1]->port()
                         << "\nremote 127.0.0.1:" << servers[2]->port() << "\n";
    IndexedDb through_mixed;
    through_mixed.db = mixed;
    stats = through_mixed.search_json({"--stats"});
    BOOST_TEST(stats.at("shards").at("total") == 3);
    BOOST_TEST(stats.at("shards").at("remote") == 2);
    BOOST_TEST(answer(through_mixed, {"troops"}) == answer(db, {"troops"}));
    // Counting stories per value needs a counter of our own, which the server cannot run.
    auto run = through_stub.search({"missile", "--facet-count", "stories", "--facet", "source"});
    BOOST_TEST(run.exit_code == 64, run.describe());
    BOOST_TEST(run.err.find("cannot count remote shards") != std::string::npos, run.err);

    // A server that stops: the search names it (exit 74), or answers from the others.
    servers[1]->stop();
    run = through_stub.search({"troops"});
    BOOST_TEST(run.exit_code == 74, run.describe());
    BOOST_TEST(run.err.find(":" + std::to_string(servers[1]->port())) != std::string::npos,
               run.err);
    run = through_stub.search({"troops", "--allow-partial", "--json"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    const json partial = json::parse(run.out);
    BOOST_TEST(partial.at("shards").at("partial") == true);
    BOOST_TEST(partial.at("shards").at("missing").at(0).at("shard") ==
               "tcp://127.0.0.1:" + std::to_string(servers[1]->port()));
    BOOST_TEST(partial.at("total").at("estimate") <=
               db.search_json({"troops"}).at("total").at("estimate"));
}

BOOST_AUTO_TEST_CASE(serve_shards_script_serves_every_shard_until_stopped) {
    if (!news::test::have_tcpsrv()) {
        BOOST_TEST_MESSAGE("skipped: xapian-tcpsrv is not installed (Debian package xapian-tools)");
        return;
    }
    const IndexedDb db = sharded(2);
    const std::string stub = db.dir / "served.stub";
    const std::string script = data("scripts/serve-shards.sh");
    // Two consecutive free ports: the kernel's choice and the next, tried a few times.
    for (int attempt = 0; attempt < 5; ++attempt) {
        const int port = news::test::free_loopback_port();
        BOOST_TEST_REQUIRE(port > 0);
        news::test::RunningTool server(
            "/bin/bash", {script, db.db, "--port", std::to_string(port), "--stub", stub});
        for (int tries = 0; tries < 200 && !fs::exists(stub) && !server.finished(); ++tries) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (!fs::exists(stub)) {
            const auto ended = server.wait(std::chrono::seconds(10));
            BOOST_TEST_MESSAGE("serve-shards.sh did not start: " << ended.describe());
            continue; // the next port was taken
        }
        IndexedDb served;
        served.db = stub;
        BOOST_TEST(answer(served, {"troops", "--facet", "source"}) ==
                   answer(db, {"troops", "--facet", "source"}));
        // Ctrl-C (SIGTERM here) stops every server it started.
        server.send_signal(SIGTERM);
        const auto ended = server.wait(std::chrono::seconds(10));
        BOOST_TEST(ended.exit_code == 0, ended.describe());
        BOOST_TEST(!news::test::accepts(port));
        BOOST_TEST(!news::test::accepts(port + 1));
        return;
    }
    BOOST_FAIL("serve-shards.sh found no two free ports in 5 attempts");
}

BOOST_AUTO_TEST_CASE(a_replica_receives_each_new_batch) {
    const std::string server = "/usr/bin/xapian-replicate-server";
    const std::string client = "/usr/bin/xapian-replicate";
    if (!fs::exists(server) || !fs::exists(client)) {
        BOOST_TEST_MESSAGE(
            "skipped: xapian-replicate is not installed (Debian package xapian-tools)");
        return;
    }
    // The master keeps changesets (XAPIAN_MAX_CHANGESETS), so a replica gets only what changed.
    const news::test::TempDir dir;
    fs::create_directories(dir / "master");
    const std::string master = dir / "master/news.db";
    const auto index = [&](const std::string& input) {
        const auto run = news::test::run_tool("/usr/bin/env",
                                              {"XAPIAN_MAX_CHANGESETS=10", NEWS_INDEX_EXE, "--db",
                                               master, "--quiet", "--threads", "1", input});
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    };
    index(data("corpus/sample"));
    const int port = news::test::free_loopback_port();
    BOOST_TEST_REQUIRE(port > 0);
    const news::test::RunningTool replicate_server(
        server, {"--interface", "127.0.0.1", "--port", std::to_string(port), dir / "master"});
    for (int tries = 0; tries < 100 && !news::test::accepts(port); ++tries) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    BOOST_TEST_REQUIRE(news::test::accepts(port), replicate_server.err_so_far());
    IndexedDb replica;
    replica.db = dir / "replica.db";
    const auto replicate = [&] {
        const auto run = news::test::run_tool(
            client, {"--host", "127.0.0.1", "--port", std::to_string(port), "--master", "news.db",
                     "--one-shot", "--quiet", "--reader-time", "0", replica.db});
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    };
    IndexedDb on_master;
    on_master.db = master;
    replicate();
    BOOST_TEST(articles(replica) == 5U);
    // A new batch on the master reaches the replica, and a searcher there sees it.
    index(data("tests/data"));
    replicate();
    BOOST_TEST(articles(replica) == articles(on_master));
    for (const auto& args : searches) {
        BOOST_TEST(answer(replica, args) == answer(on_master, args), args.front());
    }
}

BOOST_AUTO_TEST_CASE(bad_remote_addresses_and_timeouts_are_usage_errors) {
    for (const std::string address :
         {"tcp://127.0.0.1", "tcp://:7001", "tcp://host:0", "tcp://host:70000", "tcp://::1:7001"}) {
        const auto run = news::test::run_tool(NEWS_SEARCH_EXE, {"--db", address, "troops"});
        BOOST_TEST(run.exit_code == 64, address << ": " << run.describe());
    }
    const auto run = news::test::run_tool(
        NEWS_SEARCH_EXE, {"--db", "tcp://127.0.0.1:7001", "--timeout", "-1", "troops"});
    BOOST_TEST(run.exit_code == 64, run.describe());
}

BOOST_AUTO_TEST_SUITE_END()
