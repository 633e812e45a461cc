/// @file
/// @brief Unit tests: sinks (the serial and pooled sinks write the same database, hand results
/// back in input order, and never rewrite an unchanged article).
#include "news/indexer/index_writer.hpp"
#include "news/indexer/pooled_sink.hpp"
#include "news/indexer/sink.hpp"

#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

namespace {

using news::Article;
using news::indexer::AddOutcome;
using news::indexer::IndexWriter;
using news::indexer::InFlightLimits;
using news::indexer::PooledSink;
using news::indexer::SerialSink;
using news::indexer::Sink;
using news::indexer::SinkResult;
using news::indexer::WriterOptions;

std::vector<Article> articles(int count, const std::string& edition) {
    std::vector<Article> out;
    for (int i = 0; i < count; ++i) {
        Article a;
        a.id = fmt::format("ferry-{}", i % 40); // ids 0..9 come twice when count is 50
        a.title = fmt::format("Ferry timetable {}", i);
        a.body = fmt::format("The {} ferry leaves at {} o'clock, edition {}.", i, i % 12, edition);
        out.push_back(std::move(a));
    }
    return out;
}

struct Run {
    std::vector<std::string> ids;
    std::vector<AddOutcome> outcomes;
};

// Writes @p input into the database at @p path through the serial or the pooled sink.
Run write_all(const std::string& path, const std::vector<Article>& input, bool pooled) {
    WriterOptions options;
    options.path = path;
    options.batch_size = 7;
    IndexWriter writer(options);
    Run run;
    const auto on_result = [&](SinkResult&& result) {
        BOOST_TEST(result.error.empty());
        run.ids.push_back(result.article.id);
        run.outcomes.push_back(result.outcome);
    };
    std::unique_ptr<Sink> sink;
    if (pooled) {
        sink = std::make_unique<PooledSink>(writer, 3, InFlightLimits{4, 1 << 20}, on_result);
    } else {
        sink = std::make_unique<SerialSink>(writer, on_result);
    }
    for (const auto& article : input) {
        sink->submit(article);
    }
    sink->drain();
    sink->finish();
    return run;
}

} // namespace

BOOST_AUTO_TEST_SUITE(sinks)

BOOST_AUTO_TEST_CASE(serial_and_pooled_sinks_write_the_same_database_in_input_order) {
    const news::test::TempDir dir;
    const auto first = articles(50, "one");
    auto second = articles(50, "one");
    second[20].body += " Delayed by fog.";
    for (const bool pooled : {false, true}) {
        const std::string path = dir / (pooled ? "pooled" : "serial");
        const Run initial = write_all(path, first, pooled);
        std::vector<std::string> expected_ids;
        for (const auto& article : first) {
            expected_ids.push_back(article.id);
        }
        BOOST_TEST(initial.ids == expected_ids);
        BOOST_TEST((initial.outcomes[45] == AddOutcome::Duplicate), "ferry-5 came earlier");

        const Run rerun = write_all(path, second, pooled);
        BOOST_TEST(rerun.ids == expected_ids);
        BOOST_TEST((rerun.outcomes[0] == AddOutcome::Replaced), "ferry-0 was replaced by 40");
        BOOST_TEST((rerun.outcomes[20] == AddOutcome::Replaced), "changed text");
        BOOST_TEST((rerun.outcomes[21] == AddOutcome::Unchanged));
        BOOST_TEST(Xapian::Database(path).get_doccount() == 40U);
    }
    const Xapian::Database serial(dir / "serial");
    const Xapian::Database pooled(dir / "pooled");
    BOOST_TEST(serial.get_total_length() == pooled.get_total_length());
    for (Xapian::docid id = 1; id <= serial.get_lastdocid(); ++id) {
        BOOST_TEST(serial.get_document(id).get_data() == pooled.get_document(id).get_data());
    }
}

BOOST_AUTO_TEST_SUITE_END()
