/// @file
/// @brief Unit tests: the readers of the shared corpora's formats, on made-up files in
/// tests/data that reproduce each quirk (Reuters SGML, the FakeNewsNet crawl, BBC's layout).
#include "news/readers/reader.hpp"
#include "news/readers/reuters_reader.hpp"

#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace {

using news::Article;
using news::ReadResult;
using news::Rejection;

struct Results {
    std::map<std::string, Article> by_id;
    std::vector<Rejection> rejections;
};

Results collect(const std::vector<std::string>& inputs, const news::ReadOptions& options = {}) {
    Results out;
    (void)news::read_inputs(inputs, options, [&](ReadResult&& result) {
        if (auto* article = std::get_if<Article>(&result)) {
            out.by_id[article->id] = std::move(*article);
        } else {
            out.rejections.push_back(std::get<Rejection>(std::move(result)));
        }
    });
    return out;
}

std::string data(const std::string& path) {
    return (news::test::source_dir() / "tests/data" / path).string();
}

using Strings = std::vector<std::string>;

} // namespace

BOOST_AUTO_TEST_SUITE(corpus_readers)

BOOST_AUTO_TEST_CASE(reuters_every_element_becomes_an_article) {
    const Results r = collect({data("reuters/reut2-made-up.sgm")});
    BOOST_TEST(r.rejections.empty());
    BOOST_TEST(r.by_id.size() == 5U);
}

BOOST_AUTO_TEST_CASE(reuters_normal_text_gives_title_author_dateline_body_and_facets) {
    const Results r = collect({data("reuters/reut2-made-up.sgm")});
    const Article& a = r.by_id.at("reuters:1");
    BOOST_TEST(a.title == "MADE-UP COCOA HARVEST <ACME> REVIEW");
    BOOST_TEST(a.authors == Strings{"Jane Example"});
    BOOST_TEST(a.dateline == "SALVADOR, Feb 26");
    BOOST_TEST(a.source == "Reuters");
    BOOST_TEST(a.body.find("the <ACME> co-operative & its growers") != std::string::npos);
    BOOST_TEST(a.body.find("Reuter") == std::string::npos); // sign-off dropped
    BOOST_TEST(a.facets.at("topic") == (Strings{"cocoa", "trade"}));
    BOOST_TEST(a.facets.at("place") == (Strings{"el-salvador", "usa"}));
    BOOST_TEST(a.facets.at("org") == Strings{"ico-coffee"});
    BOOST_TEST(a.facets.count("person") == 0U);
    BOOST_REQUIRE(a.date);
    BOOST_TEST(a.date->year == 1987);
    BOOST_TEST(a.date->month == 2U);
    BOOST_TEST(a.date->day == 26U);
}

BOOST_AUTO_TEST_CASE(reuters_brief_is_title_only) {
    const Results r = collect({data("reuters/reut2-made-up.sgm")});
    const Article& a = r.by_id.at("reuters:2");
    BOOST_TEST(a.title == "MADE-UP FUNDS ROSE 1.5 MLN DLRS IN WEEK");
    BOOST_TEST(a.body.empty());
    BOOST_TEST(a.facets.at("exchange") == Strings{"nyse"});
    BOOST_TEST(a.facets.at("person") == Strings{"doe"});
    BOOST_REQUIRE(a.date); // " 2-JUN-1987": the leading space of single-digit days
    BOOST_TEST(a.date->month == 6U);
}

BOOST_AUTO_TEST_CASE(reuters_unprocessed_text_keeps_its_raw_byte_and_drops_control_entities) {
    const Results r = collect({data("reuters/reut2-made-up.sgm")});
    const Article& a = r.by_id.at("reuters:3");
    BOOST_TEST(a.title.empty());
    BOOST_TEST(a.body.find("growth.\xC3\xBC side measures") != std::string::npos, a.body);
    BOOST_TEST(a.repairs.transcoded_bytes == 1U);
    BOOST_TEST(a.repairs.removed_controls >= 4U); // &#2; &#5; &#30; &#3;
    BOOST_REQUIRE(a.date);                        // junk after the time
    BOOST_TEST(a.date->day == 27U);
}

BOOST_AUTO_TEST_CASE(reuters_empty_text_and_bad_hour_still_index) {
    const Results r = collect({data("reuters/reut2-made-up.sgm")});
    const Article& empty = r.by_id.at("reuters:4");
    BOOST_TEST(empty.body.empty());
    BOOST_REQUIRE(empty.date); // "605:12:19.12": the hour is wrong, the day is not
    BOOST_TEST(empty.date->day == 31U);
    const Article& undated = r.by_id.at("reuters:5");
    BOOST_TEST(!undated.date);
    BOOST_TEST_REQUIRE(undated.repairs.notes.size() == 1U);
    BOOST_TEST(undated.repairs.notes[0].find("unparsable date") != std::string::npos);
    BOOST_TEST(undated.dateline == "NOWHERE, March 3");
}

BOOST_AUTO_TEST_CASE(reuters_element_without_newid_is_rejected_not_fatal) {
    std::vector<ReadResult> results;
    news::reuters::parse_file(
        "<REUTERS OLDID=\"1\">\n<TEXT><BODY>Text.</BODY></TEXT>\n</REUTERS>\n"
        "<REUTERS NEWID=\"7\">\n<TEXT><BODY>Text.</BODY></TEXT>\n</REUTERS>\n",
        "x.sgm", [&](ReadResult&& r) { results.push_back(std::move(r)); });
    BOOST_TEST_REQUIRE(results.size() == 2U);
    BOOST_TEST(std::holds_alternative<Rejection>(results[0]));
    BOOST_TEST(std::get<Rejection>(results[0]).origin.line == 1U);
    BOOST_TEST(std::get<Article>(results[1]).id == "reuters:7");
    BOOST_TEST(std::get<Article>(results[1]).origin.line == 4U);
}

// Three elements: the first lacks its </REUTERS>, so a new <REUTERS> tag ends it.
constexpr const char* reuters_missing_close =
    "<REUTERS NEWID=\"1\">\n<TEXT><TITLE>FIRST</TITLE><BODY>First body.</BODY></TEXT>\n"
    "<REUTERS NEWID=\"2\">\n<TEXT><TITLE>SECOND</TITLE><BODY>Second body.</BODY></TEXT>\n"
    "</REUTERS>\n"
    "<REUTERS NEWID=\"3\">\n<TEXT><BODY>Third body.</BODY></TEXT>\n</REUTERS>\n";

std::vector<ReadResult> parse_reuters(std::string_view bytes) {
    std::vector<ReadResult> results;
    news::reuters::parse_file(bytes, "x.sgm",
                              [&](ReadResult&& r) { results.push_back(std::move(r)); });
    return results;
}

BOOST_AUTO_TEST_CASE(protects_reuters_element_without_close_tag_from_swallowing_the_next) {
    const auto results = parse_reuters(reuters_missing_close);
    BOOST_TEST_REQUIRE(results.size() == 3U);
    const auto& first = std::get<Article>(results[0]);
    BOOST_TEST(first.id == "reuters:1");
    BOOST_TEST(first.body == "First body.");
    BOOST_TEST_REQUIRE(first.repairs.notes.size() == 1U);
    BOOST_TEST(first.repairs.notes[0] ==
               "no </REUTERS>: the element was ended at the next <REUTERS> tag, line 3");
    const auto& second = std::get<Article>(results[1]);
    BOOST_TEST(second.id == "reuters:2");
    BOOST_TEST(second.title == "SECOND");
    BOOST_TEST(second.origin.line == 3U);
    BOOST_TEST(second.repairs.notes.empty());
    BOOST_TEST(std::get<Article>(results[2]).id == "reuters:3");
}

BOOST_AUTO_TEST_CASE(protects_reuters_file_cut_mid_article_from_indexing_a_stub) {
    const std::string whole = reuters_missing_close;
    // Cut inside the third element's body: it is reported with its line, not indexed.
    const auto cut = parse_reuters(whole.substr(0, whole.find("Third body") + 5));
    BOOST_TEST_REQUIRE(cut.size() == 3U);
    const auto* rejection = std::get_if<Rejection>(&cut[2]);
    BOOST_TEST_REQUIRE(rejection != nullptr);
    BOOST_TEST(rejection->origin.line == 6U);
    BOOST_TEST(rejection->reason == "cannot read: Reuters element NEWID=3 cut short (no </TEXT> "
                                    "or </REUTERS> before the end of the file)");
    // Cut after </TEXT>: only the closing tag is lost, so the article is kept with a note.
    const auto tail = parse_reuters(whole.substr(0, whole.rfind("</REUTERS>")));
    BOOST_TEST_REQUIRE(tail.size() == 3U);
    const auto& third = std::get<Article>(tail[2]);
    BOOST_TEST(third.body == "Third body.");
    BOOST_TEST(third.repairs.notes ==
                   Strings{"no </REUTERS>: the element was ended at the end of the file"},
               boost::test_tools::per_element());
    // Cut inside the start tag itself.
    const auto in_tag = parse_reuters(whole.substr(0, whole.rfind("<REUTERS") + 12));
    BOOST_TEST_REQUIRE(in_tag.size() == 3U);
    BOOST_TEST(std::get<Rejection>(in_tag[2]).reason ==
               "cannot read: the file ends inside a <REUTERS> tag");
}

BOOST_AUTO_TEST_CASE(fakenewsnet_ids_labels_sources_and_dates_come_from_the_crawl) {
    const Results r = collect({data("fakenewsnet")});
    const Article& fake = r.by_id.at("fake/politifact1001");
    BOOST_TEST(fake.facets.at("label") == Strings{"fake"});
    BOOST_TEST(fake.source == "example-news.com");
    BOOST_TEST(fake.authors == (Strings{"Jane Example", "John Sample"}));
    BOOST_REQUIRE(fake.date);
    BOOST_TEST(fake.date->year == 2018);
    // The same news id filed under both labels stays two articles.
    BOOST_TEST(r.by_id.at("real/politifact1001").facets.at("label") == Strings{"real"});
    // An archive capture names the site it captured.
    BOOST_TEST(r.by_id.at("real/gossipcop-2002").source == "celebrity-example.com");
}

BOOST_AUTO_TEST_CASE(fakenewsnet_error_pages_and_empty_texts_are_rejected_with_a_reason) {
    const Results r = collect({data("fakenewsnet")});
    BOOST_TEST(r.by_id.size() == 3U);
    BOOST_TEST_REQUIRE(r.rejections.size() == 2U);
    std::vector<std::string> reasons;
    for (const auto& rejection : r.rejections) {
        reasons.push_back(rejection.reason);
    }
    std::sort(reasons.begin(), reasons.end());
    BOOST_TEST(reasons[0] == "empty body");
    BOOST_TEST(reasons[1].find("error page") == 0U, reasons[1]);
}

BOOST_AUTO_TEST_CASE(category_from_folder_names_the_first_folder_below_the_input) {
    const news::test::TempDir dir;
    dir.write("bbc/sport/001.txt", "Invented match report\n\nA team won a made-up game.\n");
    dir.write("bbc/tech/002.txt", "Invented gadget news\n\nA made-up phone was shown.\n");
    dir.write("bbc/README.TXT", "Notes about the collection.\n");
    news::ReadOptions options;
    options.category_from_folder = true;
    const Results r = collect({dir / "bbc"}, options);
    BOOST_TEST(r.by_id.size() == 2U); // README.TXT is the collection's notes
    BOOST_TEST(r.by_id.at("bbc/sport/001.txt").categories == Strings{"sport"});
    BOOST_TEST(r.by_id.at("bbc/tech/002.txt").categories == Strings{"tech"});
}

BOOST_AUTO_TEST_CASE(a_json_array_file_holds_many_articles) {
    const news::test::TempDir dir;
    const auto file = dir.write("feed.json", R"([{"id": "a", "body": "One."}, {"body": "Two."}])");
    const Results r = collect({file});
    BOOST_TEST(r.by_id.size() == 2U);
    BOOST_TEST(r.by_id.count("a") == 1U);
}

BOOST_AUTO_TEST_SUITE_END()
