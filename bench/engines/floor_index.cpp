/// @file
/// @brief Building the floor's in-memory index from articles.tsv.
#include "engines/floor_index.hpp"

#include "engines/tokens.hpp"
#include <xapian.h>

#include <algorithm>

namespace news::bench {
namespace {

std::uint32_t value_number(ValueNames& values, const std::string& name) {
    const auto [it, added] =
        values.ids.emplace(name, static_cast<std::uint32_t>(values.names.size()));
    if (added) {
        values.names.push_back(name);
    }
    return it->second;
}

class Builder {
public:
    explicit Builder(FloorIndex& index) : m_index(index), m_stemmer("english") {}

    void add(BenchArticle&& article) {
        const auto doc = static_cast<std::uint32_t>(m_index.ids.size());
        m_index.ids.push_back(std::move(article.id));
        m_index.dates.push_back(
            article.date.empty() ? 0 : static_cast<std::uint32_t>(std::stoul(article.date)));
        m_index.sources.push_back(article.source.empty()
                                      ? FloorIndex::no_value
                                      : value_number(m_index.source_names, article.source));
        if (m_index.tag_offsets.empty()) {
            m_index.tag_offsets.push_back(0);
        }
        std::sort(article.tags.begin(), article.tags.end());
        article.tags.erase(std::unique(article.tags.begin(), article.tags.end()),
                           article.tags.end());
        for (const auto& tag : article.tags) {
            m_index.tag_values.push_back(value_number(m_index.tag_names, tag));
        }
        m_index.tag_offsets.push_back(static_cast<std::uint32_t>(m_index.tag_values.size()));

        // (word, position) of every token, then grouped by word.
        m_tokens.clear();
        std::uint32_t position = 0;
        const auto add_token = [&](std::string_view word) {
            m_tokens.emplace_back(word_number(word), position++);
        };
        for_each_word(article.title, add_token);
        ++position; // a phrase never spans the title and the body
        for_each_word(article.body, add_token);
        m_lengths.push_back(static_cast<std::uint32_t>(m_tokens.size()));
        std::sort(m_tokens.begin(), m_tokens.end());

        m_stem_tfs.clear();
        for (std::size_t i = 0; i < m_tokens.size();) {
            const std::uint32_t word = m_tokens[i].first;
            WordPostings& postings = m_index.words[word];
            if (postings.offsets.empty()) {
                postings.offsets.push_back(0);
            }
            postings.docs.push_back(doc);
            std::size_t j = i;
            for (; j < m_tokens.size() && m_tokens[j].first == word; ++j) {
                postings.positions.push_back(m_tokens[j].second);
            }
            postings.offsets.push_back(static_cast<std::uint32_t>(postings.positions.size()));
            m_stem_tfs.emplace_back(m_stem_of_word[word], static_cast<std::uint32_t>(j - i));
            i = j;
        }
        // Several words share a stem ("missile", "missiles"): one posting with their sum.
        std::sort(m_stem_tfs.begin(), m_stem_tfs.end());
        for (std::size_t i = 0; i < m_stem_tfs.size();) {
            const std::uint32_t stem = m_stem_tfs[i].first;
            std::uint32_t tf = 0;
            for (; i < m_stem_tfs.size() && m_stem_tfs[i].first == stem; ++i) {
                tf += m_stem_tfs[i].second;
            }
            m_index.stems[stem].docs.push_back(doc);
            m_index.stems[stem].tfs.push_back(tf);
        }
    }

    void finish() {
        double total = 0;
        for (const auto length : m_lengths) {
            total += length;
        }
        const double average =
            m_lengths.empty() ? 1.0 : std::max(1.0, total / static_cast<double>(m_lengths.size()));
        m_index.norms.reserve(m_lengths.size());
        for (const auto length : m_lengths) {
            m_index.norms.push_back(static_cast<float>(
                bm25::k1 * (1.0 - bm25::b + bm25::b * static_cast<double>(length) / average)));
        }
        m_index.vocabulary.reserve(m_index.word_ids.size());
        for (const auto& [word, number] : m_index.word_ids) {
            m_index.vocabulary.emplace_back(word, number);
        }
        std::sort(m_index.vocabulary.begin(), m_index.vocabulary.end());
    }

private:
    // Numbers a word on first sight and stems it once, not once per occurrence.
    std::uint32_t word_number(std::string_view word) {
        auto it = m_index.word_ids.find(word);
        if (it == m_index.word_ids.end()) {
            it = m_index.word_ids.emplace(word, static_cast<std::uint32_t>(m_index.words.size()))
                     .first;
            m_index.words.emplace_back();
            const auto [stem, new_stem] = m_index.stem_ids.emplace(
                m_stemmer(std::string(word)), static_cast<std::uint32_t>(m_index.stems.size()));
            if (new_stem) {
                m_index.stems.emplace_back();
            }
            m_stem_of_word.push_back(stem->second);
        }
        return it->second;
    }

    FloorIndex& m_index;
    Xapian::Stem m_stemmer;
    std::vector<std::uint32_t> m_stem_of_word;
    std::vector<std::uint32_t> m_lengths;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_tokens;   // (word, position)
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_stem_tfs; // (stem, tf)
};

} // namespace

FloorIndex build_floor_index(const std::string& articles) {
    FloorIndex index;
    Builder builder(index);
    for_each_article(articles, [&](BenchArticle&& article) { builder.add(std::move(article)); });
    builder.finish();
    if (index.tag_offsets.empty()) {
        index.tag_offsets.push_back(0);
    }
    return index;
}

} // namespace news::bench
