/// @file
/// @brief Date parsing for the forms news articles carry.
#include "news/common/date.hpp"

#include "news/common/text.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <vector>

namespace news::date {
namespace {

constexpr std::array<std::string_view, 12> month_names{
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

// Month number from a full or three-letter English month name, any case, optional final '.'.
std::optional<unsigned> month_from_name(std::string_view word) {
    if (!word.empty() && word.back() == '.') {
        word.remove_suffix(1);
    }
    const std::string w = lower(word);
    if (w.size() < 3) {
        return std::nullopt;
    }
    for (unsigned i = 0; i < month_names.size(); ++i) {
        const std::string_view name = month_names[i];
        if (w == name || (w.size() == 3 && name.substr(0, 3) == w) || (w == "sept" && i == 8)) {
            return i + 1;
        }
    }
    return std::nullopt;
}

bool is_weekday(std::string_view word) {
    static constexpr std::array<std::string_view, 7> days{
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    while (!word.empty() && (word.back() == ',' || word.back() == '.')) {
        word.remove_suffix(1);
    }
    const std::string w = lower(word);
    for (const auto day : days) {
        if (w == day || (w.size() == 3 && day.substr(0, 3) == w)) {
            return true;
        }
    }
    return false;
}

template <typename T> std::optional<T> number(std::string_view digits) {
    if (digits.empty()) {
        return std::nullopt;
    }
    T value{};
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc{} || end != digits.data() + digits.size()) {
        return std::nullopt;
    }
    return value;
}

std::optional<Date> checked(std::optional<int> year, std::optional<unsigned> month,
                            std::optional<unsigned> day) {
    if (!year || !month || !day) {
        return std::nullopt;
    }
    const Date date{*year, *month, *day};
    if (!is_valid(date)) {
        return std::nullopt;
    }
    return date;
}

// "2024-11-18" or "2024/11/18", possibly followed by a time: the first 10 characters decide.
std::optional<Date> parse_numeric(std::string_view s) {
    if (s.size() < 10 || (s[4] != '-' && s[4] != '/') || s[7] != s[4]) {
        return std::nullopt;
    }
    if (s.size() > 10 && s[10] != 'T' && s[10] != ' ' && s[10] != 't') {
        return std::nullopt;
    }
    return checked(number<int>(s.substr(0, 4)), number<unsigned>(s.substr(5, 2)),
                   number<unsigned>(s.substr(8, 2)));
}

// "18-NOV-1987" (Reuters), optionally followed by a time.
std::optional<Date> parse_day_mon_year(std::string_view s) {
    const auto first = s.find('-');
    if (first == std::string_view::npos || first == 0 || first > 2) {
        return std::nullopt;
    }
    const auto second = s.find('-', first + 1);
    if (second == std::string_view::npos || second + 5 > s.size()) {
        return std::nullopt;
    }
    const std::string_view rest = s.substr(second + 5);
    if (!rest.empty() && rest.front() != ' ') {
        return std::nullopt;
    }
    return checked(number<int>(s.substr(second + 1, 4)),
                   month_from_name(s.substr(first + 1, second - first - 1)),
                   number<unsigned>(s.substr(0, first)));
}

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') {
            ++i;
        }
        const std::size_t start = i;
        while (i < s.size() && s[i] != ' ') {
            ++i;
        }
        if (i > start) {
            out.push_back(s.substr(start, i - start));
        }
    }
    return out;
}

std::string_view strip_comma(std::string_view word) {
    if (!word.empty() && word.back() == ',') {
        word.remove_suffix(1);
    }
    return word;
}

// "18 November 2024" and "November 18, 2024", optionally after a weekday.
std::optional<Date> parse_words(std::string_view s) {
    auto parts = words(s);
    if (!parts.empty() && is_weekday(parts.front())) {
        parts.erase(parts.begin());
    }
    if (parts.size() < 3) {
        return std::nullopt;
    }
    if (const auto month = month_from_name(parts[1])) {
        return checked(number<int>(strip_comma(parts[2])), month,
                       number<unsigned>(strip_comma(parts[0])));
    }
    if (const auto month = month_from_name(parts[0])) {
        return checked(number<int>(strip_comma(parts[2])), month,
                       number<unsigned>(strip_comma(parts[1])));
    }
    return std::nullopt;
}

} // namespace

bool is_valid(const Date& date) {
    if (date.year < 1 || date.year > 9999 || date.month < 1 || date.month > 12 || date.day < 1) {
        return false;
    }
    const std::chrono::year_month_day ymd{
        std::chrono::year{date.year}, std::chrono::month{date.month}, std::chrono::day{date.day}};
    return ymd.ok();
}

std::optional<Date> parse(std::string_view text) {
    const std::string_view s = text::trim(text);
    if (s.empty()) {
        return std::nullopt;
    }
    if (auto date = parse_numeric(s)) {
        return date;
    }
    if (auto date = parse_day_mon_year(s)) {
        return date;
    }
    return parse_words(s);
}

std::optional<Date> from_unix_seconds(double seconds) {
    // Years 1..9999 span about +-2.5e11 seconds around the epoch.
    if (!std::isfinite(seconds) || seconds < -62135596800.0 || seconds >= 253402300800.0) {
        return std::nullopt;
    }
    const auto days = static_cast<long>(std::floor(seconds / 86400.0));
    const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
    return Date{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day())};
}

std::string to_iso(const Date& date) {
    return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

std::string to_compact(const Date& date) {
    return fmt::format("{:04}{:02}{:02}", date.year, date.month, date.day);
}

std::optional<Date> parse_iso(std::string_view text) {
    if (text.size() == 8) {
        return checked(number<int>(text.substr(0, 4)), number<unsigned>(text.substr(4, 2)),
                       number<unsigned>(text.substr(6, 2)));
    }
    if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        return checked(number<int>(text.substr(0, 4)), number<unsigned>(text.substr(5, 2)),
                       number<unsigned>(text.substr(8, 2)));
    }
    return std::nullopt;
}

} // namespace news::date
