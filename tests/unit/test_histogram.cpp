/// @file
/// @brief Unit tests: histogram (period labels, zero-filled buckets, ISO weeks, undated count,
/// --by series with "other", normalised shares).
#include "news/common/error.hpp"
#include "news/indexer/index_writer.hpp"
#include "news/searcher/histogram.hpp"
#include "news/searcher/query_builder.hpp"

#include "support/temp_dir.hpp"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include <numeric>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace bdata = boost::unit_test::data;
using news::Date;
using news::searcher::Histogram;
using news::searcher::HistogramRequest;
using news::searcher::Interval;
using Counts = std::vector<Xapian::doccount>;
using Labels = std::vector<std::string>;

auto has_kind(news::ErrorKind kind) {
    return [kind](const news::Error& e) { return e.kind() == kind; };
}

// Five articles say "storm" (one undated, none in February or March), two say "calm".
struct StormDb {
    news::test::TempDir dir;
    std::string path = dir / "db";

    StormDb() {
        news::indexer::WriterOptions options;
        options.path = path;
        news::indexer::IndexWriter writer(options);
        const auto add = [&](std::string id, std::string body, std::string source,
                             std::optional<Date> date) {
            news::Article a;
            a.id = std::move(id);
            a.body = std::move(body);
            a.source = std::move(source);
            a.date = date;
            writer.add(a);
        };
        add("a1", "Storm warning.", "Reuters", Date{2024, 1, 15});
        add("a2", "Storm damage.", "Reuters", Date{2024, 1, 20});
        add("a3", "Storm in the north.", "AP", Date{2024, 4, 2});
        add("a4", "Storm clouds.", "BBC", Date{2024, 4, 3});
        add("a5", "Storm, no date.", "Reuters", std::nullopt);
        add("a6", "A calm day.", "AP", Date{2024, 3, 10});
        add("a7", "Calm seas.", "Reuters", Date{2024, 4, 30});
        writer.commit();
    }

    [[nodiscard]] Histogram histogram(const HistogramRequest& request,
                                      std::optional<Date> since = std::nullopt,
                                      std::optional<Date> until = std::nullopt,
                                      std::string text = "storm") const {
        const Xapian::Database db(path);
        news::searcher::QueryBuilder builder(db, Xapian::Stem("english"));
        news::searcher::QueryRequest query;
        query.text = std::move(text);
        query.since = since;
        query.until = until;
        return news::searcher::compute_histogram(db, builder.build(query), request, since, until);
    }
};

HistogramRequest by_interval(Interval interval) {
    HistogramRequest request;
    request.interval = interval;
    return request;
}

struct LabelRow {
    Date date;
    Interval interval;
    std::string_view label;
};

std::ostream& operator<<(std::ostream& os, const LabelRow& row) {
    return os << row.label;
}

// ISO 8601 weeks: Monday first, week 1 holds January 4, a week belongs to its Thursday's year.
const LabelRow label_rows[] = {
    {{2024, 11, 18}, Interval::Day, "2024-11-18"}, {{2024, 11, 18}, Interval::Month, "2024-11"},
    {{2024, 11, 18}, Interval::Year, "2024"},      {{2024, 11, 18}, Interval::Week, "2024-W47"},
    {{2024, 11, 24}, Interval::Week, "2024-W47"}, // Sunday: same week
    {{2024, 11, 25}, Interval::Week, "2024-W48"}, // Monday: next week
    {{2024, 12, 30}, Interval::Week, "2025-W01"}, // December day in next year's week 1
    {{2021, 1, 3}, Interval::Week, "2020-W53"},   // January day in last year's week 53
    {{2021, 1, 4}, Interval::Week, "2021-W01"},    {{2026, 12, 31}, Interval::Week, "2026-W53"},
    {{2010, 1, 3}, Interval::Week, "2009-W53"},    {{2008, 12, 29}, Interval::Week, "2009-W01"},
    {{2000, 2, 29}, Interval::Week, "2000-W09"},
};

} // namespace

BOOST_AUTO_TEST_SUITE(histogram)

BOOST_DATA_TEST_CASE(labels_periods_with_iso_weeks, bdata::make(label_rows), row) {
    BOOST_TEST(news::searcher::period_label(row.date, row.interval) == row.label);
}

BOOST_AUTO_TEST_CASE(iso_weeks_sum_across_the_year_boundary) {
    const news::searcher::DayCounts days{
        {{2020, 12, 27}, 8}, // Sunday of 2020-W52
        {{2020, 12, 31}, 1}, // Thursday of 2020-W53
        {{2021, 1, 3}, 2},   // Sunday of 2020-W53
        {{2021, 1, 4}, 4},   // Monday of 2021-W01
        {{2021, 1, 19}, 16}, // 2021-W03; W02 stays empty
    };
    const Date first{2020, 12, 28};
    const Date last{2021, 1, 19};
    BOOST_TEST(news::searcher::period_labels(Interval::Week, first, last) ==
                   (Labels{"2020-W53", "2021-W01", "2021-W02", "2021-W03"}),
               boost::test_tools::per_element());
    // The day before the range is left out.
    BOOST_TEST(news::searcher::bucket_days(days, Interval::Week, first, last) ==
                   (Counts{3, 4, 0, 16}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(months_are_in_date_order_with_empty_ones_as_zero) {
    const StormDb db;
    const auto h = db.histogram(by_interval(Interval::Month));
    BOOST_TEST(h.periods == (Labels{"2024-01", "2024-02", "2024-03", "2024-04"}),
               boost::test_tools::per_element());
    BOOST_TEST_REQUIRE(h.series.size() == 1U);
    BOOST_TEST(h.series[0].name == "all");
    BOOST_TEST(h.series[0].counts == (Counts{2, 0, 0, 2}), boost::test_tools::per_element());
    BOOST_TEST(h.matches == 5U);
    BOOST_TEST(h.undated == 1U);
    const auto dated = std::accumulate(h.series[0].counts.begin(), h.series[0].counts.end(), 0U);
    BOOST_TEST(dated + h.undated == h.matches);
    BOOST_TEST(!h.normalized);
}

BOOST_AUTO_TEST_CASE(other_intervals_count_the_same_matches) {
    const StormDb db;
    const auto years = db.histogram(by_interval(Interval::Year));
    BOOST_TEST(years.periods == (Labels{"2024"}), boost::test_tools::per_element());
    BOOST_TEST(years.series[0].counts == (Counts{4}), boost::test_tools::per_element());
    const auto days = db.histogram(by_interval(Interval::Day));
    BOOST_TEST(days.periods.size() == 80U); // 2024-01-15 .. 2024-04-03 (a leap year)
    BOOST_TEST(days.periods.front() == "2024-01-15");
    BOOST_TEST(days.periods.back() == "2024-04-03");
    BOOST_TEST(std::accumulate(days.series[0].counts.begin(), days.series[0].counts.end(), 0U) ==
               4U);
    BOOST_TEST(days.series[0].counts[5] == 1U); // 2024-01-20
    BOOST_TEST(days.undated == 1U);
}

BOOST_AUTO_TEST_CASE(since_and_until_set_the_range_of_periods) {
    const StormDb db;
    const auto h = db.histogram(by_interval(Interval::Month), Date{2023, 12, 1}, Date{2024, 6, 30});
    BOOST_TEST(h.periods == (Labels{"2023-12", "2024-01", "2024-02", "2024-03", "2024-04",
                                    "2024-05", "2024-06"}),
               boost::test_tools::per_element());
    BOOST_TEST(h.series[0].counts == (Counts{0, 2, 0, 0, 2, 0, 0}),
               boost::test_tools::per_element());
    // A date range leaves the undated articles out of the matches.
    BOOST_TEST(h.matches == 4U);
    BOOST_TEST(h.undated == 0U);
}

BOOST_AUTO_TEST_CASE(a_query_with_only_undated_matches_has_no_periods) {
    const StormDb db;
    const auto h =
        db.histogram(by_interval(Interval::Month), std::nullopt, std::nullopt, "\"storm no date\"");
    BOOST_TEST(h.matches == 1U);
    BOOST_TEST(h.undated == 1U);
    BOOST_TEST(h.periods.empty());
    BOOST_TEST(h.series[0].counts.empty());
}

BOOST_AUTO_TEST_CASE(by_source_keeps_the_largest_series_and_other_so_totals_add_up) {
    const StormDb db;
    auto request = by_interval(Interval::Month);
    request.by = "source";
    request.by_limit = 1;
    const auto h = db.histogram(request);
    BOOST_TEST_REQUIRE(h.series.size() == 2U);
    BOOST_TEST(h.series[0].name == "Reuters");
    BOOST_TEST(h.series[0].counts == (Counts{2, 0, 0, 0}), boost::test_tools::per_element());
    BOOST_TEST(h.series[0].total == 3U);
    BOOST_TEST(h.series[0].undated == 1U);
    BOOST_TEST(h.series[1].name == "other");
    BOOST_TEST(h.series[1].counts == (Counts{0, 0, 0, 2}), boost::test_tools::per_element());
    BOOST_TEST(h.series[1].undated == 0U);
    BOOST_TEST(h.series[0].total + h.series[1].total == h.matches);

    request.by_limit = 0; // every source, and an empty "other"
    const auto all = db.histogram(request);
    BOOST_TEST_REQUIRE(all.series.size() == 4U);
    BOOST_TEST(all.series[3].name == "other");
    BOOST_TEST(all.series[3].total == 0U);
    for (std::size_t i = 0; i < all.periods.size(); ++i) {
        Xapian::doccount sum = 0;
        for (const auto& series : all.series) {
            sum += series.counts[i];
        }
        BOOST_TEST(sum == db.histogram(by_interval(Interval::Month)).series[0].counts[i]);
    }
}

BOOST_AUTO_TEST_CASE(by_an_unknown_facet_is_a_usage_error) {
    const StormDb db;
    auto request = by_interval(Interval::Month);
    request.by = "colour";
    BOOST_CHECK_EXCEPTION((void)db.histogram(request), news::Error,
                          has_kind(news::ErrorKind::Usage));
}

BOOST_AUTO_TEST_CASE(normalize_divides_by_all_articles_of_the_period) {
    const StormDb db;
    auto request = by_interval(Interval::Month);
    request.normalize = true;
    const auto h = db.histogram(request);
    BOOST_TEST(h.normalized);
    BOOST_TEST(h.all_articles == (Counts{2, 0, 1, 3}), boost::test_tools::per_element());
    const auto& shares = h.series[0].shares;
    BOOST_TEST_REQUIRE(shares.size() == 4U);
    BOOST_TEST(shares[0].value() == 1.0);
    BOOST_TEST(!shares[1].has_value()); // no article at all in February
    BOOST_TEST(shares[2].value() == 0.0);
    BOOST_TEST(shares[3].value() == 2.0 / 3.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(too_many_periods_is_a_usage_error) {
    const StormDb db;
    BOOST_CHECK_EXCEPTION(
        (void)db.histogram(by_interval(Interval::Day), Date{1, 1, 1}, Date{9999, 12, 31}),
        news::Error, has_kind(news::ErrorKind::Usage));
}

BOOST_AUTO_TEST_CASE(text_shows_bars_zeros_and_the_undated_count) {
    const StormDb db;
    const auto text =
        news::searcher::render_histogram_text(db.histogram(by_interval(Interval::Month)), 40);
    const std::string expected = "\nmatches per month:\n"
                                 "2024-01  \u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588"
                                 "\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588"
                                 "\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588 2\n"
                                 "2024-02                                0\n"
                                 "2024-03                                0\n"
                                 "2024-04  \u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588"
                                 "\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588"
                                 "\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588 2\n"
                                 "undated  1\n";
    BOOST_TEST(text == expected);
}

BOOST_AUTO_TEST_SUITE_END()
