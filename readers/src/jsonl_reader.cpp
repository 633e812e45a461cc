/// @file
/// @brief JSON Lines record parsing with nlohmann::json.
#include "news/readers/jsonl_reader.hpp"

#include "news/common/date.hpp"
#include "news/common/text.hpp"
#include "news/readers/authors.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <variant>

namespace news::jsonl {
namespace {

using nlohmann::json;

// A record that cannot be read: carries the rejection reason.
struct BadRecord {
    std::string reason;
};

// Cleans a string value the way whole files are cleaned (control characters, which JSON
// escapes can smuggle in) and counts what was removed.
std::string clean(const std::string& value, Repairs& repairs) {
    auto cleaned = text::repair_utf8(value);
    if (auto* unreadable = std::get_if<text::Unreadable>(&cleaned)) {
        throw BadRecord{unreadable->reason};
    }
    auto& ok = std::get<text::CleanText>(cleaned);
    repairs.removed_controls += ok.removed_controls;
    return std::move(ok.text);
}

// The first of @p keys present with a non-null value.
const json* find_any(const json& object, std::initializer_list<const char*> keys,
                     const char*& found_key) {
    for (const char* key : keys) {
        const auto it = object.find(key);
        if (it != object.end() && !it->is_null()) {
            found_key = key;
            return &*it;
        }
    }
    return nullptr;
}

std::string get_string(const json& object, std::initializer_list<const char*> keys,
                       Repairs& repairs) {
    const char* key = nullptr;
    const json* value = find_any(object, keys, key);
    if (value == nullptr) {
        return {};
    }
    if (!value->is_string()) {
        throw BadRecord{
            fmt::format("field '{}' must be a string, not {}", key, value->type_name())};
    }
    return std::string(text::trim(clean(value->get<std::string>(), repairs)));
}

// A string or an array of strings, as a list without empty entries.
std::vector<std::string> get_strings(const json& object, std::initializer_list<const char*> keys,
                                     Repairs& repairs) {
    const char* key = nullptr;
    const json* value = find_any(object, keys, key);
    std::vector<std::string> out;
    if (value == nullptr) {
        return out;
    }
    const auto add = [&](const json& item) {
        if (!item.is_string()) {
            throw BadRecord{
                fmt::format("field '{}' must hold strings, not {}", key, item.type_name())};
        }
        std::string cleaned(text::trim(clean(item.get<std::string>(), repairs)));
        if (!cleaned.empty()) {
            out.push_back(std::move(cleaned));
        }
    };
    if (value->is_array()) {
        for (const auto& item : *value) {
            add(item);
        }
    } else {
        add(*value);
    }
    return out;
}

std::string get_id(const json& object, Repairs& repairs) {
    const auto it = object.find("id");
    if (it == object.end() || it->is_null()) {
        return {};
    }
    if (it->is_string()) {
        // Cleaned like every other string: a JSON escape such as \u0007 decodes to a control
        // character (found by fuzzing).
        return std::string(text::trim(clean(it->get<std::string>(), repairs)));
    }
    if (it->is_number_integer()) {
        return it->dump();
    }
    throw BadRecord{
        fmt::format("field 'id' must be a string or an integer, not {}", it->type_name())};
}

void read_date(const json& object, Article& article) {
    const char* key = nullptr;
    const json* value = find_any(object, {"date", "published", "publish_date"}, key);
    if (value == nullptr) {
        return;
    }
    if (value->is_number()) {
        article.date = date::from_unix_seconds(value->get<double>());
        if (!article.date) {
            article.repairs.notes.push_back(fmt::format(
                "'{}' {} is not a plausible Unix time; date ignored", key, value->dump()));
        }
        return;
    }
    if (!value->is_string()) {
        throw BadRecord{fmt::format("field '{}' must be a string or a number, not {}", key,
                                    value->type_name())};
    }
    const std::string text = value->get<std::string>();
    article.date = date::parse(text);
    if (!article.date && !text::is_blank(text)) {
        article.repairs.notes.push_back(
            fmt::format("unparsable date '{}' ignored", text::utf8_prefix(text, 40)));
    }
}

// Cleans and parses @p bytes as one JSON document; a Rejection when that fails.
std::variant<json, Rejection> parse_document(std::string_view bytes, const Origin& origin,
                                             Repairs& repairs) {
    auto cleaned = text::clean_utf8(bytes);
    if (auto* unreadable = std::get_if<text::Unreadable>(&cleaned)) {
        return Rejection{origin, std::move(unreadable->reason)};
    }
    const auto& clean_bytes = std::get<text::CleanText>(cleaned);
    repairs.transcoded_bytes = clean_bytes.transcoded_bytes;
    repairs.removed_controls = clean_bytes.removed_controls;
    try {
        return json::parse(clean_bytes.text);
    } catch (const json::out_of_range& e) {
        // A number too large for a double ("1e999"): well-formed, but not a value we can hold.
        return Rejection{origin, "malformed JSON: " + text::printable(e.what())};
    } catch (const json::parse_error& e) {
        // nlohmann's message starts with "[json.exception.parse_error.101] parse error at ...".
        std::string what = e.what();
        const auto bracket = what.find("] ");
        // It quotes the input it stopped at, which may end inside a UTF-8 sequence: escaped
        // so that the reason is valid UTF-8 (it goes into --json events and the terminal).
        return Rejection{origin,
                         "malformed JSON: " + text::printable(bracket == std::string::npos
                                                                  ? what
                                                                  : what.substr(bracket + 2))};
    }
}

// "https://www.nytimes.com/..." -> "nytimes.com"; a web.archive.org capture gives the host of
// the page it captured.
std::string url_host(std::string_view url) {
    const std::size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) {
        return {};
    }
    std::string_view rest = url.substr(scheme + 3);
    std::string_view host = rest.substr(0, rest.find_first_of("/:?#"));
    if (host == "web.archive.org" || host == "www.web.archive.org") {
        const std::size_t inner = rest.find("http", host.size());
        if (inner != std::string_view::npos) {
            return url_host(rest.substr(inner));
        }
    }
    if (host.substr(0, 4) == "www.") {
        host.remove_prefix(4);
    }
    std::string out(host);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// "facets": {"topic": [...], "label": "fake", ...}: the schema's other facet fields (the ones
// news-index writes back out in the payload); other names are ignored like unknown keys.
void read_facets(const json& object, Article& article) {
    const auto it = object.find("facets");
    if (it == object.end() || it->is_null()) {
        return;
    }
    if (!it->is_object()) {
        throw BadRecord{fmt::format("field 'facets' must be an object, not {}", it->type_name())};
    }
    for (const char* name : {"topic", "place", "person", "org", "exchange", "label"}) {
        std::vector<std::string> values = get_strings(*it, {name}, article.repairs);
        if (!values.empty()) {
            article.facets[name] = std::move(values);
        }
    }
}

// Keeps the authors that name someone: crawls put dates, reading times and biographies there.
void drop_junk_authors(Article& article) {
    std::vector<std::string> kept;
    for (const auto& value : article.authors) {
        AuthorCheck check = check_author(value);
        if (check.reason.empty()) {
            kept.push_back(std::move(check.name));
        } else {
            article.repairs.junk_authors.push_back(fmt::format("{} ({})", value, check.reason));
        }
    }
    article.authors = std::move(kept);
}

ReadResult article_from(const json& object, const Origin& origin, std::string fallback_id,
                        Repairs repairs) {
    if (!object.is_object()) {
        return Rejection{origin, fmt::format("not a JSON object (found {})", object.type_name())};
    }
    Article article;
    article.origin = origin;
    article.repairs = std::move(repairs);
    try {
        article.id = get_id(object, article.repairs);
        article.title = get_string(object, {"title"}, article.repairs);
        article.body = get_string(object, {"body", "text", "content"}, article.repairs);
        read_date(object, article);
        article.source = get_string(object, {"source"}, article.repairs);
        if (article.source.starts_with("http://") || article.source.starts_with("https://")) {
            // A site given as a URL (web crawls): the outlet is its host.
            article.source = url_host(article.source);
        }
        article.authors = get_strings(object, {"authors"}, article.repairs);
        for (auto& author : get_strings(object, {"author"}, article.repairs)) {
            article.authors.push_back(std::move(author));
        }
        drop_junk_authors(article);
        article.url = get_string(object, {"url"}, article.repairs);
        if (article.source == "web.archive.org" && !article.url.empty()) {
            // An archive capture: the outlet is the site it captured.
            article.source = url_host(article.url);
        }
        article.categories = get_strings(object, {"categories"}, article.repairs);
        for (auto& category : get_strings(object, {"category"}, article.repairs)) {
            article.categories.push_back(std::move(category));
        }
        article.language = get_string(object, {"language"}, article.repairs);
        read_facets(object, article);
    } catch (const BadRecord& bad) {
        return Rejection{origin, bad.reason};
    }
    if (article.id.empty()) {
        article.id = article.url.empty() ? std::move(fallback_id) : article.url;
    }
    if (article.body.empty()) {
        return Rejection{origin, "empty body"};
    }
    return article;
}

} // namespace

ReadResult parse_record(std::string_view line, const Origin& origin, std::string fallback_id) {
    Repairs repairs;
    auto document = parse_document(line, origin, repairs);
    if (auto* rejection = std::get_if<Rejection>(&document)) {
        return std::move(*rejection);
    }
    return article_from(std::get<json>(document), origin, std::move(fallback_id),
                        std::move(repairs));
}

void parse_array(std::string_view bytes, const Origin& origin, const std::string& fallback_id,
                 const std::function<void(ReadResult&&)>& sink) {
    Repairs repairs;
    auto document = parse_document(bytes, origin, repairs);
    if (auto* rejection = std::get_if<Rejection>(&document)) {
        sink(std::move(*rejection));
        return;
    }
    const json& array = std::get<json>(document);
    if (!array.is_array()) {
        sink(article_from(array, origin, fallback_id, std::move(repairs)));
        return;
    }
    std::size_t index = 0;
    for (const auto& element : array) {
        sink(article_from(element, origin, fmt::format("{}[{}]", fallback_id, index), repairs));
        ++index;
    }
}

} // namespace news::jsonl
