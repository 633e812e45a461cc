/// @file
/// @brief The indexing run: reader -> writer, with warnings, progress and summary.
#include "news/indexer/indexing.hpp"

#include "news/common/doc_lengths.hpp"
#include "news/common/error.hpp"
#include "news/common/facet_columns.hpp"
#include "news/common/hit_records.hpp"
#include "news/common/schema.hpp"
#include "news/common/shards.hpp"
#include "news/common/text.hpp"
#include "news/indexer/duplicate_table.hpp"
#include "news/indexer/entity_finder.hpp"
#include "news/indexer/pooled_sink.hpp"
#include "news/indexer/sharded_sink.hpp"
#include "news/indexer/sink.hpp"
#include "news/indexer/story_clusterer.hpp"

#include "reporter.hpp"
#include "story_store.hpp"
#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <malloc.h>
#include <memory>

namespace news::indexer {
namespace {

using Clock = std::chrono::steady_clock;

// Articles queued or being built per worker thread. Results are taken in input order, so while
// one shard's writer commits (seconds, on a large shard) the others can only run ahead this
// far: 1024 kept both cores busy where 64 let them idle (bench/README.md, "Indexing"). The
// byte limit is what bounds memory.
constexpr std::size_t max_in_flight_per_thread = 1024;

volatile std::sig_atomic_t g_interrupted = 0; // written only by the signal handler

extern "C" void on_interrupt(int /*signal*/) {
    g_interrupted = 1;
}

bool interrupted() {
    return g_interrupted != 0;
}

// Title and text: equal for exact duplicates.
std::uint64_t content_hash(const Article& article) {
    std::string content;
    content.reserve(article.title.size() + 1 + article.body.size());
    content.append(article.title).append(1, '\0').append(article.body);
    return text::fnv1a64(content);
}

// "1 article", "2 articles".
std::string count_of(std::size_t n, std::string_view noun) {
    return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// What each article did, counted into the report and reported as it happens.
class Tally {
public:
    Tally(const IndexConfig& config, Reporter& reporter, IndexReport& report)
        : m_config(config), m_reporter(reporter), m_report(report) {}

    void reject(const Rejection& rejection) {
        ++m_report.skipped;
        ++m_report.skipped_by_reason[warning_kind(rejection.reason)];
        m_reporter.rejected(rejection);
    }

    void account(SinkResult&& result) {
        if (!result.error.empty()) {
            reject(Rejection{result.article.origin, "cannot be indexed: " + result.error});
            return;
        }
        switch (result.outcome) {
        case AddOutcome::Added:
            ++m_report.added;
            break;
        case AddOutcome::Replaced:
            ++m_report.replaced;
            break;
        case AddOutcome::Unchanged:
            ++m_report.unchanged;
            break;
        case AddOutcome::Duplicate:
            ++m_report.duplicates;
            m_reporter.note(result.article,
                            fmt::format("id '{}' appeared earlier in this run: this article "
                                        "replaces the earlier one",
                                        result.article.id),
                            "duplicate id");
            break;
        }
        ++m_report.indexed;
        if (result.outcome != AddOutcome::Unchanged) {
            count_story(result.article.id, result.article.story);
            count_entities(result.article.entities);
        }
        count_repairs(result.article);
        m_reporter.progress(m_report.indexed, m_start);
    }

private:
    void count_story(const std::string& id, const StoryLink& story) {
        if (story.id.empty()) {
            return;
        }
        m_report.stories.joined += story.id != schema::story_id(id) ? 1U : 0U;
        m_report.stories.copies += story.copy_of.empty() ? 0U : 1U;
    }

    void count_entities(const NamedEntities& entities) {
        if (entities.empty()) {
            return;
        }
        ++m_report.entities.articles;
        m_report.entities.person += entities.person.size();
        m_report.entities.place += entities.place.size();
        m_report.entities.org += entities.org.size();
    }

    void count_repairs(const Article& article) {
        const Repairs& repairs = article.repairs;
        m_report.junk_authors_dropped += repairs.junk_authors.size();
        if (m_config.verbose) {
            for (const auto& junk : repairs.junk_authors) {
                m_reporter.note(article, "dropped junk author " + junk, "junk author");
            }
        }
        if (repairs.transcoded_bytes == 0 && repairs.removed_controls == 0 &&
            repairs.notes.empty()) {
            return;
        }
        ++m_report.repaired_articles;
        m_report.transcoded_bytes += repairs.transcoded_bytes;
        m_report.removed_controls += repairs.removed_controls;
        m_report.metadata_notes += repairs.notes.size();
        for (const auto& note : repairs.notes) {
            m_reporter.note(article, note);
        }
        if (m_config.verbose && repairs.transcoded_bytes > 0) {
            m_reporter.note(
                article,
                fmt::format("{} non-UTF-8 bytes read as Windows-1252", repairs.transcoded_bytes),
                "non-UTF-8 bytes read as Windows-1252");
        }
    }

    const IndexConfig& m_config;
    Reporter& m_reporter;
    IndexReport& m_report;
    Clock::time_point m_start = Clock::now();
};

// The target database's writer. --overwrite builds the new database aside and swaps it in at
// the end (searchers see the old one until then), so the target is only locked, not emptied.
WriterOptions target_options(const IndexConfig& config, const MemoryBudget& budget) {
    WriterOptions options = config.writer;
    options.batch_bytes = writer_batch_bytes(budget, 1);
    options.replace = options.overwrite;
    options.overwrite = false;
    return options;
}

// The sink for this run: a new (or replaced) database is built as one shard per thread; an
// existing one is updated by its single writer while workers tokenise. Not for stdin into an
// existing or new database: a pipe that pauses would hold finished articles back from their
// batch commit.
std::unique_ptr<Sink> make_sink(const IndexConfig& config, IndexWriter& writer,
                                const MemoryBudget& budget, ResultHandler on_result) {
    const unsigned threads = std::max(1U, config.threads);
    const bool reads_stdin =
        std::find(config.inputs.begin(), config.inputs.end(), "-") != config.inputs.end();
    const InFlightLimits in_flight{threads * max_in_flight_per_thread, budget.in_flight_bytes};
    // A sharded database stays sharded when rebuilt; --shards makes one.
    const unsigned keep_apart = config.shards > 0 ? config.shards : writer.shard_count();
    const bool sharded_new =
        writer.fresh() &&
        (keep_apart > 0 || (threads > 1 && !reads_stdin && !config.single_writer));
    if (writer.replaces() || sharded_new) {
        ShardOptions options;
        options.keep_apart = keep_apart > 0;
        options.shards = keep_apart > 0 ? keep_apart : config.single_writer ? 1 : threads;
        // Fewer shards kept apart than threads: each is built by several writers and merged.
        options.writers_per_shard = keep_apart > 0 ? std::max(1U, threads / keep_apart) : 1;
        options.batch_size = config.writer.batch_size;
        options.shard_batch_bytes =
            writer_batch_bytes(budget, options.shards * options.writers_per_shard);
        options.in_flight = in_flight;
        return std::make_unique<ShardedSink>(writer, options, std::move(on_result));
    }
    if (threads > 1 && !reads_stdin) {
        return std::make_unique<PooledSink>(writer, threads, in_flight, std::move(on_result));
    }
    return std::make_unique<SerialSink>(writer, std::move(on_result));
}

// --shards on a database with articles must say how it is sharded already: resharding is a
// rebuild (every article moves).
void check_shard_layout(const IndexConfig& config, const IndexWriter& writer) {
    if (config.shards == 0 || writer.fresh() || config.shards == writer.shard_count()) {
        return;
    }
    throw Error(ErrorKind::Incompatible,
                fmt::format("{}: --shards {}: the database {}", text::printable(writer.path()),
                            config.shards,
                            writer.shard_count() == 0
                                ? std::string("is a single database")
                                : fmt::format("has {} shards", writer.shard_count())),
                fmt::format("leave out --shards to update it, or rebuild it with --overwrite "
                            "--shards {} to change how it is sharded",
                            config.shards));
}

void delete_requested(const IndexConfig& config, IndexWriter& writer, stories::Clusterer& clusterer,
                      Reporter& reporter, IndexReport& report) {
    for (const auto& id : config.delete_ids) {
        if (writer.remove(id)) {
            clusterer.forget(id);
            ++report.deleted;
        } else {
            reporter.warning(fmt::format("--delete: no article with id '{}'", id));
        }
    }
}

void prune_if_asked(const IndexConfig& config, IndexWriter& writer, stories::Clusterer& clusterer,
                    Reporter& reporter, IndexReport& report) {
    if (!config.prune) {
        return;
    }
    if (report.interrupted) {
        reporter.warning("--prune: not pruning after an interrupted run");
    } else if (report.skipped_by_reason.count("cannot read") > 0) {
        reporter.warning("--prune: not pruning, some files could not be read");
    } else {
        const std::vector<std::string> pruned = writer.prune_unseen();
        for (const auto& id : pruned) {
            clusterer.forget(id);
        }
        report.pruned = pruned.size();
    }
}

// Whether this run clusters articles into stories: --no-stories and --recluster say; otherwise
// a rebuilt database has them, and an existing one keeps what it recorded (a new one, or one
// written before the choice was recorded, has them).
bool stories_wanted(const IndexConfig& config, const IndexWriter& writer) {
    if (config.no_stories) {
        return false;
    }
    if (config.recluster || writer.replaces()) {
        return true;
    }
    return writer.stories().value_or(true);
}

// Before the inputs are read: records whether the database has stories; gives the clusterer
// the stories of the articles already in the database, or, when stories are off, removes the
// story data the database had.
void prepare_stories(const IndexConfig& config, IndexWriter& writer, stories::Clusterer& clusterer,
                     IndexReport& report) {
    report.stories.enabled = stories_wanted(config, writer);
    writer.record_stories(report.stories.enabled);
    if (writer.fresh()) {
        return; // nothing to restore, nothing to remove
    }
    if (!report.stories.enabled) {
        if (story_store::has_stories(writer.database())) {
            report.stories.removed = story_store::remove_all(writer);
        }
        return;
    }
    const auto start = Clock::now();
    const auto counts = story_store::restore(story_store::read_all(writer.database()), clusterer);
    report.stories.restored = counts.restored;
    report.stories.without_features = counts.without_features;
    report.stories.restore_seconds = seconds_since(start);
}

// Before the inputs are read: whether this run extracts entities, recorded in the database,
// and the finder every document builder then uses. A rebuilt database has them unless
// --no-entities; an existing one keeps what it recorded. --no-entities on a database whose
// articles have entities is refused rather than leaving them in some articles and not others.
void prepare_entities(const IndexConfig& config, IndexWriter& writer, IndexReport& report) {
    const bool recorded_on = writer.entities().value_or(true);
    if (config.no_entities && !writer.fresh() && writer.entities() == true) {
        throw Error(ErrorKind::Incompatible,
                    fmt::format("{}: --no-entities: the database's articles have their "
                                "entities extracted",
                                text::printable(writer.path())),
                    fmt::format("rebuild it without them: news-index --db {} --overwrite "
                                "--no-entities FOLDER",
                                text::printable(writer.path())));
    }
    report.entities.enabled = !config.no_entities && (writer.replaces() || recorded_on);
    writer.record_entities(report.entities.enabled);
    if (report.entities.enabled) {
        writer.set_entity_finder(builtin_entity_finder());
    }
}

// After the inputs (and --prune): --recluster computes every story of an updated database
// again. A new or rebuilt database was clustered whole as it was read: nothing to add.
void recluster_if_asked(const IndexConfig& config, IndexWriter& writer, const MemoryBudget& budget,
                        Reporter& reporter, IndexReport& report) {
    if (!config.recluster || writer.fresh()) {
        return;
    }
    if (report.interrupted) {
        reporter.warning("--recluster: not reclustering after an interrupted run");
        return;
    }
    const auto start = Clock::now();
    const auto counts = story_store::recluster(writer, budget.story_bytes);
    report.stories.reclustered = true;
    report.stories.reassigned = counts.reassigned;
    report.stories.refeatured = counts.refeatured;
    // Every article was decided again: the articles without features got theirs.
    report.stories.without_features = 0;
    report.stories.recluster_seconds = seconds_since(start);
}

// The side files of the revision the run leaves (an interrupted run's last commit too): the
// facet columns and the hit records searchers read. Without them searches are slower, never
// wrong: a failure is a warning, and the next run writes them again.
void refresh_side_files(const std::string& path, Reporter& reporter) {
    const auto warn = [&](std::string_view what, std::string_view why) {
        reporter.warning(fmt::format("{} not written ({}): searches read Xapian's own data "
                                     "instead until the next run",
                                     what, why));
    };
    // A sharded database's side files are each shard's own: a shard is a database of its own.
    std::vector<std::string> folders;
    if (shards::is_sharded_folder(path)) {
        try {
            for (const auto& shard : shards::expand(path)) {
                folders.push_back(shard.path);
            }
        } catch (const Error& e) {
            warn("side files", e.what());
        }
    } else {
        folders.push_back(path);
    }
    for (const auto& folder : folders) {
        for (const auto& [what, write] : {std::pair{"facet columns", &facet_columns::write},
                                          std::pair{"hit records", &hit_records::write},
                                          std::pair{"document lengths", &doc_lengths::write}}) {
            try {
                (void)write(folder);
            } catch (const Error& e) {
                warn(what, e.what());
            } catch (const Xapian::Error& e) {
                warn(what, e.get_description());
            }
        }
    }
}

// Title and text of every article so far, to find exact duplicates (BBC ships 98): true when
// @p article is one and --skip-duplicates leaves it out.
bool leave_out_duplicate(const Article& article, DuplicateTable& first_with_content,
                         const IndexConfig& config, IndexReport& report, Tally& tally) {
    const auto first = first_with_content.first_with(content_hash(article), article.id);
    if (!first || *first == article.id) {
        return false;
    }
    ++report.exact_duplicates;
    if (!config.skip_duplicates) {
        return false;
    }
    tally.reject(Rejection{article.origin, fmt::format("exact duplicate (of {})", *first)});
    return true;
}

// Puts @p article in its story: on the reading thread, in input order, so that the same input
// gives the same stories whatever the number of threads.
void link_story(Article& article, stories::Clusterer& clusterer) {
    auto features = stories::extract_features(article);
    std::string stored = stories::serialise(*features);
    auto assignment = clusterer.assign(article.id, std::move(features));
    article.story =
        StoryLink{std::move(assignment.story_id), std::move(assignment.copy_of), std::move(stored)};
}

} // namespace

MemoryBudget memory_budget(std::size_t memory_bytes) {
    constexpr std::size_t eighth = 8;
    constexpr std::size_t sixteenth = 16;
    constexpr std::size_t thirty_second = 32;
    return MemoryBudget{memory_bytes / eighth, memory_bytes / sixteenth,
                        memory_bytes / thirty_second, memory_bytes / sixteenth};
}

std::size_t writer_batch_bytes(const MemoryBudget& budget, unsigned writers) {
    // Xapian's inversion gets slower as it grows: flushing every 1 MiB or so of articles took
    // the least CPU time on Reuters and FakeNewsNet (bench/README.md, "Indexing").
    constexpr std::size_t fastest = std::size_t{1} << 20U;
    return std::max<std::size_t>(1, std::min(fastest, budget.writer_batch_bytes / writers));
}

void return_large_blocks_at_once() {
    // glibc serves blocks of 128 KiB and more by mmap, but raises that threshold to the size of
    // each such block freed (up to 32 MiB): after the first huge article, the next ones come
    // from the heap, whose freed memory the process keeps (per thread, with worker threads).
    // A fixed threshold keeps each huge block mapped on its own and returned when freed; normal
    // articles, and Xapian's buffers for them, are far below it.
    constexpr int large_block = 1 << 20;
    mallopt(M_MMAP_THRESHOLD, large_block);
}

void install_interrupt_handler() {
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    // No SA_RESTART: a blocking read on a pipe returns EINTR so the run can stop. SA_RESETHAND:
    // a second Ctrl-C kills at once.
    action.sa_flags = static_cast<int>(SA_RESETHAND);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

IndexReport run_indexing(const IndexConfig& config) {
    const auto start = Clock::now();
    // Before the writer opens: --overwrite must not empty a database for a mistyped input.
    check_inputs_exist(config.inputs);
    // Before the writer opens too: a --warnings file that cannot be created ends the run here.
    Reporter reporter(config);
    const MemoryBudget budget = memory_budget(config.memory_bytes);
    IndexWriter writer(target_options(config, budget));
    check_shard_layout(config, writer);
    remove_dead_runs_folders(writer);
    IndexReport report;
    Tally tally(config, reporter, report);
    stories::Clusterer clusterer;
    clusterer.set_memory_limit(budget.story_bytes);
    prepare_stories(config, writer, clusterer, report);
    prepare_entities(config, writer, report);
    delete_requested(config, writer, clusterer, reporter, report);

    const auto sink = make_sink(config, writer, budget,
                                [&](SinkResult&& result) { tally.account(std::move(result)); });
    DuplicateTable first_with_content(budget.duplicate_table_bytes);
    ReadOptions read = config.read;
    read.stop_requested = [] { return interrupted(); };
    read.progress = reporter.read_progress();
    const WalkSummary walk = read_inputs(config.inputs, read, [&](ReadResult&& result) {
        if (const auto* rejection = std::get_if<Rejection>(&result)) {
            tally.reject(*rejection);
        } else if (auto& article = std::get<Article>(result);
                   !leave_out_duplicate(article, first_with_content, config, report, tally)) {
            if (report.stories.enabled) {
                link_story(article, clusterer);
            }
            sink->submit(std::move(article));
        }
    });
    sink->drain();
    report.interrupted = walk.stopped || interrupted();
    prune_if_asked(config, writer, clusterer, reporter, report);
    recluster_if_asked(config, writer, budget, reporter, report);
    // A rebuild that was interrupted, or found nothing to index, does not replace the
    // database it was meant to replace.
    const bool unfinished = report.interrupted || (report.indexed == 0 && !config.inputs.empty());
    if (unfinished && sink->abandon_replacement()) {
        report.kept_previous = true;
        report.doc_count = writer.doc_count();
    } else {
        report.doc_count = sink->finish();
    }
    refresh_side_files(config.writer.path, reporter);

    if (report.stories.enabled) {
        report.stories.count = story_store::count_stories(config.writer.path);
    }
    report.files = walk.files;
    report.ignored_files = walk.ignored_files;
    report.collection_files = walk.collection_files;
    report.seconds = seconds_since(start);
    reporter.summary(report);
    return report;
}

void check_outcome(const IndexReport& report, const IndexConfig& config) {
    if (report.interrupted && report.kept_previous) {
        throw Error(ErrorKind::Interrupted,
                    fmt::format("interrupted: the rebuild was abandoned; the database is as it "
                                "was ({})",
                                count_of(report.doc_count, "article")),
                    "run the same command again to rebuild it");
    }
    if (report.interrupted) {
        throw Error(ErrorKind::Interrupted,
                    fmt::format("interrupted: {} committed, the database is consistent",
                                count_of(report.indexed, "article")),
                    "run the same command again to finish: finished articles are not duplicated");
    }
    if (report.indexed == 0 && !config.inputs.empty()) {
        throw Error(ErrorKind::BadData,
                    report.skipped > 0
                        ? fmt::format("no article could be indexed ({} rejected)", report.skipped)
                        : std::string("no articles found in the inputs"),
                    report.kept_previous
                        ? "the database was left as it was"
                        : "news-index reads .txt/.text, .jsonl/.ndjson, .json and Reuters .sgm "
                          "files, and tarballs or compressed files of them; --format forces a "
                          "format");
    }
    if (config.strict && report.skipped > 0) {
        throw Error(ErrorKind::BadData, fmt::format("{} rejected (--strict); {} committed",
                                                    count_of(report.skipped, "article"),
                                                    count_of(report.indexed, "good article")));
    }
}

} // namespace news::indexer
