/// @file
/// @brief Scoring extracted entities against hand annotations: the folded form two names are
/// compared by, the labels and judgement files, and micro precision/recall/F1 over (article,
/// entity) pairs.
#pragma once

#include <array>
#include <cstddef>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace news::bench::entities {

/// The entity types, in report order.
inline constexpr std::array<std::string_view, 3> types{"person", "place", "org"};

/// The form two entity names are compared in: accents removed, lower-cased, curly apostrophes
/// straightened, a final possessive "'s" dropped (and "s'" made "s"), periods and apostrophes
/// removed, other punctuation (commas, hyphens, slashes, brackets, quotes) and runs of white
/// space made one space, a leading "the " dropped. "The U.S." and "US" fold alike; "Trump" and
/// "Melania Trump" do not.
[[nodiscard]] std::string fold_name(std::string_view name);

/// One annotated entity of one article.
struct LabelledEntity {
    std::string type;               ///< person, place or org
    std::string name;               ///< canonical name
    std::vector<std::string> forms; ///< folded name and variants, distinct
};

/// One annotated article: where it comes from and every entity it mentions.
struct LabelledArticle {
    std::string corpus; ///< bbc, fakenewsnet or reuters
    std::string id;     ///< the id news-index gives it
    std::vector<LabelledEntity> entities;
};

/// Reads a labels TSV (header `corpus, id, type, name, variants`; bench/entities/labels/README.md).
/// @p where names the file in messages.
/// @throws news::Error (BadData) naming the line of a malformed row, an unknown type, or a form
/// shared by two entities of one type in one article.
[[nodiscard]] std::vector<LabelledArticle> read_labels(std::istream& in, const std::string& where);

/// Per-type predicted values of one article (display names, as news-search exports them).
using Predicted = std::map<std::string, std::vector<std::string>, std::less<>>;

/// True positives, false positives and false negatives, and the micro scores they give.
struct Counts {
    std::size_t tp = 0;
    std::size_t fp = 0;
    std::size_t fn = 0;
    [[nodiscard]] double precision() const; ///< tp / (tp + fp); 0 when nothing was predicted
    [[nodiscard]] double recall() const;    ///< tp / (tp + fn); 0 when nothing was annotated
    [[nodiscard]] double f1() const;        ///< harmonic mean; 0 when both are 0
    Counts& operator+=(const Counts& other);
};

/// Per type (and "all") counts.
using TypedCounts = std::map<std::string, Counts, std::less<>>;

/// Scores one article: a predicted value of type T is a true positive when its folded form is
/// one of the forms of an annotated entity of type T not matched yet (each annotated entity is
/// matched at most once), otherwise a false positive of type T; annotated entities left
/// unmatched are false negatives. Values of other types than person, place and org are ignored.
/// The result has one entry per type and "all".
[[nodiscard]] TypedCounts score_article(const std::vector<LabelledEntity>& gold,
                                        const Predicted& predicted);

/// Adds @p more into @p total, type by type.
void add_counts(TypedCounts& total, const TypedCounts& more);

/// One judged facet value.
struct Judgement {
    bool ok = false;
    std::string note;
};

/// Judgements of facet values, by corpus, type and folded value.
class Judgements {
public:
    /// Reads a judgement TSV (header `corpus, type, value, verdict, note`; verdict ok or junk).
    /// @throws news::Error (BadData) naming the line of a malformed row or a value judged twice.
    static Judgements read(std::istream& in, const std::string& where);
    /// The judgement of @p value (compared folded), if any.
    [[nodiscard]] std::optional<Judgement> find(std::string_view corpus, std::string_view type,
                                                std::string_view value) const;

private:
    std::map<std::string, Judgement, std::less<>> m_by_key;
};

/// The top values of one facet over one corpus, judged.
struct FacetJudged {
    std::size_t ok = 0;
    std::size_t junk = 0;
    std::vector<std::string> unjudged;
    /// ok / (ok + junk); 0 when nothing was judged.
    [[nodiscard]] double precision() const;
};

/// Judges @p values (a facet's top values) of @p type over @p corpus.
[[nodiscard]] FacetJudged judge_values(const Judgements& judgements, std::string_view corpus,
                                       std::string_view type,
                                       const std::vector<std::string>& values);

} // namespace news::bench::entities
