/// @file
/// @brief One indexing run: read the inputs, write the articles, report what happened.
#pragma once

#include "news/indexer/index_writer.hpp"
#include "news/readers/reader.hpp"

#include <map>
#include <string>
#include <vector>

namespace news::indexer {

/// --memory's default: 256 MiB.
constexpr std::size_t default_memory_bytes = std::size_t{256} << 20U;

/// How --memory is shared out. Each part bounds something that would otherwise grow with the
/// corpus or the articles' size; the rest is left for Xapian's caches and the reader.
struct MemoryBudget {
    std::size_t in_flight_bytes;       ///< article text read but not yet written (1/8)
    std::size_t writer_batch_bytes;    ///< uncommitted articles of all writers (1/16): Xapian
                                       ///< holds their inverted postings in memory
    std::size_t duplicate_table_bytes; ///< exact-duplicate table kept in memory (1/32)
    std::size_t story_bytes;           ///< what story clustering keeps of the articles (1/16):
                                       ///< Clusterer::set_memory_limit
};

/// The budget for @p memory_bytes.
[[nodiscard]] MemoryBudget memory_budget(std::size_t memory_bytes);

/// Payload bytes after which each of @p writers flushes its batch: its share of
/// writer_batch_bytes, and at most 1 MiB, where Xapian's inversion is fastest.
[[nodiscard]] std::size_t writer_batch_bytes(const MemoryBudget& budget, unsigned writers);

/// Everything news-index was asked to do.
struct IndexConfig {
    WriterOptions writer;            ///< the database and how to open it
    std::vector<std::string> inputs; ///< files, folders, or "-" for stdin
    ReadOptions read;                ///< format and size limit; stop_requested is set by the run
    std::vector<std::string> delete_ids; ///< --delete: articles to remove before reading
    /// --prune: the inputs are the whole corpus; articles of the database they no longer hold
    /// are removed (not after an interrupted run, nor when a file could not be read).
    bool prune = false;
    /// Leave out an article whose title and text equal an earlier one's (reported as skipped).
    bool skip_duplicates = false;
    /// Threads that tokenise articles (1: all on the writer's thread).
    unsigned threads = 1;
    /// --memory: what the run may hold, in bytes (see memory_budget()).
    std::size_t memory_bytes = default_memory_bytes;
    /// --single-writer: a fresh build with several threads keeps one Xapian writer (worker
    /// threads only tokenise) instead of one shard per thread merged at the end.
    bool single_writer = false;
    /// --shards N: build a new (or --overwrite) database as N shards kept apart, listed by a
    /// stub (shards.hpp); 0: not asked (an existing sharded database keeps its shards).
    unsigned shards = 0;
    /// --no-stories: no story clustering; the database records it (schema::metadata::stories)
    /// and loses the story data it had.
    bool no_stories = false;
    /// --recluster: every story of the database is computed again (and stories are turned on).
    bool recluster = false;
    /// --no-entities: no entity extraction; the database records it (schema::metadata::entities).
    /// A database whose articles have entities refuses it (only a rebuild drops them).
    bool no_entities = false;
    bool strict = false;   ///< any rejection makes the run exit 65 (good articles still commit)
    bool json = false;     ///< JSON Lines events on stdout instead of text on stderr
    bool quiet = false;    ///< -q: no warnings or progress on stderr; the summary stays
    bool silent = false;   ///< -qq: nothing on stderr but errors
    bool verbose = false;  ///< also list ignored files and every repair
    bool progress = false; ///< live progress line on stderr
    /// --warnings FILE: every warning as a JSON Lines record (empty: none written).
    std::string warnings_file;
    /// Warnings about articles printed on stderr before the rest are only counted.
    std::size_t shown_warnings = 20;
};

/// What a run did with stories, for the summary.
struct StoryReport {
    bool enabled = false;             ///< articles were clustered into stories
    std::size_t count = 0;            ///< distinct stories in the database after the run
    std::size_t joined = 0;           ///< articles of this run that joined an existing story
    std::size_t copies = 0;           ///< articles of this run marked as a copy of another
    std::size_t restored = 0;         ///< articles of the database given to the clusterer
    std::size_t without_features = 0; ///< articles of the database whose features are missing
                                      ///< or unreadable (--recluster computes them again)
    double restore_seconds = 0;       ///< reading the database's stories at the start
    bool reclustered = false;         ///< --recluster recomputed every story
    std::size_t reassigned = 0;       ///< documents whose story or copy-of --recluster changed
    std::size_t refeatured = 0;       ///< articles whose features --recluster computed again
    double recluster_seconds = 0;     ///< the --recluster pass
    std::size_t removed = 0;          ///< documents whose story data --no-stories removed
};

/// What a run did with named entities, for the summary.
struct EntityReport {
    bool enabled = false;     ///< each article's people, places and organisations were extracted
    std::size_t articles = 0; ///< articles written by this run with at least one entity
    std::size_t person = 0;   ///< people found, summed over those articles
    std::size_t place = 0;    ///< places, likewise
    std::size_t org = 0;      ///< organisations, likewise
};

/// What a run did, for the summary and the exit code.
struct IndexReport {
    std::size_t indexed = 0;    ///< articles written (added + replaced + duplicates)
    std::size_t added = 0;      ///< ids new to the database
    std::size_t replaced = 0;   ///< ids an earlier run had indexed
    std::size_t duplicates = 0; ///< ids seen earlier in this run (the later article wins)
    std::size_t unchanged = 0;  ///< already in the database with the same content: not rewritten
    std::size_t deleted = 0;    ///< removed by --delete
    std::size_t pruned = 0;     ///< removed by --prune
    std::size_t exact_duplicates = 0; ///< articles whose title and text an earlier one had
    std::size_t skipped = 0;          ///< rejected inputs
    std::map<std::string, std::size_t> skipped_by_reason; ///< reason kind -> count
    std::size_t repaired_articles = 0;                    ///< articles with any repair
    std::size_t transcoded_bytes = 0;                     ///< non-UTF-8 bytes read as Windows-1252
    std::size_t removed_controls = 0;                     ///< control characters dropped
    std::size_t metadata_notes = 0; ///< stated metadata that could not be used
    /// Author values dropped as naming no one (Repairs::junk_authors).
    std::size_t junk_authors_dropped = 0;
    std::size_t files = 0;                  ///< files read
    std::vector<std::string> ignored_files; ///< files in folders skipped for their extension
    /// documentation and auxiliary files of a known collection (Reuters-21578's lewis.dtd and
    /// category lists, README files), skipped as not articles
    std::vector<std::string> collection_files;
    double seconds = 0;             ///< wall-clock duration of the run
    Xapian::doccount doc_count = 0; ///< articles in the database after the run
    bool interrupted = false;       ///< a signal stopped the run early
    /// An --overwrite run that was interrupted or found nothing to index left the database as
    /// it was (the rebuild was discarded); doc_count is then the database's count.
    bool kept_previous = false;
    StoryReport stories;   ///< what the run did with stories
    EntityReport entities; ///< what the run did with named entities
};

/// Makes the C library return each block of 1 MiB or more to the system when it is freed, so
/// that what a huge article costs is given back after it (see "Memory" in indexer/README.md).
/// Process-wide; for the tool's main().
void return_large_blocks_at_once();

/// Makes SIGINT and SIGTERM stop a run cleanly: the articles finished so far are committed and
/// the run reports itself interrupted. A second signal ends the process at once (the database
/// then stays at its last commit).
void install_interrupt_handler();

/// Runs the indexing described by @p config, printing warnings, progress and the summary as
/// configured. Whatever was indexed is committed before it returns.
/// @throws news::Error for failures that end the run (missing input, locked database, ...).
IndexReport run_indexing(const IndexConfig& config);

/// Turns a finished run that did not succeed into its error.
/// @throws news::Error: Interrupted (130) when a signal stopped the run; BadData (65) when
/// nothing could be indexed, or under --strict when any article was rejected.
void check_outcome(const IndexReport& report, const IndexConfig& config);

} // namespace news::indexer
