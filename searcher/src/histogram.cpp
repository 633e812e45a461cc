/// @file
/// @brief Histogram: exact per-day counts from the Day slot, summed into zero-filled periods.
#include "news/searcher/histogram.hpp"

#include "news/common/date.hpp"
#include "news/common/error.hpp"
#include "news/common/schema.hpp"
#include "news/searcher/facets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <utility>

namespace news::searcher {
namespace {

std::chrono::sys_days to_days(const Date& date) {
    return std::chrono::year_month_day{std::chrono::year{date.year}, std::chrono::month{date.month},
                                       std::chrono::day{date.day}};
}

Date to_date(std::chrono::sys_days days) {
    const std::chrono::year_month_day ymd{days};
    return Date{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day())};
}

// The Monday of the ISO week that holds @p days.
std::chrono::sys_days monday_of(std::chrono::sys_days days) {
    return days - std::chrono::days{std::chrono::weekday{days}.iso_encoding() - 1};
}

// The first day of the period of @p interval that holds @p date.
Date period_start(const Date& date, Interval interval) {
    switch (interval) {
    case Interval::Day:
        return date;
    case Interval::Week:
        return to_date(monday_of(to_days(date)));
    case Interval::Month:
        return Date{date.year, date.month, 1};
    case Interval::Year:
        return Date{date.year, 1, 1};
    }
    return date;
}

// The first day of the period after the one starting on @p start.
Date next_period(const Date& start, Interval interval) {
    switch (interval) {
    case Interval::Day:
        return to_date(to_days(start) + std::chrono::days{1});
    case Interval::Week:
        return to_date(to_days(start) + std::chrono::days{7});
    case Interval::Month:
        return start.month == 12 ? Date{start.year + 1, 1, 1}
                                 : Date{start.year, start.month + 1, 1};
    case Interval::Year:
        return Date{start.year + 1, 1, 1};
    }
    return start;
}

// The first days of every period from the one holding @p first to the one holding @p last.
std::vector<Date> period_starts(Interval interval, const Date& first, const Date& last) {
    std::vector<Date> starts;
    const Date end = period_start(last, interval);
    for (Date at = period_start(first, interval); at <= end; at = next_period(at, interval)) {
        if (starts.size() == max_histogram_periods) {
            throw Error(ErrorKind::Usage,
                        fmt::format("--histogram {}: {} to {} is more than {} periods",
                                    interval_name(interval), date::to_iso(first),
                                    date::to_iso(last), max_histogram_periods),
                        "choose a longer interval, or narrow the dates with --since/--until");
        }
        starts.push_back(at);
    }
    return starts;
}

// Exact per-day counts of the matches of @p query, and how many matches there are in all.
struct DailyCount {
    DayCounts days;
    Xapian::doccount matches = 0;
    Xapian::doccount dated = 0;
};

DailyCount count_days(const Xapian::Database& db, const Xapian::Query& query) {
    Xapian::ValueCountMatchSpy spy(schema::Day);
    DailyCount out;
    out.matches = count_every_match(
        db, query, [&spy](Xapian::Enquire& enquire) { enquire.add_matchspy(&spy); });
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        // A value that is not a date (a foreign or damaged database) counts as undated.
        if (const auto day = date::parse_iso(*it); day && date::is_valid(*day)) {
            out.days[*day] += it.get_termfreq();
            out.dated += it.get_termfreq();
        }
    }
    return out;
}

HistogramSeries make_series(std::string name, const DailyCount& daily, Interval interval,
                            const Date& first, const Date& last) {
    HistogramSeries series;
    series.name = std::move(name);
    series.counts = bucket_days(daily.days, interval, first, last);
    series.total = daily.matches;
    series.undated = daily.matches - std::min(daily.dated, daily.matches);
    return series;
}

} // namespace

std::optional<Interval> parse_interval(std::string_view name) {
    for (const auto interval : {Interval::Day, Interval::Week, Interval::Month, Interval::Year}) {
        if (name == interval_name(interval)) {
            return interval;
        }
    }
    return std::nullopt;
}

std::string_view interval_name(Interval interval) {
    switch (interval) {
    case Interval::Day:
        return "day";
    case Interval::Week:
        return "week";
    case Interval::Month:
        return "month";
    case Interval::Year:
        return "year";
    }
    return "month";
}

std::string period_label(const Date& date, Interval interval) {
    switch (interval) {
    case Interval::Day:
        return date::to_iso(date);
    case Interval::Week: {
        // ISO 8601: a week belongs to the year of its Thursday, and week 1 holds January 4.
        const Date thursday = to_date(monday_of(to_days(date)) + std::chrono::days{3});
        const auto week = (to_days(thursday) - to_days({thursday.year, 1, 1})).count() / 7;
        return fmt::format("{:04}-W{:02}", thursday.year, week + 1);
    }
    case Interval::Month:
        return fmt::format("{:04}-{:02}", date.year, date.month);
    case Interval::Year:
        return fmt::format("{:04}", date.year);
    }
    return date::to_iso(date);
}

std::vector<std::string> period_labels(Interval interval, const Date& first, const Date& last) {
    std::vector<std::string> labels;
    for (const auto& start : period_starts(interval, first, last)) {
        labels.push_back(period_label(start, interval));
    }
    return labels;
}

std::vector<Xapian::doccount> bucket_days(const DayCounts& days, Interval interval,
                                          const Date& first, const Date& last) {
    const auto starts = period_starts(interval, first, last);
    std::vector<Xapian::doccount> counts(starts.size(), 0);
    for (const auto& [day, count] : days) {
        const auto at = std::lower_bound(starts.begin(), starts.end(), period_start(day, interval));
        if (at != starts.end() && *at == period_start(day, interval)) {
            counts[static_cast<std::size_t>(at - starts.begin())] += count;
        }
    }
    return counts;
}

namespace {

// The facet --by names (nullptr when none is named).
const schema::FacetField* by_field(const std::string& name) {
    if (name.empty()) {
        return nullptr;
    }
    return &schema::require_facet(name, "--by");
}

// --normalize: each period's count as a share of all the database's articles in that period
// (nullopt where there are none). @p range is [from, to] of the periods, if any.
void add_shares(Histogram& histogram, const Xapian::Database& db,
                std::optional<std::pair<Date, Date>> range) {
    histogram.normalized = true;
    if (range) {
        const DailyCount everything = count_days(db, Xapian::Query::MatchAll);
        histogram.all_articles =
            bucket_days(everything.days, histogram.interval, range->first, range->second);
    }
    for (auto& series : histogram.series) {
        for (std::size_t i = 0; i < series.counts.size(); ++i) {
            const auto denominator = histogram.all_articles[i];
            series.shares.push_back(
                denominator == 0 ? std::nullopt
                                 : std::optional<double>(static_cast<double>(series.counts[i]) /
                                                         static_cast<double>(denominator)));
        }
    }
}

} // namespace

Histogram compute_histogram(const Xapian::Database& db, const Xapian::Query& query,
                            const HistogramRequest& request, std::optional<Date> since,
                            std::optional<Date> until) {
    const schema::FacetField* by = by_field(request.by);
    Histogram histogram;
    histogram.interval = request.interval;
    histogram.by = request.by;
    const DailyCount all = count_days(db, query);
    histogram.matches = all.matches;
    histogram.undated = all.matches - std::min(all.dated, all.matches);

    // The range: the --since/--until bounds where given, else the first and last dated match.
    std::optional<Date> first = since;
    std::optional<Date> last = until;
    if (!all.days.empty()) {
        first = first.value_or(all.days.begin()->first);
        last = last.value_or(all.days.rbegin()->first);
    }
    if (!first || !last) { // no dated match and at most one bound: that bound's period alone
        first = first ? first : last;
        last = first;
    }
    if (first && *last < *first) {
        last = first;
    }
    if (first) {
        histogram.periods = period_labels(request.interval, *first, *last);
    }
    const Date from = first.value_or(Date{1970, 1, 1});
    const Date to = first ? *last : from;
    const auto series_of = [&](std::string name, const DailyCount& daily) {
        auto series = make_series(std::move(name), daily, request.interval, from, to);
        if (!first) {
            series.counts.clear();
        }
        return series;
    };

    if (by == nullptr) {
        histogram.series.push_back(series_of("all", all));
    } else {
        // The values with the most matches (FacetCounter merges spellings as --facet does),
        // each counted again through its filter term; "other" is every match with none of them.
        FacetCounter counter(db, {request.by});
        counter.count(db, query);
        const auto facet = counter.results(request.by_limit).front();
        std::vector<Xapian::Query> shown;
        for (const auto& value : facet.values) {
            const Xapian::Query term(schema::filter_term(*by, value.value));
            shown.push_back(term);
            histogram.series.push_back(series_of(
                value.value, count_days(db, Xapian::Query(Xapian::Query::OP_FILTER, query, term))));
        }
        const Xapian::Query any_shown(Xapian::Query::OP_OR, shown.begin(), shown.end());
        histogram.series.push_back(series_of(
            "other", shown.empty() ? all
                                   : count_days(db, Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                                                                  any_shown))));
    }

    if (request.normalize) {
        add_shares(histogram, db,
                   first ? std::optional<std::pair<Date, Date>>({from, to}) : std::nullopt);
    }
    return histogram;
}

} // namespace news::searcher
