/// @file
/// @brief Each engine's ranked lists for a collection's queries: ours through
/// news::searcher::Searcher in this process, the peers through their `query` command
/// (bench/peers/PROTOCOL.md) in a child process each.
#pragma once

#include "news/searcher/search.hpp"

#include "compare/tools.hpp"
#include "engines/workload.hpp"
#include "quality/collection.hpp"

#include <map>
#include <string>
#include <vector>

namespace news::bench::quality {

/// The request ours runs for one query: its words as news-search --any runs them (OR, ranked
/// by the searcher's default ranking), the top @p k, no snippets. A variant of our ranking to
/// evaluate is one more line here.
[[nodiscard]] searcher::SearchRequest ours_request(const std::vector<std::string>& words,
                                                   std::size_t k);

/// One engine's answers to a collection's queries.
struct EngineRankings {
    std::string version;                                    ///< as the engine reports it
    std::map<std::string, std::vector<std::string>> ranked; ///< query id to ids, best first
    std::map<std::string, std::string> errors;              ///< query id to why it did not run
    double seconds = 0;                                     ///< wall time of all the queries
};

/// The queries as the peers' protocol states them: id = the query id, op "or", terms = its
/// words (query_words).
[[nodiscard]] std::vector<BenchQuery> protocol_queries(const std::vector<CollectionQuery>& queries);

/// Runs @p queries on our database @p db with ours_request().
/// @throws news::Error from the Searcher (other than a query's own Usage error, which is
/// recorded in errors).
[[nodiscard]] EngineRankings
rank_with_ours(const std::string& db, const std::vector<CollectionQuery>& queries, std::size_t k);

/// Runs the queries file @p queries_file (written from protocol_queries()) with peer @p engine's
/// `query` command on @p index, one timed run, top @p k.
/// @throws news::Error (Internal) when the child fails or prints something else than the
/// protocol's JSON.
[[nodiscard]] EngineRankings rank_with_peer(const Tools& tools, const std::string& engine,
                                            const std::string& index,
                                            const std::string& queries_file, std::size_t k,
                                            const std::string& scratch);

/// Writes @p rankings as a TREC run file (qid Q0 docid rank score tag; score = k - rank + 1,
/// since not every engine reports its scores), the format trec_eval reads.
void write_run_file(const std::string& path, const std::string& tag,
                    const EngineRankings& rankings);

} // namespace news::bench::quality
