/// @file
/// @brief --significant: the words most over-represented in the matches compared with the
/// whole database.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <vector>

namespace news::searcher {

/// At most this many matches are read for --significant; beyond it, a sample (the first matches
/// in docid order) is read and the result says so.
inline constexpr Xapian::doccount significant_sample = 5000;

/// One over-represented word.
struct SignificantTerm {
    std::string word;                 ///< as indexed: folded, lower case, unstemmed
    Xapian::doccount in_matches = 0;  ///< matches (of those read) that contain it
    Xapian::doccount in_database = 0; ///< articles of the database that contain it
    double score = 0;                 ///< JLH (see significant_terms())
};

/// The words of --significant and what they were counted over.
struct SignificantTerms {
    std::vector<SignificantTerm> terms; ///< best first
    Xapian::doccount matches = 0;       ///< matches of the query
    Xapian::doccount read = 0;          ///< matches whose words were counted
    [[nodiscard]] bool sampled() const { return read < matches; }
};

/// The @p n words most over-represented in @p query's matches, scored as Elasticsearch's
/// significant_text does by default (JLH): with fg = in_matches / read and
/// bg = in_database / doccount, score = (fg - bg) x fg / bg, for words over-represented
/// (fg > bg) and in at least 2 of the matches read (1 when fewer than 5 were read). Words are
/// the unprefixed terms of each match's term list (the words as indexed, not stems), of 3 or
/// more bytes, without digits, not stop words, and not a form of the query's own words (a word
/// whose stem the query searches for). Reads at most significant_sample matches (all of them
/// when there are no more: the counts are then exact).
[[nodiscard]] SignificantTerms significant_terms(const Xapian::Database& db,
                                                 const Xapian::Query& query,
                                                 const Xapian::Stem& stemmer, std::size_t n);

/// The text block: "significant words (in matches / in database, JLH):" then one line a word.
[[nodiscard]] std::string render_significant_text(const SignificantTerms& terms);

/// The --json "significant" object (searcher/README.md), serialised.
[[nodiscard]] std::string render_significant_json(const SignificantTerms& terms);

} // namespace news::searcher
