/// @file
/// @brief Reporter: what an indexing run tells people (stderr) or programs (JSON Lines).
#pragma once

#include "news/common/article.hpp"
#include "news/indexer/indexing.hpp"

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace news::indexer {

/// Prints events as the run goes: text on stderr (warnings, a progress line on a terminal, the
/// summary), or JSON Lines on stdout (documented in indexer/README.md).
class Reporter {
public:
    using Clock = std::chrono::steady_clock;

    /// Reports as @p config asks (--json, -q, -v, progress); @p config must outlive it.
    explicit Reporter(const IndexConfig& config) : m_config(config) {}

    /// An input that was not indexed, and why.
    void rejected(const Rejection& rejection);
    /// Something worth knowing about an indexed article (a repair, a duplicate id).
    void note(const Article& article, std::string_view what);
    /// A warning about the run itself.
    void warning(std::string_view what);
    /// The progress line, at most four times a second.
    void progress(std::size_t indexed, Clock::time_point start);
    /// The closing summary.
    void summary(const IndexReport& report);

private:
    void emit(const nlohmann::json& event);
    void say(std::FILE* stream, const std::string& text);
    void clear_progress();
    void print_text_summary(const IndexReport& report);

    const IndexConfig& m_config;
    Clock::time_point m_last_progress{};
    bool m_progress_shown = false;
    bool m_stdout_lost = false; ///< stdout could not be written: print nothing more there
    bool m_stderr_lost = false; ///< likewise for stderr
};

} // namespace news::indexer
