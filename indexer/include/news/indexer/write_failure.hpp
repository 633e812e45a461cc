/// @file
/// @brief Failed database writes: a full disk named as such, and a clean exit when Xapian
/// cannot recover from one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace news::indexer {

/// Space a writer keeps free on its file system: a commit is not started below it, because a
/// Xapian 1.4 commit that runs out of space can end the process (it throws from a destructor).
constexpr std::uint64_t reserve_bytes = std::uint64_t{8} << 20U;

/// Bytes an unprivileged writer may still use on the file system that holds @p path (or its
/// nearest existing parent); std::nullopt when the system cannot tell.
[[nodiscard]] std::optional<std::uint64_t> free_bytes(const std::string& path);

/// Checks, before a commit, that @p needed bytes (plus reserve_bytes) are free where @p path is.
/// @p label names the database in the message (default: @p path).
/// @throws news::Error (Io) naming the full disk and how much is free.
void require_space(const std::string& path, std::uint64_t needed, const std::string& label = {});

/// Call inside a catch block for a failed write to the database at @p path: rethrows the
/// exception as a news::Error, naming a full disk (Io) when the file system holding @p path
/// has less than reserve_bytes free or the message says so. Xapian's message then often names
/// a follow-on failure (such as "cancel() not supported under DB_DANGEROUS"), not the cause.
/// @p label names the database in the message (default: @p path).
[[noreturn]] void rethrow_write_failure(const std::string& path, const std::string& label = {});

/// For the rare failure Xapian cannot unwind from (std::terminate while a write fails): ends
/// news-index with the error message, exit code 74 and the temporary folders removed, instead
/// of an abort. The database stays as it was at its last commit: Xapian's commits are atomic.
/// @p database names the target in the message.
void install_write_failure_handler(const std::string& database);

/// A temporary folder (a sharded build's shards) that the failure handler removes.
void register_temporary_folder(const std::string& folder);

/// The folder is gone or no longer temporary: the failure handler leaves it alone.
void unregister_temporary_folder(const std::string& folder);

} // namespace news::indexer
