/// @file
/// @brief The article model every reader produces and the indexer consumes.
#pragma once

#include <compare>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace news {

/// A calendar date (no time of day: news is faceted and filtered by day).
struct Date {
    int year = 0;       ///< 1..9999 in a valid date
    unsigned month = 0; ///< 1..12
    unsigned day = 0;   ///< 1..31

    /// Chronological order: year, then month, then day.
    auto operator<=>(const Date&) const = default;
};

/// Where an article came from, for messages: a file path and, for line-based formats, a line.
struct Origin {
    std::string path;     ///< the input file as read, "-" for stdin
    std::size_t line = 0; ///< 1-based; 0 when the whole file is one article

    /// "path" or "path:line".
    [[nodiscard]] std::string describe() const;
};

/// What a reader repaired to make an article readable; counted in the indexer's summary.
struct Repairs {
    std::size_t transcoded_bytes = 0; ///< non-UTF-8 bytes read as Windows-1252
    std::size_t removed_controls = 0; ///< control characters dropped
    /// Metadata the input stated but that could not be used, e.g. "unparsable date 'soon'".
    std::vector<std::string> notes;
    /// Author values dropped as crawl junk, each as "VALUE (REASON)" ("Min Read (page furniture)").
    std::vector<std::string> junk_authors;
};

/// The story the indexer put an article in. Readers leave it empty; the indexer's story
/// clustering fills it on the reading thread, in input order, before the document is built.
struct StoryLink {
    std::string id;       ///< schema::story_id(); empty when stories are off
    std::string copy_of;  ///< id of the article this one is a syndicated copy of; empty if none
    std::string features; ///< what the clustering keeps of the article, serialised, for later runs
};

/// The people, places and organisations an article names, each once, in display form, in order
/// of first mention. Readers leave it empty; the indexer's entity extraction fills it on the
/// worker threads, when the document is built.
struct NamedEntities {
    std::vector<std::string> person; ///< people
    std::vector<std::string> place;  ///< countries, regions, cities, other places
    std::vector<std::string> org;    ///< organisations (and the programmes and weapons they run)

    /// True when no entity of any kind is listed.
    [[nodiscard]] bool empty() const { return person.empty() && place.empty() && org.empty(); }
    bool operator==(const NamedEntities&) const = default;
};

/// One news article as read from the input. Absent metadata stays empty: readers never invent it.
struct Article {
    std::string id;           ///< stable, unique; re-indexing the same id replaces the document
    std::string title;        ///< headline; empty when the input has none
    std::string body;         ///< the article text, clean UTF-8; readers reject an empty one
    std::optional<Date> date; ///< publication day; absent when not stated or unparsable
    std::string source;       ///< the outlet, e.g. "Reuters"
    std::vector<std::string> authors;    ///< as given, in input order
    std::string url;                     ///< link to the article; empty when absent
    std::vector<std::string> categories; ///< as given, in input order
    std::string language;                ///< ISO 639-1 code as given by the input, e.g. "en"
    std::string dateline;                ///< where and when it was filed ("SALVADOR, Feb 26")
    /// Values of the other facet fields, by schema name: "topic", "place", "person", "org",
    /// "exchange" (multi-valued), "label" (one value).
    std::map<std::string, std::vector<std::string>> facets;
    StoryLink story;        ///< set by the indexer, not by readers
    NamedEntities entities; ///< set by the indexer (entity extraction), not by readers
    Origin origin;          ///< where it was read, for messages
    Repairs repairs;        ///< what the reader repaired to read it
};

/// An input the reader could not turn into an article, and why.
struct Rejection {
    Origin origin;      ///< the file, and line for JSON Lines, that was rejected
    std::string reason; ///< lowercase, naming the problem, e.g. "empty body"
};

/// What a reader yields for each input record.
using ReadResult = std::variant<Article, Rejection>;

} // namespace news
