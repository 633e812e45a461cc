/// @file
/// @brief Unit tests: bench_engines (the sqlite and floor engines on a made-up corpus, and the
/// four C++ engines agreeing on the sample corpus where their analysis agrees).
#include "news/common/date.hpp"
#include "news/common/error.hpp"
#include "news/common/payload.hpp"
#include "news/common/schema.hpp"
#include "news/common/stored_body.hpp"

#include "engines/engine.hpp"
#include "engines/engine_command.hpp"
#include "engines/runner.hpp"
#include "engines/sqlite_handle.hpp"
#include "engines/sqlite_query.hpp"
#include "sample_db.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <xapian.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace {

using news::ErrorKind;
using news::bench::BenchQuery;
using news::bench::FacetList;
using news::bench::Mode;
using news::bench::QueryOp;
using Strings = std::vector<std::string>;

// Six articles: a4 is undated, without source and tags.
constexpr std::string_view tiny_articles =
    "a1\t20240101\treuters\tearn\x1f"
    "acq\tMissiles fired\tNorth Korean troops moved missiles to the border.\n"
    "a2\t20240315\tap\tearn\tMarkets rally\tStocks rallied as earnings beat forecasts.\n"
    "a3\t20240620\treuters\tacq\tMissile deal\tA missile deal was signed; troops stayed north.\n"
    "a4\t\t\t\tKorean talks\tTalks between North and South Korean leaders.\n"
    "a5\t20241201\tbbc\tearn\tMissile prices\tThe price of a missile rose. Missiles cost more.\n"
    "a6\t20230505\tap\tcrude\tTroops return\tKorean troops returned north after talks.\n";

BenchQuery make_query(QueryOp op, Strings terms) {
    BenchQuery query;
    query.id = "q";
    query.query_class = "test";
    query.op = op;
    query.terms = std::move(terms);
    return query;
}

BenchQuery with_dates(BenchQuery query, std::string from, std::string to) {
    query.date_from = std::move(from);
    query.date_to = std::move(to);
    return query;
}

BenchQuery with_filter(BenchQuery query, std::string field, std::string value) {
    query.filter_field = std::move(field);
    query.filter_value = std::move(value);
    return query;
}

BenchQuery by_date(BenchQuery query) {
    query.sort_by_date = true;
    return query;
}

// The sqlite and floor engines built on tiny_articles, once per test process.
struct TinyEngines {
    news::test::TempDir dir;
    std::unique_ptr<news::bench::Engine> sqlite;
    std::unique_ptr<news::bench::Engine> floor;

    TinyEngines() {
        const std::string articles = dir.write("articles.tsv", tiny_articles);
        for (const std::string name : {"sqlite", "floor"}) {
            const auto report = news::bench::build_engine(name, articles, dir / name);
            BOOST_TEST(report.articles == 6U);
        }
        news::bench::EngineOptions options;
        options.k = 3;
        options.index = dir / "sqlite";
        sqlite = news::bench::open_engine("sqlite", options);
        options.index = dir / "floor";
        floor = news::bench::open_engine("floor", options);
    }

    static TinyEngines& get() {
        static TinyEngines engines;
        return engines;
    }
};

// Runs @p query in @p mode on both tiny engines, checks they agree, and returns sqlite's result.
news::bench::QueryResult run_both(const BenchQuery& query, Mode mode = Mode::Count) {
    auto& engines = TinyEngines::get();
    const auto sqlite = engines.sqlite->open_session()->run(query, mode);
    const auto floor = engines.floor->open_session()->run(query, mode);
    BOOST_TEST(sqlite.total == floor.total);
    BOOST_TEST(sqlite.source == floor.source);
    BOOST_TEST(sqlite.tag == floor.tag);
    if (query.sort_by_date) {
        BOOST_TEST(sqlite.top == floor.top);
    }
    BOOST_TEST(sqlite.total_exact == (mode != Mode::Top || sqlite.top.size() < 3));
    BOOST_TEST(floor.total_exact);
    return sqlite;
}

std::uint64_t total(const BenchQuery& query) {
    return run_both(query).total;
}

// A line-per-article file of the sample database's articles, as news-bench compare writes them.
std::string sample_articles(const news::test::TempDir& dir) {
    const Xapian::Database db(news::test::sample_db());
    std::ofstream out(dir / "sample.tsv");
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        auto article = news::payload::decode(doc.get_data());
        article.body = news::stored_body::of(doc);
        news::bench::BenchArticle line;
        line.id = article.id;
        line.date = article.date ? news::date::to_compact(*article.date) : std::string{};
        line.source = news::schema::fold_value(article.source);
        for (const auto& category : article.categories) {
            line.tags.push_back(news::schema::fold_value(category));
        }
        line.title = article.title;
        // Ours indexes the dateline with the body.
        line.body =
            article.dateline.empty() ? article.body : article.body + "\n" + article.dateline;
        out << news::bench::format_article_line(line) << '\n';
    }
    return dir / "sample.tsv";
}

} // namespace

BOOST_AUTO_TEST_SUITE(bench_engines)

BOOST_AUTO_TEST_CASE(and_or_phrase_prefix_totals) {
    BOOST_TEST(total(make_query(QueryOp::And, {"missile"})) == 3U);
    BOOST_TEST(total(make_query(QueryOp::And, {"north", "korean"})) == 3U);
    BOOST_TEST(total(make_query(QueryOp::Or, {"stocks", "talks"})) == 3U);
    BOOST_TEST(total(make_query(QueryOp::Phrase, {"north", "korean"})) == 1U);
    BOOST_TEST(total(make_query(QueryOp::Phrase, {"korean", "troops"})) == 2U);
    BOOST_TEST(total(make_query(QueryOp::Prefix, {"miss"})) == 3U);
    BOOST_TEST(total(make_query(QueryOp::And, {"zzzz"})) == 0U);
    BOOST_TEST(total(make_query(QueryOp::Phrase, {"zzzz", "korean"})) == 0U);
}

BOOST_AUTO_TEST_CASE(stop_words_are_dropped_unless_all_words_are_stop_words) {
    BOOST_TEST(total(make_query(QueryOp::And, {"the", "missile"})) == 3U);
    BOOST_TEST(total(make_query(QueryOp::And, {"the"})) == 2U); // a1 and a5
}

BOOST_AUTO_TEST_CASE(date_bounds_and_filters) {
    const auto missile = make_query(QueryOp::And, {"missile"});
    BOOST_TEST(total(with_dates(missile, "20240101", "20240630")) == 2U);
    BOOST_TEST(total(with_dates(missile, "20240301", "")) == 2U); // undated a4 never matches
    BOOST_TEST(total(with_dates(make_query(QueryOp::And, {"korean"}), "", "20240101")) == 2U);
    BOOST_TEST(total(with_filter(missile, "source", "reuters")) == 2U);
    BOOST_TEST(total(with_filter(missile, "tag", "earn")) == 2U);
    BOOST_TEST(total(with_filter(missile, "tag", "nothing")) == 0U);
    BOOST_TEST(total(with_filter(with_dates(missile, "20240601", ""), "tag", "earn")) == 1U);
}

BOOST_AUTO_TEST_CASE(date_order_is_newest_first_with_undated_last) {
    const auto result = run_both(by_date(make_query(QueryOp::And, {"missile"})));
    BOOST_TEST(result.top == (Strings{"a5", "a3", "a1"}));
    const auto korean = run_both(by_date(make_query(QueryOp::Or, {"korean", "stocks"})));
    BOOST_TEST(korean.total == 4U);
    BOOST_TEST(korean.top == (Strings{"a2", "a1", "a6"})); // a4, undated, would come last
}

BOOST_AUTO_TEST_CASE(relevance_order_puts_the_best_match_first) {
    // a4 says "talks" twice in a short text.
    const auto result = run_both(make_query(QueryOp::Or, {"talks"}));
    BOOST_TEST(result.total == 2U);
    BOOST_REQUIRE(!result.top.empty());
    BOOST_TEST(result.top.front() == "a4");
}

BOOST_AUTO_TEST_CASE(facet_counts_over_all_matches) {
    const auto result = run_both(make_query(QueryOp::And, {"missile"}), Mode::Facets);
    BOOST_TEST(result.total == 3U);
    BOOST_TEST((result.source == FacetList{{"reuters", 2}, {"bbc", 1}}));
    BOOST_TEST((result.tag == FacetList{{"acq", 2}, {"earn", 2}}));
    const auto top = run_both(make_query(QueryOp::And, {"missile"}), Mode::Top);
    BOOST_TEST(top.source.empty());
}

BOOST_AUTO_TEST_CASE(a_query_without_words_is_a_usage_error) {
    const auto session = TinyEngines::get().floor->open_session();
    BOOST_CHECK_EXCEPTION((void)session->run(make_query(QueryOp::And, {"--"}), Mode::Top),
                          news::Error,
                          [](const news::Error& e) { return e.kind() == ErrorKind::Usage; });
}

BOOST_AUTO_TEST_CASE(sqlite_sql_quotes_words_and_literals) {
    auto query = with_filter(make_query(QueryOp::And, {"o'brien", "and"}), "source", "o'hara");
    BOOST_TEST(news::bench::fts5_match_expression(query) == "\"o\" AND \"brien\"");
    BOOST_TEST(news::bench::fts5_match_expression(make_query(QueryOp::Phrase, {"a", "near"})) ==
               "\"a near\"");
    BOOST_TEST(news::bench::fts5_match_expression(make_query(QueryOp::Prefix, {"miss"})) ==
               "\"miss\" *");
    BOOST_TEST(news::bench::fts5_match_expression(make_query(QueryOp::Or, {"not", "near"})) ==
               "\"near\""); // "not" is a stop word
    const std::string sql = news::bench::sqlite_query_sql(query, Mode::Facets, 10);
    BOOST_TEST(sql.find("'\"o\" AND \"brien\"'") != std::string::npos);
    BOOST_TEST(sql.find("d.source = 'o''hara'") != std::string::npos);
    BOOST_TEST(sql.find('?') == std::string::npos);

    // The shell's text runs as it stands.
    news::bench::SqliteDb db(TinyEngines::get().dir / "sqlite/fts.sqlite", SQLITE_OPEN_READONLY);
    const auto dated = with_dates(by_date(query), "20240101", "20241231");
    const auto tagged = with_filter(make_query(QueryOp::Prefix, {"miss"}), "tag", "earn");
    for (const auto& q : {query, dated, tagged}) {
        BOOST_CHECK_NO_THROW(db.exec(news::bench::sqlite_query_sql(q, Mode::Facets, 10)));
    }
}

BOOST_AUTO_TEST_CASE(report_lists_errors_postings_and_throughput) {
    auto& engines = TinyEngines::get();
    auto good = make_query(QueryOp::And, {"missile"});
    good.id = "good";
    auto bad = make_query(QueryOp::And, {"..."});
    bad.id = "bad";
    news::bench::RunOptions options;
    options.runs = 2;
    options.warmup = 1;
    options.threads = {1, 2};
    const auto report = news::bench::run_queries(*engines.floor, 0.5, {good, bad}, options);
    BOOST_TEST(report["engine"] == "floor");
    BOOST_TEST(report.contains("build_seconds"));
    const auto& queries = report["queries"];
    BOOST_REQUIRE(queries.size() == 2U);
    BOOST_TEST(queries[0]["hits"] == 3);
    BOOST_TEST(queries[0]["top"].size() == 3U);
    BOOST_TEST(queries[0]["ns"]["top"].size() == 2U);
    BOOST_TEST(queries[0]["ns"]["facets"].size() == 2U);
    BOOST_TEST(queries[0]["postings"].get<int>() > 0);
    BOOST_TEST(queries[0]["facets"]["tag"].dump() == R"([["acq",2],["earn",2]])");
    BOOST_TEST(queries[1].contains("error"));
    BOOST_TEST(!queries[1].contains("ns"));
    BOOST_REQUIRE(report["throughput"].size() == 2U);
    BOOST_TEST(report["throughput"][1]["threads"] == 2);
    BOOST_TEST(report["throughput"][1]["searches"] == 1);

    const auto sqlite = news::bench::run_queries(*engines.sqlite, 0.1, {good}, options);
    BOOST_TEST(!sqlite["queries"][0].contains("postings"));
    BOOST_TEST(sqlite["queries"][0]["hits"] == 3);
}

BOOST_AUTO_TEST_CASE(command_reports_usage_and_missing_inputs) {
    const news::test::TempDir dir;
    const auto run = [](std::vector<const char*> args) {
        return news::bench::run_engine_command(static_cast<int>(args.size()), args.data());
    };
    BOOST_TEST(run({"engine"}) == 64);
    BOOST_TEST(run({"engine", "lucene", "query"}) == 64);
    BOOST_TEST(run({"engine", "floor", "fly"}) == 64);
    BOOST_TEST(run({"engine", "news", "build", "--articles", "a.tsv", "--index", "x"}) == 64);
    const std::string missing = dir / "missing.tsv";
    const std::string index = dir / "floor";
    BOOST_TEST(run({"engine", "sqlite", "build", "--articles", missing.c_str(), "--index",
                    index.c_str()}) == 66);
    BOOST_TEST(run({"engine", "floor", "query", "--index", index.c_str(), "--queries",
                    missing.c_str()}) == 66);
    BOOST_TEST(run({"engine", "floor", "query", "--index", index.c_str(), "--runs", "-1"}) == 64);
    BOOST_TEST(run({"engine", "xapian", "query", "--index", index.c_str(), "--queries",
                    missing.c_str(), "--threads", "1,x"}) == 64);

    // "--k" as the protocol spells it (cxxopts alone would refuse it), on the tiny floor.
    const std::string floor = TinyEngines::get().dir / "floor";
    const std::string queries = dir.write("q.tsv", "q1\tc\tand\tmissile\t\t\t\t\trelevance\n");
    BOOST_TEST(run({"engine", "floor", "query", "--index", floor.c_str(), "--queries",
                    queries.c_str(), "--runs", "1", "--warmup", "0", "--k", "2"}) == 0);
    BOOST_TEST(run({"engine", "floor", "query", "--index", floor.c_str(), "--queries",
                    queries.c_str(), "--runs", "1", "--k=2"}) == 0);
    BOOST_TEST(run({"engine", "floor", "query", "--index", floor.c_str(), "--queries",
                    queries.c_str(), "--k", "0"}) == 64);
}

BOOST_AUTO_TEST_CASE(engines_agree_on_exact_totals_of_the_sample_corpus) {
    const news::test::TempDir dir;
    const std::string articles = sample_articles(dir);
    news::bench::EngineOptions options;
    options.k = 5;
    options.tag_facet = "category";
    std::map<std::string, std::unique_ptr<news::bench::Engine>> engines;
    for (const std::string name : {"news", "xapian"}) {
        options.index = news::test::sample_db();
        engines[name] = news::bench::open_engine(name, options);
    }
    for (const std::string name : {"sqlite", "floor"}) {
        options.index = dir / name;
        (void)news::bench::build_engine(name, articles, options.index);
        engines[name] = news::bench::open_engine(name, options);
    }
    // Words whose analysis agrees in all four: no apostrophes or digits next to them, the same
    // stem in Porter and Snowball, a prefix Porter leaves as it is (FTS5 stems prefixes:
    // "authoriz" would become "author").
    const std::vector<BenchQuery> queries{
        make_query(QueryOp::And, {"biden"}),
        make_query(QueryOp::And, {"korean", "troops"}),
        make_query(QueryOp::And, {"the", "missiles", "range"}),
        make_query(QueryOp::Or, {"atacms", "kursk", "postmillennial"}),
        make_query(QueryOp::Phrase, {"north", "korean", "troops"}),
        make_query(QueryOp::Phrase, {"long", "range", "missiles"}),
        make_query(QueryOp::Prefix, {"missil"}),
        with_dates(make_query(QueryOp::And, {"biden"}), "20241118", "20241118"),
        with_filter(make_query(QueryOp::Or, {"missiles", "weapons"}), "source",
                    "the postmillennial"),
        by_date(make_query(QueryOp::And, {"ukraine"})),
    };
    for (const auto& query : queries) {
        std::map<std::string, std::uint64_t> totals;
        for (const auto& [name, engine] : engines) {
            const auto result = engine->open_session()->run(query, Mode::Facets);
            BOOST_TEST(result.total_exact);
            totals[name] = result.total;
        }
        BOOST_TEST_CONTEXT(news::bench::format_query_line(query)) {
            BOOST_TEST(totals["news"] > 0U);
            BOOST_TEST(totals["xapian"] == totals["news"]);
            BOOST_TEST(totals["sqlite"] == totals["news"]);
            BOOST_TEST(totals["floor"] == totals["news"]);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
