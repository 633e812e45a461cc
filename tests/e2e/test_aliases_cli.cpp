/// @file
/// @brief End-to-end tests of aliases: either form of a group finds the articles that use the
/// other, in words, phrases and title: queries, with the article's own form highlighted; a
/// user's --aliases file; bad alias files; unrelated queries unchanged.
#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace {

namespace bdata = boost::unit_test::data;
using news::test::run_tool;
using news::test::TempDir;
using nlohmann::json;
using Ids = std::set<std::string>;

const std::string index_exe = NEWS_INDEX_EXE;
const std::string search_exe = NEWS_SEARCH_EXE;

std::string data(const std::string& name) {
    return (news::test::source_dir() / "tests" / "data" / "aliases" / name).string();
}

// A database of @p input, indexed with @p extra flags.
struct Indexed {
    TempDir dir;
    std::string db = dir / "db";

    explicit Indexed(const std::string& input, std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"--db", db, "--quiet", input};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto run = run_tool(index_exe, args);
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    }

    [[nodiscard]] json search(const std::string& query) const {
        const auto run = run_tool(search_exe, {"--db", db, "--json", "--", query});
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
        return json::parse(run.out);
    }

    [[nodiscard]] Ids ids(const std::string& query) const {
        Ids out;
        const json result = search(query); // kept: the loop must not outlive it
        for (const auto& hit : result["hits"]) {
            out.insert(hit["id"].get<std::string>());
        }
        return out;
    }
};

// The made-up articles as a folder of .txt files (stored as .article so that the tests that
// index all of tests/data leave them out), named corpus/ as the ids expect.
std::string made_up_corpus() {
    static const TempDir dir;
    static const std::string folder = [] {
        const auto target = std::filesystem::path(dir.path()) / "corpus";
        std::filesystem::create_directories(target);
        for (const auto& entry : std::filesystem::directory_iterator(data("corpus"))) {
            if (entry.path().extension() == ".article") {
                std::filesystem::copy_file(
                    entry.path(), target / entry.path().filename().replace_extension(".txt"));
            }
        }
        return target.string();
    }();
    return folder;
}

const Indexed& made_up() {
    static const Indexed db(made_up_corpus());
    return db;
}

const std::string short_form = "corpus/short-form.txt";
const std::string long_form = "corpus/long-form.txt";

struct Row {
    const char* query;
    const char* other_form;
};

std::ostream& operator<<(std::ostream& os, const Row& row) {
    return os << row.query;
}

// Each query names one form; its twin the other.
const Row both_ways[] = {
    {"ATACMS", "\"Army Tactical Missile System\""},
    {"atacms", "Army Tactical Missile System"},
    {"title:ATACMS", "title:\"Army Tactical Missile System\""},
    {"\"fired ATACMS missiles\"", "\"fired Army Tactical Missile System missiles\""},
};

} // namespace

BOOST_AUTO_TEST_SUITE(aliases_cli)

BOOST_AUTO_TEST_CASE(the_sample_finds_the_same_articles_for_either_form) {
    const Indexed sample((news::test::source_dir() / "corpus" / "sample").string());
    const Ids acronym = sample.ids("ATACMS");
    BOOST_TEST(!acronym.empty());
    BOOST_TEST((acronym == sample.ids("\"Army Tactical Missile System\"")));
}

BOOST_DATA_TEST_CASE(either_form_finds_the_article_with_the_other, bdata::make(both_ways), row) {
    const Ids expected{short_form, long_form};
    BOOST_TEST((made_up().ids(row.query) == expected));
    BOOST_TEST((made_up().ids(row.other_form) == expected));
}

BOOST_AUTO_TEST_CASE(the_expansion_is_shown_with_the_query) {
    const json result = made_up().search("ATACMS");
    BOOST_TEST(result["parsed_query"].get<std::string>().find("XALIASATACMS") != std::string::npos);
    bool noted = false;
    for (const auto& note : result["notes"]) {
        noted = noted || note.get<std::string>() ==
                             "aliases: ATACMS also matches Army Tactical Missile System";
    }
    BOOST_TEST(noted, result["notes"].dump());
}

BOOST_AUTO_TEST_CASE(snippets_highlight_the_form_the_article_uses) {
    const json result = made_up().search("ATACMS");
    BOOST_TEST(result["hits"].size() == 2U);
    for (const auto& hit : result["hits"]) {
        const std::string snippet = hit["snippet"];
        std::string highlighted;
        for (const auto& range : hit["highlights"]) {
            highlighted +=
                snippet.substr(range[0].get<std::size_t>(),
                               range[1].get<std::size_t>() - range[0].get<std::size_t>()) +
                "|";
        }
        const std::string expected =
            hit["id"] == long_form ? "Army Tactical Missile System|" : "ATACMS|";
        BOOST_TEST(highlighted == expected, hit["id"] << ": " << snippet);
    }
}

BOOST_AUTO_TEST_CASE(a_pronoun_is_not_an_acronym) {
    // "us" in the third article is the pronoun: neither it nor "who" makes it a US or WHO
    // article, and the lower-case query word is not expanded.
    BOOST_TEST(made_up().search("us")["notes"].dump().find("aliases") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(unrelated_queries_find_what_they_found_without_aliases) {
    const Indexed without(made_up_corpus(), {"--aliases", data("empty.aliases")});
    for (const std::string query : {"missiles", "depot", "\"heating oil\"", "fired OR prices",
                                    "title:fares", "forces -bus"}) {
        // The same hits, in the same order, with the same scores.
        const auto hits = [&](const Indexed& db) {
            json out = json::array();
            const json result = db.search(query);
            for (const auto& hit : result["hits"]) {
                out.push_back({hit["id"], hit["score"], hit["snippet"], hit["highlights"]});
            }
            return out;
        };
        BOOST_TEST(hits(made_up()) == hits(without), query);
        BOOST_TEST((made_up().ids(query) == without.ids(query)), query);
        BOOST_TEST(made_up().search(query)["parsed_query"] ==
                   without.search(query)["parsed_query"]);
    }
    // Without aliases, each form finds only itself.
    BOOST_TEST((without.ids("ATACMS") == Ids{short_form}));
}

BOOST_AUTO_TEST_CASE(a_users_alias_file_replaces_the_builtin_one) {
    const Indexed own(made_up_corpus(), {"--aliases", data("own.aliases")});
    const Ids transit = own.ids("MTA");
    BOOST_TEST((transit == Ids{short_form, "corpus/transit.txt"}));
    BOOST_TEST((made_up().ids("MTA") == Ids{"corpus/transit.txt"}));
    BOOST_TEST((own.ids("ATACMS") == Ids{short_form}));
    // The database keeps its set: another one is refused, the same one accepted.
    const auto other = run_tool(index_exe, {"--db", own.db, "--quiet", "--aliases",
                                            data("empty.aliases"), made_up_corpus()});
    BOOST_TEST(other.exit_code == 65, other.describe());
    BOOST_TEST(other.err.find("alias set") != std::string::npos, other.err);
    BOOST_TEST(other.err.find("hint: ") != std::string::npos, other.err);
    const auto same = run_tool(
        index_exe, {"--db", own.db, "--quiet", "--aliases", data("own.aliases"), made_up_corpus()});
    BOOST_TEST(same.exit_code == 0, same.describe());
}

BOOST_AUTO_TEST_CASE(a_malformed_alias_file_is_a_usage_error_naming_its_line) {
    TempDir dir;
    const auto run = run_tool(
        index_exe, {"--db", dir / "db", "--aliases", data("bad.aliases"), made_up_corpus()});
    BOOST_TEST(run.exit_code == 64, run.describe());
    BOOST_TEST(run.err.find("news-index: error: " + data("bad.aliases") + ":3: ") !=
                   std::string::npos,
               run.err);
    BOOST_TEST(run.out.empty());
}

BOOST_AUTO_TEST_CASE(a_missing_alias_file_is_missing_input) {
    TempDir dir;
    const auto run = run_tool(
        index_exe, {"--db", dir / "db", "--aliases", data("no-such.aliases"), made_up_corpus()});
    BOOST_TEST(run.exit_code == 66, run.describe());
    BOOST_TEST(run.err.find("no-such.aliases") != std::string::npos, run.err);
}

BOOST_AUTO_TEST_SUITE_END()
