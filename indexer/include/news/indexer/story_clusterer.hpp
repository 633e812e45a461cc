/// @file
/// @brief Story clustering: which earlier article (and so which story) a new article joins.
///
/// The indexer calls it on the reading thread, in input order, so the same input gives the same
/// stories whatever the number of threads. It keeps, in memory, what it needs of every article
/// in the database (restored at the start of a run from the StoryFeatures value slot), and
/// decides each new article without re-clustering the others.
#pragma once

#include "news/common/article.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace news::indexer::stories {

/// What the clustering keeps of one article: computed from its text once, stored with its
/// document (schema::StoryFeatures) so that a later run restores it without the text.
struct Features;

/// The features of @p article (title, body, date, source). Pure: safe on any thread.
[[nodiscard]] std::shared_ptr<const Features> extract_features(const Article& article);

/// The stored form of @p features (compact, binary, versioned).
[[nodiscard]] std::string serialise(const Features& features);

/// Features read back from serialise(); nullptr for data this build cannot read (an
/// older format or damage): such an article is then clustered again from its text.
[[nodiscard]] std::shared_ptr<const Features> unserialise(std::string_view stored);

/// The estimated Jaccard similarity of the word 3-shingles of two articles (MinHash): near 1
/// for copies, near 0 for different texts.
[[nodiscard]] double shingle_similarity(const Features& a, const Features& b);

/// The decision for one article.
struct Assignment {
    std::string story_id; ///< schema::story_id() of the story's founding article
    std::string copy_of;  ///< the article it is a near-identical copy of; empty when none
};

/// Thresholds and sizes; the defaults are the documented, evaluated ones (indexer/README.md,
/// "Stories").
struct Parameters {
    /// Cosine similarity (key terms weighted by idf) from which an article joins a story.
    double join_similarity = 0.20;
    /// Share of the story's score taken from the mean similarity to all its members rather than
    /// the best one: 0 is single link, 1 average link (guards against chaining).
    double average_share = 0.0;
    /// Share of a story's held articles the new one must reach join_similarity with (at least
    /// one): 0 is single link; more keeps a chain of look-alikes from merging two events.
    double min_linked_share = 0.30;
    /// Weight of a name (a word written capitalised inside sentences) against a common word.
    double name_weight = 2.0;
    /// Weight of a number against a common word.
    double number_weight = 5.0;
    /// Names and numbers two articles must share, besides the similarity, to be linked.
    unsigned min_shared_names = 2;
    /// Cosine similarity of their names and numbers alone two articles must reach to be linked,
    /// when both have some: what tells two events of one kind apart.
    double min_name_similarity = 0.20;
    /// Dated articles further apart than this many days are never linked.
    int date_window_days = 7;
    /// Estimated Jaccard similarity of word shingles from which an article is a copy.
    double copy_similarity = 0.70;
    /// Fewer shingles than this: copies only when the folded text is identical.
    unsigned min_copy_shingles = 8;
    /// Candidate articles taken per key term (the most recent ones).
    std::size_t postings_per_term = 32;
    /// Key terms in more than this share of the held articles do not find candidates.
    double max_term_share = 0.05;
    /// Articles held before max_term_share applies.
    std::size_t max_term_share_from = 500;
};

/// Parses "name=value" into @p parameters (the field names above).
/// @throws news::Error (Usage) for an unknown name or a bad value.
void set_parameter(Parameters& parameters, std::string_view assignment);

/// Incremental, deterministic clustering. Not thread-safe: one instance, one thread.
class Clusterer {
public:
    Clusterer();
    explicit Clusterer(const Parameters& parameters);
    ~Clusterer();
    Clusterer(const Clusterer&) = delete;
    Clusterer& operator=(const Clusterer&) = delete;

    /// Remembers an article already in the database, in the story it is in (no decision).
    void restore(std::string_view article_id, std::shared_ptr<const Features> features,
                 std::string_view story_id, std::string_view copy_of);

    /// Decides the story of @p article_id and remembers it. An id it already holds with equal
    /// features keeps its assignment (an unchanged article); with other features it is
    /// decided again. The same sequence of calls gives the same results.
    [[nodiscard]] Assignment assign(std::string_view article_id,
                                    std::shared_ptr<const Features> features);

    /// Caps the memory the candidate index may take (a share of --memory): past it, the
    /// articles least likely to be joined again (the oldest) stop being candidates; their
    /// stories stay as they are.
    void set_memory_limit(std::size_t bytes);

    /// Forgets an article (deleted or pruned).
    void forget(std::string_view article_id);

    /// How many articles it holds, and roughly how much memory they take.
    [[nodiscard]] std::size_t size() const;
    [[nodiscard]] std::size_t memory_bytes() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace news::indexer::stories
