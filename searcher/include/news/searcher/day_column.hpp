/// @file
/// @brief Each article's day read from the `date.day` facet column (a side file), for
/// `--sort date`, `--sort oldest` and `--since`/`--until`: the same answers as the value slot
/// and the date filter terms, without reading Xapian's B-trees for each match.
#pragma once

#include "news/common/facet_columns.hpp"

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace news::searcher {

/// The days of a one-shard local database's articles, from its `date.day` facet column
/// ("YYYY-MM-DD", which sorts as the dates do). Immutable once made; not thread-safe.
class DayColumn {
public:
    explicit DayColumn(const facet_columns::Column& column) : m_column(column) {}

    /// The day of document @p docid ("YYYY-MM-DD"), or empty when it has none.
    [[nodiscard]] std::string_view day(Xapian::docid docid) const {
        const auto ordinals = m_column.of(docid);
        return ordinals.empty() ? std::string_view() : m_column.values()[ordinals.front()];
    }

    /// A key maker for Enquire::set_sort_by_key_then_relevance() ordering by day as the
    /// PublishedSort value slot does: the same order and the same ties, undated articles getting
    /// @p undated (what the slot's sort gives them). Released: the Enquire owns it; the column
    /// must outlive the Enquire.
    [[nodiscard]] Xapian::KeyMaker* sort_keys(std::string undated) const;

    /// The articles dated @p first to @p last ("YYYY-MM-DD", both included) as a boolean query:
    /// a posting source testing each candidate's day in the column, exactly the articles the
    /// date filter terms of that range hold. For a query that has other terms to lead it: alone
    /// it would test every article.
    [[nodiscard]] Xapian::Query between(std::string_view first, std::string_view last) const;

private:
    /// How many articles have each value (by ordinal): a range's exact count. Counted once.
    const std::vector<Xapian::doccount>& counts() const;

    const facet_columns::Column& m_column;
    mutable std::vector<Xapian::doccount> m_counts; ///< empty until counts() is first asked
};

} // namespace news::searcher
