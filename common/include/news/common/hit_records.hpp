/// @file
/// @brief Hit records: a side file holding, for each article, what a result list shows of it
/// (id, title, source, authors, date, URL, entities, story) in a binary record read in place,
/// so that a page of hits reads no document data (no inflating, no JSON).
///
/// A side file (side_file.hpp): hit-records.REV in the database folder, used only when it
/// describes the database a searcher opened; otherwise, and for any record whose own checksum
/// fails, the hit is read from the document data as before, with the same result. news-index
/// writes it for the revision it leaves. The format is in common/SCHEMA.md.
#pragma once

#include "news/common/article.hpp"
#include "news/common/side_file.hpp"

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace news::hit_records {

/// What a result list shows of one article.
struct HitRecord {
    std::string id;
    std::string title;
    std::string source;
    std::vector<std::string> authors;
    std::string date; ///< YYYY-MM-DD, or empty
    std::string url;
    NamedEntities entities;
    std::string story; ///< the story id (value slot schema::Story), or empty

    bool operator==(const HitRecord&) const = default;
};

/// The record of a stored article: @p data its document data (payload::encode()), @p story its
/// story value.
/// @throws news::Error (Corrupt) when @p data is not a payload.
[[nodiscard]] HitRecord from_document(std::string_view data, std::string story);

/// The file's name for @p revision: "hit-records.REV".
[[nodiscard]] std::string file_name(Xapian::rev revision);

/// Writes the hit records of the database at @p db_path as it is now (its current revision) with
/// side_file::write(). An article whose document data cannot be read gets no record (a search
/// reads it, and reports it, from the document). Returns the file's bytes.
/// @throws news::Error (Io) when the file cannot be written.
std::uint64_t write(const std::string& db_path);

/// The hit records of an open database, memory-mapped; immutable.
class Records {
public:
    /// As side_file::Mapped::open(); nullptr with @p why_not set when they cannot be used.
    [[nodiscard]] static std::shared_ptr<const Records>
    open(const std::string& db_path, const Xapian::Database& db, std::string& why_not);

    /// The record of @p docid, or nullopt when there is none or it fails its checksum (read the
    /// document instead).
    [[nodiscard]] std::optional<HitRecord> read(Xapian::docid docid) const;

private:
    Records() = default;
    std::unique_ptr<side_file::Mapped> m_file;
    std::uint64_t m_offsets = 0; ///< number of record offsets (last document id + 2)
};

} // namespace news::hit_records
