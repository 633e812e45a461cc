/// @file
/// @brief The databases one search reads: local folders, sharded folders, stub files and
/// remote shards served by a stock xapian-tcpsrv.
///
/// A sharded database (news-index --shards N) is a folder holding one news database per shard
/// (`shard-0`, `shard-1`, ...) and a Xapian stub file, `XAPIANDB`, that lists them: Xapian
/// opens the folder as all its shards at once, and each shard can also be served on its own.
/// A stub file may also name remote shards (`remote HOST:PORT`). The stub is read here rather
/// than by Xapian so that each shard is opened with the run's timeouts and named in messages.
#pragma once

#include <xapian.h>

#include <chrono>
#include <string>
#include <vector>

namespace news::shards {

/// The stub file in a sharded database's folder.
inline constexpr const char* stub_name = "XAPIANDB";

/// One database a search reads.
struct Shard {
    std::string name;  ///< how messages name it: its path, or tcp://HOST:PORT
    std::string path;  ///< a local database folder; empty for a remote shard
    std::string host;  ///< a remote shard's host; empty for a local one
    unsigned port = 0; ///< a remote shard's port

    [[nodiscard]] bool remote() const noexcept { return !host.empty(); }
};

/// Whether @p path is a folder holding a stub file (a sharded database).
[[nodiscard]] bool is_sharded_folder(const std::string& path);

/// The shards one `--db` argument names:
/// - `tcp://HOST:PORT` (`tcp://[IPv6]:PORT`): one remote shard;
/// - a sharded folder, or a stub file: the databases its stub lists, in order (`auto PATH` or
///   `glass PATH`, relative to the stub's folder; `remote HOST:PORT`; `#` comments);
/// - any other path: one local shard (whether a database is there is checked on opening).
/// @throws news::Error: Usage for a malformed address or stub line (naming FILE:LINE) or an
/// empty stub, NotFound for a stub that cannot be read.
[[nodiscard]] std::vector<Shard> expand(const std::string& db);

/// How remote shards are reached.
struct RemoteTimeouts {
    std::chrono::milliseconds connect{10000}; ///< to connect (0: wait for ever)
    std::chrono::milliseconds each{10000};    ///< for each reply once connected (0: for ever)
};

/// Opens @p shard read-only (Xapian::Remote::open() for a remote one).
/// @throws Xapian::Error as Xapian does (NetworkError and its timeout for a remote shard).
[[nodiscard]] Xapian::Database open(const Shard& shard, const RemoteTimeouts& timeouts);

/// The folder name of shard @p index in a sharded database (`shard-INDEX`).
[[nodiscard]] std::string shard_folder_name(unsigned index);

/// Writes the stub of a sharded database in @p folder, listing @p count shards
/// (`auto shard-0` ...): written aside, synced and renamed into place.
/// @throws news::Error (Io) when it cannot be written.
void write_stub(const std::string& folder, unsigned count);

} // namespace news::shards
