/// @file
/// @brief `news-bench entities`: what it measures and how to run it.
///
/// What it measures: for every corpus the labels refer to, news-index builds a temporary
/// database of the whole corpus (entities on, as by default); news-search exports the labelled
/// articles' `entities`, which are scored against the annotations (scoring.hpp: micro
/// precision, recall and F1 over (article, entity) pairs, typed, per corpus and overall); then
/// the top 10 values of each entity facet over the whole corpus are judged against the shipped
/// judgement file (precision over the judged ones; the others are listed as unjudged).
/// Run: news-bench entities [--json]      (bench/README.md, Entities)
#include "entities/entities_command.hpp"

#include "news/common/cli.hpp"
#include "news/common/error.hpp"

#include "compare/child_process.hpp"
#include "compare/tools.hpp"
#include "entities/scoring.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#ifndef NEWS_SHARED_DIR
#define NEWS_SHARED_DIR "../shared"
#endif
#ifndef NEWS_SOURCE_DIR
#define NEWS_SOURCE_DIR "."
#endif

namespace news::bench {
namespace {

namespace fs = std::filesystem;
using entities::Counts;
using entities::TypedCounts;

/// Where each corpus named in the labels is, below --corpora.
const std::map<std::string, std::string, std::less<>>& corpus_paths() {
    static const std::map<std::string, std::string, std::less<>> paths{
        {"bbc", "bbc-fulltext/bbc-fulltext.tar.xz"},
        {"fakenewsnet", "fakenewsnet-articles/fakenewsnet_articles.tar.xz"},
        {"reuters", "reuters21578/reuters21578.tar.gz"}};
    return paths;
}

constexpr std::size_t top_values = 10;

struct EntitiesConfig {
    std::string labels;
    std::string judgements;
    std::string corpora;
    std::string news_index;
    std::string news_search;
    std::string work;              ///< empty: a temporary folder, removed afterwards
    std::vector<std::string> only; ///< --corpus: score these corpora only
    bool json = false;
};

constexpr std::string_view examples =
    R"(  news-bench entities                       (every labelled corpus: BBC, FakeNewsNet, Reuters)
  news-bench entities --corpus reuters --json
  news-bench entities --labels my-labels.tsv --judgements my-judgements.tsv
)";

std::string labels_dir() {
    return std::string(NEWS_SOURCE_DIR) + "/bench/entities/labels";
}

std::optional<EntitiesConfig> parse_options(int argc, const char* const* argv) {
    const Tools tools = find_tools();
    cxxopts::Options options(
        "news-bench entities",
        "The people, places and organisations news-index extracts, scored against hand-annotated "
        "articles (typed micro precision, recall, F1), and each corpus's top entity facet values "
        "judged.");
    // clang-format off
    options.add_options()
        ("labels", "the annotations (TSV: corpus, id, type, name, variants)", cxxopts::value<std::string>()->default_value(labels_dir() + "/entities.tsv"), "FILE")
        ("judgements", "judged facet values (TSV: corpus, type, value, ok|junk, note)", cxxopts::value<std::string>()->default_value(labels_dir() + "/facet-judgements.tsv"), "FILE")
        ("corpora", "the shared corpora's folder", cxxopts::value<std::string>()->default_value(std::string(NEWS_SHARED_DIR) + "/corpora"), "DIR")
        ("corpus", "score only this corpus of the labels: bbc, fakenewsnet or reuters (repeatable)", cxxopts::value<std::vector<std::string>>(), "NAME")
        ("news-index", "the news-index to run", cxxopts::value<std::string>()->default_value(tools.index), "PATH")
        ("news-search", "the news-search to run", cxxopts::value<std::string>()->default_value(tools.search), "PATH")
        ("work", "folder for the databases, kept afterwards (default: a temporary folder, removed)", cxxopts::value<std::string>(), "DIR");
    // clang-format on
    cli::OutputOptions::add_to(options, false);
    cli::add_standard_options(options);
    const auto parsed = cli::parse(options, argc, argv);
    if (cli::handle_standard_options(options, parsed, examples)) {
        return std::nullopt;
    }
    EntitiesConfig config;
    config.labels = parsed["labels"].as<std::string>();
    config.judgements = parsed["judgements"].as<std::string>();
    config.corpora = parsed["corpora"].as<std::string>();
    config.news_index = parsed["news-index"].as<std::string>();
    config.news_search = parsed["news-search"].as<std::string>();
    if (parsed.count("work") > 0) {
        config.work = parsed["work"].as<std::string>();
    }
    if (parsed.count("corpus") > 0) {
        config.only = parsed["corpus"].as<std::vector<std::string>>();
        for (const auto& name : config.only) {
            if (corpus_paths().count(name) == 0) {
                throw Error(ErrorKind::Usage, fmt::format("unknown corpus '{}'", name),
                            "the corpora are bbc, fakenewsnet and reuters");
            }
        }
    }
    config.json = cli::OutputOptions::from(parsed).json;
    return config;
}

/// A folder removed on destruction unless it was given.
class WorkDir {
public:
    explicit WorkDir(const std::string& given) {
        if (!given.empty()) {
            m_path = given;
            std::error_code error;
            fs::create_directories(m_path, error);
            if (error) {
                throw Error(ErrorKind::CannotCreate,
                            fmt::format("cannot create {}: {}", given, error.message()));
            }
            return;
        }
        std::string pattern = (fs::temp_directory_path() / "news-bench-entities-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw Error(ErrorKind::CannotCreate,
                        fmt::format("cannot create a temporary folder like {}", pattern));
        }
        m_path = pattern;
        m_owned = true;
    }
    WorkDir(const WorkDir&) = delete;
    WorkDir& operator=(const WorkDir&) = delete;
    ~WorkDir() {
        if (m_owned) {
            std::error_code ignored;
            fs::remove_all(m_path, ignored);
        }
    }
    [[nodiscard]] const std::string& path() const { return m_path; }

private:
    std::string m_path;
    bool m_owned = false;
};

std::ifstream open_input(const std::string& path, const char* what) {
    std::ifstream in(path);
    if (!in) {
        throw Error(ErrorKind::NotFound, fmt::format("{} not found: {}", what, path));
    }
    return in;
}

/// The end of a child's stderr, for an error message.
std::string tail_of(const std::string& text) {
    constexpr std::size_t keep = 600;
    std::string tail = text.size() > keep ? "..." + text.substr(text.size() - keep) : text;
    while (!tail.empty() && (tail.back() == '\n' || tail.back() == ' ')) {
        tail.pop_back();
    }
    std::replace(tail.begin(), tail.end(), '\n', ' ');
    return tail;
}

const std::string no_entities_hint =
    "build news-index and news-search with entity extraction (entity.person, entity.place and "
    "entity.org facets; common/SCHEMA.md), or give --news-index/--news-search that have it";

/// The entity facets' top values of a news-search JSON object: `--stats --json` (facets.NAME.top)
/// or a search's `--json` (facets.NAME); nothing when it has none of them.
std::optional<std::map<std::string, std::vector<std::pair<std::string, std::size_t>>>>
facets_of(const nlohmann::json& json) {
    if (!json.is_object() || !json.contains("facets") || !json["facets"].is_object()) {
        return std::nullopt;
    }
    std::map<std::string, std::vector<std::pair<std::string, std::size_t>>> top;
    for (const auto type : entities::types) {
        const auto it = json["facets"].find(fmt::format("entity.{}", type));
        if (it == json["facets"].end()) {
            return std::nullopt;
        }
        const nlohmann::json& list = it->is_object() ? it->value("top", nlohmann::json()) : *it;
        if (!list.is_array()) {
            return std::nullopt;
        }
        auto& values = top[std::string(type)];
        for (const auto& entry : list) {
            if (values.size() < top_values && entry.is_object()) {
                values.emplace_back(entry.value("value", std::string()),
                                    entry.value("count", std::size_t{0}));
            }
        }
    }
    return top;
}

/// The top values of the three entity facets over the whole database: from `--stats --json`,
/// else from `-n 0 --facet entity.TYPE --facet-limit 10 --json`.
/// @throws news::Error (Incompatible) when neither shows the entity facets, or all are empty.
std::map<std::string, std::vector<std::pair<std::string, std::size_t>>>
top_facet_values(const EntitiesConfig& config, const std::string& db, const std::string& scratch) {
    const ChildRun stats =
        run_child({config.news_search, "--db", db, "--stats", "--json"}, scratch);
    auto top = stats.exit_code == 0 ? facets_of(nlohmann::json::parse(stats.out, nullptr, false))
                                    : std::nullopt;
    std::string why = stats.exit_code == 0 ? "--stats --json shows no entity.* facets"
                                           : fmt::format("--stats --json failed (exit {}): {}",
                                                         stats.exit_code, tail_of(stats.err));
    if (!top) {
        std::vector<std::string> argv{config.news_search, "--db", db, "-n", "0"};
        for (const auto type : entities::types) {
            argv.emplace_back("--facet");
            argv.push_back(fmt::format("entity.{}", type));
        }
        argv.insert(argv.end(), {"--facet-limit", std::to_string(top_values), "--json"});
        const ChildRun search = run_child(argv, scratch);
        if (search.exit_code == 0) {
            top = facets_of(nlohmann::json::parse(search.out, nullptr, false));
        }
        why += search.exit_code == 0 ? "; --facet entity.person --json shows no entity facets"
                                     : fmt::format("; --facet entity.person failed (exit {}): {}",
                                                   search.exit_code, tail_of(search.err));
    }
    if (!top) {
        throw Error(ErrorKind::Incompatible,
                    fmt::format("{} has no entity facets: news-search {}", db, why),
                    no_entities_hint);
    }
    bool any = false;
    for (const auto& [type, values] : *top) {
        any = any || !values.empty();
    }
    if (!any) {
        throw Error(ErrorKind::Incompatible,
                    fmt::format("{} has no entity facets: no article has a person, place or "
                                "organisation",
                                db),
                    "was it built with --no-entities? " + no_entities_hint);
    }
    return *top;
}

/// The exported entities of the articles of @p wanted, by id.
std::map<std::string, entities::Predicted> export_entities(const EntitiesConfig& config,
                                                           const std::string& db,
                                                           const std::set<std::string>& wanted,
                                                           const std::string& scratch) {
    const ChildRun run = run_child(
        {config.news_search, "--db", db, "--export", "jsonl", "--fields", "id,entities"}, scratch);
    if (run.exit_code != 0) {
        throw Error(ErrorKind::Incompatible,
                    fmt::format("news-search cannot export the entities of {} (exit {}): {}", db,
                                run.exit_code, tail_of(run.err)),
                    no_entities_hint);
    }
    std::map<std::string, entities::Predicted> found;
    std::istringstream lines(run.out);
    std::string line;
    std::size_t number = 0;
    while (std::getline(lines, line)) {
        ++number;
        if (line.empty()) {
            continue;
        }
        const auto json = nlohmann::json::parse(line, nullptr, false);
        if (!json.is_object() || !json.contains("id") || !json["id"].is_string()) {
            throw Error(ErrorKind::Internal,
                        fmt::format("news-search --export jsonl line {}: no id", number));
        }
        const std::string id = json["id"].get<std::string>();
        if (wanted.count(id) == 0) {
            continue;
        }
        if (!json.contains("entities") || !json["entities"].is_object()) {
            throw Error(ErrorKind::Incompatible,
                        fmt::format("news-search exports no 'entities' object for {}", id),
                        no_entities_hint);
        }
        entities::Predicted predicted;
        for (const auto type : entities::types) {
            auto& values = predicted[std::string(type)];
            const auto it = json["entities"].find(std::string(type));
            if (it != json["entities"].end() && it->is_array()) {
                for (const auto& value : *it) {
                    if (value.is_string()) {
                        values.push_back(value.get<std::string>());
                    }
                }
            }
        }
        found[id] = std::move(predicted);
    }
    return found;
}

nlohmann::json counts_json(const Counts& c) {
    return {{"tp", c.tp},           {"fp", c.fp},  {"fn", c.fn}, {"precision", c.precision()},
            {"recall", c.recall()}, {"f1", c.f1()}};
}

nlohmann::json typed_json(const TypedCounts& counts) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [type, c] : counts) {
        out[type] = counts_json(c);
    }
    return out;
}

std::string score_rows(const std::string& corpus, std::size_t articles, const TypedCounts& counts) {
    std::string rows;
    std::vector<std::string> order(entities::types.begin(), entities::types.end());
    order.emplace_back("all");
    for (const auto& type : order) {
        const auto it = counts.find(type);
        const Counts c = it == counts.end() ? Counts{} : it->second;
        rows += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {:.3f} | {:.3f} | {:.3f} |\n",
                            corpus, articles, type, c.tp + c.fn, c.tp + c.fp, c.tp, c.fp,
                            c.precision(), c.recall(), c.f1());
    }
    return rows;
}

int run(const EntitiesConfig& config) {
    auto labels_in = open_input(config.labels, "labels");
    const auto labelled = entities::read_labels(labels_in, config.labels);
    auto judgements_in = open_input(config.judgements, "judgements");
    const auto judgements = entities::Judgements::read(judgements_in, config.judgements);

    // The corpora in the labels' order, each with its labelled articles.
    std::vector<std::string> corpora;
    std::map<std::string, std::vector<const entities::LabelledArticle*>> by_corpus;
    for (const auto& article : labelled) {
        if (corpus_paths().count(article.corpus) == 0) {
            throw Error(ErrorKind::BadData,
                        fmt::format("{}: unknown corpus '{}' (of {})", config.labels,
                                    article.corpus, article.id),
                        "the corpora are bbc, fakenewsnet and reuters");
        }
        if (!config.only.empty() && std::find(config.only.begin(), config.only.end(),
                                              article.corpus) == config.only.end()) {
            continue;
        }
        if (by_corpus.count(article.corpus) == 0) {
            corpora.push_back(article.corpus);
        }
        by_corpus[article.corpus].push_back(&article);
    }
    if (corpora.empty()) {
        throw Error(ErrorKind::Usage, "no labelled article in the corpora asked for");
    }
    for (const auto& tool : {config.news_index, config.news_search}) {
        if (!fs::exists(tool)) {
            throw Error(ErrorKind::NotFound, fmt::format("tool not found: {}", tool),
                        "build it (cmake --build build/dev --target news-index news-search), "
                        "or give --news-index/--news-search");
        }
    }
    const WorkDir work(config.work);

    nlohmann::json report{{"format_version", 1},
                          {"labels", config.labels},
                          {"judgements", config.judgements},
                          {"corpora", nlohmann::json::array()}};
    TypedCounts total;
    std::size_t total_articles = 0;
    std::string score_table;
    std::string facet_table;
    std::vector<std::string> unjudged_lines;
    for (const auto& corpus : corpora) {
        const std::string input = config.corpora + "/" + corpus_paths().find(corpus)->second;
        if (!fs::exists(input)) {
            throw Error(ErrorKind::NotFound, fmt::format("corpus not found: {}", input),
                        "give --corpora DIR (the folder holding the shared corpora)");
        }
        const std::string db = work.path() + "/" + corpus + ".db";
        if (!config.json) {
            fmt::print(stderr, "news-bench entities: indexing {}\n", input);
        }
        (void)run_child_checked({config.news_index, "--db", db, "--overwrite", "-qq", input},
                                work.path());
        const auto top = top_facet_values(config, db, work.path());
        std::set<std::string> wanted;
        for (const auto* article : by_corpus[corpus]) {
            wanted.insert(article->id);
        }
        const auto predicted = export_entities(config, db, wanted, work.path());
        TypedCounts corpus_counts;
        nlohmann::json articles_json = nlohmann::json::array();
        for (const auto* article : by_corpus[corpus]) {
            const auto it = predicted.find(article->id);
            if (it == predicted.end()) {
                throw Error(ErrorKind::BadData,
                            fmt::format("labelled article {} is not in the database of {}",
                                        article->id, input),
                            "the ids must be those news-index gives the corpus's articles");
            }
            const auto counts = entities::score_article(article->entities, it->second);
            add_counts(corpus_counts, counts);
            articles_json.push_back(
                {{"id", article->id}, {"predicted", it->second}, {"scores", typed_json(counts)}});
        }
        add_counts(total, corpus_counts);
        total_articles += by_corpus[corpus].size();
        score_table += score_rows(corpus, by_corpus[corpus].size(), corpus_counts);

        nlohmann::json facets = nlohmann::json::object();
        for (const auto type : entities::types) {
            const auto& values = top.at(std::string(type));
            std::vector<std::string> names;
            nlohmann::json listed = nlohmann::json::array();
            for (const auto& [value, count] : values) {
                names.push_back(value);
                const auto judgement = judgements.find(corpus, type, value);
                listed.push_back(
                    {{"value", value},
                     {"count", count},
                     {"verdict",
                      judgement ? nlohmann::json(judgement->ok ? "ok" : "junk") : nlohmann::json()},
                     {"note", judgement ? nlohmann::json(judgement->note) : nlohmann::json()}});
            }
            const auto judged = entities::judge_values(judgements, corpus, type, names);
            facets[std::string(type)] = {{"top", listed},
                                         {"ok", judged.ok},
                                         {"junk", judged.junk},
                                         {"unjudged", judged.unjudged},
                                         {"precision", judged.precision()}};
            std::string shown;
            for (const auto& [value, count] : values) {
                const auto judgement = judgements.find(corpus, type, value);
                shown += fmt::format("{}{} ({}){}", shown.empty() ? "" : ", ", value, count,
                                     !judgement ? " ?" : (judgement->ok ? "" : " ✗"));
            }
            facet_table += fmt::format("| {} | {} | {:.2f} | {} | {} | {} | {} |\n", corpus, type,
                                       judged.precision(), judged.ok, judged.junk,
                                       judged.unjudged.size(), shown);
            for (const auto& value : judged.unjudged) {
                unjudged_lines.push_back(fmt::format("{}\t{}\t{}", corpus, type, value));
            }
        }
        report["corpora"].push_back({{"corpus", corpus},
                                     {"input", input},
                                     {"articles", by_corpus[corpus].size()},
                                     {"scores", typed_json(corpus_counts)},
                                     {"facets", facets},
                                     {"per_article", articles_json}});
    }
    report["articles"] = total_articles;
    report["scores"] = typed_json(total);
    if (config.json) {
        fmt::print("{}\n", report.dump(2));
        return 0;
    }
    fmt::print("Entities against {} ({} articles): micro scores over (article, entity) pairs\n\n",
               config.labels, total_articles);
    fmt::print("| corpus | articles | type | annotated | predicted | TP | FP | P | R | F1 |\n");
    fmt::print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    fmt::print("{}", score_table);
    fmt::print("{}", score_rows("all", total_articles, total));
    fmt::print("\nTop {} facet values over each whole corpus, judged against {} (✗ junk, ? "
               "unjudged; precision over the judged ones)\n\n",
               top_values, config.judgements);
    fmt::print("| corpus | type | precision | ok | junk | unjudged | top values |\n");
    fmt::print("|---|---|---:|---:|---:|---:|---|\n");
    fmt::print("{}", facet_table);
    if (!unjudged_lines.empty()) {
        fmt::print("\nunjudged: {} values; add a row for each to {} (corpus, type, value, "
                   "ok|junk, note):\n",
                   unjudged_lines.size(), config.judgements);
        for (const auto& line : unjudged_lines) {
            fmt::print("{}\n", line);
        }
    }
    return 0;
}

} // namespace

int run_entities_command(int argc, const char* const* argv) {
    return cli::run_main("news-bench entities", [&] {
        const auto config = parse_options(argc, argv);
        if (!config) {
            return 0;
        }
        return run(*config);
    });
}

} // namespace news::bench
