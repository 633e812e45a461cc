/// @file
/// @brief Unit tests: render (the --json object and the text listing).
#include "news/searcher/render.hpp"

#include "support/text_match.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace {

using news::test::contains;
using news::test::starts_with;

using news::searcher::FacetCounts;
using news::searcher::Hit;
using news::searcher::SearchRequest;
using news::searcher::SearchResult;
using news::searcher::SortOrder;
using news::searcher::TextStyle;
using nlohmann::json;

constexpr std::string_view bold_on = "\x1b[1m";
constexpr std::string_view bold_off = "\x1b[0m";

SearchRequest request_for(std::string text) {
    SearchRequest request;
    request.query.text = std::move(text);
    return request;
}

Hit titled_hit() {
    Hit hit;
    hit.rank = 1;
    hit.id = "sample/004.txt";
    hit.title = "Biden-Harris admin to allow Ukraine to use US long-range missiles";
    hit.source = "The Postmillennial";
    hit.authors = {"Hayden Cunningham"};
    hit.date = "2024-11-18";
    hit.url = "https://example.com/a";
    hit.score = 1.23456;
    hit.snippet.text = "North Korean troops have been deployed";
    hit.snippet.highlights = {{0, 5}, {13, 19}};
    return hit;
}

Hit untitled_hit() {
    Hit hit;
    hit.rank = 2;
    hit.id = "sample/003.txt";
    hit.score = 0.5;
    hit.snippet.text = "President Biden has authorized Ukraine";
    return hit;
}

// Two hits of five exact matches, with a source facet.
SearchResult two_hits() {
    SearchResult result;
    result.parsed_query = "Query((north@1 PHRASE 3 korean@2 PHRASE 3 troops@3))";
    result.total = {5, 5, 5};
    result.hits = {titled_hit(), untitled_hit()};
    FacetCounts source{"source", {{"Reuters", 3}, {"AP", 2}}, 4, 5};
    result.facets = {source};
    result.elapsed_ms = 1.5;
    return result;
}

} // namespace

BOOST_AUTO_TEST_SUITE(render)

BOOST_AUTO_TEST_CASE(json_is_one_line_of_format_version_2) {
    const auto request = request_for("\"north korean troops\"");
    const std::string out = news::searcher::render_json(request, two_hits());
    BOOST_TEST_REQUIRE(!out.empty());
    BOOST_TEST(out.back() == '\n');
    BOOST_TEST(out.find('\n') == out.size() - 1);
    const json j = json::parse(out);
    BOOST_TEST(j.at("format_version").get<int>() == 2);
    BOOST_TEST(j.at("query").get<std::string>() == "\"north korean troops\"");
    BOOST_TEST(j.at("parsed_query").get<std::string>() ==
               "Query((north@1 PHRASE 3 korean@2 PHRASE 3 troops@3))");
    BOOST_TEST(j.at("offset").get<int>() == 0);
    BOOST_TEST(j.at("limit").get<int>() == 10);
    BOOST_TEST(j.at("sort").get<std::string>() == "relevance");
    BOOST_TEST(j.at("elapsed_ms").is_number());
}

BOOST_AUTO_TEST_CASE(json_total_has_estimate_bounds_and_exactness) {
    const auto request = request_for("troops");
    SearchResult result = two_hits();
    json total = json::parse(news::searcher::render_json(request, result)).at("total");
    BOOST_TEST(total.at("estimate").get<int>() == 5);
    BOOST_TEST(total.at("lower").get<int>() == 5);
    BOOST_TEST(total.at("upper").get<int>() == 5);
    BOOST_TEST(total.at("exact").get<bool>());

    result.total = {1200, 900, 1500};
    total = json::parse(news::searcher::render_json(request, result)).at("total");
    BOOST_TEST(total.at("estimate").get<int>() == 1200);
    BOOST_TEST(total.at("lower").get<int>() == 900);
    BOOST_TEST(total.at("upper").get<int>() == 1500);
    BOOST_TEST(!total.at("exact").get<bool>());
}

BOOST_AUTO_TEST_CASE(json_hits_carry_every_field) {
    const auto request = request_for("troops");
    const json hits = json::parse(news::searcher::render_json(request, two_hits())).at("hits");
    BOOST_TEST_REQUIRE(hits.size() == 2U);
    const json& hit = hits[0];
    BOOST_TEST(hit.at("rank").get<int>() == 1);
    BOOST_TEST(hit.at("id").get<std::string>() == "sample/004.txt");
    BOOST_TEST(hit.at("title").get<std::string>() ==
               "Biden-Harris admin to allow Ukraine to use US long-range missiles");
    BOOST_TEST(hit.at("source").get<std::string>() == "The Postmillennial");
    BOOST_TEST(hit.at("authors") == json::array({"Hayden Cunningham"}));
    BOOST_TEST(hit.at("date").get<std::string>() == "2024-11-18");
    BOOST_TEST(hit.at("url").get<std::string>() == "https://example.com/a");
    BOOST_TEST(hit.at("score").get<double>() == 1.23456);
    BOOST_TEST(hit.at("snippet").get<std::string>() == "North Korean troops have been deployed");
    BOOST_TEST(hit.at("highlights") == json::parse("[[0, 5], [13, 19]]"));
}

BOOST_AUTO_TEST_CASE(json_absent_metadata_is_null_not_empty) {
    const auto request = request_for("troops");
    const json hit = json::parse(news::searcher::render_json(request, two_hits())).at("hits")[1];
    BOOST_TEST(hit.at("title").is_null());
    BOOST_TEST(hit.at("source").is_null());
    BOOST_TEST(hit.at("date").is_null());
    BOOST_TEST(hit.at("url").is_null());
    BOOST_TEST(hit.at("authors") == json::array());
    BOOST_TEST(hit.at("highlights") == json::array());
}

BOOST_AUTO_TEST_CASE(json_facets_map_names_to_value_count_lists) {
    const auto request = request_for("troops");
    const json j = json::parse(news::searcher::render_json(request, two_hits()));
    BOOST_TEST(j.at("facets") == json::parse(R"({"source": [{"value": "Reuters", "count": 3},
                                                             {"value": "AP", "count": 2}]})"));
    BOOST_TEST(j.at("facets_exact").get<bool>());

    SearchResult none = two_hits();
    none.facets.clear();
    BOOST_TEST(json::parse(news::searcher::render_json(request, none)).at("facets") ==
               json::object());
}

BOOST_AUTO_TEST_CASE(json_reports_the_sort_order_and_paging_asked_for) {
    auto request = request_for("troops");
    request.sort = SortOrder::Date;
    request.offset = 20;
    request.limit = 5;
    const json j = json::parse(news::searcher::render_json(request, two_hits()));
    BOOST_TEST(j.at("sort").get<std::string>() == "date");
    BOOST_TEST(j.at("offset").get<int>() == 20);
    BOOST_TEST(j.at("limit").get<int>() == 5);
}

BOOST_AUTO_TEST_CASE(json_replaces_invalid_utf8_instead_of_failing) {
    const auto request = request_for("troops");
    SearchResult result = two_hits();
    result.hits[0].title = "bad \xFF byte";
    std::string out;
    BOOST_CHECK_NO_THROW(out = news::searcher::render_json(request, result));
    const json j = json::parse(out);
    BOOST_TEST(j.at("hits")[0].at("title").get<std::string>() == "bad \xEF\xBF\xBD byte");
}

BOOST_AUTO_TEST_CASE(text_lists_the_count_and_numbered_hits) {
    const auto request = request_for("north korean troops");
    const std::string out = news::searcher::render_text(request, two_hits(), TextStyle{});
    BOOST_TEST(out.rfind("5 articles match 'north korean troops'; showing 1-2", 0) == 0U, out);
    BOOST_TEST(contains(out, "\n 1. Biden-Harris admin to allow Ukraine"), out);
    BOOST_TEST(contains(out, "    sample/004.txt \xC2\xB7 The Postmillennial \xC2\xB7 2024-11-18 "
                             "\xC2\xB7 score 1.235\n"),
               out);
    BOOST_TEST(contains(out, "    North Korean troops have been deployed\n"), out);
}

BOOST_AUTO_TEST_CASE(text_shows_untitled_for_an_article_without_title) {
    const auto request = request_for("troops");
    const std::string out = news::searcher::render_text(request, two_hits(), TextStyle{});
    BOOST_TEST(contains(out, "\n 2. (untitled)\n"), out);
    BOOST_TEST(contains(out, "    sample/003.txt \xC2\xB7 score 0.500\n"), out);
}

BOOST_AUTO_TEST_CASE(text_has_no_escape_codes_unless_bold_is_asked_for) {
    const auto request = request_for("troops");
    const std::string plain = news::searcher::render_text(request, two_hits(), TextStyle{});
    BOOST_TEST(!contains(plain, "\x1b"));

    TextStyle bold;
    bold.bold = true;
    const std::string styled = news::searcher::render_text(request, two_hits(), bold);
    // Titles are not bold as a whole: only the query words in them are (none here).
    BOOST_TEST(contains(styled, " 1. Biden-Harris admin to allow Ukraine to use US long-range "
                                "missiles\n"));
    BOOST_TEST(contains(styled, " 2. (untitled)\n"));
    BOOST_TEST(contains(styled, std::string(bold_on) + "North" + std::string(bold_off) +
                                    " Korean " + std::string(bold_on) + "troops" +
                                    std::string(bold_off) + " have been deployed\n"),
               styled);
}

BOOST_AUTO_TEST_CASE(text_highlights_the_query_words_inside_titles) {
    const auto request = request_for("missiles");
    SearchResult result = two_hits();
    Hit& hit = result.hits.front();
    hit.title_highlight.text = hit.title;
    hit.title_highlight.highlights = {{57, 65}}; // "missiles"
    TextStyle bold;
    bold.bold = true;
    const std::string styled = news::searcher::render_text(request, result, bold);
    BOOST_TEST(contains(styled, " 1. Biden-Harris admin to allow Ukraine to use US long-range " +
                                    std::string(bold_on) + "missiles" + std::string(bold_off) +
                                    "\n"),
               styled);
    // Without colour the highlights are not shown.
    BOOST_TEST(!contains(news::searcher::render_text(request, result, TextStyle{}), "\x1b"));
}

BOOST_AUTO_TEST_CASE(text_wraps_snippets_to_the_width_indented_under_their_hit) {
    const auto request = request_for("troops");
    TextStyle narrow;
    narrow.width = 20; // 16 columns of text after the indent
    narrow.bold = true;
    const std::string out = news::searcher::render_text(request, two_hits(), narrow);
    BOOST_TEST(contains(out, "    " + std::string(bold_on) + "North" + std::string(bold_off) +
                                 " Korean\n    " + std::string(bold_on) + "troops" +
                                 std::string(bold_off) + " have been\n    deployed\n"),
               out);
}

BOOST_AUTO_TEST_CASE(text_shows_the_parsed_query_when_explaining) {
    const auto request = request_for("troops");
    TextStyle style;
    style.explain = true;
    const std::string out = news::searcher::render_text(request, two_hits(), style);
    BOOST_TEST(
        out.rfind("parsed query: Query((north@1 PHRASE 3 korean@2 PHRASE 3 troops@3))\n", 0) == 0U,
        out);
    BOOST_TEST(
        !contains(news::searcher::render_text(request, two_hits(), TextStyle{}), "parsed query"));
}

BOOST_AUTO_TEST_CASE(text_says_when_nothing_matches) {
    const auto request = request_for("zebra");
    SearchResult result;
    result.parsed_query = "Query(Zzebra@1)";
    const std::string out = news::searcher::render_text(request, result, TextStyle{});
    BOOST_TEST(out == "No articles match 'zebra'.\n");
}

BOOST_AUTO_TEST_CASE(text_says_when_the_offset_is_past_the_last_hit) {
    auto request = request_for("troops");
    request.offset = 10;
    SearchResult result = two_hits();
    result.hits.clear();
    result.facets.clear();
    const std::string out = news::searcher::render_text(request, result, TextStyle{});
    BOOST_TEST(out == "5 articles match 'troops'; none left after --offset 10.\n");
}

BOOST_AUTO_TEST_CASE(text_counts_in_the_singular_and_estimates_with_about) {
    const auto request = request_for("troops");
    SearchResult one = two_hits();
    one.total = {1, 1, 1};
    one.hits.resize(1);
    BOOST_TEST(news::searcher::render_text(request, one, TextStyle{})
                   .rfind("1 article matches 'troops'", 0) == 0U);
    SearchResult many = two_hits();
    many.total = {1200, 900, 1500};
    const std::string text = news::searcher::render_text(request, many, TextStyle{});
    BOOST_TEST(text.rfind("about 1200 articles match 'troops' (an estimate: between 900 and "
                          "1500); showing 1-2",
                          0) == 0U,
               text);
}

BOOST_AUTO_TEST_CASE(text_labels_an_estimated_count_only_total_with_its_bounds) {
    auto request = request_for("troops");
    request.limit = 0;
    SearchResult result = two_hits();
    result.hits.clear();
    result.facets.clear();
    result.total = {50, 12, 495};
    BOOST_TEST(news::searcher::render_text(request, result, TextStyle{}) ==
               "about 50 articles match 'troops' (an estimate: between 12 and 495)\n");
    result.total = {495, 495, 495};
    BOOST_TEST(news::searcher::render_text(request, result, TextStyle{}) ==
               "495 articles match 'troops'\n");
}

BOOST_AUTO_TEST_CASE(text_lists_the_ignored_words_and_notes_after_the_count) {
    const auto request = request_for("trump not russia");
    SearchResult result = two_hits();
    result.query_notes.ignored_words = {"not", "the"};
    result.query_notes.notes = {"to exclude, write NOT in capitals: trump NOT russia"};
    const std::string text = news::searcher::render_text(request, result, TextStyle{});
    const std::string expected_head = "5 articles match 'trump not russia'; showing 1-2 (1.5 ms)\n"
                                      "ignored common words: not, the\n"
                                      "note: to exclude, write NOT in capitals: trump NOT russia\n"
                                      "\n 1. ";
    BOOST_TEST(text.rfind(expected_head, 0) == 0U, text);
    // Nothing to report: no such lines.
    const std::string plain = news::searcher::render_text(request, two_hits(), TextStyle{});
    BOOST_TEST(!contains(plain, "ignored"), plain);
    BOOST_TEST(!contains(plain, "note:"), plain);
}

BOOST_AUTO_TEST_CASE(json_lists_the_ignored_words_and_notes) {
    const auto request = request_for("trump not russia");
    SearchResult result = two_hits();
    json j = json::parse(news::searcher::render_json(request, result));
    BOOST_TEST(j.at("ignored_words") == json::array());
    BOOST_TEST(j.at("notes") == json::array());
    result.query_notes.ignored_words = {"not"};
    result.query_notes.notes = {"to exclude, write NOT in capitals: trump NOT russia"};
    j = json::parse(news::searcher::render_json(request, result));
    BOOST_TEST(j.at("ignored_words") == json::parse(R"(["not"])"));
    BOOST_TEST(j.at("notes") ==
               json::parse(R"(["to exclude, write NOT in capitals: trump NOT russia"])"));
}

BOOST_AUTO_TEST_CASE(text_points_to_the_next_page_when_more_hits_remain) {
    auto request = request_for("troops");
    request.limit = 2;
    const std::string more = news::searcher::render_text(request, two_hits(), TextStyle{});
    BOOST_TEST(contains(more, "\nNext page: --offset 2\n"), more);
    request.limit = 10;
    const std::string last = news::searcher::render_text(request, two_hits(), TextStyle{});
    BOOST_TEST(!contains(last, "Next page"), last);
}

BOOST_AUTO_TEST_CASE(text_lists_facet_values_with_counts) {
    const auto request = request_for("troops");
    const std::string out = news::searcher::render_text(request, two_hits(), TextStyle{});
    BOOST_TEST(contains(out, "\nsource:\n    Reuters       3\n    AP            2\n"
                             "    ... 2 more values (--facet-limit)\n"),
               out);
}

BOOST_AUTO_TEST_CASE(text_marks_sampled_facets_and_empty_ones) {
    const auto request = request_for("troops");
    SearchResult result = two_hits();
    result.facets_exact = false;
    result.facets.push_back(FacetCounts{"category", {}, 0, 5});
    const std::string out = news::searcher::render_text(request, result, TextStyle{});
    BOOST_TEST(contains(out, "\nsource (counted over a sample):\n"), out);
    BOOST_TEST(contains(out, "\ncategory (counted over a sample):\n    (no values)\n"), out);
}

BOOST_AUTO_TEST_SUITE_END()
