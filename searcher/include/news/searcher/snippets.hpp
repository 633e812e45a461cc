/// @file
/// @brief Highlighted excerpts of a hit's body around the words that matched.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace news::searcher {

/// A piece of text with the byte ranges to highlight.
struct Snippet {
    std::string text; ///< one line of UTF-8, "…" where text was left out
    std::vector<std::pair<std::size_t, std::size_t>> highlights; ///< [begin, end) byte offsets
};

/// Makes the snippets of one page of results.
class SnippetMaker {
public:
    /// @p mset and @p stemmer must outlive the maker; @p bytes is the longest snippet wanted.
    SnippetMaker(const Xapian::MSet& mset, const Xapian::Query& query, const Xapian::Stem& stemmer,
                 std::size_t bytes);

    /// The excerpt of @p body that best shows the query's words, highlighted.
    [[nodiscard]] Snippet make(std::string_view body) const;

private:
    const Xapian::MSet& m_mset;
    const Xapian::Stem& m_stemmer;
    std::size_t m_bytes;
    std::vector<std::string> m_words; ///< the query's words to look for in a long body
};

} // namespace news::searcher
