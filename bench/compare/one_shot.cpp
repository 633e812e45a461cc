#include "compare/one_shot.hpp"

#include "compare/child_process.hpp"
#include "compare/stats.hpp"
#include "engines/news_engine.hpp"
#include "engines/sqlite_query.hpp"
#include <fmt/format.h>

#include <algorithm>

namespace news::bench {

namespace {

std::string iso_date(const std::string& yyyymmdd) {
    return fmt::format("{}-{}-{}", yyyymmdd.substr(0, 4), yyyymmdd.substr(4, 2),
                       yyyymmdd.substr(6, 2));
}

} // namespace

std::vector<std::string> news_search_arguments(const BenchQuery& query, const std::string& db,
                                               const std::string& tag_facet) {
    std::vector<std::string> args{"--db", db, "--color", "never"};
    if (query.op == QueryOp::Or) {
        args.emplace_back("--any");
    }
    if (!query.date_from.empty()) {
        args.insert(args.end(), {"--since", iso_date(query.date_from)});
    }
    if (!query.date_to.empty()) {
        args.insert(args.end(), {"--until", iso_date(query.date_to)});
    }
    if (!query.filter_field.empty()) {
        const std::string field = query.filter_field == "tag" ? tag_facet : query.filter_field;
        args.insert(args.end(), {"--filter", field + "=" + query.filter_value});
    }
    if (query.sort_by_date) {
        args.insert(args.end(), {"--sort", "date"});
    }
    args.insert(args.end(), {"--", news_query_text(query)});
    return args;
}

std::string sqlite_one_shot_sql(const BenchQuery& query) {
    return sqlite_query_sql(query, Mode::Top, 10);
}

std::string sqlite_path(const std::string& index_dir) {
    return index_dir + "/fts.sqlite";
}

nlohmann::json time_one_shot(const Tools& tools, const CorpusSpec& corpus,
                             const std::map<std::string, std::string>& index_of,
                             const std::vector<BenchQuery>& queries, std::size_t repeats,
                             const std::string& scratch) {
    nlohmann::json rows = nlohmann::json::array();
    std::vector<const BenchQuery*> picked;
    for (const std::string klass : {"term-medium", "and2", "phrase2", "filter-source"}) {
        const auto it = std::find_if(queries.begin(), queries.end(),
                                     [&](const BenchQuery& q) { return q.query_class == klass; });
        if (it != queries.end()) {
            picked.push_back(&*it);
        }
    }
    for (const BenchQuery* query : picked) {
        std::map<std::string, std::vector<std::string>> commands;
        if (index_of.contains("news")) {
            std::vector<std::string> argv{tools.search};
            const auto args = news_search_arguments(*query, index_of.at("news"), corpus.tag_facet);
            argv.insert(argv.end(), args.begin(), args.end());
            commands["news"] = argv;
        }
        if (index_of.contains("sqlite")) {
            commands["sqlite"] = {"sqlite3", sqlite_path(index_of.at("sqlite")),
                                  sqlite_one_shot_sql(*query)};
        }
        if (index_of.contains("lucene")) {
            commands["lucene"] = {tools.lucene,          "once",    "--index",
                                  index_of.at("lucene"), "--query", format_query_line(*query)};
        }
        for (const auto& [engine, argv] : commands) {
            evict_from_page_cache(index_of.at(engine));
            const ChildRun cold = run_child_checked(argv, scratch);
            std::vector<double> warm;
            for (std::size_t i = 0; i < repeats; ++i) {
                warm.push_back(run_child_checked(argv, scratch).wall_seconds * 1e3);
            }
            rows.push_back({{"query", query->id},
                            {"engine", engine},
                            {"cold_ms", cold.wall_seconds * 1e3},
                            {"warm_ms", median(warm)}});
        }
    }
    return rows;
}

} // namespace news::bench
