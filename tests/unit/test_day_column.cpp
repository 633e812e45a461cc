/// @file
/// @brief Unit tests: the days read from the `date.day` facet column sort and filter exactly as
/// the PublishedSort slot and the date filter terms do: the same matches, order and scores.
#include "news/common/date.hpp"
#include "news/common/error.hpp"
#include "news/common/facet_columns.hpp"
#include "news/common/schema.hpp"
#include "news/indexer/index_writer.hpp"
#include "news/searcher/day_column.hpp"
#include "news/searcher/query_builder.hpp"
#include "news/searcher/search.hpp"

#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace columns = news::facet_columns;
using news::Date;
using news::searcher::SortOrder;

// 500 articles on 40 days drawn (seeded) from 2023-11-25 to 2024-03-05, so that many share a
// day (sorting by date is mostly ties, broken by relevance) and ranges cross months and a year;
// one in nine undated; two deleted (gaps in the document ids).
struct DaysDb {
    news::test::TempDir dir;
    std::string path = dir / "db";

    DaysDb() {
        const std::vector<std::string> vocabulary{
            "missile", "troops", "border", "talks", "ceasefire", "minister", "oil",  "prices",
            "market",  "vote",   "court",  "storm", "flood",     "rescue",   "bank", "rates"};
        std::vector<Date> days;
        for (unsigned d = 25; d <= 30; ++d) {
            days.push_back(Date{2023, 11, d});
        }
        for (unsigned d = 1; d <= 31; d += 2) {
            days.push_back(Date{2023, 12, d});
        }
        for (unsigned d = 1; d <= 31; d += 3) {
            days.push_back(Date{2024, 1, d});
        }
        days.push_back(Date{2024, 2, 29});
        days.push_back(Date{2024, 3, 1});
        days.push_back(Date{2024, 3, 5});
        std::mt19937 random(20241201);
        const auto below = [&](std::size_t n) {
            return static_cast<std::size_t>(random() % static_cast<std::uint32_t>(n));
        };
        news::indexer::WriterOptions options;
        options.path = path;
        news::indexer::IndexWriter writer(options);
        for (unsigned k = 0; k < 500; ++k) {
            news::Article a;
            a.id = "a" + std::to_string(k);
            a.title =
                vocabulary[below(vocabulary.size())] + " " + vocabulary[below(vocabulary.size())];
            for (std::size_t w = 0, n = 5 + below(40); w < n; ++w) {
                const std::size_t pick =
                    below(vocabulary.size()) * below(vocabulary.size()) / vocabulary.size();
                a.body += vocabulary[pick] + (w % 9 == 8 ? ". " : " ");
            }
            a.source = std::vector<std::string>{"Reuters", "AP", "BBC"}[k % 3U];
            if (k % 9U != 4) {
                a.date = days[below(days.size())];
            }
            writer.add(a);
        }
        writer.commit();
        BOOST_TEST_REQUIRE(writer.remove("a10"));
        BOOST_TEST_REQUIRE(writer.remove("a11"));
        writer.close();
        (void)columns::write(path);
    }

    // The database's facet columns, which must be usable.
    [[nodiscard]] std::shared_ptr<const columns::Columns>
    columns(const Xapian::Database& db) const {
        std::string why_not;
        auto opened = columns::Columns::open(path, db, why_not);
        BOOST_TEST_REQUIRE(opened != nullptr, why_not);
        BOOST_TEST_REQUIRE(opened->column("date.day") != nullptr);
        return opened;
    }

    [[nodiscard]] std::string columns_file() const {
        return (fs::path(path) / columns::file_name(Xapian::Database(path).get_revision()))
            .string();
    }
};

// Every match of @p query, in document id order.
std::vector<Xapian::docid> matches(const Xapian::Database& db, const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    const Xapian::MSet all = enquire.get_mset(0, db.get_doccount(), db.get_doccount());
    std::vector<Xapian::docid> out;
    for (auto it = all.begin(); it != all.end(); ++it) {
        out.push_back(*it);
    }
    return out;
}

struct Page {
    std::vector<std::pair<std::string, double>> hits;
    std::uint64_t total = 0;
};

Page search(const std::string& path, const std::string& text, SortOrder sort,
            std::optional<Date> since = std::nullopt, std::optional<Date> until = std::nullopt) {
    news::searcher::Searcher searcher(path);
    news::searcher::SearchRequest request;
    request.query.text = text;
    request.query.since = since;
    request.query.until = until;
    request.limit = 60;
    request.sort = sort;
    request.snippets = false;
    const auto result = searcher.search(request);
    Page out;
    for (const auto& hit : result.hits) {
        out.hits.emplace_back(hit.id, hit.score);
    }
    out.total = result.total.estimate;
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(day_column)

BOOST_AUTO_TEST_CASE(each_day_is_the_articles_day) {
    const DaysDb fixture;
    const Xapian::Database db(fixture.path);
    const auto opened = fixture.columns(db);
    const news::searcher::DayColumn days(opened, *opened->column("date.day"));
    std::size_t undated = 0;
    for (Xapian::docid did = 1; did <= db.get_lastdocid() + 1; ++did) {
        std::string published;
        try {
            published = db.get_document(did).get_value(news::schema::Day); // "YYYY-MM-DD"
        } catch (const Xapian::DocNotFoundError&) {
        }
        BOOST_TEST(days.day(did) == published, did);
        undated += published.empty() ? 1U : 0U;
    }
    BOOST_TEST(undated == 59U); // 56 undated, 2 deleted, 1 past the last
    BOOST_TEST(days.day(0).empty());
}

BOOST_AUTO_TEST_CASE(ranges_match_what_the_date_terms_match) {
    const DaysDb fixture;
    const Xapian::Database db(fixture.path);
    const auto opened = fixture.columns(db);
    const news::searcher::DayColumn days(opened, *opened->column("date.day"));
    news::searcher::QueryBuilder terms(db, Xapian::Stem("english"));
    news::searcher::QueryBuilder column(db, Xapian::Stem("english"));
    column.use_days(&days);

    const std::vector<std::optional<Date>> bounds{
        std::nullopt,      Date{2023, 1, 1},  Date{2023, 11, 25}, Date{2023, 11, 30},
        Date{2023, 12, 1}, Date{2023, 12, 2}, Date{2023, 12, 31}, Date{2024, 1, 1},
        Date{2024, 1, 13}, Date{2024, 2, 29}, Date{2024, 3, 5},   Date{2025, 6, 1}};
    // Led by a rare word, a common one, a phrase, an OR, everything but a word (the range then
    // leads), a facet filter, a field.
    const std::vector<std::string> texts{"court",    "oil", "\"oil prices\"", "storm OR flood",
                                         "-missile", "",    "title:bank"};
    std::size_t compared = 0;
    std::size_t nonempty = 0;
    for (const auto& since : bounds) {
        for (const auto& until : bounds) {
            if (!since && !until) {
                continue;
            }
            for (const auto& text : texts) {
                news::searcher::QueryRequest request;
                request.text = text;
                request.since = since;
                request.until = until;
                if (since && until && *until < *since) {
                    BOOST_CHECK_THROW((void)column.restrict(Xapian::Query::MatchAll, request),
                                      news::Error);
                    continue;
                }
                const auto build = [&](news::searcher::QueryBuilder& builder) {
                    if (!text.empty()) {
                        return builder.build(request);
                    }
                    // No words: led by a facet filter (the range alone is read from its terms).
                    request.filters = {{"source", "AP"}};
                    return builder.restrict(Xapian::Query::MatchAll, request);
                };
                const auto expected = matches(db, build(terms));
                const auto got = matches(db, build(column));
                BOOST_TEST(got == expected, text << " " << (since ? news::date::to_iso(*since) : "")
                                                 << ".."
                                                 << (until ? news::date::to_iso(*until) : ""));
                ++compared;
                nonempty += expected.empty() ? 0U : 1U;
            }
        }
    }
    BOOST_TEST(compared > 500U);
    BOOST_TEST(nonempty > 300U);
}

BOOST_AUTO_TEST_CASE(searches_give_the_same_pages_with_and_without_the_column) {
    const DaysDb fixture;
    struct Case {
        std::string text;
        SortOrder sort;
        std::optional<Date> since;
        std::optional<Date> until;
    };
    const std::vector<Case> cases{
        {"oil", SortOrder::Date, std::nullopt, std::nullopt},
        {"oil", SortOrder::Oldest, std::nullopt, std::nullopt},
        {"troops OR rates", SortOrder::Date, std::nullopt, std::nullopt},
        {"-storm", SortOrder::Oldest, std::nullopt, std::nullopt},
        {"market", SortOrder::Relevance, Date{2023, 12, 3}, Date{2024, 1, 13}},
        {"market", SortOrder::Date, Date{2023, 12, 3}, std::nullopt},
        {"prices", SortOrder::Oldest, std::nullopt, Date{2023, 12, 31}},
        {"bank", SortOrder::Relevance, Date{2024, 1, 1}, Date{2024, 1, 1}},
    };
    std::size_t with_hits = 0;
    for (const auto& c : cases) {
        const Page fast = search(fixture.path, c.text, c.sort, c.since, c.until);
        const std::string file = fixture.columns_file();
        fs::rename(file, file + ".away");
        const Page slots = search(fixture.path, c.text, c.sort, c.since, c.until);
        fs::rename(file + ".away", file);
        BOOST_TEST(fast.total == slots.total, c.text);
        BOOST_TEST_REQUIRE(fast.hits.size() == slots.hits.size(), c.text);
        for (std::size_t k = 0; k < fast.hits.size(); ++k) {
            BOOST_TEST(fast.hits[k].first == slots.hits[k].first, c.text << " #" << k);
            BOOST_TEST(fast.hits[k].second == slots.hits[k].second, c.text << " #" << k);
        }
        with_hits += fast.hits.size() > 10 ? 1U : 0U;
    }
    BOOST_TEST(with_hits == cases.size() - 1); // one day of one word: a few hits
}

BOOST_AUTO_TEST_SUITE_END()
