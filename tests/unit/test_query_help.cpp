/// @file
/// @brief Unit tests of the pure parts of the query help: edit distance, thousands, half-lives,
/// compact dates, the heading's scope and the spelling dictionary the document builder fills.
#include "news/common/error.hpp"
#include "news/indexer/document_builder.hpp"
#include "news/searcher/explain.hpp"
#include "news/searcher/recency.hpp"
#include "news/searcher/suggest.hpp"

#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>

#include <string>

BOOST_AUTO_TEST_SUITE(query_help)

using news::searcher::edit_distance;

BOOST_AUTO_TEST_CASE(edit_distance_counts_edits_and_adjacent_swaps) {
    BOOST_TEST(edit_distance("kardashain", "kardashian", 2) == 1); // a swap
    BOOST_TEST(edit_distance("presidnet", "president", 2) == 1);
    BOOST_TEST(edit_distance("reuter", "reuters", 2) == 1);
    BOOST_TEST(edit_distance("same", "same", 2) == 0);
    BOOST_TEST(edit_distance("", "abc", 5) == 3);
    BOOST_TEST(edit_distance("abcdef", "uvwxyz", 2) == 3); // beyond the limit: limit + 1
}

BOOST_AUTO_TEST_CASE(thousands_are_grouped_with_commas) {
    BOOST_TEST(news::searcher::group_thousands(0) == "0");
    BOOST_TEST(news::searcher::group_thousands(999) == "999");
    BOOST_TEST(news::searcher::group_thousands(1234) == "1,234");
    BOOST_TEST(news::searcher::group_thousands(1234567) == "1,234,567");
}

BOOST_AUTO_TEST_CASE(half_lives_are_days_or_weeks) {
    BOOST_TEST(news::searcher::parse_half_life("30d") == 30.0);
    BOOST_TEST(news::searcher::parse_half_life("2w") == 14.0);
    for (const char* bad : {"", "d", "30", "0d", "-1d", "1.5d", "3x", "10000000d"}) {
        BOOST_CHECK_THROW(static_cast<void>(news::searcher::parse_half_life(bad)), news::Error);
    }
}

BOOST_AUTO_TEST_CASE(compact_dates_become_days_since_1970) {
    BOOST_TEST(*news::searcher::compact_to_days("19700101") == 0);
    BOOST_TEST(*news::searcher::compact_to_days("19700201") == 31);
    BOOST_TEST(!news::searcher::compact_to_days("20240230"));
    BOOST_TEST(!news::searcher::compact_to_days("2024-01-01"));
}

BOOST_AUTO_TEST_CASE(scope_names_filters_like_and_dates) {
    news::searcher::QueryRequest request;
    BOOST_TEST(news::searcher::describe_scope(request).empty());
    request.filters = {{"source", "Reuters"}, {"author", "Ann"}, {"source", "CNN"}};
    request.since = news::Date{2024, 1, 1};
    BOOST_TEST(news::searcher::describe_scope(request) ==
               " (source=Reuters or CNN; author=Ann; published on or after 2024-01-01)");
    request.like = {"a1"};
    request.until = news::Date{2024, 2, 1};
    BOOST_TEST(news::searcher::describe_scope(request) ==
               " (like a1; source=Reuters or CNN; author=Ann; published 2024-01-01 to 2024-02-01)");
}

BOOST_AUTO_TEST_CASE(the_spelling_dictionary_gets_words_not_prefixes_numbers_or_short_words) {
    const news::test::TempDir dir;
    Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE);
    Xapian::Document doc;
    doc.add_term("president", 2);
    doc.add_term("Zpresid", 2);
    doc.add_term("Strump", 1);
    doc.add_term("1987", 1);
    doc.add_term("covid19", 1);
    doc.add_term("an", 1);
    news::indexer::DocumentBuilder::add_spelling(db, doc);
    db.commit();
    std::string words;
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
        words += *it + "=" + std::to_string(it.get_termfreq()) + " ";
    }
    BOOST_TEST(words == "president=2 ");
}

BOOST_AUTO_TEST_SUITE_END()
