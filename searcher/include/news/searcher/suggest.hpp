/// @file
/// @brief "Did you mean": spelling suggestions from the database's own words, and near values
/// for a --filter value no article has.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace news::searcher {

/// A query with its likely misspellings corrected.
struct Suggestion {
    std::string text; ///< the query as typed, each corrected word replaced
    /// (typed word, suggested word), in query order.
    std::vector<std::pair<std::string, std::string>> words;
    Xapian::doccount total = 0; ///< matches of the corrected query (same filters and dates)
};

/// A word is suggested for a typed word some article has when the suggestion is in at least
/// this many times as many articles (for a word no article has, in any article).
inline constexpr Xapian::doccount suggestion_ratio = 10;

/// Typed words in more articles than this are taken as correctly spelt and never corrected.
inline constexpr Xapian::doccount rare_word_limit = 100;

/// The query @p text with its likely misspellings corrected, from the spelling dictionary the
/// indexer fills (DocumentBuilder::add_spelling), or nullopt when no word needs one.
///
/// Each word of @p text (not an operator, a field name, a wildcard, a word with digits or of
/// fewer than 4 letters, or a stop word) is looked up, folded and lower-cased, as indexed:
/// (a word "is in" the articles its stem is in: those it finds)
/// - in no article: Xapian's Database::get_spelling_suggestion() (edit distance at most 2);
/// - in 1 to rare_word_limit articles, 5 letters or more: a dictionary word starting with the
///   same letter that is the word with two adjacent letters swapped (kardashain), or, for a
///   word of 8 letters or more in at most 3 articles, with one letter changed, added or dropped
///   (goverment), in 5 x suggestion_ratio times as many articles. A rare word the corpus holds
///   is most often correct, and one changed letter often makes another real word (trays,
///   trans); a swap seldom does.
/// The suggestion is kept when it is in at least suggestion_ratio times as many articles as
/// the typed word and does not stem alike (the search finds both already). Suggestion::total is
/// left 0 for the caller to count.
[[nodiscard]] std::optional<Suggestion>
suggest_spelling(const Xapian::Database& db, const Xapian::Stem& stemmer, std::string_view text);

/// Optimal string alignment distance between @p a and @p b (insertions, deletions,
/// substitutions and swaps of adjacent bytes each count 1), or @p limit + 1 when it exceeds
/// @p limit.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

/// Whether edit_distance(@p a, @p b, 1) <= 1: equal, or a byte changed, added or dropped, or two
/// adjacent bytes swapped. One pass and no allocation, for checking many words against one.
[[nodiscard]] bool within_one_edit(std::string_view a, std::string_view b) noexcept;

/// For each --filter value no article of @p db has, one sentence naming it, with the closest
/// value the facet has when there is one: "no article has source 'cnn'; did you mean
/// 'cnn.com'?". Values are compared as filter_term() folds them.
[[nodiscard]] std::vector<std::string>
missing_filter_values(const Xapian::Database& db,
                      const std::vector<std::pair<std::string, std::string>>& filters);

/// "Did you mean 'president trump' (1,234 articles)?"
[[nodiscard]] std::string describe_suggestion(const Suggestion& suggestion);

/// @p n with a comma between thousands: 1,234.
[[nodiscard]] std::string group_thousands(std::size_t n);

} // namespace news::searcher
