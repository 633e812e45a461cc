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
#include <unordered_map>
#include <utility>

namespace news::searcher {
namespace {

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

} // namespace

bool has_stories(const Xapian::Database& db) {
    return db.get_doccount() == 0 || db.get_value_freq(schema::Story) > 0;
}

namespace {

// An article of a story as the summaries read it.
struct Appearance {
    std::string day; // YYYYMMDD, or "" (undated: last)
    std::string id;
    std::string title;
};

// Order of appearance: dated before undated, by day, then by id.
bool appeared_before(const Appearance& a, const Appearance& b) {
    if (a.day.empty() != b.day.empty()) {
        return b.day.empty();
    }
    return a.day != b.day ? a.day < b.day : a.id < b.id;
}

// Summaries of @p story_ids in one forward pass over the Source and Published value streams (the
// stories' documents in docid order), instead of one pass per story. With @p earliest, the
// earliest article of each story (id and title) too.
std::vector<StorySummary> summarize_all(const Xapian::Database& db,
                                        const std::vector<std::string>& story_ids,
                                        bool with_article_ids,
                                        std::vector<Appearance>* earliest = nullptr) {
    std::vector<StorySummary> summaries(story_ids.size());
    std::vector<std::pair<Xapian::docid, std::size_t>> docs; // (docid, story index)
    for (std::size_t k = 0; k < story_ids.size(); ++k) {
        summaries[k].id = story_ids[k];
        const std::string term = schema::story_term(story_ids[k]);
        for (auto post = db.postlist_begin(term); post != db.postlist_end(term); ++post) {
            docs.emplace_back(*post, k);
        }
        summaries[k].size = db.get_termfreq(term);
    }
    std::sort(docs.begin(), docs.end());
    auto source = db.valuestream_begin(schema::Source);
    auto published = db.valuestream_begin(schema::Published);
    const auto source_end = db.valuestream_end(schema::Source);
    const auto published_end = db.valuestream_end(schema::Published);
    std::vector<std::map<std::string, std::size_t>> outlets(story_ids.size());
    std::vector<std::vector<Appearance>> articles(story_ids.size());
    for (const auto& [docid, k] : docs) {
        auto& summary = summaries[k];
        if (auto outlet = value_at(source, source_end, docid); !outlet.empty()) {
            ++outlets[k][outlet];
        }
        std::string day = value_at(published, published_end, docid);
        if (!day.empty()) {
            if (summary.first_date.empty() || day < summary.first_date) {
                summary.first_date = day;
            }
            summary.last_date = std::max(summary.last_date, day);
        }
        if (with_article_ids) {
            Article article = payload::decode(db.get_document(docid).get_data());
            articles[k].push_back(
                {std::move(day), std::move(article.id), std::move(article.title)});
        }
    }
    if (earliest != nullptr) {
        earliest->assign(story_ids.size(), Appearance{});
    }
    for (std::size_t k = 0; k < story_ids.size(); ++k) {
        auto& summary = summaries[k];
        summary.first_date = iso_day(summary.first_date);
        summary.last_date = iso_day(summary.last_date);
        std::vector<std::pair<std::string, std::size_t>> by_count(outlets[k].begin(),
                                                                  outlets[k].end());
        std::stable_sort(by_count.begin(), by_count.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        for (auto& entry : by_count) {
            summary.outlets.push_back(std::move(entry.first));
        }
        std::sort(articles[k].begin(), articles[k].end(), appeared_before);
        for (const auto& article : articles[k]) {
            summary.article_ids.push_back(article.id);
        }
        if (earliest != nullptr && !articles[k].empty()) {
            (*earliest)[k] = std::move(articles[k].front());
        }
    }
    return summaries;
}

} // namespace

std::vector<StorySummary> summarize_stories(const Xapian::Database& db,
                                            const std::vector<std::string>& story_ids,
                                            bool with_article_ids) {
    return summarize_all(db, story_ids, with_article_ids);
}

StorySummary summarize_story(const Xapian::Database& db, const std::string& story_id,
                             bool with_article_ids) {
    return std::move(summarize_all(db, {story_id}, with_article_ids).front());
}

std::string resolve_story(const Xapian::Database& db, const std::string& id) {
    if (!has_stories(db)) {
        throw Error(ErrorKind::BadData,
                    "this database has no stories: it was built with news-index --no-stories",
                    "rebuild it with stories: news-index --db PATH --overwrite FOLDER");
    }
    if (db.get_termfreq(schema::story_term(id)) > 0) {
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
    std::string story = db.get_document(*post).get_value(schema::Story);
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

// The representative with a query: the story's best-ranked match (one top-1 search restricted
// to the story).
std::pair<std::string, std::string> best_match(const Xapian::Database& db,
                                               const Xapian::Query& query,
                                               const std::string& story_id,
                                               const ranking::Lengths& lengths) {
    Xapian::Enquire enquire(db);
    ranking::rank(
        enquire, db,
        Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(schema::story_term(story_id))),
        SortOrder::Relevance, false, ranking::SideData{lengths});
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

    struct Found {
        std::string id;
        Xapian::doccount size = 0;
        Xapian::doccount matches = 0;
    };
    std::vector<Found> found;
    if (everything) {
        // Every story: one sequential read of the Story value stream, no matcher.
        std::unordered_map<std::string, Xapian::doccount> sizes;
        for (auto it = db.valuestream_begin(schema::Story); it != db.valuestream_end(schema::Story);
             ++it) {
            ++sizes[*it];
        }
        list.matches = db.get_doccount();
        for (auto& [id, size] : sizes) {
            found.push_back({id, size, size});
        }
    } else {
        // One unranked pass over every match counts the matches of each story.
        Xapian::ValueCountMatchSpy spy(schema::Story);
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        set_unranked_weighting(enquire, db);
        enquire.add_matchspy(&spy);
        list.matches = enquire.get_mset(0, 0, db.get_doccount()).get_matches_upper_bound();
        for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
            found.push_back({*it, db.get_termfreq(schema::story_term(*it)), it.get_termfreq()});
        }
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
    std::vector<std::string> page;
    for (std::size_t k = first; k < last; ++k) {
        page.push_back(found[k].id);
    }
    std::vector<Appearance> earliest;
    auto summaries = summarize_all(db, page, /*with_article_ids=*/true, &earliest);
    for (std::size_t k = 0; k < page.size(); ++k) {
        StoryListEntry entry;
        entry.summary = std::move(summaries[k]);
        entry.matches = found[first + k].matches;
        if (everything) {
            entry.representative_id = earliest[k].id;
            entry.headline = earliest[k].title;
        } else {
            std::tie(entry.representative_id, entry.headline) =
                best_match(db, query, page[k], searcher.doc_lengths());
        }
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
