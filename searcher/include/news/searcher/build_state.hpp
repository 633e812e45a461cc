/// @file
/// @brief Whether a writer (news-index) is building the database being searched.
#pragma once

#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace news::searcher {

/// A database that a writer holds open: its results may be incomplete.
struct BuildInProgress {
    std::string database; ///< the database's path, as given
    /// Articles committed so far: the database's own, or with a parallel build (news-index
    /// --threads N on a new database) the ones committed in its shards, which are merged
    /// into the database only at the end.
    std::uint64_t articles_so_far = 0;
    bool sharded = false; ///< a parallel build writes shards beside the database
};

/// Whether @p db (opened from @p path) is locked by a writer, and how far it has got. The lock
/// is the test, not a marker the writer leaves: a writer that died holds no lock, so no note
/// outlives it.
/// @return nullopt when no writer holds the lock, or when the lock cannot be tested.
[[nodiscard]] std::optional<BuildInProgress> build_in_progress(const Xapian::Database& db,
                                                               const std::string& path);

/// build_in_progress() for a handle that answers many searches, tested at most once per
/// interval. Testing the lock opens, queries and closes the lock file: about 8% of the time of a
/// search for a rare word, for a note that changes only when a writer starts or stops. A
/// one-shot search (news-search) tests it once, as before.
class BuildWatch {
public:
    using Clock = std::chrono::steady_clock;
    explicit BuildWatch(Clock::duration interval = std::chrono::seconds(1))
        : m_interval(interval) {}

    /// build_in_progress(@p db, @p path), or its answer from less than the interval ago.
    [[nodiscard]] std::optional<BuildInProgress> check(const Xapian::Database& db,
                                                       const std::string& path);
    /// Forgets the last answer (the handle was opened again): the next check tests the lock.
    void reset() noexcept { m_tested.reset(); }

private:
    Clock::duration m_interval;
    std::optional<Clock::time_point> m_tested;
    std::optional<BuildInProgress> m_answer;
};

/// The folder of a parallel build's shards for the database at @p path ("DB.shards-PID") whose
/// process still runs, or empty. Such a build creates its database folder when it starts, so
/// a missing database with shards beside it is only seen at the very start or end of a run.
[[nodiscard]] std::string live_shards_folder(const std::string& path);

} // namespace news::searcher
