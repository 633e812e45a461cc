/// @file
/// @brief The stories a database holds: read back into the clusterer at the start of a run,
/// recomputed for the whole database (--recluster), removed (--no-stories), counted.
///
/// Everything here reads the database by value streams and the id terms' posting lists, not
/// document by document: on Reuters-21578 (21,578 articles) reading every article's story takes
/// about 0.15 s, nearly all of it the id terms (indexer/README.md, "Guarantees").
#pragma once

#include "news/indexer/index_writer.hpp"
#include "news/indexer/story_clusterer.hpp"

#include <xapian.h>

#include <cstddef>
#include <string>
#include <vector>

namespace news::indexer::story_store {

/// What the database holds of one article's story.
struct StoredStory {
    Xapian::docid docid = 0;
    std::string id;       ///< the article id
    std::string date;     ///< schema::Published (YYYYMMDD), empty when undated
    std::string story;    ///< schema::Story, empty when none
    std::string copy_of;  ///< schema::CopyOf, empty when none
    std::string features; ///< schema::StoryFeatures, empty when none
};

/// Every article of @p db, in the clustering order: dated articles by date then id, then the
/// undated ones by id. That order depends only on the articles, not on document ids (which a
/// sharded build numbers by shard) nor on the number of threads.
[[nodiscard]] std::vector<StoredStory> read_all(const Xapian::Database& db);

/// What restore() did.
struct RestoreCounts {
    std::size_t restored = 0;         ///< articles the clusterer now holds
    std::size_t without_features = 0; ///< articles with no features this build can read
};

/// Gives the clusterer every article of @p stored whose features it can read, with its story.
RestoreCounts restore(const std::vector<StoredStory>& stored, stories::Clusterer& clusterer);

/// What recluster() did.
struct ReclusterCounts {
    std::size_t articles = 0;   ///< articles clustered
    std::size_t reassigned = 0; ///< documents whose story or copy-of changed (rewritten)
    std::size_t refeatured = 0; ///< articles whose features were computed again from the text
    std::size_t joined = 0;     ///< articles in a story another article founded
    std::size_t copies = 0;     ///< articles marked as a copy of another
};

/// Clusters every article of the writer's database again, from nothing, in read_all()'s order;
/// an article whose features are missing or unreadable gets them again from its stored text.
/// Rewrites only the documents whose story, copy-of or features changed, and in them only those
/// values and the story term. Deterministic: the same articles give the same stories.
/// @throws news::Error for database failures.
ReclusterCounts recluster(IndexWriter& writer, std::size_t memory_limit);

/// Removes the story values and terms of every document that has any (--no-stories on a
/// database that had stories). @return how many documents were rewritten.
/// @throws news::Error for database failures.
std::size_t remove_all(IndexWriter& writer);

/// How many stories the database at @p path holds: its distinct story terms (exact, and cheap:
/// one entry of the term list per story).
/// @throws news::Error when it cannot be opened.
[[nodiscard]] std::size_t count_stories(const std::string& path);

/// True when @p db has any story value or term.
[[nodiscard]] bool has_stories(const Xapian::Database& db);

} // namespace news::indexer::story_store
