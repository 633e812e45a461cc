/// @file
/// @brief End-to-end tests of named entities: news-index --no-entities and its summary, the
/// recorded choice, news-search's entity facets and filters, "entities" on every --json hit and
/// in --export, and --show (text, JSON, unknown id). Properties only: nothing here depends on
/// which entities the built-in extractor finds (tests/unit/test_entities_index.cpp checks the
/// values, with a finder of its own).
#include "support/indexed_db.hpp"
#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include "support/text_match.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace {

using news::test::contains;
using news::test::run_tool;
using nlohmann::json;

const std::string index_exe = NEWS_INDEX_EXE;
const std::string id_003 = "sample/003_64758854870b4056.txt";

std::string sample() {
    return (news::test::source_dir() / "corpus/sample").string();
}

json summary_of(const std::string& out) {
    std::istringstream lines(out);
    json last;
    for (std::string line; std::getline(lines, line);) {
        last = json::parse(line);
    }
    return last;
}

void check_entities_object(const json& entities) {
    BOOST_TEST_REQUIRE(entities.is_object(), entities.dump());
    for (const auto* kind : {"person", "place", "org"}) {
        BOOST_TEST(entities.at(kind).is_array(), entities.dump());
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(entities_cli)

BOOST_AUTO_TEST_CASE(the_summary_says_whether_entities_were_extracted) {
    news::test::TempDir dir;
    const auto on = run_tool(index_exe, {"--db", dir / "on", "--json", sample()});
    BOOST_TEST_REQUIRE(on.exit_code == 0, on.describe());
    BOOST_TEST(summary_of(on.out).at("entities").at("enabled") == true);
    const auto off =
        run_tool(index_exe, {"--db", dir / "off", "--json", "--no-entities", sample()});
    BOOST_TEST_REQUIRE(off.exit_code == 0, off.describe());
    const json entities = summary_of(off.out).at("entities");
    BOOST_TEST(entities.at("enabled") == false);
    BOOST_TEST(entities.at("articles") == 0);
    const auto text = run_tool(index_exe, {"--db", dir / "off2", "--no-entities", sample()});
    BOOST_TEST(contains(text.err, "news-index: entities: off (--no-entities"), text.err);
}

BOOST_AUTO_TEST_CASE(no_entities_leaves_no_entity_anywhere_and_is_remembered) {
    const news::test::IndexedDb db({sample()}, {"--no-entities"});
    const json result = db.search_json({"ukraine", "--facet", "entity.person", "--facet",
                                        "entity.place", "--facet", "entity.org"});
    BOOST_TEST_REQUIRE(!result.at("hits").empty());
    for (const auto& hit : result.at("hits")) {
        check_entities_object(hit.at("entities"));
        for (const auto* kind : {"person", "place", "org"}) {
            BOOST_TEST(hit.at("entities").at(kind).empty());
        }
    }
    for (const auto& [name, values] : result.at("facets").items()) {
        BOOST_TEST(values.empty(), name);
    }
    // A later run without the flag keeps the recorded choice.
    const auto again = run_tool(index_exe, {"--db", db.db, "--json", sample()});
    BOOST_TEST_REQUIRE(again.exit_code == 0, again.describe());
    BOOST_TEST(summary_of(again.out).at("entities").at("enabled") == false);
    const json shown = db.search_json({"--show", id_003});
    BOOST_TEST(shown.at("entities_extracted") == false);
}

BOOST_AUTO_TEST_CASE(no_entities_on_a_database_with_entities_is_refused) {
    const news::test::IndexedDb db({sample()});
    const auto run = run_tool(index_exe, {"--db", db.db, "--no-entities", sample()});
    BOOST_TEST(run.exit_code == 65, run.describe());
    BOOST_TEST(contains(run.err, "news-index: error:"), run.err);
    BOOST_TEST(contains(run.err, "--overwrite --no-entities"), run.err);
    // --overwrite with the flag rebuilds without them.
    const auto rebuilt =
        run_tool(index_exe, {"--db", db.db, "--overwrite", "--no-entities", "--json", sample()});
    BOOST_TEST_REQUIRE(rebuilt.exit_code == 0, rebuilt.describe());
    BOOST_TEST(summary_of(rebuilt.out).at("entities").at("enabled") == false);
}

BOOST_AUTO_TEST_CASE(every_hit_carries_entities_and_each_facet_value_filters_to_its_count) {
    const news::test::IndexedDb db({sample()});
    const json result =
        db.search_json({"ukraine OR russia", "--facet", "entity.person", "--facet", "entity.place",
                        "--facet", "entity.org", "--facet-limit", "0"});
    BOOST_TEST_REQUIRE(!result.at("hits").empty());
    for (const auto& hit : result.at("hits")) {
        check_entities_object(hit.at("entities"));
    }
    for (const auto& [name, values] : result.at("facets").items()) {
        for (const auto& value : values) {
            const json filtered =
                db.search_json({"ukraine OR russia", "--filter",
                                name + "=" + value.at("value").get<std::string>(), "-n", "0"});
            BOOST_TEST(filtered.at("total").at("estimate") == value.at("count"),
                       name << "=" << value.at("value"));
        }
    }
}

BOOST_AUTO_TEST_CASE(entity_fields_parse_as_fields) {
    const news::test::IndexedDb db({sample()});
    const json result = db.search_json({"person:\"donald trump\" OR place:kursk OR org:nato"});
    const std::string parsed = result.at("parsed_query");
    BOOST_TEST(contains(parsed, "XENPdonald"), parsed);
    BOOST_TEST(contains(parsed, "XENLkursk"), parsed);
    BOOST_TEST(contains(parsed, "XENOnato"), parsed);
}

BOOST_AUTO_TEST_CASE(export_has_the_entities_field) {
    const news::test::IndexedDb db({sample()});
    const auto jsonl = db.search({"ukraine", "--export", "jsonl", "--fields", "id,entities"});
    BOOST_TEST_REQUIRE(jsonl.exit_code == 0, jsonl.describe());
    std::istringstream lines(jsonl.out);
    std::size_t rows = 0;
    for (std::string line; std::getline(lines, line); ++rows) {
        check_entities_object(json::parse(line).at("entities"));
    }
    BOOST_TEST(rows > 0U);
    const auto csv = db.search({"ukraine", "--export", "csv", "--fields", "id,entities"});
    BOOST_TEST_REQUIRE(csv.exit_code == 0, csv.describe());
    BOOST_TEST(csv.out.substr(0, csv.out.find('\n')) ==
               "id,entity.person,entity.place,entity.org\r");
    // Every row has the four columns (ids of the sample have no comma, empty lists are empty).
    std::istringstream csv_lines(csv.out);
    for (std::string line; std::getline(csv_lines, line);) {
        BOOST_TEST(std::count(line.begin(), line.end(), ',') >= 3, line);
    }
}

BOOST_AUTO_TEST_CASE(show_prints_one_article_in_text_and_json) {
    const news::test::IndexedDb db({sample()});
    const auto text = db.search({"--show", id_003});
    BOOST_TEST_REQUIRE(text.exit_code == 0, text.describe());
    BOOST_TEST(contains(text.out, "id:         " + id_003), text.out);
    BOOST_TEST(contains(text.out, "entities:"), text.out);
    BOOST_TEST(contains(text.out, "story:      s"), text.out);
    BOOST_TEST(contains(text.out, "ATACMS"), text.out);
    std::istringstream lines(text.out);
    for (std::string line; std::getline(lines, line);) {
        BOOST_TEST(line.size() <= 90U, line); // 80 columns; a few multi-byte characters
    }
    const json shown = db.search_json({"--show", id_003});
    BOOST_TEST(shown.at("format_version") == 1);
    BOOST_TEST(shown.at("id") == id_003);
    BOOST_TEST(shown.at("entities_extracted") == true);
    check_entities_object(shown.at("entities"));
    BOOST_TEST(shown.at("story").at("size").get<int>() >= 1);
    BOOST_TEST(contains(shown.at("text").get<std::string>(), "Army Tactical Missile System"));
}

BOOST_AUTO_TEST_CASE(show_of_an_unknown_id_exits_66_and_names_it) {
    const news::test::IndexedDb db({sample()});
    const auto run = db.search({"--show", "no/such/article"});
    BOOST_TEST(run.exit_code == 66, run.describe());
    BOOST_TEST(contains(run.err, "news-search: error: --show: no article with id "
                                 "'no/such/article'"),
               run.err);
    BOOST_TEST(run.out.empty());
    const auto with_query = db.search({"ukraine", "--show", id_003});
    BOOST_TEST(with_query.exit_code == 64, with_query.describe());
}

// The bundled sample is one story told by five outlets: its people, places and the weapon it is
// about lead the entity facets, in their full forms.
BOOST_AUTO_TEST_CASE(the_sample_s_top_entities_are_its_people_places_and_weapon) {
    const news::test::IndexedDb db({sample()});
    const json result = db.search_json({"ukraine", "-n", "0", "--facet", "entity.person", "--facet",
                                        "entity.place", "--facet", "entity.org"});
    const auto top = [&](const char* facet) {
        std::vector<std::string> values;
        for (const auto& value : result.at("facets").at(facet)) {
            values.push_back(value.at("value").get<std::string>());
        }
        return values;
    };
    const auto has = [](const std::vector<std::string>& values, const std::string& value) {
        return std::find(values.begin(), values.end(), value) != values.end();
    };
    const auto people = top("entity.person");
    for (const auto* name : {"Joe Biden", "Donald Trump", "Vladimir Putin"}) {
        BOOST_TEST(has(people, name), name);
    }
    const auto places = top("entity.place");
    for (const auto* name : {"Kursk", "North Korea", "Ukraine", "Russia", "United States"}) {
        BOOST_TEST(has(places, name), name);
    }
    BOOST_TEST(has(top("entity.org"), "ATACMS"));
    // No variant is counted apart from its full form, and no junk word is a value.
    for (const auto* junk : {"Biden", "Trump", "Putin", "U.S.", "US", "The", "Monday"}) {
        BOOST_TEST(!has(people, junk), junk);
        BOOST_TEST(!has(places, junk), junk);
    }
}

// Made-up articles with the cases extraction gets wrong (tests/data/entities/README.md).
BOOST_AUTO_TEST_CASE(headlines_months_possessives_and_hyphens_give_the_right_names) {
    const std::string traps = (news::test::source_dir() / "tests/data/entities").string();
    const news::test::IndexedDb db({traps});
    const auto entities_of = [&](const std::string& id) {
        const auto run = db.search({"--show", id, "--json"});
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
        return json::parse(run.out).at("entities");
    };
    const auto has = [](const json& values, const std::string& value) {
        return std::find(values.begin(), values.end(), json(value)) != values.end();
    };
    // "May sales", "However", "PRIME MINISTER", "Monday": none is a name; Theresa May is one.
    const json may = entities_of("trap-may");
    BOOST_TEST(may.at("person") == json::array({"Theresa May"}), may.dump());
    BOOST_TEST(has(may.at("place"), "Sunderland"), may.dump());
    for (const auto* junk : {"May", "However", "Monday", "Prime Minister", "PRIME MINISTER"}) {
        for (const auto* kind : {"person", "place", "org"}) {
            BOOST_TEST(!has(may.at(kind), junk), kind << ": " << junk);
        }
    }
    // "Trump's" and "President Donald Trump" are one person, without the title or the 's.
    const json trump = entities_of("trap-possessive");
    BOOST_TEST(trump.at("person") == json::array({"Donald Trump"}), trump.dump());
    for (const auto* place : {"Washington", "Beijing", "Japan"}) {
        BOOST_TEST(has(trump.at("place"), place), place);
    }
    // A hyphenated name stays whole, and its possessive is the same person.
    const json juncker = entities_of("trap-hyphen");
    BOOST_TEST(juncker.at("person") == json::array({"Jean-Claude Juncker"}), juncker.dump());
    BOOST_TEST(has(juncker.at("org"), "European Commission"), juncker.dump());
    for (const auto* place : {"Brussels", "Germany", "France", "Frankfurt"}) {
        BOOST_TEST(has(juncker.at("place"), place), place);
    }
}

BOOST_AUTO_TEST_SUITE_END()
