/// @file
/// @brief Text and JSON renderers.
#include "news/searcher/render.hpp"

#include "news/common/date.hpp"
#include "news/common/text.hpp"
#include "news/searcher/wrap.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string_view>
#include <vector>

namespace news::searcher {
namespace {

using nlohmann::json;

constexpr std::string_view bold_on = "\x1b[1m";
constexpr std::string_view bold_off = "\x1b[0m";

using text::printable;

// Hits' snippets and facet values are indented by this much.
constexpr std::size_t indent = 4;
// Facet values are cut to at most this many columns (fewer on a narrow terminal), so that one
// long value (a byline, a URL) does not push every count off the screen.
constexpr std::size_t facet_value_columns = 40;
constexpr std::size_t min_facet_value_columns = 12;

// [from, to) of @p snippet's text, with its highlights in bold when @p bold. Each piece goes
// through printable() on its own, so the highlight offsets stay valid.
std::string highlighted(const Snippet& snippet, bool bold, std::size_t from, std::size_t to) {
    const std::string_view all = std::string_view(snippet.text).substr(0, to);
    if (!bold) {
        return printable(all.substr(from));
    }
    std::string out;
    std::size_t at = from;
    for (auto [begin, end] : snippet.highlights) {
        begin = std::max(begin, at);
        end = std::min(end, to);
        if (begin >= end) {
            continue;
        }
        out += printable(all.substr(at, begin - at));
        out += bold_on;
        out += printable(all.substr(begin, end - begin));
        out += bold_off;
        at = end;
    }
    out += printable(all.substr(at));
    return out;
}

std::string highlighted(const Snippet& snippet, bool bold) {
    return highlighted(snippet, bold, 0, snippet.text.size());
}

// The snippet wrapped to @p columns, each line indented under its hit.
std::string wrapped_snippet(const Snippet& snippet, bool bold, std::size_t columns) {
    std::string out;
    const std::size_t width = columns > indent * 2 ? columns - indent : indent;
    for (const auto& [begin, end] : wrap_lines(snippet.text, width)) {
        out += std::string(indent, ' ') + highlighted(snippet, bold, begin, end) + "\n";
    }
    return out;
}

// The title line: with --color the query words in it are bold, not the whole title.
std::string shown_title(const Hit& hit, bool bold) {
    if (hit.title.empty()) {
        return "(untitled)";
    }
    if (bold && !hit.title_highlight.highlights.empty()) {
        return highlighted(hit.title_highlight, true);
    }
    return printable(hit.title);
}

// "1 article matches 'q'", "12 articles match 'q'", and for an estimate (--fast-total)
// "about 50 articles match 'q' (an estimate: between 12 and 495)".
// Under --group stories the count is of stories; under --per-source, of the articles the cap
// leaves.
std::string describe_total(const Totals& total, const std::string& query,
                           const SearchRequest& request) {
    const std::string scope = describe_scope(request.query);
    const bool exact = total.lower == total.upper;
    const Xapian::doccount n = exact ? total.lower : total.estimate;
    const std::string_view verb = request.group_stories
                                      ? (n == 1 ? "story matches" : "stories match")
                                  : n == 1 ? "article matches"
                                           : "articles match";
    const std::string cap = !request.group_stories && request.per_source > 0
                                ? fmt::format(" (at most {} per outlet)", request.per_source)
                                : std::string{};
    if (exact) {
        return fmt::format("{} {} '{}'{}{}", n, verb, query, scope, cap);
    }
    return fmt::format("about {} {} '{}'{}{} (an estimate: between {} and {})", n, verb, query,
                       scope, cap, total.lower, total.upper);
}

// "story s0123456789ab · 5 articles (2 match) · 2024-11-17 to 2024-11-18 · CNN, Reuters"
std::string describe_story(const Hit& hit) {
    const StorySummary& s = *hit.story;
    std::string out = fmt::format("story {} \u00b7 {} {}", printable(s.id), s.size,
                                  s.size == 1 ? "article" : "articles");
    if (hit.story_matches > 0 && s.size > 1) {
        out += fmt::format(" ({} match)", hit.story_matches);
    }
    if (!s.first_date.empty()) {
        out += " \u00b7 " +
               (s.first_date == s.last_date ? s.first_date : s.first_date + " to " + s.last_date);
    }
    if (!s.outlets.empty()) {
        // A few outlets: the line is a summary, --story lists them all.
        constexpr std::size_t shown = 4;
        std::string outlets;
        for (std::size_t k = 0; k < s.outlets.size() && k < shown; ++k) {
            outlets += (outlets.empty() ? "" : ", ") + printable(s.outlets[k]);
        }
        if (s.outlets.size() > shown) {
            outlets += fmt::format(" and {} more", s.outlets.size() - shown);
        }
        out += fmt::format(" \u00b7 {} {}: {}", s.outlets.size(),
                           s.outlets.size() == 1 ? "outlet" : "outlets", outlets);
    }
    return out;
}

// The words the parser left out and its advice, one calm line each, after the count.
std::string describe_notes(const QueryNotes& notes) {
    std::string out;
    if (!notes.ignored_words.empty()) {
        std::string words;
        for (const auto& word : notes.ignored_words) {
            words += (words.empty() ? "" : ", ") + printable(word);
        }
        out += fmt::format("ignored common words: {}\n", words);
    }
    for (const auto& note : notes.notes) {
        out += fmt::format("note: {}\n", printable(note));
    }
    return out;
}

// Characters, not bytes, as fmt pads by characters: non-ASCII values still line up.
std::size_t display_width(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

// "note: news.db is being built by news-index (12,000 articles so far); results may be
// incomplete", before the count: a search during a build is not a search of an empty corpus.
std::string describe_build(const std::optional<BuildInProgress>& build) {
    if (!build) {
        return {};
    }
    std::string count = std::to_string(build->articles_so_far);
    for (std::size_t i = count.size(); i > 3; i -= 3) {
        count.insert(i - 3, 1, ',');
    }
    return fmt::format("note: {} is being built by news-index ({} {} so far{}); results may be "
                       "incomplete\n",
                       printable(build->database), count,
                       build->articles_so_far == 1 ? "article" : "articles",
                       build->sharded ? ", in shards merged at the end" : "");
}

// "partial results: 1 of 4 shards missing (tcp://host:7002)", before the count: the totals
// and facets below count only the shards that answered.
std::string describe_missing_shards(const SearchResult& result) {
    if (result.missing_shards.empty()) {
        return {};
    }
    std::string names;
    for (const auto& shard : result.missing_shards) {
        names += (names.empty() ? "" : ", ") + printable(shard.name);
    }
    return fmt::format("partial results: {} of {} shards missing ({}); counts are of the others\n",
                       result.missing_shards.size(), result.shard_count, names);
}

json nullable(const std::string& value) {
    return value.empty() ? json(nullptr) : json(value);
}

// A hit's "story" (format_version 2): null when the article has none (or it was not read).
json entities_json(const NamedEntities& entities) {
    return {{"person", entities.person}, {"place", entities.place}, {"org", entities.org}};
}

json story_json(const Hit& hit, const SearchRequest& request) {
    if (!hit.story) {
        return nullptr;
    }
    const StorySummary& s = *hit.story;
    json story = {{"id", s.id},
                  {"size", s.size},
                  {"outlets", s.outlets},
                  {"first_date", nullable(s.first_date)},
                  {"last_date", nullable(s.last_date)}};
    if (request.group_stories) {
        story["matches"] = hit.story_matches;
    }
    return story;
}

} // namespace

// Everything shown comes from the user or the corpus (query, ids taken from file names,
// titles, facet values): each goes through printable(), so a control character in it is shown
// escaped instead of reaching the terminal. Titles, bodies and facet values are cleaned at
// indexing time already; an older or foreign database may not be.
std::string render_text(const SearchRequest& request, const SearchResult& result,
                        const TextStyle& style) {
    std::string out;
    const std::string query = printable(request.query.text);
    const std::size_t columns = style.width > 0 ? style.width : terminal_columns();
    if (style.explain) {
        out += result.explanation;
        out += fmt::format("parsed query: {}\n", printable(result.parsed_query));
    }
    out += describe_build(result.build);
    out += describe_missing_shards(result);
    if (result.total.upper == 0) {
        out += fmt::format("No articles match '{}'{}{}.{}\n", query, describe_scope(request.query),
                           result.build ? " yet" : "",
                           result.suggestion ? " " + describe_suggestion(*result.suggestion) : "");
    } else if (request.limit == 0) {
        out += fmt::format("{}\n", describe_total(result.total, query, request));
    } else if (result.hits.empty()) {
        out += fmt::format("{}; none left after --offset {}.\n",
                           describe_total(result.total, query, request), request.offset);
    } else {
        out += fmt::format("{}; showing {}-{} ({:.1f} ms)\n",
                           describe_total(result.total, query, request), result.hits.front().rank,
                           result.hits.back().rank, result.elapsed_ms);
    }
    if (result.suggestion && result.total.upper > 0) {
        out += describe_suggestion(*result.suggestion) + "\n";
    }
    out += describe_notes(result.query_notes);
    for (const auto& hit : result.hits) {
        out += fmt::format("\n{:>2}. {}\n", hit.rank, shown_title(hit, style.bold));
        std::string meta = printable(hit.id);
        for (const std::string* part : {&hit.source, &hit.date}) {
            if (!part->empty()) {
                meta += " \u00b7 " + printable(*part);
            }
        }
        out += fmt::format("    {} \u00b7 score {:.3f}\n", meta, hit.score);
        if (request.group_stories && hit.story) {
            out += fmt::format("    {}\n", describe_story(hit));
        }
        out += wrapped_snippet(hit.snippet, style.bold, columns);
    }
    const bool more = result.hits.size() == request.limit && !result.hits.empty() &&
                      result.hits.back().rank < result.total.upper;
    if (more) {
        out += fmt::format("\nNext page: --offset {}\n", result.hits.back().rank);
    }
    for (const auto& facet : result.facets) {
        out += fmt::format("\n{}{}{}:\n", printable(facet.name),
                           request.facet_unit == FacetUnit::Stories ? " (stories)" : "",
                           result.facets_exact ? "" : " (counted over a sample)");
        if (facet.values.empty()) {
            out += "    (no values)\n";
        }
        std::vector<std::string> shown;
        std::size_t width = 0;
        // Room for the indent, two spaces and a six-digit count.
        const std::size_t value_columns =
            std::clamp<std::size_t>(columns > indent + 8 ? columns - indent - 8 : 0,
                                    min_facet_value_columns, facet_value_columns);
        for (const auto& value : facet.values) {
            shown.push_back(fit_columns(printable(value.value), value_columns));
            width = std::max(width, display_width(shown.back()));
        }
        for (std::size_t k = 0; k < shown.size(); ++k) {
            out += fmt::format("    {:<{}}  {:>6}\n", shown[k], width, facet.values[k].count);
        }
        if (facet.distinct > facet.values.size()) {
            out += fmt::format("    ... {} more values (--facet-limit)\n",
                               facet.distinct - facet.values.size());
        }
    }
    if (result.significant) {
        out += render_significant_text(*result.significant);
    }
    if (result.histogram) {
        out += render_histogram_text(*result.histogram, terminal_columns());
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
                        {"highlights", highlights},
                        {"story", story_json(hit, request)},
                        {"entities", entities_json(hit.entities)}});
    }
    json facets = json::object();
    for (const auto& facet : result.facets) {
        json values = json::array();
        for (const auto& value : facet.values) {
            values.push_back({{"value", value.value}, {"count", value.count}});
        }
        facets[facet.name] = values;
    }
    json filters = json::array();
    for (const auto& [name, value] : request.query.filters) {
        filters.push_back({{"name", name}, {"value", value}});
    }
    json missing = json::array();
    for (const auto& shard : result.missing_shards) {
        missing.push_back({{"shard", shard.name}, {"error", shard.error}});
    }
    json out = {
        {"format_version", 2},
        {"query", request.query.text},
        {"parsed_query", result.parsed_query},
        {"ignored_words", result.query_notes.ignored_words},
        {"notes", result.query_notes.notes},
        {"total",
         {{"estimate", result.total.estimate},
          {"lower", result.total.lower},
          {"upper", result.total.upper},
          {"exact", result.total.lower == result.total.upper}}},
        {"offset", request.offset},
        {"limit", request.limit},
        {"sort", request.sort == SortOrder::Date     ? "date"
                 : request.sort == SortOrder::Oldest ? "oldest"
                                                     : "relevance"},
        {"hits", hits},
        {"facets", facets},
        {"facets_exact", result.facets_exact},
        {"group", request.group_stories ? json("stories") : json(nullptr)},
        {"per_source", request.per_source == 0 ? json(nullptr) : json(request.per_source)},
        {"facet_count", request.facet_unit == FacetUnit::Stories ? "stories" : "articles"},
        {"elapsed_ms", result.elapsed_ms},
        {"filters", filters},
        {"like", request.query.like},
        {"recency", request.recency ? json{{"half_life_days", request.recency->half_life_days},
                                           {"now", request.recency->now
                                                       ? json(date::to_iso(*request.recency->now))
                                                       : json(nullptr)}}
                                    : json(nullptr)},
        {"like_terms", result.like_terms},
        {"since", request.query.since ? json(date::to_iso(*request.query.since)) : json(nullptr)},
        {"until", request.query.until ? json(date::to_iso(*request.query.until)) : json(nullptr)},
        {"suggestion", result.suggestion ? json(result.suggestion->text) : json(nullptr)},
        {"suggestion_total", result.suggestion ? json(result.suggestion->total) : json(nullptr)},
        {"build_in_progress", result.build
                                  ? json{{"articles_so_far", result.build->articles_so_far},
                                         {"sharded", result.build->sharded}}
                                  : json(nullptr)},
        {"shards",
         {{"total", result.shard_count},
          {"missing", missing},
          {"partial", !result.missing_shards.empty()}}},
    };
    if (request.explain) {
        out["explanation"] = result.explanation;
    }
    if (result.significant) {
        out["significant"] = json::parse(render_significant_json(*result.significant));
    }
    if (result.histogram) {
        out["histogram"] = json::parse(render_histogram_json(*result.histogram));
    }
    return out.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace news::searcher
