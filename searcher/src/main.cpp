/// @file
/// @brief news-search: ranked, faceted queries against a news database.
#include "news/common/cli.hpp"
#include "news/common/error.hpp"
#include "news/searcher/options.hpp"
#include "news/searcher/render.hpp"
#include "news/searcher/search.hpp"

#include <fmt/format.h>

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
        news::searcher::Searcher searcher(config->db);
        const auto result = searcher.search(config->request);
        fmt::print("{}", config->json
                             ? news::searcher::render_json(config->request, result)
                             : news::searcher::render_text(config->request, result, config->style));
        if (!config->plot.empty() && result.histogram) {
            news::searcher::plot_histogram(*result.histogram, config->request.query, config->plot);
        }
        return 0;
    });
}
