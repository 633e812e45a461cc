/// @file
/// @brief Full disks and unrecoverable write failures.
#include "news/indexer/write_failure.hpp"

#include "news/common/error.hpp"
#include "news/common/exit_code.hpp"

#include <fmt/format.h>
#include <sys/statvfs.h>
#include <xapian.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <mutex>
#include <set>
#include <unistd.h>

namespace news::indexer {
namespace {

namespace fs = std::filesystem;

// What the failure handler needs: it runs in std::terminate, where nothing can be passed in.
struct FailureState {
    std::mutex mutex;
    std::string database;
    std::set<std::string> temporary_folders;
};

FailureState& failure_state() {
    static FailureState state;
    return state;
}

std::string mebibytes(std::uint64_t bytes) {
    return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

std::string disk_full_message(const std::string& path, std::uint64_t free) {
    return fmt::format("{}: the disk is full ({} free on its file system)", path, mebibytes(free));
}

constexpr std::string_view disk_full_hint =
    "free some space, then run the same command again: the database is as it was at its last "
    "commit, and finished articles are not indexed twice";

bool is_disk_full(const std::string& path, std::string_view message) {
    if (message.find("No space left on device") != std::string_view::npos ||
        message.find("Disk quota exceeded") != std::string_view::npos) {
        return true;
    }
    const auto free = free_bytes(path);
    return free && *free < reserve_bytes;
}

[[noreturn]] void on_terminate() {
    std::string message = "the indexer stopped on an unexpected error";
    if (const auto current = std::current_exception()) {
        try {
            std::rethrow_exception(current);
        } catch (const Xapian::Error& e) {
            message = fmt::format("a database write failed: {}: {}", e.get_type(), e.get_msg());
        } catch (const std::exception& e) {
            message = e.what();
        } catch (...) {
        }
    }
    FailureState& state = failure_state();
    const std::unique_lock lock(state.mutex, std::try_to_lock);
    const auto free = free_bytes(state.database);
    if (free && *free < reserve_bytes) {
        std::fprintf(stderr, "news-index: error: %s\nhint: %s\n",
                     disk_full_message(state.database, *free).c_str(), disk_full_hint.data());
    } else {
        std::fprintf(stderr,
                     "news-index: error: %s: %s\nhint: the database is as it was at its last "
                     "commit; check it with xapian-check %s\n",
                     state.database.c_str(), message.c_str(), state.database.c_str());
    }
    if (lock.owns_lock()) {
        for (const auto& folder : state.temporary_folders) {
            std::error_code ignored;
            fs::remove_all(folder, ignored);
        }
    }
    std::fflush(stderr);
    ::_exit(exit_code::io);
}

} // namespace

std::optional<std::uint64_t> free_bytes(const std::string& path) {
    std::error_code ec;
    fs::path existing = fs::absolute(fs::path(path), ec);
    while (!existing.empty() && !fs::exists(existing, ec) && existing != existing.parent_path()) {
        existing = existing.parent_path();
    }
    struct statvfs info {};
    if (ec || ::statvfs(existing.c_str(), &info) != 0) {
        return std::nullopt;
    }
    return static_cast<std::uint64_t>(info.f_bavail) * info.f_frsize;
}

void require_space(const std::string& path, std::uint64_t needed, const std::string& label) {
    const auto free = free_bytes(path);
    if (free && *free < needed + reserve_bytes) {
        throw Error(ErrorKind::Io, disk_full_message(label.empty() ? path : label, *free),
                    std::string(disk_full_hint));
    }
}

void rethrow_write_failure(const std::string& path, const std::string& label) {
    const std::string& name = label.empty() ? path : label;
    try {
        throw;
    } catch (const Error&) {
        throw;
    } catch (const Xapian::Error& e) {
        if (is_disk_full(path, e.get_msg())) {
            throw Error(ErrorKind::Io, disk_full_message(name, free_bytes(path).value_or(0)),
                        std::string(disk_full_hint));
        }
        try {
            rethrow_as_news_error(name);
        } catch (const Xapian::Error& unclassified) {
            throw Error(ErrorKind::Io,
                        fmt::format("{}: database write failed: {}: {}", name,
                                    unclassified.get_type(), unclassified.get_msg()),
                        label.empty() ? fmt::format("the database is as it was at its last "
                                                    "commit; check it with xapian-check {}",
                                                    path)
                                      : std::string("the database is as it was before this run"));
        }
    }
}

void install_write_failure_handler(const std::string& database) {
    {
        FailureState& state = failure_state();
        const std::lock_guard lock(state.mutex);
        state.database = database;
    }
    std::set_terminate(on_terminate);
}

void register_temporary_folder(const std::string& folder) {
    FailureState& state = failure_state();
    const std::lock_guard lock(state.mutex);
    state.temporary_folders.insert(folder);
}

void unregister_temporary_folder(const std::string& folder) {
    FailureState& state = failure_state();
    const std::lock_guard lock(state.mutex);
    state.temporary_folders.erase(folder);
}

} // namespace news::indexer
