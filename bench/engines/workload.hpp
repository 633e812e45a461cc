/// @file
/// @brief The files every benchmarked engine reads: articles.tsv and queries.tsv
/// (bench/peers/PROTOCOL.md).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace news::bench {

/// One article as every engine indexes it.
struct BenchArticle {
    std::string id;
    std::string date;              ///< YYYYMMDD, or empty
    std::string source;            ///< folded outlet name, or empty
    std::vector<std::string> tags; ///< folded values of the corpus's main multi-valued facet
    std::string title;
    std::string body;
};

/// How a query's terms combine.
enum class QueryOp {
    And,    ///< every term
    Or,     ///< any term, ranked
    Phrase, ///< the terms adjacent, in order
    Prefix, ///< terms holds one word prefix
};

/// One benchmark query, engine-neutral.
struct BenchQuery {
    std::string id;
    std::string query_class;
    QueryOp op = QueryOp::And;
    std::vector<std::string> terms; ///< lowercase, unstemmed
    std::string date_from;          ///< YYYYMMDD inclusive, or empty
    std::string date_to;            ///< YYYYMMDD inclusive, or empty
    std::string filter_field;       ///< "", "source" or "tag"
    std::string filter_value;       ///< folded value
    bool sort_by_date = false;      ///< newest first instead of relevance
};

/// "and", "or", "phrase", "prefix".
[[nodiscard]] std::string_view op_name(QueryOp op);

/// Escapes '\\', TAB, LF and CR as "\\\\", "\\t", "\\n", "\\r".
[[nodiscard]] std::string escape_field(std::string_view text);
/// Undoes escape_field. @throws news::Error (Usage) for a dangling or unknown escape.
[[nodiscard]] std::string unescape_field(std::string_view text);

/// One line of articles.tsv, without the newline.
[[nodiscard]] std::string format_article_line(const BenchArticle& article);
/// @throws news::Error (Usage) when the line does not have six fields or a bad escape.
[[nodiscard]] BenchArticle parse_article_line(std::string_view line);
/// Streams every article of an articles.tsv file.
/// @throws news::Error (NotFound/Io/Usage) naming the file and line.
void for_each_article(const std::string& path, const std::function<void(BenchArticle&&)>& sink);

/// One line of queries.tsv, without the newline.
[[nodiscard]] std::string format_query_line(const BenchQuery& query);
/// @throws news::Error (Usage) when the line does not have nine valid fields.
[[nodiscard]] BenchQuery parse_query_line(std::string_view line);
/// Every query of a queries.tsv file, '#' comment lines and blank lines skipped.
/// @throws news::Error (NotFound/Io/Usage) naming the file and line.
[[nodiscard]] std::vector<BenchQuery> read_queries(const std::string& path);
/// Writes @p queries to @p path, after @p header as '#' comment lines (one per line of it).
void write_queries(const std::string& path, const std::vector<BenchQuery>& queries,
                   std::string_view header);

} // namespace news::bench
