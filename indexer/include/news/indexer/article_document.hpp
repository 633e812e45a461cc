/// @file
/// @brief What a writer stores for an article: the one place an Article becomes a document.
#pragma once

#include "news/common/article.hpp"
#include "news/indexer/document_builder.hpp"

#include <xapian.h>

#include <cstddef>
#include <string>

namespace news::indexer {

/// The parts of an article a writer compares and stores, computed without tokenising: enough
/// to tell an unchanged article from a changed one before any costly work.
struct PendingArticle {
    std::string id_term;         ///< its "Q" term
    std::string payload;         ///< payload::encode() of it, for the document data
    bool first_this_run = false; ///< false when this run already wrote the id (set by a writer)
    std::string fingerprint;     ///< DocumentBuilder::fingerprint() of it
    std::size_t bytes = 0;       ///< payload and body: what it adds to a batch
};

/// The id term, payload, fingerprint and size of @p article (first_this_run is left false:
/// only the writer knows it).
[[nodiscard]] PendingArticle pending_article(const Article& article);

/// The document for @p article, whose pending_article() is @p pending: every sink calls this,
/// on its worker threads (or on the writer's thread in a serial run). Steps that derive
/// something from the article's text for the index (enrichment such as story keys, entities
/// or aliases) belong here, before the document is built, so they run once per article,
/// in parallel, whatever the sink.
///
/// Entities: when @p builder has an EntityFinder, the article's entities are found here
/// (tidy_entities()), stored in @p article.entities and in the document (its payload encoded
/// again with them). The document's ContentHash stays @p pending.fingerprint, computed without
/// them: entities follow from the title and body, which the fingerprint covers, so an unchanged
/// article still skips on a re-run before anything is extracted.
/// @throws Xapian::InvalidArgumentError when the article cannot be made a document (a term
/// longer than Xapian's limit).
[[nodiscard]] Xapian::Document article_document(Article& article, const PendingArticle& pending,
                                                DocumentBuilder& builder);

/// Lets go of @p article's body and its memory: every sink calls it once the article's document
/// is built (the document holds its own copy), before the document is written, so that a huge
/// article is not held once more while Xapian writes it. The id, origin and repairs stay for
/// the report.
void release_body(Article& article) noexcept;

} // namespace news::indexer
