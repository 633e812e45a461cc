/// @file
/// @brief IneB2Source and the query rewrite that uses it.
#include "ineb2_source.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

namespace news::searcher {

IneB2Source::IneB2Source(std::string term, Xapian::termcount wqf, double factor, double c,
                         std::shared_ptr<const doc_lengths::Lengths> lengths)
    : m_term(std::move(term)), m_wqf(wqf), m_factor(factor), m_c(c), m_lengths(std::move(lengths)) {
}

IneB2Source* IneB2Source::clone() const {
    return new IneB2Source(m_term, m_wqf, m_factor, m_c, m_lengths);
}

// Xapian::IneB2Weight::init (Xapian 1.4.22, weight/ineb2weight.cc), statement by statement.
void IneB2Source::init(const Xapian::Database& db) {
    m_it = db.postlist_begin(m_term);
    m_end = db.postlist_end(m_term);
    m_started = false;
    m_termfreq = db.get_termfreq(m_term);
    set_maxweight(0.0);
    if (m_termfreq == 0) {
        return;
    }
    double wdfn_upper = db.get_wdf_upper_bound(m_term);
    if (wdfn_upper == 0) {
        return;
    }
    const double average_length = db.get_avlength();
    wdfn_upper *= std::log2(1 + (m_c * average_length) / db.get_doclength_lower_bound());
    const double N = db.get_doccount();
    const double F = db.get_collection_freq(m_term);
    const double termfreq = m_termfreq;
    const double max_wdfn_product_B = (F + 1.0) / (termfreq + (termfreq / wdfn_upper));
    const double mean = F / N;
    const double expected_max = N * (1.0 - std::exp(-mean));
    const double idf_max = std::log2((N + 1.0) / (expected_max + 0.5));
    m_wqf_product_idf = m_wqf * idf_max * m_factor;
    m_c_product_avlen = m_c * average_length;
    m_b_constant = (F + 1.0) / termfreq;
    set_maxweight(max_wdfn_product_B * idf_max * m_wqf * m_factor);
}

void IneB2Source::next(double /*min_wt*/) {
    if (m_started) {
        ++m_it;
    }
    m_started = true;
}

void IneB2Source::skip_to(Xapian::docid did, double /*min_wt*/) {
    m_started = true;
    m_it.skip_to(did);
}

bool IneB2Source::at_end() const {
    return m_started && m_it == m_end;
}

// Xapian::IneB2Weight::get_sumpart, with the length from the side file.
double IneB2Source::get_weight() const {
    const Xapian::termcount wdf = m_it.get_wdf();
    if (wdf == 0) {
        return 0.0;
    }
    double wdfn = wdf;
    wdfn *= std::log2(1 + m_c_product_avlen / (*m_lengths)[*m_it]);
    const double wdfn_product_B = wdfn * m_b_constant / (wdfn + 1.0);
    return wdfn_product_B * m_wqf_product_idf;
}

std::string IneB2Source::get_description() const {
    return fmt::format("IneB2Source({}#{}*{})", m_term, m_wqf, m_factor);
}

namespace {

// The wqf of @p leaf, a term query for @p term, from its description ("Query(TERM#WQF@POS)",
// the wqf shown when not 1): Xapian 1.4 has no accessor for it. std::nullopt when it cannot be
// read for certain (a term holding '#' or '@' itself).
std::optional<Xapian::termcount> wqf_of(const Xapian::Query& leaf, const std::string& term) {
    if (term.find_first_of("#@") != std::string::npos) {
        return std::nullopt;
    }
    const std::string description = leaf.get_description();
    std::string_view desc = description;
    if (const auto at = desc.rfind('@'); at != std::string_view::npos) {
        desc = desc.substr(0, at);
    } else if (!desc.empty() && desc.back() == ')') {
        desc.remove_suffix(1);
    }
    const auto hash = desc.rfind('#');
    if (hash == std::string_view::npos) {
        return 1;
    }
    Xapian::termcount wqf = 0;
    const auto digits = desc.substr(hash + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), wqf);
    if (error != std::errc() || end != digits.data() + digits.size()) {
        return std::nullopt;
    }
    return wqf;
}

// @p term's matches weighted by an IneB2Source: the one place such a query is made.
Xapian::Query source_query(const std::string& term, Xapian::termcount wqf, double factor, double c,
                           const std::shared_ptr<const doc_lengths::Lengths>& lengths) {
    return Xapian::Query((new IneB2Source(term, wqf, factor, c, lengths))->release());
}

} // namespace

Xapian::Query with_ineb2_sources(const Xapian::Query& query, double c,
                                 const std::shared_ptr<const doc_lengths::Lengths>& lengths) {
    const auto type = query.get_type();
    if (type == Xapian::Query::LEAF_TERM) {
        const std::string term = *query.get_terms_begin();
        const auto wqf = wqf_of(query, term);
        if (!wqf) {
            return query;
        }
        return source_query(term, *wqf, 1.0, c, lengths);
    }
    std::size_t weighed = 0; // the subqueries whose weights count: the first ones
    switch (type) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
        weighed = query.get_num_subqueries();
        break;
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_FILTER:
        weighed = 1;
        break;
    default:
        return query;
    }
    std::vector<Xapian::Query> subqueries;
    subqueries.reserve(query.get_num_subqueries());
    for (std::size_t k = 0; k < query.get_num_subqueries(); ++k) {
        subqueries.push_back(k < weighed ? with_ineb2_sources(query.get_subquery(k), c, lengths)
                                         : query.get_subquery(k));
    }
    return {type, subqueries.begin(), subqueries.end()};
}

Xapian::Query ineb2_term(const std::string& term, double factor, double c,
                         const std::shared_ptr<const doc_lengths::Lengths>& lengths) {
    return source_query(term, 1, factor, c, lengths);
}

} // namespace news::searcher
