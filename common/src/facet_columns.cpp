/// @file
/// @brief Facet columns: writing, checking and memory-mapping the side file.
#include "news/common/facet_columns.hpp"

#include "news/common/error.hpp"
#include "news/common/schema.hpp"

#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <optional>
#include <signal.h>
#include <unistd.h>
#include <unordered_map>
#include <xxhash.h>

namespace news::facet_columns {
namespace {

namespace fs = std::filesystem;

// The layout (SCHEMA.md, "Facet columns"): a header, one block per facet field, the checksum.
// Every integer is unsigned, in the machine's byte order (the header's byte_order says which):
// the revision 64 bits, the rest 32; every block starts on a 4-byte boundary.
constexpr std::array<char, 8> magic{'N', 'E', 'W', 'S', 'F', 'C', 'O', 'L'};
constexpr std::uint32_t format_version = 1;
constexpr std::uint32_t byte_order = 0x01020304;
constexpr std::size_t uuid_bytes = 40;
constexpr std::string_view prefix = "facet-columns.";
constexpr std::string_view temporary_prefix = ".facet-columns.tmp.";

struct Header {
    std::array<char, 8> magic;
    std::uint32_t byte_order;
    std::uint32_t version;
    std::uint64_t revision;
    std::uint32_t last_docid;
    std::uint32_t field_count;
    std::array<char, uuid_bytes> uuid;
};
static_assert(sizeof(Header) == 72);

void put(std::string& out, std::uint32_t n) {
    out.append(reinterpret_cast<const char*>(&n), sizeof n);
}

void put_padded(std::string& out, std::string_view bytes) {
    out.append(bytes);
    out.append((4 - bytes.size() % 4) % 4, '\0');
}

std::uint32_t narrow(std::size_t n, const std::string& what) {
    if (n > UINT32_MAX) {
        throw Error(ErrorKind::BadData, fmt::format("facet columns: {} exceeds 32 bits", what));
    }
    return static_cast<std::uint32_t>(n);
}

// One field's block: its distinct values, then each document's ordinals in slot order (a
// value held in two slots is there twice, as the value slots count it twice).
void put_field(std::string& out, const Xapian::Database& db, const schema::FacetField& field,
               Xapian::docid last_docid) {
    std::vector<std::string> values;
    std::unordered_map<std::string, std::uint32_t> ordinal_of;
    std::vector<std::pair<Xapian::docid, std::uint32_t>> pairs; // (docid, ordinal), slot order
    const unsigned slots = schema::facet_slot_count(db, field);
    for (unsigned k = 0; k < slots; ++k) {
        for (auto it = db.valuestream_begin(field.first_slot + k);
             it != db.valuestream_end(field.first_slot + k); ++it) {
            const std::string value = *it;
            const auto [at, added] =
                ordinal_of.try_emplace(value, narrow(values.size(), "the number of values"));
            if (added) {
                values.push_back(value);
            }
            pairs.emplace_back(it.get_docid(), at->second);
        }
    }
    // Stable: a document's values stay in slot order.
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });

    put(out, narrow(field.name.size(), "a field name"));
    put_padded(out, field.name);
    std::string strings;
    std::vector<std::uint32_t> string_offsets{0};
    for (const auto& value : values) {
        strings += value;
        string_offsets.push_back(narrow(strings.size(), "the values' bytes"));
    }
    put(out, narrow(values.size(), "the number of values"));
    put(out, narrow(strings.size(), "the values' bytes"));
    put(out, narrow(pairs.size(), "the number of ordinals"));
    for (const auto offset : string_offsets) {
        put(out, offset);
    }
    put_padded(out, strings);
    // doc_offsets[d] .. doc_offsets[d + 1]: document d's ordinals (d from 0 to last_docid).
    std::size_t next = 0;
    for (Xapian::docid d = 0; d <= last_docid + 1; ++d) {
        while (next < pairs.size() && pairs[next].first < d) {
            ++next;
        }
        put(out, static_cast<std::uint32_t>(next));
    }
    for (const auto& pair : pairs) {
        put(out, pair.second);
    }
}

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

std::optional<Xapian::rev> revision_of(std::string_view file) {
    if (file.substr(0, prefix.size()) != prefix) {
        return std::nullopt;
    }
    const std::string_view digits = file.substr(prefix.size());
    Xapian::rev rev = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), rev);
    if (ec != std::errc{} || end != digits.data() + digits.size() || digits.empty()) {
        return std::nullopt;
    }
    return rev;
}

// Files of older revisions, and temporary files whose writer is gone.
void remove_stale_files(const std::string& db_path, Xapian::rev current) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(db_path, ec)) {
        const std::string name = entry.path().filename().string();
        bool stale = false;
        if (const auto rev = revision_of(name)) {
            stale = *rev != current;
        } else if (name.rfind(temporary_prefix, 0) == 0) {
            const std::string pid = name.substr(temporary_prefix.size());
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

// Reads the 32-bit integers of the mapped file, never past its end.
class Reader {
public:
    Reader(const char* data, std::size_t size) : m_data(data), m_size(size) {}

    bool u32(std::uint32_t& n) {
        if (m_size - m_at < sizeof n) {
            return false;
        }
        std::memcpy(&n, m_data + m_at, sizeof n);
        m_at += sizeof n;
        return true;
    }
    // @p count integers, in place (the map is 4-byte aligned, as is every block).
    bool u32s(std::size_t count, std::span<const std::uint32_t>& out) {
        if ((m_size - m_at) / sizeof(std::uint32_t) < count) {
            return false;
        }
        out = {reinterpret_cast<const std::uint32_t*>(m_data + m_at), count};
        m_at += count * sizeof(std::uint32_t);
        return true;
    }
    bool padded(std::size_t bytes, std::string_view& out) {
        const std::size_t with_padding = bytes + (4 - bytes % 4) % 4;
        if (m_size - m_at < with_padding) {
            return false;
        }
        out = {m_data + m_at, bytes};
        m_at += with_padding;
        return true;
    }
    [[nodiscard]] std::size_t at() const { return m_at; }

private:
    const char* m_data;
    std::size_t m_size;
    std::size_t m_at = 0;
};

} // namespace

std::string file_name(Xapian::rev revision) {
    return std::string(prefix) + std::to_string(revision);
}

std::uint64_t write(const std::string& db_path) {
    const Xapian::Database db(db_path);
    const Xapian::rev revision = db.get_revision();
    const Xapian::docid last_docid = db.get_lastdocid();
    const auto fields = schema::facet_fields();

    std::string out;
    Header header{};
    header.magic = magic;
    header.byte_order = byte_order;
    header.version = format_version;
    header.revision = revision;
    header.last_docid = last_docid;
    header.field_count = narrow(fields.size(), "the number of fields");
    const std::string uuid = db.get_uuid();
    std::memcpy(header.uuid.data(), uuid.data(), std::min(uuid.size(), uuid_bytes - 1));
    out.append(reinterpret_cast<const char*>(&header), sizeof header);
    for (const auto& field : fields) {
        put_field(out, db, field, last_docid);
    }
    const std::uint64_t checksum = XXH3_64bits(out.data(), out.size());
    out.append(reinterpret_cast<const char*>(&checksum), sizeof checksum);

    const std::string temporary =
        (fs::path(db_path) / (std::string(temporary_prefix) + std::to_string(::getpid()))).string();
    const std::string final_path = (fs::path(db_path) / file_name(revision)).string();
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw Error(ErrorKind::Io,
                    fmt::format("cannot create {}: {}", temporary, std::strerror(errno)));
    }
    try {
        write_all(fd, out, temporary);
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
    if (const int dir = ::open(db_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    remove_stale_files(db_path, revision);
    return out.size();
}

Columns::~Columns() {
    if (m_map != nullptr) {
        ::munmap(const_cast<void*>(m_map), m_size);
    }
}

std::shared_ptr<const Columns> Columns::open(const std::string& db_path, const Xapian::Database& db,
                                             std::string& why_not) {
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
    const std::string path = (fs::path(db_path) / file_name(revision)).string();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        // Files of other revisions mean the database changed since news-index wrote them.
        for (const auto& entry : fs::directory_iterator(db_path, ec)) {
            if (const auto other = revision_of(entry.path().filename().string())) {
                why_not = fmt::format("the facet columns describe revision {} of the database, "
                                      "which is now at revision {} (changed since news-index "
                                      "last wrote it)",
                                      *other, revision);
                break;
            }
        }
        return nullptr;
    }
    struct stat st {};
    void* map = MAP_FAILED;
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
        map = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
    }
    ::close(fd);
    if (map == MAP_FAILED) {
        why_not = fmt::format("{} cannot be read", file_name(revision));
        return nullptr;
    }
    std::shared_ptr<Columns> columns(new Columns());
    columns->m_map = map;
    columns->m_size = static_cast<std::size_t>(st.st_size);
    const auto damaged = [&](std::string_view what) {
        why_not = fmt::format("{} is damaged ({})", file_name(revision), what);
        return nullptr;
    };

    const char* data = static_cast<const char*>(map);
    const std::size_t size = columns->m_size;
    Header header{};
    if (size < sizeof header + sizeof(std::uint64_t)) {
        return damaged("too short");
    }
    std::memcpy(&header, data, sizeof header);
    if (header.magic != magic || header.byte_order != byte_order ||
        header.version != format_version) {
        return damaged("not a facet columns file of this version");
    }
    std::uint64_t checksum = 0;
    std::memcpy(&checksum, data + size - sizeof checksum, sizeof checksum);
    if (XXH3_64bits(data, size - sizeof checksum) != checksum) {
        return damaged("checksum mismatch");
    }
    header.uuid.back() = '\0';
    if (header.revision != revision || db.get_uuid() != header.uuid.data() ||
        header.last_docid != db.get_lastdocid()) {
        why_not = fmt::format("{} does not describe this database (another database's, or "
                              "written before a change)",
                              file_name(revision));
        return nullptr;
    }

    Reader reader(data + sizeof header, size - sizeof header - sizeof checksum);
    for (std::uint32_t f = 0; f < header.field_count; ++f) {
        std::uint32_t name_bytes = 0;
        std::string_view name;
        std::uint32_t value_count = 0;
        std::uint32_t string_bytes = 0;
        std::uint32_t ordinal_count = 0;
        std::span<const std::uint32_t> string_offsets;
        std::string_view strings;
        Column column;
        if (!reader.u32(name_bytes) || !reader.padded(name_bytes, name) ||
            !reader.u32(value_count) || !reader.u32(string_bytes) || !reader.u32(ordinal_count) ||
            !reader.u32s(std::size_t{value_count} + 1, string_offsets) ||
            !reader.padded(string_bytes, strings) ||
            !reader.u32s(std::size_t{header.last_docid} + 2, column.m_offsets) ||
            !reader.u32s(ordinal_count, column.m_ordinals)) {
            return damaged("truncated");
        }
        // Every offset in bounds and in order, every ordinal a value: a search never reads
        // outside the map.
        for (std::uint32_t v = 0; v < value_count; ++v) {
            if (string_offsets[v] > string_offsets[v + 1] || string_offsets[v + 1] > string_bytes) {
                return damaged("value offsets");
            }
            column.m_values.push_back(
                strings.substr(string_offsets[v], string_offsets[v + 1] - string_offsets[v]));
        }
        if (column.m_offsets.front() != 0 || column.m_offsets.back() != ordinal_count ||
            !std::is_sorted(column.m_offsets.begin(), column.m_offsets.end())) {
            return damaged("document offsets");
        }
        if (std::any_of(column.m_ordinals.begin(), column.m_ordinals.end(),
                        [&](std::uint32_t o) { return o >= value_count; })) {
            return damaged("ordinals");
        }
        columns->m_columns.emplace_back(name, std::move(column));
    }
    return columns;
}

const Column* Columns::column(std::string_view name) const {
    for (const auto& [field, column] : m_columns) {
        if (field == name) {
            return &column;
        }
    }
    return nullptr;
}

} // namespace news::facet_columns
