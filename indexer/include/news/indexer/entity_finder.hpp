/// @file
/// @brief Where the indexer gets an article's named entities: an interface over the extractor.
#pragma once

#include "news/common/article.hpp"

#include <memory>
#include <string_view>

namespace news::indexer {

/// Finds the people, places and organisations of an article. The indexer holds one per run
/// (null when --no-entities) and calls it from every worker thread: find() must be thread-safe.
/// Tests give the indexer their own finder, so what the index does with entities is tested
/// whatever the built-in extractor finds.
class EntityFinder {
public:
    EntityFinder() = default;
    virtual ~EntityFinder() = default;
    EntityFinder(const EntityFinder&) = delete;
    EntityFinder& operator=(const EntityFinder&) = delete;

    /// The entities of an article with this @p title, @p body and @p dateline (clean UTF-8;
    /// the dateline may be empty).
    [[nodiscard]] virtual NamedEntities find(std::string_view title, std::string_view body,
                                             std::string_view dateline) const = 0;
};

/// The built-in extractor (entities::Extractor) as an EntityFinder; built once per process.
[[nodiscard]] std::shared_ptr<const EntityFinder> builtin_entity_finder();

/// What the index keeps of @p found: each value trimmed and with its white space folded, empty
/// values and values equal once folded (schema::fold_value) dropped, and a one-word person's
/// value dropped when it is the last word of a longer person's value in the same article
/// ("Trump" beside "Donald Trump"; places and organisations keep theirs: "Chicago" beside
/// "North Chicago"). That last rule is what lets the searcher merge a lone
/// surname into a full name across articles and still count each article once (see
/// searcher/src/entity_merge.cpp).
[[nodiscard]] NamedEntities tidy_entities(const NamedEntities& found);

} // namespace news::indexer
