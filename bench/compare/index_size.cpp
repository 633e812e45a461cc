/// @file
/// @brief Each engine's index size broken down into its parts.
#include "compare/index_size.hpp"

#include "engines/sqlite_engine.hpp"

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

/// @p sums as parts, largest first (ties by name), then @p last in its own order.
std::vector<IndexPart> by_size(const std::map<std::string, unsigned long long>& sums,
                               std::vector<IndexPart> last = {}) {
    std::vector<IndexPart> parts;
    parts.reserve(sums.size() + last.size());
    for (const auto& [name, bytes] : sums) {
        parts.push_back({name, bytes});
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

} // namespace

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
    return {"xapian tables", by_size(tables, std::move(others))};
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
    return {"file extensions", by_size(kinds, {{"other (segments_N .si .fnm .liv, lock)", other}})};
}

IndexSize sqlite_index_size(const std::string& dir) {
    IndexSize size;
    const auto btrees = sqlite_index_parts(dir);
    size.method = btrees ? "sqlite dbstat" : "file size";
    if (btrees) {
        for (const auto& btree : *btrees) {
            size.parts.push_back({btree.name, btree.bytes});
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
        parts.push_back({{"name", part.name}, {"bytes", part.bytes}});
    }
    return {{"method", size.method}, {"parts", std::move(parts)}};
}

} // namespace news::bench
