/// @file
/// @brief EntityMerges and facet_filter().
#include "news/searcher/entity_merge.hpp"

#include <algorithm>
#include <utility>

namespace news::searcher {

EntityMerges::EntityMerges(const Xapian::Database& db, const schema::FacetField& field)
    : m_db(db), m_field(&field) {
    const std::string prefix(field.filter_prefix);
    // last word -> (articles, full value) of each multi-word value ending in it
    std::map<std::string, std::vector<std::pair<Xapian::doccount, std::string>>> by_last_word;
    std::vector<std::string> one_word;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        std::string value = (*it).substr(prefix.size());
        const auto space = value.rfind(' ');
        if (space == std::string::npos) {
            one_word.push_back(std::move(value));
        } else {
            by_last_word[value.substr(space + 1)].emplace_back(it.get_termfreq(), std::move(value));
        }
    }
    for (const auto& word : one_word) {
        const auto found = by_last_word.find(word);
        if (found == by_last_word.end()) {
            continue;
        }
        auto candidates = found->second;
        std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        Xapian::doccount others = 0;
        for (std::size_t i = 1; i < candidates.size(); ++i) {
            others += candidates[i].first;
        }
        if (candidates.front().first > others) {
            m_target[word] = candidates.front().second;
            m_members[candidates.front().second].push_back(word);
        }
    }
}

const std::string& EntityMerges::canonical(const std::string& folded) const {
    const auto it = m_target.find(folded);
    return it == m_target.end() ? folded : it->second;
}

std::vector<std::string> EntityMerges::group(const std::string& folded) const {
    std::vector<std::string> out{folded};
    if (const auto it = m_members.find(folded); it != m_members.end()) {
        out.insert(out.end(), it->second.begin(), it->second.end());
    }
    return out;
}

std::string EntityMerges::display(const std::string& folded) const {
    const std::string term = schema::filter_term(*m_field, folded);
    const auto posting = m_db.postlist_begin(term);
    if (posting == m_db.postlist_end(term)) {
        return {};
    }
    const Xapian::Document doc = m_db.get_document(*posting);
    for (unsigned k = 0; k < schema::max_multi_values; ++k) {
        std::string value = doc.get_value(m_field->first_slot + k);
        if (value.empty()) {
            break;
        }
        if (schema::fold_value(value) == folded) {
            return value;
        }
    }
    return {};
}

bool merges_short_names(const schema::FacetField& field) {
    return field.name == "entity.person";
}

Xapian::Query facet_filter(const Xapian::Database& db, const schema::FacetField& field,
                           std::string_view value) {
    if (!merges_short_names(field)) {
        return Xapian::Query(schema::filter_term(field, value));
    }
    const EntityMerges merges(db, field);
    std::vector<Xapian::Query> terms;
    for (const auto& folded : merges.group(merges.canonical(schema::fold_value(value)))) {
        terms.emplace_back(schema::filter_term(field, folded));
    }
    return terms.size() == 1 ? terms.front()
                             : Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

} // namespace news::searcher
