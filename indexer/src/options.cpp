/// @file
/// @brief news-index's command line: flags, help and validation into an IndexConfig.
#include "news/indexer/options.hpp"

#include "news/common/aliases.hpp"
#include "news/common/cli.hpp"
#include "news/common/error.hpp"
#include "news/common/stored_body.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace news::indexer {

namespace {

constexpr std::string_view examples = R"(  news-index --db news.db corpus/sample
  news-index --db news.db articles.jsonl more/articles/
  zcat dump.jsonl.gz | news-index --db news.db -
  news-index --db news.db --overwrite --json corpus/sample
  news-index --db news.db --recluster
)";

// Every flag news-index takes, with its help text and default.
cxxopts::Options make_options() {
    cxxopts::Options options("news-index", "Index news articles (plain text, JSON Lines, JSON or "
                                           "Reuters SGML) into "
                                           "a Xapian database. Re-running replaces, never "
                                           "duplicates.");
    options.positional_help("INPUT...").show_positional_help();
    cli::DbOptions::add_to(options);
    options.add_options(cli::positional_group)("inputs", "folders, files, or - for stdin",
                                               cxxopts::value<std::vector<std::string>>());
    options.add_options()("format", "input format: auto, text, jsonl, json or reuters",
                          cxxopts::value<std::string>()->default_value("auto"),
                          "FORMAT")("overwrite", "start from an empty database")(
        "batch-size", "articles per commit", cxxopts::value<std::size_t>()->default_value("1000"),
        "N")("language", "stemmer language of a new database", cxxopts::value<std::string>(),
             "LANG")("max-article-size", "largest article in bytes (a JSON line or a text file)",
                     cxxopts::value<std::size_t>()->default_value("67108864"), "BYTES")(
        "strict", "exit 65 if any article is rejected (good ones are still committed)")(
        "skip-duplicates", "leave out articles whose title and text an earlier one had")(
        "threads",
        "threads that tokenise articles; a new (or --overwrite) database is then built as one "
        "shard per thread, merged at the end (default: the number of cores)",
        cxxopts::value<unsigned>(),
        "N")("memory",
             "memory for articles in flight, uncommitted batches and the duplicate table, in MiB "
             "(at least 16)",
             cxxopts::value<std::size_t>()->default_value("256"), "MIB")(
        "single-writer",
        "with several threads, build a new database with one Xapian writer rather than shards")(
        "shards",
        "build a new (or --overwrite) database as N shards kept apart, listed by a stub: each "
        "can be served on its own by xapian-tcpsrv; later runs update it in place",
        cxxopts::value<unsigned>(), "N")("delete", "remove the article with this id (repeatable)",
                                         cxxopts::value<std::vector<std::string>>(), "ID")(
        "prune", "remove the articles the inputs no longer hold (the inputs are the whole corpus)")(
        "no-stories",
        "do not cluster articles into stories; the database remembers it (and loses the stories "
        "it had) until --recluster")(
        "no-entities",
        "do not extract the people, places and organisations of the articles; the database "
        "remembers it (only --overwrite turns them back on)")(
        "recluster",
        "compute every story of the database again, from the stored features, by date then id "
        "(turns stories on; needs no inputs)")(
        "category-from-folder",
        "the first folder below an input folder is the category (bbc/sport/001.txt: sport)");
    options.add_options()("aliases",
                          "alias groups of a new database (default: the built-in "
                          "corpus/aliases.txt; an empty file: none)",
                          cxxopts::value<std::string>(), "FILE");
    options.add_options()("warnings",
                          "also write every warning to FILE, as JSON Lines (path, line, reason, "
                          "message); stderr shows the first 20 and counts the rest",
                          cxxopts::value<std::string>(), "FILE");
    cli::OutputOptions::add_to(options, /*with_verbosity=*/false);
    options.add_options()("q,quiet",
                          "no warnings or progress on stderr, only the summary; -qq: nothing "
                          "but errors")("v,verbose",
                                        "print every warning, and list ignored files and repairs");
    cli::add_standard_options(options);
    options.parse_positional({"inputs"});
    return options;
}

// The database and what to do to it: the inputs to index, the ids to delete, --prune.
void read_targets(const cxxopts::ParseResult& parsed, IndexConfig& config) {
    config.writer.path = cli::DbOptions::from(parsed).path;
    config.writer.overwrite = parsed.count("overwrite") > 0;
    config.writer.batch_size = parsed["batch-size"].as<std::size_t>();
    if (parsed.count("language") > 0) {
        config.writer.stemmer = parsed["language"].as<std::string>();
    }
    if (parsed.count("aliases") > 0) {
        config.writer.aliases = std::make_shared<const aliases::AliasSet>(
            aliases::AliasSet::load(parsed["aliases"].as<std::string>()));
    }
    if (parsed.count("delete") > 0) {
        config.delete_ids = parsed["delete"].as<std::vector<std::string>>();
    }
    config.prune = parsed.count("prune") > 0;
    config.no_stories = parsed.count("no-stories") > 0;
    config.recluster = parsed.count("recluster") > 0;
    config.no_entities = parsed.count("no-entities") > 0;
    if (config.no_stories && config.recluster) {
        throw Error(ErrorKind::Usage, "--no-stories and --recluster contradict each other",
                    "--recluster turns stories on, --no-stories turns them off: give one");
    }
    if (parsed.count("inputs") > 0) {
        config.inputs = parsed["inputs"].as<std::vector<std::string>>();
    }
    // Deleting ids and changing the stories need no inputs; indexing and --prune do.
    const bool works_without_inputs =
        !config.delete_ids.empty() || config.recluster || config.no_stories;
    if (config.inputs.empty() && (!works_without_inputs || config.prune)) {
        throw Error(ErrorKind::Usage, "no input given",
                    config.prune ? "--prune needs the inputs that make up the whole corpus"
                                 : "name folders or files to index, or - for stdin");
    }
}

// How inputs are read and articles kept: format, sizes, --strict, --skip-duplicates.
void read_input_options(const cxxopts::ParseResult& parsed, IndexConfig& config) {
    config.read.format = parse_input_format(parsed["format"].as<std::string>());
    config.read.max_article_bytes = parsed["max-article-size"].as<std::size_t>();
    if (config.writer.batch_size == 0 || config.read.max_article_bytes == 0) {
        throw Error(ErrorKind::Usage, "--batch-size and --max-article-size must be > 0");
    }
    if (config.read.max_article_bytes > stored_body::max_body_bytes) {
        throw Error(ErrorKind::Usage,
                    fmt::format("--max-article-size must be at most {} (the largest text the "
                                "database stores for one article)",
                                stored_body::max_body_bytes));
    }
    config.strict = parsed.count("strict") > 0;
    config.skip_duplicates = parsed.count("skip-duplicates") > 0;
}

// Threads, the memory budget (in bytes) and --single-writer.
void read_resources(const cxxopts::ParseResult& parsed, IndexConfig& config) {
    config.threads = parsed.count("threads") > 0
                         ? parsed["threads"].as<unsigned>()
                         : std::max(1U, std::thread::hardware_concurrency());
    if (config.threads == 0) {
        throw Error(ErrorKind::Usage, "--threads must be at least 1");
    }
    constexpr std::size_t min_memory_mib = 16;
    constexpr std::size_t max_memory_mib = std::size_t{1} << 30U; // 1 PiB: no overflow below
    const auto memory_mib = parsed["memory"].as<std::size_t>();
    if (memory_mib < min_memory_mib || memory_mib > max_memory_mib) {
        throw Error(ErrorKind::Usage, fmt::format("--memory must be at least {} (MiB), not {}",
                                                  min_memory_mib, memory_mib));
    }
    config.memory_bytes = memory_mib << 20U;
    config.single_writer = parsed.count("single-writer") > 0;
    if (parsed.count("shards") > 0) {
        constexpr unsigned most_shards = 256;
        config.shards = parsed["shards"].as<unsigned>();
        if (config.shards < 1 || config.shards > most_shards) {
            throw Error(ErrorKind::Usage, fmt::format("--shards must be from 1 to {}, not {}",
                                                      most_shards, config.shards));
        }
        if (config.single_writer) {
            throw Error(ErrorKind::Usage, "--shards and --single-writer contradict each other",
                        "--shards N keeps N writers' databases apart; give one of them");
        }
    }
}

} // namespace

std::optional<IndexConfig> parse_options(int argc, const char* const* argv) {
    cxxopts::Options options = make_options();
    const auto parsed = cli::parse(options, argc, argv);
    if (cli::handle_standard_options(options, parsed, examples)) {
        return std::nullopt;
    }
    // The checks run in this order, so that a command line with several faults always gets the
    // same first error.
    IndexConfig config;
    read_targets(parsed, config);
    read_input_options(parsed, config);
    read_resources(parsed, config);
    config.read.category_from_folder = parsed.count("category-from-folder") > 0;
    const auto output = cli::OutputOptions::from(parsed);
    config.json = output.json;
    config.quiet = parsed.count("quiet") > 0;
    config.silent = parsed.count("quiet") > 1;
    config.verbose = output.verbose;
    if (parsed.count("warnings") > 0) {
        config.warnings_file = parsed["warnings"].as<std::string>();
        if (config.warnings_file.empty()) {
            throw Error(ErrorKind::Usage, "--warnings needs a file name");
        }
    }
    config.progress = cli::stderr_is_terminal();
    return config;
}

} // namespace news::indexer
