/// @file
/// @brief From the user's query string and flags to one Xapian::Query.
#pragma once

#include "news/common/aliases.hpp"
#include "news/common/article.hpp"

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace news::searcher {

/// What to match, as the user said it.
struct QueryRequest {
    std::string text; ///< the query language (README: "Query language")
    bool any = false; ///< OR semantics instead of all-words-required
    /// --filter NAME=VALUE pairs: values of one facet are OR-ed, facets AND-ed.
    std::vector<std::pair<std::string, std::string>> filters;
    std::optional<Date> since; ///< inclusive
    std::optional<Date> until; ///< inclusive
    /// --like: ids of articles to find more like (relevance feedback, more_like_this.hpp); the
    /// text may then be empty.
    std::vector<std::string> like;
};

/// A lowercase "and", "or" or "not" between two searchable parts of a query: the parser reads it
/// as a word (a common one, which it drops), not as the operator.
struct LowercaseOperator {
    std::size_t offset = 0; ///< byte offset of the word in the query text
    std::string word;       ///< the word as typed ("not", "Or", ...)
    std::string before;     ///< the part of the query just before it, as typed
    std::string after;      ///< the part of the query just after it, as typed
};

/// What the syntax check learnt about a query's shape.
struct QuerySyntax {
    /// Every part is an exclusion ("-trump -biden"): Xapian's parser would read a lone "-word"
    /// as the word itself, so the builder matches all articles but those.
    bool only_exclusions = false;
    /// The excluded parts without their '-', when only_exclusions.
    std::string excluded;
    /// Operators written in lower case between words, in query order.
    std::vector<LowercaseOperator> lowercase_operators;
};

/// What the user should know about how a query was read: nothing typed is dropped silently.
struct QueryNotes {
    /// Words the parser left out as too common (stop words, outside phrases), lower case, in
    /// query order, each once.
    std::vector<std::string> ignored_words;
    /// Advice on how the query was read, one sentence each, e.g. "to exclude, write NOT in
    /// capitals: trump NOT russia" for a lowercase operator the parser dropped.
    std::vector<std::string> notes;
};

/// Most distinct words (terms, after stemming and stop words) a query may hold; a wildcard's
/// expansion is matched as one and not counted. More is refused, as Xapian's matching time grows
/// with the square of the number of words OR-ed together. Lucene's default clause limit.
inline constexpr std::size_t max_query_words = 1024;

/// Most terms a wildcard expands to: the most frequent are kept (Xapian's
/// WILDCARD_LIMIT_MOST_FREQUENT).
inline constexpr Xapian::termcount max_wildcard_expansion = 1000;

/// Rejects query strings Xapian would otherwise re-read silently as plain words: unbalanced
/// quotes or parentheses, an operator without operands, an unknown field, a misplaced '*',
/// '-' or '+', a date: value that is not a range of dates. An unknown field's hint shows the
/// query rewritten to search for the word instead (quoted, or without its colon).
/// @throws news::Error (Usage) with a message that names the problem and where it is.
QuerySyntax validate_query_syntax(std::string_view text);

class DayColumn;

/// Builds queries for one database with the parser settings of news::analysis.
class QueryBuilder {
public:
    /// @p db must outlive the builder (wildcards expand against it). The alias set is the one
    /// @p db stores (aliases::metadata_key).
    /// @throws news::Error (Corrupt) when the stored alias set cannot be read.
    QueryBuilder(const Xapian::Database& db, const Xapian::Stem& stemmer);

    /// The query for @p request: the parsed text, filtered by the facet filters and date bounds.
    /// A word or phrase that is a form of an alias group also matches the group's term
    /// (rewrite_aliases()). When @p notes is given, it receives the words the parser dropped,
    /// advice on how the query was read, and the aliases it also matched (QueryNotes).
    /// @throws news::Error (Usage) for bad syntax, an unknown facet, a query with no
    /// searchable word or more than max_query_words distinct words.
    [[nodiscard]] Xapian::Query build(const QueryRequest& request, QueryNotes* notes = nullptr);

    /// @p query filtered by @p request's facet filters and date bounds (build() ends with it).
    /// @throws news::Error (Usage) for an unknown facet or --until before --since.
    [[nodiscard]] Xapian::Query restrict(Xapian::Query query, const QueryRequest& request) const;

    /// Lets the date bounds of a query with words or filters test each candidate's day in
    /// @p days (the database's `date.day` column, which must outlive the builder) instead of
    /// reading the date filter terms: the same matches. nullptr: the terms.
    void use_days(const DayColumn* days) noexcept { m_days = days; }

private:
    /// The --since/--until bounds as a filter (see date_filter in query_builder.cpp), tested in
    /// @p day_column when given.
    [[nodiscard]] Xapian::Query date_filter(const QueryRequest& request,
                                            const DayColumn* day_column) const;

    const Xapian::Database& m_db;
    Xapian::QueryParser m_parser;
    Xapian::Stem m_stemmer;
    aliases::AliasSet m_aliases; ///< the database's
    const DayColumn* m_days = nullptr;
};

/// @p query (as parsed from @p text, accent-folded) with every alias form @p text names also
/// matching its group's term: a word W becomes (W OR group), a phrase that is a form becomes
/// (phrase OR group), a phrase holding a form also matches the phrase with each other form in
/// its place (the first form of each phrase), and words typed one after another that make a
/// form (unquoted) also match the group. Parts that name no form are left as they were. The
/// forms expanded are described in @p notes ("aliases: ...") when given.
[[nodiscard]] Xapian::Query rewrite_aliases(const Xapian::Query& query, std::string_view text,
                                            const aliases::AliasSet& set,
                                            const Xapian::Stem& stemmer,
                                            std::vector<std::string>* notes);

/// Parses "NAME=VALUE" for --filter.
/// @throws news::Error (Usage) when there is no '=' or NAME is not a facet field.
[[nodiscard]] std::pair<std::string, std::string> parse_filter(std::string_view spec);

} // namespace news::searcher
