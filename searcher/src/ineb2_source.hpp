/// @file
/// @brief IneB2 with the document lengths read from the doc-lengths side file: the same
/// weights as Xapian::IneB2Weight, without decoding Xapian's length list.
#pragma once

#include "news/common/doc_lengths.hpp"

#include <xapian.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace news::searcher {

/// Xapian::IneB2Weight's arithmetic (Xapian 1.4.22, weight/ineb2weight.cc), statement by
/// statement: the same weights to the last bit from the same statistics.
struct IneB2Arithmetic {
    /// IneB2Weight::init for a term (or synonym) of @p termfreq articles, collection frequency
    /// @p F and wdf upper bound @p wdf_upper in @p db; returns the weight's upper bound.
    double init(const Xapian::Database& db, double termfreq, double F, double wdf_upper,
                Xapian::termcount wqf, double factor, double c);

    /// IneB2Weight::get_sumpart: the weight of a match of @p wdf in an article of @p length.
    [[nodiscard]] double sumpart(Xapian::termcount wdf, Xapian::termcount length) const {
        if (wdf == 0) {
            return 0.0;
        }
        double wdfn = wdf;
        wdfn *= std::log2(1 + c_product_avlen / length);
        const double wdfn_product_B = wdfn * b_constant / (wdfn + 1.0);
        return wdfn_product_B * wqf_product_idf;
    }

    double c_product_avlen = 0; ///< IneB2Weight's names, for comparing with its code
    double b_constant = 0;
    double wqf_product_idf = 0;
};

/// A term's matches weighted as Xapian::IneB2Weight weighs them (the same arithmetic, in the
/// same order, so the same weights to the last bit), reading each match's length from the
/// database's doc-lengths side file. A PostingSource: it runs in this process only, on one
/// local database (Xapian initialises it per sub-database, and the lengths are one
/// database's).
class IneB2Source final : public Xapian::PostingSource {
public:
    /// Matches of @p term, weighted with IneB2's @p c, the term's @p wqf and @p factor (what an
    /// OP_SCALE_WEIGHT around the term would multiply by), lengths from @p lengths (not null).
    IneB2Source(std::string term, Xapian::termcount wqf, double factor, double c,
                std::shared_ptr<const doc_lengths::Lengths> lengths);

    [[nodiscard]] IneB2Source* clone() const override;
    void init(const Xapian::Database& db) override;
    [[nodiscard]] Xapian::doccount get_termfreq_min() const override { return m_termfreq; }
    [[nodiscard]] Xapian::doccount get_termfreq_est() const override { return m_termfreq; }
    [[nodiscard]] Xapian::doccount get_termfreq_max() const override { return m_termfreq; }
    void next(double min_wt) override;
    void skip_to(Xapian::docid did, double min_wt) override;
    [[nodiscard]] bool at_end() const override;
    [[nodiscard]] Xapian::docid get_docid() const override { return *m_it; }
    [[nodiscard]] double get_weight() const override;
    [[nodiscard]] std::string get_description() const override;

private:
    std::string m_term;
    Xapian::termcount m_wqf;
    double m_factor;
    double m_c;
    std::shared_ptr<const doc_lengths::Lengths> m_lengths;
    Xapian::PostingIterator m_it;
    Xapian::PostingIterator m_end;
    bool m_started = false;
    Xapian::doccount m_termfreq = 0;
    IneB2Arithmetic m_ineb2;
};

/// A wildcard's matches (OP_WILDCARD with OP_SYNONYM, as the query parser makes them) weighted
/// as Xapian weighs that synonym with IneB2: the terms starting with @p pattern, as Xapian
/// expands them (at most @p max_expansion, the most frequent kept), one match per article with
/// the sum of their wdfs, and the synonym's statistics estimated as Xapian's tree of OR posting
/// lists estimates them. Lengths from the doc-lengths side file, like IneB2Source.
class IneB2WildcardSource final : public Xapian::PostingSource {
public:
    IneB2WildcardSource(std::string pattern, Xapian::termcount max_expansion, double factor,
                        double c, std::shared_ptr<const doc_lengths::Lengths> lengths);

    [[nodiscard]] IneB2WildcardSource* clone() const override;
    void init(const Xapian::Database& db) override;
    [[nodiscard]] Xapian::doccount get_termfreq_min() const override { return m_termfreq_min; }
    [[nodiscard]] Xapian::doccount get_termfreq_est() const override { return m_termfreq_est; }
    [[nodiscard]] Xapian::doccount get_termfreq_max() const override { return m_termfreq_max; }
    void next(double min_wt) override;
    void skip_to(Xapian::docid did, double min_wt) override;
    [[nodiscard]] bool at_end() const override { return m_started && m_docid == 0; }
    [[nodiscard]] Xapian::docid get_docid() const override { return m_docid; }
    [[nodiscard]] double get_weight() const override;
    [[nodiscard]] std::string get_description() const override;

private:
    /// One expanded term's postings, positioned.
    struct Term {
        Xapian::PostingIterator it;
        Xapian::PostingIterator end;
    };
    /// Moves every term in m_here past the current article (to @p did or after when given),
    /// back into the heap, then takes the terms at the smallest docid out of it into m_here.
    void advance(Xapian::docid did);
    /// m_heap's order: a min-heap of the terms by the docid each is at.
    [[nodiscard]] auto heap_order() const {
        return [this](std::size_t a, std::size_t b) { return *m_terms[a].it > *m_terms[b].it; };
    }

    std::string m_pattern;
    Xapian::termcount m_max_expansion;
    double m_factor;
    double m_c;
    std::shared_ptr<const doc_lengths::Lengths> m_lengths;
    std::vector<Term> m_terms;
    std::vector<std::size_t> m_heap; ///< terms not at the current article, by docid (min-heap)
    std::vector<std::size_t> m_here; ///< terms at the current article
    bool m_started = false;
    Xapian::docid m_docid = 0; ///< 0 before the start and at the end
    Xapian::doccount m_termfreq_min = 0;
    Xapian::doccount m_termfreq_est = 0;
    Xapian::doccount m_termfreq_max = 0;
    IneB2Arithmetic m_ineb2;
};

/// @p query with each term it weighs (in AND, OR, XOR, AND_MAYBE, and the left of AND_NOT and
/// FILTER) replaced by an IneB2Source of IneB2's @p c on @p lengths, which must be those of the
/// single local database it will search, and each wildcard there by an IneB2WildcardSource
/// (wildcards are expanded to at most @p max_expansion terms, the most frequent kept, as the
/// query parser's set_max_expansion() says). Everything else (phrases, NEAR, synonyms, scaled
/// subqueries, value ranges, filters) is left as it is, for Xapian's IneB2Weight to weigh as
/// before: the weights of the whole are the same either way.
[[nodiscard]] Xapian::Query
with_ineb2_sources(const Xapian::Query& query, double c,
                   const std::shared_ptr<const doc_lengths::Lengths>& lengths,
                   Xapian::termcount max_expansion);

/// One term's IneB2Source as a query, @p factor times its weight.
[[nodiscard]] Xapian::Query ineb2_term(const std::string& term, double factor, double c,
                                       const std::shared_ptr<const doc_lengths::Lengths>& lengths);

} // namespace news::searcher
