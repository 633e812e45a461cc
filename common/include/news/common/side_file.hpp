/// @file
/// @brief Side files: data derived from one revision of a database, kept in its folder beside
/// Xapian's tables and read memory-mapped (the facet columns, the hit records).
///
/// A side file is named KIND.REV by the revision it describes and starts with a header holding
/// its kind's magic and format version, the revision, the database's UUID and its last document
/// id; it ends with an XXH3-64 checksum of what comes before (for tools: reading it all would
/// cost every search time that grows with the database, so each kind checks the parts it reads
/// by checksums of their own). It is opened only when the header matches the database a reader
/// has open: otherwise the reader uses Xapian's own data, which gives the same answers. Writing
/// goes through a temporary file that is synced and renamed into place; then the files of other
/// revisions of that kind are removed.
#pragma once

#include <xapian.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace news::side_file {

/// What a kind of side file is called and how it is recognised.
struct Kind {
    std::string_view name;     ///< the file name's stem: "facet-columns"
    std::string_view what;     ///< what it holds, plural, for messages: "facet columns"
    std::array<char, 8> magic; ///< the first 8 bytes
    std::uint32_t version;     ///< its format version
};

/// "KIND.REV".
[[nodiscard]] std::string file_name(const Kind& kind, Xapian::rev revision);

/// Appends @p n to @p out as side files store integers: in the machine's byte order, as wide as
/// its type (say which with a fixed-width type).
template <typename Integer> void put(std::string& out, Integer n) {
    static_assert(std::is_unsigned_v<Integer>);
    out.append(reinterpret_cast<const char*>(&n), sizeof n);
}

/// The integer of type @p Integer that put() wrote at @p at in @p bytes (which must hold it).
template <typename Integer> [[nodiscard]] Integer get(std::string_view bytes, std::size_t at) {
    static_assert(std::is_unsigned_v<Integer>);
    Integer n = 0;
    std::memcpy(&n, bytes.data() + at, sizeof n);
    return n;
}

/// The header's size: the body given to write() starts at this offset in the file, so a body
/// laid out in 8-byte units stays aligned in the map.
inline constexpr std::size_t header_bytes = 72;

/// Writes all of @p bytes to @p fd (retrying short writes and EINTR).
/// @throws news::Error (Io) naming @p path when a write fails.
void write_all(int fd, std::string_view bytes, const std::string& path);

/// Puts a file in place whole or not at all: @p write_content writes to @p fd, a new file at
/// @p temporary, which is then synced and renamed to @p final_path, and the folder synced. On
/// any failure the temporary file is removed and @p final_path left as it was.
/// @throws news::Error (Io) naming the file, or what @p write_content throws.
void replace_file(const std::string& temporary, const std::string& final_path,
                  const std::function<void(int fd)>& write_content);

/// Where a side file's body goes, piece by piece in file order: to the temporary file through
/// a buffer of 1 MiB, and into the checksum, so that a large database's body is never held whole.
class BodyWriter {
public:
    /// Appends @p bytes to the body.
    /// @throws news::Error (Io) when the file cannot be written.
    void append(std::string_view bytes);
    /// Bytes appended so far.
    [[nodiscard]] std::uint64_t size() const { return m_size; }

private:
    friend std::uint64_t write(const std::string&, const Xapian::Database&, const Kind&,
                               const std::function<void(BodyWriter&)>&);
    BodyWriter(int fd, std::string path, void* checksum)
        : m_fd(fd), m_path(std::move(path)), m_checksum(checksum) {}
    void flush();

    int m_fd;
    std::string m_path;
    void* m_checksum; ///< the XXH3 state
    std::string m_buffer;
    std::uint64_t m_size = 0;
};

/// Writes the side file of @p kind for @p db (opened on @p db_path) at its revision, its body
/// appended by @p write_body, atomically; then removes the files of @p kind for other revisions
/// and the temporary files of writers that are gone. Returns the file's size.
/// @throws news::Error (Io) when it cannot be written; nothing is left behind then.
std::uint64_t write(const std::string& db_path, const Xapian::Database& db, const Kind& kind,
                    const std::function<void(BodyWriter&)>& write_body);

class Region;

/// A side file mapped read-only; the map lives as long as the object. The map is shared: every
/// Mapped of the same file in a process (several searchers, a server's threads) reads one map,
/// so its pages are mapped, and counted as resident, once.
class Mapped {
public:
    /// The side file of @p kind describing @p db (opened on @p db_path), or nullptr with
    /// @p why_not saying why it cannot be used. @p why_not is left empty when there is simply
    /// none (a database built before it existed, a stub file or a remote database); it names
    /// the reason when a file of another revision is there (the database changed since it was
    /// written) or the file is damaged or describes another database. Never throws.
    [[nodiscard]] static std::unique_ptr<Mapped> open(const std::string& db_path,
                                                      const Xapian::Database& db, const Kind& kind,
                                                      std::string& why_not);

    Mapped(const Mapped&) = delete;
    Mapped& operator=(const Mapped&) = delete;
    ~Mapped() = default;

    /// The body as written (without header and checksum).
    [[nodiscard]] std::string_view body() const { return m_body; }
    /// The file's name, for messages.
    [[nodiscard]] const std::string& name() const { return m_name; }

private:
    Mapped() = default;
    std::shared_ptr<const Region> m_region; ///< the whole file, mapped
    std::string_view m_body;
    std::string m_name;
};

} // namespace news::side_file
