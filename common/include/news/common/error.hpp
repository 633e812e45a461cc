/// @file
/// @brief news::Error, the one exception type that ends a run, and its mapping to exit codes.
#pragma once

#include <stdexcept>
#include <string>

namespace news {

/// Why a run cannot continue. Each kind has exactly one exit code (see exit_code.hpp).
enum class ErrorKind {
    Usage,        ///< bad flag, value or query (64)
    BadData,      ///< nothing indexable, or a rejection under --strict (65)
    Incompatible, ///< database built with another schema or stemmer (65)
    NotFound,     ///< database or input missing (66)
    CannotCreate, ///< database cannot be created (73)
    Io,           ///< read or write failed (74)
    Corrupt,      ///< database damaged (74)
    Locked,       ///< another writer holds the database (75)
    Interrupted,  ///< SIGINT: finished work committed (130)
    Internal,     ///< a bug (70)
};

/// The exit code of an error kind.
[[nodiscard]] int exit_code_for(ErrorKind kind) noexcept;

/// A failure that ends the run: a message naming the path or value, and an optional hint.
class Error : public std::runtime_error {
public:
    /// @p message becomes what(); @p hint is shown on a "hint:" line when not empty.
    Error(ErrorKind kind, const std::string& message, std::string hint = {});

    /// Why the run stopped; selects the exit code (exit_code_for()).
    [[nodiscard]] ErrorKind kind() const noexcept { return m_kind; }
    /// What the user can do about it; empty when there is nothing useful to say.
    [[nodiscard]] const std::string& hint() const noexcept { return m_hint; }

private:
    ErrorKind m_kind;
    std::string m_hint;
};

/// Rethrows the exception in flight as a news::Error when it is a Xapian error we know how to
/// classify (lock, missing, version, corrupt, query syntax, ...); rethrows it unchanged otherwise.
/// Call only from inside a catch block. @p context names the path or query involved.
[[noreturn]] void rethrow_as_news_error(const std::string& context);

} // namespace news
