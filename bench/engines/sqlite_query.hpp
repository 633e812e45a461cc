/// @file
/// @brief The SQL the SQLite FTS5 engine runs for a BenchQuery, with bound parameters or, for
/// the sqlite3 shell, with quoted literals.
///
/// Where FTS5's analysis differs from ours (the totals differ by exactly these):
/// - Tokenizer: unicode61 splits on every Unicode non-letter/digit ("ukraine's" -> "ukraine",
///   "s"; Xapian keeps "ukraine's" and "10,000" whole) and folds diacritics ("café" matches
///   "cafe"; ours does not).
/// - Stemmer: Porter (1980) in FTS5 against Snowball english (Porter 2) in ours; they disagree
///   on some words ("generously", "dying", "skies", ...).
/// - Stop words: FTS5 has none. The engine leaves our stop words out of and/or queries on the
///   query side (query_words()), so only phrases, which keep them in both, see them.
/// - Phrases: FTS5 matches stemmed tokens in order, ours the unstemmed words, so "missiles
///   fired" also matches "missile fires" in FTS5.
/// - Prefixes: FTS5 stems the prefix too and matches it against stemmed tokens ("president" *
///   is "presid" *, so it matches "presidency"; "happy" * is "happi" *, so it matches
///   "happiness"); ours expands the prefix as typed against the unstemmed words, keeping the
///   1,000 most frequent.
/// - Ranking: FTS5's bm25() (k1 1.2, b 0.75) over title and body as two columns of equal weight;
///   ours weights title words three times in one field.
#pragma once

#include "engines/engine.hpp"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace news::bench {

/// A value bound to a "?" parameter: text or an integer (dates are YYYYMMDD integers).
using SqlValue = std::variant<std::string, std::int64_t>;

/// One SQL statement and the values of its "?" parameters, in order.
struct SqlStatement {
    std::string sql;
    std::vector<SqlValue> params;
};

/// The statements one search runs, in order: the top @p k ids (id column); then for Count the
/// match count (one integer); then for Facets the source and the tag counts (value, count rows,
/// count descending then value).
/// @throws news::Error (Usage) when the query has no word to search for.
[[nodiscard]] std::vector<SqlStatement> sqlite_statements(const BenchQuery& query, Mode mode,
                                                          std::size_t k);

/// The FTS5 MATCH expression of @p query: every word quoted so that no corpus word acts as
/// syntax: "a" AND "b", "a" OR "b", "a b" (phrase), "pre" * (prefix).
/// @throws news::Error (Usage) when the query has no word to search for.
[[nodiscard]] std::string fts5_match_expression(const BenchQuery& query);

/// An SQL string literal: @p text in single quotes, quotes doubled.
[[nodiscard]] std::string sql_quote(std::string_view text);

/// The full SQL text of one search, literals inlined and statements ended by ";\n", for the
/// sqlite3 shell on DIR/fts.sqlite.
/// @throws news::Error (Usage) when the query has no word to search for.
[[nodiscard]] std::string sqlite_query_sql(const BenchQuery& query, Mode mode, std::size_t k);

} // namespace news::bench
