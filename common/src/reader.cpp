/// @file
/// @brief The input walker: which files to read, in which format, with which ids.
#include "news/common/reader.hpp"

#include "news/common/error.hpp"
#include "news/common/fakenewsnet.hpp"
#include "news/common/jsonl_reader.hpp"
#include "news/common/line_reader.hpp"
#include "news/common/reuters_reader.hpp"
#include "news/common/text.hpp"
#include "news/common/txt_reader.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <archive.h>
#include <archive_entry.h>
#include <filesystem>
#include <memory>
#include <system_error>

namespace news {
namespace {

namespace fs = std::filesystem;

struct InputFile {
    fs::path path;
    std::string id;       ///< id stem derived from the path
    std::string category; ///< the folder below the input folder, with --category-from-folder
};

// README.TXT, README.md, ...: a collection's notes about itself, not an article.
bool is_collection_notes(const fs::path& path) {
    std::string stem = path.stem().string();
    std::transform(stem.begin(), stem.end(), stem.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return stem == "readme";
}

bool is_hidden(const fs::path& path) {
    const std::string name = path.filename().string();
    return !name.empty() && name.front() == '.';
}

// A file named directly whose extension says nothing: JSON Lines if it opens with '{'.
InputFormat format_by_content(const std::string& path) {
    bool too_large = false;
    std::string head;
    try {
        head = read_file(path, 4096, too_large);
    } catch (const Error&) {
        return InputFormat::Text; // the read proper reports the failure
    }
    const std::string_view trimmed = text::trim(head);
    return !trimmed.empty() && trimmed.front() == '{' ? InputFormat::Jsonl : InputFormat::Text;
}

std::string folder_name(const fs::path& path) {
    std::error_code ec;
    const fs::path absolute = fs::weakly_canonical(fs::absolute(path, ec), ec);
    return (ec ? path : absolute).filename().string();
}

// File names need not be UTF-8; ids are shown and stored as text, so repair them the way
// article text is repaired.
std::string join_id(const std::string& folder, const fs::path& relative) {
    const std::string rel = relative.generic_string();
    std::string id = folder.empty() ? rel : folder + "/" + rel;
    if (!text::is_valid_utf8(id)) {
        auto repaired = text::repair_utf8(id);
        if (auto* clean = std::get_if<text::CleanText>(&repaired)) {
            id = std::move(clean->text);
        }
    }
    return id;
}

// Reads a whole file within --max-article-size and hands its bytes to @p parse; a file that
// cannot be read or is too large is one rejection.
void read_whole_file(const std::string& path, std::string_view noun, const ReadOptions& options,
                     const std::function<void(ReadResult&&)>& sink,
                     const std::function<void(std::string_view)>& parse) {
    const Origin origin{path, 0};
    bool too_large = false;
    std::string bytes;
    try {
        bytes = read_file(path, options.max_article_bytes, too_large, options.stop_requested);
    } catch (const Error& e) {
        sink(Rejection{origin, fmt::format("cannot read: {}", e.what())});
        return;
    }
    if (too_large) {
        sink(Rejection{origin, fmt::format("{} larger than {} bytes (see --max-article-size)", noun,
                                           options.max_article_bytes)});
        return;
    }
    parse(bytes);
}

// One JSON document per file: an article object (FakeNewsNet's "news content.json"), or an
// array of article objects.
// JSON Lines held in memory (a .json file that is really JSON Lines, an archive entry).
void parse_json_lines(std::string_view bytes, const std::string& path, const std::string& id,
                      const std::function<void(ReadResult&&)>& sink) {
    std::size_t line_number = 0;
    std::size_t start = 0;
    while (start < bytes.size()) {
        const std::size_t end = std::min(bytes.find('\n', start), bytes.size());
        ++line_number;
        const std::string_view line = bytes.substr(start, end - start);
        if (!text::is_blank(line)) {
            sink(jsonl::parse_record(line, Origin{path, line_number},
                                     fmt::format("{}:{}", id, line_number)));
        }
        start = end + 1;
    }
}

// One JSON document: an article object (FakeNewsNet's "news content.json"), an array of article
// objects, or, failing both, JSON Lines.
void parse_json_document(std::string_view bytes, const std::string& path, const std::string& id,
                         const std::function<void(ReadResult&&)>& sink) {
    const Origin origin{path, 0};
    const bool web_crawl = fakenewsnet::is_article_file(path);
    const auto deliver = [&](ReadResult&& result) {
        sink(web_crawl ? fakenewsnet::adapt(std::move(result), path) : std::move(result));
    };
    const std::string_view trimmed = text::trim(bytes);
    if (!trimmed.empty() && trimmed.front() == '[') {
        jsonl::parse_array(bytes, origin, id, deliver);
    } else if (nlohmann::json::accept(bytes) || trimmed.find('\n') == std::string_view::npos) {
        deliver(jsonl::parse_record(bytes, origin, id));
    } else {
        parse_json_lines(bytes, path, id, deliver);
    }
}

// What to call an entry of a compressed file: its own name inside a tarball, or the file's name
// without the compression suffix for a lone compressed file ("feed.jsonl.gz" -> "feed.jsonl").
std::string entry_name(const std::string& archive_path, const char* pathname, bool raw) {
    if (!raw && pathname != nullptr) {
        return pathname;
    }
    std::string name = fs::path(archive_path).filename().string();
    const auto dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(0, dot);
}

// Closes a libarchive reader.
struct ArchiveCloser {
    void operator()(archive* reader) const { archive_read_free(reader); }
};

// Reads a tarball or a compressed file as a stream, without unpacking it: each entry is parsed
// by its own name's format (or the forced one) and named "ARCHIVE/ENTRY" in messages.
void read_archive(const std::string& path, const ReadOptions& options,
                  const std::function<void(ReadResult&&)>& sink, WalkSummary& summary) {
    std::unique_ptr<archive, ArchiveCloser> reader(archive_read_new());
    archive_read_support_filter_all(reader.get());
    archive_read_support_format_all(reader.get());
    archive_read_support_format_raw(reader.get()); // a lone .gz/.xz file
    if (archive_read_open_filename(reader.get(), path.c_str(), std::size_t{1} << 16U) !=
        ARCHIVE_OK) {
        sink(Rejection{Origin{path, 0},
                       fmt::format("cannot read: {}", archive_error_string(reader.get()))});
        return;
    }
    archive_entry* entry = nullptr;
    std::string bytes;
    while (archive_read_next_header(reader.get(), &entry) == ARCHIVE_OK) {
        if (options.stop_requested && options.stop_requested()) {
            summary.stopped = true;
            return;
        }
        if (archive_entry_filetype(entry) != AE_IFREG &&
            archive_format(reader.get()) != ARCHIVE_FORMAT_RAW) {
            continue;
        }
        const bool raw = archive_format(reader.get()) == ARCHIVE_FORMAT_RAW;
        if (raw && archive_filter_code(reader.get(), 0) == ARCHIVE_FILTER_NONE) {
            // Read "as is": the bytes are neither compressed nor an archive, whatever the name.
            sink(Rejection{Origin{path, 0}, "not a compressed file or archive, despite its name"});
            return;
        }
        const std::string name = entry_name(path, archive_entry_pathname(entry), raw);
        const std::string shown =
            raw ? fs::path(path).replace_filename(name).string() : path + "/" + name;
        const fs::path entry_path(name);
        if (is_hidden(entry_path) ||
            std::any_of(entry_path.begin(), entry_path.end(),
                        [](const fs::path& part) { return is_hidden(part); })) {
            continue;
        }
        InputFormat format = options.format;
        if (format == InputFormat::Auto) {
            format = is_collection_notes(entry_path) ? InputFormat::Auto : format_for_name(name);
        }
        if (format == InputFormat::Auto || format == InputFormat::Archive) {
            summary.ignored_files.push_back(shown);
            continue;
        }
        ++summary.files;
        bytes.clear();
        bool too_large = false;
        char chunk[1U << 16U];
        for (;;) {
            const la_ssize_t got = archive_read_data(reader.get(), chunk, sizeof chunk);
            if (got < 0) {
                sink(Rejection{Origin{shown, 0},
                               fmt::format("cannot read: {}", archive_error_string(reader.get()))});
                return; // the stream cannot go on past a damaged entry
            }
            if (got == 0) {
                break;
            }
            if (bytes.size() + static_cast<std::size_t>(got) > options.max_article_bytes) {
                too_large = true;
                break;
            }
            bytes.append(chunk, static_cast<std::size_t>(got));
        }
        if (too_large) {
            sink(Rejection{Origin{shown, 0},
                           fmt::format("entry larger than {} bytes (see --max-article-size)",
                                       options.max_article_bytes)});
            continue;
        }
        std::function<void(ReadResult &&)> deliver = sink;
        if (options.category_from_folder) {
            // The first folder below the archive's top folder (bbc/sport/001.txt: sport).
            std::vector<std::string> parts;
            for (const auto& part : entry_path.parent_path()) {
                parts.push_back(part.string());
            }
            if (!parts.empty()) {
                const std::string category = parts.size() > 1 ? parts[1] : parts[0];
                deliver = [&sink, category](ReadResult&& result) {
                    if (auto* article = std::get_if<Article>(&result)) {
                        article->categories.push_back(category);
                    }
                    sink(std::move(result));
                };
            }
        }
        parse_bytes(format, bytes, shown, join_id({}, entry_path), deliver);
    }
}

} // namespace

InputFormat format_for_name(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto ends = [&](std::string_view suffix) { return lower.ends_with(suffix); };
    for (const std::string_view packed :
         {".tar", ".tgz", ".tbz2", ".txz", ".gz", ".xz", ".bz2", ".zst"}) {
        if (ends(packed)) {
            return InputFormat::Archive;
        }
    }
    if (ends(".txt") || ends(".text")) {
        return InputFormat::Text;
    }
    if (ends(".jsonl") || ends(".ndjson")) {
        return InputFormat::Jsonl;
    }
    if (ends(".json")) {
        return InputFormat::Json;
    }
    if (ends(".sgm")) {
        return InputFormat::Reuters;
    }
    return InputFormat::Auto;
}

void parse_bytes(InputFormat format, std::string_view bytes, const std::string& path,
                 const std::string& id, const std::function<void(ReadResult&&)>& sink) {
    switch (format) {
    case InputFormat::Jsonl:
        parse_json_lines(bytes, path, id, sink);
        break;
    case InputFormat::Json:
        parse_json_document(bytes, path, id, sink);
        break;
    case InputFormat::Reuters:
        reuters::parse_file(bytes, path, sink);
        break;
    default:
        sink(txt::parse_article(bytes, Origin{path, 0}, id));
        break;
    }
}

namespace {

void read_jsonl_file(const std::string& path, const std::string& id, const ReadOptions& options,
                     const std::function<void(ReadResult&&)>& sink, bool& stopped) {
    std::optional<LineReader> reader;
    try {
        reader.emplace(path, options.max_article_bytes, options.stop_requested);
    } catch (const Error& e) {
        sink(Rejection{Origin{path, 0}, fmt::format("cannot read: {}", e.what())});
        return;
    }
    std::string line;
    for (;;) {
        if (options.stop_requested && options.stop_requested()) {
            stopped = true;
            return;
        }
        LineReader::Status status{};
        try {
            status = reader->next(line);
        } catch (const Error& e) {
            sink(Rejection{Origin{path, reader->line_number() + 1},
                           fmt::format("cannot read: {}", e.what())});
            return;
        }
        if (status == LineReader::Status::End) {
            stopped = options.stop_requested && options.stop_requested();
            return;
        }
        const Origin origin{path, reader->line_number()};
        if (status == LineReader::Status::TooLong) {
            sink(Rejection{origin, fmt::format("line longer than {} bytes (see --max-article-size)",
                                               options.max_article_bytes)});
            continue;
        }
        if (text::is_blank(line)) {
            continue;
        }
        sink(jsonl::parse_record(line, origin, fmt::format("{}:{}", id, origin.line)));
    }
}

} // namespace

InputFormat parse_input_format(std::string_view name) {
    if (name == "auto") {
        return InputFormat::Auto;
    }
    if (name == "text") {
        return InputFormat::Text;
    }
    if (name == "jsonl") {
        return InputFormat::Jsonl;
    }
    if (name == "json") {
        return InputFormat::Json;
    }
    if (name == "reuters") {
        return InputFormat::Reuters;
    }
    throw Error(ErrorKind::Usage,
                fmt::format("unknown input format '{}' (expected auto, text, jsonl, json or "
                            "reuters)",
                            name));
}

void check_inputs_exist(const std::vector<std::string>& inputs) {
    for (const auto& input : inputs) {
        std::error_code ec;
        if (input != "-" && !fs::exists(input, ec)) {
            throw Error(ErrorKind::NotFound, fmt::format("{}: no such file or folder", input));
        }
    }
}

WalkSummary read_inputs(const std::vector<std::string>& inputs, const ReadOptions& options,
                        const std::function<void(ReadResult&&)>& sink) {
    check_inputs_exist(inputs);
    WalkSummary summary;
    const auto stop = [&] { return options.stop_requested && options.stop_requested(); };
    const auto read_one = [&](const InputFile& file, InputFormat format) {
        const std::string path = file.path.string();
        if (format == InputFormat::Auto) {
            format = format_by_content(path);
        }
        ++summary.files;
        const std::function<void(ReadResult &&)> with_category = [&](ReadResult&& result) {
            if (auto* article = std::get_if<Article>(&result)) {
                article->categories.push_back(file.category);
            }
            sink(std::move(result));
        };
        const auto& deliver = file.category.empty() ? sink : with_category;
        switch (format) {
        case InputFormat::Jsonl:
            read_jsonl_file(path, file.id, options, deliver, summary.stopped);
            break;
        case InputFormat::Archive:
            read_archive(path, options, deliver, summary);
            break;
        default:
            read_whole_file(path, format == InputFormat::Text ? "article" : "file", options,
                            deliver, [&](std::string_view bytes) {
                                parse_bytes(format, bytes, path, file.id, deliver);
                            });
            break;
        }
    };

    for (const auto& input : inputs) {
        if (stop()) {
            summary.stopped = true;
            break;
        }
        if (input == "-") {
            const auto format =
                options.format == InputFormat::Text ? InputFormat::Text : InputFormat::Jsonl;
            read_one(InputFile{"-", "stdin", {}}, format);
            continue;
        }
        const fs::path root(input);
        std::error_code ec;
        if (!fs::is_directory(root, ec)) {
            const std::string folder =
                folder_name(root.has_parent_path() ? root.parent_path() : fs::path("."));
            const InputFormat by_name = format_for_name(root.string());
            read_one(InputFile{root, join_id(folder, root.filename()), {}},
                     by_name == InputFormat::Archive || options.format == InputFormat::Auto
                         ? by_name
                         : options.format);
            continue;
        }
        std::vector<fs::path> files;
        auto it = fs::recursive_directory_iterator(
            root, fs::directory_options::skip_permission_denied, ec);
        for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (is_hidden(it->path())) {
                if (it->is_directory(ec)) {
                    it.disable_recursion_pending();
                }
                continue;
            }
            if (it->is_regular_file(ec)) {
                files.push_back(it->path());
            }
        }
        if (ec) {
            sink(Rejection{Origin{input, 0}, fmt::format("cannot list folder: {}", ec.message())});
        }
        std::sort(files.begin(), files.end());
        const std::string folder = folder_name(root);
        for (const auto& path : files) {
            if (stop()) {
                summary.stopped = true;
                break;
            }
            const InputFormat by_name = format_for_name(path.string());
            InputFormat format = by_name == InputFormat::Archive ? by_name : options.format;
            if (format == InputFormat::Auto) {
                format = is_collection_notes(path) ? InputFormat::Auto : by_name;
                if (format == InputFormat::Auto) {
                    summary.ignored_files.push_back(path.string());
                    continue;
                }
            }
            const fs::path relative = path.lexically_relative(root);
            std::string category;
            if (options.category_from_folder &&
                std::distance(relative.begin(), relative.end()) > 1) {
                category = relative.begin()->string();
            }
            read_one(InputFile{path, join_id(folder, relative), std::move(category)}, format);
        }
    }
    return summary;
}

} // namespace news
