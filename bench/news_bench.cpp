/// @file
/// @brief news-bench: query latency of a news database, with and without facets.
///
/// What it measures: for every query of a file, the wall time of one search (parse, match,
/// top-k with stored fields) in three modes: alone, with highlighted snippets, and with exact
/// facet counts; on a database opened once, after one untimed warm-up pass per mode.
/// Corpus: any database built by news-index; CI smoke-runs it on corpus/sample.
/// Run: news-index --db sample.db corpus/sample
///      news-bench --db sample.db --queries bench/queries/sample.txt --runs 20
/// Figures worth quoting come from the `bench` preset (Release).
///
/// Subcommands: `news-bench compare` (every engine side by side, bench/README.md),
/// `news-bench queries` (draws the query classes), `news-bench engine` (one engine, as compare
/// drives it: bench/peers/PROTOCOL.md), `news-bench quality` (ranking quality on the classic IR
/// test collections), `news-bench stories` (story clustering against labelled events), `news-bench
/// entities` (extracted entities against hand-annotated articles).
#include "news/common/cli.hpp"
#include "news/common/error.hpp"
#include "news/common/text.hpp"
#include "news/readers/line_reader.hpp"
#include "news/searcher/search.hpp"
#include "news/searcher/stories.hpp"
#include "news/searcher/story_view.hpp"

#include "compare/compare_command.hpp"
#include "compare/export_command.hpp"
#include "compare/queries_command.hpp"
#include "compare/shards_command.hpp"
#include "engines/engine_command.hpp"
#include "entities/entities_command.hpp"
#include "quality/quality_command.hpp"
#include "stories/stories_command.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <optional>
#include <tuple>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Query {
    std::string text;
    std::size_t line = 0;
};

struct Config {
    std::string db;
    std::string queries_path;
    std::size_t runs = 5;
    std::size_t limit = 10;
    std::vector<std::string> facets;
    bool json = false;
};

/// Latency statistics of one mode, in milliseconds.
struct ModeStats {
    std::string name;
    std::size_t count = 0;
    double p50 = 0, p95 = 0, p99 = 0, mean = 0, max = 0;
    double queries_per_second = 0;
};

constexpr std::string_view examples =
    R"(  news-bench --db news.db --queries bench/queries/sample.txt
  news-bench --db news.db --queries bench/queries/sample.txt --runs 50 --json
  news-bench compare --corpus reuters      (every engine side by side: compare --help)
  news-bench quality --smoke               (ranking quality: quality --help)
  news-bench stories                       (story clustering quality: stories --help)
  news-bench entities                      (entity extraction quality: entities --help)
)";

std::vector<Query> read_queries(const std::string& path) {
    news::LineReader reader(path, std::size_t{1} << 20U, {});
    std::vector<Query> queries;
    std::string line;
    while (reader.next(line) != news::LineReader::Status::End) {
        const std::string_view text = news::text::trim(line);
        if (!text.empty() && text.front() != '#') {
            queries.push_back({std::string(text), reader.line_number()});
        }
    }
    if (queries.empty()) {
        throw news::Error(news::ErrorKind::BadData,
                          path + ": no queries (one per line, # comments)");
    }
    return queries;
}

// Nearest-rank percentile of sorted samples.
double percentile(const std::vector<double>& sorted, double p) {
    const auto rank =
        static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

/// What one mode asks of each search.
struct Mode {
    std::string name;
    bool snippets = false;
    bool facets = false;
    bool group_stories = false;
};

/// The story modes that are not one search per query: --stories over the whole database, and
/// the --story view of its biggest story.
struct StoryTimings {
    std::size_t stories = 0;           ///< stories in the database
    double list_p50 = 0, list_max = 0; ///< --stories (no query, first page), ms
    std::string view_id;               ///< the story viewed: the biggest
    std::size_t view_size = 0;         ///< its articles
    double view_p50 = 0, view_max = 0; ///< --story ID, ms
};

ModeStats run_mode(news::searcher::Searcher& searcher, const std::vector<Query>& queries,
                   const Config& config, const Mode& mode) {
    news::searcher::SearchRequest request;
    request.limit = config.limit;
    request.snippets = mode.snippets;
    request.group_stories = mode.group_stories;
    if (mode.facets) {
        request.facets = config.facets;
    }
    const auto search = [&](const Query& query) {
        request.query.text = query.text;
        try {
            return searcher.search(request).hits.size();
        } catch (const news::Error& e) {
            throw news::Error(e.kind(),
                              fmt::format("{}:{}: {}", config.queries_path, query.line, e.what()),
                              e.hint());
        }
    };
    for (const auto& query : queries) { // untimed warm-up: page cache, allocator, spies
        (void)search(query);
    }
    std::vector<double> samples;
    samples.reserve(queries.size() * config.runs);
    const auto start = Clock::now();
    for (std::size_t run = 0; run < config.runs; ++run) {
        for (const auto& query : queries) {
            const auto before = Clock::now();
            (void)search(query);
            samples.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - before).count());
        }
    }
    const double total_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::sort(samples.begin(), samples.end());
    ModeStats stats;
    stats.name = mode.name;
    stats.count = samples.size();
    stats.p50 = percentile(samples, 50);
    stats.p95 = percentile(samples, 95);
    stats.p99 = percentile(samples, 99);
    stats.max = samples.back();
    double sum = 0;
    for (const double sample : samples) {
        sum += sample;
    }
    stats.mean = sum / static_cast<double>(samples.size());
    stats.queries_per_second =
        total_seconds > 0 ? static_cast<double>(samples.size()) / total_seconds : 0;
    return stats;
}

// Times @p action @p runs times after one untimed warm-up: {p50, max} in milliseconds.
std::pair<double, double> time_runs(std::size_t runs, const std::function<void()>& action) {
    action();
    std::vector<double> samples;
    for (std::size_t run = 0; run < runs; ++run) {
        const auto before = Clock::now();
        action();
        samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - before).count());
    }
    std::sort(samples.begin(), samples.end());
    return {percentile(samples, 50), samples.back()};
}

StoryTimings time_story_modes(news::searcher::Searcher& searcher, const Config& config) {
    StoryTimings timings;
    news::searcher::StoryListRequest list;
    list.limit = config.limit;
    const auto first = news::searcher::list_stories(searcher, list);
    timings.stories = first.total;
    std::tie(timings.list_p50, timings.list_max) =
        time_runs(config.runs, [&] { (void)news::searcher::list_stories(searcher, list); });
    if (first.stories.empty()) {
        return timings;
    }
    timings.view_id = first.stories.front().summary.id;
    timings.view_size = first.stories.front().summary.size;
    std::tie(timings.view_p50, timings.view_max) = time_runs(config.runs, [&] {
        (void)news::searcher::build_story_view(searcher.database(), searcher.stemmer(),
                                               timings.view_id);
    });
    return timings;
}

long peak_rss_kib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss; // KiB on Linux
}

void print_text(const Config& config, std::size_t doc_count, std::size_t query_count,
                const std::vector<ModeStats>& modes, const std::optional<StoryTimings>& stories) {
    fmt::print("news-bench: {} articles, {} queries x {} runs, top-{}, facets: {}\n\n", doc_count,
               query_count, config.runs, config.limit, fmt::join(config.facets, ", "));
    fmt::print("{:<16} {:>8} {:>9} {:>9} {:>9} {:>9} {:>9} {:>11}\n", "mode", "searches", "p50 ms",
               "p95 ms", "p99 ms", "mean ms", "max ms", "queries/s");
    for (const auto& m : modes) {
        fmt::print("{:<16} {:>8} {:>9.3f} {:>9.3f} {:>9.3f} {:>9.3f} {:>9.3f} {:>11.0f}\n", m.name,
                   m.count, m.p50, m.p95, m.p99, m.mean, m.max, m.queries_per_second);
    }
    if (stories) {
        const auto mode_p50 = [&](std::string_view name) {
            const auto it = std::find_if(modes.begin(), modes.end(),
                                         [&](const ModeStats& m) { return m.name == name; });
            return it == modes.end() ? 0.0 : it->p50;
        };
        const double top = mode_p50("top-k");
        fmt::print("\nstories: {} in the database; top-k+stories p50 is {:.2f}x top-k's\n",
                   stories->stories, top > 0 ? mode_p50("top-k+stories") / top : 0.0);
        fmt::print("--stories (first page): p50 {:.3f} ms, max {:.3f} ms\n", stories->list_p50,
                   stories->list_max);
        if (!stories->view_id.empty()) {
            fmt::print("--story {} ({} articles): p50 {:.3f} ms, max {:.3f} ms\n", stories->view_id,
                       stories->view_size, stories->view_p50, stories->view_max);
        }
    }
    fmt::print("\npeak RSS: {:.1f} MiB\n", static_cast<double>(peak_rss_kib()) / 1024.0);
}

void print_json(const Config& config, std::size_t doc_count, std::size_t query_count,
                const std::vector<ModeStats>& modes, const std::optional<StoryTimings>& stories) {
    nlohmann::json out_modes = nlohmann::json::array();
    for (const auto& m : modes) {
        out_modes.push_back({{"name", m.name},
                             {"searches", m.count},
                             {"p50_ms", m.p50},
                             {"p95_ms", m.p95},
                             {"p99_ms", m.p99},
                             {"mean_ms", m.mean},
                             {"max_ms", m.max},
                             {"queries_per_second", m.queries_per_second}});
    }
    nlohmann::json out = {{"format_version", 1},    {"database", config.db},
                          {"doc_count", doc_count}, {"queries_file", config.queries_path},
                          {"queries", query_count}, {"runs", config.runs},
                          {"limit", config.limit},  {"facets", config.facets},
                          {"modes", out_modes},     {"peak_rss_kib", peak_rss_kib()}};
    if (stories) {
        out["stories"] = {{"count", stories->stories},        {"list_p50_ms", stories->list_p50},
                          {"list_max_ms", stories->list_max}, {"view_story", stories->view_id},
                          {"view_size", stories->view_size},  {"view_p50_ms", stories->view_p50},
                          {"view_max_ms", stories->view_max}};
    }
    fmt::print("{}\n", out.dump(2));
}

Config parse_config(int argc, const char* const* argv, bool& done) {
    cxxopts::Options options("news-bench", "Measure query latency of a news database.");
    news::cli::DbOptions::add_to(options);
    options.add_options()("queries", "file of queries, one per line (# starts a comment)",
                          cxxopts::value<std::string>(), "FILE")(
        "runs", "timed runs over all queries", cxxopts::value<std::size_t>()->default_value("5"))(
        "n,limit", "hits per search", cxxopts::value<std::size_t>()->default_value("10"))(
        "facet",
        "facets counted in the facet mode (repeatable; default source, author, category, "
        "date.month)",
        cxxopts::value<std::vector<std::string>>()->default_value(
            "source,author,category,date.month"),
        "NAME")("json", "print the results as JSON");
    news::cli::add_standard_options(options);
    const auto parsed = news::cli::parse(options, argc, argv);
    done = news::cli::handle_standard_options(options, parsed, examples);
    if (done) {
        return {};
    }
    Config config;
    config.db = news::cli::DbOptions::from(parsed).path;
    if (parsed.count("queries") == 0) {
        throw news::Error(news::ErrorKind::Usage, "--queries FILE is required");
    }
    config.queries_path = parsed["queries"].as<std::string>();
    config.runs = parsed["runs"].as<std::size_t>();
    config.limit = parsed["limit"].as<std::size_t>();
    config.facets = parsed.count("facet") > 0
                        ? parsed["facet"].as<std::vector<std::string>>()
                        : std::vector<std::string>{"source", "author", "category", "date.month"};
    config.json = parsed.count("json") > 0;
    if (config.runs == 0 || config.limit == 0) {
        throw news::Error(news::ErrorKind::Usage, "--runs and --limit must be at least 1");
    }
    return config;
}

} // namespace

int main(int argc, char** argv) {
    // Subcommands: the engine comparison and what it drives. Without one, the latency benchmark
    // of one database.
    const std::string_view command = argc > 1 ? argv[1] : "";
    if (command == "compare") {
        return news::bench::run_compare_command(argc - 1, argv + 1);
    }
    if (command == "export") {
        return news::bench::run_export_command(argc - 1, argv + 1);
    }
    if (command == "queries") {
        return news::bench::run_queries_command(argc - 1, argv + 1);
    }
    if (command == "quality") {
        return news::bench::run_quality_command(argc - 1, argv + 1);
    }
    if (command == "stories") {
        return news::bench::run_stories_command(argc - 1, argv + 1);
    }
    if (command == "entities") {
        return news::bench::run_entities_command(argc - 1, argv + 1);
    }
    if (command == "shards") {
        return news::bench::run_shards_command(argc - 1, argv + 1);
    }
    if (command == "engine") {
        return news::bench::run_engine_command(argc - 1, argv + 1);
    }
    return news::cli::run_main("news-bench", [&] {
        bool done = false;
        const Config config = parse_config(argc, argv, done);
        if (done) {
            return 0;
        }
        const auto queries = read_queries(config.queries_path);
        news::searcher::Searcher searcher(config.db);
        std::vector<ModeStats> modes;
        // top-k alone is what the peer engines are compared on; snippets and exact facet counts
        // are what news-search adds on top; --group stories, --stories and --story are timed
        // when the database has stories.
        const bool stories = news::searcher::has_stories(searcher.database());
        std::vector<Mode> to_run{{"top-k", false, false},
                                 {"top-k+snippets", true, false},
                                 {"top-k+facets", false, true}};
        if (stories) {
            to_run.push_back({"top-k+stories", false, false, true});
        }
        modes.reserve(to_run.size());
        for (const Mode& mode : to_run) {
            modes.push_back(run_mode(searcher, queries, config, mode));
        }
        std::optional<StoryTimings> story_timings;
        if (stories) {
            story_timings = time_story_modes(searcher, config);
        }
        const std::size_t doc_count = searcher.doc_count();
        if (config.json) {
            print_json(config, doc_count, queries.size(), modes, story_timings);
        } else {
            print_text(config, doc_count, queries.size(), modes, story_timings);
        }
        return 0;
    });
}
