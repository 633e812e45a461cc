/// @file
/// @brief Facet columns: a side file of the database holding, for each facet field, every
/// article's values as small integers, so that facets are counted from memory instead of one
/// B-tree lookup per value slot per match.
///
/// A side file (side_file.hpp): facet-columns.REV in the database folder, used only when it
/// describes the database a searcher opened; otherwise (a database changed by another tool, a
/// run stopped between its commit and the file) facets are counted from Xapian's value slots,
/// which give the same counts. news-index writes the file for the revision it leaves. The format
/// is in common/SCHEMA.md.
#pragma once

#include "news/common/side_file.hpp"

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace news::facet_columns {

/// The file's name for @p revision: "facet-columns.REV".
[[nodiscard]] std::string file_name(Xapian::rev revision);

/// Writes the facet columns of the database at @p db_path as it is now (its current revision)
/// with side_file::write(). Returns the file's bytes.
/// @throws news::Error (Io) when the file cannot be written; the database is not touched.
std::uint64_t write(const std::string& db_path);

/// One facet field's column: article -> its values, as indexes into values().
class Column {
public:
    /// The values of document @p docid (ordinals, in slot order); empty past the last document.
    [[nodiscard]] std::span<const std::uint32_t> of(Xapian::docid docid) const {
        if (docid + 1 >= m_offsets.size()) {
            return {};
        }
        return m_ordinals.subspan(m_offsets[docid], m_offsets[docid + 1] - m_offsets[docid]);
    }
    /// The last document id the column has values for (0 when it has none).
    [[nodiscard]] Xapian::docid last_docid() const {
        return m_offsets.size() < 2 ? 0 : static_cast<Xapian::docid>(m_offsets.size() - 2);
    }
    /// Every distinct value the field has, as stored in its value slots.
    [[nodiscard]] const std::vector<std::string_view>& values() const { return m_values; }

private:
    friend class Columns;
    /// Checks the block's checksum and bounds and lists its values; false (with @p why) when the
    /// block is damaged. Done once, when the column is first asked for.
    bool check(std::string& why);

    std::string_view m_block;     ///< what the checksum covers
    std::uint64_t m_checksum = 0; ///< XXH3 of m_block, as written
    std::uint32_t m_value_count = 0;
    std::span<const std::uint32_t> m_string_offsets; ///< value v is [off[v], off[v + 1])
    std::string_view m_strings;
    std::span<const std::uint32_t> m_offsets;  ///< docid -> first ordinal; docid + 1 -> end
    std::span<const std::uint32_t> m_ordinals; ///< every document's ordinals, by docid
    std::vector<std::string_view> m_values;    ///< ordinal -> value
    std::optional<bool> m_sound;               ///< set once checked
};

/// The facet columns of an open database, memory-mapped; immutable.
class Columns {
public:
    /// The columns for @p db, opened from @p db_path, or nullptr with @p why_not set to a
    /// sentence saying why they cannot be used (empty when the database simply has none: a
    /// database built before they existed, a stub or a remote database). Never throws for a
    /// bad file: a file that does not match is not used.
    [[nodiscard]] static std::shared_ptr<const Columns>
    open(const std::string& db_path, const Xapian::Database& db, std::string& why_not);

    Columns(const Columns&) = delete;
    Columns& operator=(const Columns&) = delete;
    ~Columns() = default;

    /// The column of the facet field @p name, checked the first time it is asked for; nullptr
    /// when the file has none, or it is damaged (damage() then says how).
    [[nodiscard]] const Column* column(std::string_view name) const;

    /// Why a column asked for could not be used (its block is damaged), or empty.
    [[nodiscard]] const std::string& damage() const { return m_damage; }

private:
    Columns() = default;
    std::unique_ptr<side_file::Mapped> m_file; ///< the map every column points into
    // Columns are checked when first used (a search counts a few facets of many): hence mutable.
    mutable std::vector<std::pair<std::string_view, Column>> m_columns;
    mutable std::string m_damage;
};

} // namespace news::facet_columns
