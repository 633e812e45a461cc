/// @file
/// @brief Searcher: Enquire set-up, paging, facets and snippets.
#include "news/searcher/search.hpp"

#include "news/common/analysis.hpp"
#include "news/common/date.hpp"
#include "news/common/error.hpp"
#include "news/common/hit_records.hpp"
#include "news/common/schema.hpp"
#include "news/common/stored_body.hpp"
#include "news/searcher/more_like_this.hpp"
#include "news/searcher/snippets.hpp"

#include "ranking.hpp"
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace news::searcher {
namespace {

// Errors a search can meet when the database changed under an open handle, and which a fresh
// handle on the same path cures:
// - DatabaseModifiedError: a writer committed twice while we read, so the revision we had open
//   was recycled;
// - a rebuild swapped another database folder into place (news-index --overwrite builds aside,
//   then exchanges the folders): the tables opened lazily, or reopened, come from the new folder
//   while the rest still belongs to the old one, which shows as a corrupt block, an "EOF reading
//   block", or a table that cannot be opened.
// (Xapian's exceptions have no virtual functions: tell them apart by get_type().)
// Reads tried on fresh handles before a database error is reported.
constexpr int max_attempts = 3;

bool is_stale_handle_error(const Xapian::DatabaseError& e) {
    const std::string_view type = e.get_type();
    if (type == "DatabaseModifiedError" || type == "DatabaseCorruptError" ||
        type == "DatabaseOpeningError" || type == "DatabaseNotFoundError") {
        return true;
    }
    const std::string& msg = e.get_msg();
    return type == "DatabaseError" && (msg.find("EOF reading block") != std::string::npos ||
                                       msg.find("Error reading block") != std::string::npos);
}

} // namespace

Searcher::Searcher(const std::string& path) : Searcher(std::vector<std::string>{path}, {}) {}

Searcher::Searcher(std::vector<std::string> databases, ShardOptions options)
    : m_databases(std::move(databases)), m_options(options) {
    if (m_databases.empty()) {
        throw Error(ErrorKind::Usage, "no database given", "name one with --db PATH");
    }
    m_path = m_databases.front();
    open();
}

namespace {

// The folder's identity: a rebuild swapped into place is another folder (inode).
std::pair<std::uint64_t, std::uint64_t> folder_identity(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return {0, 0};
    }
    return {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)};
}

// Whether a shard that fails with @p kind may be left out under --allow-partial: one that
// cannot be read, not one that would answer differently (another schema) or a bad request.
bool may_be_missing(ErrorKind kind) {
    return kind == ErrorKind::Io || kind == ErrorKind::Corrupt || kind == ErrorKind::NotFound;
}

} // namespace

std::optional<std::string> Searcher::open_shard(const shards::Shard& shard,
                                                Xapian::Database& db) const {
    // Opening reads the schema stamp, which can meet the same races as a search (below).
    for (int attempt = 1;; ++attempt) {
        try {
            db = shards::open(shard, m_options.timeouts);
            // A database swapped in by a rebuild may have another schema or stemmer: check it
            // each time.
            return schema::check_schema(db, shard.name);
        } catch (const Xapian::DatabaseError& e) {
            if (attempt == max_attempts || !is_stale_handle_error(e)) {
                rethrow_as_news_error(shard.name);
            }
        } catch (const Xapian::Error&) {
            rethrow_as_news_error(shard.name);
        }
    }
}

void Searcher::open() {
    m_identity = folder_identity(m_path);
    std::vector<shards::Shard> all;
    for (const auto& database : m_databases) {
        auto listed = shards::expand(database);
        all.insert(all.end(), std::make_move_iterator(listed.begin()),
                   std::make_move_iterator(listed.end()));
    }
    m_single_folder = all.size() == 1 && !all.front().remote() && all.front().path == m_path;
    m_remote_shards = static_cast<std::size_t>(
        std::count_if(all.begin(), all.end(), [](const auto& s) { return s.remote(); }));
    std::error_code ec;
    if (m_single_folder && !std::filesystem::exists(m_path, ec)) {
        throw Error(ErrorKind::NotFound, m_path + ": no database here",
                    "build one with: news-index --db " + m_path + " FOLDER");
    }
    m_shard_count = all.size();
    m_missing.clear();
    Xapian::Database combined;
    std::vector<std::pair<std::string, Xapian::Database>> local_shards;
    std::optional<std::string> stemmer;
    std::string stemmer_shard;
    for (const auto& shard : all) {
        Xapian::Database db;
        std::optional<std::string> shard_stemmer;
        try {
            shard_stemmer = open_shard(shard, db);
        } catch (const Error& e) {
            if (!m_options.allow_partial || !may_be_missing(e.kind())) {
                throw;
            }
            m_missing.push_back({shard.name, e.what()});
            continue;
        }
        if (shard_stemmer && stemmer && *shard_stemmer != *stemmer) {
            throw Error(ErrorKind::Incompatible,
                        fmt::format("{}: shard uses stemmer '{}', but {} uses '{}'", shard.name,
                                    *shard_stemmer, stemmer_shard, *stemmer),
                        "the shards of one search must be built in one language");
        }
        if (shard_stemmer && !stemmer) {
            stemmer = shard_stemmer;
            stemmer_shard = shard.name;
        }
        combined.add_database(db);
        local_shards.emplace_back(shard.path, db);
    }
    if (combined.size() == 0) {
        throw Error(ErrorKind::Io,
                    fmt::format("no shard could be read ({} of {} missing; the first: {})",
                                m_missing.size(), m_shard_count, m_missing.front().error));
    }
    m_db = std::move(combined);
    if (has_remote_shard()) {
        local_shards.clear(); // a remote shard has no side files here: none are used
    }
    m_local_shards = std::move(local_shards);
    m_stemmer = analysis::make_stemmer(stemmer.value_or(std::string(schema::default_stemmer)));
    // The parser keeps its own handle on the database it was given: build it again with each
    // new handle.
    m_builder.emplace(m_db, m_stemmer);
    // Side files describe one revision: look again for this handle's.
    m_days_read = false;
    m_days.reset();
    m_columns_read = false;
    m_columns.reset();
    m_columns_why_not.clear();
    m_records_read = false;
    m_records.clear();
    m_lengths_read = false;
    m_lengths.reset();
    m_build_watch.reset();
}

const std::shared_ptr<const doc_lengths::Lengths>& Searcher::doc_lengths() {
    // Xapian initialises a posting source once per sub-database, without saying which: the
    // lengths of several shards cannot be told apart, so only a one-shard database reads them.
    if (!m_lengths_read) {
        m_lengths_read = true;
        if (m_local_shards.size() == 1) {
            const auto& [path, db] = m_local_shards.front();
            std::string why_not; // a stale file changes no answer: Xapian's lengths are read
            m_lengths = doc_lengths::Lengths::open(path, db, why_not);
        }
    }
    return m_lengths;
}

const DayColumn* Searcher::day_column() {
    if (!m_days_read) {
        m_days_read = true;
        const facet_columns::Columns* columns = facet_columns();
        if (const auto* column = columns != nullptr ? columns->column("date.day") : nullptr) {
            m_days.emplace(m_columns, *column);
        }
    }
    return m_days ? &*m_days : nullptr;
}

Xapian::Query Searcher::build_query(const QueryRequest& request, QueryNotes* notes) {
    if (request.since || request.until) {
        m_builder->use_days(day_column());
    }
    return m_builder->build(request, notes);
}

std::vector<const hit_records::Records*> Searcher::hit_records() {
    if (!m_records_read) {
        m_records_read = true;
        // Each shard's records, or none when one shard has none that describes it: a stale
        // file changes no answer, the document data is read instead.
        for (const auto& [path, db] : m_local_shards) {
            std::string why_not;
            auto records = hit_records::Records::open(path, db, why_not);
            if (!records) {
                m_records.clear();
                break;
            }
            m_records.push_back(std::move(records));
        }
    }
    std::vector<const hit_records::Records*> records;
    records.reserve(m_records.size());
    for (const auto& shard : m_records) {
        records.push_back(shard.get());
    }
    return records;
}

const facet_columns::Columns* Searcher::facet_columns() {
    // Over several shards Xapian 1.4 shows a match spy each document by its number within its
    // shard, without saying which shard: no column can be read for it. The value slots are.
    if (!m_columns_read) {
        m_columns_read = true;
        if (m_local_shards.size() == 1) {
            const auto& [path, db] = m_local_shards.front();
            m_columns = facet_columns::Columns::open(path, db, m_columns_why_not);
        }
    }
    return m_columns.get();
}

SearchResult Searcher::search(const SearchRequest& request) {
    // An open handle keeps reading the files it opened, even once a rebuild has replaced the
    // folder: notice the swap (one stat) and read the database now at the path.
    if (const auto now = folder_identity(m_path);
        m_single_folder && now.second != 0 && now != m_identity) {
        open();
    }
    // A writer that commits while we read can recycle the blocks of the revision we opened
    // (Xapian then reports the handle modified, or a block of the wrong level): read again from
    // a fresh handle. A few times at most: a failure that persists on fresh handles is real.
    for (int attempt = 1;; ++attempt) {
        try {
            SearchResult result = run(request);
            result.shard_count = m_shard_count;
            result.missing_shards = m_missing;
            return result;
        } catch (const Xapian::DatabaseError& e) {
            if (attempt == max_attempts || !is_stale_handle_error(e)) {
                rethrow_as_news_error(m_path);
            }
        } catch (const Xapian::NetworkError&) {
            // A remote shard stopped answering. Opening every shard again names it in the error,
            // or (--allow-partial) leaves it out of the next attempt.
            if (attempt == max_attempts) {
                rethrow_as_news_error(m_path);
            }
        }
        open();
    }
}

namespace {

// Whether the facets are counted in an unranked pass of their own rather than by spies on the
// ranked one:
// - under a collapse, which changes which documents the spies are shown;
// - on remote shards when sorting by date: Xapian 1.4 then shows the servers' spies some
//   matches twice (Reuters, 4 remote shards, "among" newest first: 533 counted for 529 matches).
bool facets_in_own_pass(const SearchRequest& request, bool remote) {
    return request.group_stories || request.per_source > 0 ||
           (remote && request.sort != SortOrder::Relevance);
}

// Counting every match is what makes facets and totals exact, and it disables the matcher's
// early termination. Totals are exact unless the request opts out: Xapian's estimate can be off
// by a factor of ten (a phrase, or an AND of words that occur together more often than chance).
Xapian::doccount matches_to_count(const SearchRequest& request, const Xapian::Database& db,
                                  bool remote) {
    Xapian::doccount check_at_least = 0;
    if (!request.facets.empty() && !facets_in_own_pass(request, remote)) {
        check_at_least = request.facet_sample == 0 ? db.get_doccount() : request.facet_sample;
    }
    if (request.exact_total) {
        check_at_least = db.get_doccount();
    }
    return check_at_least;
}

Xapian::doccount clamp_count(std::size_t n) {
    return static_cast<Xapian::doccount>(
        std::min<std::size_t>(n, std::numeric_limits<Xapian::doccount>::max()));
}

// A hit's fields from its record, without the snippet.
Hit make_hit(hit_records::HitRecord&& record, std::size_t rank, double score) {
    Hit hit;
    hit.rank = rank;
    hit.id = std::move(record.id);
    hit.title = std::move(record.title);
    hit.source = std::move(record.source);
    hit.authors = std::move(record.authors);
    hit.date = std::move(record.date);
    hit.url = std::move(record.url);
    hit.entities = std::move(record.entities);
    hit.score = score;
    return hit;
}

// How many articles of each of @p stories match @p query: one unranked pass over
// (query FILTER any of their story terms), which the story terms keep small, counted by story.
std::vector<Xapian::doccount> matches_per_story(const Xapian::Database& db,
                                                const Xapian::Query& query,
                                                const std::vector<std::string>& stories) {
    std::vector<Xapian::Query> terms;
    terms.reserve(stories.size());
    for (const auto& story : stories) {
        terms.emplace_back(schema::story_term(story));
    }
    const Xapian::Query in_stories(Xapian::Query::OP_OR, terms.begin(), terms.end());
    Xapian::ValueCountMatchSpy by_story(schema::Story);
    (void)count_every_match(db, Xapian::Query(Xapian::Query::OP_FILTER, query, in_stories),
                            [&](Xapian::Enquire& enquire) { enquire.add_matchspy(&by_story); });
    std::vector<Xapian::doccount> counts(stories.size(), 0);
    for (auto value = by_story.values_begin(); value != by_story.values_end(); ++value) {
        const auto at = std::find(stories.begin(), stories.end(), *value);
        if (at != stories.end()) {
            counts[static_cast<std::size_t>(at - stories.begin())] = value.get_termfreq();
        }
    }
    return counts;
}

// The stories of @p hits (@p stories: each hit's story id, or empty), read in one pass; under
// --group stories also how many of each story's articles match.
void add_stories(std::vector<Hit>& hits, const std::vector<std::string>& stories,
                 const Xapian::Database& db, const Xapian::Query& query,
                 const SearchRequest& request) {
    std::vector<std::string> distinct;
    for (const auto& story : stories) {
        if (!story.empty() &&
            std::find(distinct.begin(), distinct.end(), story) == distinct.end()) {
            distinct.push_back(story);
        }
    }
    const auto summaries = summarize_stories(db, distinct, /*with_article_ids=*/false);
    const auto matches = request.group_stories && !distinct.empty()
                             ? matches_per_story(db, query, distinct)
                             : std::vector<Xapian::doccount>{};
    for (std::size_t k = 0; k < hits.size(); ++k) {
        if (stories[k].empty()) {
            continue;
        }
        const auto at = static_cast<std::size_t>(
            std::find(distinct.begin(), distinct.end(), stories[k]) - distinct.begin());
        hits[k].story = summaries[at];
        if (request.group_stories) {
            hits[k].story_matches = matches[at];
        }
    }
}

// The hits of @p mset, ranked from request.offset + 1, with snippets when asked for. A hit is
// read from @p records when they have it, else from its document (the same fields).
std::vector<Hit> collect_hits(const Xapian::MSet& mset, const Xapian::Query& query,
                              const Xapian::Stem& stemmer, const SearchRequest& request,
                              const Xapian::Database& db,
                              const std::vector<const hit_records::Records*>& records) {
    const SnippetMaker snippets(query, stemmer, request.snippet_bytes);
    std::vector<Hit> hits;
    std::vector<std::string> stories; // each hit's story id
    std::size_t rank = request.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        std::optional<hit_records::HitRecord> record;
        if (!records.empty()) {
            // Document D of N interleaved shards is document (D-1)/N+1 of shard (D-1) mod N.
            const auto shards = static_cast<Xapian::docid>(records.size());
            record = records[(*it - 1) % shards]->read((*it - 1) / shards + 1);
        }
        if (!record) {
            const Xapian::Document doc = it.get_document();
            record = hit_records::from_document(doc.get_data(), doc.get_value(schema::Story));
        }
        stories.push_back(std::move(record->story));
        Hit hit = make_hit(std::move(*record), ++rank, it.get_weight());
        hit.title_highlight = snippets.highlight(hit.title);
        if (request.snippets) {
            hit.snippet = snippets.make(stored_body::of(it.get_document()));
        }
        hits.push_back(std::move(hit));
    }
    if (request.story_summaries || request.group_stories) {
        add_stories(hits, stories, db, query, request);
    }
    return hits;
}

// Facet counts are exact when every match was counted and each facet saw every one of them.
bool facets_are_exact(const std::vector<FacetCounts>& facets, const Totals& total) {
    const bool all_counted = total.lower == total.upper;
    bool exact = true;
    for (const auto& counts : facets) {
        if (!all_counted || counts.seen < total.lower) {
            exact = false;
        }
    }
    return exact;
}

} // namespace

SearchResult Searcher::run(const SearchRequest& request) {
    const auto start = std::chrono::steady_clock::now();
    if (has_remote_shard() && !request.facets.empty() && request.facet_unit == FacetUnit::Stories) {
        throw Error(ErrorKind::Usage,
                    "--facet-count stories cannot count remote shards: it needs a counter of our "
                    "own, which a stock xapian-tcpsrv cannot run",
                    "count articles (leave out --facet-count), or search the shards' folders");
    }
    SearchResult result;
    if (request.query.since || request.query.until) {
        m_builder->use_days(day_column());
    }
    const Xapian::Query query = request.query.like.empty()
                                    ? m_builder->build(request.query, &result.query_notes)
                                    : build_like_query(*m_builder, m_db, request.query,
                                                       &result.query_notes, &result.like_terms);
    result.parsed_query = query.get_description();
    for (auto& note : missing_filter_values(m_db, request.query.filters)) {
        result.query_notes.notes.push_back(std::move(note));
    }
    if (request.explain) {
        result.explanation = explain_query(request.query, query, result.query_notes, m_stemmer);
    }
    result.suggestion = suggest_spelling(m_db, m_stemmer, request.query.text);
    if (result.suggestion && request.query.like.empty()) {
        QueryRequest corrected = request.query;
        corrected.text = result.suggestion->text;
        result.suggestion->total = count_every_match(m_db, m_builder->build(corrected));
        if (result.suggestion->total == 0) {
            result.suggestion.reset(); // no better than the query typed
        }
    }

    if (request.group_stories && !has_stories(m_db)) {
        throw Error(ErrorKind::BadData,
                    "--group stories: this database has no stories: it was built with "
                    "news-index --no-stories",
                    "rebuild it with stories: news-index --db " + m_path + " --overwrite FOLDER");
    }
    // Declared before the Enquire, which keeps plain pointers to the spies until it is destroyed.
    const facet_columns::Columns* columns =
        request.facets.empty() || request.facet_unit != FacetUnit::Articles ? nullptr
                                                                            : facet_columns();
    FacetCounter facets(m_db, request.facets, request.facet_unit, columns);
    Xapian::Enquire enquire(m_db);
    if (request.limit == 0) {
        // Only the count (and facets): nothing is ranked, so no weight, no document length and
        // no sort key is read for any match.
        enquire.set_query(query);
        set_unranked_weighting(enquire, m_db);
    } else {
        // The same matches, in the order of the ranking (title boost, expansion) or the sort.
        ranking::rank(enquire, m_db, query, request.sort, request.expand,
                      ranking::SideData{doc_lengths(), day_column()});
        if (request.recency) {
            enquire.set_query(with_recency(m_db, enquire.get_query(), ranking::weighting_scheme(),
                                           *request.recency));
            result.query_notes.notes.push_back(describe_recency(m_db, *request.recency));
        }
    }
    // When the ranked pass cannot show the match spies every match once (facets_in_own_pass()),
    // facets are counted over every match in an unranked pass of their own, so they stay exact
    // counts of articles (or of stories, by FacetUnit).
    const bool own_pass = facets_in_own_pass(request, has_remote_shard());
    if (!own_pass) {
        facets.attach(enquire);
    }
    // One collapse key per search (Xapian's limit): options.cpp refuses both at once. Articles
    // with an empty key (no story, no outlet) are never collapsed.
    if (request.group_stories) {
        enquire.set_collapse_key(schema::Story);
    } else if (request.per_source > 0) {
        enquire.set_collapse_key(schema::Source, request.per_source);
    }

    const Xapian::doccount check_at_least = matches_to_count(request, m_db, has_remote_shard());
    const Xapian::MSet mset =
        enquire.get_mset(clamp_count(request.offset), clamp_count(request.limit), check_at_least);
    result.total = {mset.get_matches_estimated(), mset.get_matches_lower_bound(),
                    mset.get_matches_upper_bound()};
    result.hits =
        collect_hits(mset, query, m_stemmer, request, m_db,
                     mset.empty() ? std::vector<const hit_records::Records*>{} : hit_records());
    if (own_pass && !request.facets.empty()) {
        facets.count(m_db, query);
    }
    result.facets = facets.results(request.facet_limit);
    result.facets_exact = own_pass || facets_are_exact(result.facets, result.total);
    if (request.significant > 0) {
        result.significant = significant_terms(m_db, query, m_stemmer, request.significant);
    }
    if (request.histogram) {
        result.histogram = compute_histogram(m_db, query, *request.histogram, request.query.since,
                                             request.query.until);
    }
    result.build = m_build_watch.check(m_db, m_path);
    if (!request.facets.empty() && request.facet_unit == FacetUnit::Articles && !result.build) {
        // Stale or missing columns, or a column found damaged when first used.
        result.facet_columns_warning = columns == nullptr ? m_columns_why_not : columns->damage();
    }
    result.elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace news::searcher
