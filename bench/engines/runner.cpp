/// @file
/// @brief run_queries(): timed passes and throughput passes.
#include "engines/runner.hpp"

#include "news/common/error.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <exception>
#include <latch>
#include <optional>
#include <thread>

namespace news::bench {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr std::array<Mode, 3> modes{Mode::Top, Mode::Count, Mode::Facets};

struct QueryRecord {
    std::optional<std::string> error; // set: the engine cannot run this query
    QueryResult counted;              // from the untimed count pass
    QueryResult faceted;              // from the first timed facets run
    std::uint64_t postings = 0;       // from the first timed top run
    std::array<std::vector<std::int64_t>, modes.size()> ns;
};

// Runs one search; a query's own Usage error is recorded, anything else ends the run.
std::optional<QueryResult> attempt(Session& session, const BenchQuery& query, Mode mode,
                                   QueryRecord& record) {
    try {
        return session.run(query, mode);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Usage) {
            throw;
        }
        record.error = e.what();
        return std::nullopt;
    }
}

json facet_json(const FacetList& list) {
    json out = json::array();
    for (std::size_t i = 0; i < list.size() && i < reported_facet_values; ++i) {
        out.push_back(json::array({list[i].first, list[i].second}));
    }
    return out;
}

// One throughput pass: query i goes to thread i % threads, each thread with its own session,
// timed from the common start to the last thread's end.
json throughput_pass(Engine& engine, const std::vector<const BenchQuery*>& runnable,
                     unsigned threads) {
    std::vector<std::unique_ptr<Session>> sessions;
    for (unsigned t = 0; t < threads; ++t) {
        sessions.push_back(engine.open_session());
    }
    std::vector<std::exception_ptr> failures(threads);
    std::latch ready(threads + 1);
    std::latch go(1);
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            ready.count_down();
            go.wait();
            try {
                for (std::size_t i = t; i < runnable.size(); i += threads) {
                    (void)sessions[t]->run(*runnable[i], Mode::Top);
                }
            } catch (...) {
                failures[t] = std::current_exception();
            }
        });
    }
    ready.arrive_and_wait();
    const auto start = Clock::now();
    go.count_down();
    for (auto& worker : workers) {
        worker.join();
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (const auto& failure : failures) {
        if (failure) {
            std::rethrow_exception(failure);
        }
    }
    return {{"threads", threads}, {"searches", runnable.size()}, {"seconds", seconds}};
}

} // namespace

nlohmann::json run_queries(Engine& engine, double open_seconds,
                           const std::vector<BenchQuery>& queries, const RunOptions& options) {
    const auto session = engine.open_session();
    std::vector<QueryRecord> records(queries.size());
    for (std::size_t q = 0; q < queries.size(); ++q) {
        if (auto result = attempt(*session, queries[q], Mode::Count, records[q])) {
            records[q].counted = std::move(*result);
        }
    }
    for (std::size_t m = 0; m < modes.size(); ++m) {
        for (std::size_t pass = 0; pass < options.warmup + options.runs; ++pass) {
            const bool timed = pass >= options.warmup;
            for (std::size_t q = 0; q < queries.size(); ++q) {
                QueryRecord& record = records[q];
                if (record.error) {
                    continue;
                }
                const auto start = Clock::now();
                auto result = attempt(*session, queries[q], modes[m], record);
                const auto ns =
                    std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start);
                if (!result || !timed) {
                    continue;
                }
                record.ns[m].push_back(ns.count());
                if (record.ns[m].size() == 1 && modes[m] == Mode::Top) {
                    record.postings = result->postings;
                } else if (record.ns[m].size() == 1 && modes[m] == Mode::Facets) {
                    record.faceted = std::move(*result);
                }
            }
        }
    }

    json report = {{"engine", engine.name()},
                   {"version", engine.version()},
                   {"open_seconds", open_seconds},
                   {"runs", options.runs},
                   {"warmup", options.warmup}};
    json list = json::array();
    std::vector<const BenchQuery*> runnable;
    for (std::size_t q = 0; q < queries.size(); ++q) {
        const QueryRecord& record = records[q];
        json entry = {{"id", queries[q].id}, {"class", queries[q].query_class}};
        if (record.error) {
            entry["error"] = *record.error;
            list.push_back(std::move(entry));
            continue;
        }
        runnable.push_back(&queries[q]);
        entry["hits"] = record.counted.total;
        entry["top"] = record.counted.top;
        entry["facets"] = {{"source", facet_json(record.faceted.source)},
                           {"tag", facet_json(record.faceted.tag)}};
        json ns = json::object();
        for (std::size_t m = 0; m < modes.size(); ++m) {
            ns[std::string(mode_name(modes[m]))] = record.ns[m];
        }
        entry["ns"] = std::move(ns);
        if (engine.reports_postings()) {
            entry["postings"] = record.postings;
        }
        list.push_back(std::move(entry));
    }
    report["queries"] = std::move(list);

    json throughput = json::array();
    for (const unsigned threads : options.threads) {
        throughput.push_back(throughput_pass(engine, runnable, threads));
    }
    report["throughput"] = std::move(throughput);
    const json extra = engine.extra_report(); // items() must not outlive it
    for (const auto& [key, value] : extra.items()) {
        report[key] = value;
    }
    return report;
}

} // namespace news::bench
