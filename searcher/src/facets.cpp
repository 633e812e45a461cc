/// @file
/// @brief FacetCounter.
#include "news/searcher/facets.hpp"

#include "news/common/error.hpp"
#include "news/common/schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace news::searcher {
namespace {

// Counts stories per facet value (--facet-count stories): for each value, the set of the
// stories of the matches that have it. Memory grows with (value, story) pairs, at most the
// matches times the values per article.
class StorySpy : public Xapian::MatchSpy {
public:
    StorySpy(Xapian::valueno first_slot, unsigned slots) : m_first(first_slot), m_slots(slots) {}

    void operator()(const Xapian::Document& doc, double /*wt*/) override {
        ++m_seen;
        std::string story = doc.get_value(schema::Story);
        if (story.empty()) { // no story: the article is a story of its own
            story = "#" + std::to_string(doc.get_docid());
        }
        for (unsigned k = 0; k < m_slots; ++k) {
            const std::string value = doc.get_value(m_first + k);
            if (!value.empty()) {
                m_stories[value].insert(story);
            }
        }
    }

    [[nodiscard]] Xapian::doccount seen() const { return m_seen; }
    [[nodiscard]] const std::map<std::string, std::set<std::string>>& stories() const {
        return m_stories;
    }

private:
    Xapian::valueno m_first;
    unsigned m_slots;
    Xapian::doccount m_seen = 0;
    std::map<std::string, std::set<std::string>> m_stories; // value as stored -> story ids
};

// Counts the values of a facet from its column (facet_columns.hpp): per match, the document's
// ordinals, read from memory. The same counts as one ValueCountMatchSpy per value slot, summed.
class ColumnSpy : public Xapian::MatchSpy {
public:
    explicit ColumnSpy(const facet_columns::Column& column)
        : m_column(column), m_counts(column.values().size(), 0) {}

    void operator()(const Xapian::Document& doc, double /*wt*/) override {
        ++m_seen;
        for (const std::uint32_t ordinal : m_column.of(doc.get_docid())) {
            ++m_counts[ordinal];
        }
    }

    [[nodiscard]] Xapian::doccount seen() const { return m_seen; }
    /// (value as stored, count) for every value counted at least once.
    template <typename Visit> void each(Visit&& visit) const {
        for (std::size_t k = 0; k < m_counts.size(); ++k) {
            if (m_counts[k] > 0) {
                visit(std::string(m_column.values()[k]), m_counts[k]);
            }
        }
    }

private:
    const facet_columns::Column& m_column;
    std::vector<Xapian::doccount> m_counts; // by ordinal
    Xapian::doccount m_seen = 0;
};

// The spelling a facet value is shown in: the most frequent of those counted that fold to
// @p folded (ties: the first in byte order). An entity value counted only through the values
// merged into it is shown in its own spelling, read from an article that has it.
std::string shown_spelling(const EntityMerges* merges, const std::string& folded,
                           const std::map<std::string, Xapian::doccount>& spellings) {
    const std::pair<const std::string, Xapian::doccount>* best = nullptr;
    for (const auto& spelling : spellings) {
        if ((!best || spelling.second > best->second) &&
            (merges == nullptr || schema::fold_value(spelling.first) == folded)) {
            best = &spelling;
        }
    }
    if (best) {
        return best->first;
    }
    std::string own = merges->display(folded);
    return own.empty() ? spellings.begin()->first : own;
}

} // namespace

FacetCounter::FacetCounter(const Xapian::Database& db, const std::vector<std::string>& names,
                           FacetUnit unit, const facet_columns::Columns* columns) {
    for (const auto& name : names) {
        const auto& field = schema::require_facet(name, "--facet");
        if (std::any_of(m_facets.begin(), m_facets.end(),
                        [&](const Facet& f) { return f.name == name; })) {
            continue;
        }
        Facet facet{name, {}, {}, {}, {}};
        if (merges_short_names(field)) {
            facet.merges = std::make_unique<EntityMerges>(db, field);
        }
        // At least one spy, so a facet no article has yet still reports having seen every match.
        const unsigned slots = std::max(1U, schema::facet_slot_count(db, field));
        if (unit == FacetUnit::Stories) {
            facet.story_spy = std::make_unique<StorySpy>(field.first_slot, slots);
            m_facets.push_back(std::move(facet));
            continue;
        }
        if (const auto* column = columns != nullptr ? columns->column(name) : nullptr) {
            facet.column_spy = std::make_unique<ColumnSpy>(*column);
            m_facets.push_back(std::move(facet));
            continue;
        }
        for (unsigned k = 0; k < slots; ++k) {
            facet.spies.push_back(
                std::make_unique<Xapian::ValueCountMatchSpy>(field.first_slot + k));
        }
        m_facets.push_back(std::move(facet));
    }
}

void FacetCounter::attach(Xapian::Enquire& enquire) {
    for (auto& facet : m_facets) {
        if (facet.story_spy) {
            enquire.add_matchspy(facet.story_spy.get());
        }
        if (facet.column_spy) {
            enquire.add_matchspy(facet.column_spy.get());
        }
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

namespace {

// Weighs every match 0, like BoolWeight, but asks for the wdf (see set_unranked_weighting()).
class UnrankedWeight final : public Xapian::Weight {
public:
    UnrankedWeight() { need_stat(WDF); }
    [[nodiscard]] UnrankedWeight* clone() const override { return new UnrankedWeight(); }
    [[nodiscard]] std::string name() const override { return "news::UnrankedWeight"; }
    [[nodiscard]] std::string serialise() const override { return {}; }
    [[nodiscard]] UnrankedWeight* unserialise(const std::string& /*data*/) const override {
        return new UnrankedWeight();
    }
    [[nodiscard]] double get_sumpart(Xapian::termcount /*wdf*/, Xapian::termcount /*doclen*/,
                                     Xapian::termcount /*uniqterms*/) const override {
        return 0;
    }
    [[nodiscard]] double get_maxpart() const override { return 0; }
    [[nodiscard]] double get_sumextra(Xapian::termcount /*doclen*/,
                                      Xapian::termcount /*uniqterms*/) const override {
        return 0;
    }
    [[nodiscard]] double get_maxextra() const override { return 0; }

private:
    void init(double /*factor*/) override {}
};

// Whether @p db has a remote shard: Xapian 1.4 tells only by refusing to test a remote's lock.
bool has_remote_shard(const Xapian::Database& db) {
    try {
        (void)db.locked();
        return false;
    } catch (const Xapian::UnimplementedError&) {
        return true;
    } catch (const Xapian::Error&) {
        return false;
    }
}

} // namespace

void set_unranked_weighting(Xapian::Enquire& enquire, const Xapian::Database& db) {
    // Without gaps in the document ids (no article ever deleted or replaced, in any shard: the
    // ids of several shards interleave, so any gap shows here) Xapian's shortcut is sound, and
    // BoolWeight the fastest.
    if (db.get_lastdocid() == db.get_doccount()) {
        enquire.set_weighting_scheme(Xapian::BoolWeight());
    } else if (has_remote_shard(db)) {
        enquire.set_weighting_scheme(Xapian::BM25Weight(0, 0, 1, 0, 0));
    } else {
        enquire.set_weighting_scheme(UnrankedWeight());
    }
}

Xapian::doccount count_every_match(const Xapian::Database& db, const Xapian::Query& query,
                                   const std::function<void(Xapian::Enquire&)>& enquire_setup) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    set_unranked_weighting(enquire, db);
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
            std::set<std::string> stories; // FacetUnit::Stories: a story counts once
        };
        std::map<std::string, Merged> merged;
        const auto canonical = [&](const std::string& folded) -> std::string {
            return facet.merges ? facet.merges->canonical(folded) : folded;
        };
        FacetCounts counts{facet.name, {}, 0, 0};
        if (facet.story_spy) {
            const auto& spy = static_cast<const StorySpy&>(*facet.story_spy);
            counts.seen = spy.seen();
            for (const auto& [value, stories] : spy.stories()) {
                auto& entry = merged[canonical(schema::fold_value(value))];
                entry.stories.insert(stories.begin(), stories.end());
                entry.spellings[value] += static_cast<Xapian::doccount>(stories.size());
                entry.count = static_cast<Xapian::doccount>(entry.stories.size());
            }
        }
        if (facet.column_spy) {
            const auto& spy = static_cast<const ColumnSpy&>(*facet.column_spy);
            counts.seen = spy.seen();
            spy.each([&](const std::string& value, Xapian::doccount count) {
                auto& entry = merged[canonical(schema::fold_value(value))];
                entry.count += count;
                entry.spellings[value] += count;
            });
        }
        for (const auto& spy : facet.spies) {
            counts.seen = std::max(counts.seen, spy->get_total());
            for (auto it = spy->values_begin(); it != spy->values_end(); ++it) {
                auto& entry = merged[canonical(schema::fold_value(*it))];
                entry.count += it.get_termfreq();
                entry.spellings[*it] += it.get_termfreq();
            }
        }
        for (const auto& [folded, entry] : merged) {
            counts.values.push_back(
                {shown_spelling(facet.merges.get(), folded, entry.spellings), entry.count});
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
