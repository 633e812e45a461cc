/// @file
/// @brief pending_article() and article_document().
#include "news/indexer/article_document.hpp"

#include "news/common/payload.hpp"
#include "news/common/schema.hpp"
#include "news/indexer/entity_finder.hpp"

namespace news::indexer {

PendingArticle pending_article(const Article& article) {
    PendingArticle pending;
    pending.id_term = schema::id_term(article.id);
    pending.payload = payload::encode(article);
    pending.fingerprint = DocumentBuilder::fingerprint(pending.payload, article.body);
    pending.bytes = pending.payload.size() + article.body.size();
    return pending;
}

Xapian::Document article_document(Article& article, const PendingArticle& pending,
                                  DocumentBuilder& builder) {
    if (const EntityFinder* finder = builder.entity_finder()) {
        article.entities =
            tidy_entities(finder->find(article.title, article.body, article.dateline));
        if (!article.entities.empty()) {
            return builder.build(article, payload::encode(article), pending.fingerprint);
        }
    }
    return builder.build(article, pending.payload, pending.fingerprint);
}

void release_body(Article& article) noexcept {
    std::string().swap(article.body);
}

} // namespace news::indexer
