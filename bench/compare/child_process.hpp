/// @file
/// @brief Running one engine command as a child process: its output, wall time and peak RSS.
#pragma once

#include <string>
#include <vector>

namespace news::bench {

/// How a child ended and what it cost.
struct ChildRun {
    int exit_code = -1;      ///< exit status, or -1 when a signal ended it
    double wall_seconds = 0; ///< from spawn to reaped
    /// The child's maximum resident set size from wait4. Linux counts the parent's peak in it
    /// (a spawned child starts in the parent's address space), so engines report their own
    /// VmHWM too and that figure is preferred.
    long peak_rss_kib = 0;
    std::string out; ///< its stdout
    std::string err; ///< its stderr
};

/// Runs @p argv (argv[0] looked up on PATH when it has no '/'), no shell, stdin from
/// /dev/null, stdout and stderr captured through files in @p scratch_dir.
/// @throws news::Error (Io) when the process cannot be started.
ChildRun run_child(const std::vector<std::string>& argv, const std::string& scratch_dir);

/// Like run_child, but @throws news::Error (Internal) naming the command and quoting the end of
/// its stderr when it does not exit 0.
ChildRun run_child_checked(const std::vector<std::string>& argv, const std::string& scratch_dir);

/// Drops every file under @p path from the page cache (posix_fadvise DONTNEED), so the next
/// read comes from disk: the "cold" start of a one-shot query, without root.
void evict_from_page_cache(const std::string& path);

/// Bytes of every regular file under @p path (or of the file itself).
[[nodiscard]] unsigned long long disk_bytes(const std::string& path);

/// The folder holding the running executable (/proc/self/exe).
[[nodiscard]] std::string executable_dir();

} // namespace news::bench
