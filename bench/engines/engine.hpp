/// @file
/// @brief The interface every benchmarked C++ engine implements: one Engine per index, one
/// Session per thread (bench/peers/PROTOCOL.md).
#pragma once

#include "engines/workload.hpp"
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace news::bench {

/// What one search must return (PROTOCOL.md, "Modes").
enum class Mode {
    Top,    ///< the top k ids; the total may be an estimate
    Count,  ///< the same plus the exact number of matches
    Facets, ///< the same as Count plus exact "source" and "tag" value counts over all matches
};

/// "top", "count", "facets".
[[nodiscard]] std::string_view mode_name(Mode mode);

/// Values of one facet with their counts, by count descending then value ascending.
using FacetList = std::vector<std::pair<std::string, std::uint64_t>>;

/// Sorts @p values by count descending, then value ascending (the protocol's order).
void sort_facet_list(FacetList& values);

/// What one search produced.
struct QueryResult {
    std::uint64_t total = 0;      ///< number of matches (exact when total_exact)
    bool total_exact = false;     ///< total counts every match
    std::vector<std::string> top; ///< article ids in the query's sort order, at most k
    FacetList source;             ///< Mode::Facets only: folded outlet values, all of them
    FacetList tag;                ///< Mode::Facets only: folded tag values, all of them
    std::uint64_t postings = 0;   ///< posting entries read (the floor counts them; others 0)
};

/// How an engine is opened for queries.
struct EngineOptions {
    std::string index;     ///< the --index folder
    std::string tag_facet; ///< our facet holding the tags (topic, category, label): news, xapian
    std::size_t k = 10;    ///< ids returned per search
};

/// One thread's handle on an open engine. Not thread-safe; one per thread.
class Session {
public:
    virtual ~Session() = default;
    Session() = default;
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    /// Runs @p query in @p mode.
    /// @throws news::Error (Usage) when the engine cannot run this query (the runner reports it
    /// as the query's "error" and carries on); any other error ends the run.
    [[nodiscard]] virtual QueryResult run(const BenchQuery& query, Mode mode) = 0;
};

/// An engine opened on one index. Thread-safe: sessions may be opened from any thread.
class Engine {
public:
    virtual ~Engine() = default;
    Engine() = default;
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    /// The protocol name: "news", "xapian", "sqlite", "floor".
    [[nodiscard]] virtual std::string name() const = 0;
    /// The version of what is measured, e.g. Xapian's or SQLite's.
    [[nodiscard]] virtual std::string version() const = 0;
    /// A new session on the same index, for one thread.
    [[nodiscard]] virtual std::unique_ptr<Session> open_session() = 0;
    /// True when QueryResult::postings is counted (the report then shows it per query).
    [[nodiscard]] virtual bool reports_postings() const { return false; }
    /// Extra top-level fields of the query report (e.g. the floor's "build_seconds").
    [[nodiscard]] virtual nlohmann::json extra_report() const { return nlohmann::json::object(); }
};

/// What a build reports (PROTOCOL.md: {"engine", "articles", "seconds"}).
struct BuildReport {
    std::uint64_t articles = 0; ///< articles indexed
    double seconds = 0;         ///< wall time, first article read to index closed and synced
};

/// Creates the folder a build writes into.
/// @throws news::Error: Usage when @p index already exists, CannotCreate when it cannot be made.
void create_index_folder(const std::string& index);

/// Flushes @p path to disk (a build ends "closed and synced").
/// @throws news::Error (Io) naming @p path.
void sync_file(const std::string& path);

/// The engine names run_engine_command() accepts.
[[nodiscard]] const std::vector<std::string>& engine_names();

/// Opens engine @p name on @p options.index.
/// @throws news::Error: Usage (unknown engine or option), NotFound (no index), others by kind.
[[nodiscard]] std::unique_ptr<Engine> open_engine(const std::string& name,
                                                  const EngineOptions& options);

/// Builds engine @p name's index of @p articles in the new folder @p index.
/// @throws news::Error: Usage (unknown engine, @p index exists, or an engine that builds no
/// index of its own), NotFound (no articles file), Io.
BuildReport build_engine(const std::string& name, const std::string& articles,
                         const std::string& index);

} // namespace news::bench
