/// @file
/// @brief news::Error and the single place where Xapian exceptions become error kinds.
#include "news/common/error.hpp"

#include "news/common/exit_code.hpp"

#include <xapian.h>

#include <exception>
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

Error::Error(ErrorKind kind, std::string message, std::string hint)
    : std::runtime_error(std::move(message)), m_kind(kind), m_hint(std::move(hint)) {}

void rethrow_as_news_error(const std::string& context) {
    try {
        throw;
    } catch (const Xapian::DatabaseLockError&) {
        throw Error(ErrorKind::Locked, context + ": database is locked by another writer",
                    "wait for the other news-index to finish, then retry");
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw Error(ErrorKind::NotFound, context + ": no database here",
                    "create one with: news-index --db " + context + " FOLDER");
    } catch (const Xapian::DatabaseCreateError& e) {
        throw Error(ErrorKind::CannotCreate, context + ": cannot create database: " + e.get_msg());
    } catch (const Xapian::DatabaseVersionError& e) {
        throw Error(ErrorKind::Incompatible,
                    context + ": database format not supported: " + e.get_msg(),
                    "rebuild with news-index --overwrite");
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw Error(ErrorKind::Corrupt, context + ": database is corrupt: " + e.get_msg(),
                    "rebuild with news-index --overwrite");
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw Error(ErrorKind::NotFound, context + ": cannot open database: " + e.get_msg(),
                    "create one with: news-index --db " + context + " FOLDER");
    } catch (const Xapian::QueryParserError& e) {
        throw Error(ErrorKind::Usage, "invalid query '" + context + "': " + e.get_msg());
    } catch (const Xapian::DatabaseModifiedError& e) {
        throw Error(ErrorKind::Io, context + ": database changed while reading: " + e.get_msg(),
                    "run the command again");
    } catch (const Xapian::DatabaseError& e) {
        throw Error(ErrorKind::Io, context + ": database error: " + e.get_msg());
    }
}

} // namespace news
