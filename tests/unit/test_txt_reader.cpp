/// @file
/// @brief Unit tests: txt_reader (plain-text articles: front matter, headline, date line, byline).
#include "news/common/date.hpp"
#include "news/common/text.hpp"
#include "news/readers/txt_reader.hpp"

#include "support/temp_dir.hpp"
#include "support/text_match.hpp"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
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

std::string iso(const std::optional<news::Date>& d) {
    return d ? news::date::to_iso(*d) : "(none)";
}

// The path of the sample article whose name starts with @p number ("004").
std::filesystem::path sample_path(std::string_view number) {
    for (const auto& entry :
         std::filesystem::directory_iterator(news::test::source_dir() / "corpus" / "sample")) {
        if (entry.path().filename().string().rfind(number, 0) == 0) {
            return entry.path();
        }
    }
    BOOST_FAIL("no sample article " << number);
    return {};
}

std::string read_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Article parse(std::string_view bytes, std::string id = "folder/file.txt") {
    auto result = news::txt::parse_article(bytes, news::Origin{"file.txt", 0}, std::move(id));
    if (const auto* rejection = std::get_if<Rejection>(&result)) {
        BOOST_FAIL("unexpected rejection: " << rejection->reason);
    }
    return std::get<Article>(std::move(result));
}

std::string rejection_reason(std::string_view bytes) {
    const auto result = news::txt::parse_article(bytes, news::Origin{"file.txt", 0}, "id");
    const auto* rejection = std::get_if<Rejection>(&result);
    BOOST_TEST_REQUIRE(rejection != nullptr, "unexpectedly read as an article");
    BOOST_TEST(rejection->origin.path == "file.txt");
    return rejection->reason;
}

Article parse_sample(std::string_view number) {
    const auto path = sample_path(number);
    return parse(read_bytes(path), "sample/" + path.filename().string());
}

const std::string_view seeds_without_header[] = {"000", "001", "003"};

struct HeadlineRow {
    std::string_view label;
    std::string_view bytes;
};

std::ostream& operator<<(std::ostream& os, const HeadlineRow& row) {
    return os << row.label;
}

// First lines that must not be taken for a title.
const HeadlineRow not_headlines[] = {
    {"ends like a sentence", "The minister resigned today.\n\nHe said so in a statement.\n"},
    {"ends with a colon", "What we know so far:\n\nTroops moved north.\n"},
    {"ends with a comma", "In Kyiv, on Monday,\n\nofficials said talks would resume.\n"},
    {"single word", "Breaking\n\nTroops moved north.\n"},
    {"no blank line after it", "Troops Move North\nOfficials confirmed the move.\n"},
    {"nothing after it", "Troops Move North\n\n\n"},
    {"a lede ending in a quoted sentence",
     "Officials say \"The war will end soon.\"\n\nTroops moved north.\n"},
    {"too long", "Word word word word word word word word word word word word word word word word "
                 "word word word word word word word word word word word word word word word\n\n"
                 "Body.\n"},
};

} // namespace

BOOST_AUTO_TEST_SUITE(txt_reader)

BOOST_AUTO_TEST_CASE(seed_004_takes_date_title_author_and_outlet_from_its_header) {
    const Article a = parse_sample("004");
    BOOST_TEST(iso(a.date) == "2024-11-18");
    BOOST_TEST(a.title == "Biden-Harris admin to allow Ukraine to use US long-range missiles to "
                          "attack targets within Russia: report");
    BOOST_TEST_REQUIRE(a.authors.size() == 1U);
    BOOST_TEST(a.authors[0] == "Hayden Cunningham");
    BOOST_TEST(a.source == "The Postmillennial");
    BOOST_TEST(a.url.empty());
    BOOST_TEST(a.categories.empty());
    BOOST_TEST(a.language.empty());
    BOOST_TEST(a.repairs.notes.empty());
}

BOOST_AUTO_TEST_CASE(seed_004_body_has_neither_the_header_nor_the_byline) {
    const Article a = parse_sample("004");
    BOOST_TEST(!contains(a.body, "By Hayden Cunningham"));
    BOOST_TEST(!contains(a.body, "The Postmillennial"));
    BOOST_TEST(!contains(a.body, "2024-11-18"));
    BOOST_TEST(!contains(a.body, "Russia: report"));
    BOOST_TEST(
        a.body.rfind("President Joe Biden has approved the use of long-range US weapons", 0) == 0U);
    BOOST_TEST(contains(a.body, "in Brussels where he discussed support for Ukraine"));
}

BOOST_AUTO_TEST_CASE(seed_002_takes_its_headline_as_title_and_nothing_else) {
    const Article a = parse_sample("002");
    BOOST_TEST(a.title ==
               "Biden\xE2\x80\x99s Armed Shift: Ukraine Authorized to Strike Inside Russia");
    BOOST_TEST(!a.date.has_value());
    BOOST_TEST(a.source.empty());
    BOOST_TEST(a.authors.empty());
    // The standfirst under the headline is body text.
    BOOST_TEST(a.body.rfind("Ukraine Authorized to Strike Inside Russia\n\nIn a landmark decision",
                            0) == 0U);
}

BOOST_DATA_TEST_CASE(seeds_without_a_stated_header_get_no_invented_metadata,
                     bdata::make(seeds_without_header), number) {
    const auto path = sample_path(number);
    const std::string bytes = read_bytes(path);
    const Article a = parse(bytes, "sample/" + path.filename().string());
    BOOST_TEST(a.title.empty());
    BOOST_TEST(!a.date.has_value());
    BOOST_TEST(a.source.empty());
    BOOST_TEST(a.authors.empty());
    BOOST_TEST(a.id == "sample/" + path.filename().string());
    // Every word of the file is body.
    BOOST_TEST(a.body == std::string(news::text::trim(bytes)));
}

BOOST_AUTO_TEST_CASE(keeps_the_given_id_and_origin) {
    const auto result =
        news::txt::parse_article("Some body text.\n", news::Origin{"dir/a.txt", 0}, "dir/a.txt");
    const auto& a = std::get<Article>(result);
    BOOST_TEST(a.id == "dir/a.txt");
    BOOST_TEST(a.origin.path == "dir/a.txt");
    BOOST_TEST(a.origin.line == 0U);
}

BOOST_AUTO_TEST_CASE(reads_an_unfenced_front_matter_block) {
    const Article a = parse("Title: Missiles approved\n"
                            "date: 2024-11-18\n"
                            "source: Reuters\n"
                            "authors: Jane Doe, John Roe\n"
                            "categories: world; politics\n"
                            "url: https://example.com/a\n"
                            "language: en\n"
                            "id: custom-1\n"
                            "\n"
                            "Kyiv: Ukraine may now strike inside Russia.\n");
    BOOST_TEST(a.title == "Missiles approved");
    BOOST_TEST(iso(a.date) == "2024-11-18");
    BOOST_TEST(a.source == "Reuters");
    BOOST_TEST(a.authors == (std::vector<std::string>{"Jane Doe", "John Roe"}),
               boost::test_tools::per_element());
    BOOST_TEST(a.categories == (std::vector<std::string>{"world", "politics"}),
               boost::test_tools::per_element());
    BOOST_TEST(a.url == "https://example.com/a");
    BOOST_TEST(a.language == "en");
    BOOST_TEST(a.id == "custom-1");
    BOOST_TEST(a.body == "Kyiv: Ukraine may now strike inside Russia.");
}

BOOST_AUTO_TEST_CASE(reads_a_fenced_front_matter_block_ignoring_unknown_keys) {
    const Article a = parse("---\n"
                            "title: Missiles approved\n"
                            "x-custom: ignored\n"
                            "published: November 18, 2024\n"
                            "outlet: AP\n"
                            "---\n"
                            "Body line one.\n"
                            "\n"
                            "Body line two.\n");
    BOOST_TEST(a.title == "Missiles approved");
    BOOST_TEST(iso(a.date) == "2024-11-18");
    BOOST_TEST(a.source == "AP");
    BOOST_TEST(a.id == "folder/file.txt");
    BOOST_TEST(a.body == "Body line one.\n\nBody line two.");
}

BOOST_AUTO_TEST_CASE(author_key_splits_on_semicolons_only) {
    const Article a = parse("author: Doe, Jane; Roe, John\n\nBody.\n");
    BOOST_TEST(a.authors == (std::vector<std::string>{"Doe, Jane", "Roe, John"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(front_matter_is_all_the_metadata_nothing_more_is_inferred) {
    const Article a = parse("source: Reuters\n"
                            "\n"
                            "Troops Move North\n"
                            "\n"
                            "By Jane Doe \xE2\x80\x93 The Daily\n"
                            "\n"
                            "Officials confirmed the move.\n");
    BOOST_TEST(a.source == "Reuters");
    BOOST_TEST(a.title.empty());
    BOOST_TEST(a.authors.empty());
    BOOST_TEST(a.body.rfind("Troops Move North\n\nBy Jane Doe", 0) == 0U);
}

BOOST_AUTO_TEST_CASE(an_unknown_key_in_an_unfenced_block_means_prose_not_front_matter) {
    const Article a = parse("title: Talks resume\n"
                            "Kyiv: officials said talks would resume on Monday.\n"
                            "\n"
                            "More text.\n");
    BOOST_TEST(a.title.empty());
    BOOST_TEST(a.body.rfind("title: Talks resume\nKyiv: officials", 0) == 0U);

    const Article kyiv = parse("Kyiv: Russian forces struck the city overnight.\n\nMore text.\n");
    BOOST_TEST(kyiv.title.empty());
    BOOST_TEST(kyiv.body.rfind("Kyiv: Russian forces", 0) == 0U);
}

BOOST_AUTO_TEST_CASE(an_unparsable_front_matter_date_is_noted_and_left_out) {
    const Article a = parse("date: soon\ntitle: T\n\nBody.\n");
    BOOST_TEST(!a.date.has_value());
    BOOST_TEST(a.title == "T");
    BOOST_TEST_REQUIRE(a.repairs.notes.size() == 1U);
    BOOST_TEST(contains(a.repairs.notes[0], "'soon'"));
}

BOOST_AUTO_TEST_CASE(a_date_line_alone_is_followed_by_the_headline) {
    const Article a = parse("date 2024-11-18\n\nTroops Move North\n\nOfficials confirmed it.\n");
    BOOST_TEST(iso(a.date) == "2024-11-18");
    BOOST_TEST(a.title == "Troops Move North");
    BOOST_TEST(a.body == "Officials confirmed it.");
}

BOOST_AUTO_TEST_CASE(a_date_line_followed_by_prose_keeps_the_prose_as_body) {
    const Article a = parse("date 18 November 2024 The minister said talks would resume.\n"
                            "More text.\n");
    BOOST_TEST(iso(a.date) == "2024-11-18");
    BOOST_TEST(a.title.empty());
    BOOST_TEST(a.body == "The minister said talks would resume.\nMore text.");
}

BOOST_DATA_TEST_CASE(a_first_line_that_does_not_read_like_a_headline_is_body,
                     bdata::make(not_headlines), row) {
    const Article a = parse(row.bytes);
    BOOST_TEST(a.title.empty());
    BOOST_TEST(a.body == std::string(news::text::trim(row.bytes)));
}

BOOST_AUTO_TEST_CASE(reads_bylines_with_several_authors_and_an_outlet) {
    const Article a = parse("Troops Move North\n\nBy Jane Doe and John Roe | Reuters\n\nBody.\n");
    BOOST_TEST(a.authors == (std::vector<std::string>{"Jane Doe", "John Roe"}),
               boost::test_tools::per_element());
    BOOST_TEST(a.source == "Reuters");
    BOOST_TEST(a.body == "Body.");

    const Article comma = parse("By Janie Gabbett, Reuters\n\nBody.\n");
    BOOST_TEST(comma.authors == (std::vector<std::string>{"Janie Gabbett"}),
               boost::test_tools::per_element());
    BOOST_TEST(comma.source == "Reuters");
    BOOST_TEST(comma.body == "Body.");
}

BOOST_AUTO_TEST_CASE(a_sentence_starting_with_by_is_not_a_byline) {
    const Article a = parse("By the way, officials said talks would resume.\n\nMore.\n");
    BOOST_TEST(a.authors.empty());
    BOOST_TEST(a.source.empty());
    BOOST_TEST(a.body.rfind("By the way", 0) == 0U);
}

BOOST_AUTO_TEST_CASE(a_byline_deep_in_the_story_is_left_alone) {
    const Article a =
        parse("One.\n\nTwo.\n\nThree.\n\nBy Jane Doe \xE2\x80\x93 Reuters\n\nFive.\n");
    BOOST_TEST(a.authors.empty());
    BOOST_TEST(a.source.empty());
    BOOST_TEST(contains(a.body, "By Jane Doe"));
}

BOOST_AUTO_TEST_CASE(counts_repairs_of_the_raw_bytes) {
    const Article a = parse("Caf\xE9 owners in Kyiv\x07 reopened.\r\nMore text here.\r\n");
    BOOST_TEST(a.body == "Caf\xC3\xA9 owners in Kyiv reopened.\nMore text here.");
    BOOST_TEST(a.repairs.transcoded_bytes == 1U);
    BOOST_TEST(a.repairs.removed_controls == 1U);
}

BOOST_AUTO_TEST_CASE(rejects_an_empty_or_blank_file_as_empty_body) {
    BOOST_TEST(rejection_reason("") == "empty body");
    BOOST_TEST(rejection_reason("  \n\t\n\r\n") == "empty body");
    BOOST_TEST(rejection_reason("\xEF\xBB\xBF\n") == "empty body");
}

BOOST_AUTO_TEST_CASE(rejects_front_matter_without_a_body) {
    BOOST_TEST(rejection_reason("title: T\nsource: Reuters\n\n") == "empty body");
    BOOST_TEST(rejection_reason("---\ntitle: T\n---\n  \n") == "empty body");
}

BOOST_AUTO_TEST_CASE(rejects_binary_content) {
    using namespace std::string_literals;
    BOOST_TEST(rejection_reason("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"s) == "binary content");
}

BOOST_AUTO_TEST_CASE(rejects_bytes_that_are_not_text_in_any_encoding) {
    BOOST_TEST(contains(rejection_reason("A headline\n\nBody \x81 text.\n"), "cannot be repaired"));
}

// A date line that is the only non-blank line must not be read past (it once was).
BOOST_AUTO_TEST_CASE(a_date_line_without_a_body_is_rejected_as_empty) {
    BOOST_TEST(rejection_reason("date 2024-11-18\n") == "empty body");
    BOOST_TEST(rejection_reason("date 2024-11-18\n\n\n") == "empty body");
}

// An empty "id:" must not replace the path id: every such article would share the id term "Q"
// and replace one another.
BOOST_AUTO_TEST_CASE(an_empty_front_matter_id_keeps_the_path_id) {
    BOOST_TEST(parse("id:\ntitle: T\n\nBody.\n").id == "folder/file.txt");
    BOOST_TEST(parse("---\nid: \n---\nBody.\n").id == "folder/file.txt");
}

BOOST_AUTO_TEST_CASE(a_sentence_opening_with_by_is_not_a_byline) {
    const Article a = parse("Russia retakes ground in Kursk\n\nBy Tuesday, Russian forces had "
                            "retaken Sudzha.\n\nMore fighting followed.\n");
    BOOST_TEST(a.authors.empty());
    BOOST_TEST(a.source.empty());
    BOOST_TEST(contains(a.body, "Sudzha"));
}

BOOST_AUTO_TEST_CASE(an_upper_case_byline_is_read_not_taken_for_a_title) {
    const Article a = parse("BY JANIE GABBETT - REUTERS\n\nGrain prices rose on Monday.\n");
    BOOST_TEST(a.title.empty());
    BOOST_TEST(a.authors == std::vector<std::string>{"JANIE GABBETT"});
    BOOST_TEST(a.source == "REUTERS");
}

BOOST_AUTO_TEST_CASE(a_time_after_the_date_is_not_the_title) {
    const Article a = parse("date 2024-11-18 10:30 GMT Ukraine cleared to strike\n\nBody text.\n");
    BOOST_TEST(iso(a.date) == "2024-11-18");
    BOOST_TEST(a.title == "Ukraine cleared to strike");
}

BOOST_AUTO_TEST_CASE(a_headline_may_trail_off) {
    BOOST_TEST(parse("Ukraine cleared to strike...\n\nBody text.\n").title ==
               "Ukraine cleared to strike...");
}

BOOST_AUTO_TEST_CASE(protects_the_article_check_of_title_and_body_read_in_place) {
    // The check of a title and body read in place gives the verdict of the joined text.
    const std::string prose_line = "The ferry left the harbour at noon and the gulls followed.";
    std::string word_list;
    std::string data;
    for (int i = 0; i < 30; ++i) {
        word_list += "word" + std::to_string(i) + "\n";
        data += "x(" + std::to_string(i) + ") = {a[i]; b[i]};\n";
    }
    const std::vector<std::pair<std::string, std::string>> cases{
        {"Harbour report", prose_line},
        {"", prose_line + "\n" + prose_line},
        {"Topics", word_list},
        {"Facts", data},
        {"One", "two"},
        {"Two words\nin a title", "x"},
        {"A long line", std::string(1000, 'a') + " " + std::string(1000, 'b') + " c d e f g h."},
    };
    for (const auto& [title, body] : cases) {
        const auto in_place = news::txt::not_article_reason(title, body);
        const auto joined = news::txt::not_article_reason(title + "\n\n" + body);
        BOOST_TEST(in_place.has_value() == joined.has_value(), title);
        BOOST_TEST(in_place.value_or("") == joined.value_or(""), title);
    }
}

BOOST_AUTO_TEST_SUITE_END()
