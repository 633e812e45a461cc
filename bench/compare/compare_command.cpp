#include "compare/compare_command.hpp"

#include "news/common/cli.hpp"
#include "news/common/error.hpp"

#include "compare/child_process.hpp"
#include "compare/corpus.hpp"
#include "compare/engine_list.hpp"
#include "compare/one_shot.hpp"
#include "compare/query_generator.hpp"
#include "compare/report.hpp"
#include "compare/stats.hpp"
#include "engines/workload.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <thread>
#include <unistd.h>

#ifndef NEWS_SOURCE_DIR
#define NEWS_SOURCE_DIR "."
#endif
#ifndef NEWS_SHARED_DIR
#define NEWS_SHARED_DIR "../shared"
#endif

namespace news::bench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct CompareConfig {
    std::vector<std::string> corpora;
    std::vector<std::string> inputs; ///< a corpus of one's own: --input, --name, --tag-facet
    std::string name;
    std::string tag_facet;
    std::string format = "auto";
    std::vector<std::string> engines = compared_engines();
    std::size_t runs = 5;
    std::size_t warmup = 2;
    std::size_t per_class = 100;
    std::size_t one_shot_repeats = 5;
    std::uint64_t seed = 20241121;
    std::string threads = "1,2";
    std::string out_dir = "bench/results";
    std::string queries_dir = "bench/queries";
    std::string work_dir;
    std::string shared_dir = NEWS_SHARED_DIR;
    bool keep_work = false;
    bool compact = true;
    bool plots = true;
    bool json = false;
    bool smoke = false;
};

/// Where the executables are: next to news-bench in the build tree.
struct Tools {
    std::string bench;      ///< news-bench itself
    std::string index;      ///< news-index
    std::string search;     ///< news-search
    std::string lucene;     ///< the news-lucene launcher, or empty when not built
    std::string lucene_why; ///< why Lucene is unavailable
};

Tools find_tools() {
    const std::string bench_dir = executable_dir();
    Tools tools;
    tools.bench = bench_dir + "/news-bench";
    tools.index = bench_dir + "/../indexer/news-index";
    tools.search = bench_dir + "/../searcher/news-search";
    const std::string launcher = bench_dir + "/news-lucene";
    if (!fs::exists(launcher)) {
        tools.lucene_why = "the news-lucene harness was not built (needs a JDK and Debian's "
                           "liblucene8-java when configuring)";
    } else {
        tools.lucene = launcher;
    }
    return tools;
}

void progress(const std::string& corpus, const std::string& what) {
    fmt::print(stderr, "compare: {}: {}\n", corpus, what);
}

std::vector<std::string> engine_command(const Tools& tools, const std::string& engine) {
    if (engine == "lucene") {
        return {tools.lucene};
    }
    return {tools.bench, "engine", engine};
}

/// The one timing set of @p mode of every query of @p klass (or all when empty) pooled.
std::vector<std::uint64_t> pooled(const json& engine_output, const std::string& mode,
                                  const std::string& klass,
                                  const std::map<std::string, std::string>& class_of) {
    std::vector<std::uint64_t> samples;
    for (const auto& query : engine_output.at("queries")) {
        if (!query.contains("ns") || !query["ns"].contains(mode)) {
            continue;
        }
        const auto it = class_of.find(query.at("id").get<std::string>());
        if (!klass.empty() && (it == class_of.end() || it->second != klass)) {
            continue;
        }
        for (const auto& ns : query["ns"][mode]) {
            samples.push_back(ns.get<std::uint64_t>());
        }
    }
    return samples;
}

json latency_json(const Latency& latency) {
    return {{"samples", latency.samples}, {"p50_ms", latency.p50_ms},   {"p95_ms", latency.p95_ms},
            {"p99_ms", latency.p99_ms},   {"mean_ms", latency.mean_ms}, {"max_ms", latency.max_ms}};
}

/// Latency per class and mode, throughput, errors, from one engine's query output.
json summarise_engine(const json& output, const std::vector<std::string>& classes,
                      const std::map<std::string, std::string>& class_of) {
    json summary;
    for (const auto& mode : query_modes()) {
        summary["all"][mode] = latency_json(summarise(pooled(output, mode, "", class_of)));
        for (const auto& klass : classes) {
            summary["classes"][klass][mode] =
                latency_json(summarise(pooled(output, mode, klass, class_of)));
        }
    }
    summary["throughput"] = json::array();
    for (const auto& pass : output.value("throughput", json::array())) {
        const double seconds = pass.at("seconds").get<double>();
        const double searches = pass.at("searches").get<double>();
        summary["throughput"].push_back(
            {{"threads", pass.at("threads")},
             {"searches", pass.at("searches")},
             {"queries_per_second", seconds > 0 ? searches / seconds : 0}});
    }
    json errors = json::array();
    std::uint64_t postings = 0;
    std::uint64_t top_ns = 0;
    for (const auto& query : output.at("queries")) {
        if (query.contains("error")) {
            errors.push_back({{"id", query.at("id")}, {"error", query.at("error")}});
        }
        if (query.contains("postings") && query.contains("ns") && query["ns"].contains("top")) {
            const auto runs = query["ns"]["top"].size();
            for (const auto& ns : query["ns"]["top"]) {
                top_ns += ns.get<std::uint64_t>();
            }
            postings += query["postings"].get<std::uint64_t>() * runs;
        }
    }
    summary["errors"] = errors;
    if (postings > 0) {
        summary["ns_per_posting"] = static_cast<double>(top_ns) / static_cast<double>(postings);
    }
    for (const char* key : {"version", "open_seconds", "build_seconds", "warmup_seconds"}) {
        if (output.contains(key)) {
            summary[key] = output[key];
        }
    }
    return summary;
}

/// Per query: does each engine's exact count agree with ours?
json agreement(const std::map<std::string, json>& outputs, const std::vector<BenchQuery>& queries) {
    json result = json::object();
    const auto ours = outputs.find("news");
    if (ours == outputs.end()) {
        return result;
    }
    std::map<std::string, std::uint64_t> our_hits;
    for (const auto& query : ours->second.at("queries")) {
        if (query.contains("hits")) {
            our_hits[query["id"].get<std::string>()] = query["hits"].get<std::uint64_t>();
        }
    }
    std::map<std::string, const BenchQuery*> by_id;
    for (const auto& query : queries) {
        by_id[query.id] = &query;
    }
    for (const auto& [engine, output] : outputs) {
        if (engine == "news") {
            continue;
        }
        std::size_t compared = 0;
        std::size_t equal = 0;
        json examples = json::array();
        for (const auto& query : output.at("queries")) {
            const std::string id = query.at("id").get<std::string>();
            const auto it = our_hits.find(id);
            if (!query.contains("hits") || it == our_hits.end()) {
                continue;
            }
            ++compared;
            const auto theirs = query["hits"].get<std::uint64_t>();
            if (theirs == it->second) {
                ++equal;
            } else if (examples.size() < 8) {
                examples.push_back({{"id", id},
                                    {"query", format_query_line(*by_id[id])},
                                    {"ours", it->second},
                                    {"theirs", theirs}});
            }
        }
        result[engine] = {{"compared", compared}, {"equal", equal}, {"examples", examples}};
    }
    return result;
}

std::string sqlite_path(const std::string& index_dir) {
    return index_dir + "/fts.sqlite";
}

/// Wall time of one process per engine for a few queries, cold (index evicted from the page
/// cache first) and warm (median of repeats).
json one_shot(const CompareConfig& config, const Tools& tools, const CorpusSpec& corpus,
              const std::map<std::string, std::string>& index_of,
              const std::vector<BenchQuery>& queries, const std::string& scratch) {
    json rows = json::array();
    std::vector<const BenchQuery*> picked;
    for (const std::string klass : {"term-medium", "and2", "phrase2", "filter-source"}) {
        const auto it = std::find_if(queries.begin(), queries.end(),
                                     [&](const BenchQuery& q) { return q.query_class == klass; });
        if (it != queries.end()) {
            picked.push_back(&*it);
        }
    }
    for (const BenchQuery* query : picked) {
        std::map<std::string, std::vector<std::string>> commands;
        if (index_of.contains("news")) {
            std::vector<std::string> argv{tools.search};
            const auto args = news_search_arguments(*query, index_of.at("news"), corpus.tag_facet);
            argv.insert(argv.end(), args.begin(), args.end());
            commands["news"] = argv;
        }
        if (index_of.contains("sqlite")) {
            commands["sqlite"] = {"sqlite3", sqlite_path(index_of.at("sqlite")),
                                  sqlite_one_shot_sql(*query)};
        }
        if (index_of.contains("lucene")) {
            commands["lucene"] = {tools.lucene,          "once",    "--index",
                                  index_of.at("lucene"), "--query", format_query_line(*query)};
        }
        for (const auto& [engine, argv] : commands) {
            evict_from_page_cache(index_of.at(engine));
            const ChildRun cold = run_child_checked(argv, scratch);
            std::vector<double> warm;
            for (std::size_t i = 0; i < config.one_shot_repeats; ++i) {
                warm.push_back(run_child_checked(argv, scratch).wall_seconds * 1e3);
            }
            rows.push_back({{"query", query->id},
                            {"engine", engine},
                            {"cold_ms", cold.wall_seconds * 1e3},
                            {"warm_ms", median(warm)}});
        }
    }
    return rows;
}

std::size_t max_threads(const std::string& list) {
    std::size_t most = 1;
    std::size_t value = 0;
    for (const char c : list + ",") {
        if (c >= '0' && c <= '9') {
            value = value * 10 + static_cast<std::size_t>(c - '0');
        } else if (c == ',') {
            most = std::max(most, value);
            value = 0;
        } else {
            throw Error(ErrorKind::Usage,
                        fmt::format("--threads: '{}' is not a list like 1,2", list));
        }
    }
    return most;
}

json compare_corpus(const CompareConfig& config, const Tools& tools, const CorpusSpec& corpus,
                    const std::string& work) {
    fs::create_directories(work);
    const std::string scratch = work + "/scratch";
    fs::create_directories(scratch);
    json report;
    report["corpus"] = {
        {"name", corpus.name}, {"title", corpus.title}, {"tag_facet", corpus.tag_facet}};

    progress(corpus.name, "reading the articles with our readers");
    const std::string articles_path = work + "/articles.tsv";
    // In a child process: the corpus is held in memory while ids are deduplicated, and a child
    // started later would count this process's peak as its own (see ChildRun::peak_rss_kib).
    std::vector<std::string> export_argv{tools.bench,   "export",      "--out",
                                         articles_path, "--tag-facet", corpus.tag_facet};
    const auto export_args = index_arguments(corpus);
    export_argv.insert(export_argv.end(), export_args.begin(), export_args.end());
    const json export_out = json::parse(run_child_checked(export_argv, scratch).out);
    ExportSummary exported;
    exported.articles = export_out.at("articles").get<std::size_t>();
    exported.rejected = export_out.at("rejected").get<std::size_t>();
    exported.replaced_ids = export_out.at("replaced_ids").get<std::size_t>();
    exported.text_bytes = export_out.at("text_bytes").get<unsigned long long>();
    if (exported.articles == 0) {
        throw Error(ErrorKind::BadData, fmt::format("{}: no article could be read", corpus.name));
    }
    report["articles"] = exported.articles;
    report["text_bytes"] = exported.text_bytes;
    report["rejected_inputs"] = exported.rejected;

    std::vector<std::string> engines;
    json skipped = json::object();
    for (const auto& engine : config.engines) {
        if (engine == "lucene" && tools.lucene.empty()) {
            skipped["lucene"] = tools.lucene_why;
            progress(corpus.name, "Lucene skipped: " + tools.lucene_why);
            continue;
        }
        engines.push_back(engine);
    }
    report["skipped_engines"] = skipped;

    // Builds. Ours is the real news-index on the original inputs; plain Xapian shares it.
    std::map<std::string, std::string> index_of;
    json builds = json::object();
    const std::size_t threads_for_build = max_threads(config.threads);
    for (const auto& engine : engines) {
        if (engine == "xapian") {
            continue;
        }
        progress(corpus.name, "building the " + engine + " index");
        const std::string dir = work + "/" + engine + ".index";
        fs::remove_all(dir);
        json build;
        if (engine == "news") {
            std::vector<std::string> argv{
                tools.index, "--db", dir, "-q", "--threads", std::to_string(threads_for_build)};
            const auto args = index_arguments(corpus);
            argv.insert(argv.end(), args.begin(), args.end());
            const ChildRun run = run_child_checked(argv, scratch);
            build["seconds"] = run.wall_seconds;
            build["threads"] = threads_for_build;
            build["peak_rss_kib"] = run.peak_rss_kib;
            build["index_bytes"] = disk_bytes(dir);
            index_of[engine] = dir;
            if (config.compact) {
                const std::string compacted = work + "/news.compact";
                fs::remove_all(compacted);
                const auto start = std::chrono::steady_clock::now();
                Xapian::Database(dir).compact(compacted);
                build["compact_seconds"] =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                build["compacted_bytes"] = disk_bytes(compacted);
                index_of[engine] = compacted;
            }
        } else {
            auto argv = engine_command(tools, engine);
            argv.insert(argv.end(), {"build", "--articles", articles_path, "--index", dir});
            const ChildRun run = run_child_checked(argv, scratch);
            const json out = json::parse(run.out);
            build["seconds"] = out.value("seconds", run.wall_seconds);
            build["process_seconds"] = run.wall_seconds;
            build["threads"] = 1;
            build["peak_rss_kib"] = out.value("peak_rss_kib", run.peak_rss_kib);
            build["index_bytes"] = disk_bytes(dir);
            index_of[engine] = dir;
        }
        const double seconds = build["seconds"].get<double>();
        build["articles_per_second"] =
            seconds > 0 ? static_cast<double>(exported.articles) / seconds : 0.0;
        builds[engine] = build;
    }
    if (index_of.contains("news")) {
        index_of["xapian"] = index_of["news"];
    }
    report["builds"] = builds;

    // Queries: drawn from our database, written out so every engine gets the identical list.
    if (!index_of.contains("news")) {
        throw Error(ErrorKind::Usage, "--engines must include news: the queries and ratios are "
                                      "drawn from and measured against it");
    }
    progress(corpus.name, "drawing the query classes");
    const Xapian::Database db(index_of["news"]);
    const GeneratedQueries generated =
        generate_queries(db, {config.seed, config.per_class, corpus.tag_facet});
    fs::create_directories(config.queries_dir);
    const std::string queries_file = config.queries_dir + "/" + corpus.name + ".tsv";
    write_queries(queries_file, generated.queries,
                  fmt::format("Drawn by `news-bench compare --corpus {}` (seed {}, {} per class) "
                              "from {} articles.\nFormat: bench/peers/PROTOCOL.md.",
                              corpus.name, config.seed, config.per_class, exported.articles));
    std::vector<BenchQuery> queries = generated.queries;
    const std::string handwritten = std::string(NEWS_SOURCE_DIR) + "/bench/queries/handwritten.tsv";
    if (fs::exists(handwritten)) {
        const auto extra = read_queries(handwritten);
        queries.insert(queries.end(), extra.begin(), extra.end());
    }
    const std::string run_queries = work + "/queries.tsv";
    write_queries(run_queries, queries, "generated classes followed by the hand-written set");
    report["queries_file"] = queries_file;
    report["queries"] = queries.size();
    json shortfalls = json::array();
    for (const auto& shortfall : generated.shortfalls) {
        shortfalls.push_back({{"class", shortfall.query_class},
                              {"generated", shortfall.generated},
                              {"reason", shortfall.reason}});
    }
    report["class_shortfalls"] = shortfalls;

    std::vector<std::string> classes;
    std::map<std::string, std::string> class_of;
    for (const auto& query : queries) {
        if (std::find(classes.begin(), classes.end(), query.query_class) == classes.end()) {
            classes.push_back(query.query_class);
        }
        class_of[query.id] = query.query_class;
    }
    report["classes"] = classes;

    // Query runs, one child process per engine.
    std::map<std::string, json> outputs;
    json engine_reports = json::object();
    for (const auto& engine : engines) {
        progress(corpus.name, "querying " + engine);
        auto argv = engine_command(tools, engine);
        argv.insert(argv.end(),
                    {"query", "--index", index_of[engine], "--queries", run_queries, "--runs",
                     std::to_string(config.runs), "--warmup", std::to_string(config.warmup),
                     "--threads", config.threads, "--k", "10"});
        if (engine == "news" || engine == "xapian") {
            argv.insert(argv.end(), {"--tag-facet", corpus.tag_facet});
        }
        if (engine == "lucene" && config.smoke) {
            // Lucene warms its JIT for at least 3 s by default; a smoke run checks, not times.
            argv.insert(argv.end(), {"--min-warmup-seconds", "0"});
        }
        const ChildRun run = run_child_checked(argv, scratch);
        json output = json::parse(run.out);
        json summary = summarise_engine(output, classes, class_of);
        summary["query_peak_rss_kib"] = output.value("peak_rss_kib", run.peak_rss_kib);
        if (builds.contains(engine)) {
            summary["build"] = builds[engine];
        } else if (engine == "xapian") {
            summary["build"] = {{"shares", "news"}};
        }
        engine_reports[engine] = summary;
        outputs[engine] = std::move(output);
    }
    report["engines"] = engine_reports;
    report["agreement"] = agreement(outputs, queries);

    progress(corpus.name, "timing one-shot command-line queries");
    report["one_shot"] = one_shot(config, tools, corpus, index_of, queries, scratch);
    return report;
}

/// The 1, 5 and 15 minute load averages, as /proc/loadavg gives them: figures taken on a busy
/// machine should say so.
std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

json machine_json(const std::vector<std::string>& argv) {
    std::string command;
    for (const auto& arg : argv) {
        command += (command.empty() ? "" : " ") + arg;
    }
    return {{"cores", std::thread::hardware_concurrency()},
            {"cpu", cpu_model()},
            {"date", utc_date()},
            {"xapian", Xapian::version_string()},
            {"load_average", load_average()},
            {"command", command}};
}

CompareConfig parse_compare(int argc, const char* const* argv, bool& done) {
    cxxopts::Options options("news-bench compare",
                             "Every engine on the same articles and the same queries, in one "
                             "run, as ratios to news-search's engine.");
    // clang-format off
    options.add_options()
        ("corpus", "a named corpus: sample, reuters, fakenewsnet, bbc (repeatable)",
         cxxopts::value<std::vector<std::string>>(), "NAME")
        ("input", "a corpus of your own: a file or folder news-index reads (repeatable)",
         cxxopts::value<std::vector<std::string>>(), "PATH")
        ("name", "the name of that corpus, used in file names", cxxopts::value<std::string>(), "NAME")
        ("tag-facet", "the facet of that corpus counted and filtered as its tag",
         cxxopts::value<std::string>()->default_value("category"), "NAME")
        ("format", "how to read that corpus: auto, text, jsonl, json, reuters",
         cxxopts::value<std::string>()->default_value("auto"), "FORMAT")
        ("engines", "engines to run, comma-separated",
         cxxopts::value<std::string>()->default_value(compared_engines_list()), "LIST")
        ("runs", "timed passes per mode", cxxopts::value<std::size_t>()->default_value("5"), "N")
        ("warmup", "untimed passes per mode first", cxxopts::value<std::size_t>()->default_value("2"), "N")
        ("threads", "thread counts for the throughput passes",
         cxxopts::value<std::string>()->default_value("1,2"), "LIST")
        ("per-class", "queries drawn per class", cxxopts::value<std::size_t>()->default_value("100"), "N")
        ("seed", "seed of the query draw", cxxopts::value<std::uint64_t>()->default_value("20241121"), "N")
        ("one-shot-repeats", "warm runs of each one-shot command",
         cxxopts::value<std::size_t>()->default_value("5"), "N")
        ("out", "folder for the JSON and Markdown reports and plots",
         cxxopts::value<std::string>()->default_value("bench/results"), "DIR")
        ("queries-dir", "folder the drawn query lists are written to",
         cxxopts::value<std::string>()->default_value("bench/queries"), "DIR")
        ("work", "folder for the indexes (default: a temporary folder, removed afterwards)",
         cxxopts::value<std::string>(), "DIR")
        ("shared", "the shared corpora's parent folder",
         cxxopts::value<std::string>()->default_value(NEWS_SHARED_DIR), "DIR")
        ("no-compact", "query our database as built, not compacted")
        ("no-plots", "leave the gnuplot plots out")
        ("smoke", "a quick check: 1 run, 1 warm-up, 5 queries per class, 1 one-shot repeat");
    // clang-format on
    cli::OutputOptions::add_to(options, false);
    cli::add_standard_options(options);
    const auto parsed = cli::parse(options, argc, argv);
    done = cli::handle_standard_options(
        options, parsed,
        "  news-bench compare --corpus reuters --corpus fakenewsnet\n"
        "  news-bench compare --corpus sample --smoke --out /tmp/report\n"
        "  news-bench compare --input synthetic.jsonl --name synthetic-100k --tag-facet topic\n");
    CompareConfig config;
    if (done) {
        return config;
    }
    if (parsed.count("corpus") != 0U) {
        config.corpora = parsed["corpus"].as<std::vector<std::string>>();
    }
    if (parsed.count("input") != 0U) {
        config.inputs = parsed["input"].as<std::vector<std::string>>();
        if (parsed.count("name") == 0U) {
            throw Error(ErrorKind::Usage, "--input needs --name for the report's file names");
        }
        config.name = parsed["name"].as<std::string>();
    }
    if (config.corpora.empty() && config.inputs.empty()) {
        throw Error(ErrorKind::Usage,
                    "say which corpus: --corpus NAME or --input PATH --name NAME");
    }
    config.tag_facet = parsed["tag-facet"].as<std::string>();
    config.format = parsed["format"].as<std::string>();
    config.engines.clear();
    std::string list = parsed["engines"].as<std::string>() + ",";
    for (std::size_t start = 0, comma = 0; (comma = list.find(',', start)) != std::string::npos;
         start = comma + 1) {
        const std::string engine = list.substr(start, comma - start);
        if (engine.empty()) {
            continue;
        }
        const auto& known = compared_engines();
        if (std::find(known.begin(), known.end(), engine) == known.end()) {
            throw Error(ErrorKind::Usage, fmt::format("unknown engine '{}': use {}", engine,
                                                      compared_engines_list(", ")));
        }
        config.engines.push_back(engine);
    }
    config.runs = parsed["runs"].as<std::size_t>();
    config.warmup = parsed["warmup"].as<std::size_t>();
    config.threads = parsed["threads"].as<std::string>();
    (void)max_threads(config.threads);
    config.per_class = parsed["per-class"].as<std::size_t>();
    config.seed = parsed["seed"].as<std::uint64_t>();
    config.one_shot_repeats = parsed["one-shot-repeats"].as<std::size_t>();
    config.out_dir = parsed["out"].as<std::string>();
    config.queries_dir = parsed["queries-dir"].as<std::string>();
    if (parsed.count("work") != 0U) {
        config.work_dir = parsed["work"].as<std::string>();
        config.keep_work = true;
    }
    config.shared_dir = parsed["shared"].as<std::string>();
    config.compact = parsed.count("no-compact") == 0U;
    config.plots = parsed.count("no-plots") == 0U;
    config.json = cli::OutputOptions::from(parsed).json;
    if (parsed.count("smoke") != 0U) {
        config.smoke = true;
        config.runs = 1;
        config.warmup = 1;
        config.per_class = 5;
        config.one_shot_repeats = 1;
    }
    if (config.runs == 0) {
        throw Error(ErrorKind::Usage, "--runs must be at least 1");
    }
    return config;
}

std::vector<CorpusSpec> corpora_of(const CompareConfig& config) {
    std::vector<CorpusSpec> corpora;
    for (const auto& name : config.corpora) {
        corpora.push_back(named_corpus(name, NEWS_SOURCE_DIR, config.shared_dir));
    }
    if (!config.inputs.empty()) {
        CorpusSpec spec;
        spec.name = config.name;
        spec.title = config.name;
        spec.inputs = config.inputs;
        spec.format =
            config.format == "auto" ? InputFormat::Auto : parse_input_format(config.format);
        spec.tag_facet = config.tag_facet;
        corpora.push_back(spec);
    }
    for (const auto& corpus : corpora) {
        for (const auto& input : corpus.inputs) {
            if (!fs::exists(input)) {
                throw Error(ErrorKind::NotFound,
                            fmt::format("{}: {} not found", corpus.name, input),
                            "the shared corpora live in ../shared/corpora (see --shared)");
            }
        }
    }
    return corpora;
}

} // namespace

int run_compare_command(int argc, const char* const* argv) {
    return cli::run_main("news-bench compare", [&] {
        bool done = false;
        const CompareConfig config = parse_compare(argc, argv, done);
        if (done) {
            return 0;
        }
        const std::vector<CorpusSpec> corpora = corpora_of(config);
        const Tools tools = find_tools();
        std::string work = config.work_dir;
        if (work.empty()) {
            std::string pattern = (fs::temp_directory_path() / "news-compare-XXXXXX").string();
            if (::mkdtemp(pattern.data()) == nullptr) {
                throw Error(ErrorKind::Io, "cannot create a temporary folder");
            }
            work = pattern;
        }
        const std::vector<std::string> args(argv, argv + argc);
        std::vector<std::string> command{"news-bench"};
        command.insert(command.end(), args.begin(), args.end());
        json all = json::array();
        try {
            for (const auto& corpus : corpora) {
                json report = compare_corpus(config, tools, corpus, work + "/" + corpus.name);
                report["format_version"] = 1;
                report["machine"] = machine_json(command);
                report["settings"] = {{"runs", config.runs},       {"warmup", config.warmup},
                                      {"threads", config.threads}, {"per_class", config.per_class},
                                      {"seed", config.seed},       {"compacted", config.compact}};
                const ReportFiles files =
                    write_report(report, config.out_dir, config.plots, work + "/" + corpus.name);
                report["files"] = {
                    {"json", files.json}, {"markdown", files.markdown}, {"plots", files.plots}};
                if (!config.json) {
                    fmt::print("{}\n", text_summary(report));
                }
                all.push_back(std::move(report));
            }
        } catch (...) {
            if (!config.keep_work) {
                fs::remove_all(work);
            }
            throw;
        }
        if (!config.keep_work) {
            fs::remove_all(work);
        }
        if (config.json) {
            fmt::print("{}\n", all.dump(2));
        }
        return 0;
    });
}

int run_export_command(int argc, const char* const* argv) {
    return cli::run_main("news-bench export", [&] {
        cxxopts::Options options("news-bench export",
                                 "Reads a corpus with our readers and writes articles.tsv for "
                                 "the engines (bench/peers/PROTOCOL.md); prints a JSON summary.");
        // clang-format off
        options.add_options()
            ("out", "the articles file to write", cxxopts::value<std::string>(), "FILE")
            ("tag-facet", "the facet written as the tag", cxxopts::value<std::string>()->default_value(""), "NAME")
            ("format", "auto, text, jsonl, json, reuters", cxxopts::value<std::string>()->default_value("auto"), "FORMAT")
            ("category-from-folder", "the first folder below an input names the category");
        options.add_options(cli::positional_group)
            ("inputs", "files or folders", cxxopts::value<std::vector<std::string>>());
        // clang-format on
        options.parse_positional({"inputs"});
        cli::add_standard_options(options);
        const auto parsed = cli::parse(options, argc, argv);
        if (cli::handle_standard_options(options, parsed,
                                         "  news-bench export --out a.tsv corpus/sample\n")) {
            return 0;
        }
        if (parsed.count("out") == 0U || parsed.count("inputs") == 0U) {
            throw Error(ErrorKind::Usage, "--out FILE and at least one input are required");
        }
        CorpusSpec corpus;
        corpus.inputs = parsed["inputs"].as<std::vector<std::string>>();
        corpus.format = parse_input_format(parsed["format"].as<std::string>());
        corpus.category_from_folder = parsed.count("category-from-folder") != 0U;
        corpus.tag_facet = parsed["tag-facet"].as<std::string>();
        const ExportSummary summary = export_articles(corpus, parsed["out"].as<std::string>());
        fmt::print("{}\n", json{{"articles", summary.articles},
                                {"rejected", summary.rejected},
                                {"replaced_ids", summary.replaced_ids},
                                {"text_bytes", summary.text_bytes}}
                               .dump());
        return 0;
    });
}

int run_queries_command(int argc, const char* const* argv) {
    return cli::run_main("news-bench queries", [&] {
        cxxopts::Options options("news-bench queries",
                                 "Draws the benchmark query classes from a news database and "
                                 "writes them as a queries file (bench/peers/PROTOCOL.md).");
        // clang-format off
        options.add_options()
            ("out", "the queries file to write", cxxopts::value<std::string>(), "FILE")
            ("tag-facet", "the facet filtered as the tag", cxxopts::value<std::string>()->default_value(""), "NAME")
            ("per-class", "queries per class", cxxopts::value<std::size_t>()->default_value("100"), "N")
            ("seed", "seed of the draw", cxxopts::value<std::uint64_t>()->default_value("20241121"), "N");
        // clang-format on
        cli::DbOptions::add_to(options);
        cli::add_standard_options(options);
        const auto parsed = cli::parse(options, argc, argv);
        if (cli::handle_standard_options(options, parsed,
                                         "  news-bench queries --db news.db --out q.tsv\n")) {
            return 0;
        }
        if (parsed.count("out") == 0U) {
            throw Error(ErrorKind::Usage, "--out FILE is required");
        }
        const auto db_path = cli::DbOptions::from(parsed).path;
        const Xapian::Database db(db_path);
        GeneratorOptions generator{parsed["seed"].as<std::uint64_t>(),
                                   parsed["per-class"].as<std::size_t>(),
                                   parsed["tag-facet"].as<std::string>()};
        const GeneratedQueries generated = generate_queries(db, generator);
        write_queries(parsed["out"].as<std::string>(), generated.queries,
                      fmt::format("Drawn by news-bench queries (seed {}, {} per class) from {} "
                                  "articles.\nFormat: bench/peers/PROTOCOL.md.",
                                  generator.seed, generator.per_class, db.get_doccount()));
        for (const auto& shortfall : generated.shortfalls) {
            fmt::print(stderr, "news-bench queries: {}: {} drawn: {}\n", shortfall.query_class,
                       shortfall.generated, shortfall.reason);
        }
        return 0;
    });
}

} // namespace news::bench
