/// @file
/// @brief The story view as text (within a width) and as JSON.
#include "news/common/text.hpp"
#include "news/searcher/options.hpp"
#include "news/searcher/story_view.hpp"
#include "news/searcher/wrap.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string_view>

namespace news::searcher {
namespace {

using nlohmann::json;
using text::printable;

// @p s (already printable) wrapped at word boundaries: the first line starts with @p first, the
// others with @p rest (spaces), none longer than @p width columns. A word longer than a line is
// cut.
std::string wrap(const std::string& s, const std::string& first, const std::string& rest,
                 std::size_t width) {
    std::string out;
    std::string line = first;
    bool line_has_word = false;
    std::size_t k = 0;
    while (k < s.size()) {
        const std::size_t begin = s.find_first_not_of(' ', k);
        if (begin == std::string::npos) {
            break;
        }
        std::size_t end = s.find(' ', begin);
        end = end == std::string::npos ? s.size() : end;
        std::string word = s.substr(begin, end - begin);
        k = end;
        const std::size_t room = width - std::min(width, text_columns(rest));
        if (text_columns(word) > room) {
            word = fit_columns(word, room);
        }
        if (line_has_word && text_columns(line) + 1 + text_columns(word) > width) {
            out += line + "\n";
            line = rest;
            line_has_word = false;
        }
        line += (line_has_word ? " " : "") + word;
        line_has_word = true;
    }
    return out + line + "\n";
}

std::string nth(std::size_t version) {
    return fmt::format("[{}]", version + 1);
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

// "10,000" as the text wrote it, with its hedge: "as many as 12,000".
std::string hedged(const claims::Claim& claim) {
    return claim.hedge.empty() ? claim.quantity : claim.hedge + " " + claim.quantity;
}

std::string render_claims(const StoryView& view, std::size_t width) {
    std::string out = "\nNumbers the versions state (differences first)\n";
    if (view.claims.empty()) {
        out += "  (no numbers found)\n";
        return out;
    }
    for (const auto& group : view.claims) {
        const std::string verdict = group.disagrees ? "versions differ"
                                    : group.versions == 1
                                        ? "stated by one version only"
                                        : fmt::format("{} versions agree", group.versions);
        // "miles (range)", "troops (expected)": what is measured, and whether the versions
        // report it or expect it.
        std::string notes = group.about;
        if (group.projected) {
            notes += notes.empty() ? "expected" : ", expected";
        }
        const std::string subject = notes.empty() ? group.thing : group.thing + " (" + notes + ")";
        out += wrap(fmt::format("{} \u2014 {}", printable(subject), verdict), "  ", "    ", width);
        for (const auto& value : group.values) {
            if (value.statements.empty()) {
                continue;
            }
            std::string who;
            for (const auto& statement : value.statements) {
                const auto& label = statement.version < view.versions.size()
                                        ? view.versions[statement.version].label
                                        : std::string("?");
                who += (who.empty() ? "" : ", ") + nth(statement.version) + " " + printable(label);
            }
            const std::string only = value.statements.size() == 1 && group.values.size() > 1
                                         ? " (only this version)"
                                         : "";
            out += wrap(fmt::format("{}: {}{}", printable(hedged(value.statements.front().claim)),
                                    who, only),
                        "    ", "      ", width);
            for (const auto& statement : value.statements) {
                out += wrap(fmt::format("{} \u201c{}\u201d", nth(statement.version),
                                        printable(statement.claim.sentence)),
                            "      ", "          ", width);
            }
        }
    }
    return out;
}

} // namespace

std::string render_story_text(const StoryView& view, std::size_t width) {
    width = std::max<std::size_t>(width, 60);
    const auto& s = view.summary;
    std::string out;
    const std::string dates = s.first_date.empty()          ? "undated"
                              : s.first_date == s.last_date ? s.first_date
                                                            : s.first_date + " to " + s.last_date;
    out += wrap(fmt::format("Story {} \u00b7 {} \u00b7 {} \u00b7 {}", s.id,
                            plural(s.size, "article", "articles"),
                            plural(s.outlets.size(), "known outlet", "known outlets"), dates),
                "", "  ", width);

    out += "\nVersions, in order of appearance\n";
    std::size_t label_width = 6;
    for (const auto& v : view.versions) {
        label_width =
            std::max(label_width, std::min<std::size_t>(text_columns(printable(v.label)), 24));
    }
    const std::string header =
        fmt::format("  {:>3}  {:<10}  {:<{}}  {}", "#", "date", "outlet", label_width, "headline");
    out += header + "\n";
    const std::size_t indent = 2 + 3 + 2 + 10 + 2 + label_width + 2;
    for (std::size_t k = 0; k < view.versions.size(); ++k) {
        const auto& v = view.versions[k];
        const std::string label = fit_columns(printable(v.label), label_width);
        const std::string title = v.title.empty() ? "(untitled)" : printable(v.title);
        const std::string lead =
            fmt::format("  {:>3}  {:<10}  {}{}  ", nth(k), v.date.empty() ? "undated" : v.date,
                        label, std::string(label_width - text_columns(label), ' '));
        out += wrap(title, lead, std::string(indent, ' '), width);
        std::string meta = "id " + printable(v.id);
        if (!v.copy_of.empty()) {
            meta += " \u00b7 copy of " + printable(v.copy_of);
        }
        out += wrap(meta, std::string(indent, ' '), std::string(indent + 2, ' '), width);
    }

    out += "\nWhat each version says that the others do not\n";
    if (view.versions.size() < 2) {
        out += "  (a story of one version: nothing to compare)\n";
    }
    for (std::size_t k = 0; view.versions.size() > 1 && k < view.versions.size(); ++k) {
        const auto& v = view.versions[k];
        out += wrap(nth(k) + " " + printable(v.label), "  ", "      ", width);
        std::string words;
        for (const auto& term : v.distinctive_terms) {
            words += (words.empty() ? "" : ", ") + printable(term.word);
        }
        out += wrap("words: " + (words.empty() ? std::string("(none)") : words), "      ",
                    "             ", width);
        for (const auto& sentence : v.distinctive_sentences) {
            out += wrap("\u201c" + printable(sentence) + "\u201d", "      - ", "        ", width);
        }
    }
    out += render_claims(view, width);
    return out;
}

std::string render_story_json(const StoryView& view) {
    const auto nullable = [](const std::string& v) { return v.empty() ? json(nullptr) : json(v); };
    const auto& s = view.summary;
    json versions = json::array();
    for (const auto& v : view.versions) {
        json terms = json::array();
        for (const auto& term : v.distinctive_terms) {
            terms.push_back({{"word", term.word}, {"count", term.count}, {"score", term.score}});
        }
        versions.push_back({{"id", v.id},
                            {"title", nullable(v.title)},
                            {"source", nullable(v.source)},
                            {"label", v.label},
                            {"date", nullable(v.date)},
                            {"url", nullable(v.url)},
                            {"copy_of", nullable(v.copy_of)},
                            {"words", v.words},
                            {"distinctive_terms", terms},
                            {"distinctive_sentences", v.distinctive_sentences}});
    }
    json groups = json::array();
    for (const auto& group : view.claims) {
        json values = json::array();
        for (const auto& value : group.values) {
            json statements = json::array();
            for (const auto& st : value.statements) {
                const bool known = st.version < view.versions.size();
                statements.push_back(
                    {{"version", st.version + 1},
                     {"article_id", known ? json(view.versions[st.version].id) : json(nullptr)},
                     {"outlet", known ? json(view.versions[st.version].label) : json(nullptr)},
                     {"quantity", st.claim.quantity},
                     {"hedge", nullable(st.claim.hedge)},
                     {"thing", st.claim.thing},
                     {"sentence", st.claim.sentence}});
            }
            values.push_back({{"value", value.value},
                              {"high", value.high},
                              {"hedge", nullable(value.hedge)},
                              {"single_version", value.statements.size() == 1},
                              {"statements", statements}});
        }
        groups.push_back({{"thing", group.thing},
                          {"about", nullable(group.about)},
                          {"projected", group.projected},
                          {"disagrees", group.disagrees},
                          {"versions", group.versions},
                          {"values", values}});
    }
    json out = {{"format_version", 2},
                {"story",
                 {{"id", s.id},
                  {"size", s.size},
                  {"outlets", s.outlets},
                  {"first_date", nullable(s.first_date)},
                  {"last_date", nullable(s.last_date)},
                  {"article_ids", s.article_ids}}},
                {"versions", versions},
                {"claims", groups},
                {"elapsed_ms", view.elapsed_ms}};
    return out.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::optional<std::string> run_story_command(Searcher& searcher, const SearchConfig& config) {
    if (config.stories) {
        const auto list = list_stories(searcher, *config.stories);
        return config.json ? render_story_list_json(*config.stories, list)
                           : render_story_list_text(*config.stories, list);
    }
    if (config.story.empty()) {
        return std::nullopt;
    }
    const auto& db = searcher.database();
    const auto view = build_story_view(db, searcher.stemmer(), resolve_story(db, config.story));
    return config.json ? render_story_json(view)
                       : render_story_text(view, std::min<std::size_t>(terminal_columns(), 100));
}

} // namespace news::searcher
