/// @file
/// @brief SqliteDb and SqliteStatement.
#include "engines/sqlite_handle.hpp"

#include "news/common/error.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>

namespace news::bench {
namespace {

[[noreturn]] void fail(const SqliteDb& db, std::string_view what, ErrorKind kind = ErrorKind::Io) {
    throw Error(kind, fmt::format("{}: sqlite: {}: {}", db.path(), what, sqlite3_errmsg(db.get())));
}

} // namespace

SqliteDb::SqliteDb(const std::string& path, int flags) : m_path(path) {
    std::error_code ec;
    if ((flags & SQLITE_OPEN_CREATE) == 0 && !std::filesystem::exists(path, ec)) {
        throw Error(ErrorKind::NotFound, fmt::format("{}: no SQLite index here", path),
                    "build one with: news-bench engine sqlite build --articles FILE --index DIR");
    }
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = m_db != nullptr ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        throw Error(ErrorKind::Io, fmt::format("{}: sqlite: cannot open: {}", path, message));
    }
}

SqliteDb::~SqliteDb() {
    sqlite3_close(m_db);
}

void SqliteDb::exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string text = message != nullptr ? message : "unknown error";
        sqlite3_free(message);
        throw Error(ErrorKind::Io, fmt::format("{}: sqlite: {}: {}", m_path, sql, text));
    }
}

SqliteStatement::SqliteStatement(const SqliteDb& db, const std::string& sql) : m_db(db) {
    if (sqlite3_prepare_v3(db.get(), sql.c_str(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) != SQLITE_OK) {
        fail(db, "cannot prepare " + sql);
    }
}

SqliteStatement::~SqliteStatement() {
    sqlite3_finalize(m_stmt);
}

void SqliteStatement::bind(int index, std::string_view text) {
    if (sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()),
                          SQLITE_TRANSIENT) != SQLITE_OK) {
        fail(m_db, "bind");
    }
}

void SqliteStatement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK) {
        fail(m_db, "bind");
    }
}

void SqliteStatement::bind_null(int index) {
    if (sqlite3_bind_null(m_stmt, index) != SQLITE_OK) {
        fail(m_db, "bind");
    }
}

bool SqliteStatement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    // The statement must be reset before it can run again, whatever went wrong.
    sqlite3_reset(m_stmt);
    switch (rc & 0xff) {
    case SQLITE_ERROR:
        fail(m_db, "query", ErrorKind::Usage);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        fail(m_db, "query", ErrorKind::Corrupt);
    default:
        fail(m_db, "query");
    }
}

void SqliteStatement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::string_view SqliteStatement::text(int index) const {
    const auto* bytes = sqlite3_column_text(m_stmt, index);
    if (bytes == nullptr) {
        return {};
    }
    return {reinterpret_cast<const char*>(bytes),
            static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, index))};
}

std::int64_t SqliteStatement::integer(int index) const {
    return sqlite3_column_int64(m_stmt, index);
}

} // namespace news::bench
