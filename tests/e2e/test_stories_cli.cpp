/// @file
/// @brief End-to-end tests of news-search's stories: --group stories, --per-source, --stories,
/// --story (by story id and by article id), their errors, on the sample corpus and tests/data.
#include "support/indexed_db.hpp"
#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include "support/text_match.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using news::test::contains;
using news::test::run_tool;
using news::test::starts_with;
using nlohmann::json;

const std::string index_exe = NEWS_INDEX_EXE;

const std::string id_003 = "sample/003_64758854870b4056.txt";

using Indexed = news::test::IndexedDb;

std::string source_path(const std::string& relative) {
    return (news::test::source_dir() / relative).string();
}

struct Sample : Indexed {
    Sample() : Indexed({source_path("corpus/sample")}) {}
};

std::size_t widest_line(const std::string& text) {
    std::size_t widest = 0;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        widest = std::max(
            widest, static_cast<std::size_t>(std::count_if(line.begin(), line.end(), [](char c) {
                return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
            })));
    }
    return widest;
}

json without_elapsed(json j) {
    j.erase("elapsed_ms");
    return j;
}

} // namespace

BOOST_AUTO_TEST_SUITE(stories_cli)

BOOST_FIXTURE_TEST_CASE(group_stories_shows_each_story_once_and_counts_stories, Sample) {
    const auto plain = search_json({"\"North Korean troops\""});
    const auto grouped = search_json({"--group", "stories", "\"North Korean troops\""});
    BOOST_TEST(grouped["format_version"] == 2);
    BOOST_TEST(grouped["group"] == "stories");
    std::set<std::string> stories;
    for (const auto& hit : plain["hits"]) {
        BOOST_TEST_REQUIRE(hit["story"].is_object());
        stories.insert(hit["story"]["id"].get<std::string>());
    }
    BOOST_TEST(grouped["total"]["exact"] == true);
    BOOST_TEST(grouped["total"]["upper"] == stories.size());
    BOOST_TEST(grouped["hits"].size() == stories.size());
    std::set<std::string> shown;
    for (const auto& hit : grouped["hits"]) {
        for (const char* key : {"id", "size", "outlets", "first_date", "last_date", "matches"}) {
            BOOST_TEST(hit["story"].contains(key), key);
        }
        BOOST_TEST(shown.insert(hit["story"]["id"].get<std::string>()).second);
        BOOST_TEST(hit["story"]["matches"] <= hit["story"]["size"]);
    }
    // Text: the count is of stories and each hit has its story line.
    const auto text = search({"--group", "stories", "--no-snippets", "\"North Korean troops\""});
    BOOST_TEST_REQUIRE(text.exit_code == 0, text.describe());
    BOOST_TEST(contains(text.out, stories.size() == 1 ? "1 story matches" : "stories match"));
    BOOST_TEST(contains(text.out, "    story s"));
}

BOOST_FIXTURE_TEST_CASE(every_json_hit_carries_its_story, Sample) {
    const auto result = search_json({"ATACMS"});
    BOOST_TEST_REQUIRE(!result["hits"].empty());
    for (const auto& hit : result["hits"]) {
        BOOST_TEST_REQUIRE(hit["story"].is_object());
        BOOST_TEST(starts_with(hit["story"]["id"].get<std::string>(), "s"));
        BOOST_TEST(hit["story"]["size"] >= 1);
        BOOST_TEST(hit["story"]["outlets"].is_array());
    }
}

BOOST_FIXTURE_TEST_CASE(stories_lists_every_article_once_in_json, Sample) {
    const auto list = search_json({"--stories", "--all"});
    BOOST_TEST(list["format_version"] == 2);
    BOOST_TEST(list["limit"].is_null());
    std::set<std::string> ids;
    std::size_t total_size = 0;
    long previous = 1L << 30;
    for (const auto& story : list["stories"]) {
        for (const char* key :
             {"id", "headline", "size", "outlets", "first_date", "last_date", "article_ids"}) {
            BOOST_TEST(story.contains(key), key);
        }
        const long size = story["size"].get<long>();
        BOOST_TEST(size <= previous); // biggest first
        previous = size;
        total_size += static_cast<std::size_t>(size);
        BOOST_TEST(story["article_ids"].size() == static_cast<std::size_t>(size));
        for (const auto& id : story["article_ids"]) {
            BOOST_TEST(ids.insert(id.get<std::string>()).second, id);
        }
    }
    BOOST_TEST(list["total"] == list["stories"].size());
    BOOST_TEST(total_size == 5U);
    BOOST_TEST(ids.size() == 5U);
    BOOST_TEST(ids.count(id_003) == 1U);

    // Paged: the first two of the same list.
    const auto page = search_json({"--stories", "-n", "2"});
    BOOST_TEST_REQUIRE(page["stories"].size() == std::min<std::size_t>(2, list["total"]));
    BOOST_TEST(page["stories"][0]["id"] == list["stories"][0]["id"]);
    const auto next = search_json({"--stories", "-n", "2", "--offset", "1"});
    if (list["total"].get<std::size_t>() > 1) {
        BOOST_TEST(next["stories"][0]["id"] == list["stories"][1]["id"]);
    }
}

BOOST_FIXTURE_TEST_CASE(stories_with_a_query_lists_only_matching_stories, Sample) {
    const auto list = search_json({"--stories", "ATACMS"});
    const auto hits = search_json({"ATACMS"});
    std::set<std::string> expected;
    for (const auto& hit : hits["hits"]) {
        expected.insert(hit["story"]["id"].get<std::string>());
    }
    std::set<std::string> listed;
    for (const auto& story : list["stories"]) {
        listed.insert(story["id"].get<std::string>());
    }
    BOOST_TEST((listed == expected));
    BOOST_TEST(list["matches"] == hits["total"]["upper"]);
}

BOOST_FIXTURE_TEST_CASE(story_by_story_id_and_by_article_id_is_the_same_view, Sample) {
    const auto hits = search_json({"ATACMS", "range"});
    BOOST_TEST_REQUIRE(!hits["hits"].empty());
    const std::string article = hits["hits"][0]["id"];
    const std::string story = hits["hits"][0]["story"]["id"];
    const auto by_article = search_json({"--story", article});
    const auto by_story = search_json({"--story", story});
    BOOST_TEST(by_article["format_version"] == 2);
    BOOST_TEST((without_elapsed(by_article) == without_elapsed(by_story)));
    BOOST_TEST(by_story["story"]["id"] == story);
    BOOST_TEST(by_story["versions"].size() == by_story["story"]["size"]);
    bool found = false;
    for (const auto& version : by_story["versions"]) {
        found = found || version["id"] == article;
        BOOST_TEST(!version["label"].get<std::string>().empty());
        for (const char* key : {"id", "title", "source", "date", "copy_of", "distinctive_terms",
                                "distinctive_sentences"}) {
            BOOST_TEST(version.contains(key), key);
        }
    }
    BOOST_TEST(found);
    BOOST_TEST(by_story["claims"].is_array());

    const auto text = search({"--story", article});
    BOOST_TEST_REQUIRE(text.exit_code == 0, text.describe());
    BOOST_TEST(starts_with(text.out, "Story " + story));
    BOOST_TEST(contains(text.out, "Versions, in order of appearance"));
    BOOST_TEST(widest_line(text.out) <= 100U, text.out);
}

BOOST_FIXTURE_TEST_CASE(an_unknown_story_id_exits_66, Sample) {
    for (const std::string id : {"s000000000000", "no/such/article.txt"}) {
        const auto run = search({"--story", id});
        BOOST_TEST(run.exit_code == 66, run.describe());
        BOOST_TEST(starts_with(run.err, "news-search: error: --story '" + id + "'"), run.err);
        BOOST_TEST(run.out.empty());
    }
}

BOOST_FIXTURE_TEST_CASE(contradictory_story_options_are_usage_errors, Sample) {
    const std::vector<std::vector<std::string>> cases{
        {"--group", "stories", "--per-source", "2", "ukraine"},
        {"--group", "articles", "ukraine"},
        {"--story", id_003, "ukraine"},
        {"--story", id_003, "--stories"},
        {"--all", "ukraine"},
        {"--stories", "--export", "csv"},
        {"--facet-count", "outlets", "--facet", "source", "ukraine"},
    };
    for (const auto& args : cases) {
        const auto run = search(args);
        BOOST_TEST(run.exit_code == 64, run.describe());
        BOOST_TEST(starts_with(run.err, "news-search: error: "), run.err);
    }
}

BOOST_AUTO_TEST_CASE(per_source_caps_hits_per_outlet_on_mixed_data) {
    const Indexed data({source_path("tests/data/reuters"), source_path("tests/data/mixed"),
                        source_path("tests/data/fakenewsnet")});
    const auto all = data.search_json({"--any", "the OR a OR said OR and", "-n", "100"});
    const auto capped =
        data.search_json({"--any", "the OR a OR said OR and", "-n", "100", "--per-source", "1"});
    BOOST_TEST(capped["per_source"] == 1);
    std::set<std::string> outlets;
    std::size_t unknown = 0;
    for (const auto& hit : capped["hits"]) {
        if (hit["source"].is_null()) {
            ++unknown;
        } else {
            BOOST_TEST(outlets.insert(hit["source"].get<std::string>()).second, hit["source"]);
        }
    }
    BOOST_TEST(capped["total"]["upper"] == capped["hits"].size());
    BOOST_TEST(capped["total"]["upper"] < all["total"]["upper"]); // some outlet had two
    std::size_t all_unknown = 0;
    std::set<std::string> all_outlets;
    for (const auto& hit : all["hits"]) {
        if (hit["source"].is_null()) {
            ++all_unknown;
        } else {
            all_outlets.insert(hit["source"].get<std::string>());
        }
    }
    BOOST_TEST(unknown == all_unknown); // no outlet: never capped
    BOOST_TEST((outlets == all_outlets));
}

BOOST_AUTO_TEST_CASE(stories_of_tests_data_cover_every_article) {
    const Indexed data({source_path("tests/data/reuters"), source_path("tests/data/mixed")});
    const auto list = data.search_json({"--stories", "--all"});
    std::set<std::string> ids;
    for (const auto& story : list["stories"]) {
        for (const auto& id : story["article_ids"]) {
            BOOST_TEST(ids.insert(id.get<std::string>()).second, id);
        }
        BOOST_TEST(story["size"] == story["article_ids"].size());
    }
    const auto stats = data.search_json({"--stats"});
    BOOST_TEST(ids.size() == stats["articles"].get<std::size_t>());
}

BOOST_AUTO_TEST_CASE(a_database_without_stories_says_so) {
    const auto help = run_tool(index_exe, {"--help"});
    if (!contains(help.out, "--no-stories")) {
        BOOST_TEST_MESSAGE("skipped: this news-index has no --no-stories");
        return;
    }
    const Indexed data({source_path("corpus/sample")}, {"--no-stories"});
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--story", id_003}, {"--stories"}, {"--group", "stories", "ukraine"}}) {
        const auto run = data.search(args);
        BOOST_TEST(run.exit_code == 65, run.describe());
        BOOST_TEST(contains(run.err, "no stories"), run.err);
    }
    const auto plain = data.search_json({"ukraine"});
    BOOST_TEST_REQUIRE(!plain["hits"].empty());
    BOOST_TEST(plain["hits"][0]["story"].is_null());
}

BOOST_AUTO_TEST_SUITE_END()

// What the bundled sample must show once stories are clustered: its five articles are one story
// (the indexer's clustering) with the troop numbers the versions disagree on (the claim
// extractor).
BOOST_AUTO_TEST_SUITE(stories_sample_cli)

// Depends on the indexer's clustering: the five sample articles are one story.
BOOST_FIXTURE_TEST_CASE(sample_search_groups_into_one_story_of_five, Sample) {
    const auto grouped = search_json({"--group", "stories", "\"North Korean troops\""});
    BOOST_TEST(grouped["total"]["upper"] == 1);
    BOOST_TEST_REQUIRE(grouped["hits"].size() == 1U);
    BOOST_TEST(grouped["hits"][0]["story"]["size"] == 5);
    BOOST_TEST(grouped["hits"][0]["story"]["matches"] == 5);
    // Facets still count articles unless asked.
    const auto facets = search_json({"--group", "stories", "--facet", "story", "ukraine"});
    BOOST_TEST(facets["facets"]["story"][0]["count"] == 5);
    const auto by_story = search_json(
        {"--group", "stories", "--facet", "story", "--facet-count", "stories", "ukraine"});
    BOOST_TEST(by_story["facets"]["story"][0]["count"] == 1);
}

// Depends on the indexer's clustering: the sample is one story of five.
BOOST_FIXTURE_TEST_CASE(sample_stories_is_one_story_of_five, Sample) {
    const auto list = search_json({"--stories"});
    BOOST_TEST(list["total"] == 1);
    BOOST_TEST_REQUIRE(list["stories"].size() == 1U);
    BOOST_TEST(list["stories"][0]["size"] == 5);
}

// Depends on the indexer's clustering and the claim extractor: the acceptance case.
BOOST_FIXTURE_TEST_CASE(sample_story_view_shows_five_versions_and_the_troop_numbers, Sample) {
    const auto view = search_json({"--story", id_003});
    BOOST_TEST(view["versions"].size() == 5U);
    std::multiset<double> troop_values;
    bool range = false;
    for (const auto& group : view["claims"]) {
        for (const auto& value : group["values"]) {
            const double v = value["value"];
            const auto n = value["statements"].size();
            if (contains(group["thing"].get<std::string>(), "troop")) {
                if (v == 10000 || v == 12000) {
                    BOOST_TEST(n == 2U, "troops " << v);
                }
                troop_values.insert(v);
            }
            if (v == 190) {
                range = true;
                BOOST_TEST(n == 1U);
                BOOST_TEST(value["single_version"] == true);
            }
        }
    }
    BOOST_TEST(troop_values.count(10000) == 1U);
    BOOST_TEST(troop_values.count(12000) == 1U);
    BOOST_TEST(troop_values.count(100000) == 1U);
    BOOST_TEST(range);
}

BOOST_AUTO_TEST_SUITE_END()
