/// @file
/// @brief Unit tests: schema (facet and text field tables, filter/id terms, the schema stamp).
#include "news/common/error.hpp"
#include "news/common/schema.hpp"
#include "news/common/text.hpp"

#include "support/temp_dir.hpp"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include <ostream>
#include <set>
#include <string>
#include <string_view>

namespace {

namespace bdata = boost::unit_test::data;

auto has_kind(news::ErrorKind kind) {
    return [kind](const news::Error& e) { return e.kind() == kind; };
}

// Xapian refuses terms longer than this (glass backend).
constexpr std::size_t xapian_max_term_bytes = 245;

Xapian::WritableDatabase in_memory_db() {
    return Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
}

struct FacetRow {
    std::string_view name;
    std::string_view prefix;
    Xapian::valueno slot;
    bool multi_valued;
};

std::ostream& operator<<(std::ostream& os, const FacetRow& row) {
    return os << row.name;
}

const FacetRow facet_rows[] = {
    {"source", "XSOURCE", news::schema::Source, false},
    {"author", "A", news::schema::AuthorBase, true},
    {"category", "K", news::schema::CategoryBase, true},
    {"language", "L", news::schema::Language, false},
    {"date.year", "Y", news::schema::Year, false},
    {"date.month", "M", news::schema::Month, false},
    {"date.day", "D", news::schema::Day, false},
    {"topic", "XTOPIC", news::schema::TopicBase, true},
    {"place", "XPLACE", news::schema::PlaceBase, true},
    {"person", "XPERSON", news::schema::PersonBase, true},
    {"org", "XORG", news::schema::OrgBase, true},
    {"exchange", "XEXCHANGE", news::schema::ExchangeBase, true},
    {"label", "XLABEL", news::schema::Label, false},
    {"story", "XSTORY", news::schema::Story, false},
    {"entity.person", "XEPERSON", news::schema::EntityPersonBase, true},
    {"entity.place", "XEPLACE", news::schema::EntityPlaceBase, true},
    {"entity.org", "XEORG", news::schema::EntityOrgBase, true},
};

} // namespace

BOOST_AUTO_TEST_SUITE(schema)

BOOST_DATA_TEST_CASE(find_facet_finds_every_facet_field_by_name, bdata::make(facet_rows), row) {
    const auto* field = news::schema::find_facet(row.name);
    BOOST_TEST_REQUIRE(field != nullptr);
    BOOST_TEST(field->name == row.name);
    BOOST_TEST(field->filter_prefix == row.prefix);
    BOOST_TEST(field->first_slot == row.slot);
    BOOST_TEST(field->multi_valued == row.multi_valued);
    BOOST_TEST(!field->description.empty());
}

BOOST_AUTO_TEST_CASE(facet_fields_lists_each_field_once_and_all_are_findable) {
    const auto fields = news::schema::facet_fields();
    BOOST_TEST(fields.size() == std::size(facet_rows));
    std::set<std::string_view> names;
    for (const auto& field : fields) {
        names.insert(field.name);
        BOOST_TEST(news::schema::find_facet(field.name) == &field);
    }
    BOOST_TEST(names.size() == fields.size());
}

BOOST_AUTO_TEST_CASE(find_facet_returns_null_for_unknown_or_misspelt_names) {
    for (const std::string_view name : {"", "Source", "date", "year", "authors", "date.week"}) {
        BOOST_TEST(news::schema::find_facet(name) == nullptr, "name '" << name << "'");
    }
}

BOOST_AUTO_TEST_CASE(text_fields_are_title_source_author_category_and_the_entity_kinds) {
    const auto fields = news::schema::text_fields();
    BOOST_TEST_REQUIRE(fields.size() == 7U);
    BOOST_TEST(fields[0].name == "title");
    BOOST_TEST(fields[0].prefix == "S");
    BOOST_TEST(fields[1].name == "source");
    BOOST_TEST(fields[1].prefix == "XO");
    BOOST_TEST(fields[2].name == "author");
    BOOST_TEST(fields[2].prefix == "XA");
    BOOST_TEST(fields[3].name == "category");
    BOOST_TEST(fields[3].prefix == "XC");
    BOOST_TEST(fields[4].name == "person");
    BOOST_TEST(fields[4].prefix == "XENP");
    BOOST_TEST(fields[5].name == "place");
    BOOST_TEST(fields[5].prefix == "XENL");
    BOOST_TEST(fields[6].name == "org");
    BOOST_TEST(fields[6].prefix == "XENO");
}

BOOST_AUTO_TEST_CASE(display_value_trims_and_folds_runs_of_white_space) {
    BOOST_TEST(news::schema::display_value("  Hayden \t Cunningham \n") == "Hayden Cunningham");
    BOOST_TEST(news::schema::display_value("Reuters") == "Reuters");
    BOOST_TEST(news::schema::display_value(" \t\n ") == "");
}

BOOST_AUTO_TEST_CASE(filter_term_folds_case_and_spacing_so_display_variants_filter_alike) {
    const auto* source = news::schema::find_facet("source");
    BOOST_TEST_REQUIRE(source != nullptr);
    const std::string expected = "XSOURCEthe postmillennial";
    BOOST_TEST(news::schema::filter_term(*source, "The Postmillennial") == expected);
    BOOST_TEST(news::schema::filter_term(*source, "  THE   Postmillennial\t") == expected);
    BOOST_TEST(news::schema::filter_term(*source, "the postmillennial") == expected);
    BOOST_TEST(news::schema::filter_term(*source, "The Post millennial") != expected);
}

BOOST_AUTO_TEST_CASE(filter_term_folds_non_ascii_letters_too) {
    const auto* author = news::schema::find_facet("author");
    BOOST_TEST_REQUIRE(author != nullptr);
    BOOST_TEST(news::schema::filter_term(*author, "ÉLODIE ÇELIK") ==
               news::schema::filter_term(*author, "élodie çelik"));
    BOOST_TEST(news::schema::fold_value(" ÉLODIE  Çelik ") == "elodie celik");
}

BOOST_AUTO_TEST_CASE(filter_terms_of_date_facets_are_the_prefix_and_the_value) {
    BOOST_TEST(news::schema::filter_term(*news::schema::find_facet("date.year"), "2024") ==
               "Y2024");
    BOOST_TEST(news::schema::filter_term(*news::schema::find_facet("date.month"), "2024-11") ==
               "M2024-11");
    BOOST_TEST(news::schema::filter_term(*news::schema::find_facet("date.day"), "2024-11-18") ==
               "D2024-11-18");
}

BOOST_AUTO_TEST_CASE(values_up_to_200_bytes_are_kept_verbatim) {
    const auto* source = news::schema::find_facet("source");
    const std::string value(200, 'a');
    BOOST_TEST(news::schema::filter_term(*source, value) == "XSOURCE" + value);
}

BOOST_AUTO_TEST_CASE(long_values_are_hashed_under_xapian_term_limit_and_stay_distinct) {
    const auto* source = news::schema::find_facet("source");
    const std::string common(1000, 'x');
    const std::string a = news::schema::filter_term(*source, common + "a");
    const std::string b = news::schema::filter_term(*source, common + "b");
    BOOST_TEST(a.size() <= xapian_max_term_bytes);
    BOOST_TEST(b.size() <= xapian_max_term_bytes);
    BOOST_TEST(a != b);
    BOOST_TEST(a.rfind("XSOURCE", 0) == 0U);
    // Stable: the same value always gives the same term, and its case variants too.
    BOOST_TEST(news::schema::filter_term(*source, common + "a") == a);
    BOOST_TEST(news::schema::filter_term(*source, std::string(1000, 'X') + "A") == a);
}

BOOST_AUTO_TEST_CASE(long_utf8_values_are_never_cut_inside_a_character) {
    const auto* author = news::schema::find_facet("author");
    std::string value = "a";
    for (int i = 0; i < 200; ++i) {
        value += "é"; // two bytes each, starting at an odd offset
    }
    const std::string term = news::schema::filter_term(*author, value);
    BOOST_TEST(term.size() <= xapian_max_term_bytes);
    BOOST_TEST(news::text::is_valid_utf8(term));
}

BOOST_AUTO_TEST_CASE(long_terms_are_accepted_by_an_on_disk_database) {
    news::test::TempDir dir;
    const auto* category = news::schema::find_facet("category");
    const std::string term = news::schema::filter_term(*category, std::string(5000, 'c'));
    Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE);
    Xapian::Document doc;
    doc.add_boolean_term(term);
    doc.add_boolean_term(news::schema::id_term(std::string(5000, 'i')));
    doc.add_boolean_term(news::schema::url_term("https://example.com/" + std::string(5000, 'u')));
    BOOST_CHECK_NO_THROW(db.add_document(doc));
    BOOST_CHECK_NO_THROW(db.commit());
    BOOST_TEST(db.term_exists(term));
}

BOOST_AUTO_TEST_CASE(id_term_is_the_q_prefix_and_the_id_unfolded) {
    BOOST_TEST(news::schema::id_term("sample/000.txt") == "Qsample/000.txt");
    // Ids are exact: case is not folded.
    BOOST_TEST(news::schema::id_term("Sample/A.txt") != news::schema::id_term("sample/a.txt"));
    const std::string long_id(300, 'i');
    BOOST_TEST(news::schema::id_term(long_id).size() <= xapian_max_term_bytes);
    BOOST_TEST(news::schema::id_term(long_id) != news::schema::id_term(long_id + "j"));
}

BOOST_AUTO_TEST_CASE(url_term_is_the_u_prefix_and_the_url) {
    BOOST_TEST(news::schema::url_term("https://example.com/a") == "Uhttps://example.com/a");
    const std::string long_url = "https://example.com/" + std::string(400, 'p');
    BOOST_TEST(news::schema::url_term(long_url).size() <= xapian_max_term_bytes);
}

BOOST_AUTO_TEST_CASE(check_schema_accepts_a_stamped_database_and_returns_its_stemmer) {
    auto db = in_memory_db();
    news::schema::write_schema(db, "german");
    BOOST_TEST(db.get_metadata("news.schema_version") == std::to_string(news::schema::version));
    BOOST_TEST(db.get_metadata("news.stemmer") == "german");
    const auto stemmer = news::schema::check_schema(db, "mem");
    BOOST_TEST_REQUIRE(stemmer.has_value());
    BOOST_TEST(*stemmer == "german");
}

BOOST_AUTO_TEST_CASE(check_schema_accepts_a_stamped_database_with_documents_on_disk) {
    news::test::TempDir dir;
    {
        Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE);
        news::schema::write_schema(db, "english");
        db.add_document(Xapian::Document());
        db.commit();
    }
    const Xapian::Database db(dir / "db");
    const auto stemmer = news::schema::check_schema(db, dir / "db");
    BOOST_TEST_REQUIRE(stemmer.has_value());
    BOOST_TEST(*stemmer == "english");
}

BOOST_AUTO_TEST_CASE(check_schema_accepts_an_empty_unstamped_database_without_a_stemmer) {
    const auto db = in_memory_db();
    BOOST_TEST(!news::schema::check_schema(db, "mem").has_value());
}

BOOST_AUTO_TEST_CASE(check_schema_refuses_a_database_with_documents_but_no_version) {
    auto db = in_memory_db();
    db.add_document(Xapian::Document());
    BOOST_CHECK_EXCEPTION(static_cast<void>(news::schema::check_schema(db, "/some/db")),
                          news::Error, [](const news::Error& e) {
                              return e.kind() == news::ErrorKind::Incompatible &&
                                     std::string(e.what()).find("/some/db") != std::string::npos &&
                                     !e.hint().empty();
                          });
}

BOOST_AUTO_TEST_CASE(check_schema_refuses_a_database_of_another_schema_version) {
    for (const std::string found : {"1", "99", "0", "2.0", "one", " 2"}) {
        auto db = in_memory_db();
        news::schema::write_schema(db, "english");
        db.set_metadata("news.schema_version", found);
        BOOST_CHECK_EXCEPTION(static_cast<void>(news::schema::check_schema(db, "mem")), news::Error,
                              has_kind(news::ErrorKind::Incompatible));
    }
}

BOOST_AUTO_TEST_CASE(check_schema_refuses_a_stemmer_this_build_lacks) {
    auto db = in_memory_db();
    news::schema::write_schema(db, "klingon");
    BOOST_CHECK_EXCEPTION(static_cast<void>(news::schema::check_schema(db, "mem")), news::Error,
                          has_kind(news::ErrorKind::Incompatible));
}

BOOST_AUTO_TEST_CASE(facet_slot_count_reads_the_metadata_of_multi_valued_facets) {
    auto db = in_memory_db();
    const auto& author = *news::schema::find_facet("author");
    const auto& source = *news::schema::find_facet("source");
    BOOST_TEST(news::schema::facet_slot_count(db, source) == 1U);
    BOOST_TEST(news::schema::facet_slot_count(db, author) == 0U);
    db.set_metadata("news.facet_slots.author", "3");
    BOOST_TEST(news::schema::facet_slot_count(db, author) == 3U);
    db.set_metadata("news.facet_slots.author", "999");
    BOOST_TEST(news::schema::facet_slot_count(db, author) == news::schema::max_multi_values);
    db.set_metadata("news.facet_slots.author", "three");
    BOOST_TEST(news::schema::facet_slot_count(db, author) == 0U);
}

BOOST_AUTO_TEST_CASE(story_id_is_short_stable_and_differs_between_founders) {
    const std::string id = news::schema::story_id("reuters:1234");
    BOOST_TEST(id.size() == 13U);
    BOOST_TEST(id.front() == 's');
    BOOST_TEST(id.find_first_not_of("0123456789abcdef", 1) == std::string::npos);
    BOOST_TEST(news::schema::story_id("reuters:1234") == id);
    BOOST_TEST(news::schema::story_id("reuters:1235") != id);
    BOOST_TEST(news::schema::story_term(id) == "XSTORY" + id);
}

BOOST_AUTO_TEST_SUITE_END()
