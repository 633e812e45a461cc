/// @file
/// @brief Histogram renderers: bars or a table for people, a JSON object for programs.
#include "news/common/text.hpp"
#include "news/searcher/histogram.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace news::searcher {
namespace {

using nlohmann::json;

constexpr std::string_view block = "\u2588"; // a full block: one column

// "37", or with shares "4.1%", and "-" when the database has no article in the period.
std::string cell(const HistogramSeries& series, std::size_t i, bool normalized) {
    if (!normalized) {
        return fmt::format("{}", series.counts[i]);
    }
    return series.shares[i] ? fmt::format("{:.1f}%", *series.shares[i] * 100) : "-";
}

double magnitude(const HistogramSeries& series, std::size_t i, bool normalized) {
    if (normalized) {
        return series.shares[i].value_or(0.0);
    }
    return static_cast<double>(series.counts[i]);
}

std::string bars(const Histogram& histogram, std::size_t width) {
    const auto& series = histogram.series.front();
    const bool normalized = histogram.normalized;
    std::size_t label_width = 7; // "undated"
    std::size_t value_width = 1;
    double largest = 0;
    std::vector<std::string> values;
    for (std::size_t i = 0; i < histogram.periods.size(); ++i) {
        label_width = std::max(label_width, histogram.periods[i].size());
        values.push_back(cell(series, i, normalized));
        if (normalized && series.shares[i]) {
            values.back() += fmt::format(" ({}/{})", series.counts[i], histogram.all_articles[i]);
        }
        value_width = std::max(value_width, values.back().size());
        largest = std::max(largest, magnitude(series, i, normalized));
    }
    // label, two spaces, the bar, one space, the value.
    const std::size_t used = label_width + 2 + 1 + value_width;
    const std::size_t bar_width = width > used + 10 ? width - used : 10;
    std::string out;
    for (std::size_t i = 0; i < histogram.periods.size(); ++i) {
        const double value = magnitude(series, i, normalized);
        auto length = largest > 0 ? static_cast<std::size_t>(std::lround(
                                        value / largest * static_cast<double>(bar_width)))
                                  : 0;
        if (value > 0 && length == 0) {
            length = 1; // a period with a match never looks empty
        }
        std::string bar;
        for (std::size_t k = 0; k < length; ++k) {
            bar += block;
        }
        out += fmt::format("{:<{}}  {}{:<{}} {:>{}}\n", histogram.periods[i], label_width, bar, "",
                           bar_width - length, values[i], value_width);
    }
    out += fmt::format("{:<{}}  {}\n", "undated", label_width, histogram.undated);
    return out;
}

std::string table(const Histogram& histogram) {
    const bool normalized = histogram.normalized;
    std::vector<std::string> names;
    std::vector<std::size_t> widths;
    std::size_t label_width = 7;
    for (const auto& label : histogram.periods) {
        label_width = std::max(label_width, label.size());
    }
    for (const auto& series : histogram.series) {
        names.push_back(text::printable(series.name));
        std::size_t w = std::max<std::size_t>(names.back().size(), 6);
        for (std::size_t i = 0; i < series.counts.size(); ++i) {
            w = std::max(w, cell(series, i, normalized).size());
        }
        widths.push_back(w);
    }
    std::string out = fmt::format("{:<{}}", "period", label_width);
    for (std::size_t s = 0; s < names.size(); ++s) {
        out += fmt::format("  {:>{}}", names[s], widths[s]);
    }
    out += "\n";
    for (std::size_t i = 0; i < histogram.periods.size(); ++i) {
        out += fmt::format("{:<{}}", histogram.periods[i], label_width);
        for (std::size_t s = 0; s < names.size(); ++s) {
            out += fmt::format("  {:>{}}", cell(histogram.series[s], i, normalized), widths[s]);
        }
        out += "\n";
    }
    out += fmt::format("{:<{}}", "undated", label_width);
    for (std::size_t s = 0; s < names.size(); ++s) {
        out += fmt::format("  {:>{}}", histogram.series[s].undated, widths[s]);
    }
    out += "\n";
    return out;
}

} // namespace

std::string render_histogram_text(const Histogram& histogram, std::size_t width) {
    const std::string_view name = interval_name(histogram.interval);
    std::string out = fmt::format("\nmatches per {}{}{}{}:\n", name,
                                  histogram.interval == Interval::Week ? " (ISO weeks)" : "",
                                  histogram.by.empty() ? "" : ", by " + histogram.by,
                                  histogram.normalized ? ", as a share of all articles" : "");
    if (histogram.periods.empty()) {
        out += fmt::format("    (no dated matches)\nundated  {}\n", histogram.undated);
        return out;
    }
    return out + (histogram.by.empty() ? bars(histogram, width) : table(histogram));
}

std::string render_histogram_json(const Histogram& histogram) {
    json series = json::array();
    for (const auto& s : histogram.series) {
        json one = {
            {"name", s.name}, {"counts", s.counts}, {"total", s.total}, {"undated", s.undated}};
        if (histogram.normalized) {
            json shares = json::array();
            for (const auto& share : s.shares) {
                shares.push_back(share ? json(*share) : json(nullptr));
            }
            one["shares"] = shares;
        }
        series.push_back(one);
    }
    json out = {{"interval", interval_name(histogram.interval)},
                {"periods", histogram.periods},
                {"by", histogram.by.empty() ? json(nullptr) : json(histogram.by)},
                {"series", series},
                {"matches", histogram.matches},
                {"undated", histogram.undated},
                {"normalized", histogram.normalized}};
    if (histogram.normalized) {
        out["all_articles"] = histogram.all_articles;
    }
    return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace news::searcher
