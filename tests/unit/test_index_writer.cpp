/// @file
/// @brief Unit tests: index_writer (idempotent adds, batched commits, locks, schema checks).
#include "news/common/error.hpp"
#include "news/common/payload.hpp"
#include "news/common/schema.hpp"
#include "news/indexer/index_writer.hpp"
#include "news/indexer/indexing.hpp"

#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace {

using news::Article;
using news::indexer::AddOutcome;
using news::indexer::IndexWriter;
using news::indexer::WriterOptions;

auto has_kind(news::ErrorKind kind) {
    return [kind](const news::Error& e) { return e.kind() == kind; };
}

Article article(std::string id, std::string title = "A title") {
    Article a;
    a.id = std::move(id);
    a.title = std::move(title);
    a.body = "Ukraine may now strike targets inside Russia.";
    return a;
}

WriterOptions options_for(const std::string& path, std::size_t batch_size = 1000) {
    WriterOptions options;
    options.path = path;
    options.batch_size = batch_size;
    return options;
}

// Documents a separate reader sees at the last commit.
Xapian::doccount committed_count(const std::string& path) {
    return Xapian::Database(path).get_doccount();
}

// The title stored for @p id, as a separate reader sees it.
std::string committed_title(const std::string& path, const std::string& id) {
    const Xapian::Database db(path);
    const auto posting = db.postlist_begin(news::schema::id_term(id));
    BOOST_TEST_REQUIRE((posting != db.postlist_end(news::schema::id_term(id))));
    return news::payload::decode(db.get_document(*posting).get_data()).title;
}

} // namespace

BOOST_AUTO_TEST_SUITE(index_writer)

BOOST_AUTO_TEST_CASE(creates_a_stamped_database) {
    news::test::TempDir dir;
    {
        IndexWriter writer(options_for(dir / "db"));
        BOOST_TEST(writer.stemmer() == "english");
        BOOST_TEST(writer.doc_count() == 0U);
        writer.commit();
    }
    const Xapian::Database db(dir / "db");
    BOOST_TEST(db.get_metadata("news.schema_version") == std::to_string(news::schema::version));
    BOOST_TEST(db.get_metadata("news.stemmer") == "english");
}

BOOST_AUTO_TEST_CASE(writes_the_facet_slot_counts_at_commit) {
    news::test::TempDir dir;
    {
        IndexWriter writer(options_for(dir / "db"));
        Article a = article("a");
        a.authors = {"Jane Doe", "John Roe"};
        a.categories = {"world"};
        writer.add(a);
        Article b = article("b");
        b.authors = {"Solo Writer"};
        writer.add(b);
        writer.commit();
    }
    const Xapian::Database db(dir / "db");
    BOOST_TEST(db.get_metadata("news.facet_slots.author") == "2");
    BOOST_TEST(db.get_metadata("news.facet_slots.category") == "1");
}

BOOST_AUTO_TEST_CASE(facet_slot_counts_never_shrink_across_runs) {
    news::test::TempDir dir;
    {
        IndexWriter writer(options_for(dir / "db"));
        Article a = article("a");
        a.authors = {"Jane Doe", "John Roe", "Ann Lee"};
        writer.add(a);
        writer.commit();
    }
    {
        IndexWriter writer(options_for(dir / "db"));
        Article b = article("b");
        b.authors = {"Solo Writer"};
        writer.add(b);
        writer.commit();
    }
    BOOST_TEST(Xapian::Database(dir / "db").get_metadata("news.facet_slots.author") == "3");
}

BOOST_AUTO_TEST_CASE(a_new_id_is_added) {
    news::test::TempDir dir;
    IndexWriter writer(options_for(dir / "db"));
    BOOST_TEST((writer.add(article("a")) == AddOutcome::Added));
    BOOST_TEST((writer.add(article("b")) == AddOutcome::Added));
    BOOST_TEST(writer.doc_count() == 2U);
}

BOOST_AUTO_TEST_CASE(re_adding_an_id_in_a_later_run_replaces_the_document) {
    news::test::TempDir dir;
    {
        IndexWriter writer(options_for(dir / "db"));
        writer.add(article("a", "First version"));
        writer.add(article("b"));
        writer.commit();
    }
    {
        IndexWriter writer(options_for(dir / "db"));
        BOOST_TEST((writer.add(article("a", "Second version")) == AddOutcome::Replaced));
        BOOST_TEST(writer.doc_count() == 2U);
        writer.commit();
    }
    BOOST_TEST(committed_count(dir / "db") == 2U);
    BOOST_TEST(committed_title(dir / "db", "a") == "Second version");
}

BOOST_AUTO_TEST_CASE(re_adding_an_id_in_the_same_run_is_a_duplicate_and_the_later_wins) {
    news::test::TempDir dir;
    {
        IndexWriter writer(options_for(dir / "db"));
        BOOST_TEST((writer.add(article("a", "First version")) == AddOutcome::Added));
        BOOST_TEST((writer.add(article("a", "Second version")) == AddOutcome::Duplicate));
        BOOST_TEST(writer.doc_count() == 1U);
        writer.commit();
    }
    BOOST_TEST(committed_title(dir / "db", "a") == "Second version");
}

BOOST_AUTO_TEST_CASE(a_replaced_id_added_again_in_the_same_run_is_a_duplicate) {
    news::test::TempDir dir;
    {
        IndexWriter writer(options_for(dir / "db"));
        writer.add(article("a"));
        writer.commit();
    }
    IndexWriter writer(options_for(dir / "db"));
    BOOST_TEST((writer.add(article("a", "A changed title")) == AddOutcome::Replaced));
    BOOST_TEST((writer.add(article("a")) == AddOutcome::Duplicate));
    BOOST_TEST(writer.doc_count() == 1U);
}

BOOST_AUTO_TEST_CASE(an_unchanged_article_is_not_rewritten) {
    news::test::TempDir dir;
    {
        IndexWriter writer(options_for(dir / "db"));
        writer.add(article("a"));
        writer.commit();
    }
    const auto revision = Xapian::Database(dir / "db").get_revision();
    {
        IndexWriter writer(options_for(dir / "db"));
        BOOST_TEST((writer.add(article("a")) == AddOutcome::Unchanged));
        BOOST_TEST(writer.uncommitted() == 0U);
        BOOST_TEST((writer.add(article("a", "Now changed")) == AddOutcome::Duplicate));
        writer.commit();
    }
    BOOST_TEST(Xapian::Database(dir / "db").get_revision() > revision);
    BOOST_TEST(committed_title(dir / "db", "a") == "Now changed");
}

BOOST_AUTO_TEST_CASE(a_full_batch_is_committed_and_visible_to_a_separate_reader) {
    news::test::TempDir dir;
    IndexWriter writer(options_for(dir / "db", 2));
    writer.add(article("a"));
    BOOST_TEST(writer.uncommitted() == 1U);
    writer.add(article("b"));
    BOOST_TEST(writer.uncommitted() == 0U);
    BOOST_TEST(committed_count(dir / "db") == 2U);

    writer.add(article("c"));
    BOOST_TEST(writer.uncommitted() == 1U);
    BOOST_TEST(writer.doc_count() == 3U);
    BOOST_TEST(committed_count(dir / "db") == 2U);

    writer.commit();
    BOOST_TEST(writer.uncommitted() == 0U);
    BOOST_TEST(committed_count(dir / "db") == 3U);
}

BOOST_AUTO_TEST_CASE(a_batch_size_of_zero_commits_every_article) {
    news::test::TempDir dir;
    IndexWriter writer(options_for(dir / "db", 0));
    writer.add(article("a"));
    BOOST_TEST(writer.uncommitted() == 0U);
    BOOST_TEST(committed_count(dir / "db") == 1U);
}

BOOST_AUTO_TEST_CASE(a_second_writer_on_the_same_path_is_locked_out) {
    news::test::TempDir dir;
    IndexWriter first(options_for(dir / "db"));
    BOOST_CHECK_EXCEPTION(IndexWriter{options_for(dir / "db")}, news::Error,
                          [](const news::Error& e) {
                              return e.kind() == news::ErrorKind::Locked && !e.hint().empty();
                          });
}

BOOST_AUTO_TEST_CASE(opening_a_database_with_another_stemmer_is_incompatible) {
    news::test::TempDir dir;
    {
        IndexWriter writer(options_for(dir / "db"));
        writer.add(article("a"));
        writer.commit();
    }
    WriterOptions german = options_for(dir / "db");
    german.stemmer = "german";
    BOOST_CHECK_EXCEPTION(IndexWriter{german}, news::Error, [](const news::Error& e) {
        return e.kind() == news::ErrorKind::Incompatible &&
               e.hint().find("--overwrite") != std::string::npos;
    });
    // Naming the database's own stemmer, or none, is fine.
    WriterOptions english = options_for(dir / "db");
    english.stemmer = "english";
    const std::string named = IndexWriter(english).stemmer();
    BOOST_TEST(named == "english");
    const std::string unnamed = IndexWriter(options_for(dir / "db")).stemmer();
    BOOST_TEST(unnamed == "english");
}

BOOST_AUTO_TEST_CASE(a_new_database_takes_the_requested_stemmer) {
    news::test::TempDir dir;
    WriterOptions options = options_for(dir / "db");
    options.stemmer = "german";
    {
        IndexWriter writer(options);
        BOOST_TEST(writer.stemmer() == "german");
        writer.commit();
    }
    BOOST_TEST(Xapian::Database(dir / "db").get_metadata("news.stemmer") == "german");
    // Reopened without a stemmer, the database keeps its own.
    const std::string reopened = IndexWriter(options_for(dir / "db")).stemmer();
    BOOST_TEST(reopened == "german");
}

BOOST_AUTO_TEST_CASE(an_unknown_stemmer_for_a_new_database_is_a_usage_error) {
    news::test::TempDir dir;
    WriterOptions options = options_for(dir / "db");
    options.stemmer = "klingon";
    BOOST_CHECK_EXCEPTION(IndexWriter{options}, news::Error, has_kind(news::ErrorKind::Usage));
}

BOOST_AUTO_TEST_CASE(a_database_with_documents_but_no_schema_is_incompatible) {
    news::test::TempDir dir;
    {
        Xapian::WritableDatabase raw(dir / "db", Xapian::DB_CREATE);
        raw.add_document(Xapian::Document());
        raw.commit();
    }
    BOOST_CHECK_EXCEPTION(IndexWriter{options_for(dir / "db")}, news::Error,
                          has_kind(news::ErrorKind::Incompatible));
}

BOOST_AUTO_TEST_CASE(overwrite_starts_from_an_empty_database) {
    news::test::TempDir dir;
    {
        IndexWriter writer(options_for(dir / "db"));
        writer.add(article("a"));
        writer.commit();
    }
    WriterOptions options = options_for(dir / "db");
    options.overwrite = true;
    options.stemmer = "german"; // another language is fine once the old index is gone
    IndexWriter writer(options);
    BOOST_TEST(writer.doc_count() == 0U);
    BOOST_TEST(writer.stemmer() == "german");
    BOOST_TEST((writer.add(article("a")) == AddOutcome::Added));
}

BOOST_AUTO_TEST_CASE(a_path_that_is_a_file_cannot_be_created) {
    news::test::TempDir dir;
    const std::string file = dir.write("not-a-db", "plain file");
    BOOST_CHECK_EXCEPTION(IndexWriter{options_for(file)}, news::Error,
                          has_kind(news::ErrorKind::CannotCreate));
}

// A run that ends by an error keeps exactly its committed batches: Xapian's destructor would
// commit the open one, so the writer cancels it.
BOOST_AUTO_TEST_CASE(articles_added_after_the_last_commit_are_lost_without_commit) {
    news::test::TempDir dir;
    {
        IndexWriter writer(options_for(dir / "db"));
        writer.add(article("a"));
        writer.commit();
        writer.add(article("b"));
    }
    BOOST_TEST(committed_count(dir / "db") == 1U);
}

BOOST_AUTO_TEST_CASE(language_aliases_name_the_same_stemmer) {
    const news::test::TempDir dir;
    news::indexer::WriterOptions options;
    options.path = dir / "db";
    options.stemmer = "en";
    {
        news::indexer::IndexWriter writer(options);
        BOOST_TEST(writer.stemmer() == "english");
        writer.commit();
    }
    options.stemmer = "english";
    news::indexer::IndexWriter again(options);
    BOOST_TEST(again.stemmer() == "english");
}

BOOST_AUTO_TEST_CASE(a_batch_also_ends_when_its_articles_reach_batch_bytes) {
    news::test::TempDir dir;
    WriterOptions options = options_for(dir / "db", 1000);
    options.batch_bytes = 1; // every article fills a batch
    IndexWriter writer(options);
    writer.add(article("a"));
    BOOST_TEST(committed_count(dir / "db") == 1U);
    writer.add(article("b"));
    BOOST_TEST(committed_count(dir / "db") == 2U);
    BOOST_TEST(writer.uncommitted() == 0U);
}

BOOST_AUTO_TEST_CASE(a_new_or_overwritten_database_is_fresh_an_updated_one_is_not) {
    news::test::TempDir dir;
    {
        IndexWriter writer(options_for(dir / "db"));
        BOOST_TEST(writer.fresh());
        writer.add(article("a"));
        writer.commit();
    }
    {
        const IndexWriter writer(options_for(dir / "db"));
        BOOST_TEST(!writer.fresh());
    }
    WriterOptions overwrite = options_for(dir / "db");
    overwrite.overwrite = true;
    const IndexWriter writer(overwrite);
    BOOST_TEST(writer.fresh());
}

BOOST_AUTO_TEST_CASE(a_fresh_database_tells_duplicates_from_itself_across_commits) {
    news::test::TempDir dir;
    IndexWriter writer(options_for(dir / "db", 2));
    BOOST_TEST((writer.add(article("a")) == AddOutcome::Added));
    BOOST_TEST((writer.add(article("b")) == AddOutcome::Added)); // commits
    BOOST_TEST((writer.add(article("a", "Later")) == AddOutcome::Duplicate));
    BOOST_TEST((writer.add(article("c")) == AddOutcome::Added));
    BOOST_TEST((writer.add(article("c", "Later")) == AddOutcome::Duplicate)); // uncommitted
    writer.commit();
    BOOST_TEST(committed_count(dir / "db") == 3U);
    BOOST_TEST(committed_title(dir / "db", "a") == "Later");
    BOOST_TEST(writer.prune_unseen().empty());
}

BOOST_AUTO_TEST_CASE(the_memory_budget_is_shared_out_by_fixed_fractions) {
    const auto budget = news::indexer::memory_budget(std::size_t{256} << 20U);
    BOOST_TEST(budget.in_flight_bytes == std::size_t{32} << 20U);
    BOOST_TEST(budget.writer_batch_bytes == std::size_t{16} << 20U);
    BOOST_TEST(budget.duplicate_table_bytes == std::size_t{8} << 20U);
    BOOST_TEST(budget.story_bytes == std::size_t{16} << 20U);
    BOOST_TEST(news::indexer::writer_batch_bytes(budget, 2) == std::size_t{1} << 20U);
    const auto small = news::indexer::memory_budget(std::size_t{16} << 20U);
    BOOST_TEST(news::indexer::writer_batch_bytes(small, 2) == std::size_t{512} << 10U);
}

BOOST_AUTO_TEST_SUITE_END()
