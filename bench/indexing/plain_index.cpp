/// @file
/// @brief news-plain-index: the plain single-threaded Xapian indexing loop, the floor that
/// news-index's overheads are measured against.
///
/// What it measures: the cost of Xapian alone on the same articles news-index reads. For each
/// article it builds a Xapian::Document with a TermGenerator (english stemmer, positions),
/// indexes the title and the body, adds the id as a boolean term and calls add_document on one
/// WritableDatabase, committed once at the end: no facets, values, payload, fingerprints,
/// batches or threads. Inputs are read with news::read_inputs, as news-index reads them.
/// Run: news-plain-index --db /tmp/plain.db [--format F] [--category-from-folder] INPUT...
/// (bench/index_corpora.sh runs it on every shared corpus beside news-index).
#include "news/readers/reader.hpp"

#include <fmt/format.h>
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::string_view usage =
    "usage: news-plain-index --db PATH [--format auto|text|jsonl|json|reuters] "
    "[--category-from-folder] INPUT...\n";

} // namespace

int main(int argc, char** argv) {
    try {
        std::string db_path;
        news::ReadOptions read;
        std::vector<std::string> inputs;
        const std::vector<std::string_view> args(argv + 1, argv + argc);
        for (std::size_t i = 0; i < args.size(); ++i) {
            if ((args[i] == "--db" || args[i] == "-d") && i + 1 < args.size()) {
                db_path = args[++i];
            } else if (args[i] == "--format" && i + 1 < args.size()) {
                read.format = news::parse_input_format(args[++i]);
            } else if (args[i] == "--category-from-folder") {
                read.category_from_folder = true;
            } else if (args[i] == "--help" || args[i] == "-h") {
                fmt::print("{}", usage);
                return 0;
            } else if (args[i].size() > 1 && args[i].front() == '-') {
                fmt::print(stderr, "news-plain-index: error: unknown flag {}\n{}", args[i], usage);
                return 64;
            } else {
                inputs.emplace_back(args[i]);
            }
        }
        if (db_path.empty() || inputs.empty()) {
            fmt::print(stderr, "{}", usage);
            return 64;
        }

        const auto start = std::chrono::steady_clock::now();
        news::check_inputs_exist(inputs);
        Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
        Xapian::TermGenerator generator;
        generator.set_stemmer(Xapian::Stem("english"));
        std::size_t articles = 0;
        std::size_t rejected = 0;
        news::read_inputs(inputs, read, [&](news::ReadResult&& result) {
            const auto* article = std::get_if<news::Article>(&result);
            if (article == nullptr) {
                ++rejected;
                return;
            }
            Xapian::Document doc;
            generator.set_document(doc);
            generator.index_text(article->title);
            generator.increase_termpos();
            generator.index_text(article->body);
            doc.add_boolean_term("Q" + article->id);
            try {
                db.add_document(doc);
                ++articles;
            } catch (const Xapian::InvalidArgumentError&) {
                ++rejected; // a term too long for Xapian: news-index rejects it too
            }
        });
        db.commit();
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        fmt::print("{{\"type\":\"summary\",\"indexed\":{},\"skipped\":{},\"seconds\":{:.3f},"
                   "\"articles_per_second\":{:.1f},\"doc_count\":{}}}\n",
                   articles, rejected, seconds,
                   seconds > 0 ? static_cast<double>(articles) / seconds : 0.0, db.get_doccount());
        return 0;
    } catch (const Xapian::Error& e) {
        fmt::print(stderr, "news-plain-index: error: {}\n", e.get_description());
        return 74;
    } catch (const std::exception& e) {
        fmt::print(stderr, "news-plain-index: error: {}\n", e.what());
        return 70;
    }
}
