/// @file
/// @brief Named entities (people, places, organisations) found in an article's text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace news::indexer::entities {

/// The entities one article mentions, each once, in its display form (the most complete form
/// the article or the gazetteers give: "Donald Trump" for "Trump", "United States" for "U.S."),
/// in order of first mention.
struct Entities {
    std::vector<std::string> person; ///< people
    std::vector<std::string> place;  ///< countries, regions, cities, other places
    std::vector<std::string> org;    ///< organisations, and the named programmes and weapons
                                     ///< systems they run (ATACMS)

    bool operator==(const Entities&) const = default;
};

/// Finds the entities of an article: capitalised spans, context cues and the built-in
/// gazetteers (corpus/gazetteers), with variants merged within the article. Needs nothing from
/// the network. Build one per process; extract() is const and safe to call from many threads.
class Extractor {
public:
    Extractor();
    ~Extractor();
    Extractor(const Extractor&) = delete;
    Extractor& operator=(const Extractor&) = delete;

    /// The entities of an article with this @p title, @p body and @p dateline ("ROCKVILLE,
    /// Md., March 2": its places; may be empty), all clean UTF-8.
    [[nodiscard]] Entities extract(std::string_view title, std::string_view body,
                                   std::string_view dateline = {}) const;

private:
    struct Tables;
    const Tables* tables_;
};

} // namespace news::indexer::entities
