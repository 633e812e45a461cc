/// @file
/// @brief Unit tests: date (parsing news date forms, Unix times, ISO forms).
#include "news/common/date.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace {

namespace bdata = boost::unit_test::data;

std::string iso(const std::optional<news::Date>& d) {
    return d ? news::date::to_iso(*d) : "(none)";
}

struct ParseRow {
    std::string_view text;
    std::string_view expected; ///< YYYY-MM-DD
};

std::ostream& operator<<(std::ostream& os, const ParseRow& row) {
    return os << '"' << row.text << '"';
}

const ParseRow parsed_forms[] = {
    {"2024-11-18", "2024-11-18"},
    {"2024-11-18T09:30:00Z", "2024-11-18"},
    {"2024-11-18T09:30:00+05:30", "2024-11-18"},
    {"2024-11-18T23:30:00-05:00", "2024-11-18"}, // the stated day; the time is ignored
    {"2024-11-18t09:30", "2024-11-18"},
    {"2024-11-18 09:30:00", "2024-11-18"},
    {"2024/11/18", "2024-11-18"},
    {"  2024-11-18\n", "2024-11-18"},
    {"18 November 2024", "2024-11-18"},
    {"18 Nov 2024", "2024-11-18"},
    {"18 nov 2024", "2024-11-18"},
    {"November 18, 2024", "2024-11-18"},
    {"Nov. 18, 2024", "2024-11-18"},
    {"Sept. 5, 2024", "2024-09-05"},
    {"Monday, 18 November 2024", "2024-11-18"},
    {"Monday, November 18, 2024", "2024-11-18"},
    {"Mon, 18 Nov 2024 09:30:00 GMT", "2024-11-18"},
    {"18-NOV-1987", "1987-11-18"},
    {" 2-JUN-1987 10:00:00.00", "1987-06-02"},
    {"29 February 2024", "2024-02-29"},
    {"0001-01-01", "0001-01-01"},
    {"9999-12-31", "9999-12-31"},
};

const std::string_view unparsable[] = {
    "",           "   ",           "garbage",         "soon",           "2024-02-30", "2023-02-29",
    "2024-13-01", "2024-00-10",    "2024-11-00",      "0000-01-01",     "2024-11",    "2024-11-18X",
    "2024-11/18", "November 2024", "32 January 2024", "18 Smarch 2024", "18-NOV-87",  "18-XYZ-1987",
    "Monday",     "10000-01-01",
};

struct UnixRow {
    double seconds;
    std::string_view expected; ///< YYYY-MM-DD
};

std::ostream& operator<<(std::ostream& os, const UnixRow& row) {
    return os << row.seconds;
}

const UnixRow unix_times[] = {
    {0.0, "1970-01-01"},
    {-1.0, "1969-12-31"}, // floors, never truncates towards zero
    {-86400.0, "1969-12-31"},
    {-86401.0, "1969-12-30"},
    {1731888000.0, "2024-11-18"},
    {1731974399.0, "2024-11-18"},
    {1731974400.0, "2024-11-19"},
    {1731888000.5, "2024-11-18"},
    {951782400.0, "2000-02-29"},
    {-62135596800.0, "0001-01-01"}, // the first second of year 1
    {-62106825600.0, "0001-11-30"}, // still year 1: 333 days later
    {253402300799.0, "9999-12-31"}, // the last second of year 9999
};

const double implausible_unix_times[] = {
    -62135596801.0,
    253402300800.0,
    1e20,
    -1e20,
    std::numeric_limits<double>::infinity(),
    -std::numeric_limits<double>::infinity(),
    std::numeric_limits<double>::quiet_NaN(),
};

} // namespace

BOOST_AUTO_TEST_SUITE(date)

BOOST_DATA_TEST_CASE(parses_the_date_forms_news_inputs_use, bdata::make(parsed_forms), row) {
    BOOST_TEST(iso(news::date::parse(row.text)) == row.expected);
}

BOOST_DATA_TEST_CASE(rejects_impossible_dates_and_garbage, bdata::make(unparsable), text) {
    BOOST_TEST(!news::date::parse(text).has_value(), "parsed as " << iso(news::date::parse(text)));
}

BOOST_DATA_TEST_CASE(from_unix_seconds_gives_the_utc_day, bdata::make(unix_times), row) {
    BOOST_TEST(iso(news::date::from_unix_seconds(row.seconds)) == row.expected);
}

BOOST_DATA_TEST_CASE(from_unix_seconds_refuses_times_outside_years_1_to_9999,
                     bdata::make(implausible_unix_times), seconds) {
    BOOST_TEST(!news::date::from_unix_seconds(seconds).has_value());
}

BOOST_AUTO_TEST_CASE(parse_iso_reads_exactly_the_two_command_line_forms) {
    BOOST_TEST(iso(news::date::parse_iso("2024-11-18")) == "2024-11-18");
    BOOST_TEST(iso(news::date::parse_iso("20241118")) == "2024-11-18");
    for (const std::string_view text :
         {"", "2024-11-18T00:00", "2024/11/18", "18 November 2024", "2024-1-18", "2024-02-30",
          "20240230", "2024-11-1x", "+0241118", " 2024-11-18", "2024111"}) {
        BOOST_TEST(!news::date::parse_iso(text).has_value(), '"' << text << '"');
    }
}

BOOST_AUTO_TEST_CASE(to_iso_and_to_compact_pad_every_field) {
    BOOST_TEST(news::date::to_iso({2024, 11, 18}) == "2024-11-18");
    BOOST_TEST(news::date::to_compact({2024, 11, 18}) == "20241118");
    BOOST_TEST(news::date::to_iso({1, 1, 5}) == "0001-01-05");
    BOOST_TEST(news::date::to_compact({1, 1, 5}) == "00010105");
    BOOST_TEST(news::date::to_iso({987, 6, 2}) == "0987-06-02");
}

BOOST_AUTO_TEST_CASE(iso_and_compact_forms_round_trip_through_parse_iso) {
    for (const news::Date d : {news::Date{2024, 11, 18}, news::Date{1, 1, 1},
                               news::Date{9999, 12, 31}, news::Date{2000, 2, 29}}) {
        BOOST_TEST(iso(news::date::parse_iso(news::date::to_iso(d))) == news::date::to_iso(d));
        BOOST_TEST(iso(news::date::parse_iso(news::date::to_compact(d))) == news::date::to_iso(d));
    }
}

BOOST_AUTO_TEST_CASE(is_valid_accepts_only_real_calendar_days_in_years_1_to_9999) {
    BOOST_TEST(news::date::is_valid({2024, 2, 29}));
    BOOST_TEST(news::date::is_valid({2000, 2, 29}));
    BOOST_TEST(!news::date::is_valid({1900, 2, 29}));
    BOOST_TEST(!news::date::is_valid({2023, 2, 29}));
    BOOST_TEST(!news::date::is_valid({2024, 4, 31}));
    BOOST_TEST(!news::date::is_valid({2024, 0, 1}));
    BOOST_TEST(!news::date::is_valid({2024, 13, 1}));
    BOOST_TEST(!news::date::is_valid({2024, 1, 0}));
    BOOST_TEST(!news::date::is_valid({0, 1, 1}));
    BOOST_TEST(!news::date::is_valid({10000, 1, 1}));
    BOOST_TEST(!news::date::is_valid({-5, 1, 1}));
}

BOOST_AUTO_TEST_SUITE_END()
