/// @file
/// @brief Splitting a text into words as the indexer's tokeniser does, with each word's byte
/// offsets: what snippets and highlights match against a query.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace news::searcher {

/// A word's [begin, end) byte offsets in its text.
using WordRange = std::pair<std::size_t, std::size_t>;

/// The words of @p text, as the indexer's tokeniser splits them: runs of letters, digits and
/// marks, joined across an apostrophe between letters ("Ukraine's") and a comma or point between
/// digits ("10,000").
[[nodiscard]] std::vector<WordRange> words_of(std::string_view text);

/// words_of() one character at a time, without the 16-byte blocks: the same words, for tests.
[[nodiscard]] std::vector<WordRange> words_of_by_character(std::string_view text);

} // namespace news::searcher
