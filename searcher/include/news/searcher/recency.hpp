/// @file
/// @brief --recency: a freshness decay blended into the relevance score.
#pragma once

#include "news/common/article.hpp"

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>

namespace news::searcher {

/// --recency HALF_LIFE and --now DATE.
struct RecencyRequest {
    double half_life_days = 30; ///< the age at which the boost has halved
    /// Ages are counted back from this day; nullopt: the newest article's date in the database.
    std::optional<Date> now;
};

/// Parses a half-life: a positive whole number of days ("30d") or weeks ("2w").
/// @throws news::Error (Usage) naming the value.
[[nodiscard]] double parse_half_life(std::string_view text);

/// The freshness of a dated article, on the Published slot (YYYYMMDD):
/// weight = scale x 0.5^(age / half_life), age in days between the article's date and the
/// reference day, either side. Articles without a date are not visited: no boost.
class RecencySource : public Xapian::ValuePostingSource {
public:
    RecencySource(int reference_day, double half_life_days, double scale);
    [[nodiscard]] double get_weight() const override;
    [[nodiscard]] RecencySource* clone() const override;
    void init(const Xapian::Database& database) override;
    [[nodiscard]] std::string name() const override { return "news::RecencySource"; }

private:
    int m_reference_day; ///< days since 1970-01-01
    double m_half_life;
    double m_scale;
};

/// @p ranked with the freshness boost added (OP_AND_MAYBE, so the matches stay those of
/// @p ranked): score = relevance + R x 0.5^(age / half_life), where R is the best relevance
/// score among @p ranked's matches (one extra top-1 search, with @p weight), so an article of
/// the reference day gains as much as the best match scores. Returns @p ranked unchanged when it
/// matches nothing or the database holds no date.
[[nodiscard]] Xapian::Query with_recency(const Xapian::Database& db, const Xapian::Query& ranked,
                                         const Xapian::Weight& weight,
                                         const RecencyRequest& request);

/// "ranked with recency: half-life 30 days, ages counted from 2024-06-30 (the newest article)".
[[nodiscard]] std::string describe_recency(const Xapian::Database& db,
                                           const RecencyRequest& request);

/// Days since 1970-01-01 of a YYYYMMDD value, or nullopt when it is not a valid date.
[[nodiscard]] std::optional<int> compact_to_days(std::string_view value);

} // namespace news::searcher
