/// @file
/// @brief The comparison's run on one corpus: each step a child process, so no engine's memory
/// or warm caches count for another (see ChildRun::peak_rss_kib).
#include "compare/run_corpus.hpp"

#include "news/common/doc_lengths.hpp"
#include "news/common/error.hpp"
#include "news/common/facet_columns.hpp"
#include "news/common/hit_records.hpp"

#include "compare/child_process.hpp"
#include "compare/engine_results.hpp"
#include "compare/index_size.hpp"
#include "compare/one_shot.hpp"
#include "compare/query_generator.hpp"
#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#ifndef NEWS_SOURCE_DIR
#define NEWS_SOURCE_DIR "."
#endif

namespace news::bench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// One corpus's run: what every step reads.
struct CorpusRun {
    const CompareConfig& config;
    const Tools& tools;
    const CorpusSpec& corpus;
    std::string work;          ///< indexes and query lists
    std::string scratch;       ///< the children's working folder
    std::string articles_path; ///< articles.tsv, the peers' input
};

/// The engines' indexes: engine name to folder ("xapian" shares "news"'s).
using IndexFolders = std::map<std::string, std::string>;

/// The engines' index builds, by engine name.
using Builds = std::map<std::string, BuildFigures>;

void progress(const std::string& corpus, const std::string& what) {
    fmt::print(stderr, "compare: {}: {}\n", corpus, what);
}

/// Reads the corpus with our readers into articles.tsv, in a child process: the corpus is held
/// in memory while ids are deduplicated, and a child started later would count this process's
/// peak as its own (see ChildRun::peak_rss_kib).
ExportSummary export_corpus(const CorpusRun& run) {
    std::vector<std::string> argv{run.tools.bench,   "export",      "--out",
                                  run.articles_path, "--tag-facet", run.corpus.tag_facet};
    const auto args = index_arguments(run.corpus);
    argv.insert(argv.end(), args.begin(), args.end());
    const json out = json::parse(run_child_checked(argv, run.scratch).out);
    ExportSummary exported;
    exported.articles = out.at("articles").get<std::size_t>();
    exported.rejected = out.at("rejected").get<std::size_t>();
    exported.replaced_ids = out.at("replaced_ids").get<std::size_t>();
    exported.text_bytes = out.at("text_bytes").get<unsigned long long>();
    if (exported.articles == 0) {
        throw Error(ErrorKind::BadData,
                    fmt::format("{}: no article could be read", run.corpus.name));
    }
    return exported;
}

/// The engines asked for that can run here; the others go to @p skipped with the reason.
std::vector<std::string> runnable_engines(const CorpusRun& run, json& skipped) {
    std::vector<std::string> engines;
    for (const auto& engine : run.config.engines) {
        if (engine == "lucene" && run.tools.lucene.empty()) {
            skipped["lucene"] = run.tools.lucene_why;
            progress(run.corpus.name, "Lucene skipped: " + run.tools.lucene_why);
            continue;
        }
        engines.push_back(engine);
    }
    return engines;
}

/// Ours: the real news-index on the original inputs, then (unless --no-compact) compacted.
BuildFigures build_news(const CorpusRun& run, const std::string& dir, IndexFolders& index_of) {
    const std::size_t threads = max_threads(run.config.threads);
    std::vector<std::string> argv{run.tools.index,        "--db", dir, "-q", "--threads",
                                  std::to_string(threads)};
    const auto args = index_arguments(run.corpus);
    argv.insert(argv.end(), args.begin(), args.end());
    const ChildRun child = run_child_checked(argv, run.scratch);
    BuildFigures build;
    build.seconds = child.wall_seconds;
    build.threads = threads;
    build.peak_rss_kib = child.peak_rss_kib;
    build.index_bytes = disk_bytes(dir);
    index_of["news"] = dir;
    if (run.config.compact) {
        const std::string compacted = run.work + "/news.compact";
        fs::remove_all(compacted);
        const auto start = std::chrono::steady_clock::now();
        Xapian::Database(dir).compact(compacted);
        // The side files describe one database: the copy gets its own, as news-index writes.
        (void)facet_columns::write(compacted);
        (void)hit_records::write(compacted);
        (void)doc_lengths::write(compacted);
        build.compact_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        build.compacted_bytes = disk_bytes(compacted);
        index_of["news"] = compacted;
    }
    build.size = index_size("news", index_of["news"]);
    return build;
}

/// A peer: its own `build` command on articles.tsv, one thread.
BuildFigures build_peer(const CorpusRun& run, const std::string& engine, const std::string& dir,
                        IndexFolders& index_of) {
    auto argv = engine_command(run.tools, engine);
    argv.insert(argv.end(), {"build", "--articles", run.articles_path, "--index", dir});
    const ChildRun child = run_child_checked(argv, run.scratch);
    const BuildOutput out = parse_build_output(engine, child.out);
    index_of[engine] = dir;
    BuildFigures build;
    build.seconds = out.seconds.value_or(child.wall_seconds);
    build.process_seconds = child.wall_seconds;
    build.threads = 1;
    build.peak_rss_kib = out.peak_rss_kib.value_or(child.peak_rss_kib);
    build.index_bytes = disk_bytes(dir);
    build.size = index_size(engine, dir);
    return build;
}

/// Every engine's index; plain Xapian shares ours.
Builds build_indexes(const CorpusRun& run, const std::vector<std::string>& engines,
                     std::size_t articles, IndexFolders& index_of) {
    Builds builds;
    for (const auto& engine : engines) {
        if (engine == "xapian") {
            continue;
        }
        progress(run.corpus.name, "building the " + engine + " index");
        const std::string dir = run.work + "/" + engine + ".index";
        fs::remove_all(dir);
        BuildFigures build = engine == "news" ? build_news(run, dir, index_of)
                                              : build_peer(run, engine, dir, index_of);
        build.articles_per_second =
            build.seconds > 0 ? static_cast<double>(articles) / build.seconds : 0.0;
        builds[engine] = build;
    }
    if (index_of.contains("news")) {
        index_of["xapian"] = index_of["news"];
    }
    return builds;
}

json builds_json(const Builds& builds) {
    json out = json::object();
    for (const auto& [engine, build] : builds) {
        out[engine] = to_json(build);
    }
    return out;
}

/// The queries every engine runs: the classes drawn from our database (also written to
/// --queries-dir), then the hand-written set. Adds queries_file, queries, class_shortfalls and
/// classes to @p report.
std::vector<BenchQuery> prepare_queries(const CorpusRun& run, const std::string& news_index,
                                        std::size_t articles, json& report) {
    const CompareConfig& config = run.config;
    progress(run.corpus.name, "drawing the query classes");
    const Xapian::Database db(news_index);
    const GeneratedQueries generated =
        generate_queries(db, {config.seed, config.per_class, run.corpus.tag_facet});
    fs::create_directories(config.queries_dir);
    const std::string queries_file = config.queries_dir + "/" + run.corpus.name + ".tsv";
    write_queries(queries_file, generated.queries,
                  fmt::format("Drawn by `news-bench compare --corpus {}` (seed {}, {} per class) "
                              "from {} articles.\nFormat: bench/peers/PROTOCOL.md.",
                              run.corpus.name, config.seed, config.per_class, articles));
    std::vector<BenchQuery> queries = generated.queries;
    const std::string handwritten = std::string(NEWS_SOURCE_DIR) + "/bench/queries/handwritten.tsv";
    if (fs::exists(handwritten)) {
        const auto extra = read_queries(handwritten);
        queries.insert(queries.end(), extra.begin(), extra.end());
    }
    report["queries_file"] = queries_file;
    report["queries"] = queries.size();
    json shortfalls = json::array();
    for (const auto& shortfall : generated.shortfalls) {
        shortfalls.push_back({{"class", shortfall.query_class},
                              {"generated", shortfall.generated},
                              {"reason", shortfall.reason}});
    }
    report["class_shortfalls"] = shortfalls;
    return queries;
}

/// The query classes in order of first appearance.
std::vector<std::string> classes_in(const std::vector<BenchQuery>& queries) {
    std::vector<std::string> classes;
    for (const auto& query : queries) {
        if (std::find(classes.begin(), classes.end(), query.query_class) == classes.end()) {
            classes.push_back(query.query_class);
        }
    }
    return classes;
}

/// One engine's `query` command on the run's query list.
std::vector<std::string> query_command(const CorpusRun& run, const std::string& engine,
                                       const std::string& index, const std::string& queries) {
    auto argv = engine_command(run.tools, engine);
    argv.insert(argv.end(),
                {"query", "--index", index, "--queries", queries, "--runs",
                 std::to_string(run.config.runs), "--warmup", std::to_string(run.config.warmup),
                 "--threads", run.config.threads, "--k", "10"});
    if (engine == "news" || engine == "xapian") {
        argv.insert(argv.end(), {"--tag-facet", run.corpus.tag_facet});
    }
    if (engine == "lucene" && run.config.smoke) {
        // Lucene warms its JIT for at least 3 s by default; a smoke run checks, not times.
        argv.insert(argv.end(), {"--min-warmup-seconds", "0"});
    }
    return argv;
}

/// Runs every engine's queries, one child process each; fills the engines and "agreement".
void query_engines(const CorpusRun& run, const std::vector<std::string>& engines,
                   const IndexFolders& index_of, const Builds& builds,
                   const std::vector<BenchQuery>& queries, CorpusReport& report) {
    const json& fields = report.fields;
    const std::string run_queries = run.work + "/queries.tsv";
    write_queries(run_queries, queries, "generated classes followed by the hand-written set");
    const auto classes = fields["classes"].get<std::vector<std::string>>();
    std::map<std::string, std::string> class_of;
    for (const auto& query : queries) {
        class_of[query.id] = query.query_class;
    }
    std::map<std::string, EngineOutput> outputs;
    for (const auto& engine : engines) {
        progress(run.corpus.name, "querying " + engine);
        const ChildRun child = run_child_checked(
            query_command(run, engine, index_of.at(engine), run_queries), run.scratch);
        EngineOutput output = parse_engine_output(engine, child.out);
        EngineSummary summary = summarise_engine(output, classes, class_of, child.peak_rss_kib);
        if (const auto build = builds.find(engine); build != builds.end()) {
            summary.build = build->second;
        } else if (engine == "xapian") {
            BuildFigures shared;
            shared.shares_news = true;
            summary.build = shared;
        }
        report.engines[engine] = std::move(summary);
        outputs[engine] = std::move(output);
    }
    report.fields["agreement"] = agreement(outputs, queries);
}

} // namespace

CorpusReport compare_corpus(const CompareConfig& config, const Tools& tools,
                            const CorpusSpec& corpus, const std::string& work) {
    const CorpusRun run{config, tools, corpus, work, work + "/scratch", work + "/articles.tsv"};
    fs::create_directories(run.scratch);
    CorpusReport typed;
    json& report = typed.fields;
    report["corpus"] = {
        {"name", corpus.name}, {"title", corpus.title}, {"tag_facet", corpus.tag_facet}};

    progress(corpus.name, "reading the articles with our readers");
    const ExportSummary exported = export_corpus(run);
    report["articles"] = exported.articles;
    report["text_bytes"] = exported.text_bytes;
    report["rejected_inputs"] = exported.rejected;

    json skipped = json::object();
    const std::vector<std::string> engines = runnable_engines(run, skipped);
    report["skipped_engines"] = skipped;

    IndexFolders index_of;
    const Builds builds = build_indexes(run, engines, exported.articles, index_of);
    report["builds"] = builds_json(builds);
    if (!index_of.contains("news")) {
        throw Error(ErrorKind::Usage, "--engines must include news: the queries and ratios are "
                                      "drawn from and measured against it");
    }
    const std::vector<BenchQuery> queries =
        prepare_queries(run, index_of["news"], exported.articles, report);
    report["classes"] = classes_in(queries);
    query_engines(run, engines, index_of, builds, queries, typed);

    progress(corpus.name, "timing one-shot command-line queries");
    report["one_shot"] =
        time_one_shot(tools, corpus, index_of, queries, config.one_shot_repeats, run.scratch);
    return typed;
}

} // namespace news::bench
