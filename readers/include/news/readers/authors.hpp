/// @file
/// @brief Author values that web crawls produce but that name no one: told apart at read time.
#pragma once

#include <string>
#include <string_view>

namespace news {

/// What check_author() made of one author value.
struct AuthorCheck {
    std::string name;   ///< the value to keep (trimmed; "X For Site.com" gives "X"); empty if junk
    std::string reason; ///< why the value is junk ("a date", "a URL", ...); empty if kept
};

/// Tells an author's name from the junk that crawlers (newspaper3k's byline guess) put in the
/// authors field: page furniture ("Min Read", "Image", section names such as "Royals"), dates
/// ("Nov 3, 2018", "March"), URLs and web addresses, e-mail addresses, sentences of an author's
/// biography ("Alyssa Bailey Is The News"), values longer than 60 characters, and values with
/// no letters. "Name For Site.com" keeps the name. A newsroom byline ("Radar Staff") is kept;
/// a bare "Staff" is not. Case-insensitive.
[[nodiscard]] AuthorCheck check_author(std::string_view value);

} // namespace news
