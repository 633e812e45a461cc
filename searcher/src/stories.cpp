/// @file
/// @brief Story summaries, story lookup and the --stories list.
#include "news/searcher/stories.hpp"

#include "news/common/error.hpp"
#include "news/common/payload.hpp"
#include "news/common/schema.hpp"
#include "news/common/text.hpp"
#include "news/searcher/search.hpp"

#include "ranking.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <utility>

namespace news::searcher {
namespace {

const schema::FacetField& story_field() {
    static const schema::FacetField& field = *schema::find_facet("story");
    return field;
}

// "YYYYMMDD" (Published slot) as "YYYY-MM-DD"; anything else as empty.
std::string iso_day(const std::string& compact) {
    if (compact.size() != 8) {
        return {};
    }
    return compact.substr(0, 4) + "-" + compact.substr(4, 2) + "-" + compact.substr(6, 2);
}

// The value of @p it's slot for @p docid, with @p it moving forward only (docids ascending).
std::string value_at(Xapian::ValueIterator& it, const Xapian::ValueIterator& end,
                     Xapian::docid docid) {
    if (it == end) {
        return {};
    }
    if (it.get_docid() < docid) {
        it.skip_to(docid);
        if (it == end) {
            return {};
        }
    }
    return it.get_docid() == docid ? *it : std::string{};
}

// The article id of @p docid: its Q term, or the document data when the term was shortened.
std::string article_id(const Xapian::Database& db, Xapian::docid docid) {
    auto term = db.termlist_begin(docid);
    term.skip_to(std::string(schema::prefix::id));
    if (term != db.termlist_end(docid)) {
        const std::string q = *term;
        // bounded_term() hashes ids past 200 bytes: read the whole id from the data then.
        if (q.rfind(schema::prefix::id, 0) == 0 && q.size() < 200) {
            return q.substr(schema::prefix::id.size());
        }
    }
    return payload::decode(db.get_document(docid).get_data()).id;
}

} // namespace

bool has_stories(const Xapian::Database& db) {
    return db.get_doccount() == 0 || db.get_value_freq(schema::Story) > 0;
}

std::string story_term(const std::string& story_id) {
    return schema::filter_term(story_field(), story_id);
}

StorySummary summarize_story(const Xapian::Database& db, const std::string& story_id,
                             bool with_article_ids) {
    StorySummary summary;
    summary.id = story_id;
    const std::string term = story_term(story_id);
    summary.size = db.get_termfreq(term);
    if (summary.size == 0) {
        return summary;
    }
    auto source = db.valuestream_begin(schema::Source);
    auto published = db.valuestream_begin(schema::Published);
    const auto source_end = db.valuestream_end(schema::Source);
    const auto published_end = db.valuestream_end(schema::Published);
    std::map<std::string, std::size_t> outlets;
    struct Appearance {
        std::string day; // YYYYMMDD or "" (undated: last)
        std::string id;
    };
    std::vector<Appearance> articles;
    for (auto post = db.postlist_begin(term); post != db.postlist_end(term); ++post) {
        const Xapian::docid docid = *post;
        if (auto outlet = value_at(source, source_end, docid); !outlet.empty()) {
            ++outlets[outlet];
        }
        const std::string day = value_at(published, published_end, docid);
        if (!day.empty()) {
            if (summary.first_date.empty() || day < summary.first_date) {
                summary.first_date = day;
            }
            summary.last_date = std::max(summary.last_date, day);
        }
        if (with_article_ids) {
            articles.push_back({day, article_id(db, docid)});
        }
    }
    summary.first_date = iso_day(summary.first_date);
    summary.last_date = iso_day(summary.last_date);
    std::vector<std::pair<std::string, std::size_t>> by_count(outlets.begin(), outlets.end());
    std::stable_sort(by_count.begin(), by_count.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (auto& [outlet, count] : by_count) {
        summary.outlets.push_back(outlet);
    }
    std::sort(articles.begin(), articles.end(), [](const Appearance& a, const Appearance& b) {
        if (a.day.empty() != b.day.empty()) {
            return b.day.empty();
        }
        return a.day != b.day ? a.day < b.day : a.id < b.id;
    });
    for (auto& article : articles) {
        summary.article_ids.push_back(std::move(article.id));
    }
    return summary;
}

std::string resolve_story(const Xapian::Database& db, const std::string& id) {
    if (!has_stories(db)) {
        throw Error(ErrorKind::BadData,
                    "this database has no stories: it was built with news-index --no-stories",
                    "rebuild it with stories: news-index --db PATH --overwrite FOLDER");
    }
    if (db.get_termfreq(story_term(id)) > 0) {
        return id;
    }
    const std::string q = schema::id_term(id);
    const auto post = db.postlist_begin(q);
    if (post == db.postlist_end(q)) {
        throw Error(ErrorKind::NotFound,
                    fmt::format("--story '{}': no story or article has this id", id),
                    "a story id looks like s0123456789ab (see --stories); an article id is "
                    "shown with each hit");
    }
    const std::string story = db.get_document(*post).get_value(schema::Story);
    if (story.empty()) {
        throw Error(ErrorKind::BadData,
                    fmt::format("--story '{}': this article is in no story (indexed without "
                                "stories)",
                                id),
                    "rebuild the database with stories: news-index --db PATH --overwrite FOLDER");
    }
    return story;
}

namespace {

// The representative of a story without a query: its earliest article (dated before undated,
// then by id), which the summary lists first.
std::pair<std::string, std::string> earliest_article(const Xapian::Database& db,
                                                     const StorySummary& summary) {
    if (summary.article_ids.empty()) {
        return {};
    }
    const std::string& id = summary.article_ids.front();
    const std::string q = schema::id_term(id);
    const auto post = db.postlist_begin(q);
    if (post == db.postlist_end(q)) {
        return {id, {}};
    }
    return {id, payload::decode(db.get_document(*post).get_data()).title};
}

// The representative with a query: the story's best-ranked match (one top-1 search restricted
// to the story).
std::pair<std::string, std::string>
best_match(const Xapian::Database& db, const Xapian::Query& query, const std::string& story_id) {
    Xapian::Enquire enquire(db);
    ranking::rank(
        enquire, db,
        Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(story_term(story_id))),
        SortOrder::Relevance, false);
    const Xapian::MSet mset = enquire.get_mset(0, 1);
    if (mset.empty()) {
        return {};
    }
    const Article article = payload::decode(mset.begin().get_document().get_data());
    return {article.id, article.title};
}

} // namespace

StoryList list_stories(Searcher& searcher, const StoryListRequest& request) {
    const auto start = std::chrono::steady_clock::now();
    const Xapian::Database& db = searcher.database();
    if (!has_stories(db)) {
        throw Error(ErrorKind::BadData,
                    "this database has no stories: it was built with news-index --no-stories",
                    "rebuild it with stories: news-index --db PATH --overwrite FOLDER");
    }
    StoryList list;
    const auto& q = request.query;
    const bool everything = q.text.empty() && q.filters.empty() && !q.since && !q.until;
    const Xapian::Query query =
        everything ? Xapian::Query::MatchAll : searcher.build_query(q, &list.query_notes);
    list.parsed_query = query.get_description();

    // One unranked pass over every match counts the matches of each story.
    Xapian::ValueCountMatchSpy spy(schema::Story);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(&spy);
    list.matches = enquire.get_mset(0, 0, db.get_doccount()).get_matches_upper_bound();

    struct Found {
        std::string id;
        Xapian::doccount size = 0;
        Xapian::doccount matches = 0;
    };
    std::vector<Found> found;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        // Without a query every article matches: the size is the count already.
        const Xapian::doccount size =
            everything ? it.get_termfreq() : db.get_termfreq(story_term(*it));
        found.push_back({*it, size, it.get_termfreq()});
    }
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
        if (a.size != b.size) {
            return a.size > b.size;
        }
        return a.matches != b.matches ? a.matches > b.matches : a.id < b.id;
    });
    list.total = found.size();

    const std::size_t first = request.all ? 0 : std::min(request.offset, found.size());
    const std::size_t last =
        request.all ? found.size() : first + std::min(request.limit, found.size() - first);
    for (std::size_t k = first; k < last; ++k) {
        StoryListEntry entry;
        entry.summary = summarize_story(db, found[k].id, /*with_article_ids=*/true);
        entry.matches = found[k].matches;
        std::tie(entry.representative_id, entry.headline) =
            everything ? earliest_article(db, entry.summary) : best_match(db, query, found[k].id);
        list.stories.push_back(std::move(entry));
    }
    list.elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return list;
}

namespace {

using text::printable;

std::string date_span(const StorySummary& s) {
    if (s.first_date.empty()) {
        return "undated";
    }
    return s.first_date == s.last_date ? s.first_date : s.first_date + " to " + s.last_date;
}

std::string outlet_list(const std::vector<std::string>& outlets) {
    if (outlets.empty()) {
        return "outlets unknown";
    }
    std::string out;
    for (const auto& outlet : outlets) {
        out += (out.empty() ? "" : ", ") + printable(outlet);
    }
    return out;
}

} // namespace

std::string render_story_list_text(const StoryListRequest& request, const StoryList& list) {
    std::string out;
    const std::string what = request.query.text.empty()
                                 ? std::string("in the database")
                                 : fmt::format("match '{}'", printable(request.query.text));
    if (list.total == 0) {
        out += request.query.text.empty() ? "No stories in the database.\n"
                                          : fmt::format("No stories {}.\n", what);
        return out;
    }
    const std::string count =
        fmt::format("{} {} {}", list.total, list.total == 1 ? "story" : "stories", what);
    if (list.stories.empty()) {
        out += fmt::format("{}; none left after --offset {}.\n", count, request.offset);
        return out;
    }
    const std::size_t from = request.all ? 1 : request.offset + 1;
    out += fmt::format("{}; showing {}-{} ({:.1f} ms)\n", count, from,
                       from + list.stories.size() - 1, list.elapsed_ms);
    std::size_t rank = from;
    for (const auto& entry : list.stories) {
        const auto& s = entry.summary;
        const std::string headline =
            entry.headline.empty() ? "(untitled)" : printable(entry.headline);
        out += fmt::format("\n{:>2}. {}\n", rank++, headline);
        out += fmt::format("    {} \u00b7 {} {} \u00b7 {}\n", s.id, s.size,
                           s.size == 1 ? "article" : "articles", date_span(s));
        out += fmt::format("    {}\n", outlet_list(s.outlets));
        std::string ids;
        for (const auto& id : s.article_ids) {
            ids += (ids.empty() ? "" : ", ") + printable(id);
        }
        out += fmt::format("    articles: {}\n", ids);
    }
    const std::size_t shown_to = from + list.stories.size() - 1;
    if (!request.all && shown_to < list.total) {
        out += fmt::format("\nNext page: --offset {}\n", shown_to);
    }
    return out;
}

std::string render_story_list_json(const StoryListRequest& request, const StoryList& list) {
    using nlohmann::json;
    const auto nullable = [](const std::string& v) { return v.empty() ? json(nullptr) : json(v); };
    json stories = json::array();
    std::size_t rank = request.all ? 1 : request.offset + 1;
    for (const auto& entry : list.stories) {
        const auto& s = entry.summary;
        stories.push_back({{"rank", rank++},
                           {"id", s.id},
                           {"headline", nullable(entry.headline)},
                           {"representative_id", entry.representative_id},
                           {"size", s.size},
                           {"matches", entry.matches},
                           {"outlets", s.outlets},
                           {"first_date", nullable(s.first_date)},
                           {"last_date", nullable(s.last_date)},
                           {"article_ids", s.article_ids}});
    }
    json out = {{"format_version", 2},
                {"query", request.query.text},
                {"parsed_query", list.parsed_query},
                {"ignored_words", list.query_notes.ignored_words},
                {"notes", list.query_notes.notes},
                {"total", list.total},
                {"matches", list.matches},
                {"offset", request.all ? 0 : request.offset},
                {"limit", request.all ? json(nullptr) : json(request.limit)},
                {"stories", stories},
                {"elapsed_ms", list.elapsed_ms}};
    return out.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace news::searcher
