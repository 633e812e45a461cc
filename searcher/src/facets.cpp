/// @file
/// @brief FacetCounter.
#include "news/searcher/facets.hpp"

#include "news/common/error.hpp"
#include "news/common/schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace news::searcher {

FacetCounter::FacetCounter(const Xapian::Database& db, const std::vector<std::string>& names) {
    for (const auto& name : names) {
        const auto& field = schema::require_facet(name, "--facet");
        if (std::any_of(m_facets.begin(), m_facets.end(),
                        [&](const Facet& f) { return f.name == name; })) {
            continue;
        }
        Facet facet{name, {}};
        // At least one spy, so a facet no article has yet still reports having seen every match.
        const unsigned slots = std::max(1U, schema::facet_slot_count(db, field));
        for (unsigned k = 0; k < slots; ++k) {
            facet.spies.push_back(
                std::make_unique<Xapian::ValueCountMatchSpy>(field.first_slot + k));
        }
        m_facets.push_back(std::move(facet));
    }
}

void FacetCounter::attach(Xapian::Enquire& enquire) {
    for (auto& facet : m_facets) {
        for (auto& spy : facet.spies) {
            // The Enquire keeps a plain pointer: the counter must outlive get_mset().
            enquire.add_matchspy(spy.get());
        }
    }
}

void FacetCounter::count(const Xapian::Database& db, const Xapian::Query& query) {
    static_cast<void>(
        count_every_match(db, query, [this](Xapian::Enquire& enquire) { attach(enquire); }));
}

Xapian::doccount count_every_match(const Xapian::Database& db, const Xapian::Query& query,
                                   const std::function<void(Xapian::Enquire&)>& enquire_setup) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    if (enquire_setup) {
        enquire_setup(enquire);
    }
    // Asking to check at least every document makes the matcher visit every match.
    return enquire.get_mset(0, 0, db.get_doccount()).get_matches_upper_bound();
}

std::vector<FacetCounts> FacetCounter::results(std::size_t limit) const {
    std::vector<FacetCounts> out;
    for (const auto& facet : m_facets) {
        // folded value -> (count, spellings with their counts)
        struct Merged {
            Xapian::doccount count = 0;
            std::map<std::string, Xapian::doccount> spellings;
        };
        std::map<std::string, Merged> merged;
        FacetCounts counts{facet.name, {}, 0, 0};
        for (const auto& spy : facet.spies) {
            counts.seen = std::max(counts.seen, spy->get_total());
            for (auto it = spy->values_begin(); it != spy->values_end(); ++it) {
                auto& entry = merged[schema::fold_value(*it)];
                entry.count += it.get_termfreq();
                entry.spellings[*it] += it.get_termfreq();
            }
        }
        for (const auto& [folded, entry] : merged) {
            // Show the most frequent spelling; ties go to the first in byte order.
            const auto best =
                std::max_element(entry.spellings.begin(), entry.spellings.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
            counts.values.push_back({best->first, entry.count});
        }
        std::sort(counts.values.begin(), counts.values.end(),
                  [](const FacetValue& a, const FacetValue& b) {
                      return a.count != b.count ? a.count > b.count : a.value < b.value;
                  });
        counts.distinct = counts.values.size();
        if (limit > 0 && counts.values.size() > limit) {
            counts.values.resize(limit);
        }
        out.push_back(std::move(counts));
    }
    return out;
}

} // namespace news::searcher
