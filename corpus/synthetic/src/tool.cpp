/// @file
/// @brief news-synth's flags, validation and run.
#include "news/synthetic/tool.hpp"

#include "news/common/cli.hpp"
#include "news/common/date.hpp"
#include "news/common/error.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

namespace news::synthetic {
namespace {

constexpr std::string_view examples =
    R"(  news-synth --corpora ../shared/corpora --count 100000 --output synth-100k.jsonl
  news-synth --corpora ../shared/corpora --count 1000000 | zstd -q -o synth-1m.jsonl.zst
  news-synth --count 50 --format reuters tests/data/reuters
  news-synth --corpora ../shared/corpora -n 1000 | news-index --db synth.db -
)";

// Output is written in blocks of about this size.
constexpr std::size_t write_block = std::size_t{1} << 20U;

Date parse_day(const cxxopts::ParseResult& parsed, const char* flag) {
    const std::string text = parsed[flag].as<std::string>();
    const auto day = date::parse_iso(text);
    if (!day) {
        throw Error(ErrorKind::Usage,
                    fmt::format("--{} '{}' is not a date (YYYY-MM-DD)", flag, text));
    }
    return *day;
}

struct FileCloser {
    void operator()(std::FILE* file) const { (void)std::fclose(file); }
};

} // namespace

std::optional<SynthConfig> parse_options(int argc, const char* const* argv) {
    cxxopts::Options options("news-synth",
                             "Write a synthetic news corpus as JSON Lines, recombined from the "
                             "sentences and metadata of real corpora. The same inputs, flags and "
                             "seed give byte-identical output. Everything is labelled synthetic.");
    options.positional_help("[INPUT...]").show_positional_help();
    options.add_options(cli::positional_group)(
        "inputs", "more corpora: folders, files or archives, read as news-index reads them",
        cxxopts::value<std::vector<std::string>>());
    options.add_options()("corpora",
                          "folder of the shared corpora (reuters21578/, fakenewsnet-articles/, "
                          "bbc-fulltext/), each read from its archive",
                          cxxopts::value<std::string>(), "DIR")(
        "n,count", "articles to write", cxxopts::value<std::uint64_t>()->default_value("1000"),
        "N")("seed", "seed of the random choices",
             cxxopts::value<std::uint64_t>()->default_value(std::to_string(default_seed)),
             "N")("o,output", "file to write, or - for stdout",
                  cxxopts::value<std::string>()->default_value("-"),
                  "FILE")("rewrite-share", "share of articles that rewrite a recent one (0 to 1)",
                          cxxopts::value<double>()->default_value("0.3"),
                          "SHARE")("window", "recent articles a rewrite may pick from",
                                   cxxopts::value<std::size_t>()->default_value("2000"), "N")(
        "from", "first publication day", cxxopts::value<std::string>()->default_value("2015-01-01"),
        "DATE")("to", "last publication day",
                cxxopts::value<std::string>()->default_value("2024-12-31"),
                "DATE")("format", "format of the INPUTs: auto, text, jsonl, json or reuters",
                        cxxopts::value<std::string>()->default_value("auto"), "FORMAT")(
        "category-from-folder", "the first folder below an INPUT folder is the category")(
        "q,quiet", "print no summary on stderr");
    cli::add_standard_options(options);
    options.parse_positional({"inputs"});

    const auto parsed = cli::parse(options, argc, argv);
    if (cli::handle_standard_options(options, parsed, examples)) {
        return std::nullopt;
    }
    SynthConfig config;
    auto& generator = config.generator;
    generator.count = parsed["count"].as<std::uint64_t>();
    generator.seed = parsed["seed"].as<std::uint64_t>();
    generator.window = parsed["window"].as<std::size_t>();
    generator.from = parse_day(parsed, "from");
    generator.to = parse_day(parsed, "to");
    const double share = parsed["rewrite-share"].as<double>();
    if (!(share >= 0.0 && share <= 1.0)) {
        throw Error(ErrorKind::Usage, fmt::format("--rewrite-share {} is not between 0 and 1",
                                                  parsed["rewrite-share"].as<double>()));
    }
    generator.rewrite_permille = static_cast<unsigned>(std::lround(share * 1000.0));
    if (generator.count == 0 || generator.window == 0) {
        throw Error(ErrorKind::Usage, "--count and --window must be at least 1");
    }
    if (generator.to < generator.from) {
        throw Error(ErrorKind::Usage, "--to is before --from");
    }
    config.output = parsed["output"].as<std::string>();
    config.quiet = parsed.count("quiet") > 0;
    if (parsed.count("corpora") > 0) {
        config.inputs = shared_inputs(parsed["corpora"].as<std::string>());
    }
    const InputFormat format = parse_input_format(parsed["format"].as<std::string>());
    const bool category_from_folder = parsed.count("category-from-folder") > 0;
    if (parsed.count("inputs") > 0) {
        for (const auto& path : parsed["inputs"].as<std::vector<std::string>>()) {
            config.inputs.push_back({path, format, category_from_folder, {}});
        }
    }
    if (config.inputs.empty()) {
        throw Error(ErrorKind::Usage, "no input given",
                    "name the shared corpora with --corpora ../shared/corpora, or corpora to "
                    "read as INPUTs");
    }
    return config;
}

void run(const SynthConfig& config) {
    const Pool pool = load_pool(config.inputs);
    std::unique_ptr<std::FILE, FileCloser> file;
    std::FILE* out = stdout;
    if (config.output != "-") {
        file.reset(std::fopen(config.output.c_str(), "wb"));
        if (!file) {
            throw Error(ErrorKind::CannotCreate,
                        fmt::format("cannot create {}: {}", config.output, std::strerror(errno)));
        }
        out = file.get();
    }
    const auto write = [&](const std::string& block) {
        if (std::fwrite(block.data(), 1, block.size(), out) != block.size()) {
            throw Error(ErrorKind::Io,
                        fmt::format("cannot write {}: {}", config.output, std::strerror(errno)));
        }
    };
    Generator generator(pool, config.generator);
    std::string block;
    block.reserve(write_block + (std::size_t{64} << 10U));
    while (generator.next(block)) {
        if (block.size() >= write_block) {
            write(block);
            block.clear();
        }
    }
    write(block);
    if (std::fflush(out) != 0 || (file && std::fclose(file.release()) != 0)) {
        throw Error(ErrorKind::Io,
                    fmt::format("cannot write {}: {}", config.output, std::strerror(errno)));
    }
    if (!config.quiet) {
        const auto& made = generator.stats();
        const auto& read = pool.stats();
        fmt::print(stderr,
                   "news-synth: {} articles ({} rewrites, {:.1f} MB) from {} articles read ({} "
                   "with a body, {} rejected inputs), {} sentences in {} topic groups; seed {}\n",
                   made.articles, made.rewrites, static_cast<double>(made.bytes) / 1e6,
                   read.articles, read.templates, read.rejected, read.sentences, pool.group_count(),
                   config.generator.seed);
    }
}

} // namespace news::synthetic
