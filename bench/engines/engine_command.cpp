/// @file
/// @brief Parsing `news-bench engine NAME VERB ...` and running the verb.
#include "engines/engine_command.hpp"

#include "news/common/cli.hpp"
#include "news/common/error.hpp"
#include "news/common/exit_code.hpp"

#include "engines/engine.hpp"
#include "engines/runner.hpp"
#include <cxxopts.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace news::bench {
namespace {

constexpr std::string_view prog = "news-bench engine";

constexpr std::string_view usage = R"(usage:
  news-bench engine NAME build --articles FILE --index DIR
  news-bench engine NAME query --index DIR --queries FILE [--runs R] [--warmup W]
                               [--threads LIST] [--k K] [--tag-facet NAME]
engines: news, xapian (search a news-index database; need --tag-facet), sqlite, floor
)";

constexpr std::string_view examples =
    R"(  news-bench engine sqlite build --articles /tmp/reuters/articles.tsv --index /tmp/reuters/sqlite
  news-bench engine sqlite query --index /tmp/reuters/sqlite --queries queries.tsv --runs 5
  news-bench engine news query --index /tmp/reuters.db --tag-facet topic --queries queries.tsv \
      --runs 5 --warmup 1 --threads 1,2 --k 10
)";

std::string required(const cxxopts::ParseResult& parsed, const std::string& name) {
    if (parsed.count(name) == 0 || parsed[name].as<std::string>().empty()) {
        throw Error(ErrorKind::Usage, fmt::format("--{} is required", name), "see --help");
    }
    return parsed[name].as<std::string>();
}

std::vector<unsigned> parse_threads(const std::string& list) {
    std::vector<unsigned> threads;
    std::size_t start = 0;
    while (start <= list.size()) {
        std::size_t comma = list.find(',', start);
        if (comma == std::string::npos) {
            comma = list.size();
        }
        const std::string item = list.substr(start, comma - start);
        unsigned value = 0;
        std::size_t used = 0;
        try {
            value = static_cast<unsigned>(std::stoul(item, &used));
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != item.size() || value == 0 || value > 256) {
            throw Error(
                ErrorKind::Usage,
                fmt::format("--threads '{}': want thread counts like 1,2 (1 to 256)", list));
        }
        threads.push_back(value);
        start = comma + 1;
    }
    return threads;
}

// cxxopts reads size_t options without a range check on the sign: check them here.
std::size_t count_option(const cxxopts::ParseResult& parsed, const std::string& name,
                         std::size_t minimum) {
    const long long value = parsed[name].as<long long>();
    if (value < static_cast<long long>(minimum)) {
        throw Error(ErrorKind::Usage,
                    fmt::format("--{} {}: must be at least {}", name, value, minimum));
    }
    return static_cast<std::size_t>(value);
}

// cxxopts takes one-letter names as short options only and refuses "--k", which the protocol
// uses: hand it "-k" instead.
std::vector<std::string> protocol_arguments(int argc, const char* const* argv) {
    std::vector<std::string> args(argv, argv + argc);
    for (auto& arg : args) {
        if (arg == "--k") {
            arg = "-k";
        } else if (arg.rfind("--k=", 0) == 0) {
            arg = "-k" + arg.substr(4);
        }
    }
    return args;
}

/// The peak resident set of this process's own address space (VmHWM). Not getrusage: a child
/// started by posix_spawn inherits its parent's peak there, and the parent holds a corpus.
long own_peak_rss_kib() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmHWM:", 0) == 0) {
            return std::strtol(line.c_str() + 6, nullptr, 10);
        }
    }
    return 0;
}

void print_json(nlohmann::json object) {
    object["peak_rss_kib"] = own_peak_rss_kib();
    fmt::print("{}\n", object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

int build(const std::string& engine, int argc, const char* const* argv) {
    cxxopts::Options options(fmt::format("news-bench engine {} build", engine));
    options.add_options()("articles", "articles.tsv to index", cxxopts::value<std::string>(),
                          "FILE")("index", "folder to create", cxxopts::value<std::string>(),
                                  "DIR");
    cli::add_standard_options(options);
    const auto parsed = cli::parse(options, argc, argv);
    if (cli::handle_standard_options(options, parsed, examples)) {
        return exit_code::success;
    }
    const BuildReport report =
        build_engine(engine, required(parsed, "articles"), required(parsed, "index"));
    print_json({{"engine", engine}, {"articles", report.articles}, {"seconds", report.seconds}});
    return exit_code::success;
}

int query(const std::string& engine, int argc, const char* const* argv) {
    cxxopts::Options options(fmt::format("news-bench engine {} query", engine));
    options.add_options()("index",
                          "the engine's index folder (news, xapian: the news-index "
                          "database)",
                          cxxopts::value<std::string>(),
                          "DIR")("queries", "queries.tsv", cxxopts::value<std::string>(), "FILE")(
        "runs", "timed passes per mode", cxxopts::value<long long>()->default_value("5"),
        "R")("warmup", "untimed passes per mode", cxxopts::value<long long>()->default_value("1"),
             "W")("threads", "thread counts of the throughput passes",
                  cxxopts::value<std::string>()->default_value("1"), "LIST")(
        "k", "ids returned per search", cxxopts::value<long long>()->default_value("10"),
        "K")("tag-facet", "news, xapian: our facet holding the tags (topic, category, label)",
             cxxopts::value<std::string>(), "NAME");
    cli::add_standard_options(options);
    const std::vector<std::string> args = protocol_arguments(argc, argv);
    std::vector<const char*> arg_pointers;
    arg_pointers.reserve(args.size());
    for (const auto& arg : args) {
        arg_pointers.push_back(arg.c_str());
    }
    const auto parsed = cli::parse(options, argc, arg_pointers.data());
    if (cli::handle_standard_options(options, parsed, examples)) {
        return exit_code::success;
    }
    EngineOptions engine_options;
    engine_options.index = required(parsed, "index");
    engine_options.k = count_option(parsed, "k", 1);
    if (parsed.count("tag-facet") > 0) {
        engine_options.tag_facet = parsed["tag-facet"].as<std::string>();
    }
    RunOptions run_options;
    run_options.runs = count_option(parsed, "runs", 1);
    run_options.warmup = count_option(parsed, "warmup", 0);
    run_options.threads = parse_threads(parsed["threads"].as<std::string>());
    const auto queries = read_queries(required(parsed, "queries"));

    const auto start = std::chrono::steady_clock::now();
    const auto opened = open_engine(engine, engine_options);
    const double open_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    print_json(run_queries(*opened, open_seconds, queries, run_options));
    return exit_code::success;
}

int dispatch(int argc, const char* const* argv) {
    const std::string first = argc > 1 ? argv[1] : "";
    if (first == "-h" || first == "--help") {
        fmt::print("{}\nExamples:\n{}\n{}", usage, examples, exit_code::help_table);
        return exit_code::success;
    }
    if (argc < 3) {
        throw Error(ErrorKind::Usage, "an engine name and a verb are required",
                    "news-bench engine NAME build|query ...; see news-bench engine --help");
    }
    const std::string engine = argv[1];
    const std::string verb = argv[2];
    const auto& names = engine_names();
    if (std::find(names.begin(), names.end(), engine) == names.end()) {
        std::string known;
        for (const auto& name : names) {
            known += (known.empty() ? "" : ", ") + name;
        }
        throw Error(ErrorKind::Usage, fmt::format("unknown engine '{}'", engine),
                    "engines: " + known + " (Lucene runs as news-lucene)");
    }
    // cxxopts skips its argv[0]: hand it the verb.
    if (verb == "build") {
        return build(engine, argc - 2, argv + 2);
    }
    if (verb == "query") {
        return query(engine, argc - 2, argv + 2);
    }
    if (verb == "once") {
        throw Error(ErrorKind::Usage, "'once' is Lucene's verb only",
                    "the one-shot cost of ours is timed as news-search, SQLite's as the sqlite3 "
                    "shell");
    }
    throw Error(ErrorKind::Usage, fmt::format("unknown verb '{}' (build or query)", verb));
}

} // namespace

int run_engine_command(int argc, const char* const* argv) {
    const int code = cli::run_main(prog, [&] { return dispatch(argc, argv); });
    // PROTOCOL.md knows 0, 64, 66 and 70 only; every other failure is "anything else".
    if (code == exit_code::success || code == exit_code::usage || code == exit_code::not_found) {
        return code;
    }
    return exit_code::internal;
}

} // namespace news::bench
