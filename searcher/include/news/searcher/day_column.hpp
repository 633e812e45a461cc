/// @file
/// @brief Each article's day read from the `date.day` facet column (a side file), for
/// `--sort date`, `--sort oldest` and `--since`/`--until`: the same answers as the value slot
/// and the date filter terms, without reading Xapian's B-trees for each match.
#pragma once

#include "news/common/facet_columns.hpp"

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace news::searcher {

/// The days of a one-shard local database's articles, from its `date.day` facet column
/// ("YYYY-MM-DD", which sorts as the dates do). Not thread-safe (a range's count is made when
/// first asked for). What it makes for Xapian (key makers, posting sources) keeps the columns'
/// file mapped for as long as it lives.
class DayColumn {
public:
    /// @p column is one of @p columns.
    DayColumn(std::shared_ptr<const facet_columns::Columns> columns,
              const facet_columns::Column& column)
        : m_columns(std::move(columns)), m_column(&column) {}

    /// The day of document @p docid ("YYYY-MM-DD"), or empty when it has none.
    [[nodiscard]] std::string_view day(Xapian::docid docid) const {
        return day_of(*m_column, docid);
    }

    /// The day of document @p docid in @p column, or empty.
    [[nodiscard]] static std::string_view day_of(const facet_columns::Column& column,
                                                 Xapian::docid docid) {
        const auto ordinals = column.of(docid);
        return ordinals.empty() ? std::string_view() : column.values()[ordinals.front()];
    }

    /// A key maker for Enquire::set_sort_by_key_then_relevance() ordering by day as the
    /// PublishedSort value slot does: the same order and the same ties, undated articles getting
    /// @p undated (what the slot's sort gives them). Released: the Enquire owns it.
    [[nodiscard]] Xapian::KeyMaker* sort_keys(std::string undated) const;

    /// The articles dated @p first to @p last ("YYYY-MM-DD", both included) as a boolean query:
    /// a posting source testing each candidate's day in the column, exactly the articles the
    /// date filter terms of that range hold. For a query that has other terms to lead it: alone
    /// it would test every article.
    [[nodiscard]] Xapian::Query between(std::string_view first, std::string_view last) const;

private:
    /// How many articles have each value (by ordinal): a range's exact count. Counted once.
    const std::vector<Xapian::doccount>& counts() const;

    std::shared_ptr<const facet_columns::Columns> m_columns; ///< keeps m_column mapped
    const facet_columns::Column* m_column;
    mutable std::vector<Xapian::doccount> m_counts; ///< empty until counts() is first asked
};

} // namespace news::searcher
