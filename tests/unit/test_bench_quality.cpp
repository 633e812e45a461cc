/// @file
/// @brief Unit tests: bench_quality (AP, P@10, nDCG@10 and the randomization test on made-up
/// rankings and judgments, worked out by hand; reading qrels and queries; ours' request).
#include "news/common/error.hpp"

#include "quality/collection.hpp"
#include "quality/metrics.hpp"
#include "quality/rankings.hpp"
#include "quality/report.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/tools/floating_point_comparison.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>
#include <vector>

namespace {

namespace q = news::bench::quality;
using news::ErrorKind;
using Ids = std::vector<std::string>;

auto has_kind(ErrorKind kind) {
    return [kind](const news::Error& e) { return e.kind() == kind; };
}

constexpr double tolerance = 1e-9;

bool near(double a, double b, double within = tolerance) {
    return std::abs(a - b) <= within;
}

} // namespace

BOOST_AUTO_TEST_SUITE(bench_quality)

BOOST_AUTO_TEST_CASE(average_precision_divides_by_every_relevant_document) {
    // a, b, c relevant at ranks 1, 3 and 5; d relevant but never retrieved; x, y not judged.
    const q::Grades grades{{"a", 1}, {"b", 1}, {"c", 1}, {"d", 1}};
    const double ap = q::average_precision({"a", "x", "b", "y", "c"}, grades);
    BOOST_TEST(near(ap, (1.0 / 1 + 2.0 / 3 + 3.0 / 5) / 4), ap);
    BOOST_TEST(q::average_precision({}, grades) == 0.0);
    BOOST_TEST(q::average_precision({"a"}, {}) == 0.0);
    BOOST_TEST(q::average_precision({"a", "b", "c", "d"}, grades) == 1.0);
}

BOOST_AUTO_TEST_CASE(grade_zero_is_judged_not_relevant) {
    const q::Grades grades{{"a", 0}, {"b", 2}};
    BOOST_TEST(near(q::average_precision({"a", "b"}, grades), 0.5));
    BOOST_TEST(near(q::precision_at({"a", "b"}, grades, 10), 0.1));
    BOOST_TEST(near(q::ndcg_at({"a", "b"}, grades, 10), 1.0 / std::log2(3.0)));
}

BOOST_AUTO_TEST_CASE(precision_at_ten_counts_the_first_ten_and_divides_by_ten) {
    const q::Grades grades{{"r1", 1}, {"r2", 1}, {"r3", 1}, {"late", 1}};
    BOOST_TEST(near(q::precision_at({"r1", "x", "r2", "r3", "y"}, grades, 10), 0.3));
    Ids long_list{"r1", "a", "b", "c", "d", "e", "f", "g", "h", "i", "late"};
    BOOST_TEST(near(q::precision_at(long_list, grades, 10), 0.1));
    BOOST_TEST(q::precision_at({}, grades, 10) == 0.0);
}

BOOST_AUTO_TEST_CASE(ndcg_uses_the_grades_as_gains) {
    // Ranked: c (grade 1), a (3), x (unjudged), b (2). Ideal: a, b, c.
    const q::Grades grades{{"a", 3}, {"b", 2}, {"c", 1}};
    const double dcg = 1.0 / std::log2(2.0) + 3.0 / std::log2(3.0) + 2.0 / std::log2(5.0);
    const double ideal = 3.0 / std::log2(2.0) + 2.0 / std::log2(3.0) + 1.0 / std::log2(4.0);
    const double ndcg = q::ndcg_at({"c", "a", "x", "b"}, grades, 10);
    BOOST_TEST(near(ndcg, dcg / ideal), ndcg);
    BOOST_TEST(near(q::ndcg_at({"a", "b", "c"}, grades, 10), 1.0));
    // With binary grades the swap of a grade-3 and a grade-1 document would not matter.
    BOOST_TEST(q::ndcg_at({"c", "b", "a"}, grades, 10) < q::ndcg_at({"a", "b", "c"}, grades, 10));
    // The cut at k: only the first rank counts, against the ideal first rank.
    BOOST_TEST(near(q::ndcg_at({"b", "a"}, grades, 1), 2.0 / 3.0));
    BOOST_TEST(q::ndcg_at({"a"}, {}, 10) == 0.0);
}

BOOST_AUTO_TEST_CASE(paired_counts_are_wins_losses_and_ties) {
    const auto counts = q::paired_counts({0.5, 0.2, 0.3, 0.1}, {0.4, 0.2, 0.6, 0.0});
    BOOST_TEST(counts.wins == 2U);
    BOOST_TEST(counts.losses == 1U);
    BOOST_TEST(counts.ties == 1U);
}

BOOST_AUTO_TEST_CASE(randomization_test_matches_the_exact_sign_flip_distribution) {
    // {3, -1}: the four sign flips give means 1, -2, 2, -1: all at least as extreme as 1.
    BOOST_TEST(q::randomization_p_value({{3.0, -1.0}}) == 1.0);
    // {3, 1}: means 2, 1, -1, -2: half of them reach |2|.
    BOOST_TEST(near(q::randomization_p_value({{3.0, 1.0}}), 0.5, 0.02));
    // {1, 1, 1}: only all-plus and all-minus reach |1|: 2 of 8.
    BOOST_TEST(near(q::randomization_p_value({{1.0, 1.0, 1.0}}), 0.25, 0.02));
    // No difference at all.
    BOOST_TEST(q::randomization_p_value({{0.0, 0.0}}) == 1.0);
    // Twenty wins in a row: exact p = 2 / 2^20.
    const double p = q::randomization_p_value({std::vector<double>(20, 0.1)});
    BOOST_TEST(p < 0.001);
    BOOST_TEST(p > 0.0);
}

BOOST_AUTO_TEST_CASE(randomization_test_is_reproducible_and_seeded) {
    const std::vector<std::vector<double>> diffs{{0.2, -0.1, 0.3, 0.05, -0.02, 0.1}};
    const double first = q::randomization_p_value(diffs, {2000, 7});
    BOOST_TEST(first == q::randomization_p_value(diffs, {2000, 7}));
    // Exact: 64 sign vectors; p is about 1/4 here, and every estimate is (n + 1) / 2001.
    BOOST_TEST(first > 0.05);
    BOOST_TEST(first < 0.6);
}

BOOST_AUTO_TEST_CASE(randomization_test_over_groups_averages_the_group_means) {
    // Group means +1 and -1: the mean over groups is 0, whatever the group sizes.
    BOOST_TEST(q::randomization_p_value({{1.0}, {-1.0, -1.0, -1.0}}) == 1.0);
    // Pooled, the same differences would lean to -0.5; by group they do not lean at all.
    BOOST_TEST(q::randomization_p_value({{1.0, -1.0, -1.0, -1.0}}) < 1.0);
}

BOOST_AUTO_TEST_CASE(reads_qrels_and_queries) {
    news::test::TempDir dir;
    const auto qrels = q::read_qrels(dir.write("qrels.tsv", "1\td-1\t1\n1\td-2\t3\r\n2\td-1\t0\n"));
    BOOST_TEST(qrels.size() == 2U);
    BOOST_TEST(qrels.at("1").at("d-2") == 3);
    BOOST_TEST(qrels.at("2").at("d-1") == 0);
    const auto queries = q::read_collection_queries(dir.write("queries.tsv", "7\tWhat is it?\n"));
    BOOST_TEST_REQUIRE(queries.size() == 1U);
    BOOST_TEST(queries[0].id == "7");
    BOOST_TEST(queries[0].text == "What is it?");
    BOOST_CHECK_EXCEPTION((void)q::read_qrels(dir.write("bad.tsv", "1\td-1\tyes\n")), news::Error,
                          has_kind(ErrorKind::BadData));
    BOOST_CHECK_EXCEPTION((void)q::read_qrels(dir.write("short.tsv", "1\td-1\n")), news::Error,
                          has_kind(ErrorKind::BadData));
    BOOST_CHECK_EXCEPTION((void)q::read_collection_queries(dir.write("q.tsv", "no tab\n")),
                          news::Error, has_kind(ErrorKind::BadData));
}

BOOST_AUTO_TEST_CASE(query_words_are_lowercase_and_free_of_syntax) {
    const auto words = q::query_words("What AND title:Flow \"NOT\" -drag (lift)*");
    const Ids expected{"what", "and", "title", "flow", "not", "drag", "lift"};
    BOOST_TEST(words == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ours_request_is_an_or_of_the_words_without_snippets) {
    const auto request = q::ours_request({"heat", "flow"}, 1000);
    BOOST_TEST(request.query.text == "heat flow");
    BOOST_TEST(request.query.any);
    BOOST_TEST(request.limit == 1000U);
    BOOST_TEST(!request.snippets);
    BOOST_TEST(request.facets.empty());
}

BOOST_AUTO_TEST_CASE(scores_only_judged_queries_and_compares_with_ours) {
    q::Collection collection;
    collection.name = "toy";
    collection.queries = {{"1", "a"}, {"2", "b"}, {"3", "unjudged"}};
    collection.qrels = {{"1", {{"d1", 1}}}, {"2", {{"d2", 1}, {"d3", 1}}}};
    q::EngineRankings us;
    us.ranked = {{"1", {"d1"}}, {"2", {"x", "d2"}}, {"3", {"d1"}}};
    q::EngineRankings them;
    them.ranked = {{"1", {"x", "d1"}}, {"2", {"x", "d2"}}};
    const auto ours = q::score_engine(collection, us);
    BOOST_TEST(ours.query_ids == (Ids{"1", "2"}), boost::test_tools::per_element());
    BOOST_TEST(near(ours.map, (1.0 + 0.25) / 2));
    const auto theirs = q::score_engine(collection, them);
    BOOST_TEST(near(theirs.map, (0.5 + 0.25) / 2));
    const auto result =
        q::collection_result(collection, {{"news", ours}, {"peer", theirs}}, {1000, 1});
    BOOST_TEST(result.judged_queries == 2U);
    const auto& versus = result.versus.at("peer");
    BOOST_TEST(versus.counts.wins == 1U);
    BOOST_TEST(versus.counts.ties == 1U);
    BOOST_TEST(versus.counts.losses == 0U);
    BOOST_TEST(near(versus.map_difference, 0.25));
}

BOOST_AUTO_TEST_SUITE_END()
