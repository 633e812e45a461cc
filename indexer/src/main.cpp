/// @file
/// @brief news-index: builds or updates a news database from folders, files or stdin.
#include "news/common/cli.hpp"
#include "news/indexer/indexing.hpp"
#include "news/indexer/options.hpp"
#include "news/indexer/write_failure.hpp"

int main(int argc, char** argv) {
    return news::cli::run_main("news-index", [&] {
        const auto config = news::indexer::parse_options(argc, argv);
        if (!config) {
            return 0;
        }
        news::indexer::install_interrupt_handler();
        news::indexer::install_write_failure_handler(config->writer.path);
        const auto report = news::indexer::run_indexing(*config);
        news::indexer::check_outcome(report, *config);
        return 0;
    });
}
