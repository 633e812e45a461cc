/// @file
/// @brief End-to-end tests of the help news-search gives with a query: spelling suggestions
/// (did you mean), NEWS_DB, filter values no article has, the heading's filters and dates, and
/// --explain's account of the query; text and JSON.
#include "support/indexed_db.hpp"
#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include "support/text_match.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

namespace {

using news::test::contains;
using news::test::run_tool;
using news::test::starts_with;
using nlohmann::json;

using Indexed = news::test::IndexedDb;

// Twelve articles on a president's visits that name Kim Kardashian, one that misspells her
// name, two on a harbour and an undated one on a gala.
std::string people_corpus(const news::test::TempDir& dir) {
    const auto line = [](const std::string& id, const std::string& source, const std::string& date,
                         const std::string& title, const std::string& body) {
        return json{
                   {"id", id}, {"title", title}, {"body", body}, {"source", source}, {"date", date}}
                   .dump() +
               "\n";
    };
    const std::vector<std::string> cities{"Boston",   "Denver",  "Austin",  "Seattle",
                                          "Miami",    "Dallas",  "Phoenix", "Chicago",
                                          "Portland", "Atlanta", "Houston", "Tampa"};
    std::string corpus;
    for (std::size_t k = 0; k < cities.size(); ++k) {
        corpus += line("visit-" + std::to_string(k), k % 2 == 0 ? "CNN.com" : "Reuters",
                       "2024-0" + std::to_string(1 + k % 6) + "-1" + std::to_string(k % 10),
                       "President Trump visits " + cities[k],
                       "The president met reporters in " + cities[k] +
                           ". Kim Kardashian attended the gala.");
    }
    corpus += line("gossip-1", "Gossip", "2024-03-02", "Spotted downtown",
                   "Kim Kardashain was seen shopping downtown.");
    corpus += line("harbour-1", "Gazette", "2024-05-01", "Harbour festival",
                   "The harbour festival opened with fireworks.");
    corpus += line("harbour-2", "Gazette", "2024-06-30", "Harbour master",
                   "The harbour master retired after fireworks.");
    corpus += json{{"id", "undated-1"},
                   {"title", "Gala evening"},
                   {"body", "Reporters attended the gala."},
                   {"source", "Gazette"}}
                  .dump() +
              "\n";
    return dir.write("people.jsonl", corpus);
}

// The people corpus, with @p threads indexing threads (2: two shards merged).
struct IndexedPeople : Indexed {
    explicit IndexedPeople(const std::string& threads = "2") {
        index({people_corpus(dir)}, {"--threads", threads});
    }
};

struct IndexedSample : Indexed {
    IndexedSample() { index({(news::test::source_dir() / "corpus" / "sample").string()}); }
};

// Every distinct word of 4 or more letters in @p text, lower-cased.
std::set<std::string> words_in(const std::string& text) {
    std::set<std::string> words;
    std::string word;
    for (const char c : text + " ") {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            word += static_cast<char>(c | 0x20);
            continue;
        }
        if (word.size() >= 4) {
            words.insert(word);
        }
        word.clear();
    }
    return words;
}

} // namespace

BOOST_AUTO_TEST_SUITE(query_help_cli)

// --- did you mean ---

BOOST_FIXTURE_TEST_CASE(a_word_no_article_has_gets_the_indexed_spelling, IndexedPeople) {
    const json result = search_json({"presidnet trump"});
    BOOST_TEST(result.at("total").at("upper").get<int>() == 0);
    BOOST_TEST(result.at("suggestion") == "president trump");
    BOOST_TEST(result.at("suggestion_total") == 12);
    const auto run = search({"presidnet trump"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(contains(run.out, "No articles match 'presidnet trump'. Did you mean 'president "
                                 "trump' (12 articles)?\n"),
               run.out);
}

BOOST_FIXTURE_TEST_CASE(a_rare_misspelling_of_a_common_word_gets_a_suggestion, IndexedPeople) {
    // kardashain is indexed (one article), kardashian is in twelve: 12 >= 10 x 1.
    const json result = search_json({"kardashain"});
    BOOST_TEST(result.at("total").at("upper").get<int>() == 1);
    BOOST_TEST(result.at("suggestion") == "kardashian");
    BOOST_TEST(result.at("suggestion_total") == 12);
    const auto run = search({"kardashain"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(contains(run.out, "1 article matches 'kardashain'"), run.out);
    BOOST_TEST(contains(run.out, "\nDid you mean 'kardashian' (12 articles)?\n"), run.out);
}

BOOST_FIXTURE_TEST_CASE(the_suggestion_keeps_operators_fields_and_filters, IndexedPeople) {
    const json result = search_json({"title:presidnet OR harbour", "--filter", "source=Reuters"});
    BOOST_TEST(result.at("suggestion") == "title:president OR harbour");
    BOOST_TEST(result.at("suggestion_total") == 6); // the Reuters half of the visits
}

BOOST_FIXTURE_TEST_CASE(protects_correct_words_from_suggestions, IndexedPeople) {
    std::ifstream in(dir / "people.jsonl");
    const std::string corpus((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
    const std::set<std::string> words = words_in(corpus);
    BOOST_TEST_REQUIRE(words.size() > 20);
    for (const auto& word : words) {
        if (word == "kardashain") {
            continue; // the planted misspelling
        }
        const json result = search_json({word, "-n", "0"});
        BOOST_TEST(result.at("suggestion").is_null(), word << ": " << result.at("suggestion"));
        BOOST_TEST(result.at("suggestion_total").is_null());
    }
    const auto run = search({"president"});
    BOOST_TEST(!contains(run.out, "Did you mean"), run.out);
}

BOOST_FIXTURE_TEST_CASE(protects_the_sample_s_words_from_suggestions, IndexedSample) {
    const auto sample = news::test::source_dir() / "corpus" / "sample";
    std::set<std::string> words;
    for (const auto& entry : std::filesystem::directory_iterator(sample)) {
        std::ifstream in(entry.path());
        std::string title;
        std::getline(in, title); // the first line is the title
        const auto found = words_in(title);
        words.insert(found.begin(), found.end());
    }
    BOOST_TEST_REQUIRE(words.size() > 10);
    std::size_t indexed = 0;
    for (const auto& word : words) {
        const json result = search_json({word, "-n", "0"});
        if (result.at("total").at("upper") == 0) {
            continue; // not an indexed word (a front matter key): a suggestion may help
        }
        ++indexed;
        BOOST_TEST(result.at("suggestion").is_null(), word << ": " << result.at("suggestion"));
    }
    BOOST_TEST(indexed > 10U);
}

BOOST_AUTO_TEST_CASE(spelling_data_survives_a_one_writer_and_a_sharded_build) {
    for (const std::string threads : {"1", "2"}) {
        const IndexedPeople people(threads);
        BOOST_TEST(people.search_json({"presidnet"}).at("suggestion") == "president",
                   "--threads " << threads);
        BOOST_TEST(people.search_json({"kardashain"}).at("suggestion") == "kardashian",
                   "--threads " << threads);
    }
}

// --- NEWS_DB ---

BOOST_FIXTURE_TEST_CASE(news_db_is_the_default_database, IndexedPeople) {
    const auto run =
        run_tool("/usr/bin/env", {"NEWS_DB=" + db, NEWS_SEARCH_EXE, "--json", "harbour"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(json::parse(run.out).at("total").at("upper") == 2);
    const auto text = run_tool("/usr/bin/env", {"NEWS_DB=" + db, NEWS_SEARCH_EXE, "harbour"});
    BOOST_TEST(contains(text.out, "2 articles match 'harbour'"), text.out);
}

BOOST_FIXTURE_TEST_CASE(db_overrides_news_db, IndexedPeople) {
    const auto run = run_tool("/usr/bin/env", {"NEWS_DB=" + (dir / "elsewhere"), NEWS_SEARCH_EXE,
                                               "--db", db, "--json", "harbour"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(json::parse(run.out).at("total").at("upper") == 2);
}

BOOST_AUTO_TEST_CASE(no_db_and_no_news_db_is_a_usage_error_naming_news_db) {
    for (const std::vector<std::string>& env :
         {std::vector<std::string>{"-u", "NEWS_DB"}, std::vector<std::string>{"NEWS_DB="}}) {
        std::vector<std::string> args = env;
        args.insert(args.end(), {NEWS_SEARCH_EXE, "harbour"});
        const auto run = run_tool("/usr/bin/env", args);
        BOOST_TEST(run.exit_code == 64, run.describe());
        BOOST_TEST(starts_with(run.err, "news-search: error: --db PATH is required (or set "
                                        "NEWS_DB)"),
                   run.err);
    }
}

// --- filters no article has, and the heading ---

BOOST_FIXTURE_TEST_CASE(a_filter_value_no_article_has_is_named_with_a_near_value, IndexedPeople) {
    const auto run = search({"president", "--filter", "source=cnn"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(contains(run.out, "No articles match 'president' (source=cnn)."), run.out);
    BOOST_TEST(contains(run.out, "note: no article has source 'cnn'; did you mean 'cnn.com'?\n"),
               run.out);
    const json result = search_json({"president", "--filter", "source=cnn"});
    const auto notes = result.at("notes").get<std::vector<std::string>>();
    BOOST_TEST(std::count(notes.begin(), notes.end(),
                          "no article has source 'cnn'; did you mean 'cnn.com'?") == 1);
    // A typo in the value: the nearest value.
    const json typo = search_json({"president", "--filter", "source=Reuter"});
    BOOST_TEST(contains(typo.at("notes").dump(), "did you mean 'reuters'?"), typo.at("notes"));
    // A value with nothing near it is named alone.
    const json none = search_json({"president", "--filter", "source=zzzzzzzz"});
    BOOST_TEST(contains(none.at("notes").dump(), "\"no article has source 'zzzzzzzz'\""),
               none.at("notes"));
}

BOOST_FIXTURE_TEST_CASE(a_filter_value_some_article_has_gets_no_note, IndexedPeople) {
    const json result = search_json({"president", "--filter", "source=reuters"});
    BOOST_TEST(result.at("notes").empty(), result.at("notes"));
    BOOST_TEST(result.at("total").at("upper") == 6);
}

BOOST_FIXTURE_TEST_CASE(the_heading_states_the_filters_and_dates, IndexedPeople) {
    const std::vector<std::string> args{"president",  "--filter",       "source=Reuters",
                                        "--filter",   "source=CNN.com", "--since",
                                        "2024-01-01", "--until",        "2024-03-31"};
    const auto run = search(args);
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(contains(run.out, "articles match 'president' (source=Reuters or CNN.com; "
                                 "published 2024-01-01 to 2024-03-31); showing"),
               run.out);
    const json result = search_json(args);
    BOOST_TEST(result.at("filters") == json::parse(R"([{"name":"source","value":"Reuters"},)"
                                                   R"({"name":"source","value":"CNN.com"}])"));
    BOOST_TEST(result.at("since") == "2024-01-01");
    BOOST_TEST(result.at("until") == "2024-03-31");
    const auto since_only = search({"harbour", "--since", "2024-06-01", "-n", "0"});
    BOOST_TEST(contains(since_only.out,
                        "1 article matches 'harbour' (published on or after 2024-06-01)\n"),
               since_only.out);
    const json plain = search_json({"harbour"});
    BOOST_TEST(plain.at("filters").empty());
    BOOST_TEST(plain.at("since").is_null());
    BOOST_TEST(plain.at("until").is_null());
}

// --- --explain ---

BOOST_FIXTURE_TEST_CASE(explain_gives_words_stems_fields_filters_and_dates_first, IndexedPeople) {
    const std::vector<std::string> args{"--explain", "visits title:trump -harbour \"the gala\"",
                                        "--filter",  "source=Reuters",
                                        "--since",   "2024-01-01"};
    const auto run = search(args);
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    const std::string& out = run.out;
    BOOST_TEST(starts_with(out, "query: 'visits title:trump -harbour \"the gala\"' (all words)\n"),
               out);
    BOOST_TEST(contains(out, "  word 'visits' -> stem 'visit' in any field\n"), out);
    BOOST_TEST(contains(out, "  word 'trump' -> stem 'trump' in title\n"), out);
    BOOST_TEST(contains(out, "  excluded: word 'harbour' -> stem 'harbour' in any field\n"), out);
    BOOST_TEST(contains(out, "  phrase of stems \"the gala\" in any field\n"), out);
    BOOST_TEST(contains(out, "  filter: source=Reuters\n"), out);
    BOOST_TEST(contains(out, "  dates: published on or after 2024-01-01\n"), out);
    const auto account = out.find("  filter: ");
    const auto parsed = out.find("parsed query: Query(");
    BOOST_TEST_REQUIRE(parsed != std::string::npos, out);
    BOOST_TEST(account < parsed, out);
    const json result = search_json(args);
    BOOST_TEST(contains(result.at("explanation").get<std::string>(), "stem 'visit'"));
    BOOST_TEST(!search_json({"visits"}).contains("explanation"));
}

// --- more like this ---

BOOST_FIXTURE_TEST_CASE(like_finds_similar_articles_and_leaves_the_given_one_out, IndexedSample) {
    const std::string given = "sample/003_64758854870b4056.txt";
    const json result = search_json({"--like", given});
    BOOST_TEST_REQUIRE(!result.at("hits").empty());
    for (const auto& hit : result.at("hits")) {
        BOOST_TEST(hit.at("id") != given);
    }
    BOOST_TEST(result.at("like") == json::array({given}));
    BOOST_TEST(!result.at("like_terms").empty());
    BOOST_TEST(contains(result.at("notes").dump(), "the article given to --like is left out"));
    const auto run = search({"--like", given, "--explain", "--no-snippets"});
    BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    BOOST_TEST(contains(run.out, "query: no text (--like alone)\n"), run.out);
    BOOST_TEST(contains(run.out, "  like the --like articles: the best 20 of the stems "), run.out);
    BOOST_TEST(contains(run.out, "  excluded: the --like article " + given + "\n"), run.out);
    BOOST_TEST(contains(run.out, "(like " + given + "); showing 1-"), run.out);
    BOOST_TEST(contains(run.out, "note: the article given to --like is left out of the hits"),
               run.out);
}

BOOST_FIXTURE_TEST_CASE(like_combines_with_a_query_filters_and_dates, IndexedPeople) {
    // With a query, the matches are the query's (less the given articles).
    const json result = search_json({"--like", "visit-1", "--like", "visit-2", "harbour OR gala",
                                     "--filter", "source=Gazette"});
    BOOST_TEST(result.at("total").at("upper") == 3);
    const json dated =
        search_json({"--like", "visit-1", "harbour OR gala", "--since", "2024-06-01", "-n", "0"});
    BOOST_TEST(dated.at("total").at("upper") == 3); // harbour-2 and the two June visits
    const json unfiltered = search_json({"--like", "visit-1", "gala", "-n", "0"});
    BOOST_TEST(unfiltered.at("total").at("upper") == 12); // 13 galas, visit-1 left out
}

BOOST_FIXTURE_TEST_CASE(like_is_refused_with_the_story_views_not_ignored, IndexedPeople) {
    for (const auto* mode : {"--stories", "--story"}) {
        std::vector<std::string> args{mode};
        if (std::string(mode) == "--story") {
            args.emplace_back("visit-1");
        }
        args.insert(args.end(), {"--like", "visit-1"});
        const auto run = search(args);
        BOOST_TEST(run.exit_code == 64, mode << ": " << run.describe());
        BOOST_TEST(contains(run.err, "--like"), run.err);
    }
}

BOOST_FIXTURE_TEST_CASE(like_with_an_unknown_id_is_a_usage_error, IndexedPeople) {
    const auto run = search({"--like", "no-such-article"});
    BOOST_TEST(run.exit_code == 64, run.describe());
    BOOST_TEST(
        starts_with(run.err,
                    "news-search: error: --like 'no-such-article': no article has this id\n"),
        run.err);
    BOOST_TEST(run.out.empty());
}

// --- recency ---

BOOST_FIXTURE_TEST_CASE(recency_moves_the_freshest_up_and_leaves_undated_scores, IndexedPeople) {
    const json plain = search_json({"gala", "-n", "20", "--no-snippets"});
    const json fresh = search_json({"gala", "-n", "20", "--no-snippets", "--recency", "7d"});
    BOOST_TEST(fresh.at("total") == plain.at("total")); // the same matches
    // The undated article, the best match (the word is in its title), stays first; the newest
    // gala article, visit-5 (2024-06-15; the newest article is harbour-2, 2024-06-30), is next.
    BOOST_TEST(plain.at("hits").at(0).at("id") == "undated-1");
    BOOST_TEST(plain.at("hits").at(1).at("id") != "visit-5");
    BOOST_TEST(fresh.at("hits").at(0).at("id") == "undated-1");
    BOOST_TEST(fresh.at("hits").at(1).at("id") == "visit-5");
    const auto score_of = [](const json& result, const std::string& id) {
        for (const auto& hit : result.at("hits")) {
            if (hit.at("id") == id) {
                return hit.at("score").get<double>();
            }
        }
        BOOST_FAIL("no hit " + id);
        return 0.0;
    };
    BOOST_TEST(score_of(fresh, "undated-1") == score_of(plain, "undated-1"),
               boost::test_tools::tolerance(1e-9));
    BOOST_TEST(score_of(fresh, "visit-5") > score_of(plain, "visit-5"));
    BOOST_TEST(fresh.at("recency") == json::parse(R"({"half_life_days": 7.0, "now": null})"));
    BOOST_TEST(contains(fresh.at("notes").dump(), "ages counted from 2024-06-30"));
    // --now moves the reference: visit-0, dated 2024-01-10, gains the best score and leads.
    const json january =
        search_json({"gala", "--no-snippets", "--recency", "1w", "--now", "2024-01-10"});
    BOOST_TEST(january.at("hits").at(0).at("id") == "visit-0");
    const auto run = search({"gala", "--recency", "1w", "--now", "2024-01-10", "--no-snippets"});
    BOOST_TEST(contains(run.out, "note: ranked with recency: half-life 7 days, ages counted from "
                                 "2024-01-10 (--now); undated articles get no boost\n"),
               run.out);
}

BOOST_FIXTURE_TEST_CASE(recency_refuses_bad_half_lives_and_date_order, IndexedPeople) {
    for (const std::string bad : {"30", "0d", "3x", "d", "-5d", "1.5w"}) {
        const auto run = search({"gala", "--recency", bad});
        BOOST_TEST(run.exit_code == 64, bad << ": " << run.describe());
        BOOST_TEST(contains(run.err, "is not a half-life"), run.err);
    }
    BOOST_TEST(search({"gala", "--recency", "7d", "--sort", "date"}).exit_code == 64);
    BOOST_TEST(search({"gala", "--now", "2024-01-01"}).exit_code == 64);
}

// --- significant words ---

BOOST_FIXTURE_TEST_CASE(significant_lists_over_represented_words_with_counts, IndexedPeople) {
    const json result = search_json({"trump", "--significant", "5", "-n", "0"});
    const json& significant = result.at("significant");
    BOOST_TEST(significant.at("statistic") == "jlh");
    BOOST_TEST(significant.at("matches") == 12);
    BOOST_TEST(significant.at("read") == 12);
    BOOST_TEST(significant.at("sampled") == false);
    std::set<std::string> words;
    for (const auto& term : significant.at("terms")) {
        words.insert(term.at("word").get<std::string>());
        BOOST_TEST(term.at("score").get<double>() > 0);
        BOOST_TEST(term.at("in_matches").get<int>() <= term.at("in_database").get<int>());
    }
    BOOST_TEST(significant.at("terms").size() == 5);
    // Every visit names Kardashian, and only they do (bar one misspelling): 12 of 12.
    BOOST_TEST(words.count("kardashian") == 1);
    BOOST_TEST(words.count("trump") == 0); // the query's own word
    BOOST_TEST(words.count("the") == 0);   // a stop word
    for (const auto& term : significant.at("terms")) {
        if (term.at("word") == "kardashian") {
            BOOST_TEST(term.at("in_matches") == 12);
            BOOST_TEST(term.at("in_database") == 12);
        }
    }
    const auto run = search({"trump", "--significant", "5", "-n", "0"});
    BOOST_TEST(contains(run.out, "\nsignificant words (in matches / in database, JLH):\n"),
               run.out);
    BOOST_TEST(contains(run.out, "kardashian"), run.out);
    BOOST_TEST(contains(run.out, "12 / 12"), run.out);
    BOOST_TEST(!search_json({"trump"}).contains("significant"));
}

BOOST_AUTO_TEST_SUITE_END()
