/// @file
/// @brief news-synth: synthetic news corpora recombined from real ones, as JSON Lines.
#include "news/common/cli.hpp"
#include "news/synthetic/tool.hpp"

int main(int argc, char** argv) {
    return news::cli::run_main("news-synth", [&] {
        const auto config = news::synthetic::parse_options(argc, argv);
        if (!config) {
            return 0;
        }
        news::synthetic::run(*config);
        return 0;
    });
}
