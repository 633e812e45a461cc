/// @file
/// @brief The engine registry, and what every engine's build shares.
#include "engines/engine.hpp"

#include "news/common/error.hpp"

#include "engines/floor_engine.hpp"
#include "engines/news_engine.hpp"
#include "engines/sqlite_engine.hpp"
#include "engines/xapian_engine.hpp"
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace news::bench {
namespace {

std::string known_engines() {
    std::string out;
    for (const auto& name : engine_names()) {
        out += (out.empty() ? "" : ", ") + name;
    }
    return out;
}

[[noreturn]] void unknown_engine(const std::string& name) {
    throw Error(ErrorKind::Usage, fmt::format("unknown engine '{}'", name),
                "engines: " + known_engines() + " (Lucene runs as news-lucene)");
}

} // namespace

std::string_view mode_name(Mode mode) {
    switch (mode) {
    case Mode::Top:
        return "top";
    case Mode::Count:
        return "count";
    case Mode::Facets:
        return "facets";
    }
    return "top";
}

void sort_facet_list(FacetList& values) {
    std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
}

void create_index_folder(const std::string& index) {
    std::error_code ec;
    if (std::filesystem::exists(index, ec)) {
        throw Error(ErrorKind::Usage, fmt::format("--index {}: already exists", index),
                    "a build writes a new folder; remove it or name another");
    }
    std::filesystem::create_directories(index, ec);
    if (ec) {
        throw Error(ErrorKind::CannotCreate,
                    fmt::format("--index {}: cannot create: {}", index, ec.message()));
    }
}

void sync_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        const std::string why = std::strerror(errno);
        if (fd >= 0) {
            ::close(fd);
        }
        throw Error(ErrorKind::Io, fmt::format("{}: cannot sync: {}", path, why));
    }
    ::close(fd);
}

const std::vector<std::string>& engine_names() {
    static const std::vector<std::string> names{"news", "xapian", "sqlite", "floor"};
    return names;
}

std::unique_ptr<Engine> open_engine(const std::string& name, const EngineOptions& options) {
    if (name == "news") {
        return open_news_engine(options);
    }
    if (name == "xapian") {
        return open_xapian_engine(options);
    }
    if (name == "sqlite") {
        return open_sqlite_engine(options);
    }
    if (name == "floor") {
        return open_floor_engine(options);
    }
    unknown_engine(name);
}

BuildReport build_engine(const std::string& name, const std::string& articles,
                         const std::string& index) {
    if (name == "news" || name == "xapian") {
        throw Error(ErrorKind::Usage,
                    fmt::format("the {} engine has no build of its own: it searches a database "
                                "built by news-index",
                                name),
                    "build with news-index --db DIR INPUTS, then run: news-bench engine " + name +
                        " query --index DIR ...");
    }
    if (name != "sqlite" && name != "floor") {
        unknown_engine(name);
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(articles, ec)) {
        throw Error(ErrorKind::NotFound, fmt::format("--articles {}: no such file", articles));
    }
    create_index_folder(index);
    try {
        return name == "sqlite" ? build_sqlite_index(articles, index)
                                : build_floor(articles, index);
    } catch (...) {
        // A half-built index must not pass for a finished one.
        std::filesystem::remove_all(index, ec);
        throw;
    }
}

} // namespace news::bench
