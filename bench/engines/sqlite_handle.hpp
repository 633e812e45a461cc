/// @file
/// @brief Minimal RAII over the SQLite C API: a connection and a prepared statement.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace news::bench {

/// An open SQLite connection, closed on destruction.
class SqliteDb {
public:
    /// Opens @p path with sqlite3_open_v2 @p flags (SQLITE_OPEN_*).
    /// @throws news::Error (NotFound when opening read-only and @p path is missing, else Io).
    SqliteDb(const std::string& path, int flags);
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    /// Runs one or more statements that return no rows.
    /// @throws news::Error (Io) naming the database and SQLite's message.
    void exec(const std::string& sql);

    /// The raw handle, for SqliteStatement.
    [[nodiscard]] sqlite3* get() const noexcept { return m_db; }
    /// The database file, for messages.
    [[nodiscard]] const std::string& path() const noexcept { return m_path; }

private:
    sqlite3* m_db = nullptr;
    std::string m_path;
};

/// A prepared statement, finalised on destruction.
class SqliteStatement {
public:
    /// Prepares @p sql on @p db (which must outlive the statement).
    /// @throws news::Error (Io) naming the database and SQLite's message.
    SqliteStatement(const SqliteDb& db, const std::string& sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    /// Binds text to the 1-based parameter @p index (copied by SQLite).
    void bind(int index, std::string_view text);
    /// Binds an integer to the 1-based parameter @p index.
    void bind(int index, std::int64_t value);
    /// Binds NULL to the 1-based parameter @p index.
    void bind_null(int index);

    /// Advances to the next row. @return false when there are no more rows.
    /// @throws news::Error: Usage for SQLITE_ERROR (e.g. an FTS5 expression it refuses), Corrupt
    /// or Io for a damaged or unreadable database.
    bool step();
    /// Resets the statement for another run with new bindings.
    void reset();

    /// Column @p index of the current row as text (valid until the next step or reset).
    [[nodiscard]] std::string_view text(int index) const;
    /// Column @p index of the current row as an integer.
    [[nodiscard]] std::int64_t integer(int index) const;

private:
    const SqliteDb& m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

} // namespace news::bench
