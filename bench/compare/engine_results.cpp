/// @file
/// @brief Engine outputs summarised for the report: pooled latency, throughput, agreement.
#include "compare/engine_results.hpp"

#include "compare/engine_list.hpp"
#include "compare/stats.hpp"

namespace news::bench {
namespace {

using nlohmann::json;

/// The one timing set of @p mode of every query of @p klass (or all when empty) pooled.
std::vector<std::uint64_t> pooled(const json& engine_output, const std::string& mode,
                                  const std::string& klass,
                                  const std::map<std::string, std::string>& class_of) {
    std::vector<std::uint64_t> samples;
    for (const auto& query : engine_output.at("queries")) {
        if (!query.contains("ns") || !query["ns"].contains(mode)) {
            continue;
        }
        const auto it = class_of.find(query.at("id").get<std::string>());
        if (!klass.empty() && (it == class_of.end() || it->second != klass)) {
            continue;
        }
        for (const auto& ns : query["ns"][mode]) {
            samples.push_back(ns.get<std::uint64_t>());
        }
    }
    return samples;
}

json latency_json(const Latency& latency) {
    return {{"samples", latency.samples}, {"p50_ms", latency.p50_ms},   {"p95_ms", latency.p95_ms},
            {"p99_ms", latency.p99_ms},   {"mean_ms", latency.mean_ms}, {"max_ms", latency.max_ms}};
}

} // namespace

json summarise_engine(const json& output, const std::vector<std::string>& classes,
                      const std::map<std::string, std::string>& class_of) {
    json summary;
    for (const auto& mode : query_modes()) {
        summary["all"][mode] = latency_json(summarise(pooled(output, mode, "", class_of)));
        for (const auto& klass : classes) {
            summary["classes"][klass][mode] =
                latency_json(summarise(pooled(output, mode, klass, class_of)));
        }
    }
    summary["throughput"] = json::array();
    for (const auto& pass : output.value("throughput", json::array())) {
        const double seconds = pass.at("seconds").get<double>();
        const double searches = pass.at("searches").get<double>();
        summary["throughput"].push_back(
            {{"threads", pass.at("threads")},
             {"searches", pass.at("searches")},
             {"queries_per_second", seconds > 0 ? searches / seconds : 0}});
    }
    json errors = json::array();
    std::uint64_t postings = 0;
    std::uint64_t top_ns = 0;
    for (const auto& query : output.at("queries")) {
        if (query.contains("error")) {
            errors.push_back({{"id", query.at("id")}, {"error", query.at("error")}});
        }
        if (query.contains("postings") && query.contains("ns") && query["ns"].contains("top")) {
            const auto runs = query["ns"]["top"].size();
            for (const auto& ns : query["ns"]["top"]) {
                top_ns += ns.get<std::uint64_t>();
            }
            postings += query["postings"].get<std::uint64_t>() * runs;
        }
    }
    summary["errors"] = errors;
    if (postings > 0) {
        summary["ns_per_posting"] = static_cast<double>(top_ns) / static_cast<double>(postings);
    }
    for (const char* key : {"version", "open_seconds", "build_seconds", "warmup_seconds"}) {
        if (output.contains(key)) {
            summary[key] = output[key];
        }
    }
    return summary;
}

json agreement(const std::map<std::string, json>& outputs, const std::vector<BenchQuery>& queries) {
    json result = json::object();
    const auto ours = outputs.find("news");
    if (ours == outputs.end()) {
        return result;
    }
    std::map<std::string, std::uint64_t> our_hits;
    for (const auto& query : ours->second.at("queries")) {
        if (query.contains("hits")) {
            our_hits[query["id"].get<std::string>()] = query["hits"].get<std::uint64_t>();
        }
    }
    std::map<std::string, const BenchQuery*> by_id;
    for (const auto& query : queries) {
        by_id[query.id] = &query;
    }
    for (const auto& [engine, output] : outputs) {
        if (engine == "news") {
            continue;
        }
        std::size_t compared = 0;
        std::size_t equal = 0;
        json examples = json::array();
        for (const auto& query : output.at("queries")) {
            const std::string id = query.at("id").get<std::string>();
            const auto it = our_hits.find(id);
            if (!query.contains("hits") || it == our_hits.end()) {
                continue;
            }
            ++compared;
            const auto theirs = query["hits"].get<std::uint64_t>();
            if (theirs == it->second) {
                ++equal;
            } else if (examples.size() < 8) {
                examples.push_back({{"id", id},
                                    {"query", format_query_line(*by_id[id])},
                                    {"ours", it->second},
                                    {"theirs", theirs}});
            }
        }
        result[engine] = {{"compared", compared}, {"equal", equal}, {"examples", examples}};
    }
    return result;
}

} // namespace news::bench
