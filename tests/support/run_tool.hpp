/// @file
/// @brief Running the real tools from end-to-end tests: posix_spawn, no shell, output captured.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace news::test {

/// How a finished tool ended and what it printed.
struct RunResult {
    int exit_code = -1;     ///< the status passed to exit(), or -1 when a signal ended the process
    int term_signal = 0;    ///< the signal that ended the process, or 0
    bool timed_out = false; ///< the test killed the process after waiting too long
    std::string out;        ///< everything written to stdout
    std::string err;        ///< everything written to stderr

    /// "exit 64", "killed by signal 9" or "timed out", then stderr: for failure messages.
    [[nodiscard]] std::string describe() const;
};

/// A tool started with a pipe on its stdin, running until wait() is called.
///
/// stdout and stderr go to unlinked temporary files (so the child never blocks on a full pipe),
/// stdin is the read end of a pipe the test writes to. The child gets the test's environment
/// plus NO_COLOR=1, default signal dispositions and an empty signal mask. The destructor kills
/// and reaps a child that was never waited for.
class RunningTool {
public:
    /// Starts @p exe with @p args (argv[0] is @p exe).
    /// @throws std::runtime_error when the pipe, the capture files or the spawn fail.
    RunningTool(const std::string& exe, const std::vector<std::string>& args);
    ~RunningTool();
    RunningTool(const RunningTool&) = delete;
    RunningTool& operator=(const RunningTool&) = delete;

    /// The child's process id.
    [[nodiscard]] pid_t pid() const noexcept { return m_pid; }

    /// Writes all of @p data to the child's stdin. Returns false when the child closed its end
    /// (it exited or stopped reading); never raises SIGPIPE.
    bool write_stdin(std::string_view data);

    /// Closes the child's stdin, so it reads end-of-file. Idempotent.
    void close_stdin();

    /// Sends @p signal to the child (only to it, not to its process group).
    void send_signal(int signal);

    /// What the child has written to stdout / stderr so far (it may still be writing).
    [[nodiscard]] std::string out_so_far() const;
    [[nodiscard]] std::string err_so_far() const;

    /// True once the child has exited (reaps it).
    [[nodiscard]] bool finished();

    /// Closes stdin, waits for the child to end (killing it with SIGKILL after @p timeout) and
    /// returns its status and output. Call once.
    RunResult wait(std::chrono::milliseconds timeout = std::chrono::seconds(120));

private:
    pid_t m_pid = -1;
    int m_stdin = -1;
    int m_out = -1;
    int m_err = -1;
    bool m_reaped = false;
    int m_status = 0;
};

/// Runs @p exe with @p args to completion, feeding it @p stdin_data (then end-of-file).
/// See RunningTool for the environment and capture.
[[nodiscard]] RunResult run_tool(const std::string& exe, const std::vector<std::string>& args,
                                 std::string_view stdin_data = {});

/// True when `xapian-check` passes on the database at @p db (its output becomes a test message
/// when it does not). Run as its own process: Xapian::Database::check in-process trips ASan
/// inside Xapian 1.4.22 (a new/delete size mismatch that is not ours).
[[nodiscard]] bool xapian_check(const std::string& db);

} // namespace news::test
