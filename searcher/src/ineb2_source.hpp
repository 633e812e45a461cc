/// @file
/// @brief IneB2 with the document lengths read from the doc-lengths side file: the same
/// weights as Xapian::IneB2Weight, without decoding Xapian's length list.
#pragma once

#include "news/common/doc_lengths.hpp"

#include <xapian.h>

#include <memory>
#include <string>

namespace news::searcher {

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
    double m_c_product_avlen = 0; ///< IneB2Weight's names, for comparing with its code
    double m_b_constant = 0;
    double m_wqf_product_idf = 0;
};

/// @p query with each term it weighs (in AND, OR, XOR, AND_MAYBE, and the left of AND_NOT and
/// FILTER) replaced by an IneB2Source of IneB2's @p c on @p lengths, which must be those of the
/// single local database it will search. Everything else (phrases, NEAR, wildcards, synonyms,
/// scaled subqueries, value ranges, filters) is left as it is, for Xapian's IneB2Weight to weigh
/// as before: the weights of the whole are the same either way.
[[nodiscard]] Xapian::Query
with_ineb2_sources(const Xapian::Query& query, double c,
                   const std::shared_ptr<const doc_lengths::Lengths>& lengths);

/// One term's IneB2Source as a query, @p factor times its weight.
[[nodiscard]] Xapian::Query ineb2_term(const std::string& term, double factor, double c,
                                       const std::shared_ptr<const doc_lengths::Lengths>& lengths);

} // namespace news::searcher
