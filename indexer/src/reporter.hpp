/// @file
/// @brief Reporter: what an indexing run tells people (stderr) or programs (JSON Lines).
#pragma once

#include "news/common/article.hpp"
#include "news/indexer/indexing.hpp"

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <cstddef>
#include <cstdio>
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
    /// The progress line, at most four times a second.
    void progress(std::size_t indexed, Clock::time_point start);
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
    Clock::time_point m_last_progress{};
    bool m_progress_shown = false;
    bool m_stdout_lost = false;      ///< stdout could not be written: print nothing more there
    bool m_stderr_lost = false;      ///< likewise for stderr
    std::FILE* m_warnings = nullptr; ///< --warnings FILE, or null
    int m_warnings_error = 0;        ///< errno of the first write to it that failed
    std::size_t m_shown = 0;         ///< warnings about articles printed on stderr
    std::map<std::string, std::size_t> m_unshown; ///< the rest, by kind
};

/// "malformed JSON: syntax error ..." -> "malformed JSON": the part of a reason before its
/// details (a colon or a parenthesis), to count reasons by kind.
[[nodiscard]] std::string warning_kind(std::string_view reason);

} // namespace news::indexer
