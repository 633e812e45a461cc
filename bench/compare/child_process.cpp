#include "compare/child_process.hpp"

#include "news/common/error.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <unistd.h>

extern char** environ; // NOLINT: POSIX

namespace news::bench {
namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string describe(const std::vector<std::string>& argv) {
    std::string text;
    for (const auto& arg : argv) {
        text += (text.empty() ? "" : " ") + arg;
    }
    return text;
}

} // namespace

ChildRun run_child(const std::vector<std::string>& argv, const std::string& scratch_dir) {
    const std::string out_path = scratch_dir + "/child.out";
    const std::string err_path = scratch_dir + "/child.err";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str())); // NOLINT: posix_spawn's signature
    }
    args.push_back(nullptr);

    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        throw Error(ErrorKind::Io,
                    fmt::format("cannot run {}: {}", argv.front(), std::strerror(spawned)));
    }
    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            throw Error(ErrorKind::Io,
                        fmt::format("waiting for {}: {}", argv.front(), std::strerror(errno)));
        }
    }
    ChildRun run;
    run.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run.peak_rss_kib = usage.ru_maxrss;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = slurp(out_path);
    run.err = slurp(err_path);
    std::filesystem::remove(out_path);
    std::filesystem::remove(err_path);
    return run;
}

ChildRun run_child_checked(const std::vector<std::string>& argv, const std::string& scratch_dir) {
    ChildRun run = run_child(argv, scratch_dir);
    if (run.exit_code != 0) {
        std::string tail = run.err.size() > 2000 ? run.err.substr(run.err.size() - 2000) : run.err;
        while (!tail.empty() && tail.back() == '\n') {
            tail.pop_back();
        }
        throw Error(ErrorKind::Internal,
                    fmt::format("`{}` failed ({}): {}", describe(argv),
                                run.exit_code < 0 ? "killed by a signal"
                                                  : fmt::format("exit {}", run.exit_code),
                                tail));
    }
    return run;
}

void evict_from_page_cache(const std::string& path) {
    namespace fs = std::filesystem;
    auto evict = [](const fs::path& file) {
        const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            ::fdatasync(fd);
            ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
            ::close(fd);
        }
    };
    if (fs::is_regular_file(path)) {
        evict(path);
        return;
    }
    for (const auto& entry : fs::recursive_directory_iterator(path)) {
        if (entry.is_regular_file()) {
            evict(entry.path());
        }
    }
}

unsigned long long disk_bytes(const std::string& path) {
    namespace fs = std::filesystem;
    if (fs::is_regular_file(path)) {
        return fs::file_size(path);
    }
    unsigned long long total = 0;
    for (const auto& entry : fs::recursive_directory_iterator(path)) {
        if (entry.is_regular_file()) {
            total += entry.file_size();
        }
    }
    return total;
}

std::string executable_dir() {
    return std::filesystem::read_symlink("/proc/self/exe").parent_path().string();
}

} // namespace news::bench
