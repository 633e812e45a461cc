/// @file
/// @brief Unit tests: bench_workload (articles.tsv and queries.tsv of the peer benchmark).
#include "news/common/error.hpp"

#include "engines/workload.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace {

using news::ErrorKind;
using news::bench::BenchArticle;
using news::bench::BenchQuery;
using news::bench::QueryOp;

auto has_kind(ErrorKind kind) {
    return [kind](const news::Error& e) { return e.kind() == kind; };
}

// True when the error's message contains @p text (and is of @p kind).
auto says(ErrorKind kind, std::string text) {
    return [kind, text](const news::Error& e) {
        return e.kind() == kind && std::string(e.what()).find(text) != std::string::npos;
    };
}

BenchQuery sample_query() {
    BenchQuery query;
    query.id = "and2-017";
    query.query_class = "and2";
    query.op = QueryOp::And;
    query.terms = {"north", "korea"};
    query.date_from = "20240101";
    query.date_to = "20241231";
    query.filter_field = "tag";
    query.filter_value = "earn";
    query.sort_by_date = true;
    return query;
}

void check_same(const BenchQuery& a, const BenchQuery& b) {
    BOOST_TEST(a.id == b.id);
    BOOST_TEST(a.query_class == b.query_class);
    BOOST_TEST(static_cast<int>(a.op) == static_cast<int>(b.op));
    BOOST_TEST(a.terms == b.terms);
    BOOST_TEST(a.date_from == b.date_from);
    BOOST_TEST(a.date_to == b.date_to);
    BOOST_TEST(a.filter_field == b.filter_field);
    BOOST_TEST(a.filter_value == b.filter_value);
    BOOST_TEST(a.sort_by_date == b.sort_by_date);
}

} // namespace

BOOST_AUTO_TEST_SUITE(bench_workload)

BOOST_AUTO_TEST_CASE(escapes_backslashes_tabs_and_line_breaks_and_round_trips) {
    const std::string raw = "a\\b\tc\nd\re\\\\t";
    const std::string escaped = news::bench::escape_field(raw);
    BOOST_TEST(escaped == "a\\\\b\\tc\\nd\\re\\\\\\\\t");
    BOOST_TEST(escaped.find('\t') == std::string::npos);
    BOOST_TEST(escaped.find('\n') == std::string::npos);
    BOOST_TEST(news::bench::unescape_field(escaped) == raw);
    BOOST_TEST(news::bench::unescape_field("plain text") == "plain text");
}

BOOST_AUTO_TEST_CASE(rejects_dangling_and_unknown_escapes) {
    BOOST_CHECK_EXCEPTION((void)news::bench::unescape_field("abc\\"), news::Error,
                          says(ErrorKind::Usage, "dangling"));
    BOOST_CHECK_EXCEPTION((void)news::bench::unescape_field("a\\xb"), news::Error,
                          says(ErrorKind::Usage, "unknown escape '\\x'"));
}

BOOST_AUTO_TEST_CASE(article_lines_round_trip_with_tags_and_escapes) {
    BenchArticle article;
    article.id = "reuters:12";
    article.date = "19870226";
    article.source = "reuters";
    article.tags = {"earn", "acq"};
    article.title = "Title\twith tab";
    article.body = "Line one\nline two \\ and\r\nmore";
    const std::string line = news::bench::format_article_line(article);
    BOOST_TEST(std::count(line.begin(), line.end(), '\t') == 5);
    BOOST_TEST(line.find('\n') == std::string::npos);
    const BenchArticle back = news::bench::parse_article_line(line);
    BOOST_TEST(back.id == article.id);
    BOOST_TEST(back.date == article.date);
    BOOST_TEST(back.source == article.source);
    BOOST_TEST(back.tags == article.tags);
    BOOST_TEST(back.title == article.title);
    BOOST_TEST(back.body == article.body);

    const BenchArticle bare = news::bench::parse_article_line("x\t\t\t\t\tbody");
    BOOST_TEST(bare.date.empty());
    BOOST_TEST(bare.source.empty());
    BOOST_TEST(bare.tags.empty());
    BOOST_TEST(bare.body == "body");
}

BOOST_AUTO_TEST_CASE(rejects_malformed_article_lines_with_clear_errors) {
    BOOST_CHECK_EXCEPTION((void)news::bench::parse_article_line("a\tb\tc"), news::Error,
                          says(ErrorKind::Usage, "has 3 tab-separated fields, not 6"));
    BOOST_CHECK_EXCEPTION((void)news::bench::parse_article_line("a\t\t\t\t\t\t"), news::Error,
                          says(ErrorKind::Usage, "not 6"));
    BOOST_CHECK_EXCEPTION((void)news::bench::parse_article_line("a\t2024-11-18\t\t\t\tb"),
                          news::Error, says(ErrorKind::Usage, "'2024-11-18' is not a YYYYMMDD"));
    BOOST_CHECK_EXCEPTION((void)news::bench::parse_article_line("a\t20241332\t\t\t\tb"),
                          news::Error, has_kind(ErrorKind::Usage));
    BOOST_CHECK_EXCEPTION((void)news::bench::parse_article_line("\t\t\t\t\tb"), news::Error,
                          says(ErrorKind::Usage, "empty article id"));
    BOOST_CHECK_EXCEPTION((void)news::bench::parse_article_line("a\t\t\t\t\tb\\q"), news::Error,
                          says(ErrorKind::Usage, "unknown escape"));
}

BOOST_AUTO_TEST_CASE(articles_file_errors_name_the_file_and_line) {
    const news::test::TempDir dir;
    const std::string path = dir.write("articles.tsv", "a\t\t\t\t\tone\r\n\nb\tbad\n");
    std::vector<std::string> ids;
    BOOST_CHECK_EXCEPTION(
        news::bench::for_each_article(path, [&](BenchArticle&& a) { ids.push_back(a.id); }),
        news::Error, says(ErrorKind::Usage, path + ":3: an article line has 2"));
    BOOST_TEST(ids == std::vector<std::string>{"a"});
    BOOST_CHECK_EXCEPTION(news::bench::for_each_article(dir / "missing.tsv", [](auto&&) {}),
                          news::Error, has_kind(ErrorKind::NotFound));
}

BOOST_AUTO_TEST_CASE(query_lines_round_trip) {
    const BenchQuery query = sample_query();
    const std::string line = news::bench::format_query_line(query);
    BOOST_TEST(line == "and2-017\tand2\tand\tnorth korea\t20240101\t20241231\ttag\tearn\tdate");
    check_same(news::bench::parse_query_line(line), query);

    const BenchQuery prefix =
        news::bench::parse_query_line("p-1\tprefix\tprefix\tmissil\t\t\t\t\trelevance");
    BOOST_TEST(static_cast<int>(prefix.op) == static_cast<int>(QueryOp::Prefix));
    BOOST_TEST(prefix.terms == std::vector<std::string>{"missil"});
    BOOST_TEST(!prefix.sort_by_date);
    BOOST_TEST(prefix.filter_field.empty());
}

BOOST_AUTO_TEST_CASE(rejects_malformed_query_lines_with_clear_errors) {
    const auto bad = [](const std::string& line, const std::string& message) {
        BOOST_CHECK_EXCEPTION((void)news::bench::parse_query_line(line), news::Error,
                              says(ErrorKind::Usage, message));
    };
    bad("q\tc\tand\ta b", "has 4 tab-separated fields, not 9");
    bad("q\tc\tnear\ta b\t\t\t\t\trelevance", "unknown op 'near'");
    bad("q\tc\tand\t \t\t\t\t\trelevance", "has no terms");
    bad("q\tc\tprefix\tab cd\t\t\t\t\trelevance", "not one word prefix");
    bad("q\tc\tand\ta\t2024\t\t\t\trelevance", "date_from '2024' is not a YYYYMMDD");
    bad("q\tc\tand\ta\t20240201\t20240101\t\t\trelevance", "before date_from");
    bad("q\tc\tand\ta\t\t\tauthor\tx\trelevance", "unknown filter_field 'author'");
    bad("q\tc\tand\ta\t\t\tsource\t\trelevance", "both set or both empty");
    bad("q\tc\tand\ta\t\t\t\t\tnewest", "unknown sort 'newest'");
    bad("\tc\tand\ta\t\t\t\t\trelevance", "empty query id");
}

BOOST_AUTO_TEST_CASE(queries_file_round_trips_with_comments) {
    const news::test::TempDir dir;
    BenchQuery phrase = sample_query();
    phrase.id = "phrase-1";
    phrase.op = QueryOp::Phrase;
    phrase.terms = {"north", "korean", "troops"};
    phrase.date_from.clear();
    phrase.filter_field.clear();
    phrase.filter_value.clear();
    const std::vector<BenchQuery> queries{sample_query(), phrase};
    const std::string path = dir / "queries.tsv";
    news::bench::write_queries(path, queries, "generated for a test\nseed 42");

    const auto back = news::bench::read_queries(path);
    BOOST_REQUIRE(back.size() == 2U);
    check_same(back[0], queries[0]);
    check_same(back[1], queries[1]);
}

BOOST_AUTO_TEST_CASE(queries_file_rejects_duplicates_and_names_the_line) {
    const news::test::TempDir dir;
    const std::string line = "q1\tc\tor\ta b\t\t\t\t\trelevance\n";
    const std::string path = dir.write("queries.tsv", "# comment\n\n" + line + line);
    BOOST_CHECK_EXCEPTION((void)news::bench::read_queries(path), news::Error,
                          says(ErrorKind::Usage, path + ":4: duplicate query id 'q1'"));
    BOOST_CHECK_EXCEPTION((void)news::bench::read_queries(dir / "none.tsv"), news::Error,
                          has_kind(ErrorKind::NotFound));
}

BOOST_AUTO_TEST_SUITE_END()
