/// @file
/// @brief The numbers an article states, with what they count and how they are hedged, and how
/// several versions of one story agree or disagree on them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace news::searcher::claims {

/// One quantity a text states: "about 10,000 North Korean troops", "up to 100,000", "190 miles".
struct Claim {
    std::string quantity;  ///< as written: "10,000", "12 million", "190"
    double value = 0;      ///< its value: 10000, 12e6, 190
    std::string thing;     ///< what it counts, as written: "North Korean troops", "miles"
    std::string thing_key; ///< the same, normalised so that versions group: "north korean troop"
    std::string hedge;     ///< "about", "approximately", "as many as", "up to", ...; "" if none
    std::string sentence;  ///< the sentence that states it
    std::size_t sentence_offset = 0; ///< byte offset of that sentence in the text
};

/// Every quantity @p text states, in text order. Dates, years, times, ages in bylines, list
/// numbers and other numbers that are not claims are left out.
[[nodiscard]] std::vector<Claim> extract(std::string_view text);

/// One version's statement of a value in a group.
struct Statement {
    std::size_t version = 0; ///< index into the versions given to compare()
    Claim claim;
};

/// One value stated for a thing, and every version that states it.
struct StatedValue {
    double value = 0;
    std::string hedge; ///< the hedge of the first statement ("up to")
    std::vector<Statement> statements;
};

/// Everything the versions say about one thing counted ("North Korean troops").
struct ClaimGroup {
    std::string thing;               ///< display form: the most common way it is written
    std::vector<StatedValue> values; ///< distinct values, most versions first
    bool disagrees = false;          ///< versions state different values
    std::size_t versions = 0;        ///< how many versions state something about it
};

/// Groups the claims of several versions of one story by the thing counted: disagreements
/// first, then values several versions share, then values only one version states.
[[nodiscard]] std::vector<ClaimGroup> compare(const std::vector<std::vector<Claim>>& versions);

} // namespace news::searcher::claims
