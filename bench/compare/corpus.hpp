/// @file
/// @brief The corpora the comparison knows by name, and their export to articles.tsv.
#pragma once

#include "news/readers/reader.hpp"

#include <string>
#include <vector>

namespace news::bench {

/// One corpus: where it is, how our readers read it, which facet is its "tag".
struct CorpusSpec {
    std::string name;                ///< used in file names: "reuters"
    std::string title;               ///< for people: "Reuters-21578"
    std::vector<std::string> inputs; ///< files or folders, read in place
    InputFormat format = InputFormat::Auto;
    bool category_from_folder = false;
    std::string tag_facet; ///< topic, category or label; empty when none
};

/// The named corpora: "sample" (corpus/sample), "reuters", "fakenewsnet", "bbc" (from
/// @p shared_dir/corpora). @throws news::Error (Usage) for another name.
[[nodiscard]] CorpusSpec named_corpus(const std::string& name, const std::string& source_dir,
                                      const std::string& shared_dir);

/// The news-index arguments that read @p corpus as the export does (format and inputs).
[[nodiscard]] std::vector<std::string> index_arguments(const CorpusSpec& corpus);

/// The folded values of @p article's @p tag_facet ("category" or a facet name such as
/// "topic"), empty ones dropped: what articles.tsv calls its tags.
[[nodiscard]] std::vector<std::string> tag_values(const Article& article,
                                                  const std::string& tag_facet);

/// What the export wrote.
struct ExportSummary {
    std::size_t articles = 0;          ///< lines written
    std::size_t rejected = 0;          ///< inputs our readers rejected (news-index skips them too)
    std::size_t replaced_ids = 0;      ///< repeated ids: the last one kept, as news-index does
    unsigned long long text_bytes = 0; ///< bytes of title and body text
};

/// Reads @p corpus with our readers and writes articles.tsv (bench/peers/PROTOCOL.md) to
/// @p path. @throws news::Error (NotFound) when an input is missing.
ExportSummary export_articles(const CorpusSpec& corpus, const std::string& path);

} // namespace news::bench
