/// @file
/// @brief The freshness posting source and the --recency query.
#include "news/searcher/recency.hpp"

#include "news/common/date.hpp"
#include "news/common/error.hpp"
#include "news/common/schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>

namespace news::searcher {

std::optional<int> compact_to_days(std::string_view value) {
    if (value.size() != 8 || !std::all_of(value.begin(), value.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) != 0;
        })) {
        return std::nullopt;
    }
    using namespace std::chrono;
    const year_month_day ymd{
        year{std::stoi(std::string(value.substr(0, 4)))},
        month{static_cast<unsigned>(std::stoi(std::string(value.substr(4, 2))))},
        day{static_cast<unsigned>(std::stoi(std::string(value.substr(6, 2))))}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    return static_cast<int>(sys_days{ymd}.time_since_epoch().count());
}

double parse_half_life(std::string_view text) {
    const auto bad = [&] {
        return Error(ErrorKind::Usage,
                     fmt::format("--recency '{}' is not a half-life: write days or weeks, as in "
                                 "30d or 2w",
                                 text));
    };
    if (text.size() < 2 || (text.back() != 'd' && text.back() != 'w')) {
        throw bad();
    }
    const std::string_view number = text.substr(0, text.size() - 1);
    if (number.size() > 6 || !std::all_of(number.begin(), number.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) != 0;
        })) {
        throw bad();
    }
    const int n = std::stoi(std::string(number));
    if (n == 0) {
        throw bad();
    }
    return text.back() == 'w' ? 7.0 * n : n;
}

RecencySource::RecencySource(int reference_day, double half_life_days, double scale)
    : Xapian::ValuePostingSource(schema::Published), m_reference_day(reference_day),
      m_half_life(half_life_days), m_scale(scale) {}

double RecencySource::get_weight() const {
    const auto day = compact_to_days(get_value());
    if (!day) {
        return 0;
    }
    // Distance either side of the reference day, as Elasticsearch's decay functions measure
    // from their origin: with --now in the past, articles after it are that far from it too.
    const int age = std::abs(m_reference_day - *day);
    return m_scale * std::exp2(-static_cast<double>(age) / m_half_life);
}

RecencySource* RecencySource::clone() const {
    return new RecencySource(m_reference_day, m_half_life, m_scale);
}

void RecencySource::init(const Xapian::Database& database) {
    Xapian::ValuePostingSource::init(database);
    set_maxweight(m_scale);
}

std::string describe_recency(const Xapian::Database& db, const RecencyRequest& request) {
    const std::string half_life = fmt::format("half-life {} days", request.half_life_days);
    if (request.now) {
        return fmt::format("ranked with recency: {}, ages counted from {} (--now); undated "
                           "articles get no boost",
                           half_life, date::to_iso(*request.now));
    }
    const std::string newest = db.get_value_upper_bound(schema::Published);
    if (!compact_to_days(newest)) {
        return "--recency: no article has a date, so nothing is boosted";
    }
    return fmt::format("ranked with recency: {}, ages counted from {}-{}-{} (the newest "
                       "article); undated articles get no boost",
                       half_life, newest.substr(0, 4), newest.substr(4, 2), newest.substr(6, 2));
}

Xapian::Query with_recency(const Xapian::Database& db, const Xapian::Query& ranked,
                           const Xapian::Weight& weight, const RecencyRequest& request) {
    const auto newest = compact_to_days(db.get_value_upper_bound(schema::Published));
    if (!newest) {
        return ranked; // no dated article
    }
    int reference = *newest;
    if (request.now) {
        reference = *compact_to_days(date::to_compact(*request.now));
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(ranked);
    enquire.set_weighting_scheme(weight);
    const Xapian::MSet top = enquire.get_mset(0, 1);
    if (top.empty() || top.begin().get_weight() <= 0) {
        return ranked;
    }
    auto* source = new RecencySource(reference, request.half_life_days, top.begin().get_weight());
    return {Xapian::Query::OP_AND_MAYBE, ranked, Xapian::Query(source->release())};
}

} // namespace news::searcher
