/// @file
/// @brief Unit tests: facet columns (the side file facets are counted from) give the counts the
/// value slots give, and are refused whenever they might not describe the database.
#include "news/common/facet_columns.hpp"
#include "news/common/schema.hpp"
#include "news/indexer/index_writer.hpp"
#include "news/searcher/facets.hpp"

#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace columns = news::facet_columns;
using news::searcher::FacetCounter;
using news::searcher::FacetCounts;
using Strings = std::vector<std::string>;

news::Article article(std::string id, std::string source, Strings authors, Strings categories,
                      std::string body = "Ukraine missiles.") {
    news::Article a;
    a.id = std::move(id);
    a.title = "A title";
    a.body = std::move(body);
    a.source = std::move(source);
    a.authors = std::move(authors);
    a.categories = std::move(categories);
    a.date = news::Date{2024, 11, 17};
    return a;
}

// A database with single- and multi-valued facets, spellings that merge, a document with one
// author in two slots (another tool's: news-index names an author once), and a deleted article
// (a gap in the document ids).
struct FacetDb {
    news::test::TempDir dir;
    std::string path = dir / "db";

    FacetDb() {
        news::indexer::WriterOptions options;
        options.path = path;
        news::indexer::IndexWriter writer(options);
        writer.add(article("a1", "Reuters", {"Ann Lee", "Bo Chan"}, {"war", "europe"}));
        writer.add(article("a2", "reuters", {"Ann Lee"}, {"war"}));
        writer.add(article("a3", "CNN", {"Cy Dee"}, {}, "Missiles fall."));
        writer.add(article("gone", "AP", {"Di Eve"}, {"europe"}));
        writer.add(article("a5", "AP", {}, {"sport", "war", "europe"}, "Football."));
        writer.commit();
        BOOST_TEST_REQUIRE(writer.remove("gone"));
        writer.commit();
        writer.close();
        Xapian::WritableDatabase db(path);
        Xapian::Document doc;
        doc.add_term("Zmissil");
        doc.add_value(news::schema::AuthorBase, "Cy Dee");
        doc.add_value(news::schema::AuthorBase + 1, "Cy Dee");
        db.add_document(doc);
        db.commit();
    }
};

// Every facet field.
Strings every_facet() {
    Strings names;
    for (const auto& field : news::schema::facet_fields()) {
        names.emplace_back(field.name);
    }
    return names;
}

// "name seen: value=count ..." for each facet, counted over @p query.
std::string counted(const Xapian::Database& db, const columns::Columns* with,
                    const Xapian::Query& query) {
    FacetCounter counter(db, every_facet(), news::searcher::FacetUnit::Articles, with);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    counter.attach(enquire);
    static_cast<void>(enquire.get_mset(0, 10, db.get_doccount()));
    std::ostringstream out;
    for (const FacetCounts& counts : counter.results(0)) {
        out << counts.name << ' ' << counts.seen << ':';
        for (const auto& v : counts.values) {
            out << ' ' << v.value << '=' << v.count;
        }
        out << '\n';
    }
    return out.str();
}

std::string columns_file(const std::string& path) {
    return (fs::path(path) / columns::file_name(Xapian::Database(path).get_revision())).string();
}

} // namespace

BOOST_AUTO_TEST_SUITE(facet_columns)

BOOST_AUTO_TEST_CASE(columns_give_the_counts_of_the_value_slots) {
    const FacetDb fixture;
    BOOST_TEST(columns::write(fixture.path) > 0);
    const Xapian::Database db(fixture.path);
    std::string why_not;
    const auto read = columns::Columns::open(fixture.path, db, why_not);
    BOOST_TEST_REQUIRE(read != nullptr, why_not);
    for (const auto& query : {Xapian::Query::MatchAll, Xapian::Query("Zmissil"),
                              Xapian::Query("Zfootbal"), Xapian::Query("nothing")}) {
        const std::string from_slots = counted(db, nullptr, query);
        BOOST_TEST(counted(db, read.get(), query) == from_slots, query.get_description());
    }
    // What the comparison compares: merged spellings, an author counted once per slot.
    const std::string all = counted(db, read.get(), Xapian::Query::MatchAll);
    BOOST_TEST(all.find("source 5: Reuters=2 AP=1 CNN=1\n") != std::string::npos, all);
    BOOST_TEST(all.find("Cy Dee=3") != std::string::npos, all);
    BOOST_TEST(all.find("Di Eve") == std::string::npos, all); // deleted
}

BOOST_AUTO_TEST_CASE(a_database_without_columns_is_counted_without_a_word) {
    const FacetDb fixture;
    std::string why_not = "unset";
    BOOST_TEST(columns::Columns::open(fixture.path, Xapian::Database(fixture.path), why_not) ==
               nullptr);
    BOOST_TEST(why_not.empty());
}

BOOST_AUTO_TEST_CASE(columns_of_an_older_revision_are_not_used) {
    const FacetDb fixture;
    (void)columns::write(fixture.path);
    const Xapian::rev written = Xapian::Database(fixture.path).get_revision();
    {
        // Another tool adds an article.
        Xapian::WritableDatabase db(fixture.path);
        Xapian::Document doc;
        doc.add_value(news::schema::Source, "BBC");
        db.add_document(doc);
        db.commit();
    }
    const Xapian::Database db(fixture.path);
    std::string why_not;
    BOOST_TEST(columns::Columns::open(fixture.path, db, why_not) == nullptr);
    BOOST_TEST(why_not == "the facet columns describe revision " + std::to_string(written) +
                              " of the database, which is now at revision " +
                              std::to_string(written + 1) +
                              " (changed since news-index last wrote them)");
    // Writing them again replaces the old file.
    (void)columns::write(fixture.path);
    BOOST_TEST(columns::Columns::open(fixture.path, db, why_not) != nullptr, why_not);
    BOOST_TEST(!fs::exists(fs::path(fixture.path) / columns::file_name(written)));
}

BOOST_AUTO_TEST_CASE(a_damaged_or_truncated_file_is_not_used) {
    const FacetDb fixture;
    (void)columns::write(fixture.path);
    const std::string file = columns_file(fixture.path);
    const auto size = fs::file_size(file);
    {
        std::fstream damage(file, std::ios::in | std::ios::out | std::ios::binary);
        damage.seekp(static_cast<std::streamoff>(size / 2));
        damage.put('\x7f');
    }
    const Xapian::Database db(fixture.path);
    std::string why_not;
    {
        // Each column is checked when first used: the damaged one is not, and the counts are
        // those of the value slots.
        const auto read = columns::Columns::open(fixture.path, db, why_not);
        BOOST_TEST_REQUIRE(read != nullptr, why_not);
        const std::string from_slots = counted(db, nullptr, Xapian::Query::MatchAll);
        BOOST_TEST(counted(db, read.get(), Xapian::Query::MatchAll) == from_slots);
        BOOST_TEST(read->damage().find("is damaged (the column of ") != std::string::npos,
                   read->damage());
        BOOST_TEST(read->damage().find(": checksum mismatch)") != std::string::npos,
                   read->damage());
    }
    fs::resize_file(file, size - 20);
    BOOST_TEST(columns::Columns::open(fixture.path, db, why_not) == nullptr);
    BOOST_TEST(why_not.find("is damaged (truncated)") != std::string::npos, why_not);
    fs::resize_file(file, 10);
    BOOST_TEST(columns::Columns::open(fixture.path, db, why_not) == nullptr);
    BOOST_TEST(why_not.find("is damaged (too short)") != std::string::npos, why_not);
    fs::resize_file(file, 0);
    BOOST_TEST(columns::Columns::open(fixture.path, db, why_not) == nullptr);
    BOOST_TEST(why_not.find("cannot be read") != std::string::npos, why_not);
}

BOOST_AUTO_TEST_CASE(another_databases_columns_are_not_used) {
    const FacetDb first;
    const FacetDb second; // same revision, same last document id, another UUID
    (void)columns::write(first.path);
    fs::copy_file(columns_file(first.path), columns_file(second.path));
    std::string why_not;
    BOOST_TEST(columns::Columns::open(second.path, Xapian::Database(second.path), why_not) ==
               nullptr);
    BOOST_TEST(why_not.find("does not describe this database") != std::string::npos, why_not);
}

BOOST_AUTO_TEST_CASE(writing_removes_older_files_and_temporaries_of_stopped_writers) {
    const FacetDb fixture;
    const fs::path folder(fixture.path);
    const Xapian::rev revision = Xapian::Database(fixture.path).get_revision();
    std::ofstream(folder / columns::file_name(revision - 1)) << "old";
    std::ofstream(folder / ".facet-columns.tmp.2147483647") << "left by a killed run";
    std::ofstream(folder / "facet-columns.notes") << "not ours to remove";
    (void)columns::write(fixture.path);
    Strings names;
    for (const auto& entry : fs::directory_iterator(folder)) {
        const std::string name = entry.path().filename().string();
        if (name.find("facet-columns") != std::string::npos) {
            names.push_back(name);
        }
    }
    std::sort(names.begin(), names.end());
    BOOST_TEST(names == (Strings{columns::file_name(revision), "facet-columns.notes"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
