/// @file
/// @brief Unit tests of the terminal fitting helpers: wrap_lines, fit_columns, text_columns.
#include "news/searcher/wrap.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace {

namespace bdata = boost::unit_test::data;
using news::searcher::wrap_lines;

// The lines wrap_lines gives, as text.
std::vector<std::string> wrapped(const std::string& text, std::size_t width) {
    std::vector<std::string> lines;
    for (const auto& [begin, end] : wrap_lines(text, width)) {
        lines.push_back(text.substr(begin, end - begin));
    }
    return lines;
}

struct WrapRow {
    std::string text;
    std::size_t width;
    std::vector<std::string> lines;
};

std::ostream& operator<<(std::ostream& os, const WrapRow& row) {
    return os << "'" << row.text << "' at " << row.width;
}

const WrapRow wrap_rows[] = {
    {"", 10, {}},
    {"short", 10, {"short"}},
    {"exactly ten", 11, {"exactly ten"}},
    {"North Korean troops have been deployed",
     12,
     {"North Korean", "troops have", "been", "deployed"}},
    {"a  b", 1, {"a", "b"}},                              // spaces at a break are dropped
    {"abcdefghij klm", 4, {"abcd", "efgh", "ij", "klm"}}, // a word longer than the line is cut
    {"caf\xC3\xA9 na\xC3\xAFve", 4, {"caf\xC3\xA9", "na\xC3\xAFv", "e"}}, // characters, not bytes
    {"\xE2\x80\xA6the end", 4, {"\xE2\x80\xA6the", "end"}},
};

struct FitRow {
    std::string text;
    std::size_t width;
    std::string fitted;
};

std::ostream& operator<<(std::ostream& os, const FitRow& row) {
    return os << "'" << row.text << "' in " << row.width;
}

const FitRow fit_rows[] = {
    {"cnn.com", 10, "cnn.com"},
    {"exactly 10", 10, "exactly 10"},
    {"eleven long", 10, "eleven lo\xE2\x80\xA6"},
    {"cut at a space here", 9, "cut at a\xE2\x80\xA6"}, // no space before the ellipsis
    {"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 3, "\xC3\xA9\xC3\xA9\xE2\x80\xA6"},
};

} // namespace

BOOST_AUTO_TEST_SUITE(wrap)

BOOST_DATA_TEST_CASE(wraps_at_spaces_within_the_width, bdata::make(wrap_rows), row) {
    BOOST_TEST(wrapped(row.text, row.width) == row.lines, boost::test_tools::per_element());
}

BOOST_DATA_TEST_CASE(cuts_long_values_with_an_ellipsis, bdata::make(fit_rows), row) {
    BOOST_TEST(news::searcher::fit_columns(row.text, row.width) == row.fitted);
    BOOST_TEST(news::searcher::text_columns(news::searcher::fit_columns(row.text, row.width)) <=
               row.width);
}

BOOST_AUTO_TEST_CASE(takes_the_width_from_columns_else_80) {
    ::setenv("COLUMNS", "60", 1);
    BOOST_TEST(news::searcher::terminal_columns() == 60U);
    ::setenv("COLUMNS", "wide", 1);
    const std::size_t fallback = news::searcher::terminal_columns();
    ::unsetenv("COLUMNS");
    BOOST_TEST(fallback == news::searcher::terminal_columns()); // the terminal's, or 80
}

BOOST_AUTO_TEST_SUITE_END()
