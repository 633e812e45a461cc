/// @file
/// @brief Unit tests: ranking (the title boost and expansion reorder, never change the matches;
/// stop words typed in capitals are searched).
#include "news/common/analysis.hpp"
#include "news/indexer/index_writer.hpp"
#include "news/searcher/search.hpp"

#include "sample_db.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <vector>

namespace {

using news::searcher::Searcher;
using news::searcher::SearchRequest;
using news::searcher::SearchResult;

SearchResult search(const std::string& db, const std::string& text, bool any, bool expand) {
    Searcher searcher(db);
    SearchRequest request;
    request.query.text = text;
    request.query.any = any;
    request.expand = expand;
    request.limit = 1000;
    request.snippets = false;
    return searcher.search(request);
}

std::set<std::string> ids(const SearchResult& result) {
    std::set<std::string> out;
    for (const auto& hit : result.hits) {
        out.insert(hit.id);
    }
    return out;
}

// Articles where the query's words are in the title of one and only in the body of the other.
struct TitleDb {
    news::test::TempDir dir;
    std::string path = dir / "db";

    TitleDb() {
        news::indexer::WriterOptions options;
        options.path = path;
        news::indexer::IndexWriter writer(options);
        const auto add = [&](std::string id, std::string title, std::string body) {
            news::Article a;
            a.id = std::move(id);
            a.title = std::move(title);
            a.body = std::move(body);
            writer.add(a);
        };
        add("in-title", "Missile strike", "The army reported an attack near the border.");
        add("in-body", "Border report", "The army reported a missile strike near the border.");
        add("who", "Health agency", "The WHO said the outbreak was over.");
        add("plain", "Health agency", "Officials said who was to blame was unclear.");
        writer.commit();
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(ranking)

BOOST_AUTO_TEST_CASE(the_title_boost_and_expansion_keep_the_matches) {
    for (const char* text : {"ATACMS range", "north korean troops", "missiles -russia",
                             "\"North Korean troops\"", "biden OR putin", "title:biden"}) {
        for (const bool any : {false, true}) {
            const auto plain = search(news::test::sample_db(), text, any, false);
            const auto expanded = search(news::test::sample_db(), text, any, true);
            BOOST_TEST(ids(plain) == ids(expanded), text);
            BOOST_TEST(plain.total.lower == expanded.total.lower, text);
            BOOST_TEST(plain.total.lower == plain.hits.size(), text);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_word_in_the_title_ranks_higher) {
    const TitleDb db;
    const auto result = search(db.path, "missile strike", false, false);
    BOOST_TEST_REQUIRE(result.hits.size() == 2U);
    BOOST_TEST(result.hits[0].id == "in-title");
    BOOST_TEST(result.hits[0].score > result.hits[1].score);
}

BOOST_AUTO_TEST_CASE(stop_words_typed_in_capitals_are_searched) {
    const TitleDb db;
    // "who" is a stop word: "health who" searches "health" alone and finds both.
    BOOST_TEST(ids(search(db.path, "health who", false, false)).size() == 2U);
    // "WHO" is the acronym, and searched (case still does not matter in the index).
    BOOST_TEST(ids(search(db.path, "health WHO", false, false)).size() == 2U);
    BOOST_TEST(ids(search(db.path, "outbreak WHO", false, false)) ==
               (std::set<std::string>{"who"}));
    BOOST_TEST(ids(search(db.path, "outbreak who", false, false)) ==
               (std::set<std::string>{"who"}));
    const news::analysis::QueryStopper stopper("WHO said OR the IT NOT it");
    BOOST_TEST(!stopper("who"));
    BOOST_TEST(!stopper("it"));
    BOOST_TEST(stopper("the"));
    BOOST_TEST(stopper("or"));  // the operator OR does not keep the word "or"
    BOOST_TEST(stopper("not")); // nor NOT the word "not"
}

BOOST_AUTO_TEST_SUITE_END()
