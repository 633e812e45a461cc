/// @file
/// @brief Reuters-21578 SGML parsing.
#include "news/readers/reuters_reader.hpp"

#include "news/common/date.hpp"
#include "news/common/text.hpp"

#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace news::reuters {
namespace {

using text::trim;

// The content of the first <tag ...>...</tag> in @p block, or nullopt.
std::optional<std::string_view> element(std::string_view block, std::string_view tag,
                                        std::string_view* attributes = nullptr) {
    const std::string open = "<" + std::string(tag);
    std::size_t at = 0;
    for (;;) {
        at = block.find(open, at);
        if (at == std::string_view::npos) {
            return std::nullopt;
        }
        const char after = at + open.size() < block.size() ? block[at + open.size()] : '\0';
        if (after == '>' || after == ' ') {
            break; // not a longer tag name such as <TEXTS>
        }
        at += open.size();
    }
    const std::size_t open_end = block.find('>', at);
    if (open_end == std::string_view::npos) {
        return std::nullopt;
    }
    if (attributes != nullptr) {
        *attributes = block.substr(at + open.size(), open_end - at - open.size());
    }
    const std::string close = "</" + std::string(tag) + ">";
    const std::size_t close_at = block.find(close, open_end + 1);
    if (close_at == std::string_view::npos) {
        return block.substr(open_end + 1); // unterminated: to the end of the element
    }
    return block.substr(open_end + 1, close_at - open_end - 1);
}

// The value of NAME="value" in an attribute list.
std::string_view attribute(std::string_view attributes, std::string_view name) {
    const std::string key = std::string(name) + "=\"";
    const std::size_t at = attributes.find(key);
    if (at == std::string_view::npos) {
        return {};
    }
    const std::size_t start = at + key.size();
    const std::size_t end = attributes.find('"', start);
    return end == std::string_view::npos ? std::string_view{}
                                         : attributes.substr(start, end - start);
}

// Decodes &lt; &gt; &amp; &quot; and &#N; (control characters stay, for repair to count).
std::string decode_entities(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '&') {
            out += raw[i];
            continue;
        }
        const std::size_t semicolon = raw.find(';', i);
        if (semicolon == std::string_view::npos || semicolon - i > 8) {
            out += raw[i];
            continue;
        }
        const std::string_view entity = raw.substr(i + 1, semicolon - i - 1);
        if (entity == "lt") {
            out += '<';
        } else if (entity == "gt") {
            out += '>';
        } else if (entity == "amp") {
            out += '&';
        } else if (entity == "quot") {
            out += '"';
        } else if (entity.size() > 1 && entity.front() == '#') {
            unsigned code = 0;
            const auto [end, ec] =
                std::from_chars(entity.data() + 1, entity.data() + entity.size(), code);
            if (ec != std::errc{} || end != entity.data() + entity.size() || code > 0x10FFFF) {
                out += raw[i];
                continue;
            }
            if (code < 0x80) {
                out += static_cast<char>(code);
            } else {
                std::string encoded;
                Xapian::Unicode::append_utf8(encoded, code);
                out += encoded;
            }
        } else {
            out += raw[i];
            continue;
        }
        i = semicolon;
    }
    return out;
}

// Decoded, repaired text; repairs are added to @p repairs.
std::string clean(std::string_view raw, Repairs& repairs) {
    auto repaired = text::repair_utf8(decode_entities(raw));
    if (auto* ok = std::get_if<text::CleanText>(&repaired)) {
        repairs.transcoded_bytes += ok->transcoded_bytes;
        repairs.removed_controls += ok->removed_controls;
        return std::string(trim(ok->text));
    }
    // Only the five bytes Windows-1252 leaves undefined get here; the collection has none.
    repairs.notes.push_back(std::get<text::Unreadable>(repaired).reason);
    return {};
}

// The <D> values of a category list, repaired like every other text of the element.
std::vector<std::string> d_values(std::string_view block, std::string_view tag, Repairs& repairs) {
    std::vector<std::string> values;
    const auto list = element(block, tag);
    if (!list) {
        return values;
    }
    std::string_view rest = *list;
    while (const auto value = element(rest, "D")) {
        if (std::string cleaned = clean(*value, repairs); !cleaned.empty()) {
            values.push_back(std::move(cleaned));
        }
        rest = rest.substr(static_cast<std::size_t>(value->data() - rest.data()) + value->size());
    }
    return values;
}

// "by Janie Gabbett, Reuters" -> {"Janie Gabbett"}; "By A and B, Reuters" -> {"A", "B"}.
std::vector<std::string> authors_of(std::string_view byline) {
    byline = trim(byline);
    if (byline.substr(0, 3) == "by " || byline.substr(0, 3) == "By " ||
        byline.substr(0, 3) == "BY ") {
        byline.remove_prefix(3);
    }
    if (const std::size_t comma = byline.rfind(','); comma != std::string_view::npos) {
        byline = byline.substr(0, comma); // ", Reuters"
    }
    std::vector<std::string> names;
    for (;;) {
        const std::size_t and_at = byline.find(" and ");
        names.emplace_back(trim(byline.substr(0, and_at)));
        if (and_at == std::string_view::npos) {
            break;
        }
        byline.remove_prefix(and_at + 5);
    }
    names.erase(std::remove(names.begin(), names.end(), std::string{}), names.end());
    return names;
}

// Drops the "Reuter" sign-off that ends most bodies.
std::string without_signoff(const std::string& body) {
    std::string_view text = trim(body);
    if (text.ends_with("Reuter")) {
        text.remove_suffix(6);
    }
    return std::string(trim(text));
}

ReadResult parse_element(std::string_view block, std::string_view open_attributes,
                         const Origin& origin) {
    const std::string_view newid = attribute(open_attributes, "NEWID");
    if (newid.empty()) {
        return Rejection{origin, "Reuters element without NEWID"};
    }
    Article article;
    const std::string clean_newid = clean(newid, article.repairs);
    if (clean_newid.empty()) {
        return Rejection{origin, "Reuters element without a readable NEWID"};
    }
    article.id = fmt::format("reuters:{}", clean_newid);
    article.origin = origin;
    article.source = "Reuters";
    article.language = "en";

    if (const auto raw_date = element(block, "DATE")) {
        const std::string date_text = clean(*raw_date, article.repairs);
        article.date = date::parse(date_text);
        if (!article.date) {
            article.repairs.notes.push_back(
                fmt::format("unparsable date '{}' ignored", text::utf8_prefix(date_text, 40)));
        }
    }
    static constexpr std::array<std::pair<std::string_view, const char*>, 5> lists{{
        {"TOPICS", "topic"},
        {"PLACES", "place"},
        {"PEOPLE", "person"},
        {"ORGS", "org"},
        {"EXCHANGES", "exchange"},
    }};
    for (const auto& [tag, facet] : lists) {
        auto values = d_values(block, tag, article.repairs);
        if (!values.empty()) {
            article.facets[facet] = std::move(values);
        }
    }

    std::string_view text_attributes;
    const auto text_element = element(block, "TEXT", &text_attributes);
    if (text_element) {
        const std::string_view type = attribute(text_attributes, "TYPE");
        if (const auto title = element(*text_element, "TITLE")) {
            article.title = clean(*title, article.repairs);
        }
        if (const auto dateline = element(*text_element, "DATELINE")) {
            std::string line = clean(*dateline, article.repairs);
            if (line.ends_with(" -") || line.ends_with("-")) {
                line = std::string(trim(line.substr(0, line.rfind('-'))));
            }
            article.dateline = std::move(line);
        }
        if (const auto author = element(*text_element, "AUTHOR")) {
            article.authors = authors_of(clean(*author, article.repairs));
        }
        if (type == "UNPROC") {
            article.body = without_signoff(clean(*text_element, article.repairs));
        } else if (const auto body = element(*text_element, "BODY")) {
            article.body = without_signoff(clean(*body, article.repairs));
        }
        // TYPE="BRIEF": title only; its "Blah blah blah." filler is not the story.
    }
    // An element with no text at all is still an article of the collection: its date and
    // facets can be searched and counted.
    return article;
}

// Where the next <REUTERS> start tag (not </REUTERS>, not a longer name) is, from @p from.
std::size_t find_start(std::string_view bytes, std::size_t from) {
    for (;;) {
        const std::size_t at = bytes.find("<REUTERS", from);
        if (at == std::string_view::npos) {
            return at;
        }
        const char after = at + 8 < bytes.size() ? bytes[at + 8] : '\0';
        if (after == ' ' || after == '>' || after == '\n' || after == '\t' || after == '\0') {
            return at;
        }
        from = at + 8;
    }
}

} // namespace

void parse_file(std::string_view bytes, const std::string& path,
                const std::function<void(ReadResult&&)>& sink) {
    std::size_t line = 1;
    std::size_t counted_to = 0;
    const auto line_at = [&](std::size_t offset) {
        line +=
            static_cast<std::size_t>(std::count(bytes.begin() + static_cast<long>(counted_to),
                                                bytes.begin() + static_cast<long>(offset), '\n'));
        counted_to = offset;
        return line;
    };
    std::size_t start = find_start(bytes, 0);
    while (start != std::string_view::npos) {
        const Origin origin{path, line_at(start)};
        const std::size_t open_end = bytes.find('>', start);
        if (open_end == std::string_view::npos) {
            sink(Rejection{origin, "cannot read: the file ends inside a <REUTERS> tag"});
            return;
        }
        const std::string_view attributes = bytes.substr(start + 8, open_end - start - 8);
        const std::string_view newid = attribute(attributes, "NEWID");
        const std::string name =
            newid.empty() ? std::string("Reuters element")
                          : fmt::format("Reuters element NEWID={}", text::printable(newid));
        // The element ends at its </REUTERS>; when that is missing, at the next <REUTERS> tag
        // (elements never nest) or at the end of the file.
        const std::size_t next = find_start(bytes, open_end + 1);
        const std::size_t close = bytes.find("</REUTERS>", open_end + 1);
        const bool closed = close != std::string_view::npos && close < next;
        const std::size_t end = closed ? close : std::min(next, bytes.size());
        const std::string_view block = bytes.substr(open_end + 1, end - open_end - 1);
        const std::string where =
            next == std::string_view::npos
                ? std::string("the end of the file")
                : fmt::format("the next <REUTERS> tag, line {}",
                              line + static_cast<std::size_t>(std::count(
                                         bytes.begin() + static_cast<long>(start),
                                         bytes.begin() + static_cast<long>(next), '\n')));
        if (!closed && block.find("</TEXT>") == std::string_view::npos) {
            // Cut short: whatever text it had is incomplete, so it is reported, not indexed.
            sink(Rejection{origin, fmt::format("cannot read: {} cut short (no </TEXT> or "
                                               "</REUTERS> before {})",
                                               name, where)});
        } else {
            ReadResult result = parse_element(block, attributes, origin);
            if (auto* article = std::get_if<Article>(&result); article != nullptr && !closed) {
                article->repairs.notes.push_back(
                    fmt::format("no </REUTERS>: the element was ended at {}", where));
            }
            sink(std::move(result));
        }
        start = next;
    }
}

} // namespace news::reuters
