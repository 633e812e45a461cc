/// @file
/// @brief The "floor" engine: exhaustive BM25 over uncompressed posting lists.
///
/// Analysis as ours as far as is cheap: the same English stop words at query time, the same
/// Snowball stemmer, phrases over unstemmed words; but words split at every ASCII
/// non-alphanumeric (so "ukraine's" is two words, and "10,000" too) and only ASCII lowercased.
/// BM25 takes title and body as one field (no title boost). Every query reads every posting of
/// its terms (AND skips ahead by galloping), and counts what it reads in QueryResult::postings.
#include "engines/floor_engine.hpp"

#include "news/common/date.hpp"
#include "news/common/error.hpp"

#include "engines/floor_index.hpp"
#include "engines/tokens.hpp"
#include "engines/xapian_common.hpp"
#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

namespace news::bench {
namespace {

// Our parser's wildcard limit: the most frequent expansions are kept.
constexpr std::size_t max_prefix_expansion = 1000;

float idf(std::size_t df, std::size_t n) {
    // Lucene's BM25 idf: never negative, even for a word in every document.
    return static_cast<float>(
        std::log(1.0 + (static_cast<double>(n) - static_cast<double>(df) + 0.5) /
                           (static_cast<double>(df) + 0.5)));
}

float term_weight(float idf_value, std::uint32_t tf, float norm) {
    const auto f = static_cast<float>(tf);
    return idf_value * f * (bm25::k1 + 1.0F) / (f + norm);
}

// First index >= from in docs[] holding a doc >= target (galloping, then binary search).
std::size_t gallop(const std::vector<std::uint32_t>& docs, std::size_t from, std::uint32_t target,
                   std::uint64_t& reads) {
    std::size_t step = 1;
    std::size_t hi = from;
    while (hi < docs.size() && docs[hi] < target) {
        ++reads;
        from = hi + 1;
        hi += step;
        step *= 2;
    }
    hi = std::min(hi, docs.size());
    const auto it = std::lower_bound(docs.begin() + static_cast<std::ptrdiff_t>(from),
                                     docs.begin() + static_cast<std::ptrdiff_t>(hi), target);
    return static_cast<std::size_t>(it - docs.begin());
}

// YYYYMMDD as the number FloorIndex::dates holds.
std::uint32_t date_number(const std::string& compact) {
    return static_cast<std::uint32_t>(std::stoul(date::to_compact(parse_compact_date(compact))));
}

struct Scored {
    std::uint32_t doc;
    float score;
};

class FloorSession final : public Session {
public:
    FloorSession(const FloorIndex& index, std::size_t k)
        : m_index(index), m_k(k), m_stemmer("english"), m_scores(index.size(), 0.0F),
          m_tfs(index.size(), 0), m_source_counts(index.source_names.names.size(), 0),
          m_tag_counts(index.tag_names.names.size(), 0) {}

    QueryResult run(const BenchQuery& query, Mode mode) override {
        QueryResult result;
        m_matches.clear();
        if (prepare_filter(query)) {
            const std::vector<std::string> words = query_words(query);
            switch (query.op) {
            case QueryOp::And:
                match_and(words, result.postings);
                break;
            case QueryOp::Or:
                match_or(words, result.postings);
                break;
            case QueryOp::Phrase:
                match_phrase(words, result.postings);
                break;
            case QueryOp::Prefix:
                match_prefix(words.front(), result.postings);
                break;
            }
        } else {
            (void)query_words(query); // the same errors whatever the filter
        }
        result.total = m_matches.size();
        result.total_exact = true;
        top_k(query.sort_by_date, result.top);
        if (mode == Mode::Facets) {
            count_facets(result);
        }
        return result;
    }

private:
    // Resolves the query's filter; false when nothing can match it (unknown value).
    bool prepare_filter(const BenchQuery& query) {
        m_date_from = query.date_from.empty() ? 0 : date_number(query.date_from);
        m_date_to = query.date_to.empty() ? UINT32_MAX : date_number(query.date_to);
        m_dated = !query.date_from.empty() || !query.date_to.empty();
        m_source = FloorIndex::no_value;
        m_tag = FloorIndex::no_value;
        if (query.filter_field.empty()) {
            return true;
        }
        const ValueNames& names =
            query.filter_field == "source" ? m_index.source_names : m_index.tag_names;
        const auto it = names.ids.find(query.filter_value);
        if (it == names.ids.end()) {
            return false;
        }
        (query.filter_field == "source" ? m_source : m_tag) = it->second;
        return true;
    }

    [[nodiscard]] bool passes(std::uint32_t doc) const {
        if (m_dated) {
            const std::uint32_t date = m_index.dates[doc];
            if (date == 0 || date < m_date_from || date > m_date_to) {
                return false;
            }
        }
        if (m_source != FloorIndex::no_value && m_index.sources[doc] != m_source) {
            return false;
        }
        if (m_tag != FloorIndex::no_value) {
            const auto* begin = m_index.tag_values.data() + m_index.tag_offsets[doc];
            const auto* end = m_index.tag_values.data() + m_index.tag_offsets[doc + 1];
            return std::find(begin, end, m_tag) != end;
        }
        return true;
    }

    const StemPostings* stem_postings(const std::string& word) {
        const auto it = m_index.stem_ids.find(m_stemmer(word));
        return it == m_index.stem_ids.end() ? nullptr : &m_index.stems[it->second];
    }

    const WordPostings* word_postings(const std::string& word) const {
        const auto it = m_index.word_ids.find(word);
        return it == m_index.word_ids.end() ? nullptr : &m_index.words[it->second];
    }

    // Intersection driven by the shortest list; the others gallop to each of its documents.
    template <class Postings, class OnMatch>
    void intersect(std::vector<const Postings*> lists, std::uint64_t& reads, OnMatch&& on_match) {
        std::sort(lists.begin(), lists.end(),
                  [](const auto* a, const auto* b) { return a->docs.size() < b->docs.size(); });
        m_cursors.assign(lists.size(), 0);
        const auto& driver = lists.front()->docs;
        for (std::size_t i = 0; i < driver.size(); ++i) {
            ++reads;
            const std::uint32_t doc = driver[i];
            m_cursors[0] = i;
            bool all = true;
            for (std::size_t l = 1; l < lists.size() && all; ++l) {
                const auto& docs = lists[l]->docs;
                m_cursors[l] = gallop(docs, m_cursors[l], doc, reads);
                if (m_cursors[l] == docs.size()) {
                    return;
                }
                ++reads;
                all = docs[m_cursors[l]] == doc;
            }
            if (all && passes(doc)) {
                on_match(lists, doc);
            }
        }
    }

    void match_and(const std::vector<std::string>& words, std::uint64_t& reads) {
        std::vector<const StemPostings*> lists;
        for (const auto& word : words) {
            const auto* postings = stem_postings(word);
            if (postings == nullptr) {
                return;
            }
            lists.push_back(postings);
        }
        std::vector<float> idfs;
        intersect(
            lists, reads, [&](const std::vector<const StemPostings*>& sorted, std::uint32_t doc) {
                if (idfs.empty()) {
                    for (const auto* list : sorted) {
                        idfs.push_back(idf(list->docs.size(), m_index.size()));
                    }
                }
                float score = 0;
                for (std::size_t l = 0; l < sorted.size(); ++l) {
                    score += term_weight(idfs[l], sorted[l]->tfs[m_cursors[l]], m_index.norms[doc]);
                }
                m_matches.push_back({doc, score});
            });
    }

    void match_or(const std::vector<std::string>& words, std::uint64_t& reads) {
        m_touched.clear();
        for (const auto& word : words) {
            const auto* postings = stem_postings(word);
            if (postings == nullptr) {
                continue;
            }
            const float weight = idf(postings->docs.size(), m_index.size());
            reads += postings->docs.size();
            for (std::size_t i = 0; i < postings->docs.size(); ++i) {
                const std::uint32_t doc = postings->docs[i];
                if (m_scores[doc] == 0.0F) { // every weight is > 0
                    m_touched.push_back(doc);
                }
                m_scores[doc] += term_weight(weight, postings->tfs[i], m_index.norms[doc]);
            }
        }
        for (const std::uint32_t doc : m_touched) {
            if (passes(doc)) {
                m_matches.push_back({doc, m_scores[doc]});
            }
            m_scores[doc] = 0.0F;
        }
    }

    void match_phrase(const std::vector<std::string>& words, std::uint64_t& reads) {
        std::vector<const WordPostings*> lists;
        for (const auto& word : words) {
            const auto* postings = word_postings(word);
            if (postings == nullptr) {
                return;
            }
            lists.push_back(postings);
        }
        std::vector<float> idfs;
        idfs.reserve(lists.size());
        for (const auto* list : lists) {
            idfs.push_back(idf(list->docs.size(), m_index.size()));
        }
        // intersect() reorders its copy; positions are checked in phrase order from m_phrase.
        std::vector<std::size_t> order(lists.size());
        intersect(
            lists, reads, [&](const std::vector<const WordPostings*>& sorted, std::uint32_t doc) {
                for (std::size_t l = 0; l < sorted.size(); ++l) {
                    for (std::size_t w = 0; w < lists.size(); ++w) {
                        if (lists[w] == sorted[l]) {
                            order[w] = m_cursors[l];
                        }
                    }
                }
                const auto positions = [&](std::size_t w) {
                    const auto& p = *lists[w];
                    return std::pair{p.positions.begin() + p.offsets[order[w]],
                                     p.positions.begin() + p.offsets[order[w] + 1]};
                };
                const auto [first_begin, first_end] = positions(0);
                bool found = false;
                for (auto it = first_begin; it != first_end && !found; ++it) {
                    ++reads;
                    found = true;
                    for (std::size_t w = 1; w < lists.size() && found; ++w) {
                        const auto [begin, end] = positions(w);
                        found = std::binary_search(begin, end, *it + static_cast<std::uint32_t>(w));
                        ++reads;
                    }
                }
                if (found) {
                    float score = 0;
                    for (std::size_t w = 0; w < lists.size(); ++w) {
                        score += term_weight(idfs[w], lists[w]->tf(order[w]), m_index.norms[doc]);
                    }
                    m_matches.push_back({doc, score});
                }
            });
    }

    // Every word starting with @p prefix, scored as one term (Xapian's OP_SYNONYM): the sum of
    // their frequencies in a document, the number of documents holding any of them.
    void match_prefix(const std::string& prefix, std::uint64_t& reads) {
        const auto& vocabulary = m_index.vocabulary;
        auto it = std::lower_bound(
            vocabulary.begin(), vocabulary.end(), prefix,
            [](const auto& entry, const std::string& p) { return entry.first < p; });
        std::vector<const WordPostings*> lists;
        for (; it != vocabulary.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
            lists.push_back(&m_index.words[it->second]);
        }
        if (lists.size() > max_prefix_expansion) {
            std::nth_element(
                lists.begin(), lists.begin() + static_cast<std::ptrdiff_t>(max_prefix_expansion),
                lists.end(),
                [](const auto* a, const auto* b) { return a->docs.size() > b->docs.size(); });
            lists.resize(max_prefix_expansion);
        }
        m_touched.clear();
        for (const auto* postings : lists) {
            reads += postings->docs.size();
            for (std::size_t i = 0; i < postings->docs.size(); ++i) {
                const std::uint32_t doc = postings->docs[i];
                if (m_tfs[doc] == 0) {
                    m_touched.push_back(doc);
                }
                m_tfs[doc] += postings->tf(i);
            }
        }
        const float weight = idf(m_touched.size(), m_index.size());
        for (const std::uint32_t doc : m_touched) {
            if (passes(doc)) {
                m_matches.push_back({doc, term_weight(weight, m_tfs[doc], m_index.norms[doc])});
            }
            m_tfs[doc] = 0;
        }
    }

    // The k best matches into @p top, with a bounded heap whose front is the worst kept.
    void top_k(bool by_date, std::vector<std::string>& top) {
        const auto& dates = m_index.dates;
        // Newest first (undated, 0, last), then score, then document order, as Xapian ranks.
        const auto better = [&](const Scored& a, const Scored& b) {
            if (by_date && dates[a.doc] != dates[b.doc]) {
                return dates[a.doc] > dates[b.doc];
            }
            if (a.score != b.score) {
                return a.score > b.score;
            }
            return a.doc < b.doc;
        };
        m_heap.clear();
        if (m_k == 0) {
            return;
        }
        for (const Scored& match : m_matches) {
            if (m_heap.size() < m_k) {
                m_heap.push_back(match);
                std::push_heap(m_heap.begin(), m_heap.end(), better);
            } else if (better(match, m_heap.front())) {
                std::pop_heap(m_heap.begin(), m_heap.end(), better);
                m_heap.back() = match;
                std::push_heap(m_heap.begin(), m_heap.end(), better);
            }
        }
        std::sort_heap(m_heap.begin(), m_heap.end(), better);
        for (const Scored& match : m_heap) {
            top.push_back(m_index.ids[match.doc]);
        }
    }

    void count_facets(QueryResult& result) {
        for (const Scored& match : m_matches) {
            const std::uint32_t source = m_index.sources[match.doc];
            if (source != FloorIndex::no_value) {
                ++m_source_counts[source];
            }
            for (auto t = m_index.tag_offsets[match.doc]; t < m_index.tag_offsets[match.doc + 1];
                 ++t) {
                ++m_tag_counts[m_index.tag_values[t]];
            }
        }
        const auto collect = [](std::vector<std::uint64_t>& counts, const ValueNames& names,
                                FacetList& out) {
            for (std::size_t v = 0; v < counts.size(); ++v) {
                if (counts[v] > 0) {
                    out.emplace_back(names.names[v], counts[v]);
                    counts[v] = 0;
                }
            }
            sort_facet_list(out);
        };
        collect(m_source_counts, m_index.source_names, result.source);
        collect(m_tag_counts, m_index.tag_names, result.tag);
    }

    const FloorIndex& m_index;
    std::size_t m_k;
    Xapian::Stem m_stemmer; // per session: a Stem keeps state while stemming
    // Scratch space, one slot per document or value, zero between queries.
    std::vector<float> m_scores;
    std::vector<std::uint32_t> m_tfs;
    std::vector<std::uint64_t> m_source_counts;
    std::vector<std::uint64_t> m_tag_counts;
    std::vector<std::uint32_t> m_touched;
    std::vector<std::size_t> m_cursors;
    std::vector<Scored> m_matches;
    std::vector<Scored> m_heap;
    // The current query's filter.
    std::uint32_t m_date_from = 0;
    std::uint32_t m_date_to = 0;
    bool m_dated = false;
    std::uint32_t m_source = FloorIndex::no_value;
    std::uint32_t m_tag = FloorIndex::no_value;
};

std::string read_articles_path(const std::string& index) {
    const std::string file = (std::filesystem::path(index) / floor_path_file).string();
    std::ifstream in(file);
    std::string path;
    if (!in || !std::getline(in, path) || path.empty()) {
        throw Error(ErrorKind::NotFound, fmt::format("{}: no floor index here", index),
                    "build one with: news-bench engine floor build --articles FILE --index DIR");
    }
    return path;
}

class FloorEngine final : public Engine {
public:
    explicit FloorEngine(const EngineOptions& options) : m_k(options.k) {
        const auto start = std::chrono::steady_clock::now();
        m_index = build_floor_index(read_articles_path(options.index));
        m_build_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }

    std::string name() const override { return "floor"; }
    std::string version() const override { return "1"; }
    std::unique_ptr<Session> open_session() override {
        return std::make_unique<FloorSession>(m_index, m_k);
    }
    bool reports_postings() const override { return true; }
    nlohmann::json extra_report() const override {
        std::size_t postings = 0;
        for (const auto& stem : m_index.stems) {
            postings += stem.docs.size();
        }
        return {{"build_seconds", m_build_seconds},
                {"articles", m_index.size()},
                {"words", m_index.words.size()},
                {"stems", m_index.stems.size()},
                {"stem_postings", postings}};
    }

private:
    std::size_t m_k;
    FloorIndex m_index;
    double m_build_seconds = 0;
};

} // namespace

BuildReport build_floor(const std::string& articles, const std::string& index) {
    const auto start = std::chrono::steady_clock::now();
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(articles, ec);
    if (ec || !std::filesystem::is_regular_file(absolute, ec)) {
        throw Error(ErrorKind::NotFound, fmt::format("{}: no articles file here", articles));
    }
    const std::string file = (std::filesystem::path(index) / floor_path_file).string();
    {
        std::ofstream out(file);
        out << absolute.string() << '\n';
        out.flush();
        if (!out) {
            throw Error(ErrorKind::Io, fmt::format("{}: write failed", file));
        }
    }
    sync_file(file);
    BuildReport report;
    // Counting lines is all the reading this build does: the floor indexes when queried.
    std::ifstream in(absolute, std::ios::binary);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty()) {
            ++report.articles;
        }
    }
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

std::unique_ptr<Engine> open_floor_engine(const EngineOptions& options) {
    return std::make_unique<FloorEngine>(options);
}

} // namespace news::bench
