/// @file
/// @brief Unit tests: story_clusterer (shingle signatures of copies and unrelated texts, the
/// join decisions on made-up look-alike events, restore then assign, determinism, the stored
/// features and their checks, the memory cap).
#include "news/common/error.hpp"
#include "news/common/schema.hpp"
#include "news/indexer/story_clusterer.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <optional>
#include <string>
#include <vector>

namespace {

namespace st = news::indexer::stories;

news::Article article(std::string id, std::string title, std::string body,
                      std::optional<news::Date> date = std::nullopt) {
    news::Article a;
    a.id = std::move(id);
    a.title = std::move(title);
    a.body = std::move(body);
    a.date = date;
    return a;
}

// Two events of one kind (two earthquakes), a rewrite of the first, a syndicated copy of it,
// and an unrelated story.
const news::Article quake_talvora = article(
    "wire/1", "Earthquake kills 42 in Talvora",
    "A magnitude 6.1 earthquake struck near the city of Talvora in Merrin Province on Tuesday, "
    "killing at least 42 people and injuring 310, officials said. Rescue teams from the Red "
    "Crescent searched collapsed buildings overnight. Governor Aslan Durek said the death toll "
    "could rise as roads to the mountain villages reopen. The quake was felt in the capital, "
    "Ostrava, 200 kilometres away.");
const news::Article quake_talvora_rewrite =
    article("paper/7", "Talvora quake: death toll reaches 42",
            "At least 42 people died when a 6.1-magnitude quake hit Talvora, in Merrin Province, "
            "Governor Aslan Durek told reporters on Tuesday. More than 310 were hurt. Red Crescent "
            "volunteers dug through rubble, and Durek warned that remote villages had not yet been "
            "reached.");
const news::Article quake_talvora_copy = article(
    "portal/3", "Earthquake kills 42 in Talvora",
    "A magnitude 6.1 earthquake struck near the city of Talvora in Merrin Province on Tuesday, "
    "killing at least 42 people and injuring 310, officials said. Rescue teams from the Red "
    "Crescent searched collapsed buildings overnight. Governor Aslan Durek said the death toll "
    "could rise as roads to the mountain villages reopen. The quake was felt in the capital, "
    "Ostrava, 200 kilometres away. (Reporting by wire staff)");
const news::Article quake_morrenz = article(
    "wire/2", "Earthquake kills 17 in Morrenz",
    "A magnitude 5.4 earthquake struck near the town of Morrenz in Kestel Province on Friday, "
    "killing at least 17 people and injuring 85, officials said. Rescue teams searched "
    "collapsed buildings overnight. Mayor Ilse Varga said the death toll could rise as roads "
    "to the villages reopen.");
const news::Article acquisition = article(
    "wire/4", "Norbeck to buy Castell Foods for $2.3 billion",
    "Norbeck Group agreed to buy Castell Foods for $2.3 billion in cash, the companies said on "
    "Monday, creating the largest frozen-food maker in Europe. Castell shareholders will get "
    "48 euros a share.");

st::Assignment assign(st::Clusterer& clusterer, const news::Article& a) {
    return clusterer.assign(a.id, st::extract_features(a));
}

} // namespace

BOOST_AUTO_TEST_SUITE(story_clusterer)

BOOST_AUTO_TEST_CASE(shingle_signatures_tell_copies_from_rewrites_and_other_texts) {
    struct Row {
        const news::Article* other;
        double at_least;
        double at_most;
    };
    const auto original = st::extract_features(quake_talvora);
    const std::vector<Row> rows{
        {&quake_talvora, 1.0, 1.0},         {&quake_talvora_copy, 0.7, 1.0},
        {&quake_talvora_rewrite, 0.0, 0.3}, {&quake_morrenz, 0.0, 0.6},
        {&acquisition, 0.0, 0.1},
    };
    for (const auto& row : rows) {
        const double similarity =
            st::shingle_similarity(*original, *st::extract_features(*row.other));
        BOOST_TEST_CONTEXT(row.other->id) {
            BOOST_TEST(similarity >= row.at_least);
            BOOST_TEST(similarity <= row.at_most);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_rewrite_joins_and_a_look_alike_event_stays_apart) {
    st::Clusterer clusterer;
    const auto first = assign(clusterer, quake_talvora);
    BOOST_TEST(first.story_id == news::schema::story_id(quake_talvora.id));
    BOOST_TEST(first.copy_of.empty());
    const auto other_quake = assign(clusterer, quake_morrenz);
    BOOST_TEST(other_quake.story_id == news::schema::story_id(quake_morrenz.id));
    const auto unrelated = assign(clusterer, acquisition);
    BOOST_TEST(unrelated.story_id == news::schema::story_id(acquisition.id));
    const auto rewrite = assign(clusterer, quake_talvora_rewrite);
    BOOST_TEST(rewrite.story_id == first.story_id);
    BOOST_TEST(rewrite.copy_of.empty());
    const auto copy = assign(clusterer, quake_talvora_copy);
    BOOST_TEST(copy.story_id == first.story_id);
    BOOST_TEST(copy.copy_of == quake_talvora.id);
    BOOST_TEST(clusterer.size() == 5U);
}

BOOST_AUTO_TEST_CASE(dated_articles_far_apart_stay_apart_and_close_ones_join) {
    struct Row {
        news::Date second;
        bool joins;
    };
    const std::vector<Row> rows{
        {{2024, 3, 12}, true},
        {{2024, 3, 17}, true},
        {{2024, 4, 20}, false},
        {{2023, 3, 12}, false},
    };
    for (const auto& row : rows) {
        st::Clusterer clusterer;
        auto first = quake_talvora;
        first.date = news::Date{2024, 3, 12};
        auto second = quake_talvora_rewrite;
        second.date = row.second;
        const auto a = assign(clusterer, first);
        const auto b = assign(clusterer, second);
        BOOST_TEST_CONTEXT(
            fmt::format("{}-{}-{}", row.second.year, row.second.month, row.second.day)) {
            BOOST_TEST((a.story_id == b.story_id) == row.joins);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_new_article_joins_a_story_restored_from_stored_features) {
    std::string stored;
    std::string story;
    {
        st::Clusterer first_run;
        story = assign(first_run, quake_talvora).story_id;
        stored = st::serialise(*st::extract_features(quake_talvora));
    }
    st::Clusterer second_run;
    const auto features = st::unserialise(stored);
    BOOST_REQUIRE(features != nullptr);
    second_run.restore(quake_talvora.id, features, story, "");
    BOOST_TEST(second_run.size() == 1U);
    BOOST_TEST(assign(second_run, quake_talvora_rewrite).story_id == story);
    // The same article again, unchanged: it keeps its assignment.
    const auto again = second_run.assign(quake_talvora.id, st::unserialise(stored));
    BOOST_TEST(again.story_id == story);
    BOOST_TEST(second_run.size() == 2U);
}

BOOST_AUTO_TEST_CASE(the_same_calls_give_the_same_stories) {
    const std::vector<news::Article> input{quake_talvora, quake_morrenz, acquisition,
                                           quake_talvora_rewrite, quake_talvora_copy};
    const auto run = [&] {
        st::Clusterer clusterer;
        std::vector<std::string> out;
        for (const auto& a : input) {
            const auto assignment = assign(clusterer, a);
            out.push_back(assignment.story_id + "/" + assignment.copy_of);
        }
        return out;
    };
    const auto first = run();
    BOOST_TEST(first == run());
}

BOOST_AUTO_TEST_CASE(forgotten_articles_are_no_longer_candidates) {
    st::Clusterer clusterer;
    const auto founder = assign(clusterer, quake_talvora);
    clusterer.forget(quake_talvora.id);
    BOOST_TEST(clusterer.size() == 0U);
    BOOST_TEST(clusterer.memory_bytes() == 0U);
    BOOST_TEST(assign(clusterer, quake_talvora_rewrite).story_id != founder.story_id);
}

BOOST_AUTO_TEST_CASE(stored_features_round_trip_and_stay_small_for_a_huge_article) {
    for (const auto* a : {&quake_talvora, &acquisition}) {
        const std::string stored = st::serialise(*st::extract_features(*a));
        const auto back = st::unserialise(stored);
        BOOST_REQUIRE(back != nullptr);
        BOOST_TEST(st::serialise(*back) == stored);
    }
    std::string huge;
    for (std::size_t i = 0; huge.size() < (std::size_t{10} << 20U); ++i) {
        huge += fmt::format("Paragraph {} names Person{} in City{} and counts {} items. ", i,
                            i % 977, i % 613, i);
    }
    const std::string stored =
        st::serialise(*st::extract_features(article("big", "Huge", std::move(huge))));
    BOOST_TEST(stored.size() <= 300U);
}

BOOST_AUTO_TEST_CASE(damaged_or_foreign_features_are_rejected) {
    const std::string good = st::serialise(*st::extract_features(quake_talvora));
    BOOST_REQUIRE(st::unserialise(good) != nullptr);
    std::string wrong_version = good;
    wrong_version[0] = '\x7f';
    std::string bad_kind = good;
    bad_kind.back() = '\x09';
    std::string unsorted = good;
    // The first two terms' hashes swapped: no longer in order.
    constexpr std::size_t header = 83;
    std::swap_ranges(unsorted.begin() + header, unsorted.begin() + header + 4,
                     unsorted.begin() + header + 6);
    const std::vector<std::pair<std::string, std::string>> rows{
        {"empty", ""},
        {"old text digest", "12345678901234567890"},
        {"wrong version", wrong_version},
        {"truncated", good.substr(0, good.size() - 1)},
        {"trailing byte", good + "x"},
        {"bad term kind", bad_kind},
        {"unsorted terms", unsorted},
    };
    for (const auto& [name, data] : rows) {
        BOOST_TEST_CONTEXT(name) {
            BOOST_TEST(st::unserialise(data) == nullptr);
        }
    }
}

BOOST_AUTO_TEST_CASE(the_memory_cap_evicts_the_oldest_and_keeps_the_newest) {
    constexpr std::size_t limit = 64 << 10;
    st::Clusterer clusterer;
    clusterer.set_memory_limit(limit);
    for (int i = 0; i < 400; ++i) {
        const auto a = article(fmt::format("gen/{}", i), fmt::format("Report {} on Item{}", i, i),
                               fmt::format("Officials in Town{} counted {} cases of Thing{} on "
                                           "day {}, said Agency{}.",
                                           i, 1000 + i, i, i, i));
        static_cast<void>(assign(clusterer, a));
        BOOST_TEST(clusterer.memory_bytes() <= limit);
    }
    BOOST_TEST(clusterer.size() < 400U);
    BOOST_TEST(clusterer.size() > 10U);
    // The newest are still candidates: a copy of the last one is found.
    const auto last = article("gen/399", "Report 399 on Item399",
                              "Officials in Town399 counted 1399 cases of Thing399 on day 399, "
                              "said Agency399.");
    auto copy = last;
    copy.id = "copy/399";
    BOOST_TEST(assign(clusterer, copy).copy_of == last.id);
    // The oldest are not.
    auto old = article("gen/0", "Report 0 on Item0",
                       "Officials in Town0 counted 1000 cases of Thing0 on day 0, said Agency0.");
    old.id = "copy/0";
    BOOST_TEST(assign(clusterer, old).copy_of.empty());
}

BOOST_AUTO_TEST_CASE(parameters_are_set_by_name_and_bad_ones_refused) {
    st::Parameters parameters;
    st::set_parameter(parameters, "join_similarity=0.5");
    st::set_parameter(parameters, "date_window_days=3");
    BOOST_TEST(parameters.join_similarity == 0.5);
    BOOST_TEST(parameters.date_window_days == 3);
    for (const char* bad : {"join_similarity", "nope=1", "join_similarity=x",
                            "date_window_days=1.5", "copy_similarity=-1"}) {
        BOOST_TEST_CONTEXT(bad) {
            BOOST_CHECK_THROW(st::set_parameter(parameters, bad), news::Error);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
