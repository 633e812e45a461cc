/// @file
/// @brief news-index: builds or updates a news database from folders, files or stdin.
#include "news/common/cli.hpp"
#include "news/common/error.hpp"
#include "news/indexer/indexing.hpp"

#include <string>
#include <vector>

namespace {

constexpr std::string_view examples = R"(  news-index --db news.db corpus/sample
  news-index --db news.db articles.jsonl more/articles/
  zcat dump.jsonl.gz | news-index --db news.db -
  news-index --db news.db --overwrite --json corpus/sample
)";

news::indexer::IndexConfig parse_config(int argc, const char* const* argv, bool& done) {
    cxxopts::Options options("news-index", "Index news articles (plain text or JSON Lines) into "
                                           "a Xapian database. Re-running replaces, never "
                                           "duplicates.");
    options.positional_help("INPUT...").show_positional_help();
    news::cli::DbOptions::add_to(options);
    options.add_options()("inputs", "folders, files, or - for stdin",
                          cxxopts::value<std::vector<std::string>>(),
                          "INPUT")("format", "input format: auto, text or jsonl",
                                   cxxopts::value<std::string>()->default_value("auto"))(
        "overwrite", "start from an empty database")(
        "batch-size", "articles per commit", cxxopts::value<std::size_t>()->default_value("1000"))(
        "language", "stemmer language of a new database", cxxopts::value<std::string>(),
        "LANG")("max-article-size", "largest article in bytes (a JSON line or a text file)",
                cxxopts::value<std::size_t>()->default_value("67108864"))(
        "strict", "exit 65 if any article is rejected (good ones are still committed)");
    news::cli::OutputOptions::add_to(options);
    news::cli::add_standard_options(options);
    options.parse_positional({"inputs"});

    const auto parsed = news::cli::parse(options, argc, argv);
    done = news::cli::handle_standard_options(options, parsed, examples);
    if (done) {
        return {};
    }
    news::indexer::IndexConfig config;
    config.writer.path = news::cli::DbOptions::from(parsed).path;
    config.writer.overwrite = parsed.count("overwrite") > 0;
    config.writer.batch_size = parsed["batch-size"].as<std::size_t>();
    if (parsed.count("language") > 0) {
        config.writer.stemmer = parsed["language"].as<std::string>();
    }
    if (parsed.count("inputs") == 0) {
        throw news::Error(news::ErrorKind::Usage, "no input given",
                          "name folders or files to index, or - for stdin");
    }
    config.inputs = parsed["inputs"].as<std::vector<std::string>>();
    config.read.format = news::parse_input_format(parsed["format"].as<std::string>());
    config.read.max_article_bytes = parsed["max-article-size"].as<std::size_t>();
    if (config.writer.batch_size == 0 || config.read.max_article_bytes == 0) {
        throw news::Error(news::ErrorKind::Usage,
                          "--batch-size and --max-article-size must be > 0");
    }
    config.strict = parsed.count("strict") > 0;
    const auto output = news::cli::OutputOptions::from(parsed);
    config.json = output.json;
    config.quiet = output.quiet;
    config.verbose = output.verbose;
    config.progress = news::cli::stderr_is_terminal();
    return config;
}

} // namespace

int main(int argc, char** argv) {
    return news::cli::run_main("news-index", [&] {
        bool done = false;
        const auto config = parse_config(argc, argv, done);
        if (done) {
            return 0;
        }
        news::indexer::install_interrupt_handler();
        const auto report = news::indexer::run_indexing(config);
        news::indexer::check_outcome(report, config);
        return 0;
    });
}
