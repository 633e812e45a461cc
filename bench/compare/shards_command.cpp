/// @file
/// @brief `news-bench shards`: build each shard count, query it locally and through
/// xapian-tcpsrv, summarise side by side.
#include "compare/shards_command.hpp"

#include "news/common/cli.hpp"
#include "news/common/error.hpp"

#include "compare/child_process.hpp"
#include "compare/stats.hpp"
#include "compare/tcp_servers.hpp"
#include "compare/tools.hpp"
#include <cxxopts.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

namespace news::bench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view examples =
    R"(  news-bench shards --input ../shared/corpora/reuters21578/reuters21578.tar.gz \
      --queries bench/queries/reuters.tsv --shards 1,2,4,16 --name reuters \
      --out bench/results/shards-reuters
)";

struct ShardsConfig {
    std::vector<std::string> inputs;
    std::string format;
    std::string queries;
    std::vector<unsigned> shards;
    std::size_t runs = 3;
    std::size_t warmup = 1;
    std::string threads = "1,2";
    std::string tag_facet = "topic";
    std::string work;
    std::string out;
    std::string name = "corpus";
    bool remote = true;
    bool keep = false;
};

std::vector<unsigned> parse_counts(const std::string& list) {
    std::vector<unsigned> counts;
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        const std::string item = list.substr(start, comma - start);
        std::size_t used = 0;
        unsigned long value = 0;
        try {
            value = std::stoul(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != item.size() || value == 0 || value > 256) {
            throw Error(
                ErrorKind::Usage,
                fmt::format("--shards '{}': want shard counts like 1,2,4 (1 to 256)", list));
        }
        counts.push_back(static_cast<unsigned>(value));
        start = comma + 1;
    }
    return counts;
}

std::optional<ShardsConfig> parse(int argc, char** argv) {
    cxxopts::Options options("news-bench shards",
                             "One corpus as 1, 2, 4 ... shards, searched locally and through "
                             "xapian-tcpsrv on loopback, side by side.");
    options.add_options()("input", "a corpus file or folder, as news-index takes it (repeatable)",
                          cxxopts::value<std::vector<std::string>>(), "PATH")(
        "format", "news-index --format for the inputs", cxxopts::value<std::string>(),
        "FORMAT")("queries", "the query list (bench/queries/*.tsv)", cxxopts::value<std::string>(),
                  "FILE")("shards", "shard counts to build and compare",
                          cxxopts::value<std::string>()->default_value("1,2,4"), "LIST")(
        "runs", "timed passes over the queries", cxxopts::value<std::size_t>()->default_value("3"),
        "N")("warmup", "untimed passes first", cxxopts::value<std::size_t>()->default_value("1"),
             "N")("threads", "thread counts of the throughput passes",
                  cxxopts::value<std::string>()->default_value("1,2"), "LIST")(
        "tag-facet", "the corpus's tag facet (topic for Reuters, category otherwise)",
        cxxopts::value<std::string>()->default_value("topic"),
        "NAME")("work", "folder for the databases (default: a temporary one, removed at the end)",
                cxxopts::value<std::string>(),
                "DIR")("out", "write PREFIX.json and PREFIX.md (default: the Markdown on stdout)",
                       cxxopts::value<std::string>(), "PREFIX")(
        "name", "the corpus's name in the report", cxxopts::value<std::string>(), "NAME")(
        "no-remote", "only the local shards (no xapian-tcpsrv)")("keep", "keep the work folder");
    cli::add_standard_options(options);
    const auto parsed = cli::parse(options, argc, argv);
    if (cli::handle_standard_options(options, parsed, examples)) {
        return std::nullopt;
    }
    ShardsConfig config;
    if (parsed.count("input") == 0 || parsed.count("queries") == 0) {
        throw Error(ErrorKind::Usage, "--input and --queries are required", "see --help");
    }
    config.inputs = parsed["input"].as<std::vector<std::string>>();
    config.queries = parsed["queries"].as<std::string>();
    if (parsed.count("format") > 0) {
        config.format = parsed["format"].as<std::string>();
    }
    config.shards = parse_counts(parsed["shards"].as<std::string>());
    config.runs = parsed["runs"].as<std::size_t>();
    config.warmup = parsed["warmup"].as<std::size_t>();
    if (config.runs == 0) {
        throw Error(ErrorKind::Usage, "--runs must be at least 1");
    }
    config.threads = parsed["threads"].as<std::string>();
    config.tag_facet = parsed["tag-facet"].as<std::string>();
    if (parsed.count("work") > 0) {
        config.work = parsed["work"].as<std::string>();
        config.keep = true;
    }
    if (parsed.count("out") > 0) {
        config.out = parsed["out"].as<std::string>();
    }
    if (parsed.count("name") > 0) {
        config.name = parsed["name"].as<std::string>();
    }
    config.remote = parsed.count("no-remote") == 0;
    config.keep = config.keep || parsed.count("keep") > 0;
    return config;
}

void progress(const std::string& what) {
    fmt::print(stderr, "shards: {}\n", what);
}

// One configuration's figures, from the engine's report.
struct Measured {
    unsigned shards = 0;
    bool remote = false;
    Latency top;
    Latency facets;
    std::vector<std::pair<unsigned, double>> queries_per_second; ///< threads, queries/s
    std::map<std::string, json> answers; ///< per query id: class, hits, top, facets
    std::size_t differing = 0; ///< queries whose answers differ from the first configuration's
    std::map<std::string, std::size_t> differing_by_class;
    std::vector<std::string> differing_ids; ///< the queries that differ, by id
    std::size_t compared = 0;
};

Measured measure(const json& report, unsigned shards, bool remote) {
    Measured m;
    m.shards = shards;
    m.remote = remote;
    std::vector<std::uint64_t> top;
    std::vector<std::uint64_t> facets;
    for (const auto& query : report.at("queries")) {
        if (query.contains("error")) {
            continue;
        }
        for (const auto& ns : query.at("ns").at("top")) {
            top.push_back(ns.get<std::uint64_t>());
        }
        for (const auto& ns : query.at("ns").at("facets")) {
            facets.push_back(ns.get<std::uint64_t>());
        }
        // Hits of equal score may come in another order across shards: the top as a set.
        auto ids = query.at("top").get<std::vector<std::string>>();
        std::sort(ids.begin(), ids.end());
        m.answers[query.at("id").get<std::string>()] = {{"class", query.at("class")},
                                                        {"hits", query.at("hits")},
                                                        {"top", ids},
                                                        {"facets", query.at("facets")}};
    }
    m.top = summarise(std::move(top));
    m.facets = summarise(std::move(facets));
    for (const auto& pass : report.at("throughput")) {
        const double seconds = pass.at("seconds").get<double>();
        m.queries_per_second.emplace_back(pass.at("threads").get<unsigned>(),
                                          seconds > 0 ? pass.at("searches").get<double>() / seconds
                                                      : 0.0);
    }
    return m;
}

void compare_answers(const Measured& first, Measured& other) {
    for (const auto& [id, answer] : first.answers) {
        const auto found = other.answers.find(id);
        if (found == other.answers.end()) {
            continue;
        }
        ++other.compared;
        const json& theirs = found->second;
        if (theirs.at("hits") != answer.at("hits") || theirs.at("top") != answer.at("top") ||
            theirs.at("facets") != answer.at("facets")) {
            ++other.differing;
            ++other.differing_by_class[answer.at("class").get<std::string>()];
            other.differing_ids.push_back(id);
        }
    }
}

json latency_json(const Latency& l) {
    return {{"samples", l.samples}, {"p50_ms", l.p50_ms},   {"p95_ms", l.p95_ms},
            {"p99_ms", l.p99_ms},   {"mean_ms", l.mean_ms}, {"max_ms", l.max_ms}};
}

std::string render_markdown(const ShardsConfig& config, const std::vector<Measured>& all,
                            const json& builds) {
    std::string md = fmt::format("# Shards: {}\n\n", config.name);
    md += fmt::format("{} runs after {} warm-up pass(es) of {}; top-10 and top-10 with exact "
                      "facet counts (source and {}), latency per search in ms; throughput in "
                      "queries/s. Remote: one stock xapian-tcpsrv per shard on loopback.\n\n",
                      config.runs, config.warmup, config.queries, config.tag_facet);
    md += "| shards | where | top-10 p50 | p95 | p99 | +facets p50 | p95 | p99 |";
    const auto& threads = all.front().queries_per_second;
    for (const auto& [t, qps] : threads) {
        md += fmt::format(" q/s {}t |", t);
    }
    md += " answers as 1 local |\n|---:|---|---:|---:|---:|---:|---:|---:|";
    for (std::size_t i = 0; i < threads.size(); ++i) {
        md += "---:|";
    }
    md += "---|\n";
    for (const auto& m : all) {
        md += fmt::format("| {} | {} | {:.3f} | {:.3f} | {:.3f} | {:.3f} | {:.3f} | {:.3f} |",
                          m.shards, m.remote ? "remote" : "local", m.top.p50_ms, m.top.p95_ms,
                          m.top.p99_ms, m.facets.p50_ms, m.facets.p95_ms, m.facets.p99_ms);
        for (const auto& [t, qps] : m.queries_per_second) {
            md += fmt::format(" {:.0f} |", qps);
        }
        if (&m == &all.front()) {
            md += " (reference) |\n";
            continue;
        }
        std::string classes;
        for (const auto& [name, n] : m.differing_by_class) {
            classes += fmt::format("{}{} {}", classes.empty() ? "" : ", ", name, n);
        }
        md += fmt::format(" {} of {} differ{} |\n", m.differing, m.compared,
                          classes.empty() ? "" : " (" + classes + ")");
    }
    md += "\nWhat a remote hop costs (remote p50 minus local p50, ms):\n\n"
          "| shards | top-10 | top-10 + facets |\n|---:|---:|---:|\n";
    for (const auto& local : all) {
        if (local.remote) {
            continue;
        }
        for (const auto& remote : all) {
            if (remote.remote && remote.shards == local.shards) {
                md += fmt::format("| {} | {:+.3f} | {:+.3f} |\n", local.shards,
                                  remote.top.p50_ms - local.top.p50_ms,
                                  remote.facets.p50_ms - local.facets.p50_ms);
            }
        }
    }
    md += "\nBuilds (`news-index --shards N`, seconds and MiB on disk):\n\n"
          "| shards | build s | MiB |\n|---:|---:|---:|\n";
    for (const unsigned n : config.shards) { // in the order asked for, not the keys' order
        const json& build = builds.at(std::to_string(n));
        md += fmt::format("| {} | {:.1f} | {:.1f} |\n", n, build.at("seconds").get<double>(),
                          build.at("bytes").get<double>() / (1024.0 * 1024.0));
    }
    return md;
}

int run(const ShardsConfig& config) {
    const Tools tools = find_tools();
    const std::string work =
        config.work.empty()
            ? (fs::temp_directory_path() / fmt::format("news-bench-shards-{}", ::getpid())).string()
            : config.work;
    fs::create_directories(work);
    const std::string scratch = work + "/scratch";
    fs::create_directories(scratch);
    const bool remote = config.remote && !find_tcpsrv().empty();
    if (config.remote && !remote) {
        progress("xapian-tcpsrv is not installed: local shards only");
    }
    std::vector<Measured> all;
    json builds = json::object();
    for (const unsigned n : config.shards) {
        const std::string db = fmt::format("{}/shards-{}", work, n);
        fs::remove_all(db);
        progress(fmt::format("building {} shard(s)", n));
        std::vector<std::string> index{tools.index, "--db",     db,
                                       "-q",        "--shards", std::to_string(n)};
        if (!config.format.empty()) {
            index.insert(index.end(), {"--format", config.format});
        }
        index.insert(index.end(), config.inputs.begin(), config.inputs.end());
        const ChildRun build = run_child_checked(index, scratch);
        builds[std::to_string(n)] = {{"seconds", build.wall_seconds},
                                     {"bytes", disk_bytes(db)},
                                     {"peak_rss_kib", build.peak_rss_kib}};
        const auto query = [&](const std::string& target) {
            std::vector<std::string> argv{tools.bench,   "engine",
                                          "news",        "query",
                                          "--index",     target,
                                          "--queries",   config.queries,
                                          "--runs",      std::to_string(config.runs),
                                          "--warmup",    std::to_string(config.warmup),
                                          "--threads",   config.threads,
                                          "--k",         "10",
                                          "--tag-facet", config.tag_facet};
            return json::parse(run_child_checked(argv, scratch).out);
        };
        progress(fmt::format("searching {} local shard(s)", n));
        all.push_back(measure(query(db), n, false));
        if (remote) {
            std::vector<std::string> shard_paths;
            for (unsigned i = 0; i < n; ++i) {
                shard_paths.push_back(fmt::format("{}/shard-{}", db, i));
            }
            const TcpServers servers(shard_paths);
            const std::string stub = db + ".remote";
            servers.write_stub(stub);
            progress(fmt::format("searching {} remote shard(s)", n));
            all.push_back(measure(query(stub), n, true));
        }
        if (!config.keep) {
            fs::remove_all(db);
        }
    }
    for (std::size_t i = 1; i < all.size(); ++i) {
        compare_answers(all.front(), all[i]);
    }
    const std::string md = render_markdown(config, all, builds);
    json report = {{"format_version", 1},       {"name", config.name}, {"inputs", config.inputs},
                   {"queries", config.queries}, {"runs", config.runs}, {"warmup", config.warmup},
                   {"builds", builds}};
    json configurations = json::array();
    for (const auto& m : all) {
        json qps = json::array();
        for (const auto& [t, value] : m.queries_per_second) {
            qps.push_back({{"threads", t}, {"queries_per_second", value}});
        }
        configurations.push_back({{"shards", m.shards},
                                  {"where", m.remote ? "remote" : "local"},
                                  {"top", latency_json(m.top)},
                                  {"facets", latency_json(m.facets)},
                                  {"throughput", qps},
                                  {"compared", m.compared},
                                  {"differing", m.differing},
                                  {"differing_by_class", m.differing_by_class},
                                  {"differing_ids", m.differing_ids}});
    }
    report["configurations"] = configurations;
    if (config.out.empty()) {
        fmt::print("{}", md);
    } else {
        std::ofstream(config.out + ".json") << report.dump(2) << "\n";
        std::ofstream(config.out + ".md") << md;
        progress("wrote " + config.out + ".json and .md");
    }
    if (!config.keep) {
        fs::remove_all(work);
    }
    return 0;
}

} // namespace

int run_shards_command(int argc, char** argv) {
    return cli::run_main("news-bench shards", [&] {
        const auto config = parse(argc, argv);
        return config ? run(*config) : 0;
    });
}

} // namespace news::bench
