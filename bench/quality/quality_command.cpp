/// @file
/// @brief `news-bench quality`: what it measures and how to run it.
///
/// What it measures: how well each engine ranks, against human relevance judgments: MAP (top
/// 1,000), P@10 and nDCG@10 per collection and engine, and ours against each peer query by
/// query (wins/losses/ties on AP, a two-sided paired randomization test).
/// Corpus: the classic test collections of ../shared/ir-collections (ADI, CACM, CISI, CRAN,
/// LISA, MED, NPL), unpacked into a work folder, never copied into the repository.
/// Run: news-bench quality --work /tmp/quality --out quality.json
///      news-bench quality --smoke                 (ADI, the engines that need no Java)
/// Queries are OR-ed words; ours runs through news::searcher::Searcher exactly as
/// `news-search --any --no-snippets` would (quality/rankings.cpp: ours_request()).
#include "quality/quality_command.hpp"

#include "news/common/cli.hpp"
#include "news/common/error.hpp"

#include "compare/child_process.hpp"
#include "compare/machine_info.hpp"
#include "compare/tools.hpp"
#include "quality/report.hpp"
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <unistd.h>

#ifndef NEWS_SHARED_DIR
#define NEWS_SHARED_DIR "../shared"
#endif

namespace news::bench {
namespace {

namespace fs = std::filesystem;
using quality::Collection;
using quality::EngineRankings;
using quality::EngineScores;
using quality::file_stamp;

/// The engines quality knows, in the report's column order.
const std::vector<std::string>& quality_engines() {
    static const std::vector<std::string> engines{"news", "xapian", "sqlite", "lucene"};
    return engines;
}

/// What one run does.
struct QualityConfig {
    std::vector<std::string> collections;
    std::vector<std::string> engines;
    std::string collections_dir;
    std::string work_dir; ///< empty: a temporary folder, removed afterwards
    std::string out;      ///< the JSON report; the Markdown goes next to it (.md)
    bool reindex = false;
    bool json = false;
    std::size_t k = 1000;
    quality::RandomizationSettings settings;
};

constexpr std::string_view examples =
    R"(  news-bench quality --work /tmp/quality --out quality.json
  news-bench quality --collections adi,med --engines news,xapian
  news-bench quality --smoke                 (ADI with news, xapian and sqlite: a few seconds)
)";

std::vector<std::string> split_list(const std::string& list) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        std::string item = list.substr(start, comma - start);
        if (!item.empty()) {
            items.push_back(std::move(item));
        }
        start = comma + 1;
    }
    return items;
}

/// @p list's items, each checked against @p known, in @p known's order.
std::vector<std::string> pick(const std::string& option, const std::string& list,
                              const std::vector<std::string>& known) {
    const auto items = split_list(list);
    std::string all;
    for (const auto& name : known) {
        all += (all.empty() ? "" : ",") + name;
    }
    for (const auto& item : items) {
        if (std::find(known.begin(), known.end(), item) == known.end()) {
            throw Error(ErrorKind::Usage, fmt::format("--{}: unknown '{}'", option, item),
                        "choose from " + all);
        }
    }
    std::vector<std::string> picked;
    for (const auto& name : known) {
        if (std::find(items.begin(), items.end(), name) != items.end()) {
            picked.push_back(name);
        }
    }
    if (picked.empty()) {
        throw Error(ErrorKind::Usage, fmt::format("--{} names nothing", option),
                    "choose from " + all);
    }
    return picked;
}

std::optional<QualityConfig> parse_options(int argc, const char* const* argv) {
    cxxopts::Options options("news-bench quality",
                             "Ranking quality (MAP, P@10, nDCG@10) of ours and the peer engines "
                             "on the classic IR test collections.");
    const std::string all_collections = [] {
        std::string list;
        for (const auto& name : quality::collection_names()) {
            list += (list.empty() ? "" : ",") + name;
        }
        return list;
    }();
    // clang-format off
    options.add_options()
        ("collections", "collections to run", cxxopts::value<std::string>()->default_value(all_collections), "LIST")
        ("engines", "engines to run (news is always among them)", cxxopts::value<std::string>()->default_value("news,xapian,sqlite,lucene"), "LIST")
        ("collections-dir", "the collections' folder (NAME/collection.tar.xz)", cxxopts::value<std::string>()->default_value(std::string(NEWS_SHARED_DIR) + "/ir-collections"), "DIR")
        ("work", "keep the unpacked collections, indexes and TREC run files here, and reuse them next time (default: a temporary folder, removed)", cxxopts::value<std::string>(), "DIR")
        ("reindex", "rebuild every index even when its inputs are unchanged")
        ("out", "write the JSON report to FILE and the Markdown tables beside it (FILE with .md)", cxxopts::value<std::string>(), "FILE")
        ("json", "print the JSON report on stdout instead of the Markdown tables")
        ("smoke", "ADI only, with the engines that need no Java (news, xapian, sqlite)")
        ("permutations", "permutations of the randomization test", cxxopts::value<std::size_t>()->default_value("10000"), "N")
        ("seed", "seed of the randomization test", cxxopts::value<std::uint64_t>()->default_value("20241121"), "N");
    // clang-format on
    cli::add_standard_options(options);
    const auto parsed = cli::parse(options, argc, argv);
    if (cli::handle_standard_options(options, parsed, examples)) {
        return std::nullopt;
    }
    QualityConfig config;
    const bool smoke = parsed.count("smoke") > 0;
    config.collections = pick(
        "collections",
        smoke && parsed.count("collections") == 0 ? "adi" : parsed["collections"].as<std::string>(),
        quality::collection_names());
    config.engines =
        pick("engines",
             smoke && parsed.count("engines") == 0 ? "news,xapian,sqlite"
                                                   : parsed["engines"].as<std::string>(),
             quality_engines());
    if (config.engines.front() != quality::ours) {
        throw Error(ErrorKind::Usage, "--engines must include news",
                    "every peer is compared with ours");
    }
    config.collections_dir = parsed["collections-dir"].as<std::string>();
    if (parsed.count("work") > 0) {
        config.work_dir = parsed["work"].as<std::string>();
    }
    if (parsed.count("out") > 0) {
        config.out = parsed["out"].as<std::string>();
    }
    config.reindex = parsed.count("reindex") > 0;
    config.json = parsed.count("json") > 0;
    config.settings.permutations = parsed["permutations"].as<std::size_t>();
    config.settings.seed = parsed["seed"].as<std::uint64_t>();
    if (config.settings.permutations == 0) {
        throw Error(ErrorKind::Usage, "--permutations must be at least 1");
    }
    return config;
}

void progress(const std::string& collection, const std::string& what) {
    fmt::print(stderr, "quality: {}: {}\n", collection, what);
}

std::string read_first_line(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

/// Builds @p target with @p build unless its stamp file says it was built from @p key.
/// The key names every input (the collection's archive and the builder's executable, by size
/// and mtime), so a changed input rebuilds it.
void build_if_changed(const std::string& target, const std::string& key, bool reindex,
                      const std::function<void()>& build) {
    const std::string stamp = target + ".stamp";
    if (!reindex && fs::exists(target) && read_first_line(stamp) == key) {
        return;
    }
    fs::remove_all(target);
    fs::remove(stamp);
    build();
    std::ofstream(stamp) << key << '\n';
}

/// One collection: unpack, build what changed, run every engine, score.
quality::CollectionResult run_collection(const QualityConfig& config, const Tools& tools,
                                         const std::vector<std::string>& engines,
                                         const std::string& name, const std::string& work) {
    progress(name, "unpacking");
    const Collection collection = quality::prepare_collection(name, config.collections_dir, work);
    const std::string scratch = collection.work + "/scratch";
    fs::create_directories(scratch);
    fs::create_directories(collection.work + "/runs");

    // Only the judged queries count; the others are not run.
    std::vector<quality::CollectionQuery> judged;
    for (const auto& query : collection.queries) {
        const auto it = collection.qrels.find(query.id);
        if (it != collection.qrels.end()) {
            judged.push_back(query);
        }
    }

    const std::string db = collection.work + "/news.db";
    build_if_changed(
        db, collection.archive_stamp + " | " + file_stamp(tools.index), config.reindex, [&] {
            progress(name, "indexing with news-index");
            // One thread: docids in file order, so ties rank the same every run.
            (void)run_child_checked(
                {tools.index, "--db", db, "-q", "--threads", "1", collection.articles}, scratch);
        });
    const bool peers = std::any_of(engines.begin(), engines.end(), [](const std::string& e) {
        return e == "sqlite" || e == "lucene";
    });
    const std::string articles = collection.work + "/articles.tsv";
    if (peers) {
        // The peers index what our readers read (compare's export), so the text is the same.
        build_if_changed(articles, collection.archive_stamp + " | " + file_stamp(tools.bench),
                         config.reindex, [&] {
                             (void)run_child_checked(
                                 {tools.bench, "export", "--out", articles, collection.articles},
                                 scratch);
                         });
    }
    const std::string queries_file = collection.work + "/queries.tsv";
    write_queries(queries_file, quality::protocol_queries(judged),
                  fmt::format("{}: the judged queries as OR-ed words (news-bench quality)",
                              collection.title));

    std::map<std::string, EngineScores> scores;
    for (const auto& engine : engines) {
        EngineRankings rankings;
        if (engine == quality::ours) {
            progress(name, "running the queries through our Searcher");
            rankings = quality::rank_with_ours(db, judged, config.k);
        } else {
            std::string index = db;
            if (engine != "xapian") {
                index = collection.work + "/" + engine + ".index";
                const std::string builder =
                    engine == "lucene" ? tools.lucene + ".jar" : tools.bench;
                build_if_changed(
                    index, file_stamp(articles) + " | " + file_stamp(builder), config.reindex, [&] {
                        progress(name, "building the " + engine + " index");
                        auto argv = engine_command(tools, engine);
                        argv.insert(argv.end(),
                                    {"build", "--articles", articles, "--index", index});
                        (void)run_child_checked(argv, scratch);
                    });
            }
            progress(name, "running the queries through " + engine);
            rankings =
                quality::rank_with_peer(tools, engine, index, queries_file, config.k, scratch);
        }
        EngineScores engine_scores = quality::score_engine(collection, rankings);
        engine_scores.run_file = collection.work + "/runs/" + engine + ".run";
        quality::write_run_file(engine_scores.run_file, engine, rankings);
        scores[engine] = std::move(engine_scores);
    }
    return quality::collection_result(collection, std::move(scores), config.settings);
}

std::string make_work_dir(const QualityConfig& config) {
    if (!config.work_dir.empty()) {
        fs::create_directories(config.work_dir);
        return config.work_dir;
    }
    std::string pattern = (fs::temp_directory_path() / "news-quality-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw Error(ErrorKind::CannotCreate, "cannot create a temporary folder");
    }
    return pattern;
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
        throw Error(ErrorKind::CannotCreate, path + ": cannot write the report");
    }
}

int run(const QualityConfig& config, const std::vector<std::string>& command) {
    const auto start = std::chrono::steady_clock::now();
    // Every archive first: a missing collection fails before minutes of work.
    for (const auto& name : config.collections) {
        if (file_stamp(quality::archive_path(config.collections_dir, name)).empty()) {
            throw Error(ErrorKind::NotFound,
                        fmt::format("{}: no such collection archive",
                                    quality::archive_path(config.collections_dir, name)),
                        "the collections live in ../shared/ir-collections; see "
                        "--collections-dir");
        }
    }
    const Tools tools = find_tools();
    quality::QualityReport report;
    report.settings = config.settings;
    report.k = config.k;
    for (const auto& engine : config.engines) {
        if (engine == "lucene" && tools.lucene.empty()) {
            report.skipped["lucene"] = tools.lucene_why;
            fmt::print(stderr, "quality: Lucene skipped: {}\n", tools.lucene_why);
            continue;
        }
        report.engines.push_back(engine);
    }
    const std::string work = make_work_dir(config);
    try {
        for (const auto& name : config.collections) {
            report.collections.push_back(run_collection(config, tools, report.engines, name, work));
        }
    } catch (...) {
        if (config.work_dir.empty()) {
            fs::remove_all(work);
        }
        throw;
    }
    if (config.work_dir.empty()) {
        fs::remove_all(work);
    }
    report.extra["machine"] = machine_json(command);
    report.extra["collections_dir"] = config.collections_dir;
    report.extra["work"] = config.work_dir;
    report.extra["seconds"] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto json = quality::report_json(report);
    const std::string markdown = quality::report_markdown(report);
    if (!config.out.empty()) {
        write_text(config.out, json.dump(2) + "\n");
        write_text(fs::path(config.out).replace_extension(".md").string(), markdown);
    }
    fmt::print("{}", config.json ? json.dump(2) + "\n" : markdown);
    return 0;
}

} // namespace

int run_quality_command(int argc, const char* const* argv) {
    return cli::run_main("news-bench quality", [&] {
        const auto config = parse_options(argc, argv);
        if (!config) {
            return 0;
        }
        std::vector<std::string> command{"news-bench"};
        command.insert(command.end(), argv, argv + argc);
        return run(*config, command);
    });
}

} // namespace news::bench
