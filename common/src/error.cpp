/// @file
/// @brief news::Error and the single place where Xapian exceptions become error kinds.
#include "news/common/error.hpp"

#include "news/common/exit_code.hpp"

#include <fmt/format.h>
#include <xapian.h>

#include <exception>
#include <string>
#include <utility>

namespace news {

int exit_code_for(ErrorKind kind) noexcept {
    switch (kind) {
    case ErrorKind::Usage:
        return exit_code::usage;
    case ErrorKind::BadData:
    case ErrorKind::Incompatible:
        return exit_code::bad_data;
    case ErrorKind::NotFound:
        return exit_code::not_found;
    case ErrorKind::CannotCreate:
        return exit_code::cannot_create;
    case ErrorKind::Io:
    case ErrorKind::Corrupt:
        return exit_code::io;
    case ErrorKind::Locked:
        return exit_code::locked;
    case ErrorKind::Interrupted:
        return exit_code::interrupted;
    case ErrorKind::Internal:
        return exit_code::internal;
    }
    return exit_code::internal;
}

Error::Error(ErrorKind kind, const std::string& message, std::string hint)
    : std::runtime_error(message), m_kind(kind), m_hint(std::move(hint)) {}

void rethrow_as_news_error(const std::string& context) {
    try {
        throw;
    } catch (const Xapian::DatabaseLockError& e) {
        // Xapian reports every failure to take the write lock with this one type: only "already
        // locked" means another writer, which a retry outlives. A lock file that cannot be
        // opened (a read-only folder or file system, no permission) never goes away by waiting,
        // so it is an I/O error: a retry loop on 75 would never end.
        if (e.get_msg().find("already locked") != std::string::npos) {
            throw Error(ErrorKind::Locked,
                        fmt::format("{}: database is locked by another writer", context),
                        "wait for the other news-index to finish, then retry");
        }
        throw Error(ErrorKind::Io,
                    fmt::format("{}: cannot write to the database: {}", context, e.get_msg()),
                    fmt::format("the database folder and its files must be writable by this user "
                                "(check the permissions of {} and that its file system is not "
                                "mounted read-only)",
                                context));
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw Error(ErrorKind::NotFound, fmt::format("{}: no database here", context),
                    fmt::format("create one with: news-index --db {} FOLDER", context));
    } catch (const Xapian::DatabaseCreateError& e) {
        throw Error(ErrorKind::CannotCreate,
                    fmt::format("{}: cannot create database: {}", context, e.get_msg()));
    } catch (const Xapian::DatabaseVersionError& e) {
        throw Error(ErrorKind::Incompatible,
                    fmt::format("{}: database format not supported: {}", context, e.get_msg()),
                    "rebuild with news-index --overwrite");
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw Error(ErrorKind::Corrupt,
                    fmt::format("{}: database is corrupt: {}", context, e.get_msg()),
                    "rebuild with news-index --overwrite");
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw Error(ErrorKind::NotFound,
                    fmt::format("{}: cannot open database: {}", context, e.get_msg()),
                    fmt::format("create one with: news-index --db {} FOLDER", context));
    } catch (const Xapian::QueryParserError& e) {
        throw Error(ErrorKind::Usage, fmt::format("invalid query '{}': {}", context, e.get_msg()));
    } catch (const Xapian::DatabaseModifiedError& e) {
        throw Error(ErrorKind::Io,
                    fmt::format("{}: database changed while reading: {}", context, e.get_msg()),
                    fmt::format("run the command again; if this persists the database may be "
                                "damaged: check it with xapian-check {}",
                                context));
    } catch (const Xapian::DatabaseError& e) {
        throw Error(ErrorKind::Io, fmt::format("{}: database error: {}", context, e.get_msg()));
    } catch (const Xapian::NetworkError& e) {
        // A remote database (a stub naming a xapian-tcpsrv) that does not answer, or stopped.
        throw Error(ErrorKind::Io,
                    fmt::format("{}: cannot reach the remote database: {}", context, e.get_msg()),
                    "check that its xapian-tcpsrv is running and that this machine can reach its "
                    "host and port");
    }
}

} // namespace news
