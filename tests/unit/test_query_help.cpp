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
#include <vector>

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

BOOST_AUTO_TEST_CASE(within_one_edit_agrees_with_the_edit_distance) {
    // Every pair of strings of up to 5 letters over a three-letter alphabet: all the ways two
    // words can be one edit apart, or not, and at every position.
    std::vector<std::string> words{""};
    for (std::size_t begin = 0, length = 1; length <= 5; ++length) {
        const std::size_t end = words.size();
        for (std::size_t k = begin; k < end; ++k) {
            for (const char letter : {'a', 'b', 'c'}) {
                words.push_back(words[k] + letter);
            }
        }
        begin = end;
    }
    std::size_t disagreements = 0;
    std::size_t near = 0;
    for (const auto& a : words) {
        for (const auto& b : words) {
            const bool expected = edit_distance(a, b, 1) <= 1;
            near += expected ? 1U : 0U;
            disagreements += news::searcher::within_one_edit(a, b) == expected ? 0U : 1U;
        }
    }
    BOOST_TEST(words.size() == 364U);
    BOOST_TEST(near > 1000U);
    BOOST_TEST(disagreements == 0U);
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

// A dictionary with a common word, its misspellings (each in as few articles as a typo has) and
// words under other second letters, so that every way of finding a near word is used.
class MisspeltDictionary {
public:
    MisspeltDictionary() : m_db(m_dir / "db", Xapian::DB_CREATE) {
        add("government", 60);
        for (const char* other : {"gazette", "gnome", "guard", "gxylophone", "g"}) {
            add(other, 1);
        }
        for (const char* typo : {"goverment", "gvernment", "gxvernment", "gxovernment",
                                 "gvoernment", "governmnet", "governmentt", "ggovernment"}) {
            add(typo, 1);
        }
        add("govenrment", 5); // in too many articles for one edit: only a swap is suggested
        add("goverdment", 5);
        m_db.commit();
    }

    [[nodiscard]] std::string suggestion(const std::string& typed) const {
        const auto found = news::searcher::suggest_spelling(m_db, Xapian::Stem("english"), typed);
        return found ? found->words.at(0).second : std::string("(none)");
    }

private:
    void add(const std::string& word, int articles) {
        for (int k = 0; k < articles; ++k) {
            Xapian::Document doc;
            doc.add_term(word, 1);
            news::indexer::DocumentBuilder::add_spelling(m_db, doc);
            m_db.add_document(doc);
        }
    }

    news::test::TempDir m_dir;
    Xapian::WritableDatabase m_db;
};

BOOST_AUTO_TEST_CASE(a_rare_word_gets_the_common_word_one_edit_away_at_any_position) {
    const MisspeltDictionary dictionary;
    // Each typo is one edit from "government": a byte dropped, changed or added at the second
    // byte (found by lookups), the second and third swapped, and edits further on (read in
    // order under "go").
    for (const char* typo : {"goverment", "gvernment", "gxvernment", "gxovernment", "gvoernment",
                             "governmnet", "governmentt", "ggovernment"}) {
        BOOST_TEST(dictionary.suggestion(typo) == "government", typo);
    }
    // In five articles, a word gets a swap (50 articles needed for one edit: 60 qualify, but a
    // changed letter is no swap).
    BOOST_TEST(dictionary.suggestion("govenrment") == "government");
    BOOST_TEST(dictionary.suggestion("goverdment") == "(none)");
}

BOOST_AUTO_TEST_SUITE_END()
