/// @file
/// @brief RunningTool and run_tool over posix_spawn, pipes and unlinked temporary files.
#include "support/run_tool.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <sys/wait.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <spawn.h>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace news::test {
namespace {

[[noreturn]] void fail(std::string_view what, int err) {
    throw std::runtime_error(fmt::format("run_tool: {}: {}", what, std::strerror(err)));
}

void close_fd(int& fd) {
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

// An unlinked temporary file: the child writes to it, the test reads it back after exit.
int capture_file() {
    std::string name = (std::filesystem::temp_directory_path() / "news-run-XXXXXX").string();
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) {
        fail("cannot create a capture file", errno);
    }
    ::unlink(name.c_str());
    return fd;
}

// pread, not read: the child shares the file offset, so the test must never move it.
std::string read_back(int fd) {
    std::string content;
    char chunk[1 << 16];
    for (;;) {
        const ssize_t got = ::pread(fd, chunk, sizeof chunk, static_cast<off_t>(content.size()));
        if (got > 0) {
            content.append(chunk, static_cast<std::size_t>(got));
        } else if (got == 0) {
            return content;
        } else if (errno != EINTR) {
            fail("cannot read a capture file", errno);
        }
    }
}

// The test's environment with NO_COLOR=1, so no tool colours its output by accident.
// environ comes from <unistd.h> (_GNU_SOURCE, which g++ always defines).
std::vector<std::string> child_environment() {
    std::vector<std::string> env;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        if (text.substr(0, text.find('=')) != "NO_COLOR") {
            env.emplace_back(text);
        }
    }
    env.emplace_back("NO_COLOR=1");
    return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    out.reserve(strings.size() + 1);
    for (auto& s : strings) {
        out.push_back(s.data());
    }
    out.push_back(nullptr);
    return out;
}

// posix_spawn's attribute and file-action objects, destroyed on every path.
struct SpawnSetup {
    posix_spawn_file_actions_t actions{};
    posix_spawnattr_t attr{};

    SpawnSetup() {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attr);
    }
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;
};

} // namespace

std::string RunResult::describe() const {
    std::string status;
    if (timed_out) {
        status = "timed out";
    } else if (term_signal != 0) {
        status = fmt::format("killed by signal {}", term_signal);
    } else {
        status = fmt::format("exit {}", exit_code);
    }
    return fmt::format("{}; stderr:\n{}", status, err);
}

RunningTool::RunningTool(const std::string& exe, const std::vector<std::string>& args) {
    int stdin_pipe[2] = {-1, -1};
    if (::pipe2(stdin_pipe, O_CLOEXEC) != 0) {
        fail("cannot create a pipe", errno);
    }
    m_stdin = stdin_pipe[1];
    int child_stdin = stdin_pipe[0];
    try {
        m_out = capture_file();
        m_err = capture_file();
    } catch (...) {
        close_fd(child_stdin);
        close_fd(m_stdin);
        close_fd(m_out);
        throw;
    }

    SpawnSetup setup;
    // dup2 clears FD_CLOEXEC on the target, so the child keeps exactly fds 0, 1 and 2.
    posix_spawn_file_actions_adddup2(&setup.actions, child_stdin, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&setup.actions, m_out, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&setup.actions, m_err, STDERR_FILENO);
    // A signal ignored here (or blocked) would stay so in the child: reset what the tools rely on.
    sigset_t defaults;
    sigemptyset(&defaults);
    for (const int signal : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD}) {
        sigaddset(&defaults, signal);
    }
    sigset_t empty_mask;
    sigemptyset(&empty_mask);
    posix_spawnattr_setsigdefault(&setup.attr, &defaults);
    posix_spawnattr_setsigmask(&setup.attr, &empty_mask);
    posix_spawnattr_setflags(&setup.attr,
                             static_cast<short>(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK));

    std::vector<std::string> argv_strings;
    argv_strings.reserve(args.size() + 1);
    argv_strings.push_back(exe);
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<std::string> env_strings = child_environment();
    auto argv = pointers(argv_strings);
    auto envp = pointers(env_strings);

    const int rc =
        ::posix_spawn(&m_pid, exe.c_str(), &setup.actions, &setup.attr, argv.data(), envp.data());
    close_fd(child_stdin);
    if (rc != 0) {
        close_fd(m_stdin);
        close_fd(m_out);
        close_fd(m_err);
        fail(fmt::format("cannot start {}", exe), rc);
    }
}

RunningTool::~RunningTool() {
    close_fd(m_stdin);
    if (m_pid > 0 && !m_reaped) {
        ::kill(m_pid, SIGKILL);
        int status = 0;
        while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    close_fd(m_out);
    close_fd(m_err);
}

bool RunningTool::write_stdin(std::string_view data) {
    if (m_stdin < 0) {
        return false;
    }
    // Block SIGPIPE in this thread while writing, and swallow the one a closed pipe raises:
    // a tool that stops reading is a test outcome, not a reason to kill the test process.
    sigset_t pipe_only;
    sigset_t old_mask;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, &old_mask);
    bool ok = true;
    while (!data.empty()) {
        const ssize_t wrote = ::write(m_stdin, data.data(), data.size());
        if (wrote >= 0) {
            data.remove_prefix(static_cast<std::size_t>(wrote));
        } else if (errno != EINTR) {
            ok = false;
            break;
        }
    }
    if (!ok) {
        const timespec zero{};
        while (sigtimedwait(&pipe_only, nullptr, &zero) < 0 && errno == EINTR) {
        }
    }
    pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
    return ok;
}

void RunningTool::close_stdin() {
    close_fd(m_stdin);
}

std::string RunningTool::out_so_far() const {
    return read_back(m_out);
}

std::string RunningTool::err_so_far() const {
    return read_back(m_err);
}

void RunningTool::send_signal(int signal) {
    if (m_pid > 0 && !m_reaped) {
        ::kill(m_pid, signal);
    }
}

bool RunningTool::finished() {
    if (!m_reaped) {
        const pid_t got = ::waitpid(m_pid, &m_status, WNOHANG);
        // ECHILD cannot happen for our own child unless something else reaped it: stop waiting.
        m_reaped = got == m_pid || (got < 0 && errno != EINTR);
    }
    return m_reaped;
}

RunResult RunningTool::wait(std::chrono::milliseconds timeout) {
    close_stdin();
    RunResult result;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!finished()) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(m_pid, SIGKILL);
            result.timed_out = true;
            while (::waitpid(m_pid, &m_status, 0) < 0 && errno == EINTR) {
            }
            m_reaped = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (WIFEXITED(m_status)) {
        result.exit_code = WEXITSTATUS(m_status);
    } else if (WIFSIGNALED(m_status)) {
        result.term_signal = WTERMSIG(m_status);
    }
    result.out = read_back(m_out);
    result.err = read_back(m_err);
    return result;
}

RunResult run_tool(const std::string& exe, const std::vector<std::string>& args,
                   std::string_view stdin_data) {
    RunningTool tool(exe, args);
    tool.write_stdin(stdin_data);
    return tool.wait();
}

bool xapian_check(const std::string& db) {
    const auto run = run_tool("/usr/bin/xapian-check", {db});
    if (run.exit_code != 0) {
        BOOST_TEST_MESSAGE("xapian-check " << db << ":\n" << run.out << run.err);
    }
    return run.exit_code == 0;
}

} // namespace news::test
