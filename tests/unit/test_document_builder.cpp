/// @file
/// @brief Unit tests: document_builder (terms, values, positions and payload of a document).
#include "news/common/error.hpp"
#include "news/common/payload.hpp"
#include "news/common/schema.hpp"
#include "news/common/stored_body.hpp"
#include "news/indexer/document_builder.hpp"

#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include <map>
#include <string>
#include <vector>

namespace {

using news::Article;
using news::indexer::DocumentBuilder;
namespace schema = news::schema;
using Strings = std::vector<std::string>;

Article sample_article() {
    Article a;
    a.id = "sample/004.txt";
    a.title = "Missiles approved for strikes";
    a.body = "North Korean troops were deployed. Officials fear more troops will follow.";
    a.date = news::Date{2024, 11, 18};
    a.source = "  The   Postmillennial ";
    a.authors = {"Hayden Cunningham", "Jane Doe", "hayden  CUNNINGHAM"};
    a.categories = {"World", "Politics"};
    a.url = "https://example.com/a";
    a.language = "en";
    return a;
}

// term -> wdf of every term of @p doc.
std::map<std::string, Xapian::termcount> terms_of(const Xapian::Document& doc) {
    std::map<std::string, Xapian::termcount> out;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        out[*it] = it.get_wdf();
    }
    return out;
}

std::vector<Xapian::termpos> positions_of(const Xapian::Document& doc, const std::string& term) {
    std::vector<Xapian::termpos> out;
    auto it = doc.termlist_begin();
    it.skip_to(term);
    if (it == doc.termlist_end() || *it != term) {
        return out;
    }
    for (auto pos = it.positionlist_begin(); pos != it.positionlist_end(); ++pos) {
        out.push_back(*pos);
    }
    return out;
}

// Builds @p article into an in-memory database and returns the number of matches of @p query.
Xapian::doccount matches(const Article& article, const Xapian::Query& query) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    DocumentBuilder builder(Xapian::Stem("english"));
    db.add_document(builder.build(article));
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    return enquire.get_mset(0, 10).size();
}

Xapian::Query phrase(const Strings& words) {
    return Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(),
                         static_cast<Xapian::termcount>(words.size()));
}

} // namespace

BOOST_AUTO_TEST_SUITE(document_builder)

BOOST_AUTO_TEST_CASE(has_the_id_and_url_terms) {
    DocumentBuilder builder(Xapian::Stem("english"));
    const auto terms = terms_of(builder.build(sample_article()));
    BOOST_TEST(terms.count("Qsample/004.txt") == 1U);
    BOOST_TEST(terms.count("Uhttps://example.com/a") == 1U);
}

BOOST_AUTO_TEST_CASE(has_prefixed_title_terms_and_stemmed_text_terms) {
    DocumentBuilder builder(Xapian::Stem("english"));
    const auto terms = terms_of(builder.build(sample_article()));
    for (const char* term :
         {"Smissiles", "Sapproved", "Sstrikes", "ZSmissil", "ZSapprov", "ZSstrike", "Zmissil",
          "Zdeploy", "Ztroop", "Zfollow", "north", "korean", "troops", "deployed"}) {
        BOOST_TEST(terms.count(term) == 1U, term);
    }
    // Body words are not title words.
    BOOST_TEST(terms.count("Stroops") == 0U);
    BOOST_TEST(terms.count("ZStroop") == 0U);
}

BOOST_AUTO_TEST_CASE(title_words_count_three_times_in_the_all_fields_text) {
    DocumentBuilder builder(Xapian::Stem("english"));
    const auto terms = terms_of(builder.build(sample_article()));
    BOOST_TEST(terms.at("approved") == 3U);
    BOOST_TEST(terms.at("Sapproved") == 1U);
    BOOST_TEST(terms.at("troops") == 2U);
}

BOOST_AUTO_TEST_CASE(has_folded_boolean_filter_terms_for_every_facet) {
    DocumentBuilder builder(Xapian::Stem("english"));
    const auto terms = terms_of(builder.build(sample_article()));
    for (const char* term : {"XSOURCEthe postmillennial", "Ahayden cunningham", "Ajane doe",
                             "Kworld", "Kpolitics", "Len", "Y2024", "M2024-11", "D2024-11-18"}) {
        BOOST_TEST(terms.count(term) == 1U, term);
        BOOST_TEST(terms.at(term) == 0U, term << " is boolean (wdf 0)");
    }
}

BOOST_AUTO_TEST_CASE(has_free_text_terms_for_source_authors_and_categories) {
    DocumentBuilder builder(Xapian::Stem("english"));
    const auto terms = terms_of(builder.build(sample_article()));
    for (const char* term : {"XAhayden", "XAcunningham", "XAjane", "XAdoe", "XOpostmillennial",
                             "XCworld", "XCpolitics"}) {
        BOOST_TEST(terms.count(term) == 1U, term);
    }
}

BOOST_AUTO_TEST_CASE(puts_each_facet_value_in_its_slot) {
    DocumentBuilder builder(Xapian::Stem("english"));
    const auto doc = builder.build(sample_article());
    BOOST_TEST(doc.get_value(schema::Published) == "20241118");
    BOOST_TEST(doc.get_value(schema::PublishedSort) == Xapian::sortable_serialise(20241118));
    BOOST_TEST(doc.get_value(schema::Source) == "The Postmillennial");
    BOOST_TEST(doc.get_value(schema::Language) == "en");
    BOOST_TEST(doc.get_value(schema::Year) == "2024");
    BOOST_TEST(doc.get_value(schema::Month) == "2024-11");
    BOOST_TEST(doc.get_value(schema::Day) == "2024-11-18");
    BOOST_TEST(doc.get_value(schema::AuthorBase) == "Hayden Cunningham");
    BOOST_TEST(doc.get_value(schema::AuthorBase + 1) == "Jane Doe");
    BOOST_TEST(doc.get_value(schema::CategoryBase) == "World");
    BOOST_TEST(doc.get_value(schema::CategoryBase + 1) == "Politics");
}

BOOST_AUTO_TEST_CASE(counts_an_author_named_twice_once) {
    DocumentBuilder builder(Xapian::Stem("english"));
    const auto doc = builder.build(sample_article());
    // "hayden  CUNNINGHAM" folds to the first author: no third slot.
    BOOST_TEST(doc.get_value(schema::AuthorBase + 1) != "");
    BOOST_TEST(doc.get_value(schema::AuthorBase + 2) == "");
}

BOOST_AUTO_TEST_CASE(values_past_max_multi_values_get_filter_terms_but_no_slot) {
    Article a;
    a.id = "many";
    a.body = "Body.";
    for (unsigned i = 0; i < schema::max_multi_values + 8; ++i) {
        a.authors.push_back("Author " + std::to_string(i));
    }
    DocumentBuilder builder(Xapian::Stem("english"));
    const auto doc = builder.build(a);
    const auto terms = terms_of(doc);
    BOOST_TEST(terms.count("Aauthor 0") == 1U);
    BOOST_TEST(terms.count("Aauthor 39") == 1U);
    BOOST_TEST(doc.get_value(schema::AuthorBase + schema::max_multi_values - 1) == "Author 31");
    BOOST_TEST(doc.get_value(schema::AuthorBase + schema::max_multi_values) == "");
}

BOOST_AUTO_TEST_CASE(an_article_without_metadata_gets_no_facet_terms_or_values) {
    Article a;
    a.id = "bare";
    a.body = "Only a body.";
    DocumentBuilder builder(Xapian::Stem("english"));
    const auto doc = builder.build(a);
    for (const auto& [term, wdf] : terms_of(doc)) {
        for (const auto& field : schema::facet_fields()) {
            BOOST_TEST(term.rfind(std::string(field.filter_prefix), 0) != 0U,
                       term << " looks like a " << field.name << " filter term");
        }
    }
    // Only the body and the content fingerprint, which every document has.
    BOOST_TEST(doc.values_count() == 2U);
    BOOST_TEST(doc.get_value(schema::ContentHash).size() == 32U);
}

BOOST_AUTO_TEST_CASE(records_positions_of_stems_so_phrases_match) {
    DocumentBuilder builder(Xapian::Stem("english"));
    const auto doc = builder.build(sample_article());
    const auto north = positions_of(doc, "Znorth");
    const auto korean = positions_of(doc, "Zkorean");
    const auto troops = positions_of(doc, "Ztroop");
    BOOST_TEST_REQUIRE(north.size() == 1U);
    BOOST_TEST_REQUIRE(korean.size() == 1U);
    BOOST_TEST_REQUIRE(troops.size() == 2U);
    BOOST_TEST(korean[0] == north[0] + 1);
    BOOST_TEST(troops[0] == north[0] + 2);
    // The words themselves are kept without positions (for wildcards and exact:).
    BOOST_TEST(positions_of(doc, "troops").empty());
    BOOST_TEST(matches(sample_article(), phrase({"Znorth", "Zkorean", "Ztroop"})) == 1U);
    BOOST_TEST(matches(sample_article(), phrase({"ZSmissil", "ZSapprov"})) == 1U);
}

BOOST_AUTO_TEST_CASE(stems_capitalised_words_and_folds_accents) {
    news::Article article;
    article.id = "a";
    article.title = "Elections in Zürich";
    article.body = "BEYONCÉ and the Économies of ﬁnance";
    DocumentBuilder builder(Xapian::Stem("english"));
    const auto terms = terms_of(builder.build(article));
    for (const char* term : {"Zelect", "ZSelect", "elections", "Selections", "Zzurich", "zurich",
                             "Zbeyonc", "beyonce", "Zeconomi", "economies", "finance"}) {
        BOOST_TEST(terms.count(term) == 1U, term);
    }
    BOOST_TEST(terms.count("zürich") == 0U);
    BOOST_TEST(terms.count("beyoncé") == 0U);
}

BOOST_AUTO_TEST_CASE(a_stem_counts_every_word_that_shares_it) {
    news::Article article;
    article.id = "a";
    article.title = "Troops";
    article.body = "The troop and the troops.";
    DocumentBuilder builder(Xapian::Stem("english"));
    const auto terms = terms_of(builder.build(article));
    // Title words count three times in the all-fields text, body words once.
    BOOST_TEST(terms.at("Ztroop") == 5U);
    BOOST_TEST(terms.at("troops") == 4U);
    BOOST_TEST(terms.at("troop") == 1U);
    BOOST_TEST(positions_of(builder.build(article), "Ztroop").size() == 3U);
}

BOOST_AUTO_TEST_CASE(phrases_do_not_match_across_the_title_body_boundary) {
    BOOST_TEST(matches(sample_article(), phrase({"strikes", "north"})) == 0U);
}

BOOST_AUTO_TEST_CASE(the_payload_decodes_back_to_the_article) {
    const Article a = sample_article();
    DocumentBuilder builder(Xapian::Stem("english"));
    const Article back = news::payload::decode(builder.build(a).get_data());
    BOOST_TEST(back.id == a.id);
    BOOST_TEST(back.title == a.title);
    BOOST_TEST_REQUIRE(back.date.has_value());
    BOOST_TEST((*back.date == *a.date));
    BOOST_TEST(back.source == a.source);
    BOOST_TEST(back.authors == a.authors, boost::test_tools::per_element());
    BOOST_TEST(back.url == a.url);
    BOOST_TEST(back.categories == a.categories, boost::test_tools::per_element());
    BOOST_TEST(back.language == a.language);
}

BOOST_AUTO_TEST_CASE(the_body_has_its_own_slot_and_the_fingerprint_covers_it) {
    Article a = sample_article();
    DocumentBuilder builder(Xapian::Stem("english"));
    const Xapian::Document doc = builder.build(a);
    BOOST_TEST(doc.get_value(schema::Body) == news::stored_body::compress(a.body));
    BOOST_TEST(news::stored_body::of(doc) == a.body);
    BOOST_TEST(doc.get_data().find(a.body) == std::string::npos);
    BOOST_TEST(news::payload::decode(doc.get_data()).body.empty());
    const std::string before = doc.get_value(schema::ContentHash);
    a.body += " One more sentence.";
    BOOST_TEST(builder.build(a).get_value(schema::ContentHash) != before);
}

BOOST_AUTO_TEST_CASE(payloads_of_older_databases_still_give_their_body) {
    const Article old = news::payload::decode(R"({"body":"Text.","id":"a/1","title":"T"})");
    BOOST_TEST(old.body == "Text.");
    BOOST_TEST(old.id == "a/1");
    BOOST_CHECK_THROW((void)news::payload::decode("not json"), news::Error);
}

BOOST_AUTO_TEST_SUITE_END()
