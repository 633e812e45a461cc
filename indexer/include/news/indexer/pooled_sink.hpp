/// @file
/// @brief PooledSink: worker threads build documents; the target's single writer writes them.
#pragma once

#include "news/indexer/ordered_work.hpp"
#include "news/indexer/sink.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace news::indexer {

/// Tokenising is the costly part of indexing and needs no database: N workers, each with its
/// own DocumentBuilder, build documents while the calling thread checks each article against
/// the database (unchanged ones are never tokenised) and writes the built documents in input
/// order, so document ids are those a single-threaded run gives. Used to update an existing
/// database, which only one Xapian writer may change.
class PooledSink final : public Sink {
public:
    /// Starts @p threads workers with the writer's stemmer; at most @p limits in flight.
    PooledSink(IndexWriter& writer, unsigned threads, InFlightLimits limits,
               ResultHandler on_result);
    void submit(Article article) override;
    void drain() override;
    Xapian::doccount finish() override;

private:
    struct Job {
        Article article;
        std::optional<PendingArticle> pending; ///< none: unchanged, nothing to build or write
    };
    struct Built {
        Article article;
        std::optional<PendingArticle> pending; ///< as in the Job
        Xapian::Document doc;                  ///< empty when error is set
        std::string error;
    };

    Built build(Job&& job, unsigned worker);
    void write(Built&& built);

    IndexWriter& m_writer;
    ResultHandler m_on_result;
    std::vector<std::unique_ptr<DocumentBuilder>> m_builders; ///< one per worker
    OrderedWork<Job, Built> m_work;                           ///< last: its workers use the rest
};

} // namespace news::indexer
