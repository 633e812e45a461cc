/// @file
/// @brief The floor's in-memory inverted index: plain vectors, nothing compressed.
#pragma once

#include "engines/workload.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace news::bench {

/// Hashes std::string and std::string_view alike, so lookups by view allocate nothing.
struct StringHash {
    using is_transparent = void; ///< enables heterogeneous lookup
    /// The hash of @p text.
    std::size_t operator()(std::string_view text) const noexcept {
        return std::hash<std::string_view>{}(text);
    }
};

/// A string-keyed hash map that can be searched with a std::string_view.
template <class Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

/// Documents of one stem, for BM25: ascending doc numbers and their term frequencies.
struct StemPostings {
    std::vector<std::uint32_t> docs; ///< ascending
    std::vector<std::uint32_t> tfs;  ///< tfs[i]: occurrences in docs[i]
};

/// Documents of one unstemmed word with its positions, for phrases and prefixes.
struct WordPostings {
    std::vector<std::uint32_t> docs;      ///< ascending
    std::vector<std::uint32_t> offsets;   ///< positions of docs[i]: [offsets[i], offsets[i + 1])
    std::vector<std::uint32_t> positions; ///< ascending within each document

    /// Occurrences of the word in docs[i].
    [[nodiscard]] std::uint32_t tf(std::size_t i) const { return offsets[i + 1] - offsets[i]; }
};

/// Distinct values of a facet, numbered in order of first appearance.
struct ValueNames {
    std::vector<std::string> names; ///< by number
    StringMap<std::uint32_t> ids;   ///< number of a name
};

/// The whole corpus, indexed for exhaustive BM25 search.
struct FloorIndex {
    static constexpr std::uint32_t no_value = UINT32_MAX; ///< a document without a source

    // Per document (numbered 0..n-1 in file order).
    std::vector<std::string> ids;           ///< article ids
    std::vector<std::uint32_t> dates;       ///< YYYYMMDD, 0 when undated
    std::vector<std::uint32_t> sources;     ///< source number, or no_value
    std::vector<std::uint32_t> tag_offsets; ///< tags of d: tag_values[tag_offsets[d] .. [d + 1])
    std::vector<std::uint32_t> tag_values;  ///< tag numbers
    std::vector<float> norms;               ///< BM25's k1 * (1 - b + b * length / average)

    ValueNames source_names; ///< folded outlets
    ValueNames tag_names;    ///< folded tags

    StringMap<std::uint32_t> stem_ids; ///< stem -> index into stems
    std::vector<StemPostings> stems;   ///< by stem number

    StringMap<std::uint32_t> word_ids; ///< word -> index into words
    std::vector<WordPostings> words;   ///< by word number
    /// Every word with its number, sorted by word: prefixes expand over a range of it.
    std::vector<std::pair<std::string, std::uint32_t>> vocabulary;

    /// Number of documents.
    [[nodiscard]] std::size_t size() const { return ids.size(); }
};

/// BM25 parameters (Lucene's defaults, as ours).
namespace bm25 {
constexpr float k1 = 1.2F; ///< term frequency saturation
constexpr float b = 0.75F; ///< length normalisation
} // namespace bm25

/// Indexes every article of @p articles: title then body (positions do not run from one into
/// the other), words as for_each_word() splits them, stems from Xapian::Stem("english").
/// @throws news::Error (NotFound, Io, Usage) from reading the file.
[[nodiscard]] FloorIndex build_floor_index(const std::string& articles);

} // namespace news::bench
