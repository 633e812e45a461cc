/// @file
/// @brief Unit tests: search (Searcher: ranking, paging, sorting, snippets, facets, errors).
#include "news/common/error.hpp"
#include "news/indexer/index_writer.hpp"
#include "news/readers/reader.hpp"
#include "news/searcher/search.hpp"
#include "news/searcher/snippets.hpp"

#include "sample_db.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace {

using news::searcher::Searcher;
using news::searcher::SearchRequest;
using news::searcher::SearchResult;
using news::searcher::SortOrder;
using Strings = std::vector<std::string>;

auto has_kind(news::ErrorKind kind) {
    return [kind](const news::Error& e) { return e.kind() == kind; };
}

using news::test::sample_db;

SearchResult run_search(const std::string& text, std::size_t offset = 0, std::size_t limit = 10,
                        SortOrder sort = SortOrder::Relevance) {
    Searcher searcher(sample_db());
    SearchRequest request;
    request.query.text = text;
    request.offset = offset;
    request.limit = limit;
    request.sort = sort;
    return searcher.search(request);
}

// "003" for "sample/003_64758854870b4056.txt".
std::string seed(const std::string& id) {
    return id.substr(id.find('/') + 1, 3);
}

std::set<std::string> seeds(const SearchResult& result) {
    std::set<std::string> out;
    for (const auto& hit : result.hits) {
        out.insert(seed(hit.id));
    }
    return out;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

} // namespace

BOOST_AUTO_TEST_SUITE(search)

BOOST_AUTO_TEST_CASE(atacms_range_finds_the_two_articles_naming_the_missile) {
    const auto result = run_search("ATACMS range");
    BOOST_TEST(seeds(result) == (std::set<std::string>{"003", "004"}));
    BOOST_TEST(result.total.lower == 2U);
    BOOST_TEST(result.total.upper == 2U);
    BOOST_TEST(result.parsed_query ==
               "Query(((Zatacm@1 OR XALIASATACMS = Army Tactical Missile System) AND Zrang@2))");
}

BOOST_AUTO_TEST_CASE(a_phrase_shared_by_every_outlet_finds_all_five) {
    const auto result = run_search("\"North Korean troops\"");
    BOOST_TEST(seeds(result) == (std::set<std::string>{"000", "001", "002", "003", "004"}));
}

BOOST_AUTO_TEST_CASE(hits_carry_the_article_metadata) {
    const auto result = run_search("ATACMS range");
    const auto it = std::find_if(result.hits.begin(), result.hits.end(),
                                 [](const auto& hit) { return seed(hit.id) == "004"; });
    BOOST_TEST_REQUIRE((it != result.hits.end()));
    BOOST_TEST(it->title.rfind("Biden-Harris admin to allow Ukraine", 0) == 0U);
    BOOST_TEST(it->source == "The Postmillennial");
    BOOST_TEST(it->authors == (Strings{"Hayden Cunningham"}), boost::test_tools::per_element());
    BOOST_TEST(it->date == "2024-11-18");
    BOOST_TEST(it->score > 0.0);
}

BOOST_AUTO_TEST_CASE(ranks_are_one_based_and_ordered_by_score) {
    const auto result = run_search("\"North Korean troops\"");
    BOOST_TEST_REQUIRE(result.hits.size() == 5U);
    for (std::size_t i = 0; i < result.hits.size(); ++i) {
        BOOST_TEST(result.hits[i].rank == i + 1);
        if (i > 0) {
            BOOST_TEST(result.hits[i - 1].score >= result.hits[i].score);
        }
    }
}

BOOST_AUTO_TEST_CASE(ranks_count_from_the_start_of_the_whole_result_list) {
    const auto all = run_search("\"North Korean troops\"");
    const auto page = run_search("\"North Korean troops\"", 2, 2);
    BOOST_TEST_REQUIRE(page.hits.size() == 2U);
    BOOST_TEST(page.hits[0].rank == 3U);
    BOOST_TEST(page.hits[1].rank == 4U);
    BOOST_TEST(page.hits[0].id == all.hits[2].id);
    BOOST_TEST(page.hits[1].id == all.hits[3].id);
    BOOST_TEST(page.total.upper == 5U);
}

BOOST_AUTO_TEST_CASE(an_offset_past_the_end_gives_no_hits_but_the_total) {
    const auto result = run_search("\"North Korean troops\"", 10, 10);
    BOOST_TEST(result.hits.empty());
    BOOST_TEST(result.total.lower == 5U);
}

BOOST_AUTO_TEST_CASE(sort_by_date_puts_the_dated_article_first) {
    const auto by_relevance = run_search("ukraine");
    BOOST_TEST_REQUIRE(by_relevance.hits.size() == 5U);
    const auto by_date = run_search("ukraine", 0, 10, SortOrder::Date);
    BOOST_TEST_REQUIRE(by_date.hits.size() == 5U);
    BOOST_TEST(seed(by_date.hits[0].id) == "004");
    BOOST_TEST(by_date.hits[0].date == "2024-11-18");
    for (std::size_t i = 1; i < by_date.hits.size(); ++i) {
        BOOST_TEST(by_date.hits[i].date.empty());
    }
}

BOOST_AUTO_TEST_CASE(snippet_highlights_point_at_the_matching_words) {
    const Xapian::Stem stem("english");
    const auto result = run_search("ATACMS range");
    BOOST_TEST_REQUIRE(!result.hits.empty());
    for (const auto& hit : result.hits) {
        BOOST_TEST(!hit.snippet.highlights.empty(), hit.id);
        std::size_t previous_end = 0;
        for (const auto& [begin, end] : hit.snippet.highlights) {
            BOOST_TEST_REQUIRE(begin < end);
            BOOST_TEST_REQUIRE(end <= hit.snippet.text.size());
            BOOST_TEST(begin >= previous_end);
            previous_end = end;
            const std::string word = lower(hit.snippet.text.substr(begin, end - begin));
            // The alias form the article uses counts as ATACMS (corpus/aliases.txt).
            BOOST_TEST((stem(word) == stem("atacms") || stem(word) == stem("range") ||
                        word == "army tactical missile system"),
                       word);
        }
    }
}

// A snippet starts after the last ". " shortly before its match, even where a line break or
// another kind of sentence end comes later; failing that, after ".\n", "? ", "! " or a line
// break, in that order.
BOOST_AUTO_TEST_CASE(snippets_start_at_the_preferred_sentence_start_before_the_match) {
    const Xapian::Stem stem("english");
    const news::searcher::SnippetMaker maker(Xapian::Query("Ztroop"), stem, 100);
    const std::string filler = "Many words come first and fill the text well beyond one snippet";
    const auto starts = [&](const std::string& before_match) {
        const auto snippet = maker.make(filler + " " + before_match + " troops and more words.");
        return snippet.text.substr(0, snippet.text.find(' ', 4));
    };
    BOOST_TEST(starts("sea. Of\nthe") == "\u2026Of");
    BOOST_TEST(starts("ok? Of\nthe") == "\u2026Of");
    BOOST_TEST(starts("ok? Of! the") == "\u2026Of!");
    BOOST_TEST(starts("sea.\nOf! the") == "\u2026Of!");
    BOOST_TEST(starts("sea, Of\nthe") == "\u2026the");
}

BOOST_AUTO_TEST_CASE(snippet_highlights_cover_whole_phrases) {
    const auto result = run_search("\"North Korean troops\"");
    for (const auto& hit : result.hits) {
        for (const auto& [begin, end] : hit.snippet.highlights) {
            BOOST_TEST(lower(hit.snippet.text.substr(begin, end - begin)) == "north korean troops");
        }
    }
}

// Without Xapian::MSet::SNIPPET_EXHAUSTIVE Xapian stops at a "good enough" snippet, which is
// often the article's opening with no match in it at all.
BOOST_AUTO_TEST_CASE(every_hit_snippet_shows_a_matching_word) {
    for (const char* text : {"putin", "kursk", "\"North Korean troops\""}) {
        const auto result = run_search(text);
        BOOST_TEST_REQUIRE(!result.hits.empty(), text);
        for (const auto& hit : result.hits) {
            BOOST_TEST(!hit.snippet.highlights.empty(),
                       text << ": " << hit.id << ": " << hit.snippet.text);
        }
    }
}

BOOST_AUTO_TEST_CASE(snippets_can_be_left_out) {
    Searcher searcher(sample_db());
    SearchRequest request;
    request.query.text = "ukraine";
    request.snippets = false;
    const auto result = searcher.search(request);
    BOOST_TEST_REQUIRE(!result.hits.empty());
    for (const auto& hit : result.hits) {
        BOOST_TEST(hit.snippet.text.empty(), hit.id);
        BOOST_TEST(hit.snippet.highlights.empty(), hit.id);
    }
}

BOOST_AUTO_TEST_CASE(snippets_are_one_line_of_plain_text) {
    const auto result = run_search("missiles");
    for (const auto& hit : result.hits) {
        BOOST_TEST(hit.snippet.text.find('\n') == std::string::npos, hit.id);
        BOOST_TEST(hit.snippet.text.find("&amp;") == std::string::npos, hit.id);
        BOOST_TEST(hit.snippet.text.find("  ") == std::string::npos, hit.id);
    }
}

BOOST_AUTO_TEST_CASE(facets_are_counted_over_every_match) {
    Searcher searcher(sample_db());
    SearchRequest request;
    request.query.text = "ukraine";
    request.facets = {"source", "date.year"};
    request.limit = 1;
    const auto result = searcher.search(request);
    BOOST_TEST_REQUIRE(result.facets.size() == 2U);
    BOOST_TEST(result.facets[0].name == "source");
    BOOST_TEST_REQUIRE(result.facets[0].values.size() == 1U);
    BOOST_TEST(result.facets[0].values[0].value == "The Postmillennial");
    BOOST_TEST(result.facets[0].values[0].count == 1U);
    BOOST_TEST(result.facets[1].name == "date.year");
    BOOST_TEST(result.facets_exact);
    BOOST_TEST(result.total.lower == 5U);
    BOOST_TEST(result.total.upper == 5U);
}

BOOST_AUTO_TEST_CASE(filters_narrow_the_hits) {
    Searcher searcher(sample_db());
    SearchRequest request;
    request.query.text = "ukraine";
    request.query.filters = {{"source", "the postmillennial"}};
    const auto result = searcher.search(request);
    BOOST_TEST(seeds(result) == (std::set<std::string>{"004"}));
}

BOOST_AUTO_TEST_CASE(the_result_shows_the_query_that_ran) {
    Searcher searcher(sample_db());
    SearchRequest request;
    request.query.text = "title:ukraine";
    BOOST_TEST(searcher.search(request).parsed_query == "Query(ZSukrain@1)");
    BOOST_TEST(searcher.doc_count() == 5U);
}

BOOST_AUTO_TEST_CASE(a_bad_query_is_a_usage_error) {
    for (const char* text : {"\"unclosed", "", "foo:bar", "!!!"}) {
        BOOST_CHECK_EXCEPTION(static_cast<void>(run_search(text)), news::Error,
                              has_kind(news::ErrorKind::Usage));
    }
}

BOOST_AUTO_TEST_CASE(a_missing_database_is_not_found) {
    news::test::TempDir dir;
    BOOST_CHECK_EXCEPTION(Searcher{dir / "nowhere"}, news::Error, [](const news::Error& e) {
        return e.kind() == news::ErrorKind::NotFound && !e.hint().empty();
    });
}

BOOST_AUTO_TEST_CASE(an_empty_folder_is_not_a_database) {
    news::test::TempDir dir;
    BOOST_CHECK_EXCEPTION(Searcher{dir.path().string()}, news::Error,
                          has_kind(news::ErrorKind::NotFound));
}

BOOST_AUTO_TEST_CASE(a_database_of_another_schema_is_incompatible) {
    news::test::TempDir dir;
    {
        Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE);
        db.set_metadata("news.schema_version", "99");
        db.add_document(Xapian::Document());
        db.commit();
    }
    BOOST_CHECK_EXCEPTION(Searcher{dir / "db"}, news::Error,
                          has_kind(news::ErrorKind::Incompatible));
}

BOOST_AUTO_TEST_CASE(a_build_watch_tests_the_writer_lock_at_most_once_an_interval) {
    news::test::TempDir dir;
    const std::string path = dir / "db";
    {
        Xapian::WritableDatabase db(path, Xapian::DB_CREATE);
        db.add_document(Xapian::Document());
        db.commit();
    }
    const Xapian::Database reader(path);
    news::searcher::BuildWatch hourly(std::chrono::hours(1));
    BOOST_TEST(!hourly.check(reader, path).has_value());
    {
        const Xapian::WritableDatabase writer(path, Xapian::DB_OPEN);
        BOOST_TEST(!hourly.check(reader, path).has_value()); // the answer of a moment ago
        hourly.reset();
        const auto build = hourly.check(reader, path);
        BOOST_REQUIRE(build.has_value());
        BOOST_TEST(build->database == path);
        BOOST_TEST(build->articles_so_far == 1U);
        news::searcher::BuildWatch every_time(std::chrono::seconds(0));
        BOOST_TEST(every_time.check(reader, path).has_value());
    }
    news::searcher::BuildWatch every_time(std::chrono::seconds(0));
    BOOST_TEST(!every_time.check(reader, path).has_value()); // the writer has gone
    BOOST_TEST(hourly.check(reader, path).has_value());      // until the hour is up
}

BOOST_AUTO_TEST_CASE(a_title_word_outranks_the_same_word_once_in_the_body) {
    news::test::TempDir dir;
    {
        news::indexer::WriterOptions options;
        options.path = dir / "db";
        news::indexer::IndexWriter writer(options);
        const auto add = [&](std::string id, std::string title, std::string body) {
            news::Article a;
            a.id = std::move(id);
            a.title = std::move(title);
            a.body = std::move(body);
            writer.add(a);
        };
        add("in-body", "Talks in Geneva", "Delegates discussed sanctions and the blockade.");
        add("in-title", "Sanctions in Geneva", "Delegates discussed the talks and the blockade.");
        add("other-1", "Weather", "Rain is expected over the weekend in the north.");
        add("other-2", "Sport", "The home team won the cup final on Saturday.");
        writer.commit();
    }
    Searcher searcher(dir / "db");
    SearchRequest request;
    request.query.text = "sanctions";
    const auto result = searcher.search(request);
    BOOST_TEST_REQUIRE(result.hits.size() == 2U);
    BOOST_TEST(result.hits[0].id == "in-title");
    BOOST_TEST(result.hits[1].id == "in-body");
    BOOST_TEST(result.hits[0].score > result.hits[1].score);
}

BOOST_AUTO_TEST_CASE(queries_are_stemmed_with_the_database_stemmer) {
    news::test::TempDir dir;
    {
        news::indexer::WriterOptions options;
        options.path = dir / "db";
        options.stemmer = "german";
        news::indexer::IndexWriter writer(options);
        news::Article a;
        a.id = "de";
        a.body = "Die H\xC3\xA4user am Stadtrand brennen.";
        writer.add(a);
        writer.commit();
    }
    Searcher searcher(dir / "db");
    SearchRequest request;
    request.query.text = "haus";
    const auto result = searcher.search(request);
    BOOST_TEST(result.parsed_query == "Query(Zhaus@1)");
    BOOST_TEST_REQUIRE(result.hits.size() == 1U);
    BOOST_TEST(result.hits[0].id == "de");
}

BOOST_AUTO_TEST_CASE(protects_snippets_of_long_bodies_from_losing_their_match_or_cut_mark) {
    news::test::TempDir dir;
    std::string filler;
    while (filler.size() < 100 * 1024) {
        filler += "Quiet harbour weather report for the coast. ";
    }
    {
        news::indexer::WriterOptions options;
        options.path = dir / "db";
        news::indexer::IndexWriter writer(options);
        news::Article a;
        // "missilery" starts like the stem "missil" without matching it: the first window
        // around it has nothing to highlight, the next one has.
        a.id = "false-start";
        a.title = "Long report";
        a.body = filler + "The missilery museum opened. " + filler +
                 "Two missiles were launched at dawn. " + filler;
        writer.add(a);
        a.id = "title-only";
        a.title = "Missiles in the title";
        a.body = filler + filler;
        writer.add(a);
        writer.commit();
    }
    Searcher searcher(dir / "db");
    SearchRequest request;
    request.query.text = "missiles";
    const auto result = searcher.search(request);
    BOOST_TEST_REQUIRE(result.hits.size() == 2U);
    for (const auto& hit : result.hits) {
        BOOST_TEST(hit.snippet.text.size() < 1000U, hit.id);
        if (hit.id == "false-start") {
            BOOST_TEST_REQUIRE(!hit.snippet.highlights.empty(), hit.snippet.text);
            // Text was left out before the window.
            BOOST_TEST(hit.snippet.text.rfind("\u2026", 0) == 0U, hit.snippet.text);
            for (const auto& [begin, end] : hit.snippet.highlights) {
                BOOST_TEST(lower(hit.snippet.text.substr(begin, end - begin)) == "missiles");
            }
        } else {
            // No match in the body: nothing to highlight.
            BOOST_TEST(hit.snippet.highlights.empty(), hit.snippet.text);
        }
    }
}

BOOST_AUTO_TEST_CASE(protects_searches_from_a_database_swapped_in_underneath) {
    news::test::TempDir dir;
    const auto build = [](const std::string& path, const std::string& id, int articles) {
        news::indexer::WriterOptions options;
        options.path = path;
        news::indexer::IndexWriter writer(options);
        for (int k = 0; k < articles; ++k) {
            news::Article a;
            a.id = id + std::to_string(k);
            a.title = "Report " + std::to_string(k);
            a.body = "Missiles were launched from " + id + " site " + std::to_string(k) + ".";
            writer.add(a);
        }
        writer.commit();
    };
    build(dir / "db", "old", 3);
    build(dir / "rebuilt", "new", 40);
    Searcher searcher(dir / "db");
    SearchRequest request;
    request.query.text = "missiles";
    request.limit = 100;
    BOOST_TEST(searcher.search(request).hits.size() == 3U);

    // As news-index --overwrite does: the rebuilt folder takes the database's place, and the
    // old one is removed.
    std::filesystem::rename(dir / "db", dir / "db.old");
    std::filesystem::rename(dir / "rebuilt", dir / "db");
    std::filesystem::remove_all(dir / "db.old");

    const auto result = searcher.search(request);
    BOOST_TEST(result.hits.size() == 40U);
    for (const auto& hit : result.hits) {
        BOOST_TEST(hit.id.rfind("new", 0) == 0U, hit.id);
    }
}

// 3,000 made-up articles where "beta" is in every 4th and "gamma" in every 8th, always with
// "beta": Xapian estimates "beta gamma" from the words' frequencies as if they were independent
// (about 90), while 375 articles hold both.
struct CorrelatedWordsDb {
    news::test::TempDir dir;
    std::string path = dir / "db";
    static constexpr int articles = 3000;
    static constexpr std::size_t both = 375;

    CorrelatedWordsDb() {
        news::indexer::WriterOptions options;
        options.path = path;
        news::indexer::IndexWriter writer(options);
        for (int k = 0; k < articles; ++k) {
            news::Article a;
            a.id = "a" + std::to_string(k);
            a.body = "alpha";
            a.body += k % 4 == 0 ? " beta" : "";
            a.body += k % 8 == 0 ? " gamma" : "";
            a.body += " report";
            for (int j = 0; j < k % 20; ++j) {
                a.body += " filler" + std::to_string((k * 7 + j) % 50);
            }
            writer.add(a);
        }
        writer.commit();
    }

    [[nodiscard]] SearchResult search(std::size_t limit, bool exact) const {
        Searcher searcher(path);
        SearchRequest request;
        request.query.text = "beta gamma";
        request.limit = limit;
        request.exact_total = exact;
        request.snippets = false;
        return searcher.search(request);
    }
};

BOOST_FIXTURE_TEST_CASE(the_total_is_exact_by_default_and_equals_the_full_listing,
                        CorrelatedWordsDb) {
    BOOST_TEST(SearchRequest{}.exact_total);
    const auto listing = search(100000, /*exact=*/true);
    BOOST_TEST_REQUIRE(listing.hits.size() == both);
    // The estimate is wrong here, so a test that took it would fail.
    const auto fast = search(10, /*exact=*/false);
    BOOST_TEST_REQUIRE(fast.total.lower != fast.total.upper);
    BOOST_TEST_REQUIRE(fast.total.estimate != both);

    for (const std::size_t limit : {std::size_t{10}, std::size_t{0}, std::size_t{1}}) {
        const auto result = search(limit, /*exact=*/true);
        BOOST_TEST(result.total.estimate == both, "limit " << limit);
        BOOST_TEST(result.total.lower == both, "limit " << limit);
        BOOST_TEST(result.total.upper == both, "limit " << limit);
        BOOST_TEST(result.hits.size() == std::min(limit, both));
    }
}

BOOST_FIXTURE_TEST_CASE(a_fast_total_is_an_estimate_within_its_bounds, CorrelatedWordsDb) {
    for (const std::size_t limit : {std::size_t{10}, std::size_t{0}}) {
        const auto fast = search(limit, /*exact=*/false);
        BOOST_TEST(fast.total.lower <= fast.total.estimate);
        BOOST_TEST(fast.total.estimate <= fast.total.upper);
        BOOST_TEST(fast.total.lower <= both);
        BOOST_TEST(both <= fast.total.upper);
    }
}

BOOST_FIXTURE_TEST_CASE(a_count_only_search_ranks_nothing_and_counts_exactly, CorrelatedWordsDb) {
    const auto count = search(0, /*exact=*/true);
    BOOST_TEST(count.hits.empty());
    BOOST_TEST(count.total.lower == both);
    BOOST_TEST(count.total.upper == both);
    // The facets are still counted over every match.
    Searcher searcher(path);
    SearchRequest request;
    request.query.text = "beta gamma";
    request.limit = 0;
    request.facets = {"source"};
    const auto with_facets = searcher.search(request);
    BOOST_TEST(with_facets.total.upper == both);
    BOOST_TEST(with_facets.facets_exact);
}

BOOST_AUTO_TEST_CASE(the_result_lists_the_words_the_parser_ignored) {
    const auto result = run_search("the missile not range");
    BOOST_TEST(result.query_notes.ignored_words == (Strings{"the", "not"}));
    BOOST_TEST_REQUIRE(result.query_notes.notes.size() == 1U);
    BOOST_TEST(result.query_notes.notes[0] ==
               "to exclude, write NOT in capitals: the missile NOT range");
}

BOOST_AUTO_TEST_CASE(an_untitled_article_has_an_empty_title) {
    const auto result = run_search("ATACMS range");
    const auto it = std::find_if(result.hits.begin(), result.hits.end(),
                                 [](const auto& hit) { return seed(hit.id) == "003"; });
    BOOST_TEST_REQUIRE((it != result.hits.end()));
    BOOST_TEST(it->title.empty());
    BOOST_TEST(it->date.empty());
    BOOST_TEST(it->source.empty());
}

BOOST_AUTO_TEST_SUITE_END()
