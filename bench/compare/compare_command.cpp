/// @file
/// @brief `news-bench compare`'s entry: the options, a work folder, each corpus's run and its
/// report files.
#include "compare/compare_command.hpp"

#include "news/common/cli.hpp"
#include "news/common/error.hpp"

#include "compare/compare_options.hpp"
#include "compare/machine_info.hpp"
#include "compare/report.hpp"
#include "compare/run_corpus.hpp"
#include "compare/tools.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <unistd.h>

namespace news::bench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// --work, or a new temporary folder.
std::string make_work_dir(const CompareConfig& config) {
    if (!config.work_dir.empty()) {
        return config.work_dir;
    }
    std::string pattern = (fs::temp_directory_path() / "news-compare-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw Error(ErrorKind::Io, "cannot create a temporary folder");
    }
    return pattern;
}

/// Runs every corpus and writes its report; returns the reports.
json run_all(const CompareConfig& config, const std::vector<CorpusSpec>& corpora,
             const std::string& work, const std::vector<std::string>& command) {
    const Tools tools = find_tools();
    json all = json::array();
    for (const auto& corpus : corpora) {
        CorpusReport report = compare_corpus(config, tools, corpus, work + "/" + corpus.name);
        report.fields["format_version"] = 1;
        report.fields["machine"] = machine_json(command);
        report.fields["settings"] = {{"runs", config.runs},       {"warmup", config.warmup},
                                     {"threads", config.threads}, {"per_class", config.per_class},
                                     {"seed", config.seed},       {"compacted", config.compact}};
        const ReportFiles files =
            write_report(report, config.out_dir, config.plots, work + "/" + corpus.name);
        report.fields["files"] = {
            {"json", files.json}, {"markdown", files.markdown}, {"plots", files.plots}};
        if (!config.json) {
            fmt::print("{}\n", text_summary(report));
        }
        all.push_back(report.to_json());
    }
    return all;
}

} // namespace

int run_compare_command(int argc, const char* const* argv) {
    return cli::run_main("news-bench compare", [&] {
        const auto config = parse_compare_options(argc, argv);
        if (!config) {
            return 0;
        }
        const std::vector<CorpusSpec> corpora = corpora_of(*config);
        const std::string work = make_work_dir(*config);
        std::vector<std::string> command{"news-bench"};
        command.insert(command.end(), argv, argv + argc);
        json all;
        try {
            all = run_all(*config, corpora, work, command);
        } catch (...) {
            if (!config->keep_work) {
                fs::remove_all(work);
            }
            throw;
        }
        if (!config->keep_work) {
            fs::remove_all(work);
        }
        if (config->json) {
            fmt::print("{}\n", all.dump(2));
        }
        return 0;
    });
}

} // namespace news::bench
