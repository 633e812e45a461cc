/// @file
/// @brief Unit tests: claims (quantities with what they count and their hedges; comparing the
/// versions of one story).
#include "news/searcher/claims.hpp"

#include "support/temp_dir.hpp"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace bdata = boost::unit_test::data;
namespace nc = news::searcher::claims;

// One claim a text must state: the quantity as written, its value, the thing, the hedge.
struct Row {
    std::string_view text;
    std::string_view quantity;
    double value;
    std::string_view thing;
    std::string_view hedge;
    std::string_view about = "";
};

std::ostream& operator<<(std::ostream& os, const Row& row) {
    return os << row.text;
}

const Row stated[] = {
    {"Pyongyang has sent about 10,000 North Korean troops to Russia.", "10,000", 10000,
     "North Korean troops", "about"},
    {"As many as 12,000 soldiers have been sent.", "12,000", 12000, "soldiers", "as many as"},
    {"Officials said approximately 12,000 North Korean troops are in Kursk.", "12,000", 12000,
     "North Korean troops", "approximately"},
    {"The number of troops could rise to 100,000.", "100,000", 100000, "troops", ""},
    {"A force of 10,000 crossed the border.", "10,000", 10000, "force", ""},
    {"The missiles have a range of about 190 miles.", "190", 190, "miles", "about", "range"},
    {"The ATACMS has a 190-mile range.", "190", 190, "mile", "", "range"},
    {"Congress approved $1.5 billion in aid.", "$1.5 billion", 1.5e9, "dollars", "", "aid"},
    {"The deal is worth \u00A3300m to the club.", "\u00A3300m", 3e8, "pounds", ""},
    {"Output rose to 12 million barrels.", "12 million", 12e6, "barrels", "", "Output"},
    {"Inflation rose 3.5 percent in March.", "3.5", 3.5, "percent", "", "Inflation"},
    {"Inflation rose 3.5% in March.", "3.5%", 3.5, "percent", "", "Inflation"},
    {"Unemployment fell to 5 pct from 6 pct.", "5", 5, "percent", "", "Unemployment"},
    {"The company earned 50 mln dlrs last year.", "50 mln", 50e6, "dlrs", ""},
    {"Two people were killed in the blast.", "Two", 2, "people", ""},
    {"Officials counted twenty-five thousand ballots.", "twenty-five thousand", 25000, "ballots",
     ""},
    {"She bought a dozen eggs.", "a dozen", 12, "eggs", ""},
    {"Some 500 workers went on strike.", "500", 500, "workers", "some"},
    {"More than 3,000 homes lost power.", "3,000", 3000, "homes", "more than"},
    {"At least 40 people died.", "40", 40, "people", "at least"},
    {"Fewer than 200 votes separated them.", "200", 200, "votes", "fewer than"},
    {"Nearly 1.2 million residents fled.", "1.2 million", 1.2e6, "residents", "nearly"},
    {"Roughly 70 flights were cancelled.", "70", 70, "flights", "roughly"},
    {"North Korea reportedly sent 500 engineers.", "500", 500, "engineers", "reportedly"},
    {"An estimated 8,000 fans attended.", "8,000", 8000, "fans", "an estimated"},
    {"It marked the nearly three-year conflict.", "three-year", 3, "year", "nearly", "conflict"},
    {"Between 10,000 and 12,000 troops are there.", "10,000 and 12,000", 10000, "troops", ""},
    {"The quake killed 1,200 people and injured 3,400 others.", "1,200", 1200, "people", ""},
    {"Five of the victims were children.", "Five", 5, "victims", ""},
    {"What about the 100,000-plus contractors?", "100,000", 100000, "contractors", "more than"},
    {"A 10,000-strong force crossed.", "10,000", 10000, "force", ""},
};

BOOST_AUTO_TEST_SUITE(claims)

BOOST_DATA_TEST_CASE(states_the_quantity_what_it_counts_and_its_hedge, bdata::make(stated), row) {
    const std::vector<nc::Claim> found = nc::extract(row.text);
    BOOST_TEST_REQUIRE(!found.empty(), "no claim in: " << row.text);
    const nc::Claim& c = found.front();
    BOOST_TEST(c.quantity == row.quantity);
    BOOST_TEST(c.value == row.value, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(c.thing == row.thing);
    BOOST_TEST(c.hedge == row.hedge);
    BOOST_TEST(c.about == row.about);
    BOOST_TEST(c.sentence == std::string(row.text));
    BOOST_TEST(c.sentence_offset == 0U);
    BOOST_TEST(row.text.substr(c.offset, c.quantity.size()) == c.quantity);
}

// Texts that state no claim: dates, years, times, labels, ids, ages, list numbers, vague
// amounts and pronouns.
const std::string_view unclaimed[] = {
    "The talks began on Nov. 17 in Geneva.",
    "In 2024, the plan changed.",
    "He spoke on Sunday, November 17, 2024, in Rome.",
    "They met on 17 November.",
    "The meeting starts at 10:30 a.m. and ends at 3 pm.",
    "It opens at 9 a.m. sharp.",
    "One of the people said the U.S. would act.",
    "Biden, 82, spoke to reporters.",
    "The bunny brought Jennifer Lopez\u2018s, 47, and Alex Rodriguez\u2019s, 41, kids together.",
    "Call 555-1234 for details.",
    "Her number is 020-7946-0958.",
    "The G20 met as COVID-19 spread and an F-16 flew.",
    "Version 2.1.3 shipped on time.",
    "It was the 17th attempt and the 3rd delay.",
    "Article 5 and World War 3 were mentioned.",
    "1. Strengthening Ukraine's defences comes first.",
    "The US gave tens of billions of dollars in aid.",
    "Thousands of troops and hundreds of tanks moved; dozens of people fled.",
    "Putin warned just two months ago that the war would widen.",
    "Music of the 1990s is back.",
    "An 82-year-old man was hurt.",
    "See page 5 and No. 7 in the list.",
    "The order id was 20241118 and the code 007.",
    "The Lakers won 3-1 on the night.",
    "Assessments by the Group of 20 nations differ.",
    "The two met in Paris.",
    "Dial (202) 555-0100 now.",
    "The plan, dated 11/18/2024, was leaked.",
};

BOOST_DATA_TEST_CASE(leaves_out_what_is_not_a_claim, bdata::make(unclaimed), text) {
    const std::vector<nc::Claim> found = nc::extract(text);
    for (const nc::Claim& c : found) {
        BOOST_TEST_MESSAGE("unexpected claim: " << c.quantity << " " << c.thing);
    }
    BOOST_TEST(found.empty(), "claims found in: " << text);
}

BOOST_AUTO_TEST_CASE(a_range_keeps_both_ends) {
    const auto found = nc::extract("Estimates put it at 10,000 to 12,000 troops.");
    BOOST_TEST_REQUIRE(found.size() == 1U);
    BOOST_TEST(found[0].quantity == "10,000 to 12,000");
    BOOST_TEST(found[0].value == 10000.0);
    BOOST_TEST(found[0].high == 12000.0);
    BOOST_TEST(found[0].thing == "troops");
}

BOOST_AUTO_TEST_CASE(a_change_from_one_value_to_another_is_two_values_not_a_range) {
    const auto found = nc::extract("Shares fell from $28 to $24.");
    BOOST_TEST_REQUIRE(found.size() == 2U);
    BOOST_TEST(found[0].high == found[0].value);
    BOOST_TEST(found[0].value == 28.0);
    BOOST_TEST(found[1].value == 24.0);
}

BOOST_AUTO_TEST_CASE(a_conversion_in_brackets_is_a_claim_of_its_own_unit) {
    const auto found = nc::extract("The missiles reach about 190 miles (300 km).");
    BOOST_TEST_REQUIRE(found.size() == 2U);
    BOOST_TEST(found[0].thing_key == "mile");
    BOOST_TEST(found[1].thing_key == "kilometre");
    BOOST_TEST(found[1].value == 300.0);
}

BOOST_AUTO_TEST_CASE(thing_keys_are_folded_singular_and_map_synonyms) {
    const auto a = nc::extract("About 10,000 North Korean Soldiers arrived.");
    const auto b = nc::extract("About 10,000 north korean troops arrived.");
    const auto c = nc::extract("About 40 Pok\u00E9mon cards and 3 companies and 4 people.");
    BOOST_TEST_REQUIRE(a.size() == 1U);
    BOOST_TEST_REQUIRE(b.size() == 1U);
    BOOST_TEST(a[0].thing_key == "north korean troop");
    BOOST_TEST(b[0].thing_key == "north korean troop");
    BOOST_TEST_REQUIRE(c.size() == 3U);
    BOOST_TEST(c[0].thing_key == "pokemon card");
    BOOST_TEST(c[1].thing_key == "company");
    BOOST_TEST(c[2].thing_key == "person");
}

BOOST_AUTO_TEST_CASE(expectations_are_marked_as_projected) {
    const auto found = nc::extract(
        "North Korea could eventually send as many as 100,000 troops. It has sent 10,000 troops.");
    BOOST_TEST_REQUIRE(found.size() == 2U);
    BOOST_TEST(found[0].projected);
    BOOST_TEST(found[0].hedge == "as many as");
    BOOST_TEST(!found[1].projected);
}

BOOST_AUTO_TEST_CASE(sentences_survive_abbreviations_titles_months_and_decimals) {
    const std::string text = "The U.S. Secretary met Mr. Smith on Nov. 17 about 4 tankers. Prices "
                             "rose 3.5 percent to 2.75 dlrs. He went to the U.S. The talks drew "
                             "50 envoys.";
    const auto found = nc::extract(text);
    BOOST_TEST_REQUIRE(found.size() == 4U);
    BOOST_TEST(found[0].sentence == "The U.S. Secretary met Mr. Smith on Nov. 17 about 4 tankers.");
    BOOST_TEST(found[0].value == 4.0);
    BOOST_TEST(found[1].sentence == "Prices rose 3.5 percent to 2.75 dlrs.");
    BOOST_TEST(found[1].sentence_offset == text.find("Prices"));
    BOOST_TEST(found[2].value == 2.75);
    BOOST_TEST(found[3].sentence == "The talks drew 50 envoys.");
    BOOST_TEST(found[3].sentence_offset == text.find("The talks"));
}

BOOST_AUTO_TEST_CASE(hard_wrapped_lines_stay_one_sentence_and_paragraphs_split) {
    const std::string text = "The company will pay 41.3 mln\ndlrs to holders.\n\nIt employs 300 "
                             "people\n    Net 1,389,000 vs 1,412,000";
    const auto found = nc::extract(text);
    BOOST_TEST_REQUIRE(found.size() >= 2U);
    BOOST_TEST(found[0].quantity == "41.3 mln");
    BOOST_TEST(found[0].thing == "dlrs");
    BOOST_TEST(found[0].sentence == "The company will pay 41.3 mln dlrs to holders.");
    BOOST_TEST(found[1].thing == "people");
    BOOST_TEST(found[1].sentence == "It employs 300 people");
}

BOOST_AUTO_TEST_CASE(empty_and_number_free_text_give_nothing) {
    BOOST_TEST(nc::extract("").empty());
    BOOST_TEST(nc::extract("No numbers here at all.").empty());
    BOOST_TEST(nc::extract("\xFF\xFE 12").size() <= 1U); // invalid bytes do not crash
}

// The claims of @p texts as versions.
std::vector<std::vector<nc::Claim>> versions_of(const std::vector<std::string>& texts) {
    std::vector<std::vector<nc::Claim>> out;
    out.reserve(texts.size());
    for (const std::string& t : texts) {
        out.push_back(nc::extract(t));
    }
    return out;
}

// The versions that state @p value in @p group.
std::set<std::size_t> stating(const nc::ClaimGroup& group, double value) {
    std::set<std::size_t> out;
    for (const nc::StatedValue& v : group.values) {
        if (v.value == value) {
            for (const nc::Statement& s : v.statements) {
                out.insert(s.version);
            }
        }
    }
    return out;
}

const nc::ClaimGroup* find_group(const std::vector<nc::ClaimGroup>& groups, std::string_view key,
                                 bool projected = false) {
    const auto it = std::find_if(groups.begin(), groups.end(), [&](const nc::ClaimGroup& g) {
        return g.key == key && g.projected == projected;
    });
    return it == groups.end() ? nullptr : &*it;
}

BOOST_AUTO_TEST_CASE(the_sample_story_disagrees_on_north_korean_troops) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry :
         std::filesystem::directory_iterator(news::test::source_dir() / "corpus" / "sample")) {
        if (entry.path().extension() == ".txt") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    BOOST_TEST_REQUIRE(files.size() == 5U);
    std::vector<std::string> texts;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::ostringstream body;
        body << in.rdbuf();
        texts.push_back(body.str());
    }
    const auto groups = nc::compare(versions_of(texts));
    BOOST_TEST_REQUIRE(!groups.empty());

    // 10,000 (003, 004) against 12,000 (000, 001): the first group, a disagreement.
    const nc::ClaimGroup& troops = groups.front();
    BOOST_TEST(troops.key == "north korean troop");
    BOOST_TEST(troops.thing == "North Korean troops");
    BOOST_TEST(troops.disagrees);
    BOOST_TEST(troops.versions == 4U);
    BOOST_TEST_REQUIRE(troops.values.size() == 2U);
    BOOST_TEST((stating(troops, 10000) == std::set<std::size_t>{3, 4}));
    BOOST_TEST((stating(troops, 12000) == std::set<std::size_t>{0, 1}));
    BOOST_TEST(troops.values[0].value == 10000.0); // equal counts: smaller value first
    BOOST_TEST(troops.values[0].hedge == "approximately");
    BOOST_TEST(troops.values[1].hedge == "as many as");

    // Up to 100,000 eventually (000, 001, 002): an expectation, shared, not a disagreement.
    const nc::ClaimGroup* eventual = find_group(groups, "troop", true);
    BOOST_TEST_REQUIRE(eventual != nullptr);
    BOOST_TEST(!eventual->disagrees);
    BOOST_TEST((stating(*eventual, 100000) == std::set<std::size_t>{0, 1, 2}));
    BOOST_TEST(eventual->values.size() == 1U);

    // The ATACMS range of about 190 miles, in 003 only.
    const nc::ClaimGroup* range = find_group(groups, "mile / range");
    BOOST_TEST_REQUIRE(range != nullptr);
    BOOST_TEST(range->about == "range");
    BOOST_TEST(range->versions == 1U);
    BOOST_TEST((stating(*range, 190) == std::set<std::size_t>{3}));
    BOOST_TEST(range->values[0].hedge == "about");
    BOOST_TEST(range->values[0].statements[0].claim.sentence.find("ATACMS") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_bare_noun_joins_its_only_modified_form) {
    const auto groups = nc::compare(versions_of(
        {"About 10,000 North Korean troops are in Kursk.", "Some 12,000 troops are in Kursk."}));
    BOOST_TEST_REQUIRE(groups.size() == 1U);
    BOOST_TEST(groups[0].key == "north korean troop");
    BOOST_TEST(groups[0].disagrees);
}

BOOST_AUTO_TEST_CASE(a_bare_noun_with_two_modified_forms_stays_apart) {
    const auto groups = nc::compare(
        versions_of({"About 10,000 North Korean troops and 50,000 Russian troops are there.",
                     "Some 12,000 troops are there."}));
    BOOST_TEST(groups.size() == 3U);
    BOOST_TEST(find_group(groups, "troop") != nullptr);
}

BOOST_AUTO_TEST_CASE(different_units_never_merge) {
    const auto groups = nc::compare(
        versions_of({"The range is 190 miles.", "The range is 300 km.", "It cost $300 million."}));
    BOOST_TEST(groups.size() == 3U);
    for (const auto& g : groups) {
        BOOST_TEST(!g.disagrees);
        BOOST_TEST(g.versions == 1U);
    }
}

BOOST_AUTO_TEST_CASE(hedges_do_not_make_values_differ_and_ranges_hold_their_points) {
    const auto groups = nc::compare(
        versions_of({"About 10,000 troops came.", "10,000 troops came.",
                     "Up to 10,000 troops came.", "Between 9,000 and 11,000 troops came."}));
    BOOST_TEST_REQUIRE(groups.size() == 1U);
    BOOST_TEST(!groups[0].disagrees);
    BOOST_TEST_REQUIRE(groups[0].values.size() == 2U);
    BOOST_TEST(groups[0].values[0].statements.size() == 3U);
    BOOST_TEST(groups[0].values[0].hedge == "about");
    BOOST_TEST(groups[0].values[1].high == 11000.0);
}

BOOST_AUTO_TEST_CASE(one_version_stating_two_values_is_not_a_disagreement) {
    const auto groups =
        nc::compare(versions_of({"It sent 10,000 troops, then 12,000 troops more."}));
    BOOST_TEST_REQUIRE(groups.size() == 1U);
    BOOST_TEST(!groups[0].disagrees);
}

BOOST_AUTO_TEST_CASE(disagreements_come_first_then_shared_then_single_then_unknown) {
    const auto groups = nc::compare(versions_of({
        "It has 40 ships. It has 7 planes. Officials put the total at 99,999.",
        "It has 40 ships. It has 9 planes. It has 3 bases.",
        "It has 9 planes. It has 2 ports.",
    }));
    BOOST_TEST_REQUIRE(groups.size() == 5U);
    BOOST_TEST(groups[0].key == "plane");
    BOOST_TEST(groups[0].disagrees);
    BOOST_TEST(groups[0].values[0].value == 9.0); // two versions first
    BOOST_TEST(groups[1].key == "ship");
    BOOST_TEST(groups[2].key == "base"); // single-version ties by key
    BOOST_TEST(groups[3].key == "port");
    BOOST_TEST(groups[4].key.empty());
    BOOST_TEST(!groups[4].disagrees);
    // The same input gives the same order.
    const auto again = nc::compare(versions_of({
        "It has 40 ships. It has 7 planes. Officials put the total at 99,999.",
        "It has 40 ships. It has 9 planes. It has 3 bases.",
        "It has 9 planes. It has 2 ports.",
    }));
    BOOST_TEST_REQUIRE(again.size() == groups.size());
    for (std::size_t i = 0; i < groups.size(); ++i) {
        BOOST_TEST(again[i].key == groups[i].key);
    }
}

BOOST_AUTO_TEST_CASE(no_versions_give_no_groups) {
    BOOST_TEST(nc::compare({}).empty());
    BOOST_TEST(nc::compare({{}, {}}).empty());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace
