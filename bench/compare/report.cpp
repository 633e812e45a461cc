#include "compare/report.hpp"

#include "news/common/error.hpp"

#include "compare/child_process.hpp"
#include "compare/engine_list.hpp"
#include "compare/index_size.hpp"
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace news::bench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::vector<std::pair<std::string, std::string>> mode_titles{
    {"top", "top-10"}, {"count", "top-10 + exact count"}, {"facets", "top-10 + facet counts"}};

/// The engines present in @p report, in the fixed order.
std::vector<std::string> engines_of(const CorpusReport& report) {
    std::vector<std::string> engines;
    for (const auto& engine : compared_engines()) {
        if (report.engines.contains(engine)) {
            engines.push_back(engine);
        }
    }
    return engines;
}

std::string ms(double value) {
    if (value < 1) {
        return fmt::format("{:.3f}", value);
    }
    if (value < 10) {
        return fmt::format("{:.2f}", value);
    }
    return fmt::format("{:.1f}", value);
}

std::string ratio(double value) {
    return value >= 10 ? fmt::format("{:.0f}x", value) : fmt::format("{:.2f}x", value);
}

std::string mib(unsigned long long bytes) {
    return fmt::format("{:.1f}", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

const Latency* latency(const CorpusReport& report, const std::string& engine,
                       const std::string& klass, const std::string& mode) {
    const auto it = report.engines.find(engine);
    return it == report.engines.end() ? nullptr : it->second.latency(klass, mode);
}

/// The percentile @p key ("p50_ms" or "p99_ms") of @p latency.
double percentile(const Latency& latency, const std::string& key) {
    return key == "p99_ms" ? latency.p99_ms : latency.p50_ms;
}

/// peer / ours for @p key ("p50_ms"), or a negative value when either is missing.
double ratio_to_us(const CorpusReport& report, const std::string& engine, const std::string& klass,
                   const std::string& mode, const std::string& key) {
    const Latency* ours = latency(report, "news", klass, mode);
    const Latency* theirs = latency(report, engine, klass, mode);
    if (ours == nullptr || theirs == nullptr || percentile(*ours, key) <= 0) {
        return -1;
    }
    return percentile(*theirs, key) / percentile(*ours, key);
}

std::vector<std::string> classes_of(const CorpusReport& report) {
    return report.fields["classes"].get<std::vector<std::string>>();
}

/// The weakest ratio over every class of @p mode for @p key, and the class it is in.
std::pair<double, std::string> worst_ratio(const CorpusReport& report, const std::string& engine,
                                           const std::string& mode, const std::string& key) {
    double worst = -1;
    std::string where;
    for (const auto& klass : classes_of(report)) {
        const double value = ratio_to_us(report, engine, klass, mode, key);
        if (value >= 0 && (worst < 0 || value < worst)) {
            worst = value;
            where = klass;
        }
    }
    return {worst, where};
}

json target(const std::string& what, double goal, double measured, const std::string& detail,
            bool lower_is_better = false) {
    const bool known = measured >= 0;
    const bool met = known && (lower_is_better ? measured <= goal : measured >= goal);
    return {{"target", what},
            {"goal", goal},
            {"measured", known ? json(measured) : json(nullptr)},
            {"met", met},
            {"detail", detail}};
}

/// "NAME VERSION" with the version @p engine reported at run time ("NAME" alone when it gave
/// none): the report names what it measured, never a version written into the code.
std::string measured(const CorpusReport& report, const std::string& engine,
                     const std::string& name) {
    const auto it = report.engines.find(engine);
    if (it == report.engines.end() || it->second.version.empty()) {
        return name;
    }
    return name + " " + it->second.version;
}

json evaluate_targets(const CorpusReport& report) {
    json targets = json::array();
    const auto engines = engines_of(report);
    const auto has = [&](const std::string& e) {
        return std::find(engines.begin(), engines.end(), e) != engines.end();
    };
    if (has("sqlite")) {
        for (const std::string key : {"p50_ms", "p99_ms"}) {
            const auto [worst, where] = worst_ratio(report, "sqlite", "top", key);
            targets.push_back(
                target(fmt::format("top-10 {} at least 10x faster than {} in every "
                                   "class",
                                   key.substr(0, 3), measured(report, "sqlite", "SQLite FTS5")),
                       10, worst, "weakest class: " + where));
        }
        const auto [worst, where] = worst_ratio(report, "sqlite", "facets", "p50_ms");
        targets.push_back(target("facet queries (p50) at least 5x faster than FTS5's GROUP BY", 5,
                                 worst, "weakest class: " + where));
    }
    if (has("lucene")) {
        const double overall = ratio_to_us(report, "lucene", "", "top", "p50_ms");
        // Lucene p50 / ours >= 1/1.5 means ours is within 1.5x of Lucene.
        const std::string lucene = measured(report, "lucene", "Lucene");
        targets.push_back(target(fmt::format("top-10 p50 within 1.5x of {} (all queries)", lucene),
                                 1 / 1.5, overall, "ratio Lucene/us; 1.0 is parity"));
        const auto [worst, where] = worst_ratio(report, "lucene", "top", "p50_ms");
        targets.push_back(target(fmt::format("top-10 p50 within 1.5x of {} (every class)", lucene),
                                 1 / 1.5, worst, "weakest class: " + where));
    }
    double news_warm = -1;
    double lucene_warm = -1;
    std::vector<double> news_values;
    std::vector<double> lucene_values;
    for (const auto& row : report.fields["one_shot"]) {
        if (row["engine"] == "news") {
            news_values.push_back(row["warm_ms"].get<double>());
        } else if (row["engine"] == "lucene") {
            lucene_values.push_back(row["warm_ms"].get<double>());
        }
    }
    if (!news_values.empty()) {
        news_warm = *std::max_element(news_values.begin(), news_values.end());
        targets.push_back(target("one-shot command-line query under 15 ms wall (warm, slowest "
                                 "query)",
                                 15, news_warm, "news-search, process start to exit", true));
    }
    if (!lucene_values.empty() && news_warm > 0) {
        lucene_warm = *std::min_element(lucene_values.begin(), lucene_values.end());
        targets.push_back(target("one-shot at least 10x faster than the Lucene harness", 10,
                                 lucene_warm / news_warm,
                                 "fastest Lucene run / slowest news-search run"));
    }
    return targets;
}

/// Latency table of one mode: a row per class, "p50 / p99" per engine.
std::string latency_table(const CorpusReport& report, const std::string& mode) {
    const auto engines = engines_of(report);
    std::string out = "| class |";
    std::string rule = "|---|";
    for (const auto& engine : engines) {
        out += " " + engine + " |";
        rule += "---:|";
    }
    out += "\n" + rule + "\n";
    auto row = [&](const std::string& label, const std::string& klass) {
        out += "| " + label + " |";
        for (const auto& engine : engines) {
            const Latency* l = latency(report, engine, klass, mode);
            out +=
                l == nullptr ? " n/a |" : fmt::format(" {} / {} |", ms(l->p50_ms), ms(l->p99_ms));
        }
        out += "\n";
    };
    for (const auto& klass : classes_of(report)) {
        row(klass, klass);
    }
    row("**all**", "");
    return out;
}

/// Ratio table of one mode: peer p50 / our p50, with p99's ratio in brackets.
std::string ratio_table(const CorpusReport& report, const std::string& mode) {
    std::vector<std::string> peers;
    for (const auto& engine : engines_of(report)) {
        if (engine != "news") {
            peers.push_back(engine);
        }
    }
    std::string out = "| class |";
    std::string rule = "|---|";
    for (const auto& engine : peers) {
        out += " " + engine + " |";
        rule += "---:|";
    }
    out += "\n" + rule + "\n";
    auto row = [&](const std::string& label, const std::string& klass) {
        out += "| " + label + " |";
        for (const auto& engine : peers) {
            const double p50 = ratio_to_us(report, engine, klass, mode, "p50_ms");
            const double p99 = ratio_to_us(report, engine, klass, mode, "p99_ms");
            out += p50 < 0 ? " n/a |" : fmt::format(" {} ({}) |", ratio(p50), ratio(p99));
        }
        out += "\n";
    };
    for (const auto& klass : classes_of(report)) {
        row(klass, klass);
    }
    row("**all**", "");
    return out;
}

std::string build_table(const CorpusReport& report) {
    std::string out =
        "| engine | build s | articles/s | index MiB | compacted MiB | build peak RSS "
        "MiB | query peak RSS MiB |\n|---|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& engine : engines_of(report)) {
        const EngineSummary& summary = report.engines.at(engine);
        const double rss = static_cast<double>(summary.query_peak_rss_kib) / 1024.0;
        if (summary.build && summary.build->shares_news) {
            out += fmt::format("| {} | (queries news's index) | | | | | {:.1f} |\n", engine, rss);
            continue;
        }
        const BuildFigures build = summary.build.value_or(BuildFigures{});
        std::string seconds = fmt::format("{:.2f}", build.seconds);
        if (summary.build_seconds) { // built in memory when the queries start
            seconds = fmt::format("{:.2f} (in memory)", *summary.build_seconds);
        }
        double per_second = build.articles_per_second;
        if (summary.build_seconds && *summary.build_seconds > 0) {
            per_second = report.fields["articles"].get<double>() / *summary.build_seconds;
        }
        out += fmt::format("| {} | {} | {:.0f} | {} | {} | {:.1f} | {:.1f} |\n", engine, seconds,
                           per_second, summary.build ? mib(build.index_bytes) : "",
                           build.compacted_bytes ? mib(*build.compacted_bytes) : "",
                           static_cast<double>(build.peak_rss_kib) / 1024.0, rss);
    }
    return out;
}

/// Each engine's served index by part: one row per part, its kind, MiB and share of the
/// engine's total.
std::string index_size_table(const CorpusReport& report) {
    std::string out = "| engine | part | kind | MiB | share |\n|---|---|---|---:|---:|\n";
    for (const auto& engine : engines_of(report)) {
        const EngineSummary& summary = report.engines.at(engine);
        if (!summary.build || !summary.build->size) {
            continue;
        }
        const IndexSize& size = *summary.build->size;
        const unsigned long long total = size.total();
        for (const auto& part : size.parts) {
            out += fmt::format(
                "| {} | {} | {} | {:.2f} | {:.1f}% |\n", engine, part.name, to_string(part.kind),
                static_cast<double>(part.bytes) / (1024.0 * 1024.0),
                total > 0 ? 100.0 * static_cast<double>(part.bytes) / static_cast<double>(total)
                          : 0.0);
        }
        out += fmt::format("| {} | **total** ({}) | | **{:.2f}** | 100% |\n", engine, size.method,
                           static_cast<double>(total) / (1024.0 * 1024.0));
    }
    return out;
}

/// The engines whose index size is known, with it; not the floor, which builds its index in
/// memory from the articles file when it starts.
std::vector<std::pair<std::string, const IndexSize*>> sized_engines(const CorpusReport& report) {
    std::vector<std::pair<std::string, const IndexSize*>> sized;
    for (const auto& engine : engines_of(report)) {
        const EngineSummary& summary = report.engines.at(engine);
        if (engine != "floor" && summary.build && summary.build->size) {
            sized.emplace_back(engine, &*summary.build->size);
        }
    }
    return sized;
}

/// One row per engine: MiB of each part kind, the total, and the total as a multiple of ours.
std::string index_size_by_kind_table(const CorpusReport& report) {
    const auto sized = sized_engines(report);
    const auto ours = std::find_if(sized.begin(), sized.end(),
                                   [](const auto& engine) { return engine.first == "news"; });
    std::string out = "| engine |";
    std::string rule = "|---|";
    for (const PartKind kind : part_kinds) {
        out += fmt::format(" {} |", to_string(kind));
        rule += "---:|";
    }
    out += " total MiB | ours / engine |\n" + rule + "---:|---:|\n";
    const auto mib = [](unsigned long long bytes) {
        return static_cast<double>(bytes) / (1024.0 * 1024.0);
    };
    for (const auto& [engine, size] : sized) {
        out += "| " + engine + " |";
        for (const PartKind kind : part_kinds) {
            out += fmt::format(" {:.2f} |", mib(size->total(kind)));
        }
        out += fmt::format(" {:.2f} |", mib(size->total()));
        out += ours != sized.end() && size->total() > 0
                   ? fmt::format(" {:.2f}x |\n", static_cast<double>(ours->second->total()) /
                                                     static_cast<double>(size->total()))
                   : " n/a |\n";
    }
    return out;
}

std::string throughput_table(const CorpusReport& report) {
    std::vector<unsigned> thread_counts;
    for (const auto& engine : engines_of(report)) {
        for (const auto& pass : report.engines.at(engine).throughput) {
            const unsigned threads = pass.threads;
            if (std::find(thread_counts.begin(), thread_counts.end(), threads) ==
                thread_counts.end()) {
                thread_counts.push_back(threads);
            }
        }
    }
    std::sort(thread_counts.begin(), thread_counts.end());
    std::string out = "| engine |";
    std::string rule = "|---|";
    for (const unsigned threads : thread_counts) {
        out += fmt::format(" {} thread{} |", threads, threads == 1 ? "" : "s");
        rule += "---:|";
    }
    out += "\n" + rule + "\n";
    for (const auto& engine : engines_of(report)) {
        out += "| " + engine + " |";
        for (const unsigned threads : thread_counts) {
            std::string cell = " n/a |";
            for (const auto& pass : report.engines.at(engine).throughput) {
                if (pass.threads == threads) {
                    cell = fmt::format(" {:.0f} |", pass.queries_per_second);
                }
            }
            out += cell;
        }
        out += "\n";
    }
    return out;
}

std::string one_shot_table(const CorpusReport& report) {
    std::string out = "| query | engine | cold ms | warm ms |\n|---|---|---:|---:|\n";
    for (const auto& row : report.fields["one_shot"]) {
        out += fmt::format("| {} | {} | {} | {} |\n", row["query"].get<std::string>(),
                           row["engine"].get<std::string>(), ms(row["cold_ms"].get<double>()),
                           ms(row["warm_ms"].get<double>()));
    }
    return out;
}

std::string agreement_section(const CorpusReport& report) {
    std::string out = "| engine | queries compared | same exact count as ours |\n|---|---:|---:|\n";
    std::string examples;
    for (const auto& engine : engines_of(report)) {
        if (!report.fields["agreement"].contains(engine)) {
            continue;
        }
        const json& a = report.fields["agreement"][engine];
        const double compared = a["compared"].get<double>();
        out += fmt::format("| {} | {} | {} ({:.0f}%) |\n", engine, a["compared"].get<std::size_t>(),
                           a["equal"].get<std::size_t>(),
                           compared > 0 ? 100.0 * a["equal"].get<double>() / compared : 0.0);
        for (const auto& example : a["examples"]) {
            std::string line = example["query"].get<std::string>();
            std::replace(line.begin(), line.end(), '\t', ' ');
            examples += fmt::format(
                "- {}: `{}`: ours {}, {} {}\n", example["id"].get<std::string>(), line,
                example["ours"].get<std::size_t>(), engine, example["theirs"].get<std::size_t>());
        }
    }
    if (!examples.empty()) {
        out +=
            "\nFirst disagreements (query line: id, class, op, terms, dates, filter, sort):\n\n" +
            examples;
    }
    return out;
}

std::string targets_table(const CorpusReport& report) {
    std::string out = "| target | measured | met | detail |\n|---|---:|---|---|\n";
    for (const auto& t : report.fields["targets"]) {
        const std::string measured =
            t["measured"].is_null() ? "n/a" : fmt::format("{:.2f}", t["measured"].get<double>());
        out += fmt::format("| {} | {} | {} | {} |\n", t["target"].get<std::string>(), measured,
                           t["met"].get<bool>() ? "yes" : "**no**", t["detail"].get<std::string>());
    }
    return out;
}

/// What each engine is, with the versions the engines reported when they ran.
std::string engines_paragraph(const CorpusReport& report) {
    const json& settings = report.fields["settings"];
    return fmt::format(
        "Engines: **news** is news-search's engine ({}: our query builder and ranking, IneB2 "
        "with the title boost, on the {} database); **xapian** a minimal Enquire loop with BM25 "
        "k1 1.2 b 0.75 on the same database ({}); **sqlite** {} (`porter unicode61`, ranked by "
        "`bm25()`); **lucene** {} "
        "(EnglishAnalyzer, BM25 k1 1.2 b 0.75); **floor** a hand-written in-memory inverted index "
        "with exhaustive BM25. Ratios are peer / us: above 1 we are faster. Timings are per "
        "search inside each engine's process, reading the top 10 ids included. Queries: `{}` "
        "plus `bench/queries/handwritten.tsv`.\n\n",
        measured(report, "news", "news"),
        settings["compacted"].get<bool>() ? "compacted" : "uncompacted",
        measured(report, "xapian", "Xapian"), measured(report, "sqlite", "SQLite FTS5"),
        measured(report, "lucene", "Lucene"), report.fields["queries_file"].get<std::string>());
}

std::string markdown(const CorpusReport& typed, const std::vector<std::string>& plots) {
    const json& report = typed.fields;
    const json& machine = report["machine"];
    const json& settings = report["settings"];
    std::ostringstream md;
    md << "# Engine comparison: " << report["corpus"]["title"].get<std::string>() << "\n\n";
    md << fmt::format("{} articles ({:.1f} MB of text), {} queries in {} classes; {} timed "
                      "run(s) after {} warm-up pass(es) per mode; throughput on {} thread(s).\n",
                      report["articles"].get<std::size_t>(),
                      report["text_bytes"].get<double>() / 1e6,
                      report["queries"].get<std::size_t>(), report["classes"].size(),
                      settings["runs"].get<std::size_t>(), settings["warmup"].get<std::size_t>(),
                      settings["threads"].get<std::string>());
    md << fmt::format("Machine: {} cores, {}; Xapian {}; {}; load average {} when the run "
                      "began.\n\n",
                      machine["cores"].get<unsigned>(), machine["cpu"].get<std::string>(),
                      machine["xapian"].get<std::string>(), machine["date"].get<std::string>(),
                      machine.value("load_average", std::string("unknown")));
    md << "Command: `" << machine["command"].get<std::string>() << "`\n\n";
    md << engines_paragraph(typed);
    if (!report["skipped_engines"].empty()) {
        for (const auto& [engine, why] : report["skipped_engines"].items()) {
            md << "Skipped: " << engine << ": " << why.get<std::string>() << "\n\n";
        }
    }
    md << "## Targets\n\n" << targets_table(typed) << "\n";
    md << "## Index build\n\n" << build_table(typed) << "\n";
    md << "## Index size by part\n\nThe index each engine serves (ours compacted), every one "
          "keeping the text a hit and its snippet need: ours the body (value slot 9) and the "
          "document data, Lucene the id, title and body as stored fields, FTS5 its content "
          "table. Ours by Xapian table (`*.glass`) and side file, with the bodies apart from the "
          "postlist table that holds them (their values' bytes), Lucene by file extension, FTS5 "
          "by b-tree from SQLite's `dbstat`. The first table adds the parts up by kind "
          "(FTS5 keeps positions inside its postings); the second lists every part.\n\n"
       << index_size_by_kind_table(typed) << "\n"
       << index_size_table(typed) << "\n";
    for (const auto& [mode, title] : mode_titles) {
        md << "## Latency, " << title << " (ms, p50 / p99)\n\n"
           << latency_table(typed, mode) << "\n";
        md << "Peers' ratio to us, " << title << ": p50 (p99)\n\n"
           << ratio_table(typed, mode) << "\n";
    }
    md << "## Throughput (top-10 queries/s)\n\n" << throughput_table(typed) << "\n";
    const auto floor = typed.engines.find("floor");
    if (floor != typed.engines.end() && floor->second.ns_per_posting) {
        md << fmt::format("The floor spent {:.2f} ns per posting touched (top-10 mode).\n\n",
                          *floor->second.ns_per_posting);
    }
    md << "## One-shot command line\n\nWall time from process start to exit for one query: "
          "`news-search` (snippets included, as people run it), the `sqlite3` shell with the "
          "same SQL, and the Lucene harness's `once` command. Cold: the index files dropped from "
          "the page cache first (posix_fadvise); warm: median of repeats.\n\n"
       << one_shot_table(typed) << "\n";
    md << "## Do the engines agree?\n\nExact match counts per query, compared with ours. "
          "Differences come from analysis: Porter (Lucene, FTS5) vs Snowball english stemming "
          "(us, the floor), tokenisers splitting words differently (apostrophes, digits, "
          "hyphens), and FTS5 matching prefixes against stemmed tokens.\n\n"
       << agreement_section(typed) << "\n";
    if (!report["class_shortfalls"].empty()) {
        md << "## Classes with fewer queries than asked\n\n";
        for (const auto& s : report["class_shortfalls"]) {
            md << fmt::format("- {}: {} ({})\n", s["class"].get<std::string>(),
                              s["generated"].get<std::size_t>(), s["reason"].get<std::string>());
        }
        md << "\n";
    }
    if (!plots.empty()) {
        md << "## Plots\n\n";
        for (const auto& plot : plots) {
            md << "![" << fs::path(plot).stem().string() << "]("
               << fs::path(plot).filename().string() << ")\n\n";
        }
    }
    return md.str();
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
        throw Error(ErrorKind::Io, fmt::format("cannot write {}", path));
    }
}

bool have_gnuplot() {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path == nullptr ? "" : path);
    for (std::string dir; std::getline(dirs, dir, ':');) {
        if (!dir.empty() && ::access((dir + "/gnuplot").c_str(), X_OK) == 0) {
            return true;
        }
    }
    return false;
}

/// A gnuplot-quoted string.
std::string gnuplot_quoted(const std::string& text) {
    std::string out = "'";
    for (const char c : text) {
        out += c == '\'' ? std::string("''") : std::string(1, c);
    }
    return out + "'";
}

/// Draws @p png (@p size pixels, "W,H") with gnuplot: the output settings, then @p commands,
/// written to the script @p scratch/@p name.gp first. Returns @p png.
std::string draw_png(const std::string& scratch, const std::string& name, std::string_view size,
                     const std::string& png, const std::string& commands) {
    const std::string script = scratch + "/" + name + ".gp";
    write_file(script, fmt::format("set terminal pngcairo size {} font ',10'\nset output {}\n"
                                   "set datafile separator '\\t'\n{}",
                                   size, gnuplot_quoted(png), commands));
    run_child_checked({"gnuplot", script}, scratch);
    return png;
}

/// Latency per class of @p mode: p50 and p99, one panel per percentile. Returns the PNG's path.
std::string latency_plot(const CorpusReport& typed, const std::string& mode,
                         const std::string& title, const std::string& out_dir,
                         const std::string& scratch) {
    const json& report = typed.fields;
    const std::string corpus = report["corpus"]["name"].get<std::string>();
    const auto engines = engines_of(typed);
    const std::string data = scratch + "/latency-" + mode + ".dat";
    std::ostringstream table;
    for (const std::string key : {"p50_ms", "p99_ms"}) {
        table << "class"; // every block has its header: gnuplot's columnheader reads it
        for (const auto& engine : engines) {
            table << '\t' << engine;
        }
        table << '\n';
        for (const auto& klass : classes_of(typed)) {
            table << klass;
            for (const auto& engine : engines) {
                const Latency* l = latency(typed, engine, klass, mode);
                table << '\t'
                      << (l == nullptr ? std::string("NaN")
                                       : fmt::format("{:.6f}", percentile(*l, key)));
            }
            table << '\n';
        }
        table << "\n\n";
    }
    write_file(data, table.str());
    const std::string commands = fmt::format(
        "set style data histogram\nset style histogram clustered gap 1\n"
        "set style fill solid 0.85 border -1\nset logscale y\nset yrange [0.001:*]\n"
        "set grid ytics\nset xtics rotate by -30 scale 0\nset key top left\n"
        "set ylabel 'ms (log scale)'\n"
        "set multiplot layout 2,1 title {title}\n"
        "set title 'p50'\nplot for [i=2:{last}] {data} index 0 using i:xtic(1) title "
        "columnheader(i)\n"
        "set title 'p99'\nplot for [i=2:{last}] {data} index 1 using i:xtic(1) title "
        "columnheader(i)\n"
        "unset multiplot\n",
        fmt::arg("data", gnuplot_quoted(data)), fmt::arg("last", engines.size() + 1),
        fmt::arg("title",
                 gnuplot_quoted(fmt::format("{}: {} latency per query class",
                                            report["corpus"]["title"].get<std::string>(), title))));
    return draw_png(scratch, "latency-" + mode, "1400,900",
                    fmt::format("{}/compare-{}-latency-{}.png", out_dir, corpus, mode), commands);
}

/// Throughput against threads, a line per engine. Returns the PNG's path.
std::string throughput_plot(const CorpusReport& typed, const std::string& out_dir,
                            const std::string& scratch) {
    const json& report = typed.fields;
    const std::string corpus = report["corpus"]["name"].get<std::string>();
    const auto engines = engines_of(typed);
    const std::string data = scratch + "/throughput.dat";
    std::ostringstream table;
    for (const auto& engine : engines) {
        table << "# " << engine << "\nthreads\t" << engine << '\n';
        for (const auto& pass : typed.engines.at(engine).throughput) {
            table << pass.threads << '\t' << fmt::format("{:.1f}", pass.queries_per_second) << '\n';
        }
        table << "\n\n";
    }
    write_file(data, table.str());
    const std::string commands =
        fmt::format("set logscale y\nset grid\nset key outside right\n"
                    "set xlabel 'threads'\nset ylabel 'top-10 queries/s (log scale)'\nset xtics 1\n"
                    "set title {title}\n"
                    "plot for [i=0:{last}] {data} index i using 1:2 with linespoints lw 2 title "
                    "columnheader(2)\n",
                    fmt::arg("data", gnuplot_quoted(data)), fmt::arg("last", engines.size() - 1),
                    fmt::arg("title", gnuplot_quoted(report["corpus"]["title"].get<std::string>() +
                                                     ": throughput against threads")));
    return draw_png(scratch, "throughput", "900,600",
                    fmt::format("{}/compare-{}-throughput.png", out_dir, corpus), commands);
}

/// Each engine's index size as one bar, stacked by part kind.
std::string size_plot(const CorpusReport& report, const std::string& out_dir,
                      const std::string& scratch) {
    const auto sized = sized_engines(report);
    const std::string data = scratch + "/size.dat";
    std::ostringstream table;
    table << "engine";
    for (const PartKind kind : part_kinds) {
        table << '\t' << to_string(kind);
    }
    table << '\n';
    for (const auto& [engine, size] : sized) {
        table << engine;
        for (const PartKind kind : part_kinds) {
            table << '\t'
                  << fmt::format("{:.2f}",
                                 static_cast<double>(size->total(kind)) / (1024.0 * 1024.0));
        }
        table << '\n';
    }
    write_file(data, table.str());
    const json& fields = report.fields;
    const std::string commands =
        fmt::format("set grid ytics\nset key outside right\n"
                    "set style data histograms\nset style histogram rowstacked\n"
                    "set style fill solid 0.8 border -1\nset boxwidth 0.6\nset yrange [0:*]\n"
                    "set ylabel 'index size, MiB'\nset title {title}\n"
                    "plot for [i=2:{last}] {data} using i:xtic(1) title columnheader(i)\n",
                    fmt::arg("data", gnuplot_quoted(data)), fmt::arg("last", part_kinds.size() + 1),
                    fmt::arg("title", gnuplot_quoted(fields["corpus"]["title"].get<std::string>() +
                                                     ": index size by part kind")));
    return draw_png(
        scratch, "size", "900,600",
        fmt::format("{}/compare-{}-size.png", out_dir, fields["corpus"]["name"].get<std::string>()),
        commands);
}

std::vector<std::string> make_plots(const CorpusReport& report, const std::string& out_dir,
                                    const std::string& scratch) {
    std::vector<std::string> plots;
    plots.reserve(mode_titles.size() + 2);
    for (const auto& [mode, title] : mode_titles) {
        plots.push_back(latency_plot(report, mode, title, out_dir, scratch));
    }
    plots.push_back(throughput_plot(report, out_dir, scratch));
    if (!sized_engines(report).empty()) {
        plots.push_back(size_plot(report, out_dir, scratch));
    }
    return plots;
}

} // namespace

json CorpusReport::to_json() const {
    json out = fields;
    out["engines"] = json::object();
    for (const auto& [engine, summary] : engines) {
        out["engines"][engine] = bench::to_json(summary);
    }
    return out;
}

ReportFiles write_report(CorpusReport& report, const std::string& out_dir, bool plots,
                         const std::string& scratch) {
    report.fields["targets"] = evaluate_targets(report);
    fs::create_directories(out_dir);
    fs::create_directories(scratch);
    ReportFiles files;
    const std::string corpus = report.fields["corpus"]["name"].get<std::string>();
    if (plots) {
        if (have_gnuplot()) {
            files.plots = make_plots(report, out_dir, scratch);
        } else {
            fmt::print(stderr, "news-bench compare: plots left out: gnuplot is not installed\n");
        }
    }
    files.json = fmt::format("{}/compare-{}.json", out_dir, corpus);
    files.markdown = fmt::format("{}/compare-{}.md", out_dir, corpus);
    write_file(files.json, report.to_json().dump(2) + "\n");
    write_file(files.markdown, markdown(report, files.plots));
    return files;
}

std::string text_summary(const CorpusReport& report) {
    const json& fields = report.fields;
    std::ostringstream out;
    out << fields["corpus"]["title"].get<std::string>() << ": "
        << fields["articles"].get<std::size_t>() << " articles, "
        << fields["queries"].get<std::size_t>() << " queries\n\n";
    out << "Build\n" << build_table(report) << "\n";
    out << "Top-10 latency, ms (p50 / p99)\n" << latency_table(report, "top") << "\n";
    out << "Peers' ratio to us, top-10: p50 (p99)\n" << ratio_table(report, "top") << "\n";
    out << "Facets, peers' ratio to us: p50 (p99)\n" << ratio_table(report, "facets") << "\n";
    out << "Throughput, queries/s\n" << throughput_table(report) << "\n";
    out << "One-shot\n" << one_shot_table(report) << "\n";
    out << "Targets\n" << targets_table(report) << "\n";
    out << "Report: " << fields["files"]["markdown"].get<std::string>() << "\n";
    return out.str();
}

} // namespace news::bench
