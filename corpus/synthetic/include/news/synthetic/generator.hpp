/// @file
/// @brief Synthetic news articles recombined from a sentence pool, as JSON Lines, one at a
/// time: the same pool, options and seed always give the same bytes.
#pragma once

#include "news/common/article.hpp"
#include "news/synthetic/pool.hpp"

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace news::synthetic {

/// The seed used when none is given.
constexpr std::uint64_t default_seed = 21578;

/// What to generate.
struct GeneratorOptions {
    std::uint64_t count = 1000;        ///< articles to write
    std::uint64_t seed = default_seed; ///< of the one random stream every choice is drawn from
    unsigned rewrite_permille = 300;   ///< share of articles that rewrite a recent one, in 1/1000
    Date from{2015, 1, 1};             ///< first publication day
    Date to{2024, 12, 31};             ///< last publication day
    std::size_t window = 2000;         ///< how many recent articles a rewrite may pick from
};

/// What has been generated so far.
struct GeneratorStats {
    std::uint64_t articles = 0; ///< lines written
    std::uint64_t rewrites = 0; ///< of which near-duplicate rewrites of an earlier article
    std::uint64_t bytes = 0;    ///< bytes of JSON Lines, newlines included
};

namespace detail {

/// Uniform integer choices from std::mt19937_64 with our own arithmetic (rejection sampling),
/// so the sequence is the same with every standard library; std:: distributions are not.
class Random {
public:
    /// A stream seeded with @p seed.
    explicit Random(std::uint64_t seed) : m_engine(seed) {}
    /// A uniform integer in [0, @p n); @p n must be at least 1.
    [[nodiscard]] std::uint64_t below(std::uint64_t n);
    /// True with probability @p permille / 1000.
    [[nodiscard]] bool chance(unsigned permille) { return below(1000) < permille; }

private:
    std::mt19937_64 m_engine;
};

/// Days since 1970-01-01 of a valid @p date (negative before).
[[nodiscard]] std::int64_t days_from_civil(const Date& date);
/// The date @p days after 1970-01-01.
[[nodiscard]] Date civil_from_days(std::int64_t days);

} // namespace detail

/// Writes synthetic articles one JSON line at a time.
///
/// Each article is either fresh or a rewrite. A fresh one takes a real article at random as its
/// template: its length in sentences, paragraph breaks, outlet, authors, categories and facets
/// (so all of them follow the real distributions), and its topic group, from whose articles it
/// draws its sentences in runs of one to four, starting with a lead sentence, and its title
/// (a real title, or the first half of one joined to the second half of another). A rewrite
/// (rewrite_permille of the articles) picks one of the last `window` articles and keeps its
/// story: a quarter of its sentences are replaced from the same group, some are dropped or
/// added, neighbours are swapped, the title is kept or half replaced, the date moves 0-3 days on,
/// and another outlet of the same input publishes it. Dates rise with the article number from
/// `from` to `to`, with up to a week of jitter.
///
/// Everything is labelled synthetic: ids `synthetic:NNNNNNN`, outlets "synthetic <outlet>", URLs
/// under https://synthetic.invalid/, and a facet `label` of `synthetic`. Memory is the pool plus
/// the window of recent articles, whatever the count.
class Generator {
public:
    /// A generator over @p pool, which must outlive it and be finished.
    Generator(const Pool& pool, const GeneratorOptions& options);

    /// Appends the next article, one JSON object and a newline, to @p line.
    /// @return false, appending nothing, once `count` articles have been written.
    bool next(std::string& line);

    /// What has been generated so far.
    [[nodiscard]] const GeneratorStats& stats() const { return m_stats; }

private:
    struct Story {
        std::vector<std::uint32_t> sentences; // pool indices, in order
        std::string title;
        std::int64_t day = 0;
        std::uint32_t subject = 0; // template giving topic group, categories, facets, paragraphs
    };

    void fresh(Story& story, std::uint32_t& outlet_template);
    void rewrite(Story& story, std::uint32_t& outlet_template);
    std::uint32_t random_sentence(std::uint32_t group);
    std::string make_title(std::uint32_t group, const std::string& base);
    void write(const Story& story, std::uint32_t outlet_template, std::string& line) const;

    const Pool& m_pool;
    GeneratorOptions m_options;
    detail::Random m_random;
    std::int64_t m_first_day = 0;
    std::int64_t m_last_day = 0;
    std::vector<Story> m_recent; // ring of the last `window` stories
    std::size_t m_next_slot = 0;
    GeneratorStats m_stats;
};

} // namespace news::synthetic
