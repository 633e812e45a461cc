/// @file
/// @brief Unit tests of check_author: names kept, crawl junk dropped with its reason.
#include "news/readers/authors.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>

namespace {

namespace bdata = boost::unit_test::data;

struct Row {
    std::string value;
    std::string name;   ///< what is kept; empty when dropped
    std::string reason; ///< why it is dropped; empty when kept
};

std::ostream& operator<<(std::ostream& os, const Row& row) {
    return os << "'" << row.value << "'";
}

// Values seen in FakeNewsNet's authors field (newspaper3k's byline guess), and names.
const Row rows[] = {
    {"Joe Coscarelli", "Joe Coscarelli", ""},
    {"  Serge F. Kovaleski ", "Serge F. Kovaleski", ""},
    {"Maureen Lee Lenker", "Maureen Lee Lenker", ""},
    {"Ross A. Lincoln", "Ross A. Lincoln", ""},
    {"Radar Staff", "Radar Staff", ""}, // a newsroom byline names the newsroom
    {"Theresa May", "Theresa May", ""}, // a month as a surname is still a name
    {"Pa", "Pa", ""},                   // the Press Association
    {"José Álvarez", "José Álvarez", ""},
    {"Heidi Parker For Dailymail.Com", "Heidi Parker", ""},
    {"Min Read", "", "page furniture"},
    {"5 min read", "", "page furniture"},
    {"Image", "", "page furniture"},
    {"Royals", "", "page furniture"},
    {"Staff", "", "page furniture"},
    {"Updated", "", "page furniture"},
    {"Nov 3, 2018", "", "a date"},
    {"March", "", "a date"},
    {"Monday, 12 November 2018 at 10:30 am", "", "a date"},
    {"2018-11-03", "", "no letters"},
    {"https://www.nytimes.com/by/joe", "", "a URL"},
    {"Https", "", "a URL"},
    {"Www.Trueara.Com", "", "a URL"},
    {"Dailymail.Com Reporter", "", "a web address"},
    {"Lesley.Goldberg Thr.Com", "", "a web address"},
    {"jane.doe@example.com", "", "an e-mail address"},
    {"Alyssa Bailey Is The News", "", "a sentence, not a name"},
    {"Where She Oversees Coverage Of Celebrities", "", "a sentence, not a name"},
    {"Georgia Mars Is A Digital Content Editor At New Idea Magazine. As A Self-Professed Celeb "
     "Expert",
     "", "longer than 60 characters"},
    {"E", "", "a single letter"},
    {"---", "", "no letters"},
};

} // namespace

BOOST_AUTO_TEST_SUITE(authors)

BOOST_DATA_TEST_CASE(keeps_names_and_drops_crawl_junk_with_a_reason, bdata::make(rows), row) {
    const news::AuthorCheck check = news::check_author(row.value);
    BOOST_TEST(check.name == row.name);
    BOOST_TEST(check.reason == row.reason);
}

BOOST_AUTO_TEST_SUITE_END()
