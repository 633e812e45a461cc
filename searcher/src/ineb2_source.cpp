/// @file
/// @brief IneB2Source and the query rewrite that uses it.
#include "ineb2_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
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

// Xapian::IneB2Weight::init (Xapian 1.4.22, weight/ineb2weight.cc), statement by statement, for
// a term (or a synonym) of @p termfreq articles, collection frequency @p F and wdf upper bound
// @p wdf_upper. Returns the weight's upper bound.
double IneB2Arithmetic::init(const Xapian::Database& db, double termfreq, double F,
                             double wdf_upper, Xapian::termcount wqf, double factor, double c) {
    double wdfn_upper = wdf_upper;
    if (wdfn_upper == 0) {
        return 0.0;
    }
    const double average_length = db.get_avlength();
    wdfn_upper *= std::log2(1 + (c * average_length) / db.get_doclength_lower_bound());
    const double N = db.get_doccount();
    const double max_wdfn_product_B = (F + 1.0) / (termfreq + (termfreq / wdfn_upper));
    const double mean = F / N;
    const double expected_max = N * (1.0 - std::exp(-mean));
    const double idf_max = std::log2((N + 1.0) / (expected_max + 0.5));
    wqf_product_idf = wqf * idf_max * factor;
    c_product_avlen = c * average_length;
    b_constant = (F + 1.0) / termfreq;
    return max_wdfn_product_B * idf_max * wqf * factor;
}

void IneB2Source::init(const Xapian::Database& db) {
    // The frequency before the posting list: a new posting list cursor starts from the B-tree
    // blocks of the table's last lookup, and the other way round reads the term's blocks twice.
    m_termfreq = db.get_termfreq(m_term);
    m_it = db.postlist_begin(m_term);
    m_end = db.postlist_end(m_term);
    m_started = false;
    set_maxweight(0.0);
    if (m_termfreq == 0) {
        return;
    }
    set_maxweight(m_ineb2.init(db, m_termfreq, db.get_collection_freq(m_term),
                               db.get_wdf_upper_bound(m_term), m_wqf, m_factor, m_c));
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

double IneB2Source::get_weight() const {
    return m_ineb2.sumpart(m_it.get_wdf(), (*m_lengths)[*m_it]);
}

std::string IneB2Source::get_description() const {
    return fmt::format("IneB2Source({}#{}*{})", m_term, m_wqf, m_factor);
}

IneB2WildcardSource::IneB2WildcardSource(std::string pattern, Xapian::termcount max_expansion,
                                         double factor, double c,
                                         std::shared_ptr<const doc_lengths::Lengths> lengths)
    : m_pattern(std::move(pattern)), m_max_expansion(max_expansion), m_factor(factor), m_c(c),
      m_lengths(std::move(lengths)) {}

IneB2WildcardSource* IneB2WildcardSource::clone() const {
    return new IneB2WildcardSource(m_pattern, m_max_expansion, m_factor, m_c, m_lengths);
}

namespace {

// A node of the tree of OR posting lists Xapian 1.4.22 builds for a synonym (api/
// queryinternal.cc, OrContext::postlist; matcher/orpostlist.cc), with what it estimates.
struct OrNode {
    Xapian::doccount est;      ///< get_termfreq_est(): orders the tree's building
    Xapian::doccount termfreq; ///< get_termfreq_est_using_stats(): the weight's statistics
    Xapian::termcount collfreq;
};

// static_cast<doccount>(x + 0.5): how orpostlist.cc rounds each estimate, reproduced exactly
// (std::lround differs for x just below one half).
Xapian::doccount xapian_round(double x) {
    return static_cast<Xapian::doccount>(x + 0.5); // NOLINT(bugprone-incorrect-roundings)
}

// "Estimate frequency of OR assuming independence" (orpostlist.cc's est()).
double or_estimate(double l, double r, double n) {
    return l + r - (l * r / n);
}

// OrContext::postlist's tree, built the same way (a heap ordered by get_termfreq_est(), the two
// smallest joined first, with the same standard heap functions over the same order, so that
// ties join alike), and its root's estimates: OrPostList::get_termfreq_est and
// get_termfreq_est_using_stats, rounded at each node as they are.
OrNode or_tree(std::vector<OrNode> nodes, Xapian::doccount db_size,
               Xapian::totallength total_length) {
    const auto ascending = [](const OrNode& a, const OrNode& b) { return a.est > b.est; };
    if (nodes.size() == 1) {
        return nodes.front();
    }
    std::make_heap(nodes.begin(), nodes.end(), ascending);
    while (true) {
        const OrNode r = nodes.front();
        std::pop_heap(nodes.begin(), nodes.end(), ascending);
        nodes.pop_back();
        const OrNode& l = nodes.front();
        OrNode joined{};
        // OrPostList::get_termfreq_est: the same formula as est(), written out.
        const auto lest = static_cast<double>(l.est);
        const auto rest = static_cast<double>(r.est);
        joined.est = xapian_round(lest + rest - (lest * rest / db_size));
        joined.termfreq = xapian_round(or_estimate(l.termfreq, r.termfreq, db_size));
        joined.collfreq = total_length == 0
                              ? 0
                              : xapian_round(or_estimate(l.collfreq, r.collfreq,
                                                         static_cast<double>(total_length)));
        if (nodes.size() == 1) {
            return joined;
        }
        std::pop_heap(nodes.begin(), nodes.end(), ascending);
        nodes.back() = joined;
        std::push_heap(nodes.begin(), nodes.end(), ascending);
    }
}

} // namespace

// QueryWildcard::postlist and LocalSubMatch::make_synonym_postlist (Xapian 1.4.22): the terms
// in allterms order, the most frequent kept past the limit; the synonym's statistics from the
// OR tree; IneB2 with wqf 1 and the longest article's length as the wdf's bound.
void IneB2WildcardSource::init(const Xapian::Database& db) {
    struct Expanded {
        std::string term;
        Xapian::doccount termfreq;
    };
    std::vector<Expanded> expanded;
    for (auto it = db.allterms_begin(m_pattern); it != db.allterms_end(m_pattern); ++it) {
        expanded.push_back({*it, it.get_termfreq()});
    }
    if (expanded.size() > m_max_expansion) {
        // OrContext::select_most_frequent: the same partial sort, so the same terms. (A limit of
        // 0 keeps none, as in QueryWildcard::postlist.)
        const auto nth = expanded.begin() + static_cast<std::ptrdiff_t>(m_max_expansion);
        std::nth_element(
            expanded.begin(), nth, expanded.end(),
            [](const Expanded& a, const Expanded& b) { return a.termfreq > b.termfreq; });
        expanded.resize(m_max_expansion);
    }
    m_terms.clear();
    m_heap.clear();
    m_here.clear();
    m_started = false;
    m_docid = 0;
    m_termfreq_min = 0;
    m_termfreq_est = 0;
    m_termfreq_max = 0;
    set_maxweight(0.0);
    if (expanded.empty()) {
        return;
    }
    std::vector<OrNode> leaves;
    leaves.reserve(expanded.size());
    std::uint64_t sum = 0;
    for (const auto& [term, termfreq] : expanded) {
        // The collection frequency before the posting list: see IneB2Source::init.
        leaves.push_back({termfreq, termfreq, db.get_collection_freq(term)});
        m_terms.push_back({db.postlist_begin(term), db.postlist_end(term)});
        m_termfreq_min = std::max(m_termfreq_min, termfreq);
        sum += termfreq;
    }
    const Xapian::doccount db_size = db.get_doccount();
    m_termfreq_max = static_cast<Xapian::doccount>(std::min<std::uint64_t>(sum, db_size));
    const OrNode root = or_tree(std::move(leaves), db_size, db.get_total_length());
    m_termfreq_est = root.est;
    set_maxweight(m_ineb2.init(db, root.termfreq, root.collfreq, db.get_doclength_upper_bound(), 1,
                               m_factor, m_c));
}

void IneB2WildcardSource::advance(Xapian::docid did) {
    const auto later = heap_order();
    const auto push = [&](std::size_t k) {
        if (m_terms[k].it != m_terms[k].end) {
            m_heap.push_back(k);
            std::push_heap(m_heap.begin(), m_heap.end(), later);
        }
    };
    for (const std::size_t k : m_here) {
        if (did == 0) {
            ++m_terms[k].it;
        } else {
            m_terms[k].it.skip_to(did);
        }
        push(k);
    }
    m_here.clear();
    while (did != 0 && !m_heap.empty() && *m_terms[m_heap.front()].it < did) {
        const std::size_t k = m_heap.front();
        std::pop_heap(m_heap.begin(), m_heap.end(), later);
        m_heap.pop_back();
        m_terms[k].it.skip_to(did);
        push(k);
    }
    m_docid = m_heap.empty() ? 0 : *m_terms[m_heap.front()].it;
    while (!m_heap.empty() && *m_terms[m_heap.front()].it == m_docid) {
        m_here.push_back(m_heap.front());
        std::pop_heap(m_heap.begin(), m_heap.end(), later);
        m_heap.pop_back();
    }
}

void IneB2WildcardSource::next(double /*min_wt*/) {
    if (m_started) {
        advance(0);
        return;
    }
    // The first call: every term at its first posting, in the heap.
    m_started = true;
    for (std::size_t k = 0; k < m_terms.size(); ++k) {
        if (m_terms[k].it != m_terms[k].end) {
            m_heap.push_back(k);
        }
    }
    std::make_heap(m_heap.begin(), m_heap.end(), heap_order());
    advance(1);
}

void IneB2WildcardSource::skip_to(Xapian::docid did, double min_wt) {
    if (!m_started) {
        next(min_wt);
    }
    if (m_docid != 0 && did > m_docid) {
        advance(did);
    }
}

// SynonymPostList::get_weight: the wdfs summed, clamped to the length, weighed as one term's.
double IneB2WildcardSource::get_weight() const {
    Xapian::termcount wdf = 0;
    for (const std::size_t k : m_here) {
        wdf += m_terms[k].it.get_wdf();
    }
    const Xapian::termcount length = (*m_lengths)[m_docid];
    return m_ineb2.sumpart(std::min(wdf, length), length);
}

std::string IneB2WildcardSource::get_description() const {
    return fmt::format("IneB2WildcardSource({}*{})", m_pattern, m_factor);
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
                                 const std::shared_ptr<const doc_lengths::Lengths>& lengths,
                                 Xapian::termcount max_expansion) {
    const auto type = query.get_type();
    if (type == Xapian::Query::OP_WILDCARD) {
        // Xapian 1.4 has no accessor for the pattern: "Query(WILDCARD SYNONYM pattern)".
        const std::string description = query.get_description();
        constexpr std::string_view synonym = "Query(WILDCARD SYNONYM ";
        if (!description.starts_with(synonym) || !description.ends_with(')')) {
            return query;
        }
        std::string pattern =
            description.substr(synonym.size(), description.size() - synonym.size() - 1);
        return Xapian::Query(
            (new IneB2WildcardSource(std::move(pattern), max_expansion, 1.0, c, lengths))
                ->release());
    }
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
        subqueries.push_back(
            k < weighed ? with_ineb2_sources(query.get_subquery(k), c, lengths, max_expansion)
                        : query.get_subquery(k));
    }
    return {type, subqueries.begin(), subqueries.end()};
}

Xapian::Query ineb2_term(const std::string& term, double factor, double c,
                         const std::shared_ptr<const doc_lengths::Lengths>& lengths) {
    return source_query(term, 1, factor, c, lengths);
}

} // namespace news::searcher
