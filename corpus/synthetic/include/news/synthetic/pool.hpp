/// @file
/// @brief The material synthetic articles are made of: the real articles' sentences, titles and
/// metadata, read once with our own readers and held in memory (the generator's only large state).
#pragma once

#include "news/common/article.hpp"
#include "news/readers/reader.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace news::synthetic {

/// Splits a body into paragraphs: at blank lines, and at a line break followed by indentation
/// (Reuters' hard-wrapped paragraphs start with four spaces). White space inside a paragraph is
/// collapsed to single spaces, so hard-wrapped text becomes one line; empty paragraphs are
/// dropped.
[[nodiscard]] std::vector<std::string> split_paragraphs(std::string_view body);

/// Splits one paragraph (single-spaced, as split_paragraphs() yields) into sentences: after
/// `.`, `!` or `?` (and any closing quotes or brackets) followed by a space and a capital
/// letter, digit or opening quote; not after a single letter ("U.S."), a title or a month
/// abbreviation ("Mr.", "Feb."). The views point into @p paragraph.
[[nodiscard]] std::vector<std::string_view> split_sentences(std::string_view paragraph);

/// One real article, reduced to references into the pool.
struct Template {
    std::uint32_t first_sentence = 0;      ///< index of its first sentence in the pool
    std::uint32_t sentence_count = 0;      ///< 0 for a title-only article (Reuters' briefs)
    std::uint32_t title = 0;               ///< string id of its title; Pool::no_string when none
    std::uint32_t outlet = 0;              ///< string id of its outlet (never empty)
    std::uint32_t corpus = 0;              ///< which input it came from (index into Pool::inputs())
    std::uint32_t group = 0;               ///< its topic group (see Pool::group_bodies())
    std::vector<std::uint32_t> authors;    ///< string ids, in input order
    std::vector<std::uint32_t> categories; ///< string ids, in input order
    /// Other facets as (name id, value id) pairs, e.g. ("topic", "earn"); never "label".
    std::vector<std::pair<std::uint32_t, std::uint32_t>> facets;
};

/// One input of a pool: a path and how to read it.
struct InputSpec {
    std::string path;                       ///< a folder, file or archive
    InputFormat format = InputFormat::Auto; ///< as news-index --format
    bool category_from_folder = false;      ///< as news-index --category-from-folder
    /// The outlet of articles that name none (BBC's files carry no source); empty: the input's
    /// file name without its extensions.
    std::string outlet;
};

/// What reading the inputs saw.
struct PoolStats {
    std::size_t articles = 0;   ///< articles read (with or without body)
    std::size_t rejected = 0;   ///< inputs the readers rejected (error pages, broken JSON)
    std::size_t templates = 0;  ///< articles with at least one sentence
    std::size_t sentences = 0;  ///< sentences in the pool
    std::size_t text_bytes = 0; ///< bytes of sentence and title text held
};

/// The real articles' sentences, titles and metadata, grouped by topic.
///
/// Memory is the text of the inputs (about 100 MB for the three shared corpora) plus a few
/// words per sentence and article; the generator adds nothing that grows with its output.
class Pool {
public:
    /// Marks "no title".
    static constexpr std::uint32_t no_string = 0xFFFFFFFFU;

    /// Adds one article of input @p corpus, whose outlet is @p fallback_outlet when the article
    /// names none. Call finish() after the last one.
    void add(const Article& article, std::uint32_t corpus, std::string_view fallback_outlet);

    /// Groups the templates by topic: same input, same id family (FakeNewsNet's gossipcop or
    /// politifact), first category and first topic; groups of fewer than 8 articles with a
    /// body are merged into their input's id family. Call once, after the last add().
    /// @throws news::Error (BadData) when no article has a body.
    void finish();

    /// Sentence @p index of the pool.
    [[nodiscard]] std::string_view sentence(std::uint32_t index) const;
    /// True when sentence @p index ended a paragraph in its article.
    [[nodiscard]] bool ends_paragraph(std::uint32_t index) const;
    /// An interned string (title, outlet, author, category, facet name or value).
    [[nodiscard]] const std::string& str(std::uint32_t id) const { return m_strings[id]; }

    /// Every article read, in input order.
    [[nodiscard]] const std::vector<Template>& templates() const { return m_templates; }
    /// Indices of the templates with at least one sentence, in input order.
    [[nodiscard]] const std::vector<std::uint32_t>& bodies() const { return m_bodies; }
    /// Indices of the templates with a body from input @p corpus (may be empty).
    [[nodiscard]] const std::vector<std::uint32_t>& corpus_bodies(std::uint32_t corpus) const;
    /// Indices of the templates with a body in group @p group (never empty).
    [[nodiscard]] const std::vector<std::uint32_t>& group_bodies(std::uint32_t group) const {
        return m_group_bodies[group];
    }
    /// Indices of the templates with a title in group @p group (may be empty).
    [[nodiscard]] const std::vector<std::uint32_t>& group_titles(std::uint32_t group) const {
        return m_group_titles[group];
    }
    /// Number of topic groups.
    [[nodiscard]] std::size_t group_count() const { return m_group_bodies.size(); }

    /// Counts of what was read.
    [[nodiscard]] const PoolStats& stats() const { return m_stats; }
    /// Counts one rejected input.
    void count_rejection() { ++m_stats.rejected; }

private:
    std::uint32_t intern(std::string_view text);

    std::string m_text; // every sentence, back to back
    // Per sentence: offset in m_text, and length with the paragraph flag in the top bit.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_sentences;
    std::vector<std::string> m_strings;
    std::unordered_map<std::string, std::uint32_t> m_string_ids;
    std::vector<Template> m_templates;
    std::vector<std::uint32_t> m_fine_keys;   // per template: string id of its topic key
    std::vector<std::uint32_t> m_coarse_keys; // per template: string id of its family key
    std::vector<std::uint32_t> m_bodies;
    std::vector<std::vector<std::uint32_t>> m_corpus_bodies;
    std::vector<std::vector<std::uint32_t>> m_group_bodies;
    std::vector<std::vector<std::uint32_t>> m_group_titles;
    PoolStats m_stats;
};

/// The three shared corpora under @p corpora_dir (Reuters-21578, FakeNewsNet, BBC), each read
/// from its archive the way bench/index_corpora.sh indexes it.
/// @throws news::Error (NotFound) naming the first archive that is missing.
[[nodiscard]] std::vector<InputSpec> shared_inputs(const std::string& corpora_dir);

/// Reads every input with news::read_inputs (one at a time, so each article knows its input)
/// into a finished pool; rejected inputs are counted, not fatal.
/// @throws news::Error (NotFound) when an input is missing, (BadData) when nothing has a body.
[[nodiscard]] Pool load_pool(const std::vector<InputSpec>& inputs);

} // namespace news::synthetic
