/// @file
/// @brief Highlighted excerpts of a hit's body around the words that matched.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <memory>
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

class QueryWords;

/// Makes the snippets of one page of results. Words match as the index matched them (any case
/// and accents, stemmed); the text keeps its own spelling.
class SnippetMaker {
public:
    /// @p bytes is the longest snippet wanted (without the ellipses).
    SnippetMaker(const Xapian::Query& query, const Xapian::Stem& stemmer, std::size_t bytes);
    ~SnippetMaker();
    SnippetMaker(const SnippetMaker&) = delete;
    SnippetMaker& operator=(const SnippetMaker&) = delete;
    SnippetMaker(SnippetMaker&&) = delete;
    SnippetMaker& operator=(SnippetMaker&&) = delete;

    /// The stretch of @p body of at most the wanted length that shows the most distinct query
    /// words, then the most matches (the earliest of equals), highlighted; the start of the body
    /// when no word shows. A word the query has only in phrases shows only within the phrase.
    [[nodiscard]] Snippet make(std::string_view body) const;

    /// All of @p text (a title) as one line, with the query words in it highlighted as make()
    /// highlights them.
    [[nodiscard]] Snippet highlight(std::string_view text) const;

private:
    std::unique_ptr<QueryWords> m_words; ///< caches what each word matched
    std::size_t m_bytes;
};

} // namespace news::searcher
