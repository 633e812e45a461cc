/// @file
/// @brief The indexing run: reader -> writer, with warnings, progress and summary.
#include "news/indexer/indexing.hpp"

#include "news/common/error.hpp"
#include "news/common/text.hpp"
#include "news/indexer/document_pool.hpp"
#include "news/indexer/duplicate_table.hpp"
#include "news/indexer/sharded_build.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <optional>

namespace news::indexer {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr std::string_view prog = "news-index";

// Articles queued or being built per worker thread: enough to keep workers busy, few enough
// that memory does not grow with the corpus.
constexpr std::size_t max_in_flight_per_thread = 64;

volatile std::sig_atomic_t g_interrupted = 0; // written only by the signal handler

extern "C" void on_interrupt(int /*signal*/) {
    g_interrupted = 1;
}

bool interrupted() {
    return g_interrupted != 0;
}

// "malformed JSON: syntax error ..." -> "malformed JSON": the part before the details.
std::string reason_kind(const std::string& reason) {
    const std::size_t cut = std::min(reason.find(':'), reason.find(" ("));
    return reason.substr(0, cut);
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

// Prints events as the run goes: text on stderr, or JSON Lines on stdout.
class Reporter {
public:
    explicit Reporter(const IndexConfig& config) : m_config(config) {}

    void rejected(const Rejection& rejection) {
        if (m_config.json) {
            emit({{"type", "rejected"},
                  {"path", rejection.origin.path},
                  {"line", rejection.origin.line},
                  {"reason", rejection.reason}});
        } else if (!m_config.quiet) {
            clear_progress();
            fmt::print(stderr, "{}: warning: {}: skipped: {}\n", prog, rejection.origin.describe(),
                       rejection.reason);
        }
    }

    void note(const Article& article, std::string_view what) {
        if (m_config.json) {
            emit({{"type", "note"},
                  {"path", article.origin.path},
                  {"line", article.origin.line},
                  {"id", article.id},
                  {"note", what}});
        } else if (!m_config.quiet) {
            clear_progress();
            fmt::print(stderr, "{}: warning: {}: {}\n", prog, article.origin.describe(), what);
        }
    }

    void warning(std::string_view what) {
        if (m_config.json) {
            emit({{"type", "warning"}, {"warning", what}});
        } else if (!m_config.quiet) {
            clear_progress();
            fmt::print(stderr, "{}: warning: {}\n", prog, what);
        }
    }

    void progress(std::size_t indexed, Clock::time_point start) {
        if (!m_config.progress || m_config.quiet) {
            return;
        }
        const auto now = Clock::now();
        if (now - m_last_progress < std::chrono::milliseconds(250)) {
            return;
        }
        m_last_progress = now;
        const double elapsed = seconds_since(start);
        fmt::print(stderr, "\r{}: {} articles indexed, {:.0f}/s\x1b[K", prog, indexed,
                   elapsed > 0 ? static_cast<double>(indexed) / elapsed : 0.0);
        m_progress_shown = true;
    }

    void summary(const IndexReport& report) {
        const double rate =
            report.seconds > 0 ? static_cast<double>(report.indexed) / report.seconds : 0.0;
        if (m_config.json) {
            emit({{"type", "summary"},
                  {"database", m_config.writer.path},
                  {"indexed", report.indexed},
                  {"added", report.added},
                  {"replaced", report.replaced},
                  {"unchanged", report.unchanged},
                  {"deleted", report.deleted},
                  {"pruned", report.pruned},
                  {"duplicates", report.duplicates},
                  {"skipped", report.skipped},
                  {"exact_duplicates", report.exact_duplicates},
                  {"skipped_by_reason", report.skipped_by_reason},
                  {"repaired",
                   {{"articles", report.repaired_articles},
                    {"transcoded_bytes", report.transcoded_bytes},
                    {"removed_controls", report.removed_controls},
                    {"metadata_notes", report.metadata_notes}}},
                  {"files", report.files},
                  {"ignored_files", report.ignored_files},
                  {"seconds", report.seconds},
                  {"articles_per_second", rate},
                  {"doc_count", report.doc_count},
                  {"interrupted", report.interrupted}});
            return;
        }
        if (m_config.quiet) {
            return;
        }
        clear_progress();
        if (m_config.verbose) {
            for (const auto& file : report.ignored_files) {
                fmt::print(stderr,
                           "{}: ignored {} (no article format: .txt, .text, .jsonl, .ndjson, "
                           ".json, .sgm)\n",
                           prog, file);
            }
        }
        fmt::print(
            stderr, "{}: {} {} into {} ({} new, {} replaced{}{}) in {:.2f} s, {:.0f} articles/s\n",
            prog, report.interrupted ? "interrupted after indexing" : "indexed",
            count_of(report.indexed, "article"), m_config.writer.path, report.added,
            report.replaced,
            report.unchanged > 0 ? fmt::format(", {} unchanged", report.unchanged) : std::string{},
            report.duplicates > 0 ? fmt::format(", {}", count_of(report.duplicates, "duplicate id"))
                                  : std::string{},
            report.seconds, rate);
        if (report.deleted > 0 || report.pruned > 0) {
            fmt::print(stderr, "{}: removed {} ({} by --delete, {} by --prune)\n", prog,
                       count_of(report.deleted + report.pruned, "article"), report.deleted,
                       report.pruned);
        }
        if (report.skipped > 0) {
            std::string reasons;
            for (const auto& [reason, count] : report.skipped_by_reason) {
                reasons += fmt::format("{}{} {}", reasons.empty() ? "" : ", ", count, reason);
            }
            fmt::print(stderr, "{}: skipped {} ({})\n", prog, report.skipped, reasons);
        }
        if (report.exact_duplicates > 0 && !m_config.skip_duplicates) {
            fmt::print(stderr,
                       "{}: found {} (same title and text as an earlier article; "
                       "--skip-duplicates leaves them out)\n",
                       prog, count_of(report.exact_duplicates, "exact duplicate"));
        }
        if (report.repaired_articles > 0) {
            fmt::print(stderr, "{}: repaired {} ({}, {}, {})\n", prog,
                       count_of(report.repaired_articles, "article"),
                       count_of(report.transcoded_bytes, "non-UTF-8 byte") +
                           " read as Windows-1252",
                       count_of(report.removed_controls, "control character") + " removed",
                       count_of(report.metadata_notes, "unusable metadata value"));
        }
        if (!report.ignored_files.empty() && !m_config.verbose) {
            fmt::print(stderr, "{}: ignored {} in no article format (-v lists them)\n", prog,
                       count_of(report.ignored_files.size(), "file"));
        }
        fmt::print(stderr, "{}: the database holds {}\n", prog,
                   count_of(report.doc_count, "article"));
    }

private:
    static void emit(const json& event) {
        fmt::print("{}\n", event.dump(-1, ' ', false, json::error_handler_t::replace));
        std::fflush(stdout);
    }

    void clear_progress() {
        if (m_progress_shown) {
            fmt::print(stderr, "\r\x1b[K");
            m_progress_shown = false;
        }
    }

    const IndexConfig& m_config;
    Clock::time_point m_last_progress{};
    bool m_progress_shown = false;
};

} // namespace

MemoryBudget memory_budget(std::size_t memory_bytes) {
    constexpr std::size_t eighth = 8;
    constexpr std::size_t sixteenth = 16;
    constexpr std::size_t thirty_second = 32;
    return MemoryBudget{memory_bytes / eighth, memory_bytes / sixteenth,
                        memory_bytes / thirty_second};
}

std::size_t writer_batch_bytes(const MemoryBudget& budget, unsigned writers) {
    // Xapian's inversion gets slower as it grows: flushing every 1 MiB or so of articles took
    // the least CPU time on Reuters and FakeNewsNet (bench/README.md, "Indexing").
    constexpr std::size_t fastest = std::size_t{1} << 20U;
    return std::max<std::size_t>(1, std::min(fastest, budget.writer_batch_bytes / writers));
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
    const MemoryBudget budget = memory_budget(config.memory_bytes);
    WriterOptions writer_options = config.writer;
    writer_options.batch_bytes = writer_batch_bytes(budget, 1);
    IndexWriter writer(writer_options);
    Reporter reporter(config);
    IndexReport report;

    for (const auto& id : config.delete_ids) {
        if (writer.remove(id)) {
            ++report.deleted;
        } else {
            reporter.warning(fmt::format("--delete: no article with id '{}'", id));
        }
    }

    ReadOptions read = config.read;
    read.stop_requested = [] { return interrupted(); };
    const auto reject = [&](const Rejection& rejection) {
        ++report.skipped;
        ++report.skipped_by_reason[reason_kind(rejection.reason)];
        reporter.rejected(rejection);
    };
    // Title and text of every article so far, to find exact duplicates (BBC ships 98).
    DuplicateTable first_with_content(budget.duplicate_table_bytes);
    // What an article did to the database, for the summary.
    const auto account = [&](const Article& article, AddOutcome outcome) {
        switch (outcome) {
        case AddOutcome::Added:
            ++report.added;
            break;
        case AddOutcome::Replaced:
            ++report.replaced;
            break;
        case AddOutcome::Unchanged:
            ++report.unchanged;
            break;
        case AddOutcome::Duplicate:
            ++report.duplicates;
            reporter.note(article, fmt::format("id '{}' appeared earlier in this run: this article "
                                               "replaces the earlier one",
                                               article.id));
            break;
        }
        ++report.indexed;
        const Repairs& repairs = article.repairs;
        if (repairs.transcoded_bytes > 0 || repairs.removed_controls > 0 ||
            !repairs.notes.empty()) {
            ++report.repaired_articles;
            report.transcoded_bytes += repairs.transcoded_bytes;
            report.removed_controls += repairs.removed_controls;
            report.metadata_notes += repairs.notes.size();
            for (const auto& note : repairs.notes) {
                reporter.note(article, note);
            }
            if (config.verbose && repairs.transcoded_bytes > 0) {
                reporter.note(article, fmt::format("{} non-UTF-8 bytes read as Windows-1252",
                                                   repairs.transcoded_bytes));
            }
        }
        reporter.progress(report.indexed, start);
    };

    // With more than one thread, a fresh database is built as one shard per thread, merged at
    // the end; an existing one is updated by this thread while workers tokenise. Not for
    // stdin: a pipe that pauses would hold finished articles back from their batch commit.
    std::optional<DocumentPool> pool;
    std::optional<ShardedBuild> shards;
    const bool reads_stdin =
        std::find(config.inputs.begin(), config.inputs.end(), "-") != config.inputs.end();
    if (config.threads > 1 && !reads_stdin) {
        if (writer.fresh() && !config.single_writer) {
            ShardOptions options;
            options.target = config.writer.path;
            options.stemmer = writer.stemmer();
            options.shards = config.threads;
            options.batch_size = config.writer.batch_size;
            options.shard_batch_bytes = writer_batch_bytes(budget, config.threads);
            options.max_in_flight_bytes = budget.in_flight_bytes;
            options.max_in_flight = config.threads * max_in_flight_per_thread;
            shards.emplace(options);
        } else {
            pool.emplace(writer.stemmer(), config.threads,
                         config.threads * max_in_flight_per_thread, budget.in_flight_bytes);
        }
    }
    // Accounts for the next result of a shard; false when there is none (yet).
    const auto take_next = [&](bool wait) {
        auto result = shards->next(wait);
        if (!result) {
            return false;
        }
        if (!result->error.empty()) {
            reject(Rejection{result->article.origin, "cannot be indexed: " + result->error});
        } else {
            account(result->article, result->outcome);
        }
        return true;
    };
    // Writes the next built document; false when there is none (yet).
    const auto write_next = [&](bool wait) {
        auto built = pool->next(wait);
        if (!built) {
            return false;
        }
        if (!built->error.empty()) {
            reject(Rejection{built->article.origin, "cannot be indexed: " + built->error});
        } else {
            account(built->article, writer.write(built->pending, built->doc));
        }
        return true;
    };
    const auto write_built = [&](bool wait) {
        while (write_next(wait)) {
        }
    };

    const WalkSummary walk = read_inputs(config.inputs, read, [&](ReadResult&& result) {
        if (const auto* rejection = std::get_if<Rejection>(&result)) {
            reject(*rejection);
            return;
        }
        auto& article = std::get<Article>(result);
        const auto first = first_with_content.first_with(content_hash(article), article.id);
        if (first && *first != article.id) {
            ++report.exact_duplicates;
            if (config.skip_duplicates) {
                reject(Rejection{article.origin, fmt::format("exact duplicate (of {})", *first)});
                return;
            }
        }
        if (shards) {
            shards->submit(std::move(article));
            while (take_next(/*wait=*/false)) {
            }
            while (shards->full()) {
                take_next(/*wait=*/true);
            }
            return;
        }
        if (!pool) {
            try {
                account(article, writer.add(article));
            } catch (const Xapian::InvalidArgumentError& e) {
                reject(Rejection{article.origin, "cannot be indexed: " + e.get_msg()});
            }
            return;
        }
        auto pending = writer.prepare(article);
        if (!pending) {
            account(article, AddOutcome::Unchanged);
            return;
        }
        pool->submit(std::move(article), std::move(*pending));
        write_built(/*wait=*/false);
        while (pool->full()) {
            write_next(/*wait=*/true);
        }
    });
    if (pool) {
        write_built(/*wait=*/true); // everything still in flight
    }
    if (shards) {
        while (take_next(/*wait=*/true)) {
        }
    }
    report.interrupted = walk.stopped || interrupted();
    if (config.prune) {
        if (report.interrupted) {
            reporter.warning("--prune: not pruning after an interrupted run");
        } else if (report.skipped_by_reason.count("cannot read") > 0) {
            reporter.warning("--prune: not pruning, some files could not be read");
        } else {
            report.pruned = writer.prune_unseen();
        }
    }
    if (shards) {
        report.doc_count = shards->finish(writer);
    } else {
        writer.commit();
        report.doc_count = writer.doc_count();
    }

    report.files = walk.files;
    report.ignored_files = walk.ignored_files;
    report.seconds = seconds_since(start);
    reporter.summary(report);
    return report;
}

void check_outcome(const IndexReport& report, const IndexConfig& config) {
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
                    "news-index reads .txt and .jsonl/.ndjson files; --format forces a format");
    }
    if (config.strict && report.skipped > 0) {
        throw Error(ErrorKind::BadData, fmt::format("{} rejected (--strict); {} committed",
                                                    count_of(report.skipped, "article"),
                                                    count_of(report.indexed, "good article")));
    }
}

} // namespace news::indexer
