/// @file
/// @brief `news-bench export`: a corpus read with our readers, written as articles.tsv.
#include "compare/export_command.hpp"

#include "news/common/cli.hpp"
#include "news/common/error.hpp"

#include "compare/corpus.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace news::bench {

using nlohmann::json;

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

} // namespace news::bench
