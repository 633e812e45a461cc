/// @file
/// @brief `news-bench queries`: the benchmark's query classes drawn from a news database.
#include "compare/queries_command.hpp"

#include "news/common/cli.hpp"
#include "news/common/error.hpp"

#include "compare/query_generator.hpp"
#include "engines/workload.hpp"
#include <fmt/format.h>
#include <xapian.h>

namespace news::bench {

int run_queries_command(int argc, const char* const* argv) {
    return cli::run_main("news-bench queries", [&] {
        cxxopts::Options options("news-bench queries",
                                 "Draws the benchmark query classes from a news database and "
                                 "writes them as a queries file (bench/peers/PROTOCOL.md).");
        // clang-format off
        options.add_options()
            ("out", "the queries file to write", cxxopts::value<std::string>(), "FILE")
            ("tag-facet", "the facet filtered as the tag", cxxopts::value<std::string>()->default_value(""), "NAME")
            ("per-class", "queries per class", cxxopts::value<std::size_t>()->default_value("100"), "N")
            ("seed", "seed of the draw", cxxopts::value<std::uint64_t>()->default_value("20241121"), "N");
        // clang-format on
        cli::DbOptions::add_to(options);
        cli::add_standard_options(options);
        const auto parsed = cli::parse(options, argc, argv);
        if (cli::handle_standard_options(options, parsed,
                                         "  news-bench queries --db news.db --out q.tsv\n")) {
            return 0;
        }
        if (parsed.count("out") == 0U) {
            throw Error(ErrorKind::Usage, "--out FILE is required");
        }
        const auto db_path = cli::DbOptions::from(parsed).path;
        const Xapian::Database db(db_path);
        GeneratorOptions generator{parsed["seed"].as<std::uint64_t>(),
                                   parsed["per-class"].as<std::size_t>(),
                                   parsed["tag-facet"].as<std::string>()};
        const GeneratedQueries generated = generate_queries(db, generator);
        write_queries(parsed["out"].as<std::string>(), generated.queries,
                      fmt::format("Drawn by news-bench queries (seed {}, {} per class) from {} "
                                  "articles.\nFormat: bench/peers/PROTOCOL.md.",
                                  generator.seed, generator.per_class, db.get_doccount()));
        for (const auto& shortfall : generated.shortfalls) {
            fmt::print(stderr, "news-bench queries: {}: {} drawn: {}\n", shortfall.query_class,
                       shortfall.generated, shortfall.reason);
        }
        return 0;
    });
}

} // namespace news::bench
