/// @file
/// @brief Hit records: encoding, writing and reading in place.
#include "news/common/hit_records.hpp"

#include "news/common/date.hpp"
#include "news/common/error.hpp"
#include "news/common/payload.hpp"
#include "news/common/schema.hpp"

#include <fmt/format.h>

#include <cstring>
#include <xxhash.h>

namespace news::hit_records {
namespace {

// The body's layout (SCHEMA.md, "Side files"): the records, then n 64-bit offsets into them
// (document d's record is [off[d], off[d+1]), empty when it has none), then n itself (64 bits),
// n being the last document id + 2: written as the documents are read, the offsets last. A
// record is the XXH32 of the rest of it, then its fields: each string a 32-bit length and its
// bytes, each list a 32-bit count and its strings.
constexpr side_file::Kind kind{
    "hit-records", "hit records", {'N', 'E', 'W', 'S', 'H', 'I', 'T', 'S'}, 2};

void put_string(std::string& out, std::string_view s) {
    side_file::put(out, static_cast<std::uint32_t>(s.size()));
    out.append(s);
}

void put_list(std::string& out, const std::vector<std::string>& list) {
    side_file::put(out, static_cast<std::uint32_t>(list.size()));
    for (const auto& s : list) {
        put_string(out, s);
    }
}

std::string encode(const HitRecord& record) {
    std::string fields;
    put_string(fields, record.id);
    put_string(fields, record.title);
    put_string(fields, record.source);
    put_list(fields, record.authors);
    put_string(fields, record.date);
    put_string(fields, record.url);
    put_list(fields, record.entities.person);
    put_list(fields, record.entities.place);
    put_list(fields, record.entities.org);
    put_string(fields, record.story);
    std::string out;
    side_file::put(out, XXH32(fields.data(), fields.size(), 0));
    out += fields;
    return out;
}

// Reads a record's fields, never past its end.
class FieldReader {
public:
    explicit FieldReader(std::string_view bytes) : m_bytes(bytes) {}

    bool u32(std::uint32_t& n) {
        if (m_bytes.size() < sizeof n) {
            return false;
        }
        std::memcpy(&n, m_bytes.data(), sizeof n);
        m_bytes.remove_prefix(sizeof n);
        return true;
    }
    bool string(std::string& s) {
        std::uint32_t size = 0;
        if (!u32(size) || m_bytes.size() < size) {
            return false;
        }
        s.assign(m_bytes.substr(0, size));
        m_bytes.remove_prefix(size);
        return true;
    }
    bool list(std::vector<std::string>& list) {
        std::uint32_t count = 0;
        if (!u32(count) || count > m_bytes.size() / sizeof count) {
            return false;
        }
        list.resize(count);
        for (auto& s : list) {
            if (!string(s)) {
                return false;
            }
        }
        return true;
    }
    [[nodiscard]] bool done() const { return m_bytes.empty(); }

private:
    std::string_view m_bytes;
};

} // namespace

HitRecord from_document(std::string_view data, std::string story) {
    Article article = payload::decode(data);
    HitRecord record;
    record.id = std::move(article.id);
    record.title = std::move(article.title);
    record.source = std::move(article.source);
    record.authors = std::move(article.authors);
    record.date = article.date ? date::to_iso(*article.date) : std::string{};
    record.url = std::move(article.url);
    record.entities = std::move(article.entities);
    record.story = std::move(story);
    return record;
}

std::string file_name(Xapian::rev revision) {
    return side_file::file_name(kind, revision);
}

std::uint64_t write(const std::string& db_path) {
    const Xapian::Database db(db_path);
    const std::uint64_t offsets = std::uint64_t{db.get_lastdocid()} + 2;
    return side_file::write(db_path, db, kind, [&](side_file::BodyWriter& body) {
        std::vector<std::uint64_t> offset(offsets, 0);
        std::uint64_t written = 0;
        Xapian::docid next = 0; // documents before it have their offset set
        for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
            const Xapian::docid docid = *it;
            for (; next <= docid; ++next) {
                offset[next] = written;
            }
            const Xapian::Document doc = db.get_document(docid);
            try {
                const std::string record =
                    encode(from_document(doc.get_data(), doc.get_value(schema::Story)));
                body.append(record);
                written += record.size();
            } catch (const Error&) {
                // No record: a search reads the document, and reports what is wrong with it.
            }
        }
        for (; next < offsets; ++next) {
            offset[next] = written;
        }
        std::string tail;
        tail.reserve(sizeof(std::uint64_t) * (offsets + 1));
        for (const auto o : offset) {
            side_file::put(tail, o);
        }
        side_file::put(tail, offsets);
        body.append(tail);
    });
}

std::shared_ptr<const Records> Records::open(const std::string& db_path, const Xapian::Database& db,
                                             std::string& why_not) {
    auto mapped = side_file::Mapped::open(db_path, db, kind, why_not);
    if (!mapped) {
        return nullptr;
    }
    const std::string_view body = mapped->body();
    const std::uint64_t offsets = std::uint64_t{db.get_lastdocid()} + 2;
    const std::uint64_t table_bytes = sizeof(std::uint64_t) * (offsets + 1);
    // The last offset is where the records end, which is where the offsets begin, unless the
    // file was cut.
    if (body.size() < table_bytes ||
        side_file::get<std::uint64_t>(body, body.size() - sizeof(std::uint64_t)) != offsets ||
        side_file::get<std::uint64_t>(body, body.size() - 2 * sizeof(std::uint64_t)) !=
            body.size() - table_bytes) {
        why_not = fmt::format("{} is damaged (truncated)", mapped->name());
        return nullptr;
    }
    std::shared_ptr<Records> records(new Records());
    records->m_file = std::move(mapped);
    records->m_offsets = offsets;
    return records;
}

std::optional<HitRecord> Records::read(Xapian::docid docid) const {
    if (docid + 1 >= m_offsets) {
        return std::nullopt;
    }
    const std::string_view body = m_file->body();
    const std::size_t table_at = body.size() - sizeof(std::uint64_t) * (m_offsets + 1);
    const std::uint64_t begin =
        side_file::get<std::uint64_t>(body, table_at + sizeof(std::uint64_t) * docid);
    const std::uint64_t end =
        side_file::get<std::uint64_t>(body, table_at + sizeof(std::uint64_t) * (docid + 1));
    if (begin > end || end > table_at || end - begin < sizeof(std::uint32_t)) {
        return std::nullopt; // no record, or offsets a damaged file gave
    }
    const std::string_view bytes = body.substr(begin, static_cast<std::size_t>(end - begin));
    std::uint32_t checksum = 0;
    std::memcpy(&checksum, bytes.data(), sizeof checksum);
    const std::string_view fields = bytes.substr(sizeof checksum);
    if (XXH32(fields.data(), fields.size(), 0) != checksum) {
        return std::nullopt;
    }
    HitRecord record;
    FieldReader reader(fields);
    if (!reader.string(record.id) || !reader.string(record.title) ||
        !reader.string(record.source) || !reader.list(record.authors) ||
        !reader.string(record.date) || !reader.string(record.url) ||
        !reader.list(record.entities.person) || !reader.list(record.entities.place) ||
        !reader.list(record.entities.org) || !reader.string(record.story) || !reader.done()) {
        return std::nullopt;
    }
    return record;
}

} // namespace news::hit_records
