#include "compare/corpus.hpp"

#include "news/common/error.hpp"
#include "news/common/schema.hpp"

#include "engines/workload.hpp"
#include <fmt/format.h>

#include <fstream>
#include <unordered_map>
#include <variant>

namespace news::bench {

CorpusSpec named_corpus(const std::string& name, const std::string& source_dir,
                        const std::string& shared_dir) {
    const std::string corpora = shared_dir + "/corpora";
    if (name == "sample") {
        return {"sample",
                "Sample (corpus/sample)",
                {source_dir + "/corpus/sample"},
                InputFormat::Auto,
                false,
                "category"};
    }
    if (name == "reuters") {
        return {"reuters",
                "Reuters-21578",
                {corpora + "/reuters21578/reuters21578.tar.gz"},
                InputFormat::Reuters,
                false,
                "topic"};
    }
    if (name == "fakenewsnet") {
        return {"fakenewsnet",
                "FakeNewsNet articles",
                {corpora + "/fakenewsnet-articles/fakenewsnet_articles.tar.xz"},
                InputFormat::Auto,
                false,
                "label"};
    }
    if (name == "bbc") {
        return {
            "bbc", "BBC News", {corpora + "/bbc-fulltext/bbc-fulltext.tar.xz"}, InputFormat::Auto,
            true,  "category"};
    }
    throw Error(ErrorKind::Usage,
                fmt::format("unknown corpus '{}': use sample, reuters, fakenewsnet or bbc, or "
                            "--input with --name",
                            name));
}

std::vector<std::string> index_arguments(const CorpusSpec& corpus) {
    std::vector<std::string> args;
    if (corpus.format == InputFormat::Reuters) {
        args.insert(args.end(), {"--format", "reuters"});
    } else if (corpus.format == InputFormat::Jsonl) {
        args.insert(args.end(), {"--format", "jsonl"});
    } else if (corpus.format == InputFormat::Json) {
        args.insert(args.end(), {"--format", "json"});
    } else if (corpus.format == InputFormat::Text) {
        args.insert(args.end(), {"--format", "text"});
    }
    if (corpus.category_from_folder) {
        args.emplace_back("--category-from-folder");
    }
    args.insert(args.end(), corpus.inputs.begin(), corpus.inputs.end());
    return args;
}

namespace {

BenchArticle to_bench_article(Article&& article, const std::string& tag_facet) {
    BenchArticle out;
    out.id = std::move(article.id);
    if (article.date) {
        out.date = fmt::format("{:04}{:02}{:02}", article.date->year, article.date->month,
                               article.date->day);
    }
    out.source = schema::fold_value(article.source);
    out.tags = tag_values(article, tag_facet);
    out.title = std::move(article.title);
    out.body = std::move(article.body);
    return out;
}

} // namespace

std::vector<std::string> tag_values(const Article& article, const std::string& tag_facet) {
    std::vector<std::string> values;
    if (tag_facet == "category") {
        values = article.categories;
    } else if (auto it = article.facets.find(tag_facet); it != article.facets.end()) {
        values = it->second;
    }
    std::vector<std::string> folded;
    for (const auto& value : values) {
        if (std::string f = schema::fold_value(value); !f.empty()) {
            folded.push_back(std::move(f));
        }
    }
    return folded;
}

ExportSummary export_articles(const CorpusSpec& corpus, const std::string& path) {
    ReadOptions options;
    options.format = corpus.format;
    options.category_from_folder = corpus.category_from_folder;
    ExportSummary summary;
    std::vector<BenchArticle> articles;
    std::unordered_map<std::string, std::size_t> position_of_id;
    read_inputs(corpus.inputs, options, [&](ReadResult&& result) {
        if (std::holds_alternative<Rejection>(result)) {
            ++summary.rejected;
            return;
        }
        BenchArticle article =
            to_bench_article(std::get<Article>(std::move(result)), corpus.tag_facet);
        const auto [it, inserted] = position_of_id.emplace(article.id, articles.size());
        if (inserted) {
            articles.push_back(std::move(article));
        } else {
            ++summary.replaced_ids;
            articles[it->second] = std::move(article);
        }
    });
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    for (const auto& article : articles) {
        out << format_article_line(article) << '\n';
        summary.text_bytes += article.title.size() + article.body.size();
    }
    out.flush();
    if (!out) {
        throw Error(ErrorKind::Io, fmt::format("cannot write {}", path));
    }
    summary.articles = articles.size();
    return summary;
}

} // namespace news::bench
