/// @file
/// @brief Coverage over time: exact match counts per day, ISO week, month or year, zero-filled.
#pragma once

#include "news/common/article.hpp"
#include "news/searcher/query_builder.hpp"

#include <xapian.h>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace news::searcher {

/// The length of one histogram period.
enum class Interval {
    Day,   ///< "2024-11-18"
    Week,  ///< ISO 8601 week, Monday to Sunday, labelled by its ISO year: "2024-W47"
    Month, ///< "2024-11"
    Year,  ///< "2024"
};

/// The interval called @p name ("day", "week", "month", "year"), or std::nullopt.
[[nodiscard]] std::optional<Interval> parse_interval(std::string_view name);

/// The name parse_interval() reads.
[[nodiscard]] std::string_view interval_name(Interval interval);

/// The label of the period of @p interval that holds @p date ("2024-W01" for 2024-12-30).
[[nodiscard]] std::string period_label(const Date& date, Interval interval);

/// What --histogram, --by, --by-limit and --normalize asked for.
struct HistogramRequest {
    Interval interval = Interval::Month; ///< period length
    std::string by;                      ///< facet name to split by (--by), or empty
    std::size_t by_limit = 5;            ///< series kept with --by, largest first (0: all)
    bool normalize = false;              ///< also give each count's share of all articles
};

/// The most periods one histogram may have (a day histogram over 270 years).
constexpr std::size_t max_histogram_periods = 100'000;

/// One line of a histogram: a facet value's matches, or all matches.
struct HistogramSeries {
    std::string name;                     ///< "all", a facet value, or "other" (with --by)
    std::vector<Xapian::doccount> counts; ///< matches per period, in the order of periods
    /// With normalize: counts[i] / all articles in period i; std::nullopt when the database has
    /// no article in that period.
    std::vector<std::optional<double>> shares;
    Xapian::doccount total = 0;   ///< matches in this series, dated or not
    Xapian::doccount undated = 0; ///< matches in this series without a date
};

/// Matches per period, from the first to the last period that has a match (or the --since and
/// --until bounds when given), empty periods included as zeros.
struct Histogram {
    Interval interval = Interval::Month;
    std::vector<std::string> periods; ///< period labels in date order
    /// Without --by: one series, "all". With --by: the largest values' series, largest first,
    /// then "other" (matches with none of those values). For a facet with one value per article
    /// the series add up to the matches; an article with two shown values (two authors) counts
    /// in both.
    std::vector<HistogramSeries> series;
    std::string by;               ///< the facet split by, or empty
    Xapian::doccount matches = 0; ///< all matches of the query (exact)
    Xapian::doccount undated = 0; ///< matches without a date (not in any period)
    bool normalized = false;      ///< shares were computed
    /// With normalize: all articles of the database per period (the denominators).
    std::vector<Xapian::doccount> all_articles;
};

/// Matches of one series per calendar day.
using DayCounts = std::map<Date, Xapian::doccount>;

/// Sums @p days into consecutive periods of @p interval from the period of @p first to the
/// period of @p last, both included. Days outside that range are left out.
/// @throws news::Error (Usage) when the range has more than max_histogram_periods periods.
[[nodiscard]] std::vector<Xapian::doccount> bucket_days(const DayCounts& days, Interval interval,
                                                        const Date& first, const Date& last);

/// The labels of the periods bucket_days() uses for the same range.
/// @throws news::Error (Usage) when the range has more than max_histogram_periods periods.
[[nodiscard]] std::vector<std::string> period_labels(Interval interval, const Date& first,
                                                     const Date& last);

/// Counts every match of @p query in @p db per day (the Day value slot, one exact pass with a
/// ValueCountMatchSpy) and sums the days into periods. @p since / @p until widen or fix the
/// range of periods shown. With request.by, one more pass per series; with request.normalize,
/// one pass over the whole database.
/// @throws news::Error (Usage) for an unknown --by facet or too many periods.
[[nodiscard]] Histogram compute_histogram(const Xapian::Database& db, const Xapian::Query& query,
                                          const HistogramRequest& request,
                                          std::optional<Date> since, std::optional<Date> until);

/// The histogram as text: one line per period with a bar scaled to @p width columns, or with
/// several series a table with one column per series; then the undated count.
[[nodiscard]] std::string render_histogram_text(const Histogram& histogram, std::size_t width);

/// The histogram as one JSON object (the "histogram" key of --json; searcher/README.md).
[[nodiscard]] std::string render_histogram_json(const Histogram& histogram);

/// The title of a plot of @p histogram for @p query: the query, the interval, the split and the
/// filters and dates.
[[nodiscard]] std::string plot_title(const Histogram& histogram, const QueryRequest& query);

/// Draws @p histogram with gnuplot into @p path (.png or .svg), one line per series, titled
/// with plot_title(). gnuplot runs as a child process on a data file and a script in a temp folder.
/// @throws news::Error: CannotCreate when @p path cannot be written; Internal when gnuplot is
/// missing or fails (its message in the error).
void plot_histogram(const Histogram& histogram, const QueryRequest& query, const std::string& path);

} // namespace news::searcher
