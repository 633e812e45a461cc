/// @file
/// @brief PooledSink: parallel document building, one writer, input order.
#include "news/indexer/pooled_sink.hpp"

#include "news/common/analysis.hpp"

#include <algorithm>
#include <utility>

namespace news::indexer {

PooledSink::PooledSink(IndexWriter& writer, unsigned threads, InFlightLimits limits,
                       ResultHandler on_result)
    : m_writer(writer), m_on_result(std::move(on_result)), m_builders([&] {
          std::vector<std::unique_ptr<DocumentBuilder>> builders;
          for (unsigned i = 0; i < std::max(1U, threads); ++i) {
              builders.push_back(
                  std::make_unique<DocumentBuilder>(analysis::make_stemmer(writer.stemmer()),
                                                    writer.aliases(), writer.entity_finder()));
          }
          return builders;
      }()),
      m_work(std::max(1U, threads), /*lane_per_worker=*/false, limits,
             [this](Job&& job, unsigned worker) { return build(std::move(job), worker); }) {}

PooledSink::Built PooledSink::build(Job&& job, unsigned worker) {
    Built built{std::move(job.article), std::move(job.pending), {}, {}};
    if (!built.pending) {
        return built;
    }
    try {
        built.doc = article_document(built.article, *built.pending, *m_builders[worker]);
        release_body(built.article);
    } catch (const Xapian::Error& e) {
        built.error = e.get_msg();
    }
    return built;
}

void PooledSink::submit(Article article) {
    // Unchanged articles are queued too (and passed through untouched), so that every result
    // comes back in input order.
    auto pending = m_writer.prepare(article);
    const std::size_t bytes = pending ? article.title.size() + article.body.size() : 0;
    m_work.submit(Job{std::move(article), std::move(pending)}, bytes);
    while (auto built = m_work.next(/*wait=*/false)) {
        write(std::move(*built));
    }
    while (m_work.full()) {
        if (auto built = m_work.next(/*wait=*/true)) {
            write(std::move(*built));
        }
    }
}

void PooledSink::write(Built&& built) {
    SinkResult result{std::move(built.article), AddOutcome::Unchanged, std::move(built.error)};
    if (built.pending && result.error.empty()) {
        result.outcome = m_writer.write(*built.pending, std::move(built.doc));
    }
    m_on_result(std::move(result));
}

void PooledSink::drain() {
    while (auto built = m_work.next(/*wait=*/true)) {
        write(std::move(*built));
    }
}

Xapian::doccount PooledSink::finish() {
    m_work.close();
    m_writer.commit();
    return m_writer.doc_count();
}

} // namespace news::indexer
