/// @file
/// @brief --stats: counts over every article, metadata and the folder's size.
#include "news/searcher/stats.hpp"

#include "news/common/doc_lengths.hpp"
#include "news/common/error.hpp"
#include "news/common/facet_columns.hpp"
#include "news/common/hit_records.hpp"
#include "news/common/schema.hpp"
#include "news/common/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

namespace news::searcher {
namespace {

using nlohmann::json;

// Bytes and the newest modification time of the regular files under @p path.
void measure_folder(const std::string& path, DatabaseStats& stats) {
    std::error_code ec;
    std::time_t newest = 0;
    for (std::filesystem::recursive_directory_iterator it(path, ec), end; !ec && it != end;
         it.increment(ec)) {
        struct stat st {};
        if (::stat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
            continue;
        }
        stats.size_bytes += static_cast<std::uintmax_t>(st.st_size);
        newest = std::max(newest, st.st_mtime);
    }
    if (newest != 0) {
        std::tm utc{};
        ::gmtime_r(&newest, &utc);
        char buffer[32];
        if (std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc) > 0) {
            stats.last_update = buffer;
        }
    }
}

json values_json(const FacetCounts& counts) {
    json values = json::array();
    for (const auto& v : counts.values) {
        values.push_back({{"value", v.value}, {"count", v.count}});
    }
    return values;
}

std::string or_none(const std::string& s) {
    return s.empty() ? "(none)" : text::printable(s);
}

// "current" when a side file describes the database, else "none" or why not.
std::string side_file_state(bool current, const std::string& why_not) {
    if (current) {
        return "current";
    }
    return why_not.empty() ? "none" : why_not;
}

} // namespace

DatabaseStats collect_stats(const Searcher& searcher, const std::string& path,
                            std::size_t source_limit, std::size_t facet_limit) {
    const Xapian::Database& db = searcher.database();
    DatabaseStats stats;
    stats.path = path;
    try {
        stats.articles = db.get_doccount();
        stats.schema_version = db.get_metadata(std::string(schema::metadata::schema_version));
        stats.stemmer = db.get_metadata(std::string(schema::metadata::stemmer));

        std::vector<std::string> names;
        for (const auto& field : schema::facet_fields()) {
            names.emplace_back(field.name);
        }
        stats.shards = searcher.shard_count();
        const auto& shards = searcher.local_shards();
        stats.remote_shards = searcher.remote_shard_count();
        std::string why_not;
        std::shared_ptr<const facet_columns::Columns> columns;
        if (shards.size() == 1) {
            const auto& [folder, shard] = shards.front();
            columns = facet_columns::Columns::open(folder, shard, why_not);
            stats.facet_columns = side_file_state(columns != nullptr, why_not);
            const auto records = hit_records::Records::open(folder, shard, why_not);
            stats.hit_records = side_file_state(records != nullptr, why_not);
            const auto lengths = doc_lengths::Lengths::open(folder, shard, why_not);
            stats.doc_lengths = side_file_state(lengths != nullptr, why_not);
        } else {
            // Read for a one-shard database only (SCHEMA.md, "Side files").
            stats.doc_lengths = shards.empty() ? std::string("none (remote shards)")
                                               : std::string("not used with several shards");
            // Each shard has its own: say how many describe their shard.
            std::size_t current_columns = 0;
            std::size_t current_records = 0;
            for (const auto& [folder, shard] : shards) {
                current_columns += facet_columns::Columns::open(folder, shard, why_not) ? 1U : 0U;
                current_records += hit_records::Records::open(folder, shard, why_not) ? 1U : 0U;
            }
            const auto state = [&](std::size_t current) {
                return shards.empty()
                           ? std::string("none (remote shards)")
                           : fmt::format("current in {} of {} shards", current, shards.size());
            };
            stats.facet_columns = state(current_columns);
            stats.hit_records = state(current_records);
        }
        FacetCounter counter(db, names, FacetUnit::Articles, columns.get());
        counter.count(db, Xapian::Query::MatchAll);
        if (columns != nullptr && !columns->damage().empty()) {
            stats.facet_columns = columns->damage(); // a column found damaged when first used
        }

        for (auto& counts : counter.results(/*limit=*/0)) {
            if (counts.name == "date.day") {
                for (const auto& v : counts.values) {
                    stats.dated += v.count;
                    if (stats.first_date.empty() || v.value < stats.first_date) {
                        stats.first_date = v.value;
                    }
                    stats.last_date = std::max(stats.last_date, v.value);
                }
            }
            if (counts.name == "source") {
                stats.sources = counts;
                if (source_limit > 0 && stats.sources.values.size() > source_limit) {
                    stats.sources.values.resize(source_limit);
                }
            }
            if (facet_limit > 0 && counts.values.size() > facet_limit) {
                counts.values.resize(facet_limit);
            }
            stats.facets.push_back(std::move(counts));
        }
        stats.undated = stats.articles - std::min(stats.dated, stats.articles);
    } catch (const Xapian::Error&) {
        rethrow_as_news_error(path);
    }
    measure_folder(path, stats);
    return stats;
}

std::string render_stats_text(const DatabaseStats& s) {
    std::string out;
    out += fmt::format("database     {}\n", text::printable(s.path));
    if (s.shards > 1 || s.remote_shards > 0) {
        out += fmt::format("shards       {}{}\n", s.shards,
                           s.remote_shards > 0 ? fmt::format(" ({} remote)", s.remote_shards)
                                               : std::string());
    }
    out += fmt::format("articles     {}\n", s.articles);
    if (s.dated > 0) {
        out += fmt::format("dates        {} to {} ({} dated, {} undated)\n", s.first_date,
                           s.last_date, s.dated, s.undated);
    } else {
        out += fmt::format("dates        none ({} undated)\n", s.undated);
    }
    out += fmt::format("schema       version {}, stemmer {}\n", or_none(s.schema_version),
                       or_none(s.stemmer));
    if (s.remote_shards > 0) {
        out += "size         not measured (remote shards)\n";
    } else {
        out += fmt::format("size         {:.1f} MiB ({} bytes)\n",
                           static_cast<double>(s.size_bytes) / (1024.0 * 1024.0), s.size_bytes);
    }
    out += fmt::format("last update  {}\n", s.last_update.empty() ? "unknown" : s.last_update);
    out += fmt::format("side files   facet columns {}; hit records {}; lengths {}\n",
                       text::printable(s.facet_columns), text::printable(s.hit_records),
                       text::printable(s.doc_lengths));
    out += fmt::format("\nsources ({} distinct)\n", s.sources.distinct);
    for (const auto& v : s.sources.values) {
        out += fmt::format("  {:>8}  {}\n", v.count, text::printable(v.value));
    }
    if (s.sources.distinct > s.sources.values.size()) {
        out += fmt::format("  and {} more\n", s.sources.distinct - s.sources.values.size());
    }
    out += "\nfacets\n";
    for (const auto& f : s.facets) {
        out += fmt::format("  {} ({} distinct)", f.name, f.distinct);
        std::string top;
        for (const auto& v : f.values) {
            top += fmt::format("{}{} ({})", top.empty() ? "" : ", ", text::printable(v.value),
                               v.count);
        }
        out += top.empty() ? "\n" : ": " + top + (f.distinct > f.values.size() ? ", ...\n" : "\n");
    }
    return out;
}

std::string render_stats_json(const DatabaseStats& s) {
    json facets = json::object();
    for (const auto& f : s.facets) {
        facets[f.name] = {{"distinct", f.distinct}, {"top", values_json(f)}};
    }
    const auto null_if_empty = [](const std::string& v) { return v.empty() ? json() : json(v); };
    json out = {
        {"format_version", stats_format_version},
        {"database", s.path},
        {"articles", s.articles},
        {"dates",
         {{"first", null_if_empty(s.first_date)},
          {"last", null_if_empty(s.last_date)},
          {"dated", s.dated},
          {"undated", s.undated}}},
        {"sources",
         {{"distinct", s.sources.distinct},
          {"top", values_json(s.sources)},
          {"more", s.sources.distinct - s.sources.values.size()}}},
        {"facets", facets},
        {"schema_version", s.schema_version.empty() ? json() : json(std::stoi(s.schema_version))},
        {"stemmer", null_if_empty(s.stemmer)},
        {"size_bytes", s.size_bytes},
        {"last_update", null_if_empty(s.last_update)},
        {"side_files",
         {{"facet_columns", s.facet_columns},
          {"hit_records", s.hit_records},
          {"doc_lengths", s.doc_lengths}}},
        {"shards", {{"total", s.shards}, {"remote", s.remote_shards}}},
    };
    return out.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace news::searcher
