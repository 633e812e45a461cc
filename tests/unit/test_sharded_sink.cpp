/// @file
/// @brief Unit tests: sharded_sink (one writer per thread, merged by compaction or kept apart as
/// shards; results in input order; ids unique across shards; the target replaced only by a
/// finished merge).
#include "news/common/payload.hpp"
#include "news/common/schema.hpp"
#include "news/indexer/index_writer.hpp"
#include "news/indexer/sharded_sink.hpp"

#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <xapian.h>

#include <filesystem>
#include <string>
#include <vector>

namespace {

using news::Article;
using news::indexer::AddOutcome;
using news::indexer::IndexWriter;
using news::indexer::ShardedSink;
using news::indexer::ShardOptions;
using news::indexer::SinkResult;
using news::indexer::WriterOptions;

// Made-up articles with 0..3 authors, so the facet slot counts differ between shards.
std::vector<Article> articles(int count) {
    std::vector<Article> out;
    for (int i = 0; i < count; ++i) {
        Article a;
        a.id = fmt::format("art-{}", i);
        a.title = fmt::format("Harbour report {}", i);
        a.body = fmt::format("The harbour master counted {} boats and {} gulls today.", i, i * 3);
        // One article has three authors: only its shard records three slots.
        for (int author = 0; author < (i == 7 ? 3 : i % 2); ++author) {
            a.authors.push_back(fmt::format("Writer {}", author));
        }
        a.categories = {i % 2 == 0 ? "even" : "odd"};
        out.push_back(std::move(a));
    }
    return out;
}

// @p count articles, then article @p again once more with a corrected title.
std::vector<Article> articles_with_a_correction(int count, int again) {
    auto out = articles(count);
    Article corrected = out.at(static_cast<std::size_t>(again));
    corrected.title = "Harbour report, corrected";
    out.push_back(std::move(corrected));
    return out;
}

WriterOptions target_options(const std::string& path) {
    WriterOptions options;
    options.path = path;
    return options;
}

ShardOptions shard_options(unsigned shards, unsigned writers_per_shard = 1,
                           bool keep_apart = false) {
    ShardOptions options;
    options.shards = shards;
    options.writers_per_shard = writers_per_shard;
    options.keep_apart = keep_apart;
    options.shard_batch_bytes = 200; // a few articles per flush: flushes are exercised too
    return options;
}

// Submits every article, takes the results in order, merges; returns the outcomes.
std::vector<AddOutcome> build_sharded(const std::string& path, const std::vector<Article>& input,
                                      const ShardOptions& options) {
    IndexWriter target(target_options(path));
    std::vector<AddOutcome> outcomes;
    std::vector<std::string> ids;
    ShardedSink sink(target, options, [&](SinkResult&& result) {
        BOOST_TEST(result.error.empty());
        ids.push_back(result.article.id);
        outcomes.push_back(result.outcome);
    });
    for (const auto& article : input) {
        sink.submit(article);
    }
    sink.drain();
    std::vector<std::string> expected_ids;
    for (const auto& article : input) {
        expected_ids.push_back(article.id);
    }
    BOOST_TEST(ids == expected_ids, "results come back in submission order");
    sink.finish();
    return outcomes;
}

std::string title_of(const Xapian::Database& db, const std::string& id) {
    const auto term = news::schema::id_term(id);
    const auto posting = db.postlist_begin(term);
    BOOST_TEST_REQUIRE((posting != db.postlist_end(term)));
    return news::payload::decode(db.get_document(*posting).get_data()).title;
}

} // namespace

BOOST_AUTO_TEST_SUITE(sharded_sink)

BOOST_AUTO_TEST_CASE(gives_the_same_terms_metadata_and_documents_as_one_writer) {
    const news::test::TempDir dir;
    const auto input = articles(40);
    {
        IndexWriter single(target_options(dir / "single"));
        for (const auto& article : input) {
            single.add(article);
        }
        single.commit();
    }
    build_sharded(dir / "sharded", input, shard_options(3));

    const Xapian::Database single(dir / "single");
    const Xapian::Database sharded(dir / "sharded");
    BOOST_TEST(sharded.get_doccount() == single.get_doccount());
    BOOST_TEST(sharded.get_total_length() == single.get_total_length());
    BOOST_TEST(sharded.has_positions());
    for (auto key = single.metadata_keys_begin(); key != single.metadata_keys_end(); ++key) {
        BOOST_TEST(sharded.get_metadata(*key) == single.get_metadata(*key), *key);
    }
    BOOST_TEST(sharded.get_metadata("news.facet_slots.author") == "3");
    auto a = single.allterms_begin();
    auto b = sharded.allterms_begin();
    for (; a != single.allterms_end() && b != sharded.allterms_end(); ++a, ++b) {
        BOOST_TEST(*a == *b);
        BOOST_TEST(a.get_termfreq() == b.get_termfreq(), *a);
    }
    BOOST_TEST((a == single.allterms_end() && b == sharded.allterms_end()));
    for (const auto& article : input) {
        BOOST_TEST(title_of(sharded, article.id) == article.title);
    }
}

BOOST_AUTO_TEST_CASE(an_id_seen_twice_is_one_document_the_later_and_a_duplicate) {
    const news::test::TempDir dir;
    const auto input = articles_with_a_correction(12, 3);
    const Article& again = input.back();
    const auto outcomes = build_sharded(dir / "db", input, shard_options(2));
    BOOST_TEST((outcomes.back() == AddOutcome::Duplicate));
    for (std::size_t i = 0; i + 1 < outcomes.size(); ++i) {
        BOOST_TEST((outcomes[i] == AddOutcome::Added));
    }
    const Xapian::Database db(dir / "db");
    BOOST_TEST(db.get_doccount() == 12U);
    BOOST_TEST(db.get_termfreq(news::schema::id_term(again.id)) == 1U);
    BOOST_TEST(title_of(db, again.id) == "Harbour report, corrected");
}

// --shards 2 on four threads: each kept shard is the merge of two writers' parts.
BOOST_AUTO_TEST_CASE(shards_kept_apart_and_built_by_several_writers_hold_each_article_once) {
    const news::test::TempDir dir;
    const auto input = articles_with_a_correction(40, 7);
    const Article& again = input.back();
    const auto outcomes = build_sharded(dir / "db", input, shard_options(2, 2, true));
    BOOST_TEST((outcomes.back() == AddOutcome::Duplicate));

    const std::filesystem::path db = dir / "db";
    BOOST_TEST(std::filesystem::exists(db / "XAPIANDB"));
    Xapian::doccount total = 0;
    for (const char* shard : {"shard-0", "shard-1"}) {
        const Xapian::Database one(db / shard);
        BOOST_TEST(one.get_doccount() > 0U, shard << " has articles");
        BOOST_TEST(one.get_metadata("news.facet_slots.author") == "3", shard);
        total += one.get_doccount();
    }
    BOOST_TEST(!std::filesystem::exists(db / "shard-2"));
    BOOST_TEST(total == 40U);
    const Xapian::Database all(db);
    for (const auto& article : articles(40)) {
        BOOST_TEST(all.get_termfreq(news::schema::id_term(article.id)) == 1U, article.id);
    }
    BOOST_TEST(title_of(all, again.id) == "Harbour report, corrected");
}

BOOST_AUTO_TEST_CASE(finish_replaces_the_target_and_removes_the_temporary_folders) {
    const news::test::TempDir dir;
    build_sharded(dir / "db", articles(5), shard_options(2));
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        BOOST_TEST(entry.path().filename() == "db", "left behind: " << entry.path());
    }
    // The merged database is an ordinary one: a later run updates it in place.
    IndexWriter writer(target_options(dir / "db"));
    BOOST_TEST(!writer.fresh());
    BOOST_TEST((writer.add(articles(1).front()) == AddOutcome::Unchanged));
}

BOOST_AUTO_TEST_CASE(a_build_ended_without_finish_leaves_the_target_empty_and_valid) {
    const news::test::TempDir dir;
    {
        IndexWriter target(target_options(dir / "db"));
        ShardedSink sink(target, shard_options(2), [](SinkResult&&) {});
        for (const auto& article : articles(20)) {
            sink.submit(article);
        }
        // An error elsewhere ends the run here: nothing is merged.
    }
    const Xapian::Database db(dir / "db");
    BOOST_TEST(db.get_doccount() == 0U);
    BOOST_TEST(db.get_metadata("news.schema_version") == std::to_string(news::schema::version));
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        BOOST_TEST(entry.path().filename() == "db", "left behind: " << entry.path());
    }
}

// --overwrite: readers of the target see the old database until the new one is swapped in.
BOOST_AUTO_TEST_CASE(a_replaced_database_stays_readable_until_the_merged_one_takes_its_place) {
    const news::test::TempDir dir;
    build_sharded(dir / "db", articles(5), shard_options(2));
    {
        WriterOptions replace = target_options(dir / "db");
        replace.replace = true;
        IndexWriter target(replace);
        BOOST_TEST(target.fresh());
        BOOST_TEST(!target.remove("art-1"), "nothing is removed from a database being replaced");
        ShardedSink sink(target, shard_options(2), [](SinkResult&&) {});
        auto input = articles(12);
        for (auto& article : input) {
            article.title += " (rebuilt)";
            sink.submit(article);
        }
        sink.drain();
        BOOST_TEST(Xapian::Database(dir / "db").get_doccount() == 5U);
        BOOST_TEST(title_of(Xapian::Database(dir / "db"), "art-1") == "Harbour report 1");
        BOOST_TEST(sink.finish() == 12U);
        BOOST_TEST(title_of(Xapian::Database(dir / "db"), "art-1") == "Harbour report 1 (rebuilt)");
    }
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        BOOST_TEST(entry.path().filename() == "db", "left behind: " << entry.path());
    }
}

BOOST_AUTO_TEST_CASE(an_abandoned_replacement_keeps_the_old_database) {
    const news::test::TempDir dir;
    build_sharded(dir / "db", articles(5), shard_options(2));
    {
        WriterOptions replace = target_options(dir / "db");
        replace.replace = true;
        IndexWriter target(replace);
        ShardedSink sink(target, shard_options(2), [](SinkResult&&) {});
        for (const auto& article : articles(3)) {
            sink.submit(article);
        }
        sink.drain();
        BOOST_TEST(sink.abandon_replacement());
    }
    BOOST_TEST(Xapian::Database(dir / "db").get_doccount() == 5U);
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        BOOST_TEST(entry.path().filename() == "db", "left behind: " << entry.path());
    }
    // A new database is not "replaced": abandoning keeps what was built, through finish().
    IndexWriter fresh(target_options(dir / "new"));
    ShardedSink sink(fresh, shard_options(2), [](SinkResult&&) {});
    BOOST_TEST(!sink.abandon_replacement());
}

BOOST_AUTO_TEST_SUITE_END()
