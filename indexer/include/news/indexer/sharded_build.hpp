/// @file
/// @brief A fresh database built as one shard per thread, merged by compaction at the end.
#pragma once

#include "news/common/article.hpp"
#include "news/indexer/index_writer.hpp"

#include <xapian.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace news::indexer {

/// How a sharded build runs.
struct ShardOptions {
    std::string target;  ///< the database folder the merge replaces (its writer holds the lock)
    std::string stemmer; ///< the target's stemmer
    unsigned shards = 2; ///< shards, one thread each (tokenising and writing)
    /// Each shard flushes every batch_size articles, or sooner when its unflushed articles reach
    /// shard_batch_bytes payload bytes (Xapian's inversion grows with them, and gets slower).
    std::size_t batch_size = 1000;
    /// See batch_size.
    std::size_t shard_batch_bytes = std::size_t{32} << 20U;
    /// Bytes of article text submitted and not yet returned by next() (see full()).
    std::size_t max_in_flight_bytes = std::size_t{64} << 20U;
    /// Articles submitted and not yet returned by next(), whatever their size.
    std::size_t max_in_flight = 256;
};

/// One article's outcome, handed back in submission order.
struct ShardResult {
    Article article;                        ///< the article submitted
    AddOutcome outcome = AddOutcome::Added; ///< Added, or Duplicate (its id came earlier)
    std::string error; ///< Xapian's message when the article cannot be made a document
};

/// Builds a new database with one Xapian writer per thread, which is what lets indexing scale
/// past the single writer: each shard is a WritableDatabase of its own in a temporary folder
/// beside the target (`<target>.shards-<pid>`), and finish() merges them with
/// Xapian::Database::compact into another temporary folder that then atomically takes the
/// target's place. A crash before that leaves the target as it was (empty and stamped).
///
/// Articles are routed to a shard by their id, so an id seen twice lands twice in the same
/// shard, where replace_document on the id term keeps one document (the later) and reports the
/// duplicate. Within a shard documents keep input order; across shards the merged document ids
/// follow the shards, not the input.
class ShardedBuild {
public:
    /// Creates the shards and starts their threads.
    /// @throws news::Error (CannotCreate, Io) when the temporary folders cannot be made.
    explicit ShardedBuild(const ShardOptions& options);
    /// Stops the threads and removes the temporary folders; the target is left as it is.
    ~ShardedBuild();
    ShardedBuild(const ShardedBuild&) = delete;
    ShardedBuild& operator=(const ShardedBuild&) = delete;

    /// Queues an article for its shard. The caller bounds memory by taking results with
    /// next() while full().
    void submit(Article article);

    /// The next result in submission order: waits for it when @p wait, else std::nullopt when
    /// it is not ready (or nothing is in flight).
    /// @throws news::Error when a shard failed (Io, Corrupt, ...).
    [[nodiscard]] std::optional<ShardResult> next(bool wait);

    /// True when the articles in flight reach max_in_flight or max_in_flight_bytes.
    [[nodiscard]] bool full() const;

    /// After every result was taken: commits the shards, merges them into the target and
    /// closes @p target (its writer, whose lock is held until the merged database is in place).
    /// @return the documents in the merged database.
    /// @throws news::Error for database failures; the target is then left as it was.
    Xapian::doccount finish(IndexWriter& target);

private:
    struct Job {
        std::uint64_t sequence;
        Article article;
    };
    struct Shard {
        std::string path;
        std::unique_ptr<IndexWriter> writer; ///< used by the shard's thread only
        std::deque<Job> jobs;
        std::condition_variable job_ready;
        std::thread thread;
    };

    void work(Shard& shard);
    void stop();
    static std::size_t bytes_of(const Article& article);

    ShardOptions m_options;
    std::string m_folder; ///< <target>.shards-<pid>: one folder per shard
    mutable std::mutex m_mutex;
    std::condition_variable m_done_ready;
    std::vector<std::unique_ptr<Shard>> m_shards;
    std::map<std::uint64_t, ShardResult> m_done;
    std::uint64_t m_next_sequence = 0;
    std::uint64_t m_next_out = 0;
    std::size_t m_bytes_in_flight = 0;
    unsigned m_writers_open = 0; ///< shards whose writer has not been committed and closed yet
    bool m_closing = false;      ///< no more jobs: commit and close each shard
    bool m_stop = false;         ///< leave at once
    std::exception_ptr m_failure;
};

} // namespace news::indexer
