/// @file
/// @brief Worker threads that turn articles into Xapian documents, handed back in input order.
#pragma once

#include "news/common/article.hpp"
#include "news/indexer/index_writer.hpp"

#include <xapian.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace news::indexer {

/// A document built by a worker, or why it could not be built.
struct BuiltDocument {
    Article article;        ///< the article it was built from
    PendingArticle pending; ///< what IndexWriter::write() needs
    Xapian::Document doc;   ///< empty when error is set
    std::string error;      ///< Xapian's message when the article cannot be made a document
};

/// Tokenising is the costly part of indexing and needs no database: N workers, each with its
/// own TermGenerator and stemmer, build documents while the single writer thread feeds Xapian.
/// The writer keeps at most max_in_flight articles, and max_in_flight_bytes of article text,
/// queued or built (see full()), so memory is bounded by those, not by the corpus. Results come
/// back in submission order, so "the later article wins" and document ids stay as a single-threaded
/// run would give them.
class DocumentPool {
public:
    /// Starts @p threads workers using the @p stemmer language.
    DocumentPool(const std::string& stemmer, unsigned threads, std::size_t max_in_flight,
                 std::size_t max_in_flight_bytes = std::numeric_limits<std::size_t>::max());
    /// Stops and joins the workers; unfinished work is dropped.
    ~DocumentPool();
    DocumentPool(const DocumentPool&) = delete;
    DocumentPool& operator=(const DocumentPool&) = delete;

    /// Queues an article. The caller keeps memory bounded by taking documents with next()
    /// while full().
    void submit(Article article, PendingArticle pending);

    /// The next document in submission order: waits for it when @p wait, else returns
    /// std::nullopt when it is not built yet (or nothing is in flight).
    [[nodiscard]] std::optional<BuiltDocument> next(bool wait);

    /// True when max_in_flight articles, or max_in_flight_bytes of their title and text, are
    /// submitted and not yet returned by next().
    [[nodiscard]] bool full() const;

private:
    struct Job {
        std::uint64_t sequence;
        Article article;
        PendingArticle pending;
    };

    void work(const std::string& stemmer);

    mutable std::mutex m_mutex;
    std::condition_variable m_job_ready;  ///< a job was queued, or stop
    std::condition_variable m_done_ready; ///< a document was built
    std::deque<Job> m_jobs;
    std::map<std::uint64_t, BuiltDocument> m_done;
    std::uint64_t m_next_sequence = 0; ///< given to the next submitted article
    std::uint64_t m_next_out = 0;      ///< the sequence next() returns next
    std::size_t m_max_in_flight;
    std::size_t m_max_in_flight_bytes;
    std::size_t m_bytes_in_flight = 0;
    bool m_stop = false;
    std::vector<std::thread> m_workers;
};

} // namespace news::indexer
