/// @file
/// @brief DayColumn: sort keys and date ranges read from the `date.day` facet column.
#include "news/searcher/day_column.hpp"

#include <memory>
#include <utility>

namespace news::searcher {
namespace {

// The sort key of a match's day. "YYYY-MM-DD" orders and ties exactly as the PublishedSort slot
// (sortable_serialise of YYYYMMDD) does, both being the article's day.
class DayKeys final : public Xapian::KeyMaker {
public:
    DayKeys(std::shared_ptr<const facet_columns::Columns> columns,
            const facet_columns::Column& column, std::string undated)
        : m_columns(std::move(columns)), m_column(column), m_undated(std::move(undated)) {}

    std::string operator()(const Xapian::Document& doc) const override {
        const std::string_view day = DayColumn::day_of(m_column, doc.get_docid());
        return day.empty() ? m_undated : std::string(day);
    }

private:
    std::shared_ptr<const facet_columns::Columns> m_columns; ///< keeps m_column mapped
    const facet_columns::Column& m_column;
    std::string m_undated;
};

// The articles whose day is one of the column's values marked in @p wanted (by ordinal).
// Positioned by the column alone: check() tests one article's day, next() reads on until one is
// in the range.
class DayRangeSource final : public Xapian::PostingSource {
public:
    using Wanted = std::shared_ptr<const std::vector<char>>;

    DayRangeSource(std::shared_ptr<const facet_columns::Columns> columns,
                   const facet_columns::Column& column, Wanted wanted, Xapian::doccount count,
                   std::string range)
        : m_columns(std::move(columns)), m_column(column), m_wanted(std::move(wanted)),
          m_count(count), m_range(std::move(range)) {}

    [[nodiscard]] DayRangeSource* clone() const override {
        return new DayRangeSource(m_columns, m_column, m_wanted, m_count, m_range);
    }
    void init(const Xapian::Database& db) override {
        m_last = db.get_lastdocid();
        m_at = 0;
        m_valid = true;
    }
    [[nodiscard]] Xapian::doccount get_termfreq_min() const override { return m_count; }
    [[nodiscard]] Xapian::doccount get_termfreq_est() const override { return m_count; }
    [[nodiscard]] Xapian::doccount get_termfreq_max() const override { return m_count; }

    void next(double /*min_wt*/) override {
        do {
            ++m_at;
        } while (m_at <= m_last && !wanted(m_at));
        m_valid = true;
    }
    void skip_to(Xapian::docid did, double min_wt) override {
        if (did > m_at) {
            m_at = did - 1;
            next(min_wt);
        } else if (!m_valid) {
            next(min_wt); // off an article check() turned down
        }
    }
    // One test, no reading on: an AND asks it of each candidate of its leading subquery. False
    // leaves the source on @p did, turned down, for the next call to move on from.
    bool check(Xapian::docid did, double min_wt) override {
        if (did > m_at) {
            m_at = did;
            m_valid = m_at > m_last || wanted(m_at);
            return m_valid;
        }
        if (!m_valid && did < m_at) {
            next(min_wt);
        }
        return m_valid;
    }
    [[nodiscard]] bool at_end() const override { return m_at > m_last; }
    [[nodiscard]] Xapian::docid get_docid() const override { return m_at; }
    [[nodiscard]] std::string get_description() const override {
        return "DayRangeSource(" + m_range + ")";
    }

private:
    [[nodiscard]] bool wanted(Xapian::docid did) const {
        const auto ordinals = m_column.of(did);
        return !ordinals.empty() && (*m_wanted)[ordinals.front()] != 0;
    }

    std::shared_ptr<const facet_columns::Columns> m_columns; ///< keeps m_column mapped
    const facet_columns::Column& m_column;
    Wanted m_wanted;
    Xapian::doccount m_count;
    std::string m_range;
    Xapian::docid m_last = 0;
    Xapian::docid m_at = 0;
    bool m_valid = true; ///< false: m_at is an article check() turned down
};

} // namespace

Xapian::KeyMaker* DayColumn::sort_keys(std::string undated) const {
    return (new DayKeys(m_columns, *m_column, std::move(undated)))->release();
}

Xapian::Query DayColumn::between(std::string_view first, std::string_view last) const {
    const auto& values = m_column->values();
    const auto& count_of = counts();
    auto wanted = std::make_shared<std::vector<char>>(values.size(), 0);
    Xapian::doccount count = 0;
    for (std::size_t v = 0; v < values.size(); ++v) {
        if (values[v] >= first && values[v] <= last) {
            (*wanted)[v] = 1;
            count += count_of[v];
        }
    }
    return Xapian::Query((new DayRangeSource(m_columns, *m_column, std::move(wanted), count,
                                             std::string(first) + ".." + std::string(last)))
                             ->release());
}

const std::vector<Xapian::doccount>& DayColumn::counts() const {
    if (m_counts.empty() && !m_column->values().empty()) {
        m_counts.assign(m_column->values().size(), 0);
        for (Xapian::docid did = 1; did <= m_column->last_docid(); ++did) {
            if (const auto ordinals = m_column->of(did); !ordinals.empty()) {
                ++m_counts[ordinals.front()];
            }
        }
    }
    return m_counts;
}

} // namespace news::searcher
