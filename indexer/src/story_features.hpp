/// @file
/// @brief What story clustering keeps of one article: its key terms (weighted, with their kind)
/// and a MinHash signature of its word shingles; how they are computed and stored.
#pragma once

#include "news/indexer/story_clusterer.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace news::indexer::stories {

/// What a key term is: kinds weigh differently and names/numbers tell look-alike events apart.
enum class TermKind : std::uint8_t {
    Word = 0,   ///< a stemmed common word
    Name = 1,   ///< a word written capitalised inside a sentence: a person, place, organisation
    Number = 2, ///< a number of two digits or more ("10,000" gives 10000)
};

/// One key term: the 32-bit hash of its folded (stemmed) form and its local weight.
struct KeyTerm {
    std::uint32_t hash = 0;
    std::uint8_t weight = 0; ///< quantised local weight (see extract_features), 1..255
    TermKind kind = TermKind::Word;

    friend bool operator==(const KeyTerm&, const KeyTerm&) = default;
};

/// Size of the MinHash signature (32-bit minima of independently salted shingle hashes).
constexpr std::size_t minhash_size = 16;

/// The features of one article. Terms are sorted by hash, unique.
struct Features {
    std::int32_t day = 0;          ///< days since 1970-01-01 of the publication date
    bool dated = false;            ///< false: no date, clustered on content alone
    std::uint32_t shingles = 0;    ///< word shingles the signature was computed from (capped)
    std::uint64_t text_digest = 0; ///< hash of the folded words: exact copies
    std::array<std::uint32_t, minhash_size> minhash{};
    std::vector<KeyTerm> terms;

    friend bool operator==(const Features&, const Features&) = default;
};

/// Days since 1970-01-01 of @p date (proleptic Gregorian).
[[nodiscard]] std::int32_t days_from_civil(const Date& date);

/// Fraction of equal MinHash minima: an estimate of the Jaccard similarity of the shingle sets.
[[nodiscard]] double minhash_similarity(const Features& a, const Features& b);

} // namespace news::indexer::stories
