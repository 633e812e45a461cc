/// @file
/// @brief Unit tests: bench_stories (pairwise and BCubed scores worked out by hand, the
/// baseline on a made-up corpus, reading labels files).
#include "news/common/error.hpp"

#include "stories/baseline.hpp"
#include "stories/evaluation.hpp"
#include "stories/metrics.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace bs = news::bench::stories;
using Labels = std::vector<std::string>;

bool near(double a, double b) {
    return std::abs(a - b) < 1e-9;
}

} // namespace

BOOST_AUTO_TEST_SUITE(bench_stories)

BOOST_AUTO_TEST_CASE(scores_match_a_hand_computed_example) {
    // Predicted {1,2} {3,4,5}; gold {1,2,3} {4,5}. Pairs: predicted 1+3, gold 3+1, both 1+1.
    // BCubed precision: (1 + 1 + 1/3 + 2/3 + 2/3) / 5 = 11/15; recall the same by symmetry.
    const auto s = bs::score_clustering({"a", "a", "b", "b", "b"}, {"x", "x", "x", "y", "y"});
    BOOST_TEST(s.items == 5U);
    BOOST_TEST(s.predicted_clusters == 2U);
    BOOST_TEST(s.gold_clusters == 2U);
    BOOST_TEST(near(s.pairwise_precision, 0.5));
    BOOST_TEST(near(s.pairwise_recall, 0.5));
    BOOST_TEST(near(s.pairwise_f1, 0.5));
    BOOST_TEST(near(s.bcubed_precision, 11.0 / 15));
    BOOST_TEST(near(s.bcubed_recall, 11.0 / 15));
    BOOST_TEST(near(s.bcubed_f1, 11.0 / 15));
}

BOOST_AUTO_TEST_CASE(scores_of_the_extremes) {
    struct Row {
        Labels predicted;
        Labels gold;
        double pair_p, pair_r, b3_p, b3_r;
    };
    const std::vector<Row> rows{
        // Every article alone: no predicted pair (precision 1), recall of singletons.
        {{"a", "b", "c", "d"}, {"x", "x", "y", "y"}, 1.0, 0.0, 1.0, 0.5},
        // Everything merged: all gold pairs found, a third of the predicted pairs right.
        {{"a", "a", "a", "a"}, {"x", "x", "y", "y"}, 2.0 / 6, 1.0, 0.5, 1.0},
        // Perfect, whatever the names.
        {{"q", "q", "r", "r"}, {"x", "x", "y", "y"}, 1.0, 1.0, 1.0, 1.0},
    };
    for (const auto& row : rows) {
        const auto s = bs::score_clustering(row.predicted, row.gold);
        BOOST_TEST(near(s.pairwise_precision, row.pair_p));
        BOOST_TEST(near(s.pairwise_recall, row.pair_r));
        BOOST_TEST(near(s.bcubed_precision, row.b3_p));
        BOOST_TEST(near(s.bcubed_recall, row.b3_r));
    }
}

BOOST_AUTO_TEST_CASE(the_baseline_links_similar_articles_and_keeps_its_best_threshold) {
    const auto make = [](std::string id, std::string body) {
        news::Article a;
        a.id = std::move(id);
        a.body = std::move(body);
        return a;
    };
    const std::vector<news::Article> articles{
        make("1", "volcano erupts lava village evacuated"),
        make("2", "volcano lava village evacuated erupts ash"),
        make("3", "bank merger shareholders approve deal"),
        make("4", "shareholders approve bank merger deal vote"),
    };
    const auto result = bs::tfidf_single_link(articles, {"v", "v", "b", "b"});
    BOOST_TEST(result.scores.bcubed_f1 == 1.0);
    BOOST_TEST(result.labels[0] == result.labels[1]);
    BOOST_TEST(result.labels[0] != result.labels[2]);
    BOOST_TEST(result.threshold > 0.0);
}

BOOST_AUTO_TEST_CASE(labels_files_with_and_without_splits) {
    news::test::TempDir dir;
    const std::string with_split = (dir.path() / "events.tsv").string();
    std::ofstream(with_split) << "id\tevent\ttopic\tsplit\na\te1\tt1\ttrain\nb\te2\tt1\tdev\n";
    const auto labels = bs::read_labels(with_split);
    BOOST_TEST(labels.has_split);
    BOOST_TEST(labels.by_id.at("b").label == "e2");
    BOOST_TEST(labels.by_id.at("b").split == "dev");

    const std::string plain = (dir.path() / "plain.tsv").string();
    std::ofstream(plain) << "# made up\nreut/1\tstory-a\n\nreut/2\tstory-a\n";
    const auto plain_labels = bs::read_labels(plain);
    BOOST_TEST(!plain_labels.has_split);
    BOOST_TEST(plain_labels.by_id.size() == 2U);

    const std::string twice = (dir.path() / "twice.tsv").string();
    std::ofstream(twice) << "a\tx\na\ty\n";
    BOOST_CHECK_THROW(static_cast<void>(bs::read_labels(twice)), news::Error);
    const std::string one_column = (dir.path() / "one.tsv").string();
    std::ofstream(one_column) << "a\n";
    BOOST_CHECK_THROW(static_cast<void>(bs::read_labels(one_column)), news::Error);
    BOOST_CHECK_THROW(static_cast<void>(bs::read_labels((dir.path() / "none.tsv").string())),
                      news::Error);
}

BOOST_AUTO_TEST_SUITE_END()
