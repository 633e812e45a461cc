/// @file
/// @brief SQL text of the SQLite FTS5 engine's searches.
#include "engines/sqlite_query.hpp"

#include "news/common/date.hpp"

#include "engines/tokens.hpp"
#include "engines/xapian_common.hpp"
#include <fmt/format.h>

namespace news::bench {
namespace {

std::string fts5_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + '"';
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) {
            out += separator;
        }
        out += part;
    }
    return out;
}

// YYYYMMDD as the integer the docs table stores.
std::int64_t date_number(const std::string& compact) {
    return std::stoll(date::to_compact(parse_compact_date(compact)));
}

// Builds the WHERE clause over `fts` (and `d`, the docs row, when @p with_docs) and collects the
// parameters in order.
class Where {
public:
    Where(const BenchQuery& query, bool with_docs) {
        add("fts MATCH ?", fts5_match_expression(query));
        if (!query.date_from.empty()) {
            add("d.date >= ?", date_number(query.date_from));
        }
        if (!query.date_to.empty()) {
            add("d.date <= ?", date_number(query.date_to));
        }
        if (query.filter_field == "source") {
            add("d.source = ?", query.filter_value);
        } else if (query.filter_field == "tag") {
            // Correlated, so the search stays driven by the MATCH: "fts.rowid IN (SELECT ...)"
            // makes SQLite run the full-text query once per tagged row (100x slower).
            add("EXISTS (SELECT 1 FROM tags ft WHERE ft.rowid = fts.rowid AND ft.tag = ?)",
                query.filter_value);
        }
        m_needs_docs = with_docs || !query.date_from.empty() || !query.date_to.empty() ||
                       query.filter_field == "source";
    }

    // "FROM ... WHERE ...", joining docs only when a column of it is used.
    [[nodiscard]] std::string from_where(std::string_view extra_join = {}) const {
        return fmt::format("FROM fts{}{} WHERE {}",
                           m_needs_docs ? " JOIN docs d ON d.rowid = fts.rowid" : "", extra_join,
                           join(m_conditions, " AND "));
    }

    [[nodiscard]] const std::vector<SqlValue>& params() const { return m_params; }

private:
    void add(std::string condition, SqlValue value) {
        m_conditions.push_back(std::move(condition));
        m_params.push_back(std::move(value));
    }

    std::vector<std::string> m_conditions;
    std::vector<SqlValue> m_params;
    bool m_needs_docs = false;
};

std::string inline_params(const SqlStatement& statement) {
    std::string out;
    std::size_t next = 0;
    for (const char c : statement.sql) {
        if (c != '?' || next >= statement.params.size()) {
            out += c;
            continue;
        }
        const auto& value = statement.params[next++];
        if (const auto* text = std::get_if<std::string>(&value)) {
            out += sql_quote(*text);
        } else {
            out += std::to_string(std::get<std::int64_t>(value));
        }
    }
    return out;
}

} // namespace

std::string sql_quote(std::string_view text) {
    std::string out = "'";
    for (const char c : text) {
        out += c;
        if (c == '\'') {
            out += '\'';
        }
    }
    return out + '\'';
}

std::string fts5_match_expression(const BenchQuery& query) {
    const std::vector<std::string> words = query_words(query);
    std::vector<std::string> quoted;
    quoted.reserve(words.size());
    for (const auto& word : words) {
        quoted.push_back(fts5_string(word));
    }
    switch (query.op) {
    case QueryOp::And:
        return join(quoted, " AND ");
    case QueryOp::Or:
        return join(quoted, " OR ");
    case QueryOp::Phrase:
        return fts5_string(join(words, " "));
    case QueryOp::Prefix:
        return quoted.front() + " *";
    }
    return join(quoted, " AND ");
}

std::vector<SqlStatement> sqlite_statements(const BenchQuery& query, Mode mode, std::size_t k) {
    std::vector<SqlStatement> statements;
    const Where top(query, /*with_docs=*/true);
    // Undated articles last, as ours.
    const std::string order =
        query.sort_by_date ? "d.date DESC NULLS LAST, bm25(fts)" : "bm25(fts)";
    statements.push_back(
        {fmt::format("SELECT d.id {} ORDER BY {} LIMIT {}", top.from_where(), order, k),
         top.params()});
    if (mode == Mode::Top) {
        return statements;
    }
    const Where count(query, /*with_docs=*/false);
    statements.push_back({"SELECT count(*) " + count.from_where(), count.params()});
    if (mode == Mode::Count) {
        return statements;
    }
    const Where sources(query, /*with_docs=*/true);
    statements.push_back(
        {fmt::format("SELECT d.source, count(*) {} AND d.source IS NOT NULL GROUP BY d.source "
                     "ORDER BY 2 DESC, 1",
                     sources.from_where()),
         sources.params()});
    const Where tags(query, /*with_docs=*/false);
    statements.push_back({fmt::format("SELECT t.tag, count(*) {} GROUP BY t.tag ORDER BY 2 DESC, 1",
                                      tags.from_where(" JOIN tags t ON t.rowid = fts.rowid")),
                          tags.params()});
    return statements;
}

std::string sqlite_query_sql(const BenchQuery& query, Mode mode, std::size_t k) {
    std::string out;
    for (const auto& statement : sqlite_statements(query, mode, k)) {
        out += inline_params(statement) + ";\n";
    }
    return out;
}

} // namespace news::bench
