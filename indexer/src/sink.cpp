/// @file
/// @brief SerialSink: the whole run on one thread.
#include "news/indexer/sink.hpp"

#include <utility>

namespace news::indexer {

SerialSink::SerialSink(IndexWriter& writer, ResultHandler on_result)
    : m_writer(writer), m_on_result(std::move(on_result)) {}

void SerialSink::submit(Article article) {
    SinkResult result{std::move(article), AddOutcome::Added, {}};
    try {
        result.outcome = m_writer.add(result.article);
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
