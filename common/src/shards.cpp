/// @file
/// @brief Shards: reading stub files and tcp:// addresses, opening each shard, writing stubs.
#include "news/common/shards.hpp"

#include "news/common/error.hpp"
#include "news/common/side_file.hpp"
#include "news/common/text.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <unistd.h>

namespace news::shards {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view tcp_scheme = "tcp://";

// "HOST:PORT" (or "[IPv6]:PORT") into @p shard; false when it is not one.
bool parse_host_port(std::string_view address, Shard& shard) {
    const auto colon = address.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == address.size()) {
        return false;
    }
    std::string_view host = address.substr(0, colon);
    const std::string_view port = address.substr(colon + 1);
    unsigned value = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (error != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
        return false;
    }
    if (host.front() == '[') {
        if (host.size() < 3 || host.back() != ']') {
            return false;
        }
        host = host.substr(1, host.size() - 2);
    } else if (host.find(':') != std::string_view::npos) {
        return false; // an IPv6 address needs its brackets
    }
    shard.host = std::string(host);
    shard.port = value;
    shard.name = fmt::format("{}{}", tcp_scheme, address);
    return true;
}

Shard remote_shard(const std::string& db) {
    Shard shard;
    if (!parse_host_port(std::string_view(db).substr(tcp_scheme.size()), shard)) {
        throw Error(ErrorKind::Usage,
                    fmt::format("{}: not a remote database address", text::printable(db)),
                    "write tcp://HOST:PORT, e.g. tcp://127.0.0.1:7001");
    }
    return shard;
}

// The stub file @p stub_path names; its relative paths are read from @p base.
std::vector<Shard> read_stub(const std::string& stub_path, const fs::path& base) {
    std::ifstream in(stub_path);
    if (!in) {
        throw Error(ErrorKind::NotFound, fmt::format("{}: cannot read the stub file: {}", stub_path,
                                                     std::strerror(errno)));
    }
    std::vector<Shard> shards;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        const std::string_view content = text::trim(line);
        if (content.empty() || content.front() == '#') {
            continue;
        }
        const auto space = content.find_first_of(" \t");
        const std::string_view type = content.substr(0, space);
        const std::string_view rest = space == std::string_view::npos
                                          ? std::string_view()
                                          : text::trim(content.substr(space));
        const auto bad_line = [&](std::string_view why) {
            return Error(ErrorKind::Usage,
                         fmt::format("{}:{}: {}: {}", stub_path, number, why,
                                     text::printable(std::string(content))),
                         "a stub lists one database a line: 'auto PATH', 'glass PATH' or "
                         "'remote HOST:PORT'");
        };
        if (rest.empty()) {
            throw bad_line("no database named");
        }
        Shard shard;
        if (type == "auto" || type == "glass") {
            fs::path path{std::string(rest)};
            if (path.is_relative()) {
                path = base / path;
            }
            shard.path = path.lexically_normal().string();
            shard.name = shard.path;
        } else if (type == "remote") {
            // Xapian also accepts arguments after the address: none is needed here.
            if (!parse_host_port(rest.substr(0, rest.find_first_of(" \t")), shard)) {
                throw bad_line("not a remote address");
            }
        } else {
            throw bad_line("unsupported kind of database");
        }
        shards.push_back(std::move(shard));
    }
    if (shards.empty()) {
        throw Error(ErrorKind::Usage, stub_path + ": the stub file lists no database");
    }
    return shards;
}

} // namespace

bool is_sharded_folder(const std::string& path) {
    std::error_code ec;
    return fs::is_directory(path, ec) && fs::is_regular_file(fs::path(path) / stub_name, ec);
}

std::vector<Shard> expand(const std::string& db) {
    if (db.rfind(tcp_scheme, 0) == 0) {
        return {remote_shard(db)};
    }
    if (is_sharded_folder(db)) {
        return read_stub((fs::path(db) / stub_name).string(), fs::path(db));
    }
    std::error_code ec;
    if (fs::is_regular_file(db, ec)) {
        const fs::path base = fs::path(db).parent_path();
        return read_stub(db, base.empty() ? fs::path(".") : base);
    }
    Shard local;
    local.path = db;
    local.name = db;
    return {local};
}

Xapian::Database open(const Shard& shard, const RemoteTimeouts& timeouts) {
    if (!shard.remote()) {
        return Xapian::Database(shard.path);
    }
    const auto each = static_cast<useconds_t>(timeouts.each.count());
    const auto connect = static_cast<useconds_t>(timeouts.connect.count());
    return Xapian::Remote::open(shard.host, shard.port, each, connect);
}

std::string shard_folder_name(unsigned index) {
    return fmt::format("shard-{}", index);
}

void write_stub(const std::string& folder, unsigned count) {
    std::string content = "# The shards of this news database, read by Xapian and news-search.\n";
    for (unsigned i = 0; i < count; ++i) {
        content += fmt::format("auto {}\n", shard_folder_name(i));
    }
    const std::string final_path = (fs::path(folder) / stub_name).string();
    const std::string temporary = fmt::format("{}.tmp.{}", final_path, ::getpid());
    side_file::replace_file(temporary, final_path,
                            [&](int fd) { side_file::write_all(fd, content, temporary); });
}

} // namespace news::shards
