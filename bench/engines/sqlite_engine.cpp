/// @file
/// @brief The "sqlite" engine: the FTS5 index build and one connection per session.
#include "engines/sqlite_engine.hpp"

#include "news/common/error.hpp"

#include "engines/sqlite_handle.hpp"
#include "engines/sqlite_query.hpp"
#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <vector>

namespace news::bench {
namespace {

// A normal FTS5 table: it keeps the title and body (its fts_content table), which a hit's
// display and snippet() need, as our database keeps the body and Lucene its stored fields, so
// that the index sizes compare on equal terms. bm25() reads only the index and the column sizes.
constexpr const char* schema_sql = R"(
CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, date INTEGER, source TEXT);
CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='porter unicode61');
CREATE TABLE tags(rowid INTEGER NOT NULL, tag TEXT NOT NULL);
)";

// Created after the bulk insert: cheaper than maintaining them row by row. tags_by_doc serves
// the tag filter and the tag facet's join, tags_by_tag lookups by tag in the sqlite3 shell. No
// index on docs.source: it would tempt the planner to drive a source-filtered search from docs, one
// FTS5 lookup per row.
constexpr const char* index_sql = R"(
CREATE INDEX tags_by_tag ON tags(tag, rowid);
CREATE INDEX tags_by_doc ON tags(rowid, tag);
)";

// A bulk load into a new file: no journal (a failed build is deleted, not recovered), no syncs
// until the end, a large page cache.
constexpr const char* build_pragmas = R"(
PRAGMA page_size = 4096;
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA temp_store = MEMORY;
PRAGMA cache_size = -262144;
)";

// Reads share the OS page cache as Xapian's do; a modest cache of SQLite's own per connection,
// and no mmap, which would count the whole file in the process's RSS.
constexpr const char* query_pragmas = R"(
PRAGMA cache_size = -16384;
PRAGMA query_only = ON;
)";

std::string index_path(const std::string& index) {
    return (std::filesystem::path(index) / sqlite_index_file).string();
}

void bind_all(SqliteStatement& statement, const std::vector<SqlValue>& params) {
    int index = 0;
    for (const auto& value : params) {
        ++index;
        if (const auto* text = std::get_if<std::string>(&value)) {
            statement.bind(index, *text);
        } else {
            statement.bind(index, std::get<std::int64_t>(value));
        }
    }
}

FacetList read_facets(SqliteStatement& statement) {
    FacetList list;
    while (statement.step()) {
        list.emplace_back(std::string(statement.text(0)),
                          static_cast<std::uint64_t>(statement.integer(1)));
    }
    sort_facet_list(list); // SQLite's collation is bytewise too; this makes the order certain
    return list;
}

class SqliteSession final : public Session {
public:
    explicit SqliteSession(const EngineOptions& options)
        : m_k(options.k),
          m_db(index_path(options.index), SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX) {
        m_db.exec(query_pragmas);
    }

    QueryResult run(const BenchQuery& query, Mode mode) override {
        const auto statements = sqlite_statements(query, mode, m_k);
        QueryResult result;
        for (std::size_t i = 0; i < statements.size(); ++i) {
            SqliteStatement& statement = prepared(statements[i].sql);
            bind_all(statement, statements[i].params);
            if (i == 0) {
                while (statement.step()) {
                    result.top.emplace_back(statement.text(0));
                }
                // Without a count, all we know is what the top k showed.
                result.total = result.top.size();
                result.total_exact = result.top.size() < m_k;
            } else if (i == 1) {
                result.total =
                    statement.step() ? static_cast<std::uint64_t>(statement.integer(0)) : 0;
                result.total_exact = true;
            } else {
                (i == 2 ? result.source : result.tag) = read_facets(statement);
            }
            statement.reset();
        }
        return result;
    }

private:
    // Statements depend on the query's shape only (values are bound), so a handful are
    // prepared once per session and reused, as an application would.
    SqliteStatement& prepared(const std::string& sql) {
        auto it = m_statements.find(sql);
        if (it == m_statements.end()) {
            it = m_statements.emplace(sql, std::make_unique<SqliteStatement>(m_db, sql)).first;
        }
        return *it->second;
    }

    std::size_t m_k;
    SqliteDb m_db;
    std::map<std::string, std::unique_ptr<SqliteStatement>> m_statements;
};

class SqliteEngine final : public Engine {
public:
    explicit SqliteEngine(EngineOptions options) : m_options(std::move(options)) {
        // Fail on a missing or foreign file now, not in the first session.
        SqliteDb db(index_path(m_options.index), SQLITE_OPEN_READONLY);
        try {
            SqliteStatement check(db, "SELECT count(*) FROM docs");
            (void)check.step();
        } catch (const Error& e) {
            throw Error(ErrorKind::Incompatible,
                        fmt::format("{}: not an index of the sqlite engine", db.path()),
                        "rebuild it with news-bench engine sqlite build");
        }
    }

    std::string name() const override { return "sqlite"; }
    std::string version() const override { return sqlite3_libversion(); }
    std::unique_ptr<Session> open_session() override {
        return std::make_unique<SqliteSession>(m_options);
    }

private:
    EngineOptions m_options;
};

} // namespace

BuildReport build_sqlite_index(const std::string& articles, const std::string& index) {
    const auto start = std::chrono::steady_clock::now();
    const std::string path = index_path(index);
    BuildReport report;
    {
        SqliteDb db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
        db.exec(build_pragmas);
        db.exec(schema_sql);
        db.exec("BEGIN");
        SqliteStatement insert_doc(db, "INSERT INTO docs(rowid, id, date, source) VALUES(?,?,?,?)");
        SqliteStatement insert_text(db, "INSERT INTO fts(rowid, title, body) VALUES(?,?,?)");
        SqliteStatement insert_tag(db, "INSERT INTO tags(rowid, tag) VALUES(?,?)");
        for_each_article(articles, [&](BenchArticle&& article) {
            const auto rowid = static_cast<std::int64_t>(++report.articles);
            insert_doc.bind(1, rowid);
            insert_doc.bind(2, article.id);
            if (article.date.empty()) {
                insert_doc.bind_null(3);
            } else {
                insert_doc.bind(3, std::int64_t{std::stoll(article.date)}); // checked YYYYMMDD
            }
            if (article.source.empty()) {
                insert_doc.bind_null(4);
            } else {
                insert_doc.bind(4, article.source);
            }
            (void)insert_doc.step();
            insert_doc.reset();
            insert_text.bind(1, rowid);
            insert_text.bind(2, article.title);
            insert_text.bind(3, article.body);
            (void)insert_text.step();
            insert_text.reset();
            for (const auto& tag : article.tags) {
                insert_tag.bind(1, rowid);
                insert_tag.bind(2, tag);
                (void)insert_tag.step();
                insert_tag.reset();
            }
        });
        db.exec("COMMIT");
        db.exec(index_sql);
        // Merge FTS5's segments into one, as a finished index would be served.
        db.exec("INSERT INTO fts(fts) VALUES('optimize')");
    }
    sync_file(path);
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

std::optional<std::vector<SqliteIndexPart>> sqlite_index_parts(const std::string& index) {
    SqliteDb db(index_path(index), SQLITE_OPEN_READONLY);
    std::unique_ptr<SqliteStatement> pages;
    try {
        pages = std::make_unique<SqliteStatement>(
            db,
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY sum(pgsize) DESC, name");
    } catch (const Error&) {
        return std::nullopt; // no such table: SQLite built without SQLITE_ENABLE_DBSTAT_VTAB
    }
    std::vector<SqliteIndexPart> parts;
    while (pages->step()) {
        parts.push_back(
            {std::string(pages->text(0)), static_cast<unsigned long long>(pages->integer(1))});
    }
    const auto pragma = [&db](const char* sql) {
        SqliteStatement statement(db, sql);
        return statement.step() ? static_cast<unsigned long long>(statement.integer(0)) : 0ULL;
    };
    const unsigned long long page_size = pragma("PRAGMA page_size");
    const unsigned long long page_count = pragma("PRAGMA page_count");
    // Pages no table holds: the free list (pages the optimize's merge released) and, in a file
    // larger than 1 GiB, the lock-byte page, which SQLite never uses.
    unsigned long long unused = pragma("PRAGMA freelist_count") * page_size;
    constexpr unsigned long long lock_byte_offset = 1ULL << 30U;
    if (page_count * page_size > lock_byte_offset) {
        unused += page_size;
    }
    if (unused > 0) {
        parts.push_back({"(free pages)", unused});
    }
    return parts;
}

std::unique_ptr<Engine> open_sqlite_engine(const EngineOptions& options) {
    return std::make_unique<SqliteEngine>(options);
}

} // namespace news::bench
