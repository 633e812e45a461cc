/// @file
/// @brief Reading the dates news inputs carry, and writing them in the schema's forms.
#pragma once

#include "news/common/article.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace news::date {

/// True when @p date names a real calendar day between years 1 and 9999.
[[nodiscard]] bool is_valid(const Date& date);

/// Parses the date forms news inputs use, ignoring any time of day:
/// "2024-11-18", "2024-11-18T09:30:00Z" (any ISO 8601 time and offset), "2024/11/18",
/// "18 November 2024", "18 Nov 2024", "November 18, 2024", "Nov. 18, 2024", "18-NOV-1987",
/// each optionally after a weekday ("Monday, 18 November 2024").
/// @return std::nullopt when @p text holds no date it can be sure of.
[[nodiscard]] std::optional<Date> parse(std::string_view text);

/// The UTC calendar day of a Unix time in seconds, or std::nullopt outside years 1..9999.
[[nodiscard]] std::optional<Date> from_unix_seconds(double seconds);

/// "YYYY-MM-DD".
[[nodiscard]] std::string to_iso(const Date& date);

/// "YYYYMMDD", the form of the Published slot and of DateRangeProcessor.
[[nodiscard]] std::string to_compact(const Date& date);

/// Parses "YYYY-MM-DD" or "YYYYMMDD" exactly (command-line flags such as --since).
[[nodiscard]] std::optional<Date> parse_iso(std::string_view text);

} // namespace news::date
