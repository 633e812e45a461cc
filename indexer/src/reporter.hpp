/// @file
/// @brief Reporter: what an indexing run tells people (stderr) or programs (JSON Lines).
#pragma once

#include "news/common/article.hpp"
#include "news/indexer/indexing.hpp"
#include "news/readers/reader.hpp"

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <map>
#include <string>
#include <string_view>

namespace news::indexer {

/// Prints events as the run goes: text on stderr (warnings, a progress line on a terminal, the
/// summary), or JSON Lines on stdout (documented in indexer/README.md).
class Reporter {
public:
    using Clock = std::chrono::steady_clock;

    /// Reports as @p config asks (--json, -q, -qq, -v, --warnings, progress); @p config must
    /// outlive it.
    /// @throws news::Error (CannotCreate) when the --warnings file cannot be created.
    explicit Reporter(const IndexConfig& config);
    ~Reporter();
    Reporter(const Reporter&) = delete;
    Reporter& operator=(const Reporter&) = delete;

    /// An input that was not indexed, and why.
    void rejected(const Rejection& rejection);
    /// Something worth knowing about an indexed article (a repair, a duplicate id); @p kind
    /// groups it in the counts (default: warning_kind(@p what)).
    void note(const Article& article, std::string_view what, std::string_view kind = {});
    /// A warning about the run itself.
    void warning(std::string_view what);
    /// The progress line, at most four times a second: articles, rate, and with a known input
    /// size the percent read, bytes and ETA (from read_progress()).
    void progress(std::size_t indexed, Clock::time_point start);
    /// Where the read reports its bytes, for the progress line (ReadOptions::progress).
    [[nodiscard]] ReadProgress* read_progress() { return &m_read; }
    /// The closing summary.
    void summary(const IndexReport& report);

private:
    void article_warning(std::string_view kind, const std::string& text);
    void record(const char* type, const Origin* origin, std::string_view kind,
                std::string_view message);
    void close_warnings_file();
    void print_unshown();
    void emit(const nlohmann::json& event);
    void say(std::FILE* stream, const std::string& text);
    void clear_progress();
    void print_text_summary(const IndexReport& report);
    void print_story_summary(const StoryReport& stories);

    const IndexConfig& m_config;
    bool m_show_progress = false; ///< a progress line: on a terminal, not with -q
    ReadProgress m_read;
    /// (when, bytes read) at each progress line of the last few seconds: the ETA follows the
    /// recent rate, not the run's average (an archive is listed, fast, before it is read).
    std::deque<std::pair<Clock::time_point, std::uint64_t>> m_recent;
    Clock::time_point m_last_progress{};
    bool m_progress_shown = false;
    bool m_stdout_lost = false;      ///< stdout could not be written: print nothing more there
    bool m_stderr_lost = false;      ///< likewise for stderr
    std::FILE* m_warnings = nullptr; ///< --warnings FILE, or null
    int m_warnings_error = 0;        ///< errno of the first write to it that failed
    std::size_t m_shown = 0;         ///< warnings about articles printed on stderr
    std::map<std::string, std::size_t> m_unshown; ///< the rest, by kind
};

/// What a progress line shows.
struct ProgressFigures {
    std::size_t articles = 0;     ///< indexed so far
    double seconds = 0;           ///< since the run started
    std::uint64_t read_bytes = 0; ///< of the inputs (ReadProgress)
    std::uint64_t total_bytes = 0;
    bool total_known = false; ///< false for stdin: no percent, bytes or ETA
    /// Bytes read per second lately (the ETA's rate; 0: no ETA yet).
    double recent_bytes_per_second = 0;
};

/// "  42% · 9,100 articles · 1,850/s · 12 MB of 28 MB · ETA 0:07", or with no known total
/// "  9,100 articles · 1,850/s".
[[nodiscard]] std::string progress_line(const ProgressFigures& figures);

/// "malformed JSON: syntax error ..." -> "malformed JSON": the part of a reason before its
/// details (a colon or a parenthesis), to count reasons by kind.
[[nodiscard]] std::string warning_kind(std::string_view reason);

} // namespace news::indexer
