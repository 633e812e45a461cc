/// @file
/// @brief IneB2 (read from the document lengths side file when there is one), the title boost
/// and Bo1 expansion.
#include "ranking.hpp"

#include "news/common/schema.hpp"

#include "ineb2_source.hpp"

#include <string>
#include <vector>

namespace news::searcher::ranking {
namespace {

// How much the extra clauses weigh against the query itself.
constexpr double title_boost = 0.2;
constexpr double expansion_weight = 0.2;
constexpr Xapian::doccount feedback_documents = 3;
constexpr Xapian::termcount expansion_terms = 30;

// A key past every date, "YYYY-MM-DD" or sortable_serialise's bytes: undated articles last
// when the oldest come first.
std::string undated_last() {
    return std::string(16, '\xff');
}

bool is_free_text_stem(const std::string& term) {
    return term.size() > 1 && term.front() == 'Z' && !(term[1] >= 'A' && term[1] <= 'Z');
}

// The free-text stems @p query searches for, leaving out what it excludes (AND_NOT's right
// side) and filters.
void positive_stems(const Xapian::Query& query, std::vector<std::string>& out) {
    const auto type = query.get_type();
    if (type == Xapian::Query::LEAF_TERM) {
        if (query.get_terms_begin() != query.get_terms_end() &&
            is_free_text_stem(*query.get_terms_begin())) {
            out.push_back(*query.get_terms_begin());
        }
        return;
    }
    const bool left_only = type == Xapian::Query::OP_AND_NOT || type == Xapian::Query::OP_FILTER;
    const std::size_t count = left_only ? std::min<std::size_t>(1, query.get_num_subqueries())
                                        : query.get_num_subqueries();
    for (std::size_t i = 0; i < count; ++i) {
        positive_stems(query.get_subquery(i), out);
    }
}

class FreeTextStems : public Xapian::ExpandDecider {
public:
    bool operator()(const std::string& term) const override { return is_free_text_stem(term); }
};

// @p query with @p extra as optional clauses (OP_AND_MAYBE): they add to the weight of its
// matches and match nothing of their own. Their weights are taken as they are (an IneB2Source
// holds its factor).
Xapian::Query boosted_within(const Xapian::Query& query, const std::vector<Xapian::Query>& extra) {
    if (extra.empty()) {
        return query;
    }
    return {Xapian::Query::OP_AND_MAYBE, query,
            Xapian::Query(Xapian::Query::OP_OR, extra.begin(), extra.end())};
}

// boosted_within() with @p extra's weights scaled by @p factor.
Xapian::Query boosted(const Xapian::Query& query, const std::vector<Xapian::Query>& extra,
                      double factor) {
    if (extra.empty()) {
        return query;
    }
    return boosted_within(
        query,
        {Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_OR, extra.begin(), extra.end()), factor)});
}

} // namespace

const Xapian::Weight& weighting_scheme() {
    static const Xapian::IneB2Weight weight(ineb2_c);
    return weight;
}

Xapian::Query with_title_boost(const Xapian::Query& matching, const Lengths& lengths) {
    std::vector<std::string> stems;
    positive_stems(matching, stems);
    std::vector<Xapian::Query> title;
    title.reserve(stems.size());
    for (const auto& stem : stems) {
        const std::string term = "ZS" + stem.substr(1);
        title.push_back(lengths ? ineb2_term(term, title_boost, ineb2_c, lengths)
                                : Xapian::Query(term));
    }
    return lengths
               ? boosted_within(
                     with_ineb2_sources(matching, ineb2_c, lengths, max_wildcard_expansion), title)
               : boosted(matching, title, title_boost);
}

Xapian::Query expanded(const Xapian::Database& db, const Xapian::Query& ranked) {
    Xapian::Enquire enquire(db);
    enquire.set_query(ranked);
    enquire.set_weighting_scheme(weighting_scheme());
    const Xapian::MSet top = enquire.get_mset(0, feedback_documents);
    if (top.empty()) {
        return ranked;
    }
    Xapian::RSet feedback;
    for (auto it = top.begin(); it != top.end(); ++it) {
        feedback.add_document(*it);
    }
    enquire.set_expansion_scheme("bo1");
    const FreeTextStems decider;
    const Xapian::ESet best = enquire.get_eset(expansion_terms, feedback, &decider);
    std::vector<Xapian::Query> terms;
    for (auto it = best.begin(); it != best.end(); ++it) {
        terms.emplace_back(*it);
    }
    return boosted(ranked, terms, expansion_weight);
}

void rank(Xapian::Enquire& enquire, const Xapian::Database& db, const Xapian::Query& matching,
          SortOrder sort, bool expand, const SideData& side) {
    Xapian::Query ranked = with_title_boost(matching, side.lengths);
    if (expand && sort == SortOrder::Relevance) {
        ranked = expanded(db, ranked);
    }
    enquire.set_query(ranked);
    enquire.set_weighting_scheme(weighting_scheme());
    set_sort_order(enquire, sort, side.days);
}

void set_sort_order(Xapian::Enquire& enquire, SortOrder sort, const DayColumn* days) {
    if (days != nullptr && sort != SortOrder::Relevance) {
        // The same order as the slot's below: undated articles have an empty key (last, newest
        // first) or one past every date (last, oldest first).
        const bool newest_first = sort == SortOrder::Date;
        enquire.set_sort_by_key_then_relevance(
            days->sort_keys(newest_first ? std::string() : undated_last()),
            /*reverse=*/newest_first);
        return;
    }
    switch (sort) {
    case SortOrder::Relevance:
        break;
    case SortOrder::Date:
        // Undated articles have no sort value, which sorts below every date: last.
        enquire.set_sort_by_value_then_relevance(schema::PublishedSort, /*reverse=*/true);
        break;
    case SortOrder::Oldest: {
        // Undated articles have no sort value: a default past every date puts them last. Never
        // released to Xapian's reference counting, so one key maker serves every Enquire (its
        // key making only reads).
        static Xapian::MultiValueKeyMaker oldest_first;
        [[maybe_unused]] static const bool ready =
            (oldest_first.add_value(schema::PublishedSort, /*reverse=*/false, undated_last()),
             true);
        enquire.set_sort_by_key_then_relevance(&oldest_first, /*reverse=*/false);
        break;
    }
    }
}

} // namespace news::searcher::ranking
