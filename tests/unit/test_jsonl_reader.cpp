/// @file
/// @brief Unit tests: jsonl_reader (one JSON Lines record to an Article or a Rejection).
#include "news/common/date.hpp"
#include "news/readers/jsonl_reader.hpp"

#include "support/text_match.hpp"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using news::test::contains;
using news::test::starts_with;

namespace bdata = boost::unit_test::data;
using news::Article;
using news::Rejection;
using Strings = std::vector<std::string>;

const news::Origin origin{"feed.jsonl", 7};

std::string iso(const std::optional<news::Date>& d) {
    return d ? news::date::to_iso(*d) : "(none)";
}

Article parse(std::string_view line, std::string fallback_id = "feed/feed.jsonl:7") {
    auto result = news::jsonl::parse_record(line, origin, std::move(fallback_id));
    if (const auto* rejection = std::get_if<Rejection>(&result)) {
        BOOST_FAIL("unexpected rejection: " << rejection->reason);
    }
    return std::get<Article>(std::move(result));
}

std::string rejection_reason(std::string_view line) {
    const auto result = news::jsonl::parse_record(line, origin, "fallback");
    const auto* rejection = std::get_if<Rejection>(&result);
    BOOST_TEST_REQUIRE(rejection != nullptr, "unexpectedly read as an article");
    BOOST_TEST(rejection->origin.path == origin.path);
    BOOST_TEST(rejection->origin.line == origin.line);
    return rejection->reason;
}

struct Row {
    std::string_view line;
    std::string_view expected;
};

std::ostream& operator<<(std::ostream& os, const Row& row) {
    return os << row.line;
}

const Row body_aliases[] = {
    {R"({"body": "the body"})", "the body"},
    {R"({"text": "the body"})", "the body"},
    {R"({"content": "the body"})", "the body"},
    {R"({"body": "the body", "text": "other", "content": "third"})", "the body"},
    {R"({"body": null, "text": "the body"})", "the body"},
};

// A line with one key of the wrong type, and that key's name.
const Row wrong_types[] = {
    {R"({"body": "x", "id": 1.5})", "id"},
    {R"({"body": "x", "id": true})", "id"},
    {R"({"body": "x", "id": ["a"]})", "id"},
    {R"({"body": "x", "title": 5})", "title"},
    {R"({"body": ["x"]})", "body"},
    {R"({"text": {"a": 1}})", "text"},
    {R"({"body": "x", "date": true})", "date"},
    {R"({"body": "x", "publish_date": []})", "publish_date"},
    {R"({"body": "x", "source": {}})", "source"},
    {R"({"body": "x", "authors": [1]})", "authors"},
    {R"({"body": "x", "authors": 3})", "authors"},
    {R"({"body": "x", "author": false})", "author"},
    {R"({"body": "x", "url": 1})", "url"},
    {R"({"body": "x", "categories": ["ok", null]})", "categories"},
    {R"({"body": "x", "category": 2})", "category"},
    {R"({"body": "x", "language": 1})", "language"},
};

const Row not_objects[] = {
    {R"([1, 2])", "array"}, {R"("a string")", "string"}, {R"(42)", "number"},
    {R"(null)", "null"},    {R"(true)", "boolean"},
};

const std::string_view malformed[] = {
    R"({"body": "x")",   R"({"body": "x"} trailing)", R"({body: "x"})",
    R"({"body": "x",})", R"(not json at all)",
};

} // namespace

BOOST_AUTO_TEST_SUITE(jsonl_reader)

BOOST_AUTO_TEST_CASE(reads_every_key) {
    const Article a =
        parse(R"({"id": "a-1", "title": " Missiles approved ", )"
              R"("body": "Ukraine may strike.", "date": "2024-11-18", )"
              R"("source": "Reuters", "authors": ["Jane Doe", "John Roe"], )"
              R"("author": "Extra Person", "url": "https://example.com/a", )"
              R"("categories": ["world"], "category": "politics", "language": "en"})");
    BOOST_TEST(a.id == "a-1");
    BOOST_TEST(a.title == "Missiles approved");
    BOOST_TEST(a.body == "Ukraine may strike.");
    BOOST_TEST(iso(a.date) == "2024-11-18");
    BOOST_TEST(a.source == "Reuters");
    BOOST_TEST(a.authors == (Strings{"Jane Doe", "John Roe", "Extra Person"}),
               boost::test_tools::per_element());
    BOOST_TEST(a.url == "https://example.com/a");
    BOOST_TEST(a.categories == (Strings{"world", "politics"}), boost::test_tools::per_element());
    BOOST_TEST(a.language == "en");
    BOOST_TEST(a.origin.path == "feed.jsonl");
    BOOST_TEST(a.origin.line == 7U);
    BOOST_TEST(a.repairs.notes.empty());
}

BOOST_DATA_TEST_CASE(body_may_be_given_as_body_text_or_content, bdata::make(body_aliases), row) {
    BOOST_TEST(parse(row.line).body == row.expected);
}

BOOST_AUTO_TEST_CASE(date_aliases_accept_strings_and_unix_seconds) {
    BOOST_TEST(iso(parse(R"({"body": "x", "publish_date": 1731888000})").date) == "2024-11-18");
    BOOST_TEST(iso(parse(R"({"body": "x", "publish_date": 1731888000.75})").date) == "2024-11-18");
    BOOST_TEST(iso(parse(R"({"body": "x", "published": "18 November 2024"})").date) ==
               "2024-11-18");
    BOOST_TEST(iso(parse(R"({"body": "x", "date": "Nov. 18, 2024"})").date) == "2024-11-18");
    BOOST_TEST(iso(parse(R"({"body": "x", "date": -86400})").date) == "1969-12-31");
}

BOOST_AUTO_TEST_CASE(a_single_string_is_one_author_or_category) {
    const Article a =
        parse(R"({"body": "x", "authors": "Jane Doe, John Roe", "categories": "world"})");
    BOOST_TEST(a.authors == (Strings{"Jane Doe, John Roe"}), boost::test_tools::per_element());
    BOOST_TEST(a.categories == (Strings{"world"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(facets_of_the_schema_are_read_from_the_facets_object) {
    const Article a = parse(R"({"body": "x", "facets": {"topic": ["crude", "ship"], )"
                            R"("label": "synthetic", "colour": ["red"]}})");
    BOOST_TEST(a.facets.at("topic") == (Strings{"crude", "ship"}),
               boost::test_tools::per_element());
    BOOST_TEST(a.facets.at("label") == (Strings{"synthetic"}), boost::test_tools::per_element());
    BOOST_TEST(a.facets.count("colour") == 0U);
    BOOST_TEST(parse(R"({"body": "x", "facets": null})").facets.empty());
}

BOOST_AUTO_TEST_CASE(facets_that_are_not_an_object_reject_the_line) {
    BOOST_TEST(rejection_reason(R"({"body": "x", "facets": ["crude"]})") ==
               "field 'facets' must be an object, not array");
    BOOST_TEST(rejection_reason(R"({"body": "x", "facets": {"topic": [1]}})") ==
               "field 'topic' must hold strings, not number");
}

BOOST_AUTO_TEST_CASE(empty_entries_of_lists_are_dropped) {
    const Article a = parse(R"({"body": "x", "authors": ["", "  ", "Jane Doe"]})");
    BOOST_TEST(a.authors == (Strings{"Jane Doe"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_integer_id_is_written_in_decimal) {
    BOOST_TEST(parse(R"({"id": 42, "body": "x"})").id == "42");
    BOOST_TEST(parse(R"({"id": -7, "body": "x"})").id == "-7");
    BOOST_TEST(parse(R"({"id": 18446744073709551615, "body": "x"})").id == "18446744073709551615");
}

BOOST_AUTO_TEST_CASE(without_an_id_the_url_is_the_id) {
    BOOST_TEST(parse(R"({"url": "https://example.com/a", "body": "x"})").id ==
               "https://example.com/a");
    BOOST_TEST(parse(R"({"id": null, "url": "https://example.com/a", "body": "x"})").id ==
               "https://example.com/a");
    BOOST_TEST(parse(R"({"id": "  ", "url": "https://example.com/a", "body": "x"})").id ==
               "https://example.com/a");
}

BOOST_AUTO_TEST_CASE(without_an_id_or_url_the_fallback_id_is_used) {
    BOOST_TEST(parse(R"({"body": "x"})", "feed/feed.jsonl:7").id == "feed/feed.jsonl:7");
    BOOST_TEST(parse(R"({"id": "", "url": null, "body": "x"})", "fb").id == "fb");
}

BOOST_DATA_TEST_CASE(rejects_a_key_of_the_wrong_type_naming_the_field, bdata::make(wrong_types),
                     row) {
    const std::string reason = rejection_reason(row.line);
    BOOST_TEST(contains(reason, "'" + std::string(row.expected) + "'"), reason);
}

BOOST_DATA_TEST_CASE(rejects_malformed_json, bdata::make(malformed), line) {
    const std::string reason = rejection_reason(line);
    BOOST_TEST(reason.rfind("malformed JSON: ", 0) == 0U, reason);
    // nlohmann's exception id is an implementation detail, not for users.
    BOOST_TEST(!contains(reason, "json.exception"), reason);
}

BOOST_DATA_TEST_CASE(rejects_a_line_that_is_not_an_object, bdata::make(not_objects), row) {
    BOOST_TEST(rejection_reason(row.line) ==
               "not a JSON object (found " + std::string(row.expected) + ")");
}

BOOST_AUTO_TEST_CASE(rejects_a_record_without_a_body) {
    BOOST_TEST(rejection_reason(R"({"title": "T"})") == "empty body");
    BOOST_TEST(rejection_reason(R"({"title": "T", "body": ""})") == "empty body");
    BOOST_TEST(rejection_reason(R"({"title": "T", "body": " \n\t "})") == "empty body");
    BOOST_TEST(rejection_reason(R"({"body": null})") == "empty body");
    BOOST_TEST(rejection_reason(R"({})") == "empty body");
}

BOOST_AUTO_TEST_CASE(ignores_unknown_keys) {
    const Article a = parse(R"({"body": "x", "views": 5, "extra": {"nested": [1, 2, null]}, )"
                            R"("tags": ["a"], "Title": "not the title key"})");
    BOOST_TEST(a.body == "x");
    BOOST_TEST(a.title.empty());
    BOOST_TEST(a.repairs.notes.empty());
}

BOOST_AUTO_TEST_CASE(treats_null_as_absent) {
    const Article a = parse(R"({"body": "x", "title": null, "date": null, "source": null, )"
                            R"("authors": null, "author": null, "url": null, )"
                            R"("categories": null, "category": null, "language": null})");
    BOOST_TEST(a.title.empty());
    BOOST_TEST(!a.date.has_value());
    BOOST_TEST(a.source.empty());
    BOOST_TEST(a.authors.empty());
    BOOST_TEST(a.categories.empty());
    BOOST_TEST(a.language.empty());
    BOOST_TEST(a.repairs.notes.empty());
}

BOOST_AUTO_TEST_CASE(an_unparsable_date_is_noted_and_left_absent) {
    const Article a = parse(R"({"body": "x", "date": "soon"})");
    BOOST_TEST(!a.date.has_value());
    BOOST_TEST_REQUIRE(a.repairs.notes.size() == 1U);
    BOOST_TEST(a.repairs.notes[0] == "unparsable date 'soon' ignored");
}

BOOST_AUTO_TEST_CASE(an_implausible_unix_time_is_noted_and_left_absent) {
    const Article a = parse(R"({"body": "x", "publish_date": 1e20})");
    BOOST_TEST(!a.date.has_value());
    BOOST_TEST_REQUIRE(a.repairs.notes.size() == 1U);
    BOOST_TEST(contains(a.repairs.notes[0], "'publish_date'"));
}

BOOST_AUTO_TEST_CASE(a_blank_date_is_absent_without_a_note) {
    const Article a = parse(R"({"body": "x", "date": "  "})");
    BOOST_TEST(!a.date.has_value());
    BOOST_TEST(a.repairs.notes.empty());
}

BOOST_AUTO_TEST_CASE(transcodes_raw_latin1_bytes_in_the_line) {
    const Article a = parse("{\"body\": \"costs \xA3"
                            "5\"}");
    BOOST_TEST(a.body == "costs \xC2\xA3"
                         "5");
    BOOST_TEST(a.repairs.transcoded_bytes == 1U);
}

BOOST_AUTO_TEST_CASE(removes_escaped_control_characters_from_long_values) {
    const Article a = parse(R"({"body": "Officials said\u0007 talks would resume on Monday."})");
    BOOST_TEST(a.body == "Officials said talks would resume on Monday.");
    BOOST_TEST(a.repairs.removed_controls == 1U);
}

BOOST_AUTO_TEST_CASE(removes_a_nul_smuggled_in_by_an_escape) {
    const Article a = parse(R"({"body": "a\u0000b"})");
    BOOST_TEST(a.body == "a b");
    BOOST_TEST(a.repairs.removed_controls == 1U);
}

BOOST_AUTO_TEST_CASE(rejects_undecodable_bytes) {
    BOOST_TEST(contains(rejection_reason("{\"body\": \"a \x81 b\"}"), "cannot be repaired"));
}

// The binary-file heuristic (one control character in twenty bytes) is for whole inputs: a short
// value holding one escaped control character is repaired, not rejected.
BOOST_AUTO_TEST_CASE(removes_an_escaped_control_character_from_a_short_title) {
    const Article a = parse(R"({"title": "Kyiv\u001b", "body": "Officials said talks resumed."})");
    BOOST_TEST(a.title == "Kyiv");
    BOOST_TEST(a.repairs.removed_controls == 1U);
}

BOOST_AUTO_TEST_SUITE_END()
