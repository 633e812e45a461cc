/// @file
/// @brief Reporter: warnings, progress and the summary of an indexing run.
#include "reporter.hpp"

#include "news/common/error.hpp"
#include "news/common/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace news::indexer {
namespace {

using nlohmann::json;

constexpr std::string_view prog = "news-index";

// "1 article", "2 articles".
std::string count_of(std::size_t n, std::string_view noun) {
    return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

double rate_of(const IndexReport& report) {
    return report.seconds > 0 ? static_cast<double>(report.indexed) / report.seconds : 0.0;
}

json stories_event(const StoryReport& stories) {
    return {{"enabled", stories.enabled},
            {"count", stories.count},
            {"joined", stories.joined},
            {"copies", stories.copies},
            {"restored", stories.restored},
            {"without_features", stories.without_features},
            {"restore_seconds", stories.restore_seconds},
            {"reclustered", stories.reclustered},
            {"reassigned", stories.reassigned},
            {"refeatured", stories.refeatured},
            {"recluster_seconds", stories.recluster_seconds},
            {"removed", stories.removed}};
}

json summary_event(const IndexReport& report, const std::string& database) {
    return {{"type", "summary"},
            {"database", database},
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
            {"junk_authors_dropped", report.junk_authors_dropped},
            {"files", report.files},
            {"ignored_files", report.ignored_files},
            {"collection_files", report.collection_files},
            {"seconds", report.seconds},
            {"articles_per_second", rate_of(report)},
            {"doc_count", report.doc_count},
            {"interrupted", report.interrupted},
            {"kept_previous", report.kept_previous},
            {"stories", stories_event(report.stories)},
            {"entities",
             {{"enabled", report.entities.enabled},
              {"articles", report.entities.articles},
              {"person", report.entities.person},
              {"place", report.entities.place},
              {"org", report.entities.org}}}};
}

// "9,100".
std::string with_commas(std::uint64_t n) {
    std::string digits = std::to_string(n);
    for (std::size_t i = digits.size(); i > 3; i -= 3) {
        digits.insert(i - 3, 1, ',');
    }
    return digits;
}

// "830 KB", "12 MB", "1.4 GB" (decimal units, as file managers show sizes).
std::string human_bytes(std::uint64_t bytes) {
    constexpr std::uint64_t mega = 1'000'000;
    constexpr std::uint64_t giga = 1'000'000'000;
    const auto value = static_cast<double>(bytes);
    if (bytes < mega) {
        return fmt::format("{:.0f} KB", value / 1e3);
    }
    if (bytes < giga) {
        return fmt::format("{:.0f} MB", value / 1e6);
    }
    return fmt::format("{:.1f} GB", value / 1e9);
}

// "0:07", "12:30", "1:02:03".
std::string clock_time(double seconds) {
    const auto total = static_cast<std::uint64_t>(std::llround(std::max(seconds, 0.0)));
    const std::uint64_t hours = total / 3600;
    const std::uint64_t minutes = total / 60 % 60;
    return hours > 0 ? fmt::format("{}:{:02}:{:02}", hours, minutes, total % 60)
                     : fmt::format("{}:{:02}", minutes, total % 60);
}

// NEWS_PROGRESS=always draws the progress line where stderr is not a terminal (to watch a run
// through a pipe, and for tests); NEWS_PROGRESS=never hides it on a terminal.
bool progress_wanted(const IndexConfig& config) {
    if (config.quiet) {
        return false;
    }
    const char* forced = std::getenv("NEWS_PROGRESS");
    if (forced != nullptr && std::string_view(forced) == "always") {
        return true;
    }
    if (forced != nullptr && std::string_view(forced) == "never") {
        return false;
    }
    return config.progress;
}

} // namespace

std::string progress_line(const ProgressFigures& figures) {
    const double rate =
        figures.seconds > 0 ? static_cast<double>(figures.articles) / figures.seconds : 0.0;
    const std::string counts =
        fmt::format("{} {} · {}/s", with_commas(figures.articles),
                    figures.articles == 1 ? "article" : "articles",
                    with_commas(static_cast<std::uint64_t>(std::llround(rate))));
    if (!figures.total_known || figures.total_bytes == 0) {
        return "  " + counts;
    }
    const std::uint64_t read = std::min(figures.read_bytes, figures.total_bytes);
    const auto percent = static_cast<unsigned>(static_cast<double>(read) * 100.0 /
                                               static_cast<double>(figures.total_bytes));
    std::string line = fmt::format("{:>4}% · {} · {} of {}", percent, counts, human_bytes(read),
                                   human_bytes(figures.total_bytes));
    if (figures.recent_bytes_per_second > 0) {
        line += " · ETA " + clock_time(static_cast<double>(figures.total_bytes - read) /
                                       figures.recent_bytes_per_second);
    }
    return line;
}

std::string warning_kind(std::string_view reason) {
    const std::size_t cut = std::min({reason.find(':'), reason.find(" ("), reason.size()});
    return std::string(reason.substr(0, cut));
}

Reporter::Reporter(const IndexConfig& config)
    : m_config(config), m_show_progress(progress_wanted(config)) {
    if (config.warnings_file.empty()) {
        return;
    }
    m_warnings = std::fopen(config.warnings_file.c_str(), "w");
    if (m_warnings == nullptr) {
        throw Error(ErrorKind::CannotCreate,
                    fmt::format("cannot create the --warnings file {}: {}", config.warnings_file,
                                std::strerror(errno)));
    }
}

Reporter::~Reporter() {
    if (m_warnings != nullptr) {
        static_cast<void>(std::fclose(m_warnings));
    }
}

void Reporter::rejected(const Rejection& rejection) {
    record("rejected", &rejection.origin, warning_kind(rejection.reason), rejection.reason);
    if (m_config.json) {
        emit({{"type", "rejected"},
              {"path", rejection.origin.path},
              {"line", rejection.origin.line},
              {"reason", rejection.reason}});
        return;
    }
    article_warning(warning_kind(rejection.reason),
                    fmt::format("{}: warning: {}: skipped: {}\n", prog,
                                text::printable(rejection.origin.describe()),
                                text::printable(rejection.reason)));
}

void Reporter::note(const Article& article, std::string_view what, std::string_view kind) {
    // A note names the value it is about ("unparsable date 'soon'"): group without it.
    const std::string group =
        kind.empty() ? warning_kind(what.substr(0, what.find(" '"))) : std::string(kind);
    record("note", &article.origin, group, what);
    if (m_config.json) {
        emit({{"type", "note"},
              {"path", article.origin.path},
              {"line", article.origin.line},
              {"id", article.id},
              {"note", what}});
        return;
    }
    article_warning(group,
                    fmt::format("{}: warning: {}: {}\n", prog,
                                text::printable(article.origin.describe()), text::printable(what)));
}

void Reporter::warning(std::string_view what) {
    record("warning", nullptr, warning_kind(what), what);
    if (m_config.json) {
        emit({{"type", "warning"}, {"warning", what}});
    } else if (!m_config.quiet) {
        clear_progress();
        say(stderr, fmt::format("{}: warning: {}\n", prog, text::printable(what)));
    }
}

// The first warnings about articles are printed; past them (unless -v), only counted for one
// line at the end, so that a corpus with hundreds of rejections does not bury the rest.
void Reporter::article_warning(std::string_view kind, const std::string& text) {
    if (m_config.quiet) {
        return;
    }
    if (m_config.verbose || m_shown < m_config.shown_warnings) {
        ++m_shown;
        clear_progress();
        say(stderr, text);
    } else {
        ++m_unshown[std::string(kind)];
    }
}

// One JSON Lines record per warning in the --warnings file.
void Reporter::record(const char* type, const Origin* origin, std::string_view kind,
                      std::string_view message) {
    if (m_warnings == nullptr || m_warnings_error != 0) {
        return;
    }
    nlohmann::ordered_json line{{"type", type},
                                {"path", nullptr},
                                {"line", nullptr},
                                {"reason", kind},
                                {"message", message}};
    if (origin != nullptr) {
        line["path"] = origin->path;
        if (origin->line > 0) {
            line["line"] = origin->line;
        }
    }
    const std::string text = line.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    if (std::fputs(text.c_str(), m_warnings) < 0) {
        m_warnings_error = errno != 0 ? errno : EIO;
    }
}

void Reporter::close_warnings_file() {
    if (m_warnings == nullptr) {
        return;
    }
    if (std::fclose(m_warnings) != 0 && m_warnings_error == 0) {
        m_warnings_error = errno != 0 ? errno : EIO;
    }
    m_warnings = nullptr;
    if (m_warnings_error != 0) {
        warning(fmt::format("cannot write the --warnings file {}: {}", m_config.warnings_file,
                            std::strerror(m_warnings_error)));
    }
}

void Reporter::progress(std::size_t indexed, Clock::time_point start) {
    if (!m_show_progress) {
        return;
    }
    const auto now = Clock::now();
    if (now - m_last_progress < std::chrono::milliseconds(250)) {
        return;
    }
    m_last_progress = now;
    ProgressFigures figures;
    figures.articles = indexed;
    figures.seconds = std::chrono::duration<double>(now - start).count();
    figures.read_bytes = m_read.read_bytes.load(std::memory_order_relaxed);
    figures.total_bytes = m_read.total_bytes.load(std::memory_order_relaxed);
    figures.total_known = m_read.total_known.load(std::memory_order_relaxed);
    m_recent.emplace_back(now, figures.read_bytes);
    // Long enough to smooth an archive's compressed bytes, which are consumed in 64 KiB steps
    // (each some hundreds of articles of FakeNewsNet's .tar.xz).
    constexpr auto window = std::chrono::seconds(30);
    while (m_recent.size() > 2 && now - m_recent.front().first > window) {
        m_recent.pop_front();
    }
    const auto& [then, bytes_then] = m_recent.front();
    const double span = std::chrono::duration<double>(now - then).count();
    if (span >= 1.0 && figures.read_bytes > bytes_then) {
        figures.recent_bytes_per_second =
            static_cast<double>(figures.read_bytes - bytes_then) / span;
    } else if (figures.seconds > 0) { // the first second: the average so far
        figures.recent_bytes_per_second = static_cast<double>(figures.read_bytes) / figures.seconds;
    }
    say(stderr, "\r" + progress_line(figures) + "\x1b[K");
    m_progress_shown = true;
}

void Reporter::summary(const IndexReport& report) {
    close_warnings_file();
    if (m_config.json) {
        emit(summary_event(report, m_config.writer.path));
    } else if (!m_config.silent) {
        clear_progress();
        print_unshown();
        print_text_summary(report);
    }
}

// "... and 429 more warnings: 300 empty body, 129 malformed JSON (all in FILE)".
void Reporter::print_unshown() {
    if (m_unshown.empty()) {
        return;
    }
    std::size_t total = 0;
    std::string kinds;
    for (const auto& [kind, count] : m_unshown) {
        total += count;
        kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", count, text::printable(kind));
    }
    say(stderr,
        fmt::format("{}: ... and {} more {}: {} ({})\n", prog, total,
                    total == 1 ? "warning" : "warnings", kinds,
                    m_config.warnings_file.empty()
                        ? std::string("--warnings FILE lists them all, -v prints them")
                        : fmt::format("all in {}", text::printable(m_config.warnings_file))));
}

void Reporter::print_text_summary(const IndexReport& report) {
    if (m_config.verbose) {
        for (const auto& file : report.ignored_files) {
            say(stderr,
                fmt::format("{}: ignored {} (no article format: .txt, .text, .jsonl, .ndjson, "
                            ".json, .sgm)\n",
                            prog, text::printable(file)));
        }
        for (const auto& file : report.collection_files) {
            say(stderr,
                fmt::format("{}: skipped collection file {} (the collection's own documentation or "
                            "auxiliary data, not an article)\n",
                            prog, text::printable(file)));
        }
    }
    say(stderr,
        fmt::format(
            "{}: {} {} into {} ({} new, {} replaced{}{}) in {:.2f} s, {:.0f} articles/s\n", prog,
            report.interrupted ? "interrupted after indexing" : "indexed",
            count_of(report.indexed, "article"), text::printable(m_config.writer.path),
            report.added, report.replaced,
            report.unchanged > 0 ? fmt::format(", {} unchanged", report.unchanged) : std::string{},
            report.duplicates > 0 ? fmt::format(", {}", count_of(report.duplicates, "duplicate id"))
                                  : std::string{},
            report.seconds, rate_of(report)));
    if (report.deleted > 0 || report.pruned > 0) {
        say(stderr, fmt::format("{}: removed {} ({} by --delete, {} by --prune)\n", prog,
                                count_of(report.deleted + report.pruned, "article"), report.deleted,
                                report.pruned));
    }
    if (report.skipped > 0) {
        std::string reasons;
        for (const auto& [reason, count] : report.skipped_by_reason) {
            reasons += fmt::format("{}{} {}", reasons.empty() ? "" : ", ", count, reason);
        }
        say(stderr, fmt::format("{}: skipped {} ({})\n", prog, report.skipped, reasons));
    }
    if (report.exact_duplicates > 0 && !m_config.skip_duplicates) {
        say(stderr, fmt::format("{}: found {} (same title and text as an earlier article; "
                                "--skip-duplicates leaves them out)\n",
                                prog, count_of(report.exact_duplicates, "exact duplicate")));
    }
    if (report.repaired_articles > 0) {
        say(stderr, fmt::format("{}: repaired {} ({}, {}, {})\n", prog,
                                count_of(report.repaired_articles, "article"),
                                count_of(report.transcoded_bytes, "non-UTF-8 byte") +
                                    " read as Windows-1252",
                                count_of(report.removed_controls, "control character") + " removed",
                                count_of(report.metadata_notes, "unusable metadata value")));
    }
    if (report.junk_authors_dropped > 0) {
        say(stderr, fmt::format("{}: dropped {} that name no one (dates, \"Min Read\", URLs, "
                                "biographies{})\n",
                                prog, count_of(report.junk_authors_dropped, "author value"),
                                m_config.verbose ? "" : "; -v lists them"));
    }
    if (!report.ignored_files.empty() && !m_config.verbose) {
        say(stderr, fmt::format("{}: ignored {} in no article format (-v lists them)\n", prog,
                                count_of(report.ignored_files.size(), "file")));
    }
    if (!report.collection_files.empty() && !m_config.verbose) {
        say(stderr, fmt::format("{}: skipped {} (-v lists them)\n", prog,
                                count_of(report.collection_files.size(), "collection file")));
    }
    print_story_summary(report.stories);
    const EntityReport& entities = report.entities;
    say(stderr,
        entities.enabled
            ? fmt::format("{}: entities: extracted; this run: {} with some ({} people, "
                          "{} places, {} organisations)\n",
                          prog, count_of(entities.articles, "article"), entities.person,
                          entities.place, entities.org)
            : fmt::format("{}: entities: off (--no-entities; --overwrite turns them on)\n", prog));
    if (report.kept_previous) {
        say(stderr, fmt::format("{}: the rebuild was discarded: {} is as it was\n", prog,
                                text::printable(m_config.writer.path)));
    }
    say(stderr,
        fmt::format("{}: the database holds {}\n", prog, count_of(report.doc_count, "article")));
}

void Reporter::print_story_summary(const StoryReport& stories) {
    if (!stories.enabled) {
        say(stderr,
            stories.removed > 0
                ? fmt::format("{}: stories: off (--no-stories): removed the stories of {}\n", prog,
                              count_of(stories.removed, "article"))
                : fmt::format("{}: stories: off (--no-stories; --recluster turns them on)\n",
                              prog));
        return;
    }
    say(stderr, fmt::format("{}: stories: the database has {}; this run: {} joined another "
                            "article's story, {} marked as copies\n",
                            prog,
                            stories.count == 1 ? std::string("1 story")
                                               : fmt::format("{} stories", stories.count),
                            stories.joined, stories.copies));
    if (stories.reclustered) {
        say(stderr, fmt::format("{}: --recluster: {} given another story or copy-of, {} had "
                                "their features computed again from their text, in {:.2f} s\n",
                                prog, count_of(stories.reassigned, "article"), stories.refeatured,
                                stories.recluster_seconds));
    }
    if (stories.without_features > 0) {
        say(stderr, fmt::format("{}: stories: {} of the database have no story features this "
                                "build can read and are left as they are (--recluster computes "
                                "them from their text)\n",
                                prog, count_of(stories.without_features, "article")));
    }
    if (m_config.verbose && (stories.restored > 0 || stories.without_features > 0)) {
        say(stderr, fmt::format("{}: stories: restored {} of the database in {:.3f} s\n", prog,
                                count_of(stories.restored, "article"), stories.restore_seconds));
    }
}

void Reporter::emit(const json& event) {
    say(stdout, event.dump(-1, ' ', false, json::error_handler_t::replace) + "\n");
    std::fflush(stdout);
}

// A reader that went away (EPIPE: SIGPIPE is ignored) or a full disk under a redirection ends
// the output, never the run: the index matters more than the messages about it.
void Reporter::say(std::FILE* stream, const std::string& text) {
    if (stream == stdout ? m_stdout_lost : m_stderr_lost) {
        return;
    }
    if (std::fputs(text.c_str(), stream) < 0 || (stream == stdout && std::fflush(stdout) != 0)) {
        (stream == stdout ? m_stdout_lost : m_stderr_lost) = true;
        // A reader that went away is not a failure of the run: clear the stream's error so the
        // check at exit does not report it (exit 74). A full disk stays an error.
        if (errno == EPIPE) {
            std::clearerr(stream);
        }
    }
}

void Reporter::clear_progress() {
    if (m_progress_shown) {
        say(stderr, fmt::format("\r\x1b[K"));
        m_progress_shown = false;
    }
}

} // namespace news::indexer
