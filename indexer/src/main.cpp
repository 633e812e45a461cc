/// @file
/// @brief news-index: builds or updates a news database from folders, files or stdin.
#include "news/common/cli.hpp"
#include "news/common/error.hpp"
#include "news/indexer/indexing.hpp"
#include "news/indexer/options.hpp"
#include "news/indexer/write_failure.hpp"

#include <csignal>

int main(int argc, char** argv) {
    return news::cli::run_main("news-index", [&] {
        const auto config = news::indexer::parse_options(argc, argv);
        if (!config) {
            return 0;
        }
        if (config->json && news::cli::standard_output_was_closed()) {
            throw news::Error(news::ErrorKind::Io,
                              "standard output is closed: nowhere to write the --json events",
                              "leave out --json, or send the output to a file or a pipe");
        }
        // A reader of our output that goes away (news-index ... | head) must not end the run
        // half-way: printing stops, indexing goes on (see Reporter).
        std::signal(SIGPIPE, SIG_IGN);
        news::indexer::install_interrupt_handler();
        news::indexer::return_large_blocks_at_once();
        news::indexer::install_write_failure_handler(config->writer.path);
        const auto report = news::indexer::run_indexing(*config);
        news::indexer::check_outcome(report, *config);
        return 0;
    });
}
