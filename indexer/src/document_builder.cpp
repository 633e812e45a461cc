/// @file
/// @brief Article -> Xapian::Document.
#include "news/indexer/document_builder.hpp"

#include "news/common/analysis.hpp"
#include "news/common/date.hpp"
#include "news/common/folding.hpp"
#include "news/common/payload.hpp"
#include "news/common/schema.hpp"
#include "news/common/stored_body.hpp"
#include "news/common/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

namespace news::indexer {
namespace {

// Filter terms for every distinct value, facet slots for the first max_multi_values of them.
// Values equal once folded count once, so an article that
// names an author twice is counted once in that author's facet.
void add_multi_valued(Xapian::Document& doc, const schema::FacetField& field,
                      const std::vector<std::string>& values) {
    unsigned slot_index = 0;
    std::vector<std::string> seen;
    for (const auto& value : values) {
        const std::string display = schema::display_value(value);
        std::string term = schema::filter_term(field, display);
        if (display.empty() || std::find(seen.begin(), seen.end(), term) != seen.end()) {
            continue;
        }
        doc.add_boolean_term(term);
        seen.push_back(std::move(term));
        if (slot_index < schema::max_multi_values) {
            doc.add_value(field.first_slot + slot_index, display);
            ++slot_index;
        }
    }
}

void add_single_valued(Xapian::Document& doc, const schema::FacetField& field,
                       const std::string& value) {
    const std::string display = schema::display_value(value);
    if (display.empty()) {
        return;
    }
    doc.add_boolean_term(schema::filter_term(field, display));
    doc.add_value(field.first_slot, display);
}

// The values @p article has for the facet called @p name.
std::vector<std::string> facet_values(const Article& article, std::string_view name) {
    if (name == "source") {
        return {article.source};
    }
    if (name == "language") {
        return {article.language};
    }
    if (name == "story") {
        return {article.story.id};
    }
    if (name == "author") {
        return article.authors;
    }
    if (name == "category") {
        return article.categories;
    }
    if (name == "entity.person") {
        return article.entities.person;
    }
    if (name == "entity.place") {
        return article.entities.place;
    }
    if (name == "entity.org") {
        return article.entities.org;
    }
    if (name.substr(0, 5) == "date.") {
        if (!article.date) {
            return {};
        }
        const std::string iso = date::to_iso(*article.date);
        if (name == "date.year") {
            return {iso.substr(0, 4)};
        }
        return {name == "date.month" ? iso.substr(0, 7) : iso};
    }
    const auto it = article.facets.find(std::string(name));
    return it == article.facets.end() ? std::vector<std::string>{} : it->second;
}

} // namespace

DocumentBuilder::DocumentBuilder(const Xapian::Stem& stemmer,
                                 std::shared_ptr<const aliases::AliasSet> aliases,
                                 std::shared_ptr<const EntityFinder> entities)
    : m_stemmer(stemmer), m_generator(analysis::make_word_generator()),
      m_aliases(std::move(aliases)), m_entities(std::move(entities)) {
    if (m_aliases && m_aliases->empty()) {
        m_aliases.reset();
    }
}

std::string DocumentBuilder::fingerprint(std::string_view payload, std::string_view body) {
    return fmt::format("{:016x}{:016x}", text::fnv1a64(payload), text::fnv1a64(body));
}

Xapian::Document DocumentBuilder::build(const Article& article) {
    const std::string payload = payload::encode(article);
    return build(article, payload, fingerprint(payload, article.body));
}

Xapian::Document DocumentBuilder::build(const Article& article, const std::string& payload,
                                        const std::string& fingerprint) {
    Xapian::Document doc;
    doc.set_data(payload);
    if (!article.body.empty()) {
        doc.add_value(schema::Body, stored_body::compress(article.body));
    }
    doc.add_value(schema::ContentHash, fingerprint);
    doc.add_boolean_term(schema::id_term(article.id));
    if (!article.url.empty()) {
        doc.add_boolean_term(schema::url_term(article.url));
    }

    analysis::add_search_terms(index_words(article), doc, m_stemmer);
    // With wdf 0: the document's length, and so every other term's weight, stays what it is
    // without aliases (a query naming no form ranks exactly as before). The price: the group
    // term adds no weight, so an article found only through another form ranks by the rest
    // of the query.
    for (const auto& [term, pos] : m_alias_postings) {
        doc.add_posting(term, pos, 0);
    }
    for (const auto& field : schema::facet_fields()) {
        const std::vector<std::string> values = facet_values(article, field.name);
        if (field.multi_valued) {
            add_multi_valued(doc, field, values);
        } else if (!values.empty()) {
            add_single_valued(doc, field, values.front());
        }
    }
    if (!article.story.copy_of.empty()) {
        doc.add_value(schema::CopyOf, article.story.copy_of);
    }
    if (!article.story.features.empty()) {
        doc.add_value(schema::StoryFeatures, article.story.features);
    }
    if (article.date) {
        const std::string compact = date::to_compact(*article.date);
        doc.add_value(schema::Published, compact);
        doc.add_value(schema::PublishedSort, Xapian::sortable_serialise(std::stod(compact)));
    }
    return doc;
}

void DocumentBuilder::add_spelling(Xapian::WritableDatabase& db, const Xapian::Document& doc) {
    // Unprefixed terms are the words as indexed (folded, lower case, unstemmed); prefixed ones
    // start with a capital. Short words and numbers are never worth a suggestion.
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        const std::string& term = *it;
        if (term.size() < 3 || (term.front() >= 'A' && term.front() <= 'Z') ||
            std::any_of(term.begin(), term.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            continue;
        }
        db.add_spelling(term, it.get_wdf());
    }
}

Xapian::Document DocumentBuilder::index_words(const Article& article) {
    Xapian::Document words;
    m_generator.set_document(words);
    m_alias_postings.clear();
    // Folded copies only of texts that have something to fold (a body can be megabytes).
    const auto index = [&](const std::string& text, Xapian::termcount wdf_inc,
                           std::string_view prefix) {
        const Xapian::termpos first = m_generator.get_termpos() + 1;
        const bool aliased = m_aliases && (prefix.empty() || prefix == schema::prefix::title);
        if (folding::is_ascii(text)) {
            m_generator.index_text(text, wdf_inc, std::string(prefix));
            if (aliased) {
                find_aliases(text, first, prefix);
            }
        } else {
            const std::string folded = folding::fold_accents(text);
            m_generator.index_text(folded, wdf_inc, std::string(prefix));
            if (aliased) {
                find_aliases(folded, first, prefix);
            }
        }
    };
    if (!article.title.empty()) {
        index(article.title, 1, schema::prefix::title);
        index(article.title, analysis::title_wdf_boost, "");
        // Keep phrases from matching across the title/body boundary.
        m_generator.increase_termpos();
    }
    index(article.body, 1, "");
    const auto index_field_text = [&](std::string_view prefix, const std::string& text) {
        m_generator.increase_termpos();
        index(text, 1, prefix);
    };
    if (!article.source.empty()) {
        index_field_text(schema::prefix::source_text, article.source);
    }
    for (const auto& author : article.authors) {
        index_field_text(schema::prefix::author_text, author);
    }
    for (const auto& category : article.categories) {
        index_field_text(schema::prefix::category_text, category);
    }
    // person:, place:, org: search the names of that kind: the extracted ones and the
    // collection's own (Reuters' PEOPLE, PLACES, ORGS), each name apart so that a phrase
    // never runs from one name into the next.
    const auto index_names = [&](std::string_view prefix, const std::vector<std::string>& names) {
        for (const auto& name : names) {
            index_field_text(prefix, name);
        }
    };
    const auto curated = [&](const char* name) -> const std::vector<std::string>& {
        static const std::vector<std::string> none;
        const auto it = article.facets.find(name);
        return it == article.facets.end() ? none : it->second;
    };
    index_names(schema::prefix::person_text, article.entities.person);
    index_names(schema::prefix::person_text, curated("person"));
    index_names(schema::prefix::place_text, article.entities.place);
    index_names(schema::prefix::place_text, curated("place"));
    index_names(schema::prefix::org_text, article.entities.org);
    index_names(schema::prefix::org_text, curated("org"));
    if (!article.dateline.empty()) {
        m_generator.increase_termpos();
        index(article.dateline, 1, "");
    }
    // Let go of the words: Xapian's reference counts are not atomic, and documents may be
    // handed to another thread (PooledSink).
    m_generator.set_document(Xapian::Document());
    return words;
}

void DocumentBuilder::find_aliases(std::string_view text, Xapian::termpos first_pos,
                                   std::string_view prefix) {
    // The TermGenerator gives each word of the text the next position; aliases::tokenize()
    // splits words as it does, so the k-th word is at first_pos + k. Should the two ever
    // disagree on a text (a word over Xapian's length limit), its aliases are left out rather
    // than put at the wrong place.
    std::size_t words = 0;
    const std::vector<aliases::Occurrence> occurrences =
        m_aliases->find(text, aliases::Mode::Text, &words);
    if (first_pos + words != m_generator.get_termpos() + 1) {
        ++m_misaligned_texts;
        return;
    }
    for (const auto& found : occurrences) {
        m_alias_postings.emplace_back(std::string(prefix) + m_aliases->groups()[found.group].term,
                                      first_pos + static_cast<Xapian::termpos>(found.first));
    }
}

} // namespace news::indexer
