/// @file
/// @brief Each engine's index size broken down into its parts.
#include "compare/index_size.hpp"

#include "news/common/schema.hpp"

#include "engines/sqlite_engine.hpp"
#include <xapian.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <utility>

namespace news::bench {
namespace {

namespace fs = std::filesystem;

/// Every regular file under @p dir: its path relative to @p dir and its size, in name order.
std::vector<std::pair<std::string, unsigned long long>> files_of(const std::string& dir) {
    std::vector<std::pair<std::string, unsigned long long>> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file()) {
            files.emplace_back(fs::relative(entry.path(), dir).string(), entry.file_size());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

/// @p sums as parts of the kinds @p kind_of gives, largest first (ties by name), then @p last
/// in its own order.
template <typename KindOf>
std::vector<IndexPart> by_size(const std::map<std::string, unsigned long long>& sums,
                               KindOf kind_of, std::vector<IndexPart> last = {}) {
    std::vector<IndexPart> parts;
    parts.reserve(sums.size() + last.size());
    for (const auto& [name, bytes] : sums) {
        parts.push_back({name, bytes, kind_of(name)});
    }
    std::stable_sort(parts.begin(), parts.end(),
                     [](const IndexPart& a, const IndexPart& b) { return a.bytes > b.bytes; });
    parts.insert(parts.end(), std::make_move_iterator(last.begin()),
                 std::make_move_iterator(last.end()));
    return parts;
}

/// Lucene's file kinds, by extension (Lucene 8's codec; segments_N, .si, .fnm, .liv, the
/// lock and anything unknown are "other").
std::string lucene_kind(const std::string& file) {
    static const std::array<std::pair<const char*, const char*>, 20> kinds{{
        {"doc", "postings (.doc .tim .tip .tmd)"},
        {"tim", "postings (.doc .tim .tip .tmd)"},
        {"tip", "postings (.doc .tim .tip .tmd)"},
        {"tmd", "postings (.doc .tim .tip .tmd)"},
        {"pos", "positions (.pos .pay)"},
        {"pay", "positions (.pos .pay)"},
        {"fdt", "stored fields (.fdt .fdx .fdm)"},
        {"fdx", "stored fields (.fdt .fdx .fdm)"},
        {"fdm", "stored fields (.fdt .fdx .fdm)"},
        {"nvd", "norms (.nvd .nvm)"},
        {"nvm", "norms (.nvd .nvm)"},
        {"dvd", "doc values (.dvd .dvm)"},
        {"dvm", "doc values (.dvd .dvm)"},
        {"dim", "points (.dim .dii .kd*)"},
        {"dii", "points (.dim .dii .kd*)"},
        {"kdd", "points (.dim .dii .kd*)"},
        {"kdi", "points (.dim .dii .kd*)"},
        {"kdm", "points (.dim .dii .kd*)"},
        {"cfs", "compound files (.cfs .cfe)"},
        {"cfe", "compound files (.cfs .cfe)"},
    }};
    const auto dot = file.rfind('.');
    if (dot != std::string::npos && file.find('/') == std::string::npos) {
        const std::string extension = file.substr(dot + 1);
        for (const auto& [ext, kind] : kinds) {
            if (extension == ext) {
                return kind;
            }
        }
    }
    return {};
}

PartKind xapian_table_kind(const std::string& table) {
    if (table == "postlist") {
        return PartKind::Postings; // also the document lengths and the value slots
    }
    if (table == "position") {
        return PartKind::Positions;
    }
    if (table == "docdata") {
        return PartKind::StoredText;
    }
    return PartKind::Other; // termlist, spelling, synonym
}

PartKind lucene_part_kind(const std::string& kind) {
    if (kind.rfind("postings", 0) == 0) {
        return PartKind::Postings;
    }
    if (kind.rfind("positions", 0) == 0) {
        return PartKind::Positions;
    }
    if (kind.rfind("stored fields", 0) == 0) {
        return PartKind::StoredText;
    }
    return PartKind::Other;
}

PartKind sqlite_part_kind(const std::string& btree) {
    if (btree == "fts_data" || btree == "fts_idx") {
        return PartKind::PostingsWithPositions;
    }
    if (btree == "fts_content" || btree == "docs") {
        return PartKind::StoredText;
    }
    return PartKind::Other;
}

/// The bytes of every value in the article body slot of the database at @p dir (0 when it is
/// not a database Xapian can open).
unsigned long long body_value_bytes(const std::string& dir) {
    try {
        const Xapian::Database db(dir);
        unsigned long long bytes = 0;
        for (auto it = db.valuestream_begin(schema::Body); it != db.valuestream_end(schema::Body);
             ++it) {
            bytes += (*it).size();
        }
        return bytes;
    } catch (const Xapian::Error&) {
        return 0;
    }
}

} // namespace

std::string_view to_string(PartKind kind) {
    switch (kind) {
    case PartKind::Postings:
        return "postings";
    case PartKind::Positions:
        return "positions";
    case PartKind::PostingsWithPositions:
        return "postings with positions";
    case PartKind::StoredText:
        return "stored text";
    case PartKind::Other:
        break;
    }
    return "other";
}

unsigned long long IndexSize::total(PartKind kind) const {
    unsigned long long sum = 0;
    for (const auto& part : parts) {
        if (part.kind == kind) {
            sum += part.bytes;
        }
    }
    return sum;
}

unsigned long long IndexSize::total() const {
    unsigned long long sum = 0;
    for (const auto& part : parts) {
        sum += part.bytes;
    }
    return sum;
}

IndexSize xapian_index_size(const std::string& dir) {
    std::map<std::string, unsigned long long> tables;
    std::vector<IndexPart> others;
    for (const auto& [file, bytes] : files_of(dir)) {
        const fs::path path(file);
        if (path.extension() == ".glass" && !path.has_parent_path()) {
            tables[path.stem().string()] += bytes;
        } else {
            others.push_back({file, bytes});
        }
    }
    const unsigned long long bodies = body_value_bytes(dir);
    if (bodies > 0 && tables["postlist"] >= bodies) {
        tables["postlist"] -= bodies;
        tables["body (value slot, in postlist)"] = bodies;
    }
    const auto kind_of = [](const std::string& table) {
        return table.rfind("body", 0) == 0 ? PartKind::StoredText : xapian_table_kind(table);
    };
    return {"xapian tables", by_size(tables, kind_of, std::move(others))};
}

IndexSize lucene_index_size(const std::string& dir) {
    std::map<std::string, unsigned long long> kinds;
    unsigned long long other = 0;
    for (const auto& [file, bytes] : files_of(dir)) {
        const std::string kind = lucene_kind(file);
        if (kind.empty()) {
            other += bytes;
        } else {
            kinds[kind] += bytes;
        }
    }
    return {"file extensions",
            by_size(kinds, lucene_part_kind, {{"other (segments_N .si .fnm .liv, lock)", other}})};
}

IndexSize sqlite_index_size(const std::string& dir) {
    IndexSize size;
    const auto btrees = sqlite_index_parts(dir);
    size.method = btrees ? "sqlite dbstat" : "file size";
    if (btrees) {
        for (const auto& btree : *btrees) {
            size.parts.push_back({btree.name, btree.bytes, sqlite_part_kind(btree.name)});
        }
    }
    for (const auto& [file, bytes] : files_of(dir)) {
        if (!btrees || file != sqlite_index_file) {
            size.parts.push_back({file, bytes});
        }
    }
    return size;
}

IndexSize index_size(std::string_view engine, const std::string& dir) {
    if (engine == "news" || engine == "xapian") {
        return xapian_index_size(dir);
    }
    if (engine == "lucene") {
        return lucene_index_size(dir);
    }
    if (engine == "sqlite") {
        return sqlite_index_size(dir);
    }
    IndexSize size{"files", {}};
    for (const auto& [file, bytes] : files_of(dir)) {
        size.parts.push_back({file, bytes});
    }
    return size;
}

nlohmann::json to_json(const IndexSize& size) {
    nlohmann::json parts = nlohmann::json::array();
    for (const auto& part : size.parts) {
        parts.push_back({{"name", part.name},
                         {"bytes", part.bytes},
                         {"kind", std::string(to_string(part.kind))}});
    }
    return {{"method", size.method}, {"parts", std::move(parts)}};
}

} // namespace news::bench
