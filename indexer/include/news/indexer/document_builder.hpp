/// @file
/// @brief Turns an Article into a Xapian document laid out as common/SCHEMA.md says.
#pragma once

#include "news/common/aliases.hpp"
#include "news/common/article.hpp"
#include "news/indexer/entity_finder.hpp"

#include <xapian.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace news::indexer {

/// Builds documents with one TermGenerator; not thread-safe (one builder per thread).
class DocumentBuilder {
public:
    /// Stems with @p stemmer, which must be the database's; indexes the group terms of
    /// @p aliases (the database's alias set; none when null); @p entities is the run's entity
    /// finder, which article_document() uses (null: entities are off).
    explicit DocumentBuilder(const Xapian::Stem& stemmer,
                             std::shared_ptr<const aliases::AliasSet> aliases = nullptr,
                             std::shared_ptr<const EntityFinder> entities = nullptr);

    /// The document for @p article: free-text terms, accent-folded, as stems with positions and
    /// words without (title also prefixed and boosted), boolean filter terms and value slots for
    /// every facet (article.entities as entity.person, entity.place, entity.org; their words
    /// also as person:, place:, org: text), the id term, and the JSON payload the searcher
    /// displays. Finds no entities itself: article_document() does, with entity_finder().
    [[nodiscard]] Xapian::Document build(const Article& article);

    /// build() with the payload already encoded (payload::encode(article)) and @p fingerprint,
    /// the ContentHash to store (see article_document()).
    [[nodiscard]] Xapian::Document build(const Article& article, const std::string& payload,
                                         const std::string& fingerprint);

    /// The entity finder given at construction, or null.
    [[nodiscard]] const EntityFinder* entity_finder() const noexcept { return m_entities.get(); }

    /// The fingerprint stored in the ContentHash slot: equal payloads and bodies, equal
    /// fingerprints.
    [[nodiscard]] static std::string fingerprint(std::string_view payload, std::string_view body);

    /// Adds the free-text words of @p doc (a document build() made) to @p db's spelling
    /// dictionary, each with its wdf, so the searcher can suggest spellings ("did you mean")
    /// from the corpus's own words: the unprefixed words of 3 or more bytes without digits.
    /// Xapian keeps the dictionary in the database's spelling table (merged by compaction).
    static void add_spelling(Xapian::WritableDatabase& db, const Xapian::Document& doc);

    /// Texts whose words the alias matcher could not line up with Xapian's positions, and so
    /// were given no alias terms (expected to stay 0; see find_aliases()).
    [[nodiscard]] std::size_t misaligned_texts() const { return m_misaligned_texts; }

private:
    /// The words of @p article's free text, unstemmed, with positions, in a scratch document;
    /// the alias group terms found on the way go to m_alias_postings.
    [[nodiscard]] Xapian::Document index_words(const Article& article);

    /// Notes the group terms of the forms in @p text (folded), indexed from position
    /// @p first_pos with @p prefix.
    void find_aliases(std::string_view text, Xapian::termpos first_pos, std::string_view prefix);

    Xapian::Stem m_stemmer;
    Xapian::TermGenerator m_generator; ///< makes the words of index_words()
    std::shared_ptr<const aliases::AliasSet> m_aliases;
    std::shared_ptr<const EntityFinder> m_entities; ///< see entity_finder()
    /// (term, position) of each alias form found by the last index_words()
    std::vector<std::pair<std::string, Xapian::termpos>> m_alias_postings;
    std::size_t m_misaligned_texts = 0; ///< texts left without aliases (see find_aliases)
};

} // namespace news::indexer
