/// @file
/// @brief The "xapian" engine: hand-built queries, Enquire, BM25, built-in ValueCountMatchSpy.
///
/// What our Searcher adds on top of this is what the comparison with it measures: the query
/// language (syntax check, QueryParser), facet value merging, payload decoding of every hit.
#include "engines/xapian_engine.hpp"

#include "news/common/error.hpp"
#include "news/common/payload.hpp"
#include "news/common/schema.hpp"

#include "engines/tokens.hpp"
#include "engines/xapian_common.hpp"

#include <map>
#include <optional>

namespace news::bench {
namespace {

// Our parser's wildcard limit (searcher/src/query_builder.cpp), so totals agree.
constexpr Xapian::termcount max_wildcard_expansion = 1000;

Xapian::Query stemmed_terms(const std::vector<std::string>& words, const Xapian::Stem& stemmer,
                            Xapian::Query::op op) {
    std::vector<Xapian::Query> terms;
    terms.reserve(words.size());
    for (const auto& word : words) {
        terms.emplace_back("Z" + stemmer(word));
    }
    const auto window = op == Xapian::Query::OP_PHRASE
                            ? static_cast<Xapian::termcount>(words.size())
                            : Xapian::termcount{0};
    return {op, terms.begin(), terms.end(), window};
}

// The article id, from the document data: small, since the body has its own value slot. (The
// Q term would need the document's whole termlist read and decoded.)
std::string article_id(const Xapian::Document& doc) {
    return payload::decode(doc.get_data()).id;
}

// Sums the spies' counts by folded value (multi-valued facets spread over several slots).
FacetList fold_counts(const std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>>& spies) {
    std::map<std::string, std::uint64_t> counts;
    for (const auto& spy : spies) {
        for (auto it = spy->values_begin(); it != spy->values_end(); ++it) {
            counts[schema::fold_value(*it)] += it.get_termfreq();
        }
    }
    FacetList list(counts.begin(), counts.end());
    sort_facet_list(list);
    return list;
}

std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> make_spies(Xapian::valueno first,
                                                                    unsigned slots) {
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
    for (unsigned k = 0; k < slots; ++k) {
        spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(first + k));
    }
    return spies;
}

// What every session of one engine shares, read once from the database.
struct DbFacts {
    std::string stemmer;
    unsigned tag_slots = 1;
    Xapian::valueno tag_first_slot = 0;
};

class XapianSession final : public Session {
public:
    XapianSession(const EngineOptions& options, const DbFacts& facts)
        : m_options(options), m_facts(facts), m_stemmer(facts.stemmer) {
        try {
            m_db = Xapian::Database(options.index);
        } catch (const Xapian::Error&) {
            rethrow_as_news_error(options.index);
        }
        m_doccount = m_db.get_doccount();
    }

    QueryResult run(const BenchQuery& query, Mode mode) override {
        static const Xapian::BM25Weight bm25(1.2, 0.0, 1.0, 0.75, 0.5);
        // Declared before the Enquire, which keeps plain pointers to them.
        std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> source_spies;
        std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> tag_spies;
        Xapian::Enquire enquire(m_db);
        enquire.set_query(plain_xapian_query(query, m_stemmer, m_options.tag_facet));
        enquire.set_weighting_scheme(bm25);
        if (query.sort_by_date) {
            enquire.set_sort_by_value_then_relevance(schema::PublishedSort, /*reverse=*/true);
        }
        if (mode == Mode::Facets) {
            source_spies = make_spies(schema::Source, 1);
            tag_spies = make_spies(m_facts.tag_first_slot, m_facts.tag_slots);
            for (const auto* spies : {&source_spies, &tag_spies}) {
                for (const auto& spy : *spies) {
                    enquire.add_matchspy(spy.get());
                }
            }
        }
        const Xapian::doccount check_at_least = mode == Mode::Top ? 0 : m_doccount;
        const Xapian::MSet mset =
            enquire.get_mset(0, static_cast<Xapian::doccount>(m_options.k), check_at_least);

        QueryResult result;
        result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        result.total =
            result.total_exact ? mset.get_matches_lower_bound() : mset.get_matches_estimated();
        result.top.reserve(mset.size());
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            result.top.push_back(article_id(it.get_document()));
        }
        if (mode == Mode::Facets) {
            result.source = fold_counts(source_spies);
            result.tag = fold_counts(tag_spies);
        }
        return result;
    }

private:
    EngineOptions m_options;
    DbFacts m_facts;
    Xapian::Stem m_stemmer; // per session: a Stem keeps state while stemming
    Xapian::Database m_db;
    Xapian::doccount m_doccount = 0;
};

class XapianEngine final : public Engine {
public:
    explicit XapianEngine(EngineOptions options) : m_options(std::move(options)) {
        const auto& tag_field = tag_facet_field(m_options.tag_facet);
        Xapian::Database db;
        try {
            db = Xapian::Database(m_options.index);
        } catch (const Xapian::Error&) {
            rethrow_as_news_error(m_options.index);
        }
        m_facts.stemmer = schema::check_schema(db, m_options.index)
                              .value_or(std::string(schema::default_stemmer));
        m_facts.tag_first_slot = tag_field.first_slot;
        // At least one spy, as our FacetCounter does, so an absent facet still counts nothing.
        m_facts.tag_slots = std::max(1U, schema::facet_slot_count(db, tag_field));
    }

    std::string name() const override { return "xapian"; }
    std::string version() const override { return Xapian::version_string(); }
    std::unique_ptr<Session> open_session() override {
        return std::make_unique<XapianSession>(m_options, m_facts);
    }

private:
    EngineOptions m_options;
    DbFacts m_facts;
};

} // namespace

Xapian::Query plain_xapian_query(const BenchQuery& query, const Xapian::Stem& stemmer,
                                 const std::string& tag_facet) {
    const std::vector<std::string> words = query_words(query);
    Xapian::Query matched;
    switch (query.op) {
    case QueryOp::And:
        matched = stemmed_terms(words, stemmer, Xapian::Query::OP_AND);
        break;
    case QueryOp::Or:
        matched = stemmed_terms(words, stemmer, Xapian::Query::OP_OR);
        break;
    case QueryOp::Phrase: {
        // Phrases match the stems, which carry the positions.
        const Xapian::Query stems = stemmed_terms(words, stemmer, Xapian::Query::OP_PHRASE);
        matched = words.size() == 1 ? Xapian::Query("Z" + stemmer(words.front())) : stems;
        break;
    }
    case QueryOp::Prefix:
        matched = Xapian::Query(Xapian::Query::OP_WILDCARD, words.front(), max_wildcard_expansion,
                                Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        break;
    }
    if (!query.filter_field.empty()) {
        const auto& field = filter_facet_field(query.filter_field, tag_facet);
        matched = Xapian::Query(Xapian::Query::OP_FILTER, matched,
                                Xapian::Query(schema::filter_term(field, query.filter_value)));
    }
    const bool from = !query.date_from.empty();
    const bool to = !query.date_to.empty();
    if (from || to) {
        Xapian::Query range;
        if (from && to) {
            range = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::Published, query.date_from,
                                  query.date_to);
        } else if (from) {
            range = Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::Published, query.date_from);
        } else {
            range = Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::Published, query.date_to);
        }
        matched = Xapian::Query(Xapian::Query::OP_FILTER, matched, range);
    }
    return matched;
}

std::unique_ptr<Engine> open_xapian_engine(const EngineOptions& options) {
    return std::make_unique<XapianEngine>(options);
}

} // namespace news::bench
