/// @file
/// @brief Engine outputs parsed at the boundary and summarised for the report: pooled latency,
/// throughput, errors, agreement.
#include "compare/engine_results.hpp"

#include "news/common/error.hpp"

#include "compare/engine_list.hpp"
#include <fmt/format.h>

namespace news::bench {
namespace {

using nlohmann::json;

template <typename T> std::optional<T> optional_field(const json& object, const char* key) {
    if (!object.contains(key) || object[key].is_null()) {
        return std::nullopt;
    }
    return object[key].get<T>();
}

QueryOutcome parse_query(const json& query) {
    QueryOutcome outcome;
    outcome.id = query.at("id").get<std::string>();
    outcome.hits = optional_field<std::uint64_t>(query, "hits");
    outcome.postings = optional_field<std::uint64_t>(query, "postings");
    outcome.error = optional_field<std::string>(query, "error");
    if (query.contains("top")) {
        outcome.top = query["top"].get<std::vector<std::string>>();
    }
    if (query.contains("ns")) {
        for (const auto& [mode, runs] : query["ns"].items()) {
            outcome.ns[mode] = runs.get<std::vector<std::uint64_t>>();
        }
    }
    return outcome;
}

/// The one timing set of @p mode of every query of @p klass (or all when empty) pooled.
std::vector<std::uint64_t> pooled(const EngineOutput& output, const std::string& mode,
                                  const std::string& klass,
                                  const std::map<std::string, std::string>& class_of) {
    std::vector<std::uint64_t> samples;
    for (const auto& query : output.queries) {
        const auto runs = query.ns.find(mode);
        if (runs == query.ns.end()) {
            continue;
        }
        const auto it = class_of.find(query.id);
        if (!klass.empty() && (it == class_of.end() || it->second != klass)) {
            continue;
        }
        samples.insert(samples.end(), runs->second.begin(), runs->second.end());
    }
    return samples;
}

/// Nanoseconds per posting touched in top-10 mode, for engines that count postings.
std::optional<double> ns_per_posting(const EngineOutput& output) {
    std::uint64_t postings = 0;
    std::uint64_t top_ns = 0;
    for (const auto& query : output.queries) {
        const auto top = query.ns.find("top");
        if (!query.postings || top == query.ns.end()) {
            continue;
        }
        for (const auto ns : top->second) {
            top_ns += ns;
        }
        postings += *query.postings * top->second.size();
    }
    if (postings == 0) {
        return std::nullopt;
    }
    return static_cast<double>(top_ns) / static_cast<double>(postings);
}

json latency_json(const Latency& latency) {
    return {{"samples", latency.samples}, {"p50_ms", latency.p50_ms},   {"p95_ms", latency.p95_ms},
            {"p99_ms", latency.p99_ms},   {"mean_ms", latency.mean_ms}, {"max_ms", latency.max_ms}};
}

} // namespace

BuildOutput parse_build_output(std::string_view engine, std::string_view text) {
    try {
        const json out = json::parse(text);
        return {optional_field<double>(out, "seconds"), optional_field<long>(out, "peak_rss_kib")};
    } catch (const json::exception& e) {
        throw Error(
            ErrorKind::Internal,
            fmt::format("{} build: output is not the protocol's JSON: {}", engine, e.what()));
    }
}

EngineOutput parse_engine_output(std::string_view engine, std::string_view text) {
    try {
        const json out = json::parse(text);
        EngineOutput output;
        output.version = out.value("version", std::string());
        output.open_seconds = optional_field<double>(out, "open_seconds");
        output.build_seconds = optional_field<double>(out, "build_seconds");
        output.warmup_seconds = optional_field<double>(out, "warmup_seconds");
        output.peak_rss_kib = optional_field<long>(out, "peak_rss_kib");
        for (const auto& query : out.at("queries")) {
            output.queries.push_back(parse_query(query));
        }
        for (const auto& pass : out.value("throughput", json::array())) {
            output.throughput.push_back({pass.at("threads").get<unsigned>(),
                                         pass.at("searches").get<std::uint64_t>(),
                                         pass.at("seconds").get<double>()});
        }
        return output;
    } catch (const json::exception& e) {
        throw Error(
            ErrorKind::Internal,
            fmt::format("{} query: output is not the protocol's JSON: {}", engine, e.what()));
    }
}

json to_json(const BuildFigures& build) {
    if (build.shares_news) {
        return {{"shares", "news"}};
    }
    json out = {{"seconds", build.seconds},
                {"threads", build.threads},
                {"peak_rss_kib", build.peak_rss_kib},
                {"index_bytes", build.index_bytes},
                {"articles_per_second", build.articles_per_second}};
    if (build.process_seconds) {
        out["process_seconds"] = *build.process_seconds;
    }
    if (build.compact_seconds) {
        out["compact_seconds"] = *build.compact_seconds;
    }
    if (build.compacted_bytes) {
        out["compacted_bytes"] = *build.compacted_bytes;
    }
    if (build.size) {
        out["index_size"] = to_json(*build.size);
        out["index_size"]["of"] = build.compacted_bytes ? "compacted_bytes" : "index_bytes";
    }
    return out;
}

const Latency* EngineSummary::latency(const std::string& klass, const std::string& mode) const {
    const std::map<std::string, Latency>* modes = &all;
    if (!klass.empty()) {
        const auto it = classes.find(klass);
        if (it == classes.end()) {
            return nullptr;
        }
        modes = &it->second;
    }
    const auto it = modes->find(mode);
    return it == modes->end() || it->second.samples == 0 ? nullptr : &it->second;
}

EngineSummary summarise_engine(const EngineOutput& output, const std::vector<std::string>& classes,
                               const std::map<std::string, std::string>& class_of,
                               long process_peak_rss_kib) {
    EngineSummary summary;
    for (const auto& mode : query_modes()) {
        summary.all[mode] = summarise(pooled(output, mode, "", class_of));
        for (const auto& klass : classes) {
            summary.classes[klass][mode] = summarise(pooled(output, mode, klass, class_of));
        }
    }
    for (const auto& pass : output.throughput) {
        const double searches = static_cast<double>(pass.searches);
        summary.throughput.push_back(
            {pass.threads, pass.searches, pass.seconds > 0 ? searches / pass.seconds : 0});
    }
    for (const auto& query : output.queries) {
        if (query.error) {
            summary.errors.emplace_back(query.id, *query.error);
        }
    }
    summary.ns_per_posting = ns_per_posting(output);
    summary.version = output.version;
    summary.open_seconds = output.open_seconds;
    summary.build_seconds = output.build_seconds;
    summary.warmup_seconds = output.warmup_seconds;
    summary.query_peak_rss_kib = output.peak_rss_kib.value_or(process_peak_rss_kib);
    return summary;
}

json to_json(const EngineSummary& summary) {
    json out;
    for (const auto& [mode, latency] : summary.all) {
        out["all"][mode] = latency_json(latency);
    }
    for (const auto& [klass, modes] : summary.classes) {
        for (const auto& [mode, latency] : modes) {
            out["classes"][klass][mode] = latency_json(latency);
        }
    }
    out["throughput"] = json::array();
    for (const auto& pass : summary.throughput) {
        out["throughput"].push_back({{"threads", pass.threads},
                                     {"searches", pass.searches},
                                     {"queries_per_second", pass.queries_per_second}});
    }
    out["errors"] = json::array();
    for (const auto& [id, error] : summary.errors) {
        out["errors"].push_back({{"id", id}, {"error", error}});
    }
    if (summary.ns_per_posting) {
        out["ns_per_posting"] = *summary.ns_per_posting;
    }
    if (!summary.version.empty()) {
        out["version"] = summary.version;
    }
    const std::pair<const char*, const std::optional<double>*> seconds[] = {
        {"open_seconds", &summary.open_seconds},
        {"build_seconds", &summary.build_seconds},
        {"warmup_seconds", &summary.warmup_seconds}};
    for (const auto& [key, value] : seconds) {
        if (*value) {
            out[key] = **value;
        }
    }
    out["query_peak_rss_kib"] = summary.query_peak_rss_kib;
    if (summary.build) {
        out["build"] = to_json(*summary.build);
    }
    return out;
}

json agreement(const std::map<std::string, EngineOutput>& outputs,
               const std::vector<BenchQuery>& queries) {
    json result = json::object();
    const auto ours = outputs.find("news");
    if (ours == outputs.end()) {
        return result;
    }
    std::map<std::string, std::uint64_t> our_hits;
    for (const auto& query : ours->second.queries) {
        if (query.hits) {
            our_hits[query.id] = *query.hits;
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
        for (const auto& query : output.queries) {
            const auto it = our_hits.find(query.id);
            if (!query.hits || it == our_hits.end()) {
                continue;
            }
            ++compared;
            if (*query.hits == it->second) {
                ++equal;
            } else if (examples.size() < 8) {
                examples.push_back({{"id", query.id},
                                    {"query", format_query_line(*by_id[query.id])},
                                    {"ours", it->second},
                                    {"theirs", *query.hits}});
            }
        }
        result[engine] = {{"compared", compared}, {"equal", equal}, {"examples", examples}};
    }
    return result;
}

} // namespace news::bench
