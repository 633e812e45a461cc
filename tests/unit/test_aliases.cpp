/// @file
/// @brief Unit tests: aliases (the file format, case rules, the positions of group terms in
/// documents, the query rewrite, the stored set).
#include "news/common/aliases.hpp"
#include "news/common/analysis.hpp"
#include "news/common/error.hpp"
#include "news/indexer/document_builder.hpp"
#include "news/indexer/index_writer.hpp"
#include "news/searcher/query_builder.hpp"

#include "support/temp_dir.hpp"
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace {

namespace bdata = boost::unit_test::data;
using news::aliases::AliasSet;
using news::aliases::Mode;

const char* const test_set = R"(# comment

ATACMS = Army Tactical Missile System
US = United States = United States of America
WHO = World Health Organization
NATO = North Atlantic Treaty Organization
Fed = Federal Reserve
GDP = gross domestic product
DPRK = North Korea = Democratic People's Republic of Korea
)";

const AliasSet& set() {
    static const AliasSet parsed = AliasSet::parse(test_set, "test.txt");
    return parsed;
}

// "FIRSTFORM@token" for each occurrence in @p text.
std::string occurrences(const std::string& text, Mode mode) {
    std::string out;
    for (const auto& found : set().find(text, mode)) {
        out += (out.empty() ? "" : " ") + set().groups()[found.group].forms.front().text + "@" +
               std::to_string(found.first);
    }
    return out;
}

struct Row {
    const char* text;
    const char* expected;
};

std::ostream& operator<<(std::ostream& os, const Row& row) {
    return os << row.text;
}

} // namespace

BOOST_AUTO_TEST_SUITE(aliases)

BOOST_AUTO_TEST_CASE(parses_groups_skipping_comments_and_blank_lines) {
    BOOST_TEST(set().groups().size() == 7U);
    const auto& us = set().groups()[1];
    BOOST_TEST(us.forms.size() == 3U);
    BOOST_TEST(us.forms[2].text == "United States of America");
    BOOST_TEST(us.term == "XALIASUS = United States = United States of America");
    BOOST_TEST(AliasSet::parse("", "empty.txt").empty());
    BOOST_TEST(AliasSet::parse("# only a comment\n\n", "c.txt").empty());
}

const Row bad_files[] = {
    {"UN = United Nations\nNATO\n", "bad.txt:2: an alias group needs at least two forms"},
    {"UN = \n", "bad.txt:1: a form is empty"},
    {"UN = United Nations\nU.N. = UNO\n", "bad.txt:2: 'U.N.' is the same words as 'UN' (line 1)"},
    {"UN = ...\n", "bad.txt:1: '...' has no word to match"},
};

BOOST_DATA_TEST_CASE(bad_lines_name_the_file_and_line, bdata::make(bad_files), row) {
    try {
        (void)AliasSet::parse(row.text, "bad.txt");
        BOOST_FAIL("no error for " << row.text);
    } catch (const news::Error& e) {
        BOOST_TEST((e.kind() == news::ErrorKind::Usage));
        BOOST_TEST(std::string(e.what()).find(row.expected) != std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_not_found) {
    BOOST_CHECK_EXCEPTION(
        (void)AliasSet::load("/nonexistent/aliases.txt"), news::Error,
        [](const news::Error& e) { return e.kind() == news::ErrorKind::NotFound; });
}

BOOST_AUTO_TEST_CASE(the_builtin_set_holds_the_documented_groups) {
    const auto builtin = AliasSet::builtin();
    BOOST_TEST(builtin->find("the Army Tactical Missile System and the UN", Mode::Text).size() ==
               2U);
}

const Row text_rows[] = {
    {"fired Army Tactical Missile System missiles", "ATACMS@1"},
    {"fired ATACMS missiles", "ATACMS@1"},
    {"fired Atacms missiles", "ATACMS@1"}, // capital then lower case: not a stop word
    {"told us the news", ""},              // the pronoun
    {"Us and them", ""},
    {"the US said", "US@1"},
    {"U.S.-supplied missiles", "US@0"},
    {"the United States of America said", "US@1"}, // the longest form
    {"the United States said", "US@1"},
    {"the united states said", ""}, // a capitalised form word needs its capital
    {"who said it", ""},
    {"Who said it", ""},
    {"WHO said it", "WHO@0"},
    {"the World Health Organization said", "WHO@1"},
    {"Nato allies", "NATO@0"},
    {"NATO's allies", "NATO@0"},
    {"fed up", ""},
    {"the Fed raised rates", "Fed@1"},
    {"FED RAISES RATES", "Fed@0"},
    {"gross domestic product rose", "GDP@0"},
    {"Gross Domestic Product rose", "GDP@0"},
    {"North Korea's troops", "DPRK@0"},
    {"North Korean troops", ""},
    {"the Democratic People's Republic of Korea said", "DPRK@1"},
    {"the democratic people's republic of Korea said", ""},
};

BOOST_DATA_TEST_CASE(text_forms_follow_the_case_rules, bdata::make(text_rows), row) {
    BOOST_TEST(occurrences(row.text, Mode::Text) == row.expected);
}

const Row query_rows[] = {
    {"atacms", "ATACMS@0"}, {"nato", "NATO@0"}, {"us", ""}, {"US", "US@0"}, {"who", ""},
    {"WHO", "WHO@0"},       {"fed", "Fed@0"},
};

BOOST_DATA_TEST_CASE(query_forms_relax_the_case_rules_but_for_stop_words, bdata::make(query_rows),
                     row) {
    BOOST_TEST(occurrences(row.text, Mode::Query) == row.expected);
}

// Title, then body: positions run on across them (the title is indexed twice).
const Row position_rows[] = {
    // "Two word" takes 1-2 (title:) and 3-4, then a gap of 100: the body starts at 105.
    {"fired Army Tactical Missile System missiles", "106"},
    {"ATACMS and the Army Tactical Missile System", "105 108"},
    {"Ukrainian forces fired ATACMS missiles", "108"},
    {"told us nothing", ""},
    {"Café ATACMS", "106"}, // accents folded first
};

BOOST_DATA_TEST_CASE(group_terms_sit_at_the_first_word_of_each_form, bdata::make(position_rows),
                     row) {
    news::Article article;
    article.id = "a";
    article.title = "Two word";
    article.body = row.text;
    news::indexer::DocumentBuilder builder(news::analysis::make_stemmer("english"),
                                           std::make_shared<const AliasSet>(set()));
    const Xapian::Document doc = builder.build(article);
    const std::string term = set().groups()[0].term;
    std::string positions;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        if (*it == term) {
            for (auto pos = it.positionlist_begin(); pos != it.positionlist_end(); ++pos) {
                positions += (positions.empty() ? "" : " ") + std::to_string(*pos);
            }
        }
    }
    BOOST_TEST(positions == row.expected);
    // The word at that position is the form's first word.
    if (!positions.empty()) {
        const auto first = static_cast<Xapian::termpos>(std::stoul(positions));
        bool found = false;
        for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
            for (auto pos = it.positionlist_begin(); pos != it.positionlist_end(); ++pos) {
                found = found || (*pos == first && (*it == "Zatacm" || *it == "Zarmi"));
            }
        }
        BOOST_TEST(found);
    }
}

const Row token_rows[] = {
    {"U.S.-supplied missiles", "us supplied missiles"},
    {"NATO's 10,000 troops", "nato's 10,000 troops"},
    {"Ukraine’s U.N. envoy", "ukraine's un envoy"},
    {"A.B", "ab"},
    {"AT&T's 1987's results", "at&t's 1987's results"},
    {"S&P 100; 1;000", "s&p 100 1;000"},
    {"5'7\" tall, ba\u200bre", "5 7 tall bare"},
};

BOOST_DATA_TEST_CASE(words_split_as_the_indexer_splits_them, bdata::make(token_rows), row) {
    std::string words;
    for (const auto& token : news::aliases::tokenize(row.text)) {
        words += (words.empty() ? "" : " ") + token.lower;
    }
    BOOST_TEST(words == row.expected);
    // As many words as Xapian's TermGenerator gives positions.
    Xapian::TermGenerator generator = news::analysis::make_word_generator();
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(row.text);
    BOOST_TEST(generator.get_termpos() == news::aliases::tokenize(row.text).size());
}

BOOST_AUTO_TEST_CASE(title_forms_get_a_title_term) {
    news::Article article;
    article.id = "a";
    article.title = "ATACMS strike";
    article.body = "No form here.";
    news::indexer::DocumentBuilder builder(news::analysis::make_stemmer("english"),
                                           std::make_shared<const AliasSet>(set()));
    const Xapian::Document doc = builder.build(article);
    std::vector<std::string> alias_terms;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        if ((*it).find("XALIAS") != std::string::npos) {
            alias_terms.push_back(*it);
        }
    }
    BOOST_TEST(alias_terms.size() == 2U);
    BOOST_TEST(alias_terms.front() == "SXALIASATACMS = Army Tactical Missile System");
    BOOST_TEST(alias_terms.back() == "XALIASATACMS = Army Tactical Missile System");
}

const Row rewrite_rows[] = {
    {"ATACMS", "Query((Zatacm@1 OR XALIASATACMS = Army Tactical Missile System))"},
    {"\"Army Tactical Missile System\"",
     "Query(((Zarmi@1 PHRASE 4 Ztactic@2 PHRASE 4 Zmissil@3 PHRASE 4 Zsystem@4) OR "
     "XALIASATACMS = Army Tactical Missile System))"},
    {"\"fired ATACMS missiles\"",
     "Query(((Zfire@1 PHRASE 3 Zatacm@2 PHRASE 3 Zmissil@3) OR (Zfire@1 PHRASE 6 XALIASATACMS = "
     "Army Tactical Missile System PHRASE 6 Ztactic PHRASE 6 Zmissil PHRASE 6 Zsystem PHRASE 6 "
     "Zmissil@3)))"},
    {"title:ATACMS", "Query((ZSatacm@1 OR SXALIASATACMS = Army Tactical Missile System))"},
    {"Army Tactical Missile System",
     "Query(((Zarmi@1 AND Ztactic@2 AND Zmissil@3 AND Zsystem@4) OR XALIASATACMS = Army "
     "Tactical Missile System))"},
    {"ATACMS strike", "Query(((Zatacm@1 OR XALIASATACMS = Army Tactical Missile System) AND "
                      "Zstrike@2))"},
    {"-ATACMS strike", "Query((Zstrike@2 AND_NOT (Zatacm@1 OR XALIASATACMS = Army Tactical "
                       "Missile System)))"},
    // No form: the query as parsed.
    {"missiles strike", "Query((Zmissil@1 AND Zstrike@2))"},
    {"\"told us\"", "Query((Ztold@1 PHRASE 2 Zus@2))"},
    {"exact:atacms", "Query(atacms)"},
};

BOOST_DATA_TEST_CASE(queries_naming_a_form_also_match_the_group, bdata::make(rewrite_rows), row) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const Xapian::Stem stemmer = news::analysis::make_stemmer("english");
    Xapian::QueryParser parser = news::analysis::make_query_parser(db, stemmer);
    const news::analysis::QueryStopper stopper(row.text);
    parser.set_stopper(&stopper);
    parser.set_default_op(Xapian::Query::OP_AND);
    const Xapian::Query parsed = parser.parse_query(row.text, Xapian::QueryParser::FLAG_DEFAULT);
    std::vector<std::string> notes;
    const Xapian::Query rewritten =
        news::searcher::rewrite_aliases(parsed, row.text, set(), stemmer, &notes);
    BOOST_TEST(rewritten.get_description() == row.expected);
    const bool changed = rewritten.get_description() != parsed.get_description();
    BOOST_TEST(notes.empty() == !changed);
    parser.set_stopper(&news::analysis::stopper());
}

BOOST_AUTO_TEST_CASE(the_stored_set_reads_back_equal) {
    const std::string stored = set().metadata_value();
    BOOST_TEST(stored.rfind("news-aliases 1\n", 0) == 0U);
    BOOST_TEST((AliasSet::from_metadata(stored, "db") == set()));
    BOOST_TEST(AliasSet::from_metadata("", "db").empty());
    BOOST_CHECK_EXCEPTION(
        (void)AliasSet::from_metadata("news-aliases 9\nA = B\n", "db"), news::Error,
        [](const news::Error& e) { return e.kind() == news::ErrorKind::Corrupt; });
}

BOOST_AUTO_TEST_CASE(a_database_with_articles_keeps_its_alias_set) {
    news::test::TempDir dir;
    news::indexer::WriterOptions options;
    options.path = dir / "db";
    options.aliases = std::make_shared<const AliasSet>(set());
    {
        news::indexer::IndexWriter writer(options);
        news::Article article;
        article.id = "a";
        article.body = "ATACMS";
        (void)writer.add(article);
        writer.commit();
    }
    // Without --aliases: the stored set.
    news::indexer::WriterOptions reopen;
    reopen.path = options.path;
    BOOST_TEST((*news::indexer::IndexWriter(reopen).aliases() == set()));
    // Another set: refused.
    reopen.aliases = std::make_shared<const AliasSet>(AliasSet::parse("UN = United Nations", "x"));
    BOOST_CHECK_EXCEPTION(
        news::indexer::IndexWriter{reopen}, news::Error,
        [](const news::Error& e) { return e.kind() == news::ErrorKind::Incompatible; });
    // The same set: accepted.
    reopen.aliases = std::make_shared<const AliasSet>(set());
    BOOST_TEST(news::indexer::IndexWriter(reopen).aliases()->groups().size() == 7U);
}

BOOST_AUTO_TEST_SUITE_END()
