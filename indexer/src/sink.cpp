/// @file
/// @brief SerialSink: the whole run on one thread.
#include "news/indexer/sink.hpp"

#include "news/common/analysis.hpp"
#include "news/indexer/article_document.hpp"

#include <utility>

namespace news::indexer {

SerialSink::SerialSink(IndexWriter& writer, ResultHandler on_result)
    : m_writer(writer), m_on_result(std::move(on_result)),
      m_builder(analysis::make_stemmer(writer.stemmer()), writer.aliases(),
                writer.entity_finder()) {}

void SerialSink::submit(Article article) {
    SinkResult result{std::move(article), AddOutcome::Unchanged, {}};
    try {
        // As IndexWriter::add(), with the body let go before the document is written.
        if (const auto pending = m_writer.prepare(result.article)) {
            Xapian::Document doc = article_document(result.article, *pending, m_builder);
            release_body(result.article);
            result.outcome = m_writer.write(*pending, std::move(doc));
        }
    } catch (const Xapian::InvalidArgumentError& e) {
        result.error = e.get_msg();
    }
    m_on_result(std::move(result));
}

Xapian::doccount SerialSink::finish() {
    m_writer.commit();
    return m_writer.doc_count();
}

} // namespace news::indexer
