/// @file
/// @brief The first article of each content hash, in bounded memory: exact-duplicate detection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace news::indexer {

/// Maps a content hash to the id of the first article that had it, for a whole run.
///
/// Entries are kept in memory up to a budget; past it they are moved to two unnamed temporary
/// files (gone when the process ends): the ids, appended, and an index of (hash, offset)
/// records sorted by hash, merged with each spill and searched by binary search. So memory
/// stays within the budget whatever the corpus size, and the answers are the same.
class DuplicateTable {
public:
    /// Keeps about @p memory_bytes of entries in memory before spilling to disk.
    explicit DuplicateTable(std::size_t memory_bytes);

    /// Returns the id recorded first for @p hash, or records @p id for it and returns
    /// std::nullopt.
    /// @throws news::Error (Io) when a temporary file cannot be written or read.
    [[nodiscard]] std::optional<std::string> first_with(std::uint64_t hash, std::string_view id);

    /// Entries moved to disk so far.
    [[nodiscard]] std::size_t spilled() const noexcept { return m_index_records; }

    /// Estimated bytes of the entries held in memory.
    [[nodiscard]] std::size_t memory_used() const noexcept { return m_memory_bytes; }

private:
    struct FileCloser {
        void operator()(std::FILE* file) const noexcept;
    };
    using File = std::unique_ptr<std::FILE, FileCloser>;

    [[nodiscard]] std::optional<std::string> find_on_disk(std::uint64_t hash) const;
    void spill();

    std::size_t m_budget;
    std::size_t m_memory_bytes = 0;
    std::unordered_map<std::uint64_t, std::string> m_memory;
    File m_ids;                      ///< [u32 length][bytes] per id, appended
    std::uint64_t m_ids_end = 0;     ///< bytes in m_ids
    File m_index;                    ///< (hash, offset) u64 pairs sorted by hash
    std::size_t m_index_records = 0; ///< records in m_index
};

} // namespace news::indexer
