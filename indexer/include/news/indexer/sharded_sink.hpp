/// @file
/// @brief ShardedSink: a new database built aside as one shard per thread, merged by compaction,
/// then swapped into the target's place.
#pragma once

#include "news/indexer/ordered_work.hpp"
#include "news/indexer/sink.hpp"

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

namespace news::indexer {

/// How a sharded build runs.
struct ShardOptions {
    unsigned shards = 2; ///< shards, each built by writers_per_shard writers
    /// Writers per shard, one thread each (tokenising and writing); a shard built by several is
    /// their merge. More than one lets a few kept-apart shards be built on more threads.
    unsigned writers_per_shard = 1;
    /// Each writer flushes every batch_size articles, or sooner when its unflushed articles
    /// reach shard_batch_bytes payload bytes (Xapian's inversion grows with them, and gets
    /// slower).
    std::size_t batch_size = 1000;
    /// See batch_size.
    std::size_t shard_batch_bytes = std::size_t{32} << 20U;
    /// Articles, and bytes of their title and text, submitted and not yet handed back.
    InFlightLimits in_flight;
    /// Keep the shards apart instead of merging them: the target becomes a sharded database
    /// (each shard compacted on its own, listed by a stub; shards.hpp).
    bool keep_apart = false;
};

/// Removes the temporary folders (`<target>.shards-<pid>`) that runs killed on @p target left
/// behind. Call while @p target's writer holds the lock, before any sink starts: every run does,
/// whatever its sink, so a run killed after its swap leaves nothing for long.
void remove_dead_runs_folders(const IndexWriter& target);

/// Builds a new database with one Xapian writer per thread, which is what lets indexing scale
/// past the single writer: each writer has a WritableDatabase of its own in a temporary folder
/// beside the target (`<target>.shards-<pid>`), and finish() merges them with
/// Xapian::Database::compact into another temporary folder that then atomically takes the
/// target's place while the target's writer holds its lock. Searchers of the target see the
/// database as it was until that swap, never a half-built one; a crash before it leaves the
/// target as it was, and the next run removes the dead run's folders.
///
/// Articles are routed to a writer by their id, so an id seen twice lands twice in the same
/// writer, where replace_document on the id term keeps one document (the later) and reports the
/// duplicate. Within a writer documents keep input order; across writers the merged document
/// ids follow the writers, not the input.
class ShardedSink final : public Sink {
public:
    /// Creates the shards and starts their threads. @p target is the database the merge
    /// replaces: fresh, or opened with WriterOptions::replace; it must outlive the sink.
    /// @throws news::Error (CannotCreate, Io) when the temporary folders cannot be made.
    ShardedSink(IndexWriter& target, const ShardOptions& options, ResultHandler on_result);
    /// Stops the threads and removes the temporary folders; the target is left as it is.
    ~ShardedSink() override;

    void submit(Article article) override;
    void drain() override;
    /// Commits the shards, merges them (or, with keep_apart, compacts each and lists them in a
    /// stub), swaps the result into the target's place and closes the target's writer (whose
    /// lock is held until the result is in place).
    Xapian::doccount finish() override;
    /// When the target is being replaced (--overwrite), the partial build is discarded and the
    /// target kept as it was; a new database gets what was built, as finish() does.
    bool abandon_replacement() override;

private:
    /// One writer's part of the build: writers w*writers_per_shard ... build shard w.
    struct Part {
        std::string path;
        std::unique_ptr<IndexWriter> writer;      ///< used by the part's thread only
        std::unique_ptr<DocumentBuilder> builder; ///< likewise
    };

    SinkResult write(Article&& article, unsigned part);
    [[nodiscard]] unsigned part_of(const std::string& id) const;
    void merge_parts(unsigned first, unsigned count, const std::string& folder,
                     const std::string& what);
    void compact_apart(const std::string& folder);
    void hand_back(bool wait);

    IndexWriter& m_target;
    ResultHandler m_on_result;
    bool m_keep_apart;            ///< see ShardOptions::keep_apart
    unsigned m_shards;            ///< see ShardOptions::shards
    unsigned m_writers_per_shard; ///< see ShardOptions::writers_per_shard
    std::string m_folder;         ///< <target>.shards-<pid>: one folder per part, and the merge
    std::vector<Part> m_parts;
    std::unique_ptr<OrderedWork<Article, SinkResult>> m_work; ///< after the shards it writes
};

} // namespace news::indexer
