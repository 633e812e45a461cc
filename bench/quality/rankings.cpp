/// @file
/// @brief Ranked lists from ours (in process) and from the peers (child processes).
#include "quality/rankings.hpp"

#include "news/common/cli.hpp"
#include "news/common/error.hpp"

#include "compare/child_process.hpp"
#include "compare/engine_results.hpp"
#include <fmt/format.h>
#include <xapian.h>

#include <chrono>
#include <fstream>

namespace news::bench::quality {

searcher::SearchRequest ours_request(const std::vector<std::string>& words, std::size_t k) {
    searcher::SearchRequest request;
    for (const auto& word : words) {
        request.query.text += (request.query.text.empty() ? "" : " ") + word;
    }
    request.query.any = true;
    request.limit = k;
    request.snippets = false;
    return request;
}

std::vector<BenchQuery> protocol_queries(const std::vector<CollectionQuery>& queries) {
    std::vector<BenchQuery> out;
    out.reserve(queries.size());
    for (const auto& query : queries) {
        BenchQuery bench;
        bench.id = query.id;
        bench.query_class = "quality";
        bench.op = QueryOp::Or;
        bench.terms = query_words(query.text);
        out.push_back(std::move(bench));
    }
    return out;
}

EngineRankings rank_with_ours(const std::string& db, const std::vector<CollectionQuery>& queries,
                              std::size_t k) {
    EngineRankings out;
    out.version = std::string(cli::version()) + " (Xapian " + Xapian::version_string() + ")";
    searcher::Searcher searcher(db);
    const auto start = std::chrono::steady_clock::now();
    for (const auto& query : queries) {
        std::vector<std::string>& ranked = out.ranked[query.id];
        try {
            const auto result = searcher.search(ours_request(query_words(query.text), k));
            ranked.reserve(result.hits.size());
            for (const auto& hit : result.hits) {
                ranked.push_back(hit.id);
            }
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::Usage) {
                throw;
            }
            out.errors[query.id] = e.what();
        }
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

EngineRankings rank_with_peer(const Tools& tools, const std::string& engine,
                              const std::string& index, const std::string& queries_file,
                              std::size_t k, const std::string& scratch) {
    auto argv = engine_command(tools, engine);
    argv.insert(argv.end(), {"query", "--index", index, "--queries", queries_file, "--runs", "1",
                             "--warmup", "0", "--threads", "1", "--k", std::to_string(k)});
    if (engine == "xapian") {
        // Plain Xapian counts a tag facet in its facets pass; these collections have none, so
        // any facet field will do (it counts nothing).
        argv.insert(argv.end(), {"--tag-facet", "category"});
    }
    if (engine == "lucene") {
        // The ids are what counts here, not the JIT's steady state.
        argv.insert(argv.end(), {"--min-warmup-seconds", "0"});
    }
    const ChildRun child = run_child_checked(argv, scratch);
    const EngineOutput output = parse_engine_output(engine, child.out);
    EngineRankings out;
    out.version = output.version;
    out.seconds = child.wall_seconds;
    for (const auto& query : output.queries) {
        out.ranked[query.id] = query.top;
        if (query.error) {
            out.errors[query.id] = *query.error;
        }
    }
    return out;
}

void write_run_file(const std::string& path, const std::string& tag,
                    const EngineRankings& rankings) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    for (const auto& [qid, ids] : rankings.ranked) {
        for (std::size_t i = 0; i < ids.size(); ++i) {
            out << fmt::format("{} Q0 {} {} {} {}\n", qid, ids[i], i + 1, ids.size() - i, tag);
        }
    }
    out.flush();
    if (!out) {
        throw Error(ErrorKind::Io, path + ": cannot write the run file");
    }
}

} // namespace news::bench::quality
