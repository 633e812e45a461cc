/// @file
/// @brief FakeNewsNet crawl files: ids and labels from the path, error pages rejected.
#include "news/readers/fakenewsnet.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>

namespace news::fakenewsnet {
namespace {

// Texts shorter than this may be what a site served instead of the article.
constexpr std::size_t max_error_page_bytes = 400;

// Phrases of pages that are not articles: errors, walls and checks. Lower case.
constexpr std::array<std::string_view, 16> not_article_phrases{
    "page not found",        "404",
    "access denied",         "403 forbidden",
    "enable javascript",     "javascript is disabled",
    "are you a robot",       "captcha",
    "no longer available",   "has been removed",
    "we use cookies",        "cookie policy",
    "subscribe to continue", "please verify you are a human",
    "service unavailable",   "something went wrong"};

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

} // namespace

bool is_article_file(std::string_view path) {
    return std::filesystem::path(path).filename() == "news content.json";
}

ReadResult adapt(ReadResult&& result, const std::string& path) {
    auto* article = std::get_if<Article>(&result);
    if (article == nullptr) {
        return std::move(result);
    }
    const std::filesystem::path file(path);
    const std::filesystem::path news_folder = file.parent_path();
    const std::string label = news_folder.parent_path().filename().string();
    const bool labelled = label == "fake" || label == "real";
    if (!news_folder.filename().empty()) {
        // The collection files a few news ids under both labels: the label keeps ids unique.
        article->id = (labelled ? label + "/" : std::string{}) + news_folder.filename().string();
    }
    if (labelled) {
        article->facets["label"] = {label};
    }
    if (article->body.size() < max_error_page_bytes) {
        const std::string text = lower(article->body);
        for (const auto phrase : not_article_phrases) {
            if (text.find(phrase) != std::string::npos) {
                return Rejection{article->origin,
                                 "error page: the text says '" + std::string(phrase) + "'"};
            }
        }
    }
    return std::move(result);
}

} // namespace news::fakenewsnet
