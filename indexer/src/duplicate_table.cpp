/// @file
/// @brief DuplicateTable: content hash -> first id, spilled to sorted temporary files.
#include "news/indexer/duplicate_table.hpp"

#include "news/common/error.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <unistd.h>
#include <utility>
#include <vector>

namespace news::indexer {
namespace {

constexpr std::size_t record_bytes = 16; // hash, offset: two native u64

// Per entry of the in-memory map: the node (key, string, next pointer), its bucket, and the
// id's heap buffer when it does not fit the string's own.
std::size_t entry_bytes(std::string_view id) {
    constexpr std::size_t node = 64;
    constexpr std::size_t inline_capacity = 15;
    return node + (id.size() > inline_capacity ? id.size() + 1 : 0);
}

[[noreturn]] void fail(std::string_view what) {
    throw Error(ErrorKind::Io,
                std::string("duplicate table: ") + std::string(what) + ": " + std::strerror(errno),
                "check the space of the temporary folder (TMPDIR)");
}

void write_all(std::FILE* file, const void* data, std::size_t size, std::uint64_t offset) {
    const auto* bytes = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::pwrite(fileno(file), bytes, size, static_cast<off_t>(offset));
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail("cannot write a temporary file");
        }
        bytes += n;
        size -= static_cast<std::size_t>(n);
        offset += static_cast<std::uint64_t>(n);
    }
}

void read_all(std::FILE* file, void* data, std::size_t size, std::uint64_t offset) {
    auto* bytes = static_cast<char*>(data);
    while (size > 0) {
        const ssize_t n = ::pread(fileno(file), bytes, size, static_cast<off_t>(offset));
        if (n <= 0) {
            if (n < 0 && errno == EINTR) {
                continue;
            }
            fail("cannot read a temporary file");
        }
        bytes += n;
        size -= static_cast<std::size_t>(n);
        offset += static_cast<std::uint64_t>(n);
    }
}

std::pair<std::uint64_t, std::uint64_t> read_record(std::FILE* file, std::size_t index) {
    std::array<std::uint64_t, 2> record{};
    read_all(file, record.data(), record_bytes, index * record_bytes);
    return {record[0], record[1]};
}

} // namespace

void DuplicateTable::FileCloser::operator()(std::FILE* file) const noexcept {
    std::fclose(file);
}

DuplicateTable::DuplicateTable(std::size_t memory_bytes) : m_budget(memory_bytes) {}

std::optional<std::string> DuplicateTable::first_with(std::uint64_t hash, std::string_view id) {
    if (const auto it = m_memory.find(hash); it != m_memory.end()) {
        return it->second;
    }
    if (auto on_disk = find_on_disk(hash)) {
        return on_disk;
    }
    m_memory.emplace(hash, std::string(id));
    m_memory_bytes += entry_bytes(id);
    if (m_memory_bytes > m_budget) {
        spill();
    }
    return std::nullopt;
}

std::optional<std::string> DuplicateTable::find_on_disk(std::uint64_t hash) const {
    std::size_t low = 0;
    std::size_t high = m_index_records;
    while (low < high) {
        const std::size_t middle = low + (high - low) / 2;
        const auto [key, offset] = read_record(m_index.get(), middle);
        if (key < hash) {
            low = middle + 1;
        } else if (hash < key) {
            high = middle;
        } else {
            std::uint32_t length = 0;
            read_all(m_ids.get(), &length, sizeof length, offset);
            std::string id(length, '\0');
            read_all(m_ids.get(), id.data(), length, offset + sizeof length);
            return id;
        }
    }
    return std::nullopt;
}

void DuplicateTable::spill() {
    if (!m_ids) {
        m_ids.reset(std::tmpfile());
        if (!m_ids) {
            fail("cannot create a temporary file");
        }
    }
    // Append the ids, then merge their (hash, offset) records into a new sorted index.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> fresh;
    fresh.reserve(m_memory.size());
    for (const auto& [hash, id] : m_memory) {
        const auto length = static_cast<std::uint32_t>(id.size());
        write_all(m_ids.get(), &length, sizeof length, m_ids_end);
        write_all(m_ids.get(), id.data(), id.size(), m_ids_end + sizeof length);
        fresh.emplace_back(hash, m_ids_end);
        m_ids_end += sizeof length + id.size();
    }
    std::sort(fresh.begin(), fresh.end());
    m_memory.clear();
    m_memory_bytes = 0;

    File merged(std::tmpfile());
    if (!merged) {
        fail("cannot create a temporary file");
    }
    constexpr std::size_t chunk_records = 4096;
    std::vector<std::uint64_t> in(2 * chunk_records);
    std::vector<std::uint64_t> out;
    out.reserve(2 * chunk_records);
    std::size_t in_next = 0; // next old record to read
    std::size_t in_pos = 0;  // position in the buffer `in`
    std::size_t in_size = 0; // records in the buffer `in`
    std::size_t written = 0;
    const auto flush = [&] {
        write_all(merged.get(), out.data(), out.size() * sizeof(std::uint64_t),
                  written * record_bytes);
        written += out.size() / 2;
        out.clear();
    };
    const auto emit = [&](std::uint64_t hash, std::uint64_t offset) {
        out.push_back(hash);
        out.push_back(offset);
        if (out.size() == 2 * chunk_records) {
            flush();
        }
    };
    auto fresh_it = fresh.begin();
    for (;;) {
        if (in_pos == in_size && in_next < m_index_records) {
            in_size = std::min(chunk_records, m_index_records - in_next);
            read_all(m_index.get(), in.data(), in_size * record_bytes, in_next * record_bytes);
            in_next += in_size;
            in_pos = 0;
        }
        const bool old_left = in_pos < in_size;
        if (!old_left && fresh_it == fresh.end()) {
            break;
        }
        if (old_left && (fresh_it == fresh.end() || in[2 * in_pos] <= fresh_it->first)) {
            emit(in[2 * in_pos], in[2 * in_pos + 1]);
            ++in_pos;
        } else {
            emit(fresh_it->first, fresh_it->second);
            ++fresh_it;
        }
    }
    flush();
    m_index = std::move(merged);
    m_index_records = written;
}

} // namespace news::indexer
