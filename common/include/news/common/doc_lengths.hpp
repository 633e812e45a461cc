/// @file
/// @brief Document lengths: a side file holding each article's length (the sum of its terms'
/// wdfs, as Xapian counts it) in a plain array, so that ranking reads a length with one memory
/// load instead of decoding Xapian's length list.
///
/// IneB2 (the default ranking) needs the length of every match it weighs. Xapian 1.4 keeps the
/// lengths in chunks decoded from their start, which was about 40% of a ranked search on a
/// common word. A side file (side_file.hpp): doc-lengths.REV in the database folder, used only
/// when it describes the database a searcher opened, its array checked against its checksum
/// when opened; otherwise the ranking reads Xapian's lengths, with the same result. news-index
/// writes it for the revision it leaves. The format is in common/SCHEMA.md.
#pragma once

#include "news/common/side_file.hpp"

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace news::doc_lengths {

/// The file's name for @p revision: "doc-lengths.REV".
[[nodiscard]] std::string file_name(Xapian::rev revision);

/// Writes the document lengths of the database at @p db_path as it is now (its current
/// revision) with side_file::write(). Returns the file's bytes.
/// @throws news::Error (Io) when the file cannot be written.
std::uint64_t write(const std::string& db_path);

/// The document lengths of an open database, memory-mapped; immutable.
class Lengths {
public:
    /// As side_file::Mapped::open(), and the array checked against its checksum; nullptr with
    /// @p why_not set when they cannot be used.
    [[nodiscard]] static std::shared_ptr<const Lengths>
    open(const std::string& db_path, const Xapian::Database& db, std::string& why_not);

    /// The length of @p docid; 0 for an id the database does not have.
    [[nodiscard]] Xapian::termcount operator[](Xapian::docid docid) const noexcept {
        if (docid >= m_count) {
            return 0;
        }
        return side_file::get<std::uint32_t>(m_lengths, std::size_t{docid} * sizeof(std::uint32_t));
    }

private:
    Lengths() = default;
    std::unique_ptr<side_file::Mapped> m_file;
    std::string_view m_lengths; ///< the array: a 32-bit length per document id from 0
    std::uint64_t m_count = 0;  ///< its entries: the last document id + 1
};

} // namespace news::doc_lengths
