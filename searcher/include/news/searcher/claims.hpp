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
    /// Upper end of a stated range ("10,000 to 12,000" → 12000); equal to value otherwise.
    double high = 0;
    /// What a measure is of, when the thing is a unit ("miles", "percent", "dollars"): "range"
    /// in "a range of about 190 miles", "aid" in "$1.5 billion in aid"; "" if none is found.
    std::string about;
    std::string about_key; ///< about, normalised like thing_key
    /// Stated as expected or possible rather than as a fact: "could send up to 100,000 troops",
    /// "is planning to send", "might deploy". Such claims never group with stated facts.
    bool projected = false;
    std::size_t offset = 0; ///< byte offset of the quantity in the text
};

/// Every quantity @p text states, in text order. Dates, years, times, ages in bylines, list
/// numbers and other numbers that are not claims are left out. The rules are documented in
/// searcher/README.md ("Claims").
[[nodiscard]] std::vector<Claim> extract(std::string_view text);

/// One version's statement of a value in a group.
struct Statement {
    std::size_t version = 0; ///< index into the versions given to compare()
    Claim claim;
};

/// One value stated for a thing, and every version that states it.
struct StatedValue {
    double value = 0;
    double high = 0;   ///< upper end when the value is a range; equal to value otherwise
    std::string hedge; ///< the hedge of the first statement ("up to")
    std::vector<Statement> statements;
};

/// Everything the versions say about one thing counted ("North Korean troops").
struct ClaimGroup {
    std::string thing;               ///< display form: the most common way it is written
    std::vector<StatedValue> values; ///< distinct values, most versions first
    bool disagrees = false;          ///< versions state different values
    std::size_t versions = 0;        ///< how many versions state something about it
    std::string about;      ///< what a measure is of ("range"), the most common form; or ""
    bool projected = false; ///< the values are expectations ("could send up to 100,000")
    std::string key;        ///< the normalised thing (and about) the group was formed on
};

/// Groups the claims of several versions of one story by the thing counted: disagreements
/// first, then values several versions share, then values only one version states (ties by
/// more versions, then by key). Within a group, values stated by more versions come first; a
/// version counts once per value (its first statement of it). Claims whose thing is unknown
/// ("up to 100,000" with no noun near) form one last group with an empty thing that never
/// disagrees.
[[nodiscard]] std::vector<ClaimGroup> compare(const std::vector<std::vector<Claim>>& versions);

} // namespace news::searcher::claims
