/// @file
/// @brief `news-bench compare`'s command line: cxxopts stops here, a CompareConfig leaves.
#include "compare/compare_options.hpp"

#include "news/common/error.hpp"

#include "compare/engine_list.hpp"
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#ifndef NEWS_SOURCE_DIR
#define NEWS_SOURCE_DIR "."
#endif
#ifndef NEWS_SHARED_DIR
#define NEWS_SHARED_DIR "../shared"
#endif

namespace news::bench {
namespace {

namespace fs = std::filesystem;

void add_compare_options(cxxopts::Options& options) {
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
}

/// The engines of a comma-separated --engines list, each checked against compared_engines().
std::vector<std::string> parse_engine_list(const std::string& text) {
    std::vector<std::string> engines;
    const std::string list = text + ",";
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
        engines.push_back(engine);
    }
    return engines;
}

/// Which corpus: --corpus names, or --input with its --name.
void read_corpus_choice(const cxxopts::ParseResult& parsed, CompareConfig& config) {
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
}

CompareConfig config_from(const cxxopts::ParseResult& parsed) {
    CompareConfig config;
    read_corpus_choice(parsed, config);
    config.engines = parse_engine_list(parsed["engines"].as<std::string>());
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

} // namespace

std::optional<CompareConfig> parse_compare_options(int argc, const char* const* argv) {
    cxxopts::Options options("news-bench compare",
                             "Every engine on the same articles and the same queries, in one "
                             "run, as ratios to news-search's engine.");
    add_compare_options(options);
    const auto parsed = cli::parse(options, argc, argv);
    if (cli::handle_standard_options(
            options, parsed,
            "  news-bench compare --corpus reuters --corpus fakenewsnet\n"
            "  news-bench compare --corpus sample --smoke --out /tmp/report\n"
            "  news-bench compare --input synthetic.jsonl --name synthetic-100k --tag-facet "
            "topic\n")) {
        return std::nullopt;
    }
    return config_from(parsed);
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

} // namespace news::bench
