/// @file
/// @brief End-to-end tests of the stories news-index stores: every article in a story, the same
/// stories whatever the threads and runs, incremental runs, --delete, --prune, --recluster and
/// --no-stories, read back from the database with Xapian.
#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include "support/text_match.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace {

using news::test::contains;
using news::test::run_tool;
using news::test::RunResult;
using news::test::TempDir;
using nlohmann::json;

const std::string index_exe = NEWS_INDEX_EXE;

// Value slots and prefixes of common/SCHEMA.md (read as a user of the database would).
constexpr Xapian::valueno story_slot = 10;
constexpr Xapian::valueno copy_of_slot = 11;
constexpr Xapian::valueno features_slot = 12;
const std::string story_prefix = "XSTORY";

std::string data_file(const std::string& name) {
    return (news::test::source_dir() / "tests/data/stories" / name).string();
}

// What the database says of one article's story.
struct Stored {
    std::string story;
    std::string copy_of;
    bool has_features = false;
    std::vector<std::string> story_terms;
    bool operator==(const Stored& other) const {
        return story == other.story && copy_of == other.copy_of;
    }
};

std::ostream& operator<<(std::ostream& out, const Stored& stored) {
    return out << "{story " << stored.story << ", copy of '" << stored.copy_of << "'}";
}

// Article id -> its story, for every document of the database at @p db.
std::map<std::string, Stored> stories_of(const std::string& db_path) {
    const Xapian::Database db(db_path);
    std::map<std::string, Stored> out;
    for (auto posting = db.postlist_begin(""); posting != db.postlist_end(""); ++posting) {
        const Xapian::Document doc = db.get_document(*posting);
        std::string id;
        Stored stored;
        for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
            const std::string text = *term;
            if (text.rfind('Q', 0) == 0) {
                id = text.substr(1);
            } else if (text.rfind(story_prefix, 0) == 0) {
                stored.story_terms.push_back(text.substr(story_prefix.size()));
            }
        }
        stored.story = doc.get_value(story_slot);
        stored.copy_of = doc.get_value(copy_of_slot);
        stored.has_features = !doc.get_value(features_slot).empty();
        out[id] = stored;
    }
    return out;
}

std::string metadata(const std::string& db_path, const std::string& key) {
    return Xapian::Database(db_path).get_metadata(key);
}

// Runs news-index with --json and returns its summary event (null when there is none).
json index_json(std::vector<std::string> args, RunResult* result = nullptr) {
    args.emplace_back("--json");
    RunResult run = run_tool(index_exe, args);
    BOOST_TEST(run.exit_code == 0, run.describe());
    json summary;
    std::size_t start = 0;
    while (start < run.out.size()) {
        const std::size_t end = run.out.find('\n', start);
        const std::string line = run.out.substr(start, end - start);
        if (!line.empty()) {
            const json event = json::parse(line);
            if (event.value("type", "") == "summary") {
                summary = event;
            }
        }
        start = end == std::string::npos ? run.out.size() : end + 1;
    }
    if (result != nullptr) {
        *result = std::move(run);
    }
    return summary;
}

std::set<std::string> distinct_stories(const std::map<std::string, Stored>& stored) {
    std::set<std::string> out;
    for (const auto& [id, story] : stored) {
        out.insert(story.story);
    }
    return out;
}

// The invariants every database with stories keeps: each article has one story id, stored in
// the Story slot and as its one story term, and its features; a copy names an article.
void check_every_article_has_a_story(const std::map<std::string, Stored>& stored) {
    const std::regex story_id("s[0-9a-f]{12}");
    for (const auto& [id, story] : stored) {
        BOOST_TEST(std::regex_match(story.story, story_id),
                   id << ": story '" << story.story << "'");
        BOOST_TEST(story.story_terms == std::vector<std::string>{story.story}, id);
        BOOST_TEST(story.has_features, id << " has no story features");
        BOOST_TEST(story.copy_of != id, id << " is a copy of itself");
    }
}

BOOST_AUTO_TEST_SUITE(stories_index)

BOOST_AUTO_TEST_CASE(every_article_gets_a_story_and_the_summary_counts_them) {
    const TempDir dir;
    const auto db = dir / "db";
    const json summary = index_json({"--db", db, "--threads", "1", data_file("base.jsonl")});
    const auto stored = stories_of(db);
    BOOST_TEST_REQUIRE(stored.size() == 7U);
    check_every_article_has_a_story(stored);
    BOOST_TEST(metadata(db, "news.stories") == "on");
    BOOST_TEST(summary["stories"]["enabled"].get<bool>());
    BOOST_TEST(summary["stories"]["count"].get<std::size_t>() == distinct_stories(stored).size());
    std::size_t copies = 0;
    for (const auto& [id, story] : stored) {
        copies += story.copy_of.empty() ? 0U : 1U;
    }
    BOOST_TEST(summary["stories"]["copies"].get<std::size_t>() == copies);

    // The text summary says the same.
    const auto text = run_tool(index_exe, {"--db", dir / "db2", data_file("base.jsonl")});
    BOOST_TEST(contains(text.err, "news-index: stories: the database has " +
                                      std::to_string(distinct_stories(stored).size()) + " stories"),
               text.err);
}

BOOST_AUTO_TEST_CASE(the_same_input_gives_the_same_stories_whatever_the_threads_and_runs) {
    const TempDir dir;
    std::vector<std::map<std::string, Stored>> builds;
    for (const auto& [name, threads] : std::vector<std::pair<std::string, std::string>>{
             {"one", "1"}, {"two", "2"}, {"again", "2"}}) {
        const auto db = dir / name;
        index_json({"--db", db, "--threads", threads, data_file("base.jsonl")});
        builds.push_back(stories_of(db));
        check_every_article_has_a_story(builds.back());
        BOOST_TEST(metadata(db, "news.stories") == "on", name);
    }
    BOOST_TEST(builds[0] == builds[1]);
    BOOST_TEST(builds[1] == builds[2]);

    // An incremental run over the same articles (one writer and workers) keeps them.
    index_json({"--db", dir / "one", "--threads", "2", data_file("base.jsonl")});
    BOOST_TEST(stories_of(dir / "one") == builds[0]);
}

BOOST_AUTO_TEST_CASE(an_added_article_leaves_the_other_stories_as_they_were) {
    const TempDir dir;
    const auto db = dir / "db";
    index_json({"--db", db, data_file("base.jsonl")});
    const auto before = stories_of(db);
    const json summary = index_json({"--db", db, "--threads", "2", data_file("later.jsonl")});
    const auto after = stories_of(db);
    BOOST_TEST_REQUIRE(after.size() == before.size() + 1);
    check_every_article_has_a_story(after);
    for (const auto& [id, story] : before) {
        BOOST_TEST(after.at(id) == story, id);
    }
    BOOST_TEST(summary["stories"]["restored"].get<std::size_t>() == before.size());
    BOOST_TEST(summary["stories"]["without_features"].get<std::size_t>() == 0U);
    BOOST_TEST(summary["stories"]["count"].get<std::size_t>() == distinct_stories(after).size());
}

BOOST_AUTO_TEST_CASE(deleted_and_pruned_articles_leave_no_empty_story) {
    const TempDir dir;
    const auto db = dir / "db";
    index_json({"--db", db, data_file("base.jsonl"), data_file("later.jsonl")});
    const auto before = stories_of(db);

    // The founder of the Peru story goes: the others keep their story id.
    json summary = index_json({"--db", db, "--delete", "peru-wire"});
    auto after = stories_of(db);
    BOOST_TEST(after.count("peru-wire") == 0U);
    BOOST_TEST_REQUIRE(after.size() == before.size() - 1);
    for (const auto& [id, story] : after) {
        BOOST_TEST(story.story == before.at(id).story, id);
    }
    BOOST_TEST(summary["stories"]["count"].get<std::size_t>() == distinct_stories(after).size());

    // --prune: the later article is no longer in the inputs.
    summary = index_json({"--db", db, "--prune", data_file("base.jsonl")});
    after = stories_of(db);
    BOOST_TEST(after.count("peru-followup") == 0U);
    BOOST_TEST(summary["pruned"].get<std::size_t>() == 1U);
    check_every_article_has_a_story(after);
    // Stories are what the documents say: none is left without an article, and the count is
    // the number of distinct story ids the documents hold.
    BOOST_TEST(summary["stories"]["count"].get<std::size_t>() == distinct_stories(after).size());
    const Xapian::Database reader(db);
    for (auto term = reader.allterms_begin(story_prefix); term != reader.allterms_end(story_prefix);
         ++term) {
        BOOST_TEST(term.get_termfreq() > 0U, *term);
    }
}

BOOST_AUTO_TEST_CASE(recluster_rewrites_only_the_documents_whose_story_changed) {
    const TempDir dir;
    const auto db = dir / "db";
    index_json({"--db", db, "--threads", "2", data_file("base.jsonl")});
    json summary = index_json({"--db", db, "--recluster"});
    BOOST_TEST(summary["stories"]["reclustered"].get<bool>());
    const auto built = stories_of(db);
    check_every_article_has_a_story(built);

    // Nothing to change the second time: nothing rewritten.
    summary = index_json({"--db", db, "--recluster"});
    BOOST_TEST(summary["stories"]["reassigned"].get<std::size_t>() == 0U);
    BOOST_TEST(summary["stories"]["refeatured"].get<std::size_t>() == 0U);
    BOOST_TEST(stories_of(db) == built);

    // Damage two documents: one in a wrong story, one without features.
    {
        Xapian::WritableDatabase writable(db);
        auto posting = writable.postlist_begin("Qlibrary");
        Xapian::Document doc = writable.get_document(*posting);
        doc.remove_term(story_prefix + built.at("library").story);
        doc.add_boolean_term(story_prefix + "s000000000000");
        doc.add_value(story_slot, "s000000000000");
        writable.replace_document(*posting, doc);
        posting = writable.postlist_begin("Qturkey-quake");
        doc = writable.get_document(*posting);
        doc.remove_value(features_slot);
        writable.replace_document(*posting, doc);
        writable.commit();
    }
    RunResult run;
    summary = index_json({"--db", db, "--threads", "1", data_file("later.jsonl")}, &run);
    BOOST_TEST(summary["stories"]["without_features"].get<std::size_t>() == 1U);

    const auto terms_of_library = [&] {
        const Xapian::Database reader(db);
        return reader.get_document(*reader.postlist_begin("Qlibrary")).termlist_count();
    };
    const Xapian::termcount terms_before = terms_of_library();
    const auto before_recluster = stories_of(db);
    summary = index_json({"--db", db, "--recluster"});
    // The damaged document is given its story back, and the count is exactly the documents
    // whose story or copy-of changed (the clustering order of a recluster, by date, is not the
    // order the articles came in, so others may change too).
    std::size_t changed = 0;
    for (const auto& [id, story] : stories_of(db)) {
        changed += before_recluster.at(id) == story ? 0U : 1U;
    }
    BOOST_TEST(changed >= 1U);
    BOOST_TEST(summary["stories"]["reassigned"].get<std::size_t>() == changed);
    BOOST_TEST(summary["stories"]["refeatured"].get<std::size_t>() == 1U);
    BOOST_TEST(summary["stories"]["without_features"].get<std::size_t>() == 0U);
    const auto reclustered = stories_of(db);
    check_every_article_has_a_story(reclustered);
    BOOST_TEST(reclustered.at("library") == built.at("library"));
    BOOST_TEST(terms_of_library() == terms_before); // its story term replaced, nothing else

    // The same articles give the same stories, whichever way the database was built.
    const auto other = dir / "other";
    index_json({"--db", other, "--threads", "1", data_file("later.jsonl")});
    index_json({"--db", other, "--threads", "1", data_file("base.jsonl")});
    index_json({"--db", other, "--recluster"});
    BOOST_TEST(stories_of(other) == reclustered);
}

BOOST_AUTO_TEST_CASE(no_stories_is_remembered_until_recluster) {
    const TempDir dir;
    const auto db = dir / "db";
    json summary =
        index_json({"--db", db, "--no-stories", "--threads", "2", data_file("base.jsonl")});
    BOOST_TEST(!summary["stories"]["enabled"].get<bool>());
    BOOST_TEST(metadata(db, "news.stories") == "off");
    auto check_none = [&](const std::string& when) {
        for (const auto& [id, story] : stories_of(db)) {
            BOOST_TEST(story.story.empty(), when << ": " << id);
            BOOST_TEST(story.copy_of.empty(), when << ": " << id);
            BOOST_TEST(!story.has_features, when << ": " << id);
            BOOST_TEST(story.story_terms.empty(), when << ": " << id);
        }
    };
    check_none("built with --no-stories");

    // A later run without the flag keeps the choice.
    summary = index_json({"--db", db, data_file("later.jsonl")});
    BOOST_TEST(!summary["stories"]["enabled"].get<bool>());
    BOOST_TEST(stories_of(db).size() == 8U);
    check_none("an incremental run");

    // --recluster turns them on for every article, from the stored text.
    summary = index_json({"--db", db, "--recluster"});
    BOOST_TEST(summary["stories"]["enabled"].get<bool>());
    BOOST_TEST(summary["stories"]["refeatured"].get<std::size_t>() == 8U);
    BOOST_TEST(metadata(db, "news.stories") == "on");
    const auto on = stories_of(db);
    check_every_article_has_a_story(on);
    BOOST_TEST(summary["stories"]["count"].get<std::size_t>() == distinct_stories(on).size());

    // ... the same stories as a database built with them.
    index_json({"--db", dir / "built", data_file("base.jsonl"), data_file("later.jsonl")});
    index_json({"--db", dir / "built", "--recluster"});
    BOOST_TEST(stories_of(dir / "built") == on);

    // --no-stories on a database with stories removes them.
    summary = index_json({"--db", db, "--no-stories"});
    BOOST_TEST(summary["stories"]["removed"].get<std::size_t>() == 8U);
    BOOST_TEST(metadata(db, "news.stories") == "off");
    check_none("turned off");

    const auto both = run_tool(index_exe, {"--db", db, "--no-stories", "--recluster"});
    BOOST_TEST(both.exit_code == 64, both.describe());
    BOOST_TEST(contains(both.err, "--no-stories and --recluster"), both.err);
}

// The cases below check what the clustering decides, not only how it is stored.

BOOST_AUTO_TEST_CASE(a_syndicated_copy_is_marked_as_a_copy_in_its_original_story) {
    const TempDir dir;
    const auto db = dir / "db";
    index_json({"--db", db, data_file("base.jsonl")});
    const auto stored = stories_of(db);
    BOOST_TEST(stored.at("peru-copy").copy_of == "peru-wire");
    BOOST_TEST(stored.at("peru-copy").story == stored.at("peru-wire").story);
    BOOST_TEST(stored.at("festival-copy").copy_of == "festival");
    BOOST_TEST(stored.at("festival-copy").story == stored.at("festival").story);
}

BOOST_AUTO_TEST_CASE(a_rewrite_of_the_same_event_joins_its_story_without_being_a_copy) {
    const TempDir dir;
    const auto db = dir / "db";
    const json summary = index_json({"--db", db, data_file("base.jsonl")});
    const auto stored = stories_of(db);
    BOOST_TEST(stored.at("peru-rewrite").story == stored.at("peru-wire").story);
    BOOST_TEST(stored.at("peru-rewrite").copy_of.empty());
    BOOST_TEST(summary["stories"]["joined"].get<std::size_t>() == 3U);
    BOOST_TEST(summary["stories"]["copies"].get<std::size_t>() == 2U);
}

BOOST_AUTO_TEST_CASE(look_alike_events_stay_apart) {
    const TempDir dir;
    const auto db = dir / "db";
    index_json({"--db", db, data_file("base.jsonl"), data_file("later.jsonl")});
    const auto stored = stories_of(db);
    BOOST_TEST(stored.at("turkey-quake").story != stored.at("peru-wire").story);
    BOOST_TEST(stored.at("turkey-quake").story != stored.at("peru-followup").story);
    BOOST_TEST(stored.at("library").story != stored.at("festival").story);
}

BOOST_AUTO_TEST_CASE(an_incremental_run_joins_an_existing_story) {
    const TempDir dir;
    const auto db = dir / "db";
    index_json({"--db", db, data_file("base.jsonl")});
    const json summary = index_json({"--db", db, data_file("later.jsonl")});
    const auto stored = stories_of(db);
    BOOST_TEST(stored.at("peru-followup").story == stored.at("peru-wire").story);
    BOOST_TEST(summary["stories"]["joined"].get<std::size_t>() == 1U);
    BOOST_TEST(summary["stories"]["count"].get<std::size_t>() == 4U);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace
