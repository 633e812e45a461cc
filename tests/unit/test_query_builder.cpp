/// @file
/// @brief Unit tests: query_builder (syntax checks, parsed queries, filters, date bounds).
#include "news/common/error.hpp"
#include "news/indexer/index_writer.hpp"
#include "news/readers/reader.hpp"
#include "news/searcher/query_builder.hpp"

#include "sample_db.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include <algorithm>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace bdata = boost::unit_test::data;
using news::searcher::QueryBuilder;
using news::searcher::QueryRequest;
using Strings = std::vector<std::string>;

auto has_kind(news::ErrorKind kind) {
    return [kind](const news::Error& e) { return e.kind() == kind; };
}

using news::test::sample_db;

// A small database where every article says "ukraine missiles", with sources and dates to
// filter on.
struct FilterDb {
    news::test::TempDir dir;
    std::string path = dir / "db";

    FilterDb() {
        news::indexer::WriterOptions options;
        options.path = path;
        news::indexer::IndexWriter writer(options);
        const auto add = [&](std::string id, std::string source, std::optional<news::Date> date,
                             std::vector<std::string> authors = {}) {
            news::Article a;
            a.id = std::move(id);
            a.body = "Ukraine missiles.";
            a.source = std::move(source);
            a.date = date;
            a.authors = std::move(authors);
            writer.add(a);
        };
        add("r1", "Reuters", news::Date{2024, 11, 18}, {"Jane Doe"});
        add("ap", "AP", news::Date{2024, 11, 19}, {"John Roe"});
        add("r2", "Reuters", news::Date{2023, 5, 1}, {"Jane Doe", "John Roe"});
        add("bbc", "BBC", std::nullopt);
        writer.commit();
    }
};

// The ids of the articles @p query matches in @p db, sorted.
std::set<std::string> matching_ids(const Xapian::Database& db, const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    std::set<std::string> ids;
    const auto mset = enquire.get_mset(0, db.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        auto doc = it.get_document();
        for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
            if ((*term).rfind('Q', 0) == 0) {
                ids.insert((*term).substr(1));
            }
        }
    }
    return ids;
}

std::set<std::string> filter_matches(const FilterDb& fixture, QueryRequest request) {
    const Xapian::Database db(fixture.path);
    QueryBuilder builder(db, Xapian::Stem("english"));
    if (request.text.empty()) {
        request.text = "missiles";
    }
    return matching_ids(db, builder.build(request));
}

std::string describe(const QueryRequest& request) {
    const Xapian::Database db(sample_db());
    QueryBuilder builder(db, Xapian::Stem("english"));
    return builder.build(request).get_description();
}

std::string describe(std::string text) {
    QueryRequest request;
    request.text = std::move(text);
    return describe(request);
}

struct Row {
    std::string_view query;
    std::string_view expected; ///< the parsed description, or a word of the syntax error
};

std::ostream& operator<<(std::ostream& os, const Row& row) {
    return os << row.query;
}

const std::string_view accepted_syntax[] = {
    "ukraine NEAR/5 missiles",
    "title:biden NEAR troops",
    "troops NOT date:2024-11-01..",
    "missiles",
    "ATACMS range",
    "\"North Korean troops\"",
    "a AND NOT b",
    "a OR NOT b",
    "missiles NOT russia",
    "NOT biden",
    "ukraine OR russia",
    "ukraine XOR russia",
    "(ukraine OR russia) AND missiles",
    "biden NEAR missiles",
    "biden NEAR/5 missiles",
    "biden ADJ/2 missiles",
    "title:ukraine",
    "title:\"north korea\"",
    "author:\"hayden cunningham\"",
    "source:reuters category:world",
    "-trump +biden",
    "ukraine -\"north korea\"",
    "missil*",
    "title:missil*",
    "date:2024-11-01..2024-11-30",
    "date:20241101..20241130",
    "date:2024-11-01..",
    "date:..2024-11-30",
    "http://x",
    "https://example.com/a/b",
    "10:00 U.S. long-range",
    "C++",
};

const Row rejected_syntax[] = {
    // Xapian re-reads anything but plain words around NEAR/ADJ as plain words.
    {"ukrain* NEAR/5 missiles", "plain words"},
    {"blair NEAR (brown OR howard)", "plain words"},
    {"\"prime minister\" NEAR blair", "plain words"},
    {"title:\"prime minister\" NEAR blair", "plain words"},
    {"-blair NEAR brown", "plain words"},
    {"blair ADJ brown*", "plain words"},
    {"date:2005-01-01..2004-01-01", "ends before it starts"},
    {"troops -date:2024-11-01..", "NOT date:"},
    {"\"north korea", "unclosed quote"},
    {"title:\"north korea", "unclosed quote"},
    {"(ukraine OR russia", "'('"},
    {"ukraine)", "')'"},
    {"ukraine OR", "'OR'"},
    {"OR ukraine", "'OR'"},
    {"ukraine AND", "'AND'"},
    {"ukraine NEAR", "'NEAR'"},
    {"ukraine NEAR/5", "'NEAR/5'"},
    {"ukraine OR OR russia", "'OR'"},
    {"(OR russia)", "'OR'"},
    {"ukraine NOT", "'NOT'"},
    {"ukraine AND NOT", "'NOT'"},
    {"NOT", "'NOT'"},
    {"foo:bar", "unknown field 'foo:'"},
    {"Title:ukraine", "unknown field 'Title:'"},
    {"title:", "'title:' needs a word"},
    {"*", "'*'"},
    {"mis*sile", "'*'"},
    {"*issile", "'*'"},
    {"ukraine -", "'-'"},
    {"ukraine - russia", "'-'"},
    {"+", "'+'"},
    {"date:2024", "not a range"},
    {"date:2024-11-01", "not a range"},
    {"date:..", "at least one end"},
    {"date:2024-13-01..2024-12-01", "not a date"},
    {"date:yesterday..today", "not a date"},
    {"()", "empty parentheses"},
    {"ukraine ()", "empty parentheses"},
    // Bytes that are not UTF-8 (found by fuzzing: they were echoed raw).
    {"missile ra\xffnge", "not valid UTF-8: 'missile ra\\xffnge'"},
    {"caf\xe9", "not valid UTF-8"},
    // Control characters (found by fuzzing: Xapian's parser split words at them where the
    // check did not, and crashed on "-% t<NUL>ADJ:i:i").
    {"t\x01"
     "ADJ:i:i",
     "control character (U+0001) at byte 2"},
    {"north\x7fkorea", "control character (U+007F)"},
    {"north\xc2\x85korea", "control character (U+0085)"},
    {"exact:\"fact checks\"", "takes one word"},
    {"exact:fact-checks", "takes one word"},
    {"exact:", "needs a word"},
};

const Row parsed[] = {
    {"missiles", "Query(Zmissil@1)"},
    {"Ukraine", "Query(Zukrain@1)"}, // capitalised words are stemmed too
    // ATACMS is an alias form (corpus/aliases.txt): it also matches its group's term.
    {"ATACMS range",
     "Query(((Zatacm@1 OR XALIASATACMS = Army Tactical Missile System) AND Zrang@2))"},
    {"\"North Korean troops\"", "Query((Znorth@1 PHRASE 3 Zkorean@2 PHRASE 3 Ztroop@3))"},
    {"title:ukraine", "Query(ZSukrain@1)"},
    {"title:\"north korea\"", "Query(((ZSnorth@1 PHRASE 2 ZSkorea@2) OR SXALIASDPRK = North Korea "
                              "= Democratic People's Republic of Korea))"},
    {"author:hayden", "Query(ZXAhayden@1)"},
    {"source:postmillennial", "Query(ZXOpostmillenni@1)"},
    {"category:world", "Query(ZXCworld@1)"},
    {"biden -trump", "Query((Zbiden@1 AND_NOT Ztrump@2))"},
    {"missiles NOT russia", "Query((Zmissil@1 AND_NOT Zrussia@2))"},
    {"a AND NOT b", "Query((Za@1 AND_NOT Zb@2))"},
    {"NOT biden", "Query((<alldocuments> AND_NOT Zbiden@1))"},
    {"ukraine OR russia", "Query((Zukrain@1 OR Zrussia@2))"},
    {"(ukraine OR russia) AND missiles", "Query(((Zukrain@1 OR Zrussia@2) AND Zmissil@3))"},
    {"biden NEAR/5 missiles", "Query((Zbiden@1 NEAR 6 Zmissil@2))"},
    {"Beyoncé", "Query(Zbeyonc@1)"}, // accents folded, as in the index
    {"BEYONCE", "Query(Zbeyonc@1)"},
    {"exact:Organizations", "Query(organizations)"}, // the word, not its stem
    {"missil*", "Query(WILDCARD SYNONYM missil)"},
    {"date:2024-11-01..2024-11-30", "Query(VALUE_RANGE 0 20241101 20241130)"},
    {"date:2024-11-01..", "Query(VALUE_GE 0 20241101)"},
    {"date:..2024-11-30", "Query(VALUE_LE 0 20241130)"},
    {"the ukraine", "Query(Zukrain@2)"},                // stop word dropped
    {"\"the war\"", "Query((Zthe@1 PHRASE 2 Zwar@2))"}, // but kept inside a phrase
    {"the of", "Query((Zthe@1 AND Zof@2))"},            // kept when there is nothing else
};

} // namespace

BOOST_AUTO_TEST_SUITE(query_builder)

BOOST_DATA_TEST_CASE(validate_accepts_well_formed_queries, bdata::make(accepted_syntax), query) {
    BOOST_CHECK_NO_THROW(news::searcher::validate_query_syntax(query));
}

BOOST_DATA_TEST_CASE(validate_rejects_malformed_queries_naming_the_problem,
                     bdata::make(rejected_syntax), row) {
    BOOST_CHECK_EXCEPTION(news::searcher::validate_query_syntax(row.query), news::Error,
                          [&](const news::Error& e) {
                              const std::string what = e.what();
                              BOOST_TEST(what.find(row.expected) != std::string::npos, what);
                              return e.kind() == news::ErrorKind::Usage;
                          });
}

BOOST_AUTO_TEST_CASE(validate_rejects_an_empty_query) {
    for (const char* text : {"", "   ", "\t\n"}) {
        BOOST_CHECK_EXCEPTION(
            news::searcher::validate_query_syntax(text), news::Error, [](const news::Error& e) {
                return e.kind() == news::ErrorKind::Usage && std::string(e.what()) == "empty query";
            });
    }
}

BOOST_AUTO_TEST_CASE(a_nul_byte_in_a_query_is_a_usage_error) {
    const std::string query("-% t\0ADJ:i:i", 12);
    try {
        static_cast<void>(news::searcher::validate_query_syntax(query));
        BOOST_FAIL("a query with a NUL byte was accepted");
    } catch (const news::Error& e) {
        BOOST_TEST((e.kind() == news::ErrorKind::Usage));
        BOOST_TEST(std::string(e.what()).find("control character (U+0000) at byte 5") !=
                   std::string::npos);
    }
}

BOOST_DATA_TEST_CASE(parses_queries_as_xapian_describes_them, bdata::make(parsed), row) {
    BOOST_TEST(describe(std::string(row.query)) == row.expected);
}

BOOST_AUTO_TEST_CASE(words_are_all_required_by_default_and_any_with_any) {
    QueryRequest request;
    request.text = "Kursk range";
    BOOST_TEST(describe(request) == "Query((Zkursk@1 AND Zrang@2))");
    request.any = true;
    BOOST_TEST(describe(request) == "Query((Zkursk@1 OR Zrang@2))");
}

BOOST_AUTO_TEST_CASE(all_words_match_fewer_articles_than_any_word) {
    const Xapian::Database db(sample_db());
    QueryBuilder builder(db, Xapian::Stem("english"));
    QueryRequest request;
    request.text = "ATACMS range";
    const auto all = matching_ids(db, builder.build(request));
    BOOST_TEST(all.size() == 2U);
    for (const auto& id : all) {
        BOOST_TEST((id.rfind("sample/003_", 0) == 0 || id.rfind("sample/004_", 0) == 0), id);
    }
    request.any = true;
    const auto any = matching_ids(db, builder.build(request));
    BOOST_TEST(any.size() > all.size());
    BOOST_TEST(std::includes(any.begin(), any.end(), all.begin(), all.end()));
}

BOOST_AUTO_TEST_CASE(a_stop_word_only_query_keeps_its_words_and_matches) {
    const Xapian::Database db(sample_db());
    QueryBuilder builder(db, Xapian::Stem("english"));
    QueryRequest request;
    request.text = "the of";
    BOOST_TEST(matching_ids(db, builder.build(request)).size() == 5U);
}

// Made-up articles that spell the same words with other cases and accents.
struct SpellingDb {
    news::test::TempDir dir;
    std::string path = dir / "db";

    SpellingDb() {
        news::indexer::WriterOptions options;
        options.path = path;
        news::indexer::IndexWriter writer(options);
        const auto add = [&](std::string id, std::string title, std::string body,
                             std::string author = {}) {
            news::Article a;
            a.id = std::move(id);
            a.title = std::move(title);
            a.body = std::move(body);
            if (!author.empty()) {
                a.authors.push_back(std::move(author));
            }
            writer.add(a);
        };
        add("t1", "Elections Loom", "Voters are tired.");
        add("t2", "", "The elections were close.");
        add("t3", "", "An election was called; Economies slowed.", "Élodie Çelik");
        add("t4", "", "Economies of scale and economy class.", "Elodie Celik");
        add("b1", "Beyoncé tour", "BEYONCÉ sang.");
        add("b2", "", "Beyonce sang at the café.");
        add("b3", "", "beyoncé's show at the cafe.");
        add("o1", "", "The organization grew.");
        add("o2", "", "An organ was played.");
        writer.commit();
    }
};

std::set<std::string> ids_for(const SpellingDb& fixture, const std::string& text,
                              Strings filters = {}) {
    const Xapian::Database db(fixture.path);
    QueryBuilder builder(db, Xapian::Stem("english"));
    QueryRequest request;
    request.text = text;
    for (const auto& filter : filters) {
        request.filters.push_back(news::searcher::parse_filter(filter));
    }
    return matching_ids(db, builder.build(request));
}

BOOST_AUTO_TEST_CASE(case_and_accents_do_not_change_what_a_word_matches) {
    const SpellingDb fixture;
    const std::vector<std::pair<std::string, std::string>> pairs{
        {"Elections", "elections"},
        {"ELECTION", "elections"},
        {"Economies", "economies"},
        {"Beyonce", "Beyoncé"},
        {"beyonce", "BEYONCÉ"},
        {"café", "cafe"},
        {"\"Beyonce sang\"", "\"beyoncé SANG\""},
        {"title:beyonce", "title:Beyoncé"},
        {"author:elodie", "author:Élodie"}};
    for (const auto& [a, b] : pairs) {
        const auto left = ids_for(fixture, a);
        BOOST_TEST(!left.empty(), a);
        BOOST_TEST((left == ids_for(fixture, b)), a << " and " << b);
    }
    BOOST_TEST(ids_for(fixture, "Elections").size() == 3U);
    BOOST_TEST(ids_for(fixture, "Beyoncé").size() == 3U);
    BOOST_TEST(ids_for(fixture, "cafe").size() == 2U);
    // Facet filters fold accents too.
    BOOST_TEST(ids_for(fixture, "economies", {"author=Elodie Celik"}) ==
               (std::set<std::string>{"t3", "t4"}));
    BOOST_TEST(ids_for(fixture, "economies", {"author=ÉLODIE ÇELIK"}) ==
               (std::set<std::string>{"t3", "t4"}));
}

BOOST_AUTO_TEST_CASE(exact_matches_the_word_itself_not_its_stem) {
    const SpellingDb fixture;
    // "organization" and "organ" share the stem "organ".
    BOOST_TEST(ids_for(fixture, "organization") == (std::set<std::string>{"o1", "o2"}));
    BOOST_TEST(ids_for(fixture, "exact:Organization") == (std::set<std::string>{"o1"}));
    BOOST_TEST(ids_for(fixture, "exact:election") == (std::set<std::string>{"t3"}));
    BOOST_TEST(ids_for(fixture, "exact:Beyoncé") == (std::set<std::string>{"b1", "b2"}));
    BOOST_TEST(ids_for(fixture, "elect*").size() == 3U); // wildcards expand over the words
}

// The notes build() gives for @p text on the sample database.
news::searcher::QueryNotes notes_of(std::string text, bool any = false) {
    const Xapian::Database db(sample_db());
    QueryBuilder builder(db, Xapian::Stem("english"));
    QueryRequest request;
    request.text = std::move(text);
    request.any = any;
    news::searcher::QueryNotes notes;
    static_cast<void>(builder.build(request, &notes));
    return notes;
}

BOOST_AUTO_TEST_CASE(build_reports_every_word_the_parser_dropped_once_in_query_order) {
    const auto notes = notes_of("the troops of the north and missiles");
    BOOST_TEST(notes.ignored_words == (Strings{"the", "of", "and"}));
    // Inside a phrase nothing is dropped.
    BOOST_TEST(notes_of("\"North Korean troops\"").ignored_words.empty());
    BOOST_TEST(notes_of("missiles").ignored_words.empty());
    BOOST_TEST(notes_of("missiles").notes.empty());
}

BOOST_AUTO_TEST_CASE(a_lowercase_operator_between_words_gets_a_hint_to_write_it_in_capitals) {
    const auto not_notes = notes_of("trump not russia");
    BOOST_TEST(not_notes.ignored_words == Strings{"not"});
    BOOST_TEST(not_notes.notes == Strings{"to exclude, write NOT in capitals: trump NOT russia"});
    BOOST_TEST(notes_of("trump or russia").notes ==
               Strings{"for either word, write OR in capitals: trump OR russia"});
    BOOST_TEST(notes_of("trump and russia", /*any=*/true).notes ==
               Strings{"to require both words, write AND in capitals: trump AND russia"});
    const auto and_notes = notes_of("trump And russia").notes;
    BOOST_TEST_REQUIRE(and_notes.size() == 1U);
    BOOST_TEST(and_notes[0].find("all words are required already") != std::string::npos,
               and_notes[0]);
    BOOST_TEST(and_notes[0].find("trump AND russia") != std::string::npos, and_notes[0]);
    // Not between two words, or already an operator: no hint.
    BOOST_TEST(notes_of("not trump").notes.empty());
    BOOST_TEST(notes_of("trump NOT russia").notes.empty());
    BOOST_TEST(notes_of("\"trump or russia\"").notes.empty());
    // In a sentence, next to other common words, it is a word: no operator is hinted at.
    const auto sentence = notes_of("Goldsmith 'I was not leant on'");
    BOOST_TEST(sentence.ignored_words == (Strings{"i", "was", "not", "on"}));
    BOOST_TEST(sentence.notes.empty());
    // The hinted query is what the note says it is.
    const Xapian::Database db(sample_db());
    QueryBuilder builder(db, Xapian::Stem("english"));
    QueryRequest request;
    request.text = "trump NOT russia";
    const std::string description = builder.build(request).get_description();
    BOOST_TEST(description.find("trump@1 AND_NOT ") != std::string::npos, description);
}

BOOST_AUTO_TEST_CASE(an_unknown_field_names_the_fields_and_shows_the_query_that_searches_the_word) {
    const std::string headline = "Goldsmith: 'I was not leant on'";
    std::string hint;
    BOOST_CHECK_EXCEPTION(
        news::searcher::validate_query_syntax(headline), news::Error, [&](const news::Error& e) {
            const std::string what = e.what();
            BOOST_TEST(what.find("unknown field 'Goldsmith:'") != std::string::npos, what);
            BOOST_TEST(what.find("read as a field name") != std::string::npos, what);
            BOOST_TEST(what.find("fields: title, ") != std::string::npos, what);
            hint = e.hint();
            return e.kind() == news::ErrorKind::Usage;
        });
    const std::string quoted = "\"Goldsmith:\" 'I was not leant on'";
    const std::string no_colon = "Goldsmith 'I was not leant on'";
    BOOST_TEST(hint.find(quoted) != std::string::npos, hint);
    BOOST_TEST(hint.find(no_colon) != std::string::npos, hint);
    // Both suggested queries run, and search for the word itself.
    const Xapian::Database db(sample_db());
    QueryBuilder builder(db, Xapian::Stem("english"));
    for (const auto& text : {quoted, no_colon}) {
        QueryRequest request;
        request.text = text;
        std::string description;
        BOOST_CHECK_NO_THROW(description = builder.build(request).get_description());
        BOOST_TEST(description.find("goldsmith") != std::string::npos, text << ": " << description);
    }
}

BOOST_AUTO_TEST_CASE(a_capitalised_field_name_is_hinted_in_lower_case) {
    BOOST_CHECK_EXCEPTION(news::searcher::validate_query_syntax("Title:ukraine"), news::Error,
                          [](const news::Error& e) {
                              BOOST_TEST(e.hint().find("lower case: title:") != std::string::npos,
                                         e.hint());
                              return e.kind() == news::ErrorKind::Usage;
                          });
}

BOOST_AUTO_TEST_CASE(a_query_without_any_word_is_a_usage_error) {
    for (const char* text : {"!!!", "?? ;;", "& %", "\"\""}) {
        QueryRequest request;
        request.text = text;
        BOOST_CHECK_EXCEPTION(
            static_cast<void>(describe(request)), news::Error, [](const news::Error& e) {
                return e.kind() == news::ErrorKind::Usage &&
                       std::string(e.what()).find("no word to search for") != std::string::npos;
            });
    }
}

BOOST_AUTO_TEST_CASE(protects_any_queries_from_quadratic_matching_by_capping_distinct_words) {
    QueryRequest request;
    request.any = true;
    for (std::size_t k = 0; k < news::searcher::max_query_words; ++k) {
        request.text += "w" + std::to_string(k) + " ";
    }
    request.text += "w0 w1 the of"; // repeats and stop words do not count
    BOOST_CHECK_NO_THROW(static_cast<void>(describe(request)));
    request.text += " one_more";
    BOOST_CHECK_EXCEPTION(
        static_cast<void>(describe(request)), news::Error, [](const news::Error& e) {
            const std::string what = e.what();
            BOOST_TEST(what.find("1025 distinct words; at most 1024") != std::string::npos, what);
            return e.kind() == news::ErrorKind::Usage;
        });
}

BOOST_AUTO_TEST_CASE(build_rejects_bad_syntax_as_a_usage_error) {
    QueryRequest request;
    request.text = "(ukraine OR";
    BOOST_CHECK_EXCEPTION(static_cast<void>(describe(request)), news::Error,
                          has_kind(news::ErrorKind::Usage));
}

BOOST_AUTO_TEST_CASE(filters_are_or_within_a_facet_and_and_across_facets_as_boolean_filters) {
    QueryRequest request;
    request.text = "missiles";
    request.filters = {
        {"source", "The Postmillennial"}, {"date.year", "2024"}, {"source", "REUTERS"}};
    BOOST_TEST(describe(request) == "Query(((Zmissil@1 FILTER Y2024) FILTER "
                                    "(XSOURCEthe postmillennial OR XSOURCEreuters)))");
}

BOOST_AUTO_TEST_CASE(filters_of_one_facet_match_any_of_their_values) {
    const FilterDb fixture;
    QueryRequest request;
    request.filters = {{"source", "Reuters"}, {"source", "AP"}};
    BOOST_TEST(filter_matches(fixture, request) == (std::set<std::string>{"r1", "r2", "ap"}));
}

BOOST_AUTO_TEST_CASE(filters_of_different_facets_must_all_match) {
    const FilterDb fixture;
    QueryRequest request;
    request.filters = {{"source", "Reuters"}, {"date.year", "2024"}};
    BOOST_TEST(filter_matches(fixture, request) == (std::set<std::string>{"r1"}));
    request.filters = {{"author", "John Roe"}, {"source", "Reuters"}};
    BOOST_TEST(filter_matches(fixture, request) == (std::set<std::string>{"r2"}));
}

BOOST_AUTO_TEST_CASE(filter_values_match_whatever_their_case_and_spacing) {
    const FilterDb fixture;
    QueryRequest request;
    request.filters = {{"source", "  REUTERS "}};
    BOOST_TEST(filter_matches(fixture, request) == (std::set<std::string>{"r1", "r2"}));
    request.filters = {{"author", "jane   doe"}};
    BOOST_TEST(filter_matches(fixture, request) == (std::set<std::string>{"r1", "r2"}));
}

BOOST_AUTO_TEST_CASE(since_and_until_bound_the_publication_day_inclusively) {
    const FilterDb fixture;
    QueryRequest request;
    request.since = news::Date{2024, 11, 19};
    BOOST_TEST(filter_matches(fixture, request) == (std::set<std::string>{"ap"}));
    request.since.reset();
    request.until = news::Date{2024, 11, 18};
    BOOST_TEST(filter_matches(fixture, request) == (std::set<std::string>{"r1", "r2"}));
    request.since = news::Date{2024, 1, 1};
    BOOST_TEST(filter_matches(fixture, request) == (std::set<std::string>{"r1"}));
}

BOOST_AUTO_TEST_CASE(since_and_until_become_the_fewest_year_month_and_day_terms) {
    QueryRequest request;
    request.text = "missiles";
    request.since = news::Date{2024, 11, 1};
    request.until = news::Date{2024, 11, 30};
    BOOST_TEST(describe(request) == "Query((Zmissil@1 FILTER M2024-11))");
    request.since = news::Date{2023, 12, 30};
    request.until = news::Date{2025, 2, 2};
    BOOST_TEST(describe(request) == "Query((Zmissil@1 FILTER (D2023-12-30 OR D2023-12-31 OR "
                                    "Y2024 OR M2025-01 OR D2025-02-01 OR D2025-02-02)))");
    request.since = news::Date{2024, 2, 28};
    request.until = news::Date{2024, 3, 1};
    BOOST_TEST(describe(request) ==
               "Query((Zmissil@1 FILTER (D2024-02-28 OR D2024-02-29 OR D2024-03-01)))");
}

BOOST_AUTO_TEST_CASE(open_date_bounds_stop_at_the_corpus_dates) {
    const FilterDb fixture;
    QueryRequest request;
    request.until = news::Date{2000, 1, 1}; // before every article
    BOOST_TEST(filter_matches(fixture, request).empty());
    request.until.reset();
    request.since = news::Date{2100, 1, 1}; // after every article
    BOOST_TEST(filter_matches(fixture, request).empty());
}

BOOST_AUTO_TEST_CASE(the_date_field_in_the_query_filters_like_since_and_until) {
    const FilterDb fixture;
    QueryRequest request;
    request.text = "missiles date:2024-11-01..2024-11-18";
    BOOST_TEST(filter_matches(fixture, request) == (std::set<std::string>{"r1"}));
}

BOOST_AUTO_TEST_CASE(an_unknown_filter_facet_is_a_usage_error) {
    QueryRequest request;
    request.text = "missiles";
    request.filters = {{"outlet", "Reuters"}};
    BOOST_CHECK_EXCEPTION(static_cast<void>(describe(request)), news::Error,
                          has_kind(news::ErrorKind::Usage));
}

BOOST_AUTO_TEST_CASE(parse_filter_splits_name_and_value_at_the_first_equals_sign) {
    using Pair = std::pair<std::string, std::string>;
    BOOST_TEST((news::searcher::parse_filter("source=Reuters") == Pair{"source", "Reuters"}));
    BOOST_TEST(
        (news::searcher::parse_filter("date.month=2024-11") == Pair{"date.month", "2024-11"}));
    BOOST_TEST((news::searcher::parse_filter("category=a=b") == Pair{"category", "a=b"}));
    BOOST_TEST((news::searcher::parse_filter("author=Jane Doe") == Pair{"author", "Jane Doe"}));
}

BOOST_AUTO_TEST_CASE(parse_filter_rejects_specs_without_name_or_equals_or_known_field) {
    for (const char* spec :
         {"source", "=Reuters", "", "outlet=Reuters", "Source=Reuters", "date=2024"}) {
        BOOST_CHECK_EXCEPTION(static_cast<void>(news::searcher::parse_filter(spec)), news::Error,
                              [](const news::Error& e) {
                                  return e.kind() == news::ErrorKind::Usage && !e.hint().empty();
                              });
    }
}

BOOST_AUTO_TEST_CASE(filter_values_keep_commas_and_accept_compact_days) {
    BOOST_TEST(news::searcher::parse_filter("author=Kim, Jae-won").second == "Kim, Jae-won");
    BOOST_TEST(news::searcher::parse_filter("date.day=20241118").second == "2024-11-18");
    BOOST_CHECK_EXCEPTION(news::searcher::parse_filter("source= "), news::Error,
                          [](const news::Error& e) { return e.kind() == news::ErrorKind::Usage; });
}

BOOST_AUTO_TEST_CASE(until_before_since_is_a_usage_error) {
    const Xapian::Database db(sample_db());
    news::searcher::QueryBuilder builder(db, Xapian::Stem("english"));
    QueryRequest request;
    request.text = "biden";
    request.since = news::Date{2024, 11, 18};
    request.until = news::Date{2024, 11, 1};
    BOOST_CHECK_EXCEPTION((void)builder.build(request), news::Error,
                          [](const news::Error& e) { return e.kind() == news::ErrorKind::Usage; });
}

BOOST_AUTO_TEST_SUITE_END()
