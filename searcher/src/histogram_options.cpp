/// @file
/// @brief The histogram flags of news-search.
#include "histogram_options.hpp"

#include "news/common/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace news::searcher::detail {
namespace {

bool has_extension(std::string path, std::string_view extension) {
    std::transform(path.begin(), path.end(), path.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return path.size() > extension.size() &&
           path.compare(path.size() - extension.size(), extension.size(), extension) == 0;
}

} // namespace

void add_histogram_options(cxxopts::Options& options) {
    options.add_options("Histogram")(
        "histogram",
        "also count the matches per day, week (ISO, Monday first), month or year, in date "
        "order with empty periods as 0, and the undated ones",
        cxxopts::value<std::string>(),
        "INTERVAL")("by", "one histogram series per value of facet NAME (e.g. source)",
                    cxxopts::value<std::string>(), "NAME")(
        "by-limit", "series kept with --by, largest first, then 'other' (0: all)",
        cxxopts::value<std::size_t>()->default_value("5"),
        "N")("normalize", "show each period's matches as a share of all articles of that period")(
        "plot", "also draw the histogram with gnuplot into FILE (.png or .svg)",
        cxxopts::value<std::string>(), "FILE");
}

HistogramOptions histogram_options(const cxxopts::ParseResult& parsed) {
    HistogramOptions out;
    if (parsed.count("histogram") == 0) {
        for (const char* flag : {"by", "normalize", "plot"}) {
            if (parsed.count(flag) > 0) {
                throw Error(ErrorKind::Usage, fmt::format("--{} needs --histogram", flag),
                            "add --histogram day, week, month or year");
            }
        }
        return out;
    }
    const auto name = parsed["histogram"].as<std::string>();
    const auto interval = parse_interval(name);
    if (!interval) {
        throw Error(ErrorKind::Usage,
                    fmt::format("--histogram '{}': expected day, week, month or year", name));
    }
    HistogramRequest request;
    request.interval = *interval;
    if (parsed.count("by") > 0) {
        request.by = parsed["by"].as<std::string>();
    }
    request.by_limit = parsed["by-limit"].as<std::size_t>();
    request.normalize = parsed.count("normalize") > 0;
    out.request = request;
    if (parsed.count("plot") > 0) {
        out.plot = parsed["plot"].as<std::string>();
        if (!has_extension(out.plot, ".png") && !has_extension(out.plot, ".svg")) {
            throw Error(
                ErrorKind::Usage,
                fmt::format("--plot '{}': expected a file name ending in .png or .svg", out.plot));
        }
    }
    return out;
}

} // namespace news::searcher::detail
