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
    if (!article.entities.empty()) {
        // All three kinds, empty ones too: "entities" present means extraction ran and found
        // something.
        object["entities"] = {{"person", article.entities.person},
                              {"place", article.entities.place},
                              {"org", article.entities.org}};
    }
    // Readers hand over valid UTF-8; ids derived from file names may not be, so never throw here.
    return object.dump(-1, ' ', false, json::error_handler_t::replace);
}

Article decode(std::string_view data) {
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
    if (const auto it = object.find("entities"); it != object.end() && it->is_object()) {
        article.entities.person = get_strings(*it, "person");
        article.entities.place = get_strings(*it, "place");
        article.entities.org = get_strings(*it, "org");
    }
    return article;
}

} // namespace news::payload
