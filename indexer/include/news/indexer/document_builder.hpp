/// @file
/// @brief Turns an Article into a Xapian document laid out as common/SCHEMA.md says.
#pragma once

#include "news/common/article.hpp"

#include <xapian.h>

#include <string>

namespace news::indexer {

/// Builds documents with one TermGenerator; not thread-safe (one builder per thread).
class DocumentBuilder {
public:
    /// Stems with @p stemmer, which must be the database's.
    explicit DocumentBuilder(const Xapian::Stem& stemmer);

    /// The document for @p article: free-text terms, accent-folded, as stems with positions and
    /// words without (title also prefixed and boosted), boolean filter terms and value slots for
    /// every facet, the id term, and the JSON payload the searcher displays.
    [[nodiscard]] Xapian::Document build(const Article& article);

    /// build() with the payload already encoded (payload::encode(article)).
    [[nodiscard]] Xapian::Document build(const Article& article, const std::string& payload);

    /// The fingerprint stored in the ContentHash slot: equal payloads and bodies, equal
    /// fingerprints.
    [[nodiscard]] static std::string fingerprint(std::string_view payload, std::string_view body);

private:
    /// The words of @p article's free text, unstemmed, with positions, in a scratch document.
    [[nodiscard]] Xapian::Document index_words(const Article& article);

    Xapian::Stem m_stemmer;
    Xapian::TermGenerator m_generator; ///< makes the words of index_words()
};

} // namespace news::indexer
