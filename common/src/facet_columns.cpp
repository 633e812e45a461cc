/// @file
/// @brief Facet columns: writing, checking and memory-mapping the side file.
#include "news/common/facet_columns.hpp"

#include "news/common/error.hpp"
#include "news/common/schema.hpp"
#include "news/common/side_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <xxhash.h>

namespace news::facet_columns {
namespace {

// The body's layout (SCHEMA.md, "Side files"): the number of fields, then one block per facet
// field, each with its own checksum, so that a search checks only the columns it counts; every
// integer 32 bits but the checksums, every block on a 4-byte boundary.
constexpr side_file::Kind kind{
    "facet-columns", "facet columns", {'N', 'E', 'W', 'S', 'F', 'C', 'O', 'L'}, 2};

using side_file::put;

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

    std::string strings;
    std::vector<std::uint32_t> string_offsets{0};
    for (const auto& value : values) {
        strings += value;
        string_offsets.push_back(narrow(strings.size(), "the values' bytes"));
    }
    std::string block; // what the block's checksum covers
    for (const auto offset : string_offsets) {
        put(block, offset);
    }
    put_padded(block, strings);
    // doc_offsets[d] .. doc_offsets[d + 1]: document d's ordinals (d from 0 to last_docid).
    std::size_t next = 0;
    for (Xapian::docid d = 0; d <= last_docid + 1; ++d) {
        while (next < pairs.size() && pairs[next].first < d) {
            ++next;
        }
        put(block, static_cast<std::uint32_t>(next));
    }
    for (const auto& pair : pairs) {
        put(block, pair.second);
    }
    put(out, narrow(field.name.size(), "a field name"));
    put_padded(out, field.name);
    put(out, narrow(values.size(), "the number of values"));
    put(out, narrow(strings.size(), "the values' bytes"));
    put(out, narrow(pairs.size(), "the number of ordinals"));
    put(out, std::uint32_t{0}); // reserved
    const std::uint64_t checksum = XXH3_64bits(block.data(), block.size());
    put(out, checksum);
    out += block;
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
    bool u64(std::uint64_t& n) {
        if (m_size - m_at < sizeof n) {
            return false;
        }
        std::memcpy(&n, m_data + m_at, sizeof n);
        m_at += sizeof n;
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
    return side_file::file_name(kind, revision);
}

std::uint64_t write(const std::string& db_path) {
    const Xapian::Database db(db_path);
    const Xapian::docid last_docid = db.get_lastdocid();
    const auto fields = schema::facet_fields();
    return side_file::write(db_path, db, kind, [&](side_file::BodyWriter& body) {
        std::string block;
        put(block, narrow(fields.size(), "the number of fields"));
        body.append(block);
        for (const auto& field : fields) {
            block.clear();
            put_field(block, db, field, last_docid); // one field at a time in memory
            body.append(block);
        }
    });
}

bool Column::check(std::string& why) {
    if (m_sound) {
        return *m_sound;
    }
    m_sound = false;
    if (XXH3_64bits(m_block.data(), m_block.size()) != m_checksum) {
        why = "checksum mismatch";
        return false;
    }
    // Every offset in bounds and in order, every ordinal a value: a search never reads outside
    // the map.
    for (std::uint32_t v = 0; v < m_value_count; ++v) {
        if (m_string_offsets[v] > m_string_offsets[v + 1] ||
            m_string_offsets[v + 1] > m_strings.size()) {
            why = "value offsets";
            return false;
        }
    }
    if (m_offsets.front() != 0 || m_offsets.back() != m_ordinals.size() ||
        !std::is_sorted(m_offsets.begin(), m_offsets.end())) {
        why = "document offsets";
        return false;
    }
    if (std::any_of(m_ordinals.begin(), m_ordinals.end(),
                    [&](std::uint32_t o) { return o >= m_value_count; })) {
        why = "ordinals";
        return false;
    }
    m_values.reserve(m_value_count);
    for (std::uint32_t v = 0; v < m_value_count; ++v) {
        m_values.push_back(
            m_strings.substr(m_string_offsets[v], m_string_offsets[v + 1] - m_string_offsets[v]));
    }
    m_sound = true;
    return true;
}

std::shared_ptr<const Columns> Columns::open(const std::string& db_path, const Xapian::Database& db,
                                             std::string& why_not) {
    auto mapped = side_file::Mapped::open(db_path, db, kind, why_not);
    if (!mapped) {
        return nullptr;
    }
    const auto damaged = [&](std::string_view what) {
        why_not = fmt::format("{} is damaged ({})", mapped->name(), what);
        return nullptr;
    };
    const std::string_view body = mapped->body();
    Reader reader(body.data(), body.size());
    const std::size_t last_docid = db.get_lastdocid();
    std::uint32_t field_count = 0;
    if (!reader.u32(field_count)) {
        return damaged("truncated");
    }
    // Only the blocks' places are read here; each column is checked when first used.
    std::shared_ptr<Columns> columns(new Columns());
    for (std::uint32_t f = 0; f < field_count; ++f) {
        std::uint32_t name_bytes = 0;
        std::string_view name;
        std::uint32_t string_bytes = 0;
        std::uint32_t ordinal_count = 0;
        std::uint32_t reserved = 0;
        Column column;
        if (!reader.u32(name_bytes) || !reader.padded(name_bytes, name) ||
            !reader.u32(column.m_value_count) || !reader.u32(string_bytes) ||
            !reader.u32(ordinal_count) || !reader.u32(reserved) || !reader.u64(column.m_checksum)) {
            return damaged("truncated");
        }
        const std::size_t block_at = reader.at();
        if (!reader.u32s(std::size_t{column.m_value_count} + 1, column.m_string_offsets) ||
            !reader.padded(string_bytes, column.m_strings) ||
            !reader.u32s(last_docid + 2, column.m_offsets) ||
            !reader.u32s(ordinal_count, column.m_ordinals)) {
            return damaged("truncated");
        }
        column.m_block = body.substr(block_at, reader.at() - block_at);
        columns->m_columns.emplace_back(name, std::move(column));
    }
    columns->m_file = std::move(mapped);
    return columns;
}

const Column* Columns::column(std::string_view name) const {
    for (auto& [field, column] : m_columns) {
        if (field != name) {
            continue;
        }
        std::string why;
        if (!column.check(why)) {
            m_damage =
                fmt::format("{} is damaged (the column of {}: {})", m_file->name(), name, why);
            return nullptr;
        }
        return &column;
    }
    return nullptr;
}

} // namespace news::facet_columns
