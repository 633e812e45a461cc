/// @file
/// @brief The story view (--story): a story's versions lined up, what each says that the others
/// do not, and the numbers they state, grouped by what they count.
#pragma once

#include "news/searcher/claims.hpp"
#include "news/searcher/stories.hpp"

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace news::searcher {

struct SearchConfig;

/// A word one version uses and no other version does (by stem).
struct DistinctiveTerm {
    std::string word;            ///< as indexed: lower-cased, accent-folded
    Xapian::termcount count = 0; ///< times this version uses it (title words count 3 more)
    double score = 0;            ///< count × log(articles in the database / articles with it)
};

/// One version of the story: an article.
struct StoryVersion {
    std::string id;     ///< the article id
    std::string title;  ///< empty when untitled
    std::string source; ///< the outlet; empty when unknown
    /// What to call the version: the outlet, else the URL's host, else the id's file name.
    std::string label;
    std::string date;      ///< YYYY-MM-DD, or empty
    std::string url;       ///< empty when none
    std::string copy_of;   ///< id of the article it is a syndicated copy of; empty if none
    std::size_t words = 0; ///< words in its title and body
    /// Up to 8 words it has and no other version has (by stem), highest score first, ties by
    /// word. Empty for a story of one version.
    std::vector<DistinctiveTerm> distinctive_terms;
    /// Up to 3 of its sentences (with at least 5 content words) of which at least half the
    /// content words (stems, stop words left out) appear in no other version, in text order.
    std::vector<std::string> distinctive_sentences;
};

/// Everything --story shows.
struct StoryView {
    StorySummary summary;               ///< with the article ids, in order of appearance
    std::vector<StoryVersion> versions; ///< in order of appearance: date (undated last), then id
    /// claims::compare() over each version's claims::extract(title, blank line, body); a
    /// statement's version indexes `versions`.
    std::vector<claims::ClaimGroup> claims;
    double elapsed_ms = 0; ///< wall-clock time to build the view
};

/// Builds the view of story @p story_id (see resolve_story()) from its articles: their data and
/// bodies, their term lists (distinctive words, by @p stemmer), and their claims.
/// Cost: proportional to the story's size and the length of its articles.
[[nodiscard]] StoryView build_story_view(const Xapian::Database& db, const Xapian::Stem& stemmer,
                                         const std::string& story_id);

/// The view as text, every line at most @p width columns (at least 60 are assumed).
[[nodiscard]] std::string render_story_text(const StoryView& view, std::size_t width);

/// The view as one JSON object (format_version 2), documented in searcher/README.md.
[[nodiscard]] std::string render_story_json(const StoryView& view);

/// Runs --stories or --story as @p config asks, and returns the text or JSON to print; nullopt
/// when @p config asks for neither. The text view fits the terminal, at most 100 columns.
/// @throws news::Error as list_stories(), resolve_story().
[[nodiscard]] std::optional<std::string> run_story_command(Searcher& searcher,
                                                           const SearchConfig& config);

} // namespace news::searcher
