/// @file
/// @brief More like this: relevance feedback from the --like articles.
#include "news/searcher/more_like_this.hpp"

#include "news/common/error.hpp"
#include "news/common/schema.hpp"

#include <fmt/format.h>

namespace news::searcher {
namespace {

// Free-text stems only: "Z" then a lower-case letter or digit (no field prefix, no filters),
// found in more articles than were given: a stem only the given articles have finds nothing
// once they are left out, and the expansion weights favour exactly those rare stems.
class FreeTextStems : public Xapian::ExpandDecider {
public:
    FreeTextStems(const Xapian::Database& db, Xapian::doccount given) : m_db(db), m_given(given) {}
    bool operator()(const std::string& term) const override {
        return term.size() > 2 && term.front() == 'Z' && !(term[1] >= 'A' && term[1] <= 'Z') &&
               m_db.get_termfreq(term) > m_given;
    }

private:
    const Xapian::Database& m_db;
    Xapian::doccount m_given;
};

} // namespace

Xapian::Query build_like_query(QueryBuilder& builder, const Xapian::Database& db,
                               const QueryRequest& request, QueryNotes* notes,
                               std::vector<std::string>* terms) {
    Xapian::RSet given;
    std::vector<Xapian::Query> id_terms;
    for (const auto& id : request.like) {
        const std::string term = schema::id_term(id);
        const auto posting = db.postlist_begin(term);
        if (posting == db.postlist_end(term)) {
            throw Error(ErrorKind::Usage, fmt::format("--like '{}': no article has this id", id),
                        "give the id of an article as search results show it (the first word "
                        "of a hit's second line, or \"id\" in --json)");
        }
        given.add_document(*posting);
        id_terms.emplace_back(term);
    }
    Xapian::Enquire enquire(db);
    const FreeTextStems decider(db, given.size());
    // Exact term frequencies: over several shards Xapian would otherwise weigh each stem by
    // the frequency in the shard of the given article (the same on one database).
    const Xapian::ESet eset = enquire.get_eset(like_expansion_terms, given,
                                               Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
    std::vector<Xapian::Query> stems;
    for (auto it = eset.begin(); it != eset.end(); ++it) {
        stems.emplace_back(*it);
        if (terms != nullptr) {
            terms->push_back((*it).substr(1));
        }
    }
    Xapian::Query like(Xapian::Query::OP_ELITE_SET, stems.begin(), stems.end(), like_elite_terms);
    Xapian::Query query = like;
    if (!request.text.empty()) {
        QueryRequest text_only;
        text_only.text = request.text;
        text_only.any = request.any;
        query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, builder.build(text_only, notes), like);
    }
    query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                          Xapian::Query(Xapian::Query::OP_OR, id_terms.begin(), id_terms.end()));
    if (notes != nullptr) {
        notes->notes.push_back(fmt::format("the {} given to --like {} left out of the hits",
                                           request.like.size() == 1 ? "article" : "articles",
                                           request.like.size() == 1 ? "is" : "are"));
    }
    return builder.restrict(query, request);
}

} // namespace news::searcher
