/// @file
/// @brief news-search: ranked, faceted queries against a news database.
#include "news/common/cli.hpp"
#include "news/common/error.hpp"
#include "news/common/text.hpp"
#include "news/searcher/export.hpp"
#include "news/searcher/options.hpp"
#include "news/searcher/render.hpp"
#include "news/searcher/search.hpp"
#include "news/searcher/show.hpp"
#include "news/searcher/stats.hpp"
#include "news/searcher/story_view.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

namespace {

// --export: every match on stdout. A reader that goes away (| head) ends it quietly.
int run_export(news::searcher::Searcher& searcher, const news::searcher::SearchConfig& config) {
    std::signal(SIGPIPE, SIG_IGN); // a closed pipe is then EPIPE from write(), not a kill
    const auto summary = news::searcher::export_matches(
        searcher,
        {config.request.query, config.request.sort, *config.export_format, config.export_fields},
        stdout);
    if (summary.output_failed) {
        std::clearerr(stdout);
        if (summary.output_errno != EPIPE) {
            throw news::Error(news::ErrorKind::Io,
                              fmt::format("cannot write to standard output: {} ({} of {} rows "
                                          "written)",
                                          std::strerror(summary.output_errno), summary.written,
                                          summary.total));
        }
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    return news::cli::run_main("news-search", [&] {
        const auto config = news::searcher::parse_options(argc, argv);
        if (!config) {
            return 0;
        }
        if (news::cli::standard_output_was_closed()) {
            throw news::Error(news::ErrorKind::Io,
                              "standard output is closed: nowhere to write the results",
                              "run news-search with its output going to a terminal, a file or "
                              "a pipe");
        }
        news::searcher::Searcher searcher(config->databases, config->shards);
        if (const auto& missing = searcher.missing_shards(); !missing.empty()) {
            // Said on stderr for every command; a search also says it in its output.
            for (const auto& shard : missing) {
                fmt::print(stderr, "news-search: warning: shard left out: {}\n",
                           news::text::printable(shard.error));
            }
            fmt::print(stderr, "news-search: partial results: {} of {} shards missing\n",
                       missing.size(), searcher.shard_count());
        }
        if (config->stats) {
            const auto stats = news::searcher::collect_stats(searcher, config->db);
            fmt::print("{}", config->json ? news::searcher::render_stats_json(stats)
                                          : news::searcher::render_stats_text(stats));
            return 0;
        }
        if (!config->show.empty()) {
            fmt::print(
                "{}", news::searcher::show_output(searcher.database(), config->show, config->json));
            return 0;
        }
        if (config->export_format) {
            return run_export(searcher, *config);
        }
        if (const auto story_output = news::searcher::run_story_command(searcher, *config)) {
            fmt::print("{}", *story_output);
            return 0;
        }
        const auto result = searcher.search(config->request);
        if (!result.facet_columns_warning.empty()) {
            // The counts are right: only slower. Said once, on stderr, for people.
            fmt::print(stderr,
                       "news-search: warning: {}: facets were counted from the value slots "
                       "(same counts, slower); the next news-index run on this database "
                       "writes the columns again\n",
                       news::text::printable(result.facet_columns_warning));
        }
        fmt::print("{}", config->json
                             ? news::searcher::render_json(config->request, result)
                             : news::searcher::render_text(config->request, result, config->style));
        if (!config->plot.empty() && result.histogram) {
            news::searcher::plot_histogram(*result.histogram, config->request.query, config->plot);
        }
        return 0;
    });
}
