/// @file
/// @brief Unit tests: facets (FacetCounter over single- and multi-valued fields).
#include "news/common/error.hpp"
#include "news/indexer/index_writer.hpp"
#include "news/readers/reader.hpp"
#include "news/searcher/facets.hpp"

#include "sample_db.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using news::Article;
using news::searcher::FacetCounter;
using news::searcher::FacetCounts;
using Strings = std::vector<std::string>;

auto has_kind(news::ErrorKind kind) {
    return [kind](const news::Error& e) { return e.kind() == kind; };
}

Article article(std::string id, std::string source, Strings authors = {}) {
    Article a;
    a.id = std::move(id);
    a.body = "Ukraine missiles.";
    a.source = std::move(source);
    a.authors = std::move(authors);
    return a;
}

// A database in a temp folder holding @p articles.
struct Db {
    news::test::TempDir dir;
    std::string path = dir / "db";

    explicit Db(const std::vector<Article>& articles) {
        news::indexer::WriterOptions options;
        options.path = path;
        news::indexer::IndexWriter writer(options);
        for (const auto& a : articles) {
            writer.add(a);
        }
        writer.commit();
    }
};

using news::test::sample_db;

// Counts @p names over the matches of @p query (all documents by default).
std::vector<FacetCounts> count(const std::string& path, const Strings& names, std::size_t limit = 0,
                               const Xapian::Query& query = Xapian::Query::MatchAll) {
    const Xapian::Database db(path);
    FacetCounter counter(db, names);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    counter.attach(enquire);
    static_cast<void>(enquire.get_mset(0, 10, db.get_doccount()));
    return counter.results(limit);
}

// "value=count value=count ..." for compact comparisons.
std::string listing(const FacetCounts& counts) {
    std::ostringstream out;
    for (const auto& v : counts.values) {
        out << (out.tellp() > 0 ? " " : "") << v.value << '=' << v.count;
    }
    return out.str();
}

} // namespace

BOOST_AUTO_TEST_SUITE(facets)

BOOST_AUTO_TEST_CASE(counts_the_sample_corpus_metadata_that_was_stated) {
    const auto counts =
        count(sample_db(), {"source", "author", "date.year", "date.month", "date.day"});
    BOOST_TEST_REQUIRE(counts.size() == 5U);
    BOOST_TEST(counts[0].name == "source");
    BOOST_TEST(listing(counts[0]) == "The Postmillennial=1");
    BOOST_TEST(listing(counts[1]) == "Hayden Cunningham=1");
    BOOST_TEST(listing(counts[2]) == "2024=1");
    BOOST_TEST(listing(counts[3]) == "2024-11=1");
    BOOST_TEST(listing(counts[4]) == "2024-11-18=1");
    for (const auto& facet : counts) {
        BOOST_TEST(facet.seen == 5U, facet.name);
    }
}

BOOST_AUTO_TEST_CASE(an_article_with_two_authors_counts_once_for_each) {
    const Db db({article("a", "Reuters", {"Jane Doe", "John Roe"}),
                 article("b", "AP", {"Jane Doe"}), article("c", "BBC", {"Ann Lee", "jane DOE"})});
    const auto counts = count(db.path, {"author"});
    BOOST_TEST_REQUIRE(counts.size() == 1U);
    BOOST_TEST(listing(counts[0]) == "Jane Doe=3 Ann Lee=1 John Roe=1");
    BOOST_TEST(counts[0].distinct == 3U);
    BOOST_TEST(counts[0].seen == 3U);
}

BOOST_AUTO_TEST_CASE(case_variants_merge_into_one_value_with_the_summed_count) {
    const Db db({article("a", "Reuters"), article("b", "REUTERS")});
    const auto counts = count(db.path, {"source"});
    BOOST_TEST_REQUIRE(counts[0].values.size() == 1U);
    BOOST_TEST(counts[0].values[0].count == 2U);
    // A tie between spellings goes to the first in byte order.
    BOOST_TEST(counts[0].values[0].value == "REUTERS");
}

BOOST_AUTO_TEST_CASE(merged_values_show_their_most_frequent_spelling) {
    const Db db({article("a", "Reuters"), article("b", "REUTERS"), article("c", " Reuters  "),
                 article("d", "reuters")});
    const auto counts = count(db.path, {"source"});
    BOOST_TEST(listing(counts[0]) == "Reuters=4");
}

BOOST_AUTO_TEST_CASE(values_are_ordered_by_count_then_by_value) {
    const Db db({article("a", "Reuters"), article("b", "BBC"), article("c", "AP"),
                 article("d", "Reuters"), article("e", "CNN"), article("f", "CNN"),
                 article("g", "Reuters")});
    const auto counts = count(db.path, {"source"});
    BOOST_TEST(listing(counts[0]) == "Reuters=3 CNN=2 AP=1 BBC=1");
    BOOST_TEST(counts[0].distinct == 4U);
}

BOOST_AUTO_TEST_CASE(limit_keeps_the_top_values_and_reports_how_many_there_were) {
    const Db db({article("a", "Reuters"), article("b", "BBC"), article("c", "AP"),
                 article("d", "Reuters")});
    const auto limited = count(db.path, {"source"}, 2);
    BOOST_TEST(listing(limited[0]) == "Reuters=2 AP=1");
    BOOST_TEST(limited[0].distinct == 3U);
    const auto all = count(db.path, {"source"}, 0);
    BOOST_TEST(all[0].values.size() == 3U);
}

BOOST_AUTO_TEST_CASE(counts_only_the_matching_articles) {
    Article other = article("z", "Reuters");
    other.body = "Zebra crossing.";
    const Db db({article("a", "Reuters"), article("b", "AP"), other});
    const auto counts = count(db.path, {"source"}, 0, Xapian::Query("Zzebra"));
    BOOST_TEST(listing(counts[0]) == "Reuters=1");
    BOOST_TEST(counts[0].seen == 1U);
}

BOOST_AUTO_TEST_CASE(a_facet_no_article_has_is_empty_but_sees_every_match) {
    const Db db({article("a", "Reuters"), article("b", "AP")});
    const auto counts = count(db.path, {"category", "language"});
    BOOST_TEST_REQUIRE(counts.size() == 2U);
    for (const auto& facet : counts) {
        BOOST_TEST(facet.values.empty(), facet.name);
        BOOST_TEST(facet.distinct == 0U, facet.name);
        BOOST_TEST(facet.seen == 2U, facet.name);
    }
}

BOOST_AUTO_TEST_CASE(a_facet_named_twice_is_counted_once) {
    const Db db({article("a", "Reuters")});
    const auto counts = count(db.path, {"source", "source"});
    BOOST_TEST_REQUIRE(counts.size() == 1U);
    BOOST_TEST(listing(counts[0]) == "Reuters=1");
}

BOOST_AUTO_TEST_CASE(an_unknown_facet_is_a_usage_error) {
    const Db db({article("a", "Reuters")});
    const Xapian::Database xdb(db.path);
    for (const char* name : {"outlet", "Source", "date", ""}) {
        BOOST_CHECK_EXCEPTION(FacetCounter(xdb, Strings{name}), news::Error,
                              [](const news::Error& e) {
                                  return e.kind() == news::ErrorKind::Usage &&
                                         e.hint().find("date.month") != std::string::npos;
                              });
    }
    BOOST_CHECK_EXCEPTION(FacetCounter(xdb, Strings{"source", "bogus"}), news::Error,
                          has_kind(news::ErrorKind::Usage));
}

BOOST_AUTO_TEST_SUITE_END()
