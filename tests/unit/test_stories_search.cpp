/// @file
/// @brief Unit tests: stories in the searcher (--group stories, --per-source, --facet-count
/// stories, --stories, --story) on a handcrafted database whose story links are set by hand.
#include "news/common/error.hpp"
#include "news/common/schema.hpp"
#include "news/indexer/index_writer.hpp"
#include "news/searcher/render.hpp"
#include "news/searcher/search.hpp"
#include "news/searcher/stories.hpp"
#include "news/searcher/story_view.hpp"

#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace news::searcher;
using news::Article;
using news::test::TempDir;
using nlohmann::json;
using Strings = std::vector<std::string>;

auto has_kind(news::ErrorKind kind) {
    return [kind](const news::Error& e) { return e.kind() == kind; };
}

struct Spec {
    std::string id;
    std::string founder; // story founder's id; "" = no story
    std::string copy_of;
    std::string source;
    std::string date; // YYYY-MM-DD or ""
    std::string title;
    std::string body;
};

const std::string body_a1 =
    "Ukraine may fire ATACMS missiles into Russia, officials said on Sunday. About 10,000 North "
    "Korean troops are fighting in the Kursk region. The missiles have a range of about 190 "
    "miles.";

// Story A: three versions (a3 a syndicated copy of a1); story B: two Reuters articles on an
// earthquake; C and D: one article each (D without an outlet).
const std::vector<Spec> specs{
    {"a1", "a1", "", "Reuters", "2024-11-17", "Ukraine may strike Russia with ATACMS missiles",
     body_a1},
    {"a2", "a1", "", "AP", "2024-11-18", "US lets Ukraine use long-range missiles",
     "Washington will let Kyiv use long-range missiles against Russia. As many as 12,000 North "
     "Korean troops are in Kursk. The Kremlin spokesman Dmitry Peskov warned of dangerous "
     "escalation, reckless provocation and retaliation."},
    {"a3", "a1", "a1", "Yahoo", "2024-11-18", "Ukraine may strike Russia with ATACMS missiles",
     body_a1},
    {"b1", "b1", "", "Reuters", "2024-10-01", "Earthquake hits Chile",
     "A strong earthquake shook central Chile on Tuesday, the geological survey said."},
    {"b2", "b1", "", "Reuters", "2024-10-02", "Chile earthquake toll rises",
     "The death toll of the earthquake in Chile rose to 12, officials said."},
    {"c1", "c1", "", "AP", "", "Parliament debates missiles for Ukraine",
     "Lawmakers debated sending more missiles to Ukraine."},
    {"d1", "d1", "", "", "2024-11-20", "Missiles and drones over Kyiv",
     "Russian missiles and drones hit Kyiv overnight."},
};

std::string story_of(const std::string& founder) {
    return news::schema::story_id(founder);
}

// Writes @p specs into a database at @p path; @p with_stories false leaves the story links out
// (as news-index --no-stories).
void build(const std::string& path, const std::vector<Spec>& articles, bool with_stories = true) {
    news::indexer::WriterOptions options;
    options.path = path;
    news::indexer::IndexWriter writer(options);
    for (const auto& spec : articles) {
        Article article;
        article.id = spec.id;
        article.title = spec.title;
        article.body = spec.body;
        article.source = spec.source;
        if (!spec.date.empty()) {
            article.date = news::Date{std::stoi(spec.date.substr(0, 4)),
                                      static_cast<unsigned>(std::stoi(spec.date.substr(5, 2))),
                                      static_cast<unsigned>(std::stoi(spec.date.substr(8, 2)))};
        }
        if (with_stories && !spec.founder.empty()) {
            article.story.id = story_of(spec.founder);
            article.story.copy_of = spec.copy_of;
        }
        (void)writer.add(article);
    }
    writer.commit();
}

struct StoriesDb {
    TempDir dir;
    std::string path = dir / "db";
    StoriesDb() { build(path, specs); }
};

SearchResult search(const std::string& path, const SearchRequest& request) {
    Searcher searcher(path);
    return searcher.search(request);
}

SearchRequest request_for(const std::string& text) {
    SearchRequest request;
    request.query.text = text;
    request.snippets = false;
    return request;
}

// Every line of @p text, in columns (UTF-8 characters).
std::size_t widest_line(const std::string& text) {
    std::size_t widest = 0;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        widest = std::max(
            widest, static_cast<std::size_t>(std::count_if(line.begin(), line.end(), [](char c) {
                return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
            })));
    }
    return widest;
}

} // namespace

BOOST_AUTO_TEST_SUITE(stories_search)

BOOST_AUTO_TEST_CASE(group_stories_shows_one_hit_per_story_and_counts_stories_exactly) {
    const StoriesDb db;
    auto request = request_for("missiles");
    const auto plain = search(db.path, request);
    BOOST_TEST(plain.total.upper == 5U); // a1 a2 a3 c1 d1
    request.group_stories = true;
    const auto grouped = search(db.path, request);
    // Stories with a match: A (a1 a2 a3), C, D.
    BOOST_TEST(grouped.total.lower == 3U);
    BOOST_TEST(grouped.total.upper == 3U);
    BOOST_TEST(grouped.hits.size() == 3U);
    std::set<std::string> stories;
    for (const auto& hit : grouped.hits) {
        BOOST_TEST_REQUIRE(hit.story.has_value());
        BOOST_TEST(stories.insert(hit.story->id).second, "story " << hit.story->id << " twice");
        // The hit shown is the story's best-ranked match.
        BOOST_TEST((hit.id == "a1" || hit.id == "a2" || hit.id == "a3" || hit.id == "c1" ||
                    hit.id == "d1"));
    }
    const auto a = std::find_if(grouped.hits.begin(), grouped.hits.end(),
                                [](const Hit& h) { return h.story->id == story_of("a1"); });
    BOOST_TEST_REQUIRE((a != grouped.hits.end()));
    BOOST_TEST(a->story->size == 3U);
    BOOST_TEST(a->story_matches == 3U);
    BOOST_TEST(a->story->outlets == (Strings{"AP", "Reuters", "Yahoo"}));
    BOOST_TEST(a->story->first_date == "2024-11-17");
    BOOST_TEST(a->story->last_date == "2024-11-18");
}

BOOST_AUTO_TEST_CASE(group_stories_pages_over_stories_and_counts_without_hits) {
    const StoriesDb db;
    auto request = request_for("missiles");
    request.group_stories = true;
    request.limit = 2;
    const auto first = search(db.path, request);
    request.offset = 2;
    const auto second = search(db.path, request);
    BOOST_TEST(first.hits.size() == 2U);
    BOOST_TEST(second.hits.size() == 1U);
    BOOST_TEST(second.hits.front().rank == 3U);
    std::set<std::string> all;
    for (const auto* page : {&first, &second}) {
        for (const auto& hit : page->hits) {
            all.insert(hit.story->id);
        }
    }
    BOOST_TEST(all.size() == 3U);
    request.limit = 0;
    request.offset = 0;
    const auto count = search(db.path, request);
    BOOST_TEST(count.total.upper == 3U);
    BOOST_TEST(count.total.lower == 3U);
}

BOOST_AUTO_TEST_CASE(facets_count_articles_when_grouped_and_stories_when_asked) {
    const StoriesDb db;
    auto request = request_for("missiles OR earthquake");
    request.facets = {"source"};
    request.group_stories = true;
    auto counts = [&](const SearchRequest& r) {
        std::map<std::string, Xapian::doccount> out;
        const auto result = search(db.path, r);
        for (const auto& value : result.facets.at(0).values) {
            out[value.value] = value.count;
        }
        return out;
    };
    // In articles, grouping or not: Reuters has a1, b1, b2.
    const auto articles = counts(request);
    BOOST_TEST(articles.at("Reuters") == 3U);
    BOOST_TEST(articles.at("AP") == 2U);
    BOOST_TEST(articles.at("Yahoo") == 1U);
    // In stories: Reuters is in story A and story B; AP in A and C.
    request.facet_unit = FacetUnit::Stories;
    const auto stories = counts(request);
    BOOST_TEST(stories.at("Reuters") == 2U);
    BOOST_TEST(stories.at("AP") == 2U);
    BOOST_TEST(stories.at("Yahoo") == 1U);
    request.group_stories = false;
    BOOST_TEST((counts(request) == stories));
}

BOOST_AUTO_TEST_CASE(per_source_caps_hits_per_outlet_and_leaves_unknown_outlets_alone) {
    const StoriesDb db;
    auto request = request_for("missiles OR earthquake");
    const auto plain = search(db.path, request);
    BOOST_TEST(plain.total.upper == 7U);
    request.per_source = 1;
    const auto capped = search(db.path, request);
    std::map<std::string, int> per_outlet;
    for (const auto& hit : capped.hits) {
        ++per_outlet[hit.source];
    }
    BOOST_TEST(per_outlet["Reuters"] == 1);
    BOOST_TEST(per_outlet["AP"] == 1);
    BOOST_TEST(per_outlet["Yahoo"] == 1);
    BOOST_TEST(per_outlet[""] == 1); // d1: no outlet, never capped
    BOOST_TEST(capped.total.upper == 4U);
    BOOST_TEST(capped.total.lower == 4U);
    // Paging walks the capped list.
    request.limit = 3;
    request.offset = 3;
    const auto page2 = search(db.path, request);
    BOOST_TEST(page2.hits.size() == 1U);
}

BOOST_AUTO_TEST_CASE(stories_lists_biggest_first_with_ties_by_id_and_pages) {
    const StoriesDb db;
    Searcher searcher(db.path);
    StoryListRequest request;
    request.all = true;
    const auto all = list_stories(searcher, request);
    BOOST_TEST(all.total == 4U);
    BOOST_TEST_REQUIRE(all.stories.size() == 4U);
    BOOST_TEST(all.stories[0].summary.id == story_of("a1"));
    BOOST_TEST(all.stories[0].summary.size == 3U);
    BOOST_TEST(all.stories[0].summary.article_ids == (Strings{"a1", "a2", "a3"}));
    BOOST_TEST(all.stories[0].headline == "Ukraine may strike Russia with ATACMS missiles");
    BOOST_TEST(all.stories[0].representative_id == "a1"); // the earliest
    BOOST_TEST(all.stories[1].summary.id == story_of("b1"));
    BOOST_TEST(all.stories[1].summary.outlets == (Strings{"Reuters"}));
    Strings singles{story_of("c1"), story_of("d1")};
    std::sort(singles.begin(), singles.end());
    BOOST_TEST(all.stories[2].summary.id == singles[0]);
    BOOST_TEST(all.stories[3].summary.id == singles[1]);

    request.all = false;
    request.offset = 1;
    request.limit = 2;
    const auto page = list_stories(searcher, request);
    BOOST_TEST(page.total == 4U);
    BOOST_TEST_REQUIRE(page.stories.size() == 2U);
    BOOST_TEST(page.stories[0].summary.id == all.stories[1].summary.id);
    BOOST_TEST(page.stories[1].summary.id == all.stories[2].summary.id);
    request.offset = 10;
    BOOST_TEST(list_stories(searcher, request).stories.empty());
}

BOOST_AUTO_TEST_CASE(stories_with_a_query_lists_matching_stories_with_their_best_match) {
    const StoriesDb db;
    Searcher searcher(db.path);
    StoryListRequest request;
    request.query.text = "kremlin";
    const auto list = list_stories(searcher, request);
    BOOST_TEST(list.total == 1U);
    BOOST_TEST_REQUIRE(list.stories.size() == 1U);
    BOOST_TEST(list.stories[0].summary.size == 3U); // the whole story, not only the match
    BOOST_TEST(list.stories[0].matches == 1U);
    BOOST_TEST(list.stories[0].representative_id == "a2");
    BOOST_TEST(list.stories[0].headline == "US lets Ukraine use long-range missiles");

    const auto parsed = json::parse(render_story_list_json(request, list));
    BOOST_TEST(parsed.at("format_version") == 2);
    const auto& story = parsed.at("stories").at(0);
    for (const char* key :
         {"id", "headline", "size", "outlets", "first_date", "last_date", "article_ids"}) {
        BOOST_TEST(story.contains(key), key);
    }
    BOOST_TEST(story.at("article_ids") == json(Strings{"a1", "a2", "a3"}));
}

BOOST_AUTO_TEST_CASE(resolve_story_takes_a_story_id_or_an_article_id) {
    const StoriesDb db;
    const Xapian::Database xdb(db.path);
    BOOST_TEST(resolve_story(xdb, story_of("b1")) == story_of("b1"));
    BOOST_TEST(resolve_story(xdb, "b2") == story_of("b1"));
    BOOST_CHECK_EXCEPTION((void)resolve_story(xdb, "nope"), news::Error,
                          has_kind(news::ErrorKind::NotFound));
    BOOST_CHECK_EXCEPTION((void)resolve_story(xdb, "s000000000000"), news::Error,
                          has_kind(news::ErrorKind::NotFound));
}

BOOST_AUTO_TEST_CASE(a_database_without_stories_gets_a_clear_error) {
    TempDir dir;
    const std::string path = dir / "db";
    build(path, specs, /*with_stories=*/false);
    const Xapian::Database xdb(path);
    BOOST_TEST(!has_stories(xdb));
    BOOST_CHECK_EXCEPTION((void)resolve_story(xdb, "a1"), news::Error,
                          has_kind(news::ErrorKind::BadData));
    Searcher searcher(path);
    BOOST_CHECK_EXCEPTION((void)list_stories(searcher, {}), news::Error,
                          has_kind(news::ErrorKind::BadData));
    auto request = request_for("missiles");
    request.group_stories = true;
    BOOST_CHECK_EXCEPTION((void)searcher.search(request), news::Error,
                          has_kind(news::ErrorKind::BadData));
    // A plain search still works; its hits have no story.
    request.group_stories = false;
    request.story_summaries = true;
    const auto result = searcher.search(request);
    BOOST_TEST(!result.hits.empty());
    BOOST_TEST(!result.hits.front().story.has_value());
}

BOOST_AUTO_TEST_CASE(story_view_lines_versions_up_in_order_of_appearance_with_copies_marked) {
    const StoriesDb db;
    Searcher searcher(db.path);
    const auto view = build_story_view(searcher.database(), searcher.stemmer(), story_of("a1"));
    BOOST_TEST_REQUIRE(view.versions.size() == 3U);
    BOOST_TEST(view.versions[0].id == "a1");
    BOOST_TEST(view.versions[1].id == "a2"); // same day as a3: by id
    BOOST_TEST(view.versions[2].id == "a3");
    BOOST_TEST(view.versions[2].copy_of == "a1");
    BOOST_TEST(view.versions[0].copy_of.empty());
    BOOST_TEST(view.versions[0].label == "Reuters");
    BOOST_TEST(view.summary.article_ids == (Strings{"a1", "a2", "a3"}));
}

BOOST_AUTO_TEST_CASE(story_view_finds_what_one_version_says_that_the_others_do_not) {
    const StoriesDb db;
    Searcher searcher(db.path);
    const auto view = build_story_view(searcher.database(), searcher.stemmer(), story_of("a1"));
    BOOST_TEST_REQUIRE(view.versions.size() == 3U);
    std::set<std::string> a2_words;
    for (const auto& term : view.versions[1].distinctive_terms) {
        a2_words.insert(term.word);
    }
    BOOST_TEST(a2_words.count("kremlin") == 1U);
    BOOST_TEST(a2_words.count("missiles") == 0U); // every version has it
    // a1 and its copy a3 say the same: what a1 has, a3 has too ("190" is in both).
    for (const auto& term : view.versions[0].distinctive_terms) {
        BOOST_TEST(term.word != "190");
    }
    BOOST_TEST(view.versions[0].distinctive_sentences.empty());
    const auto& sentences = view.versions[1].distinctive_sentences;
    BOOST_TEST(std::any_of(sentences.begin(), sentences.end(), [](const std::string& s) {
        return s.find("Peskov") != std::string::npos;
    }));
    // The troops sentence shares most of its words with a1.
    BOOST_TEST(std::none_of(sentences.begin(), sentences.end(), [](const std::string& s) {
        return s.find("12,000") != std::string::npos;
    }));
}

BOOST_AUTO_TEST_CASE(story_view_text_fits_the_width_and_json_has_every_part) {
    const StoriesDb db;
    Searcher searcher(db.path);
    const auto view = build_story_view(searcher.database(), searcher.stemmer(), story_of("a1"));
    for (const std::size_t width : {60U, 80U, 100U}) {
        const auto text = render_story_text(view, width);
        BOOST_TEST(widest_line(text) <= width, text);
        BOOST_TEST(text.find("copy of a1") != std::string::npos);
        BOOST_TEST(text.find("Story " + story_of("a1")) == 0U);
        BOOST_TEST(text.find("kremlin") != std::string::npos);
    }
    const auto parsed = json::parse(render_story_json(view));
    BOOST_TEST(parsed.at("format_version") == 2);
    BOOST_TEST(parsed.at("story").at("size") == 3);
    BOOST_TEST(parsed.at("versions").size() == 3U);
    BOOST_TEST(parsed.at("versions").at(2).at("copy_of") == "a1");
    BOOST_TEST(parsed.at("versions").at(0).at("copy_of").is_null());
    BOOST_TEST(parsed.at("claims").is_array());
}

BOOST_AUTO_TEST_CASE(story_view_labels_a_version_by_url_host_or_file_name_without_outlet) {
    TempDir dir;
    const std::string path = dir / "db";
    build(path, {{"feeds/x1.txt", "feeds/x1.txt", "", "", "", "", "Floods hit the valley town."},
                 {"feeds/x2.txt", "feeds/x1.txt", "", "", "", "", "Floods hit the valley."}});
    Searcher searcher(path);
    const auto view =
        build_story_view(searcher.database(), searcher.stemmer(), story_of("feeds/x1.txt"));
    BOOST_TEST_REQUIRE(view.versions.size() == 2U);
    BOOST_TEST(view.versions[0].label == "x1.txt");
}

BOOST_AUTO_TEST_CASE(json_hits_carry_their_story) {
    const StoriesDb db;
    auto request = request_for("earthquake");
    request.story_summaries = true;
    const auto result = search(db.path, request);
    const auto parsed = json::parse(render_json(request, result));
    BOOST_TEST(parsed.at("format_version") == 2);
    for (const auto& hit : parsed.at("hits")) {
        BOOST_TEST(hit.at("story").at("id") == story_of("b1"));
        BOOST_TEST(hit.at("story").at("size") == 2);
        BOOST_TEST(hit.at("story").at("outlets") == json(Strings{"Reuters"}));
    }
}

BOOST_AUTO_TEST_CASE(group_stories_total_equals_the_distinct_stories_of_every_match) {
    // 600 articles in stories of 1 to 12 articles, words spread so that queries match parts
    // of stories: the collapsed total must be the number of distinct stories among the matches.
    TempDir dir;
    const std::string path = dir / "db";
    std::vector<Spec> many;
    const Strings words{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"};
    std::size_t story = 0;
    std::size_t left = 0;
    std::string founder;
    for (std::size_t k = 0; k < 600; ++k) {
        const std::string id = "m" + std::to_string(k);
        if (left == 0) {
            founder = id;
            left = 1 + (story++ * 7) % 12;
        }
        --left;
        std::string body;
        for (std::size_t w = 0; w < words.size(); ++w) {
            if ((k * 31 + w * 17) % (w + 2) == 0) {
                body += words[w] + " ";
            }
        }
        many.push_back({id, founder, "", "Outlet " + std::to_string(k % 9), "", "", body + "x"});
    }
    build(path, many);
    Searcher searcher(path);
    for (const auto& word : words) {
        auto request = request_for(word);
        request.limit = 1000;
        const auto plain = searcher.search(request);
        std::set<std::string> stories;
        for (const auto& hit : plain.hits) {
            stories.insert(searcher.database()
                               .get_document(*searcher.database().postlist_begin("Q" + hit.id))
                               .get_value(news::schema::Story));
        }
        BOOST_TEST(stories.size() < plain.total.upper, word); // the collapse collapses
        request.group_stories = true;
        request.limit = 3;
        const auto grouped = searcher.search(request);
        BOOST_TEST(grouped.total.lower == stories.size(), word);
        BOOST_TEST(grouped.total.upper == stories.size(), word);
        request.limit = 0;
        BOOST_TEST(searcher.search(request).total.upper == stories.size(), word);
    }
}

BOOST_AUTO_TEST_CASE(story_view_renders_claims_with_hedges_versions_and_sentences) {
    StoryView view;
    view.summary.id = "s0123456789ab";
    view.summary.size = 3;
    for (const auto& [id, label] :
         {std::pair{"a1", "Reuters"}, std::pair{"a2", "AP"}, std::pair{"a3", "Yahoo"}}) {
        StoryVersion version;
        version.id = id;
        version.label = label;
        version.source = label;
        view.versions.push_back(version);
    }
    const auto claim = [](const char* quantity, double value, const char* hedge,
                          const char* sentence) {
        claims::Claim c;
        c.quantity = quantity;
        c.value = value;
        c.thing = "North Korean troops";
        c.hedge = hedge;
        c.sentence = sentence;
        return c;
    };
    claims::ClaimGroup troops;
    troops.thing = "North Korean troops";
    troops.disagrees = true;
    troops.versions = 3;
    troops.values.push_back(
        {10000,
         10000,
         "about",
         {{0, claim("10,000", 10000, "about", "About 10,000 troops are there.")},
          {2, claim("10,000", 10000, "about", "About 10,000 troops are there.")}}});
    troops.values.push_back({12000,
                             12000,
                             "as many as",
                             {{1, claim("12,000", 12000, "as many as", "As many as 12,000.")}}});
    claims::ClaimGroup miles;
    miles.thing = "miles";
    miles.versions = 1;
    miles.values.push_back(
        {190, 190, "about", {{0, claim("190", 190, "about", "A range of about 190 miles.")}}});
    view.claims = {troops, miles};

    const auto text = render_story_text(view, 80);
    const auto disputed = text.find("North Korean troops \u2014 versions differ");
    const auto single = text.find("miles \u2014 stated by one version only");
    BOOST_TEST_REQUIRE(disputed != std::string::npos, text);
    BOOST_TEST_REQUIRE(single != std::string::npos, text);
    BOOST_TEST(disputed < single);
    BOOST_TEST(text.find("about 10,000: [1] Reuters, [3] Yahoo\n") != std::string::npos, text);
    BOOST_TEST(text.find("as many as 12,000: [2] AP (only this version)") != std::string::npos,
               text);
    BOOST_TEST(text.find("[2] \u201cAs many as 12,000.\u201d") != std::string::npos, text);
    BOOST_TEST(widest_line(text) <= 80U);

    const auto parsed = json::parse(render_story_json(view));
    const auto& first = parsed.at("claims").at(0);
    BOOST_TEST(first.at("thing") == "North Korean troops");
    BOOST_TEST(first.at("disagrees") == true);
    BOOST_TEST(first.at("values").at(0).at("single_version") == false);
    BOOST_TEST(first.at("values").at(1).at("single_version") == true);
    const auto& statement = first.at("values").at(0).at("statements").at(1);
    BOOST_TEST(statement.at("version") == 3);
    BOOST_TEST(statement.at("article_id") == "a3");
    BOOST_TEST(statement.at("outlet") == "Yahoo");
    BOOST_TEST(statement.at("hedge") == "about");
    BOOST_TEST(statement.at("sentence") == "About 10,000 troops are there.");
}

BOOST_AUTO_TEST_SUITE_END()
