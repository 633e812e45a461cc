/// @file
/// @brief Unpacking and reading the classic IR test collections.
#include "quality/collection.hpp"

#include "news/common/error.hpp"

#include "compare/child_process.hpp"
#include "engines/tokens.hpp"
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace news::bench::quality {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
        if (tab == std::string::npos) {
            return fields;
        }
        start = tab + 1;
    }
}

std::string read_stamp(const std::string& path) {
    std::ifstream in(path);
    std::string text;
    std::getline(in, text);
    return text;
}

std::size_t count_lines(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::size_t lines = 0;
    for (std::string line; std::getline(in, line);) {
        lines += line.empty() ? 0U : 1U;
    }
    return lines;
}

// Lines of @p path without the CR of CRLF files, with their numbers.
template <class Sink> void for_each_line(const std::string& path, Sink&& sink) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(ErrorKind::NotFound, path + ": cannot open");
    }
    std::size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (!line.empty()) {
            sink(line, number);
        }
    }
}

} // namespace

const std::vector<std::string>& collection_names() {
    static const std::vector<std::string> names{"adi",  "cacm", "cisi", "cran",
                                                "lisa", "med",  "npl"};
    return names;
}

std::string collection_title(std::string_view name) {
    std::string title(name);
    std::transform(title.begin(), title.end(), title.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    });
    return title;
}

std::size_t Collection::judged_queries() const {
    return static_cast<std::size_t>(
        std::count_if(queries.begin(), queries.end(), [&](const CollectionQuery& q) {
            const auto it = qrels.find(q.id);
            return it != qrels.end() && std::any_of(it->second.begin(), it->second.end(),
                                                    [](const auto& g) { return g.second > 0; });
        }));
}

std::string archive_path(const std::string& collections_dir, const std::string& name) {
    return (fs::path(collections_dir) / name / "collection.tar.xz").string();
}

std::string file_stamp(const std::string& path) {
    std::error_code error;
    const auto size = fs::file_size(path, error);
    if (error) {
        return {};
    }
    const auto mtime = fs::last_write_time(path, error);
    if (error) {
        return {};
    }
    return fmt::format("{} {}", size, mtime.time_since_epoch().count());
}

std::vector<CollectionQuery> read_collection_queries(const std::string& path) {
    std::vector<CollectionQuery> queries;
    for_each_line(path, [&](const std::string& line, std::size_t number) {
        const auto fields = split_tabs(line);
        if (fields.size() != 2 || fields[0].empty()) {
            throw Error(ErrorKind::BadData,
                        fmt::format("{}:{}: want 'qid<TAB>text'", path, number));
        }
        queries.push_back({fields[0], fields[1]});
    });
    return queries;
}

std::map<std::string, Grades> read_qrels(const std::string& path) {
    std::map<std::string, Grades> qrels;
    for_each_line(path, [&](const std::string& line, std::size_t number) {
        const auto fields = split_tabs(line);
        int grade = 0;
        std::size_t used = 0;
        try {
            grade = fields.size() == 3 ? std::stoi(fields[2], &used) : 0;
        } catch (const std::exception&) {
            used = 0;
        }
        if (fields.size() != 3 || fields[0].empty() || fields[1].empty() || used == 0 ||
            used != fields[2].size()) {
            throw Error(ErrorKind::BadData,
                        fmt::format("{}:{}: want 'qid<TAB>docid<TAB>grade'", path, number));
        }
        qrels[fields[0]][fields[1]] = grade;
    });
    return qrels;
}

std::vector<std::string> query_words(std::string_view text) {
    return split_words(text);
}

Collection prepare_collection(const std::string& name, const std::string& collections_dir,
                              const std::string& work) {
    Collection collection;
    collection.name = name;
    collection.title = collection_title(name);
    collection.archive = archive_path(collections_dir, name);
    collection.archive_stamp = file_stamp(collection.archive);
    if (collection.archive_stamp.empty()) {
        throw Error(ErrorKind::NotFound,
                    fmt::format("{}: no such collection archive", collection.archive),
                    "the collections live in ../shared/ir-collections; see --collections-dir");
    }
    collection.work = (fs::path(work) / name).string();
    const fs::path derived = fs::path(collection.work) / "derived";
    const std::string stamp_file = collection.work + "/derived.stamp";
    if (read_stamp(stamp_file) != collection.archive_stamp || !fs::exists(derived)) {
        fs::remove_all(derived);
        fs::remove(stamp_file);
        fs::create_directories(collection.work);
        // Only derived/: raw/ is what convert.py reads, and the run never needs it.
        (void)run_child_checked(
            {"tar", "-xJf", collection.archive, "-C", collection.work, "derived"}, collection.work);
        std::ofstream(stamp_file) << collection.archive_stamp << '\n';
    }
    collection.articles = (derived / "articles.jsonl").string();
    collection.queries = read_collection_queries((derived / "queries.tsv").string());
    collection.qrels = read_qrels((derived / "qrels.tsv").string());
    collection.documents = count_lines(collection.articles);
    for (const auto& [qid, grades] : collection.qrels) {
        for (const auto& [doc, grade] : grades) {
            collection.graded = collection.graded || grade > 1;
        }
    }
    return collection;
}

} // namespace news::bench::quality
