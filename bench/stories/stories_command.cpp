/// @file
/// @brief `news-bench stories`: what it measures and how to run it.
///
/// What it measures: how well the indexer's story clustering (news::indexer::stories) groups
/// articles that report one event: it runs the clusterer over the labelled articles in input
/// order, as news-index does, and prints pairwise and BCubed precision/recall/F1 against the
/// labels, the same figures for a TF-IDF cosine single-link baseline whose threshold is tuned on
/// the same articles, and what the clustering cost (per article, and the features' size).
/// Corpus: ../shared/corpora/ecbplus-events (articles.jsonl.xz + events.tsv, split train/dev),
/// or any corpus news-index reads with a labels TSV (id, label).
/// Run: news-bench stories                       (ECB+: train and dev)
///      news-bench stories --corpus reuters21578.tar.gz --labels reuters-stories.tsv
#include "stories/stories_command.hpp"

#include "news/common/cli.hpp"
#include "news/common/date.hpp"
#include "news/common/error.hpp"
#include "news/common/text.hpp"
#include "news/readers/reader.hpp"

#include "stories/baseline.hpp"
#include "stories/evaluation.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <archive.h>
#include <archive_entry.h>
#include <array>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#ifndef NEWS_SHARED_DIR
#define NEWS_SHARED_DIR "../shared"
#endif

namespace news::bench {
namespace {

namespace fs = std::filesystem;
using stories::ClusterScores;

struct StoriesConfig {
    std::string corpus;
    std::string labels; ///< empty: no scores, only the cost
    std::string split;  ///< "each", "all" or one split's name
    indexer::stories::Parameters parameters;
    std::vector<std::string> settings; ///< the --set assignments, for the report
    std::string assignments;           ///< --assignments FILE; empty: none
    bool baseline = true;
    bool whole_corpus = false; ///< --whole-corpus: cluster every article, score the labelled
    bool json = false;
};

constexpr std::string_view examples =
    R"(  news-bench stories                         (ECB+ events: every split, ours and the baseline)
  news-bench stories --split dev --json
  news-bench stories --set join_similarity=0.35 --split train
  news-bench stories --corpus reuters21578.tar.gz --labels reuters-stories.tsv
  news-bench stories --corpus reuters21578.tar.gz --labels reuters-stories.tsv --whole-corpus
  news-bench stories --corpus reuters21578.tar.gz --no-labels   (cost only)
)";

std::string default_corpus() {
    return std::string(NEWS_SHARED_DIR) + "/corpora/ecbplus-events/articles.jsonl.xz";
}

std::optional<StoriesConfig> parse_options(int argc, const char* const* argv) {
    cxxopts::Options options(
        "news-bench stories",
        "Story clustering against labelled events: pairwise and BCubed precision/recall/F1 of "
        "ours and of a TF-IDF cosine single-link baseline tuned on the same data.");
    // clang-format off
    options.add_options()
        ("corpus", "the articles, in any format news-index reads", cxxopts::value<std::string>()->default_value(default_corpus()), "PATH")
        ("labels", "TSV of id, label (and optional topic, split columns); default: events.tsv beside the corpus", cxxopts::value<std::string>(), "FILE")
        ("no-labels", "no scores: cluster every article and report the cost")
        ("split", "which split to score: each (every split on its own), all, or a split's name (train, dev)", cxxopts::value<std::string>()->default_value("each"), "NAME")
        ("set", "a clustering parameter, NAME=VALUE (repeatable; indexer/README.md, Stories)", cxxopts::value<std::vector<std::string>>(), "NAME=VALUE")
        ("no-baseline", "leave the baseline out")
        ("whole-corpus", "cluster every article of the corpus in input order, as news-index does, and score the labelled ones (default: cluster only the labelled articles)")
        ("assignments", "write every scored article's id, story, copy_of and label to FILE (TSV)", cxxopts::value<std::string>(), "FILE");
    // clang-format on
    cli::OutputOptions::add_to(options, false);
    cli::add_standard_options(options);
    const auto parsed = cli::parse(options, argc, argv);
    if (cli::handle_standard_options(options, parsed, examples)) {
        return std::nullopt;
    }
    StoriesConfig config;
    config.corpus = parsed["corpus"].as<std::string>();
    if (parsed.count("labels") > 0 && parsed.count("no-labels") > 0) {
        throw Error(ErrorKind::Usage, "--labels and --no-labels exclude each other");
    }
    if (parsed.count("labels") > 0) {
        config.labels = parsed["labels"].as<std::string>();
    } else if (parsed.count("no-labels") == 0) {
        const fs::path beside = fs::path(config.corpus).parent_path() / "events.tsv";
        if (!fs::exists(beside)) {
            throw Error(ErrorKind::Usage, fmt::format("no labels for {}", config.corpus),
                        "give --labels FILE, or --no-labels to measure the cost only");
        }
        config.labels = beside.string();
    }
    config.split = parsed["split"].as<std::string>();
    if (parsed.count("set") > 0) {
        config.settings = parsed["set"].as<std::vector<std::string>>();
        for (const auto& setting : config.settings) {
            indexer::stories::set_parameter(config.parameters, setting);
        }
    }
    config.baseline = parsed.count("no-baseline") == 0;
    config.whole_corpus = parsed.count("whole-corpus") > 0;
    if (parsed.count("assignments") > 0) {
        config.assignments = parsed["assignments"].as<std::string>();
    }
    config.json = cli::OutputOptions::from(parsed).json;
    return config;
}

/// The whole content of @p path, decompressed when it is (.xz, .gz, ...).
std::string read_decompressed(const std::string& path) {
    std::unique_ptr<archive, decltype(&archive_read_free)> reader(archive_read_new(),
                                                                  &archive_read_free);
    archive_read_support_filter_all(reader.get());
    archive_read_support_format_raw(reader.get());
    archive_entry* entry = nullptr;
    if (archive_read_open_filename(reader.get(), path.c_str(), std::size_t{1} << 16U) !=
            ARCHIVE_OK ||
        archive_read_next_header(reader.get(), &entry) != ARCHIVE_OK) {
        throw Error(ErrorKind::Io,
                    fmt::format("cannot read {}: {}", path, archive_error_string(reader.get())));
    }
    std::string bytes;
    std::array<char, std::size_t{1} << 16U> buffer{};
    while (true) {
        const la_ssize_t n = archive_read_data(reader.get(), buffer.data(), buffer.size());
        if (n < 0) {
            throw Error(ErrorKind::Io, fmt::format("cannot read {}: {}", path,
                                                   archive_error_string(reader.get())));
        }
        if (n == 0) {
            return bytes;
        }
        bytes.append(buffer.data(), static_cast<std::size_t>(n));
    }
}

/// Articles of a JSON Lines file (plain or compressed), title-only ones included: the
/// evaluation corpora count a one-sentence article (its text in the title) as an article, where
/// the indexer's reader rejects an empty body.
std::vector<Article> read_jsonl_articles(const std::string& path) {
    const std::string bytes = read_decompressed(path);
    std::vector<Article> articles;
    std::size_t start = 0;
    std::size_t line = 0;
    while (start < bytes.size()) {
        const std::size_t end = std::min(bytes.find('\n', start), bytes.size());
        const std::string_view text(bytes.data() + start, end - start);
        start = end + 1;
        ++line;
        if (text::is_blank(text)) {
            continue;
        }
        const auto json = nlohmann::json::parse(text, nullptr, false);
        if (!json.is_object() || !json.contains("id") || !json["id"].is_string()) {
            throw Error(ErrorKind::BadData,
                        fmt::format("{}:{}: expected a JSON object with a string id", path, line));
        }
        Article article;
        article.id = json["id"].get<std::string>();
        const auto field = [&](const char* name) {
            return json.contains(name) && json[name].is_string() ? json[name].get<std::string>()
                                                                 : std::string();
        };
        article.title = field("title");
        article.body = field("body");
        article.source = field("source");
        article.url = field("url");
        if (const std::string date = field("date"); !date.empty()) {
            article.date = date::parse(date);
        }
        article.origin = Origin{path, line};
        articles.push_back(std::move(article));
    }
    return articles;
}

std::vector<Article> read_corpus(const std::string& path) {
    const std::string name = fs::path(path).filename().string();
    if (name.find(".jsonl") != std::string::npos || name.find(".ndjson") != std::string::npos) {
        return read_jsonl_articles(path);
    }
    std::vector<Article> articles;
    std::size_t rejected = 0;
    read_inputs({path}, ReadOptions{}, [&](ReadResult&& result) {
        if (auto* article = std::get_if<Article>(&result)) {
            articles.push_back(std::move(*article));
        } else {
            ++rejected;
        }
    });
    if (rejected > 0) {
        fmt::print(stderr, "news-bench stories: warning: {}: {} inputs rejected by the reader\n",
                   path, rejected);
    }
    return articles;
}

nlohmann::json scores_json(const ClusterScores& s) {
    return {{"pairwise",
             {{"precision", s.pairwise_precision},
              {"recall", s.pairwise_recall},
              {"f1", s.pairwise_f1}}},
            {"bcubed",
             {{"precision", s.bcubed_precision}, {"recall", s.bcubed_recall}, {"f1", s.bcubed_f1}}},
            {"clusters", s.predicted_clusters}};
}

nlohmann::json cost_json(const stories::ClustererRun& run, std::size_t articles) {
    const double n = articles == 0 ? 1.0 : static_cast<double>(articles);
    return {{"articles", articles},
            {"features_us_per_article", run.feature_seconds * 1e6 / n},
            {"assign_us_per_article", run.assign_seconds * 1e6 / n},
            {"feature_bytes_mean", run.mean_feature_bytes},
            {"feature_bytes_max", run.max_feature_bytes},
            {"clusterer_memory_bytes", run.memory_bytes}};
}

std::string row(const std::string& split, std::size_t items, std::size_t events,
                const std::string& method, const ClusterScores& s) {
    return fmt::format("{:<6} {:>8} {:>6}  {:<22} {:>6.3f} {:>6.3f} {:>6.3f}  {:>6.3f} {:>6.3f} "
                       "{:>6.3f} {:>7}\n",
                       split, items, events, method, s.pairwise_precision, s.pairwise_recall,
                       s.pairwise_f1, s.bcubed_precision, s.bcubed_recall, s.bcubed_f1,
                       s.predicted_clusters);
}

int run(const StoriesConfig& config) {
    if (!fs::exists(config.corpus)) {
        throw Error(ErrorKind::NotFound, fmt::format("corpus not found: {}", config.corpus));
    }
    const std::vector<Article> corpus = read_corpus(config.corpus);
    nlohmann::json report{
        {"corpus", config.corpus},
        {"labels", config.labels.empty() ? nlohmann::json() : nlohmann::json(config.labels)},
        {"settings", config.settings},
        {"splits", nlohmann::json::array()}};
    if (config.labels.empty()) {
        const auto result = stories::run_clusterer(corpus, config.parameters);
        std::size_t copies = 0;
        for (const auto& c : result.copies_of) {
            copies += c.empty() ? 0U : 1U;
        }
        std::vector<std::string> sorted = result.stories;
        std::sort(sorted.begin(), sorted.end());
        const auto stories_count =
            static_cast<std::size_t>(std::unique(sorted.begin(), sorted.end()) - sorted.begin());
        report["cost"] = cost_json(result, corpus.size());
        report["stories"] = stories_count;
        report["copies"] = copies;
        if (config.json) {
            fmt::print("{}\n", report.dump(2));
        } else {
            fmt::print("{} articles, {} stories, {} copies\n", corpus.size(), stories_count,
                       copies);
        }
    }
    const stories::Labels labels =
        config.labels.empty() ? stories::Labels{} : stories::read_labels(config.labels);
    std::vector<std::string> splits;
    if (!config.labels.empty()) {
        if (config.split == "each" && labels.has_split) {
            for (const auto& [id, entry] : labels.by_id) {
                if (std::find(splits.begin(), splits.end(), entry.split) == splits.end()) {
                    splits.push_back(entry.split);
                }
            }
            // "train" before "dev", whatever their names' order.
            std::sort(splits.begin(), splits.end(), std::greater<>());
        } else if (config.split == "each" || config.split == "all") {
            splits.emplace_back("all");
        } else if (!labels.has_split) {
            throw Error(
                ErrorKind::Usage,
                fmt::format("--split {}: {} has no split column", config.split, config.labels),
                "use --split all");
        } else {
            splits.push_back(config.split);
        }
    }
    if (!config.json && !splits.empty()) {
        fmt::print("{:<6} {:>8} {:>6}  {:<22} {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6} {:>7}\n",
                   "split", "articles", "events", "method", "pair P", "pair R", "pair F", "B3 P",
                   "B3 R", "B3 F", "stories");
    }
    std::string cost_lines;
    std::ofstream assignments;
    if (!config.assignments.empty()) {
        assignments.open(config.assignments);
        if (!assignments) {
            throw Error(ErrorKind::CannotCreate,
                        fmt::format("cannot create {}", config.assignments));
        }
        assignments << "id\tstory\tcopy_of\tlabel\tsplit\ttitle\n";
    }
    // --whole-corpus: the stories every article gets when the whole corpus is indexed.
    std::optional<stories::ClustererRun> whole;
    if (config.whole_corpus && !splits.empty()) {
        whole = stories::run_clusterer(corpus, config.parameters);
    }
    for (const auto& split : splits) {
        std::vector<Article> articles;
        std::vector<std::string> gold;
        stories::ClustererRun picked; // of the labelled articles, from the whole corpus's run
        for (std::size_t i = 0; i < corpus.size(); ++i) {
            const auto it = labels.by_id.find(corpus[i].id);
            if (it != labels.by_id.end() && (split == "all" || it->second.split == split)) {
                articles.push_back(corpus[i]);
                gold.push_back(it->second.label);
                if (whole) {
                    picked.stories.push_back(whole->stories[i]);
                    picked.copies_of.push_back(whole->copies_of[i]);
                }
            }
        }
        if (articles.empty()) {
            throw Error(ErrorKind::BadData,
                        fmt::format("no article of {} is labelled in {} (split {})", config.corpus,
                                    config.labels, split),
                        "the ids must be those news-index gives the corpus's articles");
        }
        if (whole) {
            picked.feature_seconds = whole->feature_seconds * static_cast<double>(articles.size()) /
                                     static_cast<double>(corpus.size());
            picked.assign_seconds = whole->assign_seconds * static_cast<double>(articles.size()) /
                                    static_cast<double>(corpus.size());
            picked.mean_feature_bytes = whole->mean_feature_bytes;
            picked.max_feature_bytes = whole->max_feature_bytes;
            picked.memory_bytes = whole->memory_bytes;
        }
        const auto ours =
            whole ? std::move(picked) : stories::run_clusterer(articles, config.parameters);
        const ClusterScores our_scores = stories::score_clustering(ours.stories, gold);
        for (std::size_t i = 0; assignments && i < articles.size(); ++i) {
            std::string title = articles[i].title.substr(0, 100);
            std::replace(title.begin(), title.end(), '\t', ' ');
            std::replace(title.begin(), title.end(), '\n', ' ');
            assignments << articles[i].id << '\t' << ours.stories[i] << '\t' << ours.copies_of[i]
                        << '\t' << gold[i] << '\t' << split << '\t' << title << '\n';
        }
        nlohmann::json entry{{"split", split},
                             {"articles", articles.size()},
                             {"events", our_scores.gold_clusters},
                             {"stories", scores_json(our_scores)},
                             {"cost", cost_json(ours, articles.size())}};
        std::string text =
            row(split, articles.size(), our_scores.gold_clusters, "stories", our_scores);
        if (config.baseline) {
            const auto baseline = stories::tfidf_single_link(articles, gold);
            entry["baseline"] = scores_json(baseline.scores);
            entry["baseline"]["threshold"] = baseline.threshold;
            text +=
                row(split, articles.size(), our_scores.gold_clusters,
                    fmt::format("tfidf single-link {:.2f}", baseline.threshold), baseline.scores);
        }
        report["splits"].push_back(entry);
        if (!config.json) {
            fmt::print("{}", text);
        }
        cost_lines += fmt::format(
            "{}: features {:.1f} us/article, assign {:.1f} us/article, stored features {:.0f} "
            "bytes mean ({} max)\n",
            split, ours.feature_seconds * 1e6 / static_cast<double>(articles.size()),
            ours.assign_seconds * 1e6 / static_cast<double>(articles.size()),
            ours.mean_feature_bytes, ours.max_feature_bytes);
    }
    if (config.json && !splits.empty()) {
        fmt::print("{}\n", report.dump(2));
    } else if (!splits.empty()) {
        fmt::print("\n{}", cost_lines);
    }
    return 0;
}

} // namespace

int run_stories_command(int argc, const char* const* argv) {
    return cli::run_main("news-bench stories", [&] {
        const auto config = parse_options(argc, argv);
        if (!config) {
            return 0;
        }
        return run(*config);
    });
}

} // namespace news::bench
