/// @file
/// @brief JSON document payload.
#include "news/common/payload.hpp"

#include "news/common/date.hpp"
#include "news/common/error.hpp"

#include <nlohmann/json.hpp>

namespace news::payload {
namespace {

using nlohmann::json;

void put_if_set(json& object, const char* key, const std::string& value) {
    if (!value.empty()) {
        object[key] = value;
    }
}

std::string get_string(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::vector<std::string> get_strings(const json& object, const char* key) {
    std::vector<std::string> out;
    const auto it = object.find(key);
    if (it != object.end() && it->is_array()) {
        for (const auto& item : *it) {
            if (item.is_string()) {
                out.push_back(item.get<std::string>());
            }
        }
    }
    return out;
}

} // namespace

std::string encode(const Article& article) {
    json object = json::object();
    put_if_set(object, "id", article.id);
    put_if_set(object, "title", article.title);
    if (article.date) {
        object["date"] = date::to_iso(*article.date);
    }
    put_if_set(object, "source", article.source);
    if (!article.authors.empty()) {
        object["authors"] = article.authors;
    }
    put_if_set(object, "url", article.url);
    if (!article.categories.empty()) {
        object["categories"] = article.categories;
    }
    put_if_set(object, "language", article.language);
    put_if_set(object, "dateline", article.dateline);
    json facets = json::object();
    for (const auto& [name, values] : article.facets) {
        if (!values.empty()) {
            facets[name] = values;
        }
    }
    if (!facets.empty()) {
        object["facets"] = facets;
    }
    // Readers hand over valid UTF-8; ids derived from file names may not be, so never throw here.
    std::string data = object.dump(-1, ' ', false, json::error_handler_t::replace);
    if (!article.body.empty()) {
        // The body goes last, so decode_summary() can stop before it (see body_key).
        data.pop_back(); // the closing brace
        data += data.size() > 1 ? "," : "";
        data += std::string(body_key) +
                json(article.body).dump(-1, ' ', false, json::error_handler_t::replace);
        data += '}';
    }
    return data;
}

namespace {

Article from_json(std::string_view data) {
    const json object = json::parse(data, nullptr, /*allow_exceptions=*/false);
    if (!object.is_object()) {
        throw Error(ErrorKind::Corrupt, "document payload is not a JSON object",
                    "rebuild with news-index --overwrite");
    }
    Article article;
    article.id = get_string(object, "id");
    article.title = get_string(object, "title");
    article.body = get_string(object, "body");
    article.date = date::parse_iso(get_string(object, "date"));
    article.source = get_string(object, "source");
    article.authors = get_strings(object, "authors");
    article.url = get_string(object, "url");
    article.categories = get_strings(object, "categories");
    article.language = get_string(object, "language");
    article.dateline = get_string(object, "dateline");
    if (const auto it = object.find("facets"); it != object.end() && it->is_object()) {
        for (const auto& item : it->items()) {
            article.facets[item.key()] = get_strings(*it, item.key().c_str());
        }
    }
    return article;
}

} // namespace

Article decode(std::string_view data) {
    return from_json(data);
}

Article decode_summary(std::string_view data) {
    // An unescaped quote cannot occur inside a JSON string, so the last "body": key found is a
    // real key; when its string closes the object, everything before it is the summary.
    const std::size_t key = data.rfind(body_key);
    const auto whole_without_body = [&] {
        Article article = from_json(data);
        article.body.clear();
        return article;
    };
    if (key == std::string_view::npos || key == 0) {
        return whole_without_body();
    }
    std::size_t end = key + body_key.size() + 1; // past the opening quote
    while (end < data.size() && data[end] != '"') {
        end += data[end] == '\\' ? 2 : 1;
    }
    const bool body_is_last = end + 2 == data.size() && data[end + 1] == '}';
    if (!body_is_last || (data[key - 1] != ',' && data[key - 1] != '{')) {
        return whole_without_body(); // another layout: read it all
    }
    std::string summary(data.substr(0, data[key - 1] == ',' ? key - 1 : key));
    summary += '}';
    return from_json(summary);
}

} // namespace news::payload
