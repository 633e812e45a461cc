/// @file
/// @brief Scoring each engine's rankings and writing the quality report.
#include "quality/report.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace news::bench::quality {
namespace {

using nlohmann::json;

/// The AP differences (ours minus @p peer) of each collection that both ran.
std::vector<std::vector<double>> differences(const std::vector<CollectionResult>& collections,
                                             const std::string& peer) {
    std::vector<std::vector<double>> groups;
    for (const auto& collection : collections) {
        const auto us = collection.engines.find(ours);
        const auto them = collection.engines.find(peer);
        if (us == collection.engines.end() || them == collection.engines.end()) {
            continue;
        }
        const auto a = us->second.aps();
        const auto b = them->second.aps();
        std::vector<double> diff(a.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            diff[i] = a[i] - b[i];
        }
        groups.push_back(std::move(diff));
    }
    return groups;
}

json versus_json(const Versus& versus) {
    return {{"wins", versus.counts.wins},
            {"losses", versus.counts.losses},
            {"ties", versus.counts.ties},
            {"map_difference", versus.map_difference},
            {"p_value", versus.p_value}};
}

/// Ours against @p peer over every collection: counts summed, the MAP difference and the test
/// statistic both the mean over the collections.
Versus overall_versus(const QualityReport& report, const std::string& peer) {
    const auto groups = differences(report.collections, peer);
    Versus versus;
    std::vector<double> means;
    for (const auto& group : groups) {
        const PairedCounts counts = paired_counts(group, std::vector<double>(group.size(), 0.0));
        versus.counts.wins += counts.wins;
        versus.counts.losses += counts.losses;
        versus.counts.ties += counts.ties;
        means.push_back(mean(group));
    }
    versus.map_difference = mean(means);
    versus.p_value = randomization_p_value(groups, report.settings);
    return versus;
}

struct Means {
    double map = 0, p10 = 0, ndcg10 = 0;
    std::size_t collections = 0;
};

Means overall_means(const QualityReport& report, const std::string& engine) {
    Means means;
    for (const auto& collection : report.collections) {
        const auto it = collection.engines.find(engine);
        if (it == collection.engines.end()) {
            continue;
        }
        means.map += it->second.map;
        means.p10 += it->second.p10;
        means.ndcg10 += it->second.ndcg10;
        ++means.collections;
    }
    if (means.collections > 0) {
        const auto n = static_cast<double>(means.collections);
        means.map /= n;
        means.p10 /= n;
        means.ndcg10 /= n;
    }
    return means;
}

std::string fixed3(double value) {
    return fmt::format("{:.3f}", value);
}

std::string p_text(double p) {
    return p < 0.001 ? "<0.001" : fmt::format("{:.3f}", p);
}

} // namespace

std::vector<double> EngineScores::aps() const {
    std::vector<double> out;
    out.reserve(per_query.size());
    for (const auto& scores : per_query) {
        out.push_back(scores.ap);
    }
    return out;
}

EngineScores score_engine(const Collection& collection, const EngineRankings& rankings) {
    EngineScores scores;
    scores.version = rankings.version;
    scores.errors = rankings.errors;
    scores.seconds = rankings.seconds;
    static const std::vector<std::string> none;
    for (const auto& query : collection.queries) {
        const auto judged = collection.qrels.find(query.id);
        if (judged == collection.qrels.end()) {
            continue;
        }
        const bool any_relevant = std::any_of(judged->second.begin(), judged->second.end(),
                                              [](const auto& g) { return g.second > 0; });
        if (!any_relevant) {
            continue;
        }
        const auto it = rankings.ranked.find(query.id);
        const auto& ranked = it == rankings.ranked.end() ? none : it->second;
        scores.query_ids.push_back(query.id);
        scores.per_query.push_back(score_query(ranked, judged->second));
        scores.retrieved.push_back(ranked.size());
    }
    std::vector<double> p10s;
    std::vector<double> ndcgs;
    for (const auto& q : scores.per_query) {
        p10s.push_back(q.p10);
        ndcgs.push_back(q.ndcg10);
    }
    scores.map = mean(scores.aps());
    scores.p10 = mean(p10s);
    scores.ndcg10 = mean(ndcgs);
    return scores;
}

CollectionResult collection_result(const Collection& collection,
                                   std::map<std::string, EngineScores> engines,
                                   const RandomizationSettings& settings) {
    CollectionResult result;
    result.name = collection.name;
    result.title = collection.title;
    result.documents = collection.documents;
    result.queries = collection.queries.size();
    result.judged_queries = collection.judged_queries();
    result.graded = collection.graded;
    result.engines = std::move(engines);
    const auto us = result.engines.find(ours);
    if (us == result.engines.end()) {
        return result;
    }
    const auto our_aps = us->second.aps();
    for (const auto& [engine, scores] : result.engines) {
        if (engine == ours) {
            continue;
        }
        const auto their_aps = scores.aps();
        Versus versus;
        versus.counts = paired_counts(our_aps, their_aps);
        versus.map_difference = us->second.map - scores.map;
        std::vector<double> diff(our_aps.size());
        for (std::size_t i = 0; i < our_aps.size(); ++i) {
            diff[i] = our_aps[i] - their_aps[i];
        }
        versus.p_value = randomization_p_value({diff}, settings);
        result.versus[engine] = versus;
    }
    return result;
}

json report_json(const QualityReport& report) {
    json collections = json::array();
    for (const auto& collection : report.collections) {
        json engines = json::object();
        for (const auto& [engine, scores] : collection.engines) {
            json queries = json::array();
            for (std::size_t i = 0; i < scores.query_ids.size(); ++i) {
                queries.push_back({{"id", scores.query_ids[i]},
                                   {"ap", scores.per_query[i].ap},
                                   {"p10", scores.per_query[i].p10},
                                   {"ndcg10", scores.per_query[i].ndcg10},
                                   {"retrieved", scores.retrieved[i]}});
            }
            json errors = json::array();
            for (const auto& [id, why] : scores.errors) {
                errors.push_back({{"query", id}, {"error", why}});
            }
            engines[engine] = {{"version", scores.version}, {"map", scores.map},
                               {"p10", scores.p10},         {"ndcg10", scores.ndcg10},
                               {"seconds", scores.seconds}, {"run_file", scores.run_file},
                               {"errors", errors},          {"queries", queries}};
        }
        json versus = json::object();
        for (const auto& [peer, v] : collection.versus) {
            versus[peer] = versus_json(v);
        }
        collections.push_back({{"name", collection.name},
                               {"title", collection.title},
                               {"documents", collection.documents},
                               {"queries", collection.queries},
                               {"judged_queries", collection.judged_queries},
                               {"graded", collection.graded},
                               {"engines", engines},
                               {"versus", versus}});
    }
    json overall_engines = json::object();
    json overall_versus_json = json::object();
    for (const auto& engine : report.engines) {
        const Means means = overall_means(report, engine);
        overall_engines[engine] = {{"map", means.map},
                                   {"p10", means.p10},
                                   {"ndcg10", means.ndcg10},
                                   {"collections", means.collections}};
        if (engine != ours) {
            overall_versus_json[engine] = versus_json(overall_versus(report, engine));
        }
    }
    json skipped = json::object();
    for (const auto& [engine, why] : report.skipped) {
        skipped[engine] = why;
    }
    json out = {
        {"format_version", 1},
        {"settings",
         {{"k", report.k},
          {"measures",
           "MAP over the judged queries (top k), P@10, nDCG@10 (gain = grade, log2 discount); "
           "relevant = grade > 0"},
          {"test", "two-sided paired randomization (sign-flip) test on AP; over several "
                   "collections the statistic is the mean of their mean differences"},
          {"permutations", report.settings.permutations},
          {"seed", report.settings.seed}}},
        {"engines", report.engines},
        {"skipped_engines", skipped},
        {"collections", collections},
        {"overall", {{"engines", overall_engines}, {"versus", overall_versus_json}}}};
    for (const auto& [key, value] : report.extra.items()) {
        out[key] = value;
    }
    return out;
}

std::string report_markdown(const QualityReport& report) {
    std::string out;
    const auto header = [&](const std::string& first) {
        out += "| " + first + " |";
        std::string rule = "|---|";
        for (const auto& engine : report.engines) {
            out += " " + engine + " |";
            rule += "---:|";
        }
        out += "\n" + rule + "\n";
    };
    struct Measure {
        const char* title;
        double EngineScores::*field;
        double Means::*mean;
    };
    const Measure measures[] = {{"MAP", &EngineScores::map, &Means::map},
                                {"P@10", &EngineScores::p10, &Means::p10},
                                {"nDCG@10", &EngineScores::ndcg10, &Means::ndcg10}};
    for (const auto& measure : measures) {
        out += fmt::format("**{}**\n\n", measure.title);
        header("collection (docs, judged queries)");
        for (const auto& collection : report.collections) {
            out += fmt::format("| {} ({}, {}{}) |", collection.title, collection.documents,
                               collection.judged_queries, collection.graded ? ", graded" : "");
            const double best = [&] {
                double b = 0;
                for (const auto& [engine, scores] : collection.engines) {
                    b = std::max(b, scores.*measure.field);
                }
                return b;
            }();
            for (const auto& engine : report.engines) {
                const auto it = collection.engines.find(engine);
                if (it == collection.engines.end()) {
                    out += " – |";
                    continue;
                }
                const std::string value = fixed3(it->second.*measure.field);
                out += value == fixed3(best) ? " **" + value + "** |" : " " + value + " |";
            }
            out += "\n";
        }
        if (report.collections.size() > 1) {
            out += fmt::format("| mean of {} |", report.collections.size());
            for (const auto& engine : report.engines) {
                out += " " + fixed3(overall_means(report, engine).*measure.mean) + " |";
            }
            out += "\n";
        }
        out += "\n";
    }
    std::vector<std::string> peers;
    for (const auto& engine : report.engines) {
        if (engine != ours) {
            peers.push_back(engine);
        }
    }
    if (!peers.empty()) {
        out += fmt::format("**{} against each peer, per query on AP**: wins/losses/ties, the MAP "
                           "difference, and p of a two-sided paired randomization test ({} "
                           "permutations, seed {})\n\n",
                           ours, report.settings.permutations, report.settings.seed);
        out += "| collection |";
        std::string rule = "|---|";
        for (const auto& peer : peers) {
            out += " vs " + peer + " |";
            rule += "---|";
        }
        out += "\n" + rule + "\n";
        const auto cell = [](const Versus& v) {
            return fmt::format(" {}/{}/{}, {:+.3f}, p {} |", v.counts.wins, v.counts.losses,
                               v.counts.ties, v.map_difference, p_text(v.p_value));
        };
        for (const auto& collection : report.collections) {
            out += "| " + collection.title + " |";
            for (const auto& peer : peers) {
                const auto it = collection.versus.find(peer);
                out += it == collection.versus.end() ? " – |" : cell(it->second);
            }
            out += "\n";
        }
        if (report.collections.size() > 1) {
            out += "| all (mean of the collections) |";
            for (const auto& peer : peers) {
                out += cell(overall_versus(report, peer));
            }
            out += "\n";
        }
        out += "\n";
    }
    for (const auto& [engine, why] : report.skipped) {
        out += fmt::format("{} skipped: {}\n", engine, why);
    }
    return out;
}

} // namespace news::bench::quality
