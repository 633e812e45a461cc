/// @file
/// @brief Where an indexing run sends its articles: one interface, three ways of writing.
#pragma once

#include "news/common/article.hpp"
#include "news/indexer/document_builder.hpp"
#include "news/indexer/index_writer.hpp"

#include <xapian.h>

#include <functional>
#include <string>

namespace news::indexer {

/// What became of one article, handed back in input order.
struct SinkResult {
    Article article; ///< the article submitted; its body is let go once it is written
    AddOutcome outcome = AddOutcome::Added; ///< what writing it did
    std::string error; ///< set when the article cannot be made a document (nothing written)
};

/// Receives each SinkResult, on the thread that calls Sink's functions.
using ResultHandler = std::function<void(SinkResult&&)>;

/// Takes the articles of a run in input order and writes them to the database. The three
/// implementations differ only in where the work happens:
/// - SerialSink: everything on the calling thread, through the target's writer;
/// - PooledSink: worker threads build documents, the target's writer writes them;
/// - ShardedSink: one writer per worker thread, each into a shard of its own, merged into a
///   new database that takes the target's place at the end (new databases, --overwrite).
///
/// Each turns an article into its document with article_document(), the one place for the
/// steps that enrich a document. Results reach the handler given at construction, in input
/// order, from submit() (those ready by then) and drain() (the rest).
class Sink {
public:
    Sink() = default;
    virtual ~Sink() = default;
    Sink(const Sink&) = delete;
    Sink& operator=(const Sink&) = delete;

    /// Takes the next article; may hand results back and may wait so that the articles in
    /// flight stay within the run's memory budget.
    /// @throws news::Error for database failures.
    virtual void submit(Article article) = 0;

    /// Waits for every article in flight and hands back their results.
    /// @throws news::Error for database failures.
    virtual void drain() = 0;

    /// After drain(): makes everything durable (the last commit, or the merge and swap) and
    /// closes the target's writer.
    /// @return the documents in the database.
    /// @throws news::Error for database failures; the database is then as it was at its last
    /// commit (or, for a sharded build, as it was before the run).
    virtual Xapian::doccount finish() = 0;

    /// After drain(), instead of finish(): for an interrupted run. A sink that builds a new
    /// database aside to replace the target discards it (the target is kept as it was) and
    /// returns true; the others commit what they have, like finish(), and return false.
    virtual bool abandon_replacement() { return false; }
};

/// Writes every article on the calling thread, through @p writer.
class SerialSink final : public Sink {
public:
    /// Writes into @p writer (which must outlive the sink); results go to @p on_result.
    SerialSink(IndexWriter& writer, ResultHandler on_result);
    void submit(Article article) override;
    void drain() override {}
    Xapian::doccount finish() override;

private:
    IndexWriter& m_writer;
    ResultHandler m_on_result;
    DocumentBuilder m_builder; ///< with the writer's stemmer
};

} // namespace news::indexer
