/// @file
/// @brief Whether a writer (news-index) is building the database being searched.
#include "news/searcher/build_state.hpp"

#include <cerrno>
#include <charconv>
#include <filesystem>
#include <signal.h>
#include <system_error>

namespace news::searcher {
namespace {

namespace fs = std::filesystem;

// The pid in a "DB.shards-PID" name, if it is one for @p prefix ("DB.shards-").
std::optional<pid_t> shards_pid(const std::string& name, const std::string& prefix) {
    if (name.rfind(prefix, 0) != 0) {
        return std::nullopt;
    }
    const std::string_view digits = std::string_view(name).substr(prefix.size());
    pid_t pid = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
    if (error != std::errc() || end != digits.data() + digits.size() || pid <= 0) {
        return std::nullopt;
    }
    return pid;
}

bool process_runs(pid_t pid) {
    return ::kill(pid, 0) == 0 || errno == EPERM;
}

// Articles committed in the shards below @p folder (each shard is a database of its own).
std::uint64_t articles_in_shards(const fs::path& folder) {
    std::uint64_t total = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        try {
            total += Xapian::Database(entry.path().string()).get_doccount();
        } catch (const Xapian::Error&) {
            // A shard not yet created, or being swapped: counted once it is readable.
        }
    }
    return total;
}

} // namespace

std::string live_shards_folder(const std::string& path) {
    fs::path folder(path);
    if (!folder.has_filename()) {
        folder = folder.parent_path(); // "news.db/" names news.db
    }
    const std::string prefix = folder.filename().string() + ".shards-";
    const fs::path parent = folder.has_parent_path() ? folder.parent_path() : fs::path(".");
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
        const auto pid = shards_pid(entry.path().filename().string(), prefix);
        if (pid && process_runs(*pid) && entry.is_directory(ec)) {
            return entry.path().string();
        }
    }
    return {};
}

std::optional<BuildInProgress> build_in_progress(const Xapian::Database& db,
                                                 const std::string& path) {
    try {
        if (!db.locked()) {
            return std::nullopt;
        }
    } catch (const Xapian::Error&) {
        return std::nullopt; // the lock cannot be tested here: say nothing rather than guess
    }
    BuildInProgress build;
    build.database = path;
    build.articles_so_far = db.get_doccount();
    if (const std::string shards = live_shards_folder(path); !shards.empty()) {
        build.sharded = true;
        build.articles_so_far = articles_in_shards(shards);
    }
    return build;
}

std::optional<BuildInProgress> BuildWatch::check(const Xapian::Database& db,
                                                 const std::string& path) {
    const auto now = Clock::now();
    if (!m_tested || now - *m_tested >= m_interval) {
        m_answer = build_in_progress(db, path);
        m_tested = now;
    }
    return m_answer;
}

} // namespace news::searcher
