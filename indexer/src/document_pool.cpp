/// @file
/// @brief DocumentPool: parallel document building with ordered hand-back.
#include "news/indexer/document_pool.hpp"

#include "news/common/analysis.hpp"
#include "news/indexer/document_builder.hpp"

#include <algorithm>
#include <csignal>
#include <pthread.h>
#include <utility>

namespace news::indexer {

namespace {

std::size_t bytes_of(const Article& article) {
    return article.title.size() + article.body.size();
}

} // namespace

DocumentPool::DocumentPool(const std::string& stemmer, unsigned threads, std::size_t max_in_flight,
                           std::size_t max_in_flight_bytes)
    : m_max_in_flight(std::max<std::size_t>(1, max_in_flight)),
      m_max_in_flight_bytes(std::max<std::size_t>(1, max_in_flight_bytes)) {
    const unsigned count = std::max(1U, threads);
    m_workers.reserve(count);
    for (unsigned i = 0; i < count; ++i) {
        m_workers.emplace_back([this, stemmer] { work(stemmer); });
    }
}

DocumentPool::~DocumentPool() {
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_job_ready.notify_all();
    for (auto& worker : m_workers) {
        worker.join();
    }
}

void DocumentPool::submit(Article article, PendingArticle pending) {
    std::unique_lock lock(m_mutex);
    m_bytes_in_flight += bytes_of(article);
    m_jobs.push_back(Job{m_next_sequence++, std::move(article), std::move(pending)});
    lock.unlock();
    m_job_ready.notify_one();
}

std::optional<BuiltDocument> DocumentPool::next(bool wait) {
    std::unique_lock lock(m_mutex);
    if (m_next_out == m_next_sequence) {
        return std::nullopt; // nothing in flight
    }
    if (wait) {
        m_done_ready.wait(lock, [&] { return m_done.count(m_next_out) > 0; });
    }
    const auto it = m_done.find(m_next_out);
    if (it == m_done.end()) {
        return std::nullopt;
    }
    BuiltDocument built = std::move(it->second);
    m_done.erase(it);
    ++m_next_out;
    m_bytes_in_flight -= bytes_of(built.article);
    return built;
}

bool DocumentPool::full() const {
    const std::lock_guard lock(m_mutex);
    return m_next_sequence - m_next_out >= m_max_in_flight ||
           m_bytes_in_flight >= m_max_in_flight_bytes;
}

void DocumentPool::work(const std::string& stemmer) {
    // Signals go to the reading thread, whose blocking read they must interrupt (Ctrl-C on a
    // pipe), never to a worker.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    DocumentBuilder builder(analysis::make_stemmer(stemmer));
    for (;;) {
        std::unique_lock lock(m_mutex);
        m_job_ready.wait(lock, [&] { return !m_jobs.empty() || m_stop; });
        if (m_stop) {
            return;
        }
        Job job = std::move(m_jobs.front());
        m_jobs.pop_front();
        lock.unlock();

        BuiltDocument built{std::move(job.article), std::move(job.pending), {}, {}};
        try {
            built.doc = builder.build(built.article, built.pending.payload);
        } catch (const Xapian::Error& e) {
            built.error = e.get_msg();
        }
        lock.lock();
        m_done.emplace(job.sequence, std::move(built));
        lock.unlock();
        m_done_ready.notify_all();
    }
}

} // namespace news::indexer
