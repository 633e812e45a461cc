/// @file
/// @brief Side files: header, atomic writing, checking and memory-mapping.
#include "news/common/side_file.hpp"

#include "news/common/error.hpp"

#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <unistd.h>
#include <xxhash.h>

namespace news::side_file {
namespace {

namespace fs = std::filesystem;

// Integers are in the machine's byte order; the mark says which.
constexpr std::uint32_t byte_order = 0x01020304;
constexpr std::size_t uuid_bytes = 40;

struct Header {
    std::array<char, 8> magic;
    std::uint32_t byte_order;
    std::uint32_t version;
    std::uint64_t revision;
    std::uint32_t last_docid;
    std::uint32_t reserved;
    std::array<char, uuid_bytes> uuid;
};
static_assert(sizeof(Header) == header_bytes);

std::string temporary_prefix(const Kind& kind) {
    return "." + std::string(kind.name) + ".tmp.";
}

// The revision in "KIND.REV", or nullopt for any other name.
std::optional<Xapian::rev> revision_of(const Kind& kind, std::string_view file) {
    const std::string prefix = std::string(kind.name) + ".";
    if (file.substr(0, prefix.size()) != prefix) {
        return std::nullopt;
    }
    const std::string_view digits = file.substr(prefix.size());
    Xapian::rev rev = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), rev);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size()) {
        return std::nullopt;
    }
    return rev;
}

// Files of @p kind for other revisions, and temporary files whose writer is gone.
void remove_stale_files(const std::string& db_path, const Kind& kind, Xapian::rev current) {
    const std::string temporary = temporary_prefix(kind);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(db_path, ec)) {
        const std::string name = entry.path().filename().string();
        bool stale = false;
        if (const auto rev = revision_of(kind, name)) {
            stale = *rev != current;
        } else if (name.rfind(temporary, 0) == 0) {
            const std::string pid = name.substr(temporary.size());
            int writer = 0;
            const auto [end, parse_ec] =
                std::from_chars(pid.data(), pid.data() + pid.size(), writer);
            stale = parse_ec != std::errc{} || writer <= 0 ||
                    (::kill(writer, 0) != 0 && errno == ESRCH);
        }
        if (stale) {
            fs::remove(entry.path(), ec);
        }
    }
}

} // namespace

void write_all(int fd, std::string_view bytes, const std::string& path) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            throw Error(ErrorKind::Io, fmt::format("cannot write {}: {}", path,
                                                   std::strerror(n < 0 ? errno : ENOSPC)));
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

void replace_file(const std::string& temporary, const std::string& final_path,
                  const std::function<void(int fd)>& write_content) {
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw Error(ErrorKind::Io,
                    fmt::format("cannot create {}: {}", temporary, std::strerror(errno)));
    }
    try {
        write_content(fd);
        if (::fsync(fd) != 0) {
            throw Error(ErrorKind::Io,
                        fmt::format("cannot sync {}: {}", temporary, std::strerror(errno)));
        }
    } catch (...) {
        ::close(fd);
        ::unlink(temporary.c_str());
        throw;
    }
    ::close(fd);
    if (::rename(temporary.c_str(), final_path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        throw Error(ErrorKind::Io, fmt::format("cannot rename {} to {}: {}", temporary, final_path,
                                               std::strerror(error)));
    }
    const std::string folder = fs::path(final_path).parent_path().string();
    if (const int dir =
            ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

std::string file_name(const Kind& kind, Xapian::rev revision) {
    return fmt::format("{}.{}", kind.name, revision);
}

void BodyWriter::append(std::string_view bytes) {
    constexpr std::size_t buffer_bytes = std::size_t{1} << 20U;
    XXH3_64bits_update(static_cast<XXH3_state_t*>(m_checksum), bytes.data(), bytes.size());
    m_size += bytes.size();
    if (m_buffer.size() + bytes.size() > buffer_bytes) {
        flush();
    }
    if (bytes.size() >= buffer_bytes) {
        write_all(m_fd, bytes, m_path);
    } else {
        m_buffer.append(bytes);
    }
}

void BodyWriter::flush() {
    write_all(m_fd, m_buffer, m_path);
    m_buffer.clear();
}

std::uint64_t write(const std::string& db_path, const Xapian::Database& db, const Kind& kind,
                    const std::function<void(BodyWriter&)>& write_body) {
    const Xapian::rev revision = db.get_revision();
    Header header{};
    header.magic = kind.magic;
    header.byte_order = byte_order;
    header.version = kind.version;
    header.revision = revision;
    header.last_docid = db.get_lastdocid();
    const std::string uuid = db.get_uuid();
    std::memcpy(header.uuid.data(), uuid.data(), std::min(uuid.size(), uuid_bytes - 1));

    const std::string temporary =
        (fs::path(db_path) / (temporary_prefix(kind) + std::to_string(::getpid()))).string();
    const std::string final_path = (fs::path(db_path) / file_name(kind, revision)).string();
    std::uint64_t body_bytes = 0;
    replace_file(temporary, final_path, [&](int fd) {
        const std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state(XXH3_createState(),
                                                                             &XXH3_freeState);
        XXH3_64bits_reset(state.get());
        BodyWriter body(fd, temporary, state.get());
        body.append({reinterpret_cast<const char*>(&header), sizeof header});
        write_body(body);
        body.flush();
        body_bytes = body.size() - sizeof header;
        const std::uint64_t checksum = XXH3_64bits_digest(state.get());
        write_all(fd, {reinterpret_cast<const char*>(&checksum), sizeof checksum}, temporary);
    });
    remove_stale_files(db_path, kind, revision);
    return sizeof header + body_bytes + sizeof(std::uint64_t);
}

// A file mapped whole, read-only; unmapped with the last Mapped that reads it.
class Region {
public:
    Region(void* map, std::size_t size) : m_map(map), m_size(size) {}
    Region(const Region&) = delete;
    Region& operator=(const Region&) = delete;
    ~Region() { ::munmap(m_map, m_size); }

    [[nodiscard]] std::string_view bytes() const {
        return {static_cast<const char*>(m_map), m_size};
    }

private:
    void* m_map;
    std::size_t m_size;
};

namespace {

// What tells one file from another while it is mapped: a mapped file's inode cannot be reused,
// and a file rewritten in place (no tool of ours does) changes its size or time.
struct FileIdentity {
    dev_t device;
    ino_t inode;
    off_t size;
    std::int64_t modified_s;
    long modified_ns;
    auto operator<=>(const FileIdentity&) const = default;
};

// The process's maps of side files, by file: every Mapped of a file still mapped shares its
// Region.
std::shared_ptr<const Region> map_shared(int fd, const struct stat& st) {
    static std::mutex mutex;
    static std::map<FileIdentity, std::weak_ptr<const Region>> regions;
    const FileIdentity identity{st.st_dev, st.st_ino, st.st_size,
                                static_cast<std::int64_t>(st.st_mtim.tv_sec), st.st_mtim.tv_nsec};
    const std::lock_guard lock(mutex);
    std::erase_if(regions, [](const auto& entry) { return entry.second.expired(); });
    if (const auto found = regions.find(identity); found != regions.end()) {
        if (auto live = found->second.lock()) {
            return live;
        }
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) {
        return nullptr;
    }
    auto region = std::make_shared<const Region>(map, size);
    regions[identity] = region;
    return region;
}

} // namespace

std::unique_ptr<Mapped> Mapped::open(const std::string& db_path, const Xapian::Database& db,
                                     const Kind& kind, std::string& why_not) {
    why_not.clear();
    std::error_code ec;
    if (!fs::is_directory(db_path, ec)) {
        return nullptr; // a stub file or a remote database: no side files
    }
    Xapian::rev revision = 0;
    try {
        revision = db.get_revision();
    } catch (const Xapian::Error&) {
        return nullptr; // several sub-databases: no one revision
    }
    std::unique_ptr<Mapped> mapped(new Mapped());
    mapped->m_name = file_name(kind, revision);
    const std::string path = (fs::path(db_path) / mapped->m_name).string();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        // A file of another revision means the database changed since it was written.
        for (const auto& entry : fs::directory_iterator(db_path, ec)) {
            if (const auto other = revision_of(kind, entry.path().filename().string())) {
                why_not = fmt::format("the {} describe revision {} of the database, which is now "
                                      "at revision {} (changed since news-index last wrote them)",
                                      kind.what, *other, revision);
                break;
            }
        }
        return nullptr;
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
        mapped->m_region = map_shared(fd, st);
    }
    ::close(fd);
    if (!mapped->m_region) {
        why_not = fmt::format("{} cannot be read", mapped->m_name);
        return nullptr;
    }
    const auto damaged = [&](std::string_view what) {
        why_not = fmt::format("{} is damaged ({})", mapped->m_name, what);
        return nullptr;
    };

    const char* data = mapped->m_region->bytes().data();
    const std::size_t size = mapped->m_region->bytes().size();
    Header header{};
    constexpr std::size_t checksum_bytes = sizeof(std::uint64_t); // the trailer, not read here
    if (size < sizeof header + checksum_bytes) {
        return damaged("too short");
    }
    std::memcpy(&header, data, sizeof header);
    if (header.magic != kind.magic || header.byte_order != byte_order ||
        header.version != kind.version) {
        return damaged(fmt::format("not a file of {} of this version", kind.what));
    }
    header.uuid.back() = '\0';
    if (header.revision != revision || db.get_uuid() != header.uuid.data() ||
        header.last_docid != db.get_lastdocid()) {
        why_not = fmt::format("{} does not describe this database (another database's, or "
                              "written before a change)",
                              mapped->m_name);
        return nullptr;
    }
    mapped->m_body = {data + sizeof header, size - sizeof header - checksum_bytes};
    return mapped;
}

} // namespace news::side_file
