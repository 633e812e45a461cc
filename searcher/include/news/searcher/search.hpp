/// @file
/// @brief Running a search against a news database: ranking, paging, facets, snippets.
#pragma once

#include "news/common/article.hpp"
#include "news/common/doc_lengths.hpp"
#include "news/common/hit_records.hpp"
#include "news/common/shards.hpp"
#include "news/searcher/build_state.hpp"
#include "news/searcher/day_column.hpp"
#include "news/searcher/explain.hpp"
#include "news/searcher/facets.hpp"
#include "news/searcher/histogram.hpp"
#include "news/searcher/query_builder.hpp"
#include "news/searcher/recency.hpp"
#include "news/searcher/significant.hpp"
#include "news/searcher/snippets.hpp"
#include "news/searcher/stories.hpp"
#include "news/searcher/suggest.hpp"

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace news::searcher {

/// How hits are ordered.
enum class SortOrder {
    Relevance, ///< IneB2 with the title boost (ranking.hpp)
    Date,      ///< newest first, relevance breaking ties; undated articles last
    Oldest,    ///< oldest first, relevance breaking ties; undated articles last
};

/// How a search reaches the shards of its databases.
struct ShardOptions {
    shards::RemoteTimeouts timeouts; ///< for remote shards: connecting, and each reply
    /// --allow-partial: when some shards cannot be read (a remote that does not answer, a
    /// missing or damaged shard), answer from the others and name the missing ones
    /// (Searcher::missing_shards()); otherwise such a shard ends the run. Never for a shard of
    /// another schema or language, and never when no shard is left.
    bool allow_partial = false;
};

/// A shard left out of the answer (ShardOptions::allow_partial).
struct MissingShard {
    std::string name;  ///< its path, or tcp://HOST:PORT
    std::string error; ///< why it could not be read
};

/// One search as the user asked for it.
struct SearchRequest {
    QueryRequest query;                    ///< what to match
    std::vector<std::string> facets;       ///< facet field names to count
    std::size_t offset = 0;                ///< hits to skip (paging)
    std::size_t limit = 10;                ///< hits to return at most
    SortOrder sort = SortOrder::Relevance; ///< how hits are ordered
    /// 0: exact facet counts over every match. N: count over at least N matches (faster on
    /// huge result sets; counts are then marked inexact).
    Xapian::doccount facet_sample = 0;
    std::size_t facet_limit = 10; ///< values shown per facet (0: all)
    /// Count every match, so the total is exact (the default). False: Xapian's estimate and its
    /// bounds, from the matches it needed to rank the page (faster on common words).
    bool exact_total = true;
    bool snippets = true; ///< build highlighted snippets (the costliest part of a hit)
    bool expand = false;  ///< re-rank with pseudo-relevance feedback (same matches, other order)
    /// --recency: blend freshness into the relevance score (recency.hpp); relevance order only.
    std::optional<RecencyRequest> recency;
    std::size_t significant = 0; ///< --significant N: list N over-represented words; 0: none
    bool explain = false; ///< --explain: describe the query in words (SearchResult::explanation)
    std::size_t snippet_bytes = 240;           ///< maximum snippet length in bytes
    std::optional<HistogramRequest> histogram; ///< also count matches per period (--histogram)
    /// --group stories: one hit per story (collapse key: the Story slot), its best-ranked
    /// article; the total counts stories.
    bool group_stories = false;
    /// --per-source N: at most N hits per outlet (collapse key: the Source slot); 0: no cap.
    /// The cap applies to the whole ranked list before paging; the total counts what is left.
    Xapian::doccount per_source = 0;
    /// What facet counts count (--facet-count): articles, or stories once per value.
    FacetUnit facet_unit = FacetUnit::Articles;
    /// Read each hit's story (size, outlets, dates) from its articles: needed by --json and
    /// --group stories; costs one posting list walk per hit.
    bool story_summaries = false;
};

/// One ranked article.
struct Hit {
    std::size_t rank = 0; ///< 1-based, counting from the first result of the whole result list
    std::string id;       ///< the article id
    std::string title;    ///< empty when the article has none
    std::string source;   ///< the outlet, or empty
    std::vector<std::string> authors; ///< as indexed, in input order
    std::string date;                 ///< YYYY-MM-DD, or empty
    std::string url;                  ///< empty when the article has none
    NamedEntities entities;           ///< the article's extracted entities (none: not extracted)
    double score = 0;                 ///< relevance weight; higher is more relevant
    Snippet snippet;                  ///< body excerpt around the matches; empty without snippets
    /// The title as one line, with the query words in it highlighted (SnippetMaker::highlight).
    Snippet title_highlight;
    /// The article's story when SearchRequest::story_summaries is set and the article has one.
    std::optional<StorySummary> story;
    /// --group stories: the story's articles that match the query (of story->size).
    Xapian::doccount story_matches = 0;
};

/// The total number of matches: exact when lower == upper (always so when the request asked
/// for an exact total).
struct Totals {
    Xapian::doccount estimate = 0; ///< Xapian's best estimate
    Xapian::doccount lower = 0;    ///< at least this many matches
    Xapian::doccount upper = 0;    ///< at most this many matches
};

/// Everything a search produced.
struct SearchResult {
    std::string parsed_query;           ///< Xapian's description of the query that ran
    QueryNotes query_notes;             ///< words the parser dropped, and how the query was read
    Totals total;                       ///< number of matches
    std::vector<Hit> hits;              ///< the requested page, in sort order
    std::vector<FacetCounts> facets;    ///< in the order requested, duplicates dropped
    bool facets_exact = true;           ///< every facet counted every match
    double elapsed_ms = 0;              ///< wall-clock time of the search, in milliseconds
    std::optional<Histogram> histogram; ///< when the request asked for one
    /// The query with its likely misspellings corrected (suggest_spelling()), with the number of
    /// articles it matches; nullopt when every word looks right.
    std::optional<Suggestion> suggestion;
    /// --significant: the words most over-represented in the matches.
    std::optional<SignificantTerms> significant;
    /// --like: the stems the given articles contributed (more_like_this.hpp), best first.
    std::vector<std::string> like_terms;
    /// --explain: the query in words (explain_query()), one item a line; else empty.
    std::string explanation;
    /// Set when a writer holds the database's lock (news-index is building or updating it).
    /// A Searcher tests the lock at most once a second (BuildWatch).
    std::optional<BuildInProgress> build;
    /// Why the facets were counted from Xapian's value slots rather than the database's facet
    /// columns, when the columns exist but do not describe the database (changed by another
    /// tool, or a run stopped before writing them); the counts are the same, only slower. Empty
    /// otherwise, and during a build.
    std::string facet_columns_warning;
    /// The shards searched and missing (--allow-partial): a result with missing shards is
    /// partial, its totals and facets count only the shards that answered.
    std::size_t shard_count = 1;
    std::vector<MissingShard> missing_shards; ///< empty: every shard answered
};

/// An open news database, ready to answer searches. Not thread-safe: one per thread.
class Searcher {
public:
    /// Opens @p path read-only (a database folder, a sharded folder, a stub file or a
    /// tcp://HOST:PORT remote) and checks its schema.
    /// @throws news::Error: NotFound (no database), Incompatible (other schema; hint:
    /// rebuild), Corrupt, Io.
    explicit Searcher(const std::string& path);

    /// Opens every shard of @p databases (each as the one-path form takes it) as one database:
    /// their articles are searched together, ranked with the statistics of them all. Each shard's
    /// schema is checked, and a shard that fails is named in the error.
    /// @throws news::Error as the one-path form; Incompatible when shards differ in stemmer.
    Searcher(std::vector<std::string> databases, ShardOptions options);

    /// The shards named by the databases given (those read and those missing).
    [[nodiscard]] std::size_t shard_count() const noexcept { return m_shard_count; }

    /// The open shards' folders and handles, in the order Xapian numbers them, when all are
    /// local (each has its own side files); empty when some are remote.
    [[nodiscard]] const std::vector<std::pair<std::string, Xapian::Database>>&
    local_shards() const noexcept {
        return m_local_shards;
    }

    /// How many of the shards named are remote (served by xapian-tcpsrv).
    [[nodiscard]] std::size_t remote_shard_count() const noexcept { return m_remote_shards; }

    /// Whether some shard is remote.
    [[nodiscard]] bool has_remote_shard() const noexcept { return m_remote_shards > 0; }

    /// The shards left out (only with ShardOptions::allow_partial), as of the last open.
    [[nodiscard]] const std::vector<MissingShard>& missing_shards() const noexcept {
        return m_missing;
    }

    /// Runs @p request, first reopening the database when another folder has taken its path
    /// (a rebuild swapped into place). When the search fails because the database changed under the
    /// open handle (a writer's commits overtook it, or a rebuild was swapped into the folder), the
    /// database is opened again from its path and the search run again, once.
    /// @throws news::Error (Usage) for a bad query, filter or facet name; Corrupt, Io or
    /// Incompatible when the retry fails too.
    [[nodiscard]] SearchResult search(const SearchRequest& request);

    /// Document count of the open revision.
    [[nodiscard]] Xapian::doccount doc_count() const { return m_db.get_doccount(); }

    /// The open database, for readers of the whole match set or of the database (export, stats).
    [[nodiscard]] const Xapian::Database& database() const { return m_db; }

    /// The matching query search() runs for @p request (before ranking).
    /// @throws news::Error (Usage) as QueryBuilder::build().
    [[nodiscard]] Xapian::Query build_query(const QueryRequest& request,
                                            QueryNotes* notes = nullptr);

    /// The stemmer of the open database.
    [[nodiscard]] const Xapian::Stem& stemmer() const { return m_stemmer; }

    /// The document lengths of the open revision of a one-shard local database (its doc-lengths
    /// side file, read once, when a search first ranks), for the ranking to read instead of
    /// Xapian's length list; null when there are none to use (several or remote shards, a stale
    /// or missing file): the ranking reads Xapian's, with the same weights.
    [[nodiscard]] const std::shared_ptr<const doc_lengths::Lengths>& doc_lengths();

    /// The articles' days from the `date.day` facet column of the open revision of a one-shard
    /// local database (its facet-columns side file), for `--sort date`, `--sort oldest` and
    /// `--since`/`--until` to read instead of value slots and date terms; nullptr when there is
    /// none to use: those are read, for the same answers.
    [[nodiscard]] const DayColumn* day_column();

private:
    /// Opens every shard of m_databases, checks their schemas and builds the query builder.
    void open();
    /// Opens @p shard and checks its schema; returns its stemmer (nullopt: an empty database).
    std::optional<std::string> open_shard(const shards::Shard& shard, Xapian::Database& db) const;
    /// Whether the open shards can have side files: all local (each shard's folder has its own).
    [[nodiscard]] bool has_side_files() const noexcept { return !m_local_shards.empty(); }
    SearchResult run(const SearchRequest& request);
    /// The facet columns of the open revision of a one-shard database (read once, when a search
    /// first counts facets), or nullptr with m_columns_why_not saying why, when there is a
    /// reason to tell.
    const facet_columns::Columns* facet_columns();
    /// The hit records of the open revision, one per shard (read once, when a search first has
    /// hits), or none: hits are then read from the document data.
    std::vector<const hit_records::Records*> hit_records();

    std::vector<std::string> m_databases; ///< as given
    ShardOptions m_options;
    std::string m_path; ///< the first of m_databases: how messages name the database
    std::size_t m_shard_count = 1;
    std::vector<MissingShard> m_missing;
    bool m_single_folder = true;     ///< one local database folder (side files, rebuild swaps)
    std::size_t m_remote_shards = 0; ///< the shards that are remote ones (xapian-tcpsrv)
    /// The open shards' folders and handles, in the order of m_db, when all are local (their
    /// side files); empty otherwise.
    std::vector<std::pair<std::string, Xapian::Database>> m_local_shards;
    /// The folder's (device, inode) when opened: a different one means a rebuild was swapped in.
    std::pair<std::uint64_t, std::uint64_t> m_identity;
    Xapian::Database m_db;
    Xapian::Stem m_stemmer;
    std::optional<QueryBuilder> m_builder; ///< set once the schema check gave the stemmer
    bool m_columns_read = false;           ///< facet_columns() has looked for them
    std::shared_ptr<const facet_columns::Columns> m_columns;
    std::string m_columns_why_not;
    bool m_records_read = false; ///< hit_records() has looked for them
    std::vector<std::shared_ptr<const hit_records::Records>> m_records; ///< per shard, or none
    bool m_days_read = false; ///< day_column() has looked for it
    std::optional<DayColumn> m_days;
    bool m_lengths_read = false; ///< doc_lengths() has looked for them
    std::shared_ptr<const doc_lengths::Lengths> m_lengths;
    BuildWatch m_build_watch; ///< SearchResult::build, tested at most once a second
};

} // namespace news::searcher
