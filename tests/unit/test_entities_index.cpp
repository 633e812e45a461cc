/// @file
/// @brief Unit tests: named entities in the index and the searcher, with a test EntityFinder
/// (so nothing depends on what the built-in extractor finds): tidy_entities, the document's
/// terms, slots and payload, the unchanged-article skip, facet merging and the filter round trip.
#include "news/common/payload.hpp"
#include "news/common/schema.hpp"
#include "news/indexer/article_document.hpp"
#include "news/indexer/entity_finder.hpp"
#include "news/indexer/index_writer.hpp"
#include "news/searcher/search.hpp"
#include "news/searcher/show.hpp"

#include "support/temp_dir.hpp"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

using news::Article;
using news::NamedEntities;
using Strings = std::vector<std::string>;

// Entities by title: what a test says each article names.
class TableFinder final : public news::indexer::EntityFinder {
public:
    explicit TableFinder(std::map<std::string, NamedEntities> table) : m_table(std::move(table)) {}
    [[nodiscard]] NamedEntities find(std::string_view title, std::string_view /*body*/,
                                     std::string_view /*dateline*/) const override {
        const auto it = m_table.find(std::string(title));
        return it == m_table.end() ? NamedEntities{} : it->second;
    }

private:
    std::map<std::string, NamedEntities> m_table;
};

Article article(const std::string& id, const std::string& title) {
    Article a;
    a.id = id;
    a.title = title;
    a.body = "Body of " + title + ".";
    return a;
}

std::shared_ptr<const news::indexer::EntityFinder> corpus_finder() {
    return std::make_shared<const TableFinder>(std::map<std::string, NamedEntities>{
        {"one", {{"Donald Trump"}, {"North Korea"}, {"NATO"}}},
        {"two", {{"Trump"}, {"Korea"}, {}}},
        {"three", {{"Donald  Trump", "Trump"}, {"South Korea"}, {}}},
        {"four", {{"Ivanka Trump"}, {"North Chicago", "Chicago"}, {"Thomson Reuters"}}},
        {"five", {{"Donald Trump"}, {"Chicago"}, {"Reuters"}}},
    });
}

struct EntityDb {
    news::test::TempDir dir;
    std::string path = dir / "db";
    EntityDb() {
        news::indexer::WriterOptions options;
        options.path = path;
        options.entities = true;
        options.entity_finder = corpus_finder();
        news::indexer::IndexWriter writer(options);
        for (const auto* title : {"one", "two", "three", "four", "five"}) {
            (void)writer.add(article(std::string("id-") + title, title));
        }
        writer.commit();
    }
};

std::map<std::string, Xapian::doccount> facet(const std::string& path, const std::string& name) {
    news::searcher::Searcher searcher(path);
    news::searcher::SearchRequest request;
    request.query.text = "body";
    request.facets = {name};
    request.facet_limit = 0;
    request.limit = 0;
    std::map<std::string, Xapian::doccount> out;
    const auto result = searcher.search(request); // kept: the loop reads into it
    for (const auto& value : result.facets.at(0).values) {
        out[value.value] = value.count;
    }
    return out;
}

Xapian::doccount filtered(const std::string& path, const std::string& name,
                          const std::string& value) {
    news::searcher::Searcher searcher(path);
    news::searcher::SearchRequest request;
    request.query.text = "body";
    request.query.filters = {{name, value}};
    request.limit = 0;
    return searcher.search(request).total.estimate;
}

struct TidyRow {
    Strings given;
    Strings kept;
};

std::ostream& operator<<(std::ostream& out, const TidyRow& row) {
    for (const auto& v : row.given) {
        out << v << "|";
    }
    return out;
}

const std::vector<TidyRow> tidy_rows{
    {{"Donald Trump", "Trump"}, {"Donald Trump"}},
    {{"Trump", "Donald Trump"}, {"Donald Trump"}},
    {{"  Joe   Biden ", "joe biden", "JOE BIDEN"}, {"Joe Biden"}},
    {{"", " "}, {}},
    {{"Korea", "North Korea", "South Korea"}, {"North Korea", "South Korea"}},
    {{"Biden", "Trump"}, {"Biden", "Trump"}},
    {{"Trumpet", "Donald Trump"}, {"Trumpet", "Donald Trump"}},
};

} // namespace

BOOST_AUTO_TEST_SUITE(entities_index)

BOOST_DATA_TEST_CASE(tidy_keeps_each_value_once_and_drops_a_last_word_beside_its_full_name,
                     boost::unit_test::data::make(tidy_rows), row) {
    const NamedEntities tidy = news::indexer::tidy_entities(NamedEntities{row.given, {}, {}});
    BOOST_TEST(tidy.person == row.kept, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(tidy_keeps_a_place_or_organisation_beside_a_longer_one) {
    const NamedEntities tidy = news::indexer::tidy_entities(NamedEntities{
        {"Trump", "Donald Trump"}, {"Chicago", "North Chicago"}, {"Reuters", "Thomson Reuters"}});
    BOOST_TEST(tidy.person == Strings{"Donald Trump"}, boost::test_tools::per_element());
    BOOST_TEST(tidy.place == (Strings{"Chicago", "North Chicago"}),
               boost::test_tools::per_element());
    BOOST_TEST(tidy.org == (Strings{"Reuters", "Thomson Reuters"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_document_has_the_entity_terms_slots_words_and_payload) {
    Article a = article("x", "one");
    const auto pending = news::indexer::pending_article(a);
    news::indexer::DocumentBuilder builder(Xapian::Stem("english"), nullptr, corpus_finder());
    const Xapian::Document doc = news::indexer::article_document(a, pending, builder);
    const auto has = [&](const std::string& term) {
        auto it = doc.termlist_begin();
        it.skip_to(term);
        return it != doc.termlist_end() && *it == term;
    };
    BOOST_TEST(has("XEPERSONdonald trump"));
    BOOST_TEST(has("XEPLACEnorth korea"));
    BOOST_TEST(has("XEORGnato"));
    BOOST_TEST(has("XENPdonald"));
    BOOST_TEST(has("XENPtrump"));
    BOOST_TEST(has("XENLkorea"));
    BOOST_TEST(doc.get_value(news::schema::EntityPersonBase) == "Donald Trump");
    BOOST_TEST(doc.get_value(news::schema::EntityPlaceBase) == "North Korea");
    BOOST_TEST(doc.get_value(news::schema::EntityOrgBase) == "NATO");
    const Article stored = news::payload::decode(doc.get_data());
    BOOST_TEST(stored.entities.person == Strings{"Donald Trump"});
    // The fingerprint is the one computed before extraction: an unchanged article skips.
    BOOST_TEST(doc.get_value(news::schema::ContentHash) == pending.fingerprint);
    BOOST_TEST(a.entities.org == Strings{"NATO"});
}

BOOST_AUTO_TEST_CASE(without_a_finder_the_document_has_no_entities) {
    Article a = article("x", "one");
    const auto pending = news::indexer::pending_article(a);
    news::indexer::DocumentBuilder builder(Xapian::Stem("english"));
    const Xapian::Document doc = news::indexer::article_document(a, pending, builder);
    BOOST_TEST(doc.get_value(news::schema::EntityPersonBase).empty());
    BOOST_TEST(doc.get_data().find("entities") == std::string::npos);
    BOOST_TEST(a.entities.empty());
}

BOOST_AUTO_TEST_CASE(an_unchanged_article_is_skipped_with_entities_on) {
    EntityDb db;
    news::indexer::WriterOptions options;
    options.path = db.path;
    options.entity_finder = corpus_finder();
    news::indexer::IndexWriter writer(options);
    BOOST_TEST((writer.add(article("id-one", "one")) == news::indexer::AddOutcome::Unchanged));
    BOOST_TEST(writer.entities().value_or(false));
}

BOOST_AUTO_TEST_CASE(a_lone_surname_counts_under_the_dominant_full_name) {
    EntityDb db;
    const auto people = facet(db.path, "entity.person");
    // one, three, five say Donald Trump; two says Trump; four Ivanka Trump: 3 against 1.
    BOOST_TEST(people.size() == 2U);
    BOOST_TEST(people.at("Donald Trump") == 4U);
    BOOST_TEST(people.at("Ivanka Trump") == 1U);
    // Korea: North Korea and South Korea, one each: no merge.
    const auto places = facet(db.path, "entity.place");
    BOOST_TEST(places.at("Korea") == 1U);
    BOOST_TEST(places.at("North Korea") == 1U);
    BOOST_TEST(places.at("South Korea") == 1U);
    // Places and organisations never merge: Chicago is not North Chicago, even where the longer
    // value is the only one ending in the word, and both stay in the article that has both.
    BOOST_TEST(places.at("Chicago") == 2U);
    BOOST_TEST(places.at("North Chicago") == 1U);
    const auto orgs = facet(db.path, "entity.org");
    BOOST_TEST(orgs.at("Reuters") == 1U);
    BOOST_TEST(orgs.at("Thomson Reuters") == 1U);
}

BOOST_AUTO_TEST_CASE(a_filter_on_a_shown_value_matches_exactly_its_count) {
    EntityDb db;
    for (const auto* name : {"entity.person", "entity.place", "entity.org"}) {
        for (const auto& [value, count] : facet(db.path, name)) {
            BOOST_TEST(filtered(db.path, name, value) == count, name << "=" << value);
        }
    }
    BOOST_TEST(filtered(db.path, "entity.person", "trump") == 4U);
    BOOST_TEST(filtered(db.path, "entity.person", "nobody") == 0U);
}

BOOST_AUTO_TEST_CASE(person_place_and_org_search_the_names_as_fields_with_phrases) {
    EntityDb db;
    news::searcher::Searcher searcher(db.path);
    const auto total = [&](const std::string& text) {
        news::searcher::SearchRequest request;
        request.query.text = text;
        request.limit = 0;
        return searcher.search(request).total.estimate;
    };
    BOOST_TEST(total("person:\"donald trump\"") == 3U);
    BOOST_TEST(total("person:trump") == 5U);
    BOOST_TEST(total("place:korea") == 3U);
    BOOST_TEST(total("org:nato") == 1U);
    BOOST_TEST(total("person:nato") == 0U);
}

BOOST_AUTO_TEST_CASE(show_reads_the_entities_and_wraps_the_text) {
    EntityDb db;
    const Xapian::Database xdb(db.path);
    const auto shown = news::searcher::show_article(xdb, "id-one");
    BOOST_TEST(shown.entities_extracted);
    BOOST_TEST(shown.article.entities.place == Strings{"North Korea"});
    const std::string text = news::searcher::render_show_text(shown, 40);
    BOOST_TEST(text.find("person:   Donald Trump") != std::string::npos, text);
    BOOST_TEST(text.find("Body of one.") != std::string::npos, text);
}

BOOST_AUTO_TEST_SUITE_END()
