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
#include <filesystem>
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

InputFormat format_by_extension(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".txt" || ext == ".text") {
        return InputFormat::Text;
    }
    if (ext == ".jsonl" || ext == ".ndjson") {
        return InputFormat::Jsonl;
    }
    if (ext == ".json") {
        return InputFormat::Json;
    }
    if (ext == ".sgm") {
        return InputFormat::Reuters;
    }
    return InputFormat::Auto;
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

void read_text_file(const std::string& path, const std::string& id, const ReadOptions& options,
                    const std::function<void(ReadResult&&)>& sink) {
    read_whole_file(path, "article", options, sink, [&](std::string_view bytes) {
        sink(txt::parse_article(bytes, Origin{path, 0}, id));
    });
}

// One JSON document per file: an article object (FakeNewsNet's "news content.json"), or an
// array of article objects.
void read_json_file(const std::string& path, const std::string& id, const ReadOptions& options,
                    const std::function<void(ReadResult&&)>& sink) {
    read_whole_file(path, "file", options, sink, [&](std::string_view bytes) {
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
            // Not one JSON document but several lines: JSON Lines named .json.
            std::size_t line_number = 0;
            std::size_t start = 0;
            while (start < bytes.size()) {
                const std::size_t end = std::min(bytes.find('\n', start), bytes.size());
                ++line_number;
                const std::string_view line = bytes.substr(start, end - start);
                if (!text::is_blank(line)) {
                    deliver(jsonl::parse_record(line, Origin{path, line_number},
                                                fmt::format("{}:{}", id, line_number)));
                }
                start = end + 1;
            }
        }
    });
}

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
        case InputFormat::Json:
            read_json_file(path, file.id, options, deliver);
            break;
        case InputFormat::Reuters:
            read_whole_file(path, "file", options, deliver, [&](std::string_view bytes) {
                reuters::parse_file(bytes, path, deliver);
            });
            break;
        default:
            read_text_file(path, file.id, options, deliver);
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
            const InputFormat by_extension = format_by_extension(root);
            read_one(InputFile{root, join_id(folder, root.filename()), {}},
                     options.format != InputFormat::Auto ? options.format : by_extension);
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
            InputFormat format = options.format;
            if (format == InputFormat::Auto) {
                format = is_collection_notes(path) ? InputFormat::Auto : format_by_extension(path);
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
