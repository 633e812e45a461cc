/// @file
/// @brief --show: reading one article and rendering it as text or JSON.
#include "news/searcher/show.hpp"

#include "news/common/date.hpp"
#include "news/common/error.hpp"
#include "news/common/payload.hpp"
#include "news/common/schema.hpp"
#include "news/common/stored_body.hpp"
#include "news/common/text.hpp"
#include "news/searcher/wrap.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string_view>
#include <vector>

namespace news::searcher {
namespace {

using nlohmann::ordered_json;

constexpr std::size_t narrowest = 20;

// The paragraphs of @p text (split at blank lines), each folded to lines of at most @p width
// columns (wrap_lines()), a blank line between paragraphs.
std::string wrap(std::string_view text, std::size_t width) {
    std::string out;
    std::string paragraph; // its words, one space apart
    const auto end_paragraph = [&] {
        if (paragraph.empty()) {
            return;
        }
        if (!out.empty()) {
            out += '\n';
        }
        for (const auto& line : wrap_lines(paragraph, width)) {
            out.append(paragraph, line.first, line.second - line.first);
            out += '\n';
        }
        paragraph.clear();
    };
    std::size_t newlines = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t word_start = text.find_first_not_of(" \t\r\n", i);
        if (word_start == std::string_view::npos) {
            break;
        }
        newlines += static_cast<std::size_t>(
            std::count(text.begin() + static_cast<std::ptrdiff_t>(i),
                       text.begin() + static_cast<std::ptrdiff_t>(word_start), '\n'));
        if (newlines >= 2) {
            end_paragraph();
        }
        newlines = 0;
        const std::size_t word_end =
            std::min(text.find_first_of(" \t\r\n", word_start), text.size());
        if (!paragraph.empty()) {
            paragraph += ' ';
        }
        paragraph.append(text.substr(word_start, word_end - word_start));
        i = word_end;
    }
    end_paragraph();
    return out;
}

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) {
        out += (out.empty() ? "" : "; ") + text::printable(v);
    }
    return out;
}

ordered_json nullable(const std::string& value) {
    return value.empty() ? ordered_json(nullptr) : ordered_json(value);
}

} // namespace

ShownArticle show_article(const Xapian::Database& db, const std::string& id) {
    const std::string term = schema::id_term(id);
    const auto posting = db.postlist_begin(term);
    if (posting == db.postlist_end(term)) {
        throw Error(ErrorKind::NotFound,
                    fmt::format("--show: no article with id '{}'", text::printable(id)),
                    "ids are as news-search lists them (the first field of each hit)");
    }
    const Xapian::Document doc = db.get_document(*posting);
    ShownArticle shown;
    shown.article = payload::decode(doc.get_data());
    shown.article.body = stored_body::of(doc);
    shown.entities_extracted =
        db.get_metadata(std::string(schema::metadata::entities)) == schema::metadata::entities_on;
    if (std::string story = doc.get_value(schema::Story); !story.empty()) {
        const Xapian::doccount size = db.get_termfreq(schema::story_term(story));
        shown.story = ShownStory{std::move(story), std::max<Xapian::doccount>(1, size),
                                 doc.get_value(schema::CopyOf)};
    }
    return shown;
}

std::string render_show_text(const ShownArticle& shown, std::size_t width) {
    width = std::max(width, narrowest);
    const Article& a = shown.article;
    std::string out;
    const auto field = [&](std::string_view name, const std::string& value) {
        if (!value.empty()) {
            out += fmt::format("{:<12}{}\n", fmt::format("{}:", name), value);
        }
    };
    field("id", text::printable(a.id));
    field("title", text::printable(a.title));
    field("date", a.date ? date::to_iso(*a.date) : std::string{});
    field("source", text::printable(a.source));
    field("authors", joined(a.authors));
    field("url", text::printable(a.url));
    field("categories", joined(a.categories));
    field("language", text::printable(a.language));
    field("dateline", text::printable(a.dateline));
    for (const auto& [name, values] : a.facets) {
        field(name, joined(values));
    }
    if (!shown.entities_extracted) {
        out += "entities:   not extracted (indexed with --no-entities)\n";
    } else if (a.entities.empty()) {
        out += "entities:   none found\n";
    } else {
        out += "entities:\n";
        const auto kind = [&](std::string_view name, const std::vector<std::string>& values) {
            out += fmt::format("  {:<10}{}\n", fmt::format("{}:", name),
                               values.empty() ? std::string("-") : joined(values));
        };
        kind("person", a.entities.person);
        kind("place", a.entities.place);
        kind("org", a.entities.org);
    }
    if (shown.story) {
        out += fmt::format("{:<12}{} ({} article{})", "story:", shown.story->id, shown.story->size,
                           shown.story->size == 1 ? "" : "s");
        if (!shown.story->copy_of.empty()) {
            out += fmt::format("; a copy of {}", text::printable(shown.story->copy_of));
        }
        out += '\n';
    }
    out += '\n';
    out += wrap(a.body, width);
    return out;
}

std::string render_show_json(const ShownArticle& shown) {
    const Article& a = shown.article;
    ordered_json facets = ordered_json::object();
    for (const auto& [name, values] : a.facets) {
        facets[name] = values;
    }
    ordered_json story = nullptr;
    if (shown.story) {
        story = {{"id", shown.story->id},
                 {"size", shown.story->size},
                 {"copy_of", nullable(shown.story->copy_of)}};
    }
    const ordered_json out = {
        {"format_version", 1},
        {"id", a.id},
        {"title", nullable(a.title)},
        {"date", a.date ? ordered_json(date::to_iso(*a.date)) : ordered_json(nullptr)},
        {"source", nullable(a.source)},
        {"authors", a.authors},
        {"url", nullable(a.url)},
        {"categories", a.categories},
        {"language", nullable(a.language)},
        {"dateline", nullable(a.dateline)},
        {"facets", facets},
        {"entities_extracted", shown.entities_extracted},
        {"entities",
         {{"person", a.entities.person}, {"place", a.entities.place}, {"org", a.entities.org}}},
        {"story", story},
        {"text", a.body}};
    return out.dump(-1, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string show_output(const Xapian::Database& db, const std::string& id, bool json) {
    const ShownArticle shown = show_article(db, id);
    return json ? render_show_json(shown) : render_show_text(shown, terminal_columns());
}

} // namespace news::searcher
