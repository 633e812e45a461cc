/// @file
/// @brief Text and JSON renderers.
#include "news/searcher/render.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace news::searcher {
namespace {

using nlohmann::json;

constexpr std::string_view bold_on = "\x1b[1m";
constexpr std::string_view bold_off = "\x1b[0m";

std::string highlighted(const Snippet& snippet, bool bold) {
    if (!bold) {
        return snippet.text;
    }
    std::string out;
    std::size_t at = 0;
    for (const auto& [begin, end] : snippet.highlights) {
        out.append(snippet.text, at, begin - at);
        out += bold_on;
        out.append(snippet.text, begin, end - begin);
        out += bold_off;
        at = end;
    }
    out.append(snippet.text, at);
    return out;
}

// "1 article matches", "12 articles match", "about 1,200 articles match".
std::string describe_total(const Totals& total) {
    const bool exact = total.lower == total.upper;
    const Xapian::doccount n = exact ? total.lower : total.estimate;
    return fmt::format("{}{} {}", exact ? "" : "about ", n,
                       n == 1 ? "article matches" : "articles match");
}

// Characters, not bytes, as fmt pads by characters: non-ASCII values still line up.
std::size_t display_width(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

json nullable(const std::string& value) {
    return value.empty() ? json(nullptr) : json(value);
}

} // namespace

std::string render_text(const SearchRequest& request, const SearchResult& result,
                        const TextStyle& style) {
    std::string out;
    if (style.explain) {
        out += fmt::format("parsed query: {}\n", result.parsed_query);
    }
    if (result.total.upper == 0) {
        out += fmt::format("No articles match '{}'.\n", request.query.text);
    } else if (request.limit == 0) {
        out += fmt::format("{} '{}'\n", describe_total(result.total), request.query.text);
    } else if (result.hits.empty()) {
        out += fmt::format("{} '{}'; none left after --offset {}.\n", describe_total(result.total),
                           request.query.text, request.offset);
    } else {
        out += fmt::format("{} '{}'; showing {}-{} ({:.1f} ms)\n", describe_total(result.total),
                           request.query.text, result.hits.front().rank, result.hits.back().rank,
                           result.elapsed_ms);
    }
    for (const auto& hit : result.hits) {
        const std::string title = hit.title.empty() ? "(untitled)" : hit.title;
        out += fmt::format("\n{:>2}. {}{}{}\n", hit.rank, style.bold ? bold_on : "", title,
                           style.bold ? bold_off : "");
        std::string meta = hit.id;
        for (const std::string* part : {&hit.source, &hit.date}) {
            if (!part->empty()) {
                meta += " \u00b7 " + *part;
            }
        }
        out += fmt::format("    {} \u00b7 score {:.3f}\n", meta, hit.score);
        if (!hit.snippet.text.empty()) {
            out += fmt::format("    {}\n", highlighted(hit.snippet, style.bold));
        }
    }
    const bool more = result.hits.size() == request.limit && !result.hits.empty() &&
                      result.hits.back().rank < result.total.upper;
    if (more) {
        out += fmt::format("\nNext page: --offset {}\n", result.hits.back().rank);
    }
    for (const auto& facet : result.facets) {
        out += fmt::format("\n{}{}:\n", facet.name,
                           result.facets_exact ? "" : " (counted over a sample)");
        if (facet.values.empty()) {
            out += "    (no values)\n";
        }
        std::size_t width = 0;
        for (const auto& value : facet.values) {
            width = std::max(width, display_width(value.value));
        }
        for (const auto& value : facet.values) {
            out += fmt::format("    {:<{}}  {:>6}\n", value.value, width, value.count);
        }
        if (facet.distinct > facet.values.size()) {
            out += fmt::format("    ... {} more values (--facet-limit)\n",
                               facet.distinct - facet.values.size());
        }
    }
    return out;
}

std::string render_json(const SearchRequest& request, const SearchResult& result) {
    json hits = json::array();
    for (const auto& hit : result.hits) {
        json highlights = json::array();
        for (const auto& [begin, end] : hit.snippet.highlights) {
            highlights.push_back({begin, end});
        }
        hits.push_back({{"rank", hit.rank},
                        {"id", hit.id},
                        {"title", nullable(hit.title)},
                        {"source", nullable(hit.source)},
                        {"authors", hit.authors},
                        {"date", nullable(hit.date)},
                        {"url", nullable(hit.url)},
                        {"score", hit.score},
                        {"snippet", hit.snippet.text},
                        {"highlights", highlights}});
    }
    json facets = json::object();
    for (const auto& facet : result.facets) {
        json values = json::array();
        for (const auto& value : facet.values) {
            values.push_back({{"value", value.value}, {"count", value.count}});
        }
        facets[facet.name] = values;
    }
    const json out = {
        {"format_version", 1},
        {"query", request.query.text},
        {"parsed_query", result.parsed_query},
        {"total",
         {{"estimate", result.total.estimate},
          {"lower", result.total.lower},
          {"upper", result.total.upper},
          {"exact", result.total.lower == result.total.upper}}},
        {"offset", request.offset},
        {"limit", request.limit},
        {"sort", request.sort == SortOrder::Date ? "date" : "relevance"},
        {"hits", hits},
        {"facets", facets},
        {"facets_exact", result.facets_exact},
        {"elapsed_ms", result.elapsed_ms},
    };
    return out.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace news::searcher
