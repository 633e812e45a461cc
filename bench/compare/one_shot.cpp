#include "compare/one_shot.hpp"

#include "engines/news_engine.hpp"
#include "engines/sqlite_query.hpp"
#include <fmt/format.h>

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

} // namespace news::bench
