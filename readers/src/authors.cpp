/// @file
/// @brief Author values that web crawls produce but that name no one: told apart at read time.
#include "news/readers/authors.hpp"

#include "news/common/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace news {
namespace {

// Longer than any byline of real names seen in the corpora (the longest, three names with
// initials, is under 50): past this it is a biography or a headline.
constexpr std::size_t max_author_chars = 60;

// Characters, not bytes.
std::size_t char_count(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// The words of @p text, split at spaces and commas, lower-cased, without surrounding
// punctuation.
std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    const auto flush = [&] {
        const auto is_edge = [](char c) {
            return c == '.' || c == ',' || c == ':' || c == ';' || c == '(' || c == ')' ||
                   c == '\'' || c == '"' || c == '|' || c == '-';
        };
        std::size_t begin = 0;
        std::size_t end = word.size();
        while (begin < end && is_edge(word[begin])) {
            ++begin;
        }
        while (end > begin && is_edge(word[end - 1])) {
            --end;
        }
        if (end > begin) {
            words.push_back(lower(std::string_view(word).substr(begin, end - begin)));
        }
        word.clear();
    };
    for (const char c : text) {
        if (c == ' ' || c == ',' || c == '\t' || c == '\n') {
            flush();
        } else {
            word += c;
        }
    }
    flush();
    return words;
}

template <std::size_t N>
bool is_one_of(std::string_view word, const std::array<std::string_view, N>& list) {
    return std::find(list.begin(), list.end(), word) != list.end();
}

constexpr std::array<std::string_view, 45> date_words{
    "january",  "february", "march",    "april",  "may", "june", "july",   "august",  "september",
    "october",  "november", "december", "jan",    "feb", "mar",  "apr",    "jun",     "jul",
    "aug",      "sep",      "sept",     "oct",    "nov", "dec",  "monday", "tuesday", "wednesday",
    "thursday", "friday",   "saturday", "sunday", "mon", "tue",  "wed",    "thu",     "fri",
    "sat",      "sun",      "am",       "pm",     "on",  "at",   "of"};

// Words that only ever show up in a biography or a sentence, never in a name.
constexpr std::array<std::string_view, 17> sentence_words{
    "is",  "was", "who", "where", "when", "covers",  "writes", "follow", "please",
    "i'm", "she", "he",  "her",   "his",  "stories", "enter",  "you'll"};

// Whole values that are page furniture: reading times, image credits, section names, labels.
constexpr std::array<std::string_view, 42> furniture{
    "min read",  "image",   "images",        "getty",       "getty images", "wireimage", "splash",
    "photo",     "photos",  "video",         "news",        "staff",        "author",    "authors",
    "reporter",  "editor",  "news editor",   "contributor", "updated",      "published", "share",
    "instagram", "twitter", "facebook",      "royals",      "music",        "health",    "society",
    "life",      "beauty",  "entertainment", "celebrity",   "country",      "travel",    "movies",
    "lifestyle", "culture", "features",      "food",        "television",   "tv",        "by"};

constexpr std::array<std::string_view, 14> top_level_domains{
    "com", "org", "net", "edu", "gov", "co", "uk", "us", "tv", "io", "info", "news", "ca", "au"};

// "dailymail.com", "thr.com", "www.example.co.uk": a word with a dot and a known last part.
bool is_domain(std::string_view word) {
    const std::size_t dot = word.rfind('.');
    return dot != std::string_view::npos && dot > 0 &&
           is_one_of(word.substr(dot + 1), top_level_domains);
}

bool is_number(std::string_view word) {
    // 3, 2018, 3rd, 11/03/2018, 2018-11-03, 10:30
    return !word.empty() && std::isdigit(static_cast<unsigned char>(word.front())) != 0 &&
           std::all_of(word.begin(), word.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '/' || c == '-' ||
                      c == ':' || c == '.';
           });
}

// Why @p value (trimmed) is not a name, or empty.
std::string junk_reason(std::string_view value) {
    const std::string low = lower(value);
    if (std::none_of(value.begin(), value.end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }) &&
        std::none_of(value.begin(), value.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
        return "no letters";
    }
    if (low.find("://") != std::string::npos || low.starts_with("www.") || low == "http" ||
        low == "https") {
        return "a URL";
    }
    if (low.find('@') != std::string::npos) {
        return "an e-mail address";
    }
    if (char_count(value) > max_author_chars) {
        return "longer than 60 characters";
    }
    const std::vector<std::string> words = words_of(value);
    if (std::any_of(words.begin(), words.end(),
                    [](const std::string& w) { return is_domain(w); })) {
        return "a web address";
    }
    if (std::any_of(words.begin(), words.end(),
                    [](const std::string& w) { return is_one_of(w, sentence_words); })) {
        return "a sentence, not a name";
    }
    std::string joined;
    for (const auto& word : words) {
        joined += (joined.empty() ? "" : " ") + word;
    }
    // "5 min read": the reading time, with or without its number.
    if (is_one_of(joined, furniture) ||
        (words.size() == 3 && is_number(words[0]) && words[1] == "min" && words[2] == "read")) {
        return "page furniture";
    }
    if (std::all_of(words.begin(), words.end(), [](const std::string& w) {
            return is_one_of(w, date_words) || is_number(w);
        })) {
        return "a date";
    }
    if (words.size() == 1 && char_count(words[0]) == 1) {
        return "a single letter";
    }
    return {};
}

} // namespace

AuthorCheck check_author(std::string_view value) {
    std::string name(text::trim(value));
    // "Heidi Parker For Dailymail.Com": the name, without the site it wrote for.
    const std::string low = lower(name);
    if (const std::size_t at = low.rfind(" for "); at != std::string::npos && at > 0) {
        const std::vector<std::string> site = words_of(std::string_view(low).substr(at + 5));
        if (site.size() == 1 && is_domain(site[0])) {
            name.resize(at);
        }
    }
    std::string reason = junk_reason(name);
    if (!reason.empty()) {
        return {{}, std::move(reason)};
    }
    return {std::move(name), {}};
}

} // namespace news
