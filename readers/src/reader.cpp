/// @file
/// @brief The input walker: which files to read, in which format, with which ids.
#include "news/readers/reader.hpp"

#include "news/common/error.hpp"
#include "news/common/text.hpp"
#include "news/readers/fakenewsnet.hpp"
#include "news/readers/jsonl_reader.hpp"
#include "news/readers/line_reader.hpp"
#include "news/readers/reuters_reader.hpp"
#include "news/readers/txt_reader.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <archive.h>
#include <archive_entry.h>
#include <array>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <system_error>

namespace news {
namespace {

namespace fs = std::filesystem;

struct InputFile {
    fs::path path;
    std::string id;         ///< id stem derived from the path
    std::string category;   ///< the folder below the input folder, with --category-from-folder
    std::uint64_t size = 0; ///< its size in bytes, as counted in ReadProgress::total_bytes
};

// The part of ReadProgress one input file covers: it starts where the files before it ended,
// and its reports never go past its own size.
class FileProgress {
public:
    FileProgress(ReadProgress* progress, std::uint64_t size)
        : m_progress(progress), m_size(size),
          m_base(progress != nullptr ? progress->read_bytes.load(std::memory_order_relaxed) : 0) {}

    // @p done bytes of the file are read.
    void at(std::uint64_t done) const {
        if (m_progress != nullptr) {
            m_progress->read_bytes.store(m_base + std::min(done, m_size),
                                         std::memory_order_relaxed);
        }
    }
    void finished() const {
        if (m_size != std::numeric_limits<std::uint64_t>::max()) { // stdin: nothing to round up
            at(m_size);
        }
    }

private:
    ReadProgress* m_progress;
    std::uint64_t m_size;
    std::uint64_t m_base;
};

// README.TXT, README.md, ...: a collection's notes about itself, not an article.
bool is_collection_notes(const fs::path& path) {
    std::string stem = path.stem().string();
    std::transform(stem.begin(), stem.end(), stem.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return stem == "readme";
}

constexpr std::array<std::string_view, 5> bbc_categories{"business", "entertainment", "politics",
                                                         "sport", "tech"};

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

} // namespace

std::string escape_id_bytes(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    std::size_t i = 0;
    while (i < name.size()) {
        const std::size_t length = name[i] == '%' ? 0 : text::utf8_sequence_length(name, i);
        if (length == 0) {
            out += fmt::format("%{:02X}", static_cast<unsigned char>(name[i]));
            ++i;
        } else {
            out.append(name.substr(i, length));
            i += length;
        }
    }
    return out;
}

namespace {

// File names need not be UTF-8, and ids are shown and stored as text: bytes that are not UTF-8
// are escaped (%E9), never transcoded, so that "caf\xE9.txt" and "café.txt" keep apart ids.
std::string join_id(const std::string& folder, const fs::path& relative) {
    const std::string rel = relative.generic_string();
    return escape_id_bytes(folder.empty() ? rel : folder + "/" + rel);
}

// One entry of a folder walk: a file to read, or something that cannot be read, with the
// reason it is reported under in its place.
struct WalkEntry {
    fs::path path;
    std::optional<std::string> problem;
};

std::string describe_link(const fs::path& link) {
    std::error_code ec;
    const fs::path target = fs::read_symlink(link, ec);
    return ec ? std::string("?") : target.string();
}

// Lists @p folder recursively into @p out: every regular file (symlinks followed), and in place
// of what cannot be read, the reason. Hidden entries are skipped. @p open_folders holds the
// canonical paths of the folders being walked, so a symlink back to one of them is caught.
void walk_folder(const fs::path& folder, std::vector<fs::path>& open_folders,
                 std::vector<WalkEntry>& out) {
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    if (ec) {
        out.push_back({folder, fmt::format("cannot read: cannot list folder: {}", ec.message())});
        return;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        const fs::path path = it->path();
        if (is_hidden(path)) {
            continue;
        }
        std::error_code link_ec;
        const bool is_link = fs::is_symlink(fs::symlink_status(path, link_ec));
        std::error_code target_ec;
        const fs::file_status target = fs::status(path, target_ec);
        if (target_ec || !fs::exists(target)) {
            std::string problem;
            if (is_link && target_ec == std::errc::too_many_symbolic_link_levels) {
                problem = fmt::format("cannot read: symlink loop ({} -> {})", path.string(),
                                      describe_link(path));
            } else if (is_link && !fs::exists(target)) {
                problem = fmt::format("cannot read: dangling symlink (to {}, which does not exist)",
                                      describe_link(path));
            } else {
                problem = fmt::format("cannot read: {}", target_ec.message());
            }
            out.push_back({path, std::move(problem)});
            continue;
        }
        if (fs::is_directory(target)) {
            std::error_code canonical_ec;
            const fs::path canonical = fs::canonical(path, canonical_ec);
            if (canonical_ec) {
                out.push_back({path, fmt::format("cannot read: {}", canonical_ec.message())});
                continue;
            }
            if (std::find(open_folders.begin(), open_folders.end(), canonical) !=
                open_folders.end()) {
                // Its files are read once, through the folder it leads back to.
                out.push_back({path, fmt::format("symlink loop: leads back to {}, read once",
                                                 canonical.string())});
                continue;
            }
            open_folders.push_back(canonical);
            walk_folder(path, open_folders, out);
            open_folders.pop_back();
        } else if (fs::is_regular_file(target)) {
            out.push_back({path, std::nullopt});
        } else {
            out.push_back({path, "not a regular file (a device, FIFO or socket)"});
        }
    }
    if (ec) {
        out.push_back(
            {folder, fmt::format("cannot read: cannot list the whole folder: {}", ec.message())});
    }
}

bool is_under(const fs::path& path, const fs::path& root) {
    auto it = path.begin();
    for (const auto& part : root) {
        if (it == path.end() || *it != part) {
            return false;
        }
        ++it;
    }
    return true;
}

std::string lower_name(const fs::path& path) {
    std::string name = path.filename().string();
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return name;
}

// The files among @p files (a folder walk's, or an archive's entry names) that belong to a
// known collection without being articles: its documentation and auxiliary data.
// - Reuters-21578: a folder holding lewis.dtd and reut2-*.sgm; its lewis.dtd, README.*, the
//   category lists all-*-strings.lc.txt, cat-descriptions*.txt and
//   feldman-cia-worldfactbook-data.txt.
// - BBC (bbc-fulltext): a folder holding README.* and the five category folders business,
//   entertainment, politics, sport and tech; its README.*.
// - FakeNewsNet: below the dataset folder of <site>/<fake|real>/<news_id>/news content.json,
//   every other file (tweets, retweets, id lists, notes).
std::set<fs::path> find_collection_files(const std::vector<fs::path>& files) {
    std::map<fs::path, std::set<std::string>> names_in;      // folder -> lower-case file names
    std::map<fs::path, std::set<std::string>> subfolders_of; // folder -> sub-folder names
    std::set<fs::path> fakenewsnet_roots;
    for (const auto& file : files) {
        names_in[file.parent_path()].insert(lower_name(file));
        if (file.parent_path().has_parent_path()) {
            subfolders_of[file.parent_path().parent_path()].insert(
                file.parent_path().filename().string());
        }
        if (file.filename() == "news content.json") {
            const fs::path label = file.parent_path().parent_path();
            if (label.filename() == "fake" || label.filename() == "real") {
                fakenewsnet_roots.insert(label.parent_path().parent_path());
            }
        }
    }
    const auto is_readme = [](const std::string& name) {
        return name == "readme" || name.starts_with("readme.");
    };
    std::set<fs::path> out;
    for (const auto& file : files) {
        const fs::path folder = file.parent_path();
        const std::set<std::string>& names = names_in[folder];
        const std::string name = lower_name(file);
        const bool reuters = names.count("lewis.dtd") > 0 &&
                             std::any_of(names.begin(), names.end(), [](const std::string& n) {
                                 return n.starts_with("reut2-") && n.ends_with(".sgm");
                             });
        if (reuters && (name == "lewis.dtd" || is_readme(name) ||
                        (name.starts_with("all-") && name.ends_with("-strings.lc.txt")) ||
                        (name.starts_with("cat-descriptions") && name.ends_with(".txt")) ||
                        name == "feldman-cia-worldfactbook-data.txt")) {
            out.insert(file);
            continue;
        }
        const std::set<std::string>& subfolders = subfolders_of[folder];
        const bool bbc = std::all_of(
            bbc_categories.begin(), bbc_categories.end(),
            [&](std::string_view category) { return subfolders.count(std::string(category)) > 0; });
        if (bbc && is_readme(name)) {
            out.insert(file);
            continue;
        }
        if (file.filename() != "news content.json" &&
            std::any_of(fakenewsnet_roots.begin(), fakenewsnet_roots.end(),
                        [&](const fs::path& root) { return is_under(file, root); })) {
            out.insert(file);
        }
    }
    return out;
}

// Hands an article read as text by its extension to @p sink only when it reads as an article
// (see txt::not_article_reason); --format text reads every file as an article.
std::function<void(ReadResult&&)>
checked_as_article(const std::function<void(ReadResult&&)>& sink) {
    return [&sink](ReadResult&& result) {
        if (const auto* article = std::get_if<Article>(&result)) {
            if (auto reason = txt::not_article_reason(article->title, article->body)) {
                sink(Rejection{article->origin, std::move(*reason)});
                return;
            }
        }
        sink(std::move(result));
    };
}

// A buffer of read bytes larger than this is let go once its entry is parsed.
constexpr std::size_t kept_buffer_bytes = std::size_t{1} << 20U;

// @p bytes as one text article, handed to @p sink after @p bytes is let go: a huge article is
// not held twice, as bytes and as its body, while it is indexed.
void parse_text_article(std::string& bytes, const std::string& path, const std::string& id,
                        const std::function<void(ReadResult&&)>& sink) {
    ReadResult result = txt::parse_article(bytes, Origin{path, 0}, id);
    std::string().swap(bytes);
    sink(std::move(result));
}

// Reads a whole file within --max-article-size and hands its bytes to @p parse, which may let
// them go; a file that cannot be read or is too large is one rejection.
void read_whole_file(const std::string& path, std::string_view noun, const ReadOptions& options,
                     const std::function<void(ReadResult&&)>& sink,
                     const std::function<void(std::string&)>& parse) {
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

using Sink = std::function<void(ReadResult&&)>;
using ArchiveReader = std::unique_ptr<archive, ArchiveCloser>;

// Opens @p path with every filter and format libarchive knows, and "raw" for a lone .gz/.xz
// file; nullptr, with the failure handed to @p sink, when it cannot be opened.
ArchiveReader open_archive(const std::string& path, const Sink& sink) {
    ArchiveReader reader(archive_read_new());
    archive_read_support_filter_all(reader.get());
    archive_read_support_format_all(reader.get());
    archive_read_support_format_raw(reader.get()); // a lone .gz/.xz file
    if (archive_read_open_filename(reader.get(), path.c_str(), std::size_t{1} << 16U) !=
        ARCHIVE_OK) {
        sink(Rejection{Origin{path, 0},
                       fmt::format("cannot read: {}", archive_error_string(reader.get()))});
        return nullptr;
    }
    return reader;
}

// Bytes of the archive file itself read so far (compressed bytes, before any filter).
std::uint64_t compressed_bytes_read(archive* reader) {
    const la_int64_t bytes = archive_filter_bytes(reader, -1);
    return bytes > 0 ? static_cast<std::uint64_t>(bytes) : 0;
}

// The entries of the archive at @p path that are a collection's own files (see
// find_collection_files); nullopt, with the failure handed to @p sink, when it cannot be opened.
// A tarball is listed first (its entries' data skipped), so that a collection's own files are
// known before they are read, whatever order the entries come in.
std::optional<std::set<fs::path>> archive_collection_files(const std::string& path,
                                                           const Sink& sink) {
    const ArchiveReader reader = open_archive(path, sink);
    if (!reader) {
        return std::nullopt;
    }
    archive_entry* entry = nullptr;
    std::set<fs::path> collection;
    if (archive_read_next_header(reader.get(), &entry) == ARCHIVE_OK &&
        archive_format(reader.get()) != ARCHIVE_FORMAT_RAW) {
        std::vector<fs::path> names;
        do {
            if (archive_entry_filetype(entry) == AE_IFREG && archive_entry_pathname(entry)) {
                names.emplace_back(archive_entry_pathname(entry));
            }
        } while (archive_read_next_header(reader.get(), &entry) == ARCHIVE_OK);
        collection = find_collection_files(names);
    }
    return collection;
}

// An entry that is hidden or sits in a hidden folder of the archive.
bool is_hidden_entry(const fs::path& entry_path) {
    return is_hidden(entry_path) ||
           std::any_of(entry_path.begin(), entry_path.end(),
                       [](const fs::path& part) { return is_hidden(part); });
}

// The format to read an entry in: the forced one, else its name's. Auto (or Archive: archives
// are not unpacked inside archives) for an entry to leave out.
InputFormat entry_format(const fs::path& entry_path, const std::string& name, InputFormat forced) {
    if (forced != InputFormat::Auto) {
        return forced;
    }
    return is_collection_notes(entry_path) ? InputFormat::Auto : format_for_name(name);
}

// With --category-from-folder: the category an entry's article gets, the first folder below the
// archive's top folder (bbc/sport/001.txt: sport), or the top folder itself for an entry just
// below it; nullopt for an entry at the top.
std::optional<std::string> entry_category(const fs::path& entry_path) {
    std::vector<std::string> parts;
    for (const auto& part : entry_path.parent_path()) {
        parts.push_back(part.string());
    }
    if (parts.empty()) {
        return std::nullopt;
    }
    return parts.size() > 1 ? parts[1] : parts[0];
}

// How reading an entry's data ended.
enum class EntryData {
    Complete, ///< all of it is in memory
    TooLarge, ///< larger than --max-article-size (reported)
    Damaged,  ///< unreadable, and the stream cannot go on past it (reported)
};

// Reads the entries of one open archive in stream order: each is parsed by its own name's
// format (or the forced one) and named "ARCHIVE/ENTRY" in messages.
class ArchiveEntries {
public:
    ArchiveEntries(archive* reader, const std::string& path, const std::set<fs::path>& collection,
                   const ReadOptions& options, const Sink& sink, WalkSummary& summary,
                   const FileProgress& progress)
        : m_reader(reader), m_path(path), m_collection(collection), m_options(options),
          m_sink(sink), m_summary(summary), m_progress(progress) {}

    // Reports the compressed bytes read.
    void report_progress() const { m_progress.at(compressed_bytes_read(m_reader)); }

    // Reads the entry whose header was just read; false when the rest of the archive cannot be
    // read.
    bool read(archive_entry* entry) {
        if (archive_entry_filetype(entry) == AE_IFLNK) {
            const char* target = archive_entry_symlink(entry);
            m_sink(Rejection{Origin{m_path + "/" + archive_entry_pathname(entry), 0},
                             fmt::format("not a regular file (a symlink to {} inside the archive)",
                                         target != nullptr ? target : "?")});
            return true;
        }
        const bool raw = archive_format(m_reader) == ARCHIVE_FORMAT_RAW;
        if (archive_entry_filetype(entry) != AE_IFREG && !raw) {
            return true;
        }
        if (raw && archive_filter_code(m_reader, 0) == ARCHIVE_FILTER_NONE) {
            // Read "as is": the bytes are neither compressed nor an archive, whatever the name.
            m_sink(
                Rejection{Origin{m_path, 0}, "not a compressed file or archive, despite its name"});
            return false;
        }
        const std::string name = entry_name(m_path, archive_entry_pathname(entry), raw);
        const std::string shown =
            raw ? fs::path(m_path).replace_filename(name).string() : m_path + "/" + name;
        const fs::path entry_path(name);
        if (is_hidden_entry(entry_path)) {
            return true;
        }
        if (m_collection.count(entry_path) > 0) {
            m_summary.collection_files.push_back(shown);
            return true;
        }
        const InputFormat format = entry_format(entry_path, name, m_options.format);
        if (format == InputFormat::Auto || format == InputFormat::Archive) {
            m_summary.ignored_files.push_back(shown);
            return true;
        }
        ++m_summary.files;
        switch (read_data(shown, archive_entry_size_is_set(entry) != 0
                                     ? static_cast<std::size_t>(archive_entry_size(entry))
                                     : 0)) {
        case EntryData::Damaged:
            return false;
        case EntryData::TooLarge:
            return true;
        case EntryData::Complete:
            break;
        }
        if (format == InputFormat::Text) {
            parse_text_article(m_bytes, shown, join_id({}, entry_path),
                               deliver(format, entry_path));
        } else {
            parse_bytes(format, m_bytes, shown, join_id({}, entry_path),
                        deliver(format, entry_path));
        }
        if (m_bytes.capacity() > kept_buffer_bytes) {
            std::string().swap(m_bytes); // one huge entry does not pin its buffer for the rest
        }
        return true;
    }

private:
    // Reads the current entry's data into m_bytes, within --max-article-size; an entry too large
    // or damaged is reported under @p shown.
    // @p size is the entry's size when the archive states it (else 0).
    EntryData read_data(const std::string& shown, std::size_t size) {
        m_bytes.clear();
        if (size <= m_options.max_article_bytes) {
            m_bytes.reserve(size); // not grown by doubling past the entry's size
        }
        char chunk[1U << 16U];
        for (;;) {
            const la_ssize_t got = archive_read_data(m_reader, chunk, sizeof chunk);
            if (got < 0) {
                m_sink(Rejection{Origin{shown, 0},
                                 fmt::format("cannot read: {}", archive_error_string(m_reader))});
                return EntryData::Damaged;
            }
            if (got == 0) {
                return EntryData::Complete;
            }
            if (m_bytes.size() + static_cast<std::size_t>(got) > m_options.max_article_bytes) {
                m_sink(Rejection{Origin{shown, 0},
                                 fmt::format("entry larger than {} bytes (see --max-article-size)",
                                             m_options.max_article_bytes)});
                return EntryData::TooLarge;
            }
            m_bytes.append(chunk, static_cast<std::size_t>(got));
            report_progress();
        }
    }

    // Where an entry's articles go: checked to read as articles when read as text for their
    // name, and given their folder's category with --category-from-folder.
    [[nodiscard]] Sink deliver(InputFormat format, const fs::path& entry_path) const {
        Sink out = m_sink;
        if (format == InputFormat::Text && m_options.format != InputFormat::Text) {
            out = checked_as_article(m_sink);
        }
        if (!m_options.category_from_folder) {
            return out;
        }
        if (auto folder = entry_category(entry_path)) {
            out = [inner = out, category = std::move(*folder)](ReadResult&& result) {
                if (auto* article = std::get_if<Article>(&result)) {
                    article->categories.push_back(category);
                }
                inner(std::move(result));
            };
        }
        return out;
    }

    archive* m_reader;
    const std::string& m_path;
    const std::set<fs::path>& m_collection;
    const ReadOptions& m_options;
    const Sink& m_sink;
    WalkSummary& m_summary;
    const FileProgress& m_progress;
    std::string m_bytes; ///< the current entry's data, its buffer kept from entry to entry
};

// Reads a tarball or a compressed file as a stream, without unpacking it (see ArchiveEntries).
void read_archive(const std::string& path, const ReadOptions& options, const Sink& sink,
                  WalkSummary& summary, const FileProgress& progress) {
    const auto collection = archive_collection_files(path, sink);
    if (!collection) {
        return;
    }
    const ArchiveReader reader = open_archive(path, sink);
    if (!reader) {
        return;
    }
    ArchiveEntries entries(reader.get(), path, *collection, options, sink, summary, progress);
    archive_entry* entry = nullptr;
    while (archive_read_next_header(reader.get(), &entry) == ARCHIVE_OK) {
        entries.report_progress();
        if (options.stop_requested && options.stop_requested()) {
            summary.stopped = true;
            return;
        }
        if (!entries.read(entry)) {
            return;
        }
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
                     const std::function<void(ReadResult&&)>& sink, bool& stopped,
                     const FileProgress& progress) {
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
        progress.at(reader->bytes_consumed());
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

namespace {

bool stop_requested(const ReadOptions& options) {
    return options.stop_requested && options.stop_requested();
}

// Reads one file (or stdin) in @p format, Auto meaning "by its content".
void read_input_file(const InputFile& file, InputFormat format, const ReadOptions& options,
                     const Sink& sink, WalkSummary& summary) {
    const std::string path = file.path.string();
    if (format == InputFormat::Auto) {
        format = format_by_content(path);
    }
    ++summary.files;
    const Sink with_category = [&](ReadResult&& result) {
        if (auto* article = std::get_if<Article>(&result)) {
            article->categories.push_back(file.category);
        }
        sink(std::move(result));
    };
    const auto& categorised = file.category.empty() ? sink : with_category;
    const Sink checked = checked_as_article(categorised);
    // A file read as text for its name is checked to read as an article; --format text
    // takes every file for one.
    const auto& deliver =
        format == InputFormat::Text && options.format != InputFormat::Text ? checked : categorised;
    const FileProgress progress(options.progress, file.size);
    switch (format) {
    case InputFormat::Jsonl:
        read_jsonl_file(path, file.id, options, deliver, summary.stopped, progress);
        break;
    case InputFormat::Archive:
        read_archive(path, options, deliver, summary, progress);
        break;
    default:
        read_whole_file(path, format == InputFormat::Text ? "article" : "file", options, deliver,
                        [&](std::string& bytes) {
                            progress.finished(); // read whole: counted before it is parsed
                            if (format == InputFormat::Text) {
                                parse_text_article(bytes, path, file.id, deliver);
                            } else {
                                parse_bytes(format, bytes, path, file.id, deliver);
                            }
                        });
        break;
    }
    progress.finished();
}

// An input named on the command line that is not a folder: read in --format, unless its name
// says it is an archive; its id is its name below its folder's.
void read_named_file(const fs::path& root, std::uint64_t size, const ReadOptions& options,
                     const Sink& sink, WalkSummary& summary) {
    const std::string folder =
        folder_name(root.has_parent_path() ? root.parent_path() : fs::path("."));
    const InputFormat by_name = format_for_name(root.string());
    read_input_file(InputFile{root, join_id(folder, root.filename()), {}, size},
                    by_name == InputFormat::Archive || options.format == InputFormat::Auto
                        ? by_name
                        : options.format,
                    options, sink, summary);
}

// Everything below @p root (see walk_folder), sorted by path so runs read in the same order.
std::vector<WalkEntry> list_folder(const fs::path& root) {
    std::vector<WalkEntry> entries;
    std::error_code root_ec;
    std::vector<fs::path> open_folders{fs::weakly_canonical(fs::absolute(root), root_ec)};
    walk_folder(root, open_folders, entries);
    std::sort(entries.begin(), entries.end(),
              [](const WalkEntry& a, const WalkEntry& b) { return a.path < b.path; });
    return entries;
}

// The collection files (see find_collection_files) among the readable entries.
std::set<fs::path> collection_files_of(const std::vector<WalkEntry>& entries) {
    std::vector<fs::path> files;
    for (const auto& entry : entries) {
        if (!entry.problem) {
            files.push_back(entry.path);
        }
    }
    return find_collection_files(files);
}

// The format to read a file found in a folder in: an archive by its name, else --format, else
// its name's. Auto for a file to leave out (a collection's notes, an unknown extension).
InputFormat folder_file_format(const fs::path& path, InputFormat forced) {
    const InputFormat by_name = format_for_name(path.string());
    const InputFormat format = by_name == InputFormat::Archive ? by_name : forced;
    if (format != InputFormat::Auto) {
        return format;
    }
    return is_collection_notes(path) ? InputFormat::Auto : by_name;
}

// With --category-from-folder, the first folder of @p relative (bbc/sport/001.txt: sport, for
// the input folder bbc); empty for a file directly in the input folder.
std::string folder_category(const fs::path& relative, const ReadOptions& options) {
    if (options.category_from_folder && std::distance(relative.begin(), relative.end()) > 1) {
        return relative.begin()->string();
    }
    return {};
}

// The size of @p path in bytes, 0 when it cannot be known (the read reports why).
std::uint64_t size_of(const fs::path& path) {
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    return ec ? 0 : static_cast<std::uint64_t>(size);
}

// What an input folder holds, listed before anything is read (so that the total size of the
// inputs is known when the first file is read).
struct FolderPlan {
    std::vector<WalkEntry> entries;
    std::set<fs::path> collection;
    std::vector<std::uint64_t> sizes; ///< of each entry to read (else 0), when sizes are wanted
    std::uint64_t total = 0;          ///< the sum of sizes
};

// Whether a folder entry is read as a file (not a problem, a collection file or an ignored one).
bool read_as_file(const WalkEntry& entry, const std::set<fs::path>& collection,
                  const ReadOptions& options) {
    return !entry.problem && collection.count(entry.path) == 0 &&
           folder_file_format(entry.path, options.format) != InputFormat::Auto;
}

FolderPlan plan_folder(const fs::path& root, const ReadOptions& options) {
    FolderPlan plan;
    plan.entries = list_folder(root);
    plan.collection = collection_files_of(plan.entries);
    plan.sizes.assign(plan.entries.size(), 0);
    if (options.progress == nullptr) {
        return plan;
    }
    for (std::size_t i = 0; i < plan.entries.size(); ++i) {
        if (read_as_file(plan.entries[i], plan.collection, options)) {
            plan.sizes[i] = size_of(plan.entries[i].path);
            plan.total += plan.sizes[i];
        }
    }
    return plan;
}

// Reads every file below the input folder @p root, listed in @p plan, in path order; what
// cannot be read is reported in its place.
void read_folder(const fs::path& root, const FolderPlan& plan, const ReadOptions& options,
                 const Sink& sink, WalkSummary& summary) {
    const std::vector<WalkEntry>& entries = plan.entries;
    const std::set<fs::path>& collection = plan.collection;
    const std::string folder = folder_name(root);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const WalkEntry& entry = entries[i];
        if (stop_requested(options)) {
            summary.stopped = true;
            return;
        }
        const fs::path& path = entry.path;
        if (entry.problem) {
            sink(Rejection{Origin{path.string(), 0}, *entry.problem});
            continue;
        }
        if (collection.count(path) > 0) {
            summary.collection_files.push_back(path.string());
            continue;
        }
        const InputFormat format = folder_file_format(path, options.format);
        if (format == InputFormat::Auto) {
            summary.ignored_files.push_back(path.string());
            continue;
        }
        const fs::path relative = path.lexically_relative(root);
        read_input_file(InputFile{path, join_id(folder, relative),
                                  folder_category(relative, options), plan.sizes[i]},
                        format, options, sink, summary);
    }
}

} // namespace

WalkSummary read_inputs(const std::vector<std::string>& inputs, const ReadOptions& options,
                        const std::function<void(ReadResult&&)>& sink) {
    check_inputs_exist(inputs);
    // Folders are listed (and every size known) before the first file is read.
    std::vector<std::optional<FolderPlan>> plans(inputs.size());
    std::vector<std::uint64_t> file_sizes(inputs.size(), 0);
    std::uint64_t total = 0;
    bool total_known = true;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        std::error_code ec;
        if (inputs[i] == "-") {
            total_known = false;
        } else if (fs::is_directory(inputs[i], ec)) {
            plans[i] = plan_folder(inputs[i], options);
            total += plans[i]->total;
        } else if (options.progress != nullptr) {
            file_sizes[i] = size_of(inputs[i]);
            total += file_sizes[i];
        }
    }
    if (options.progress != nullptr) {
        options.progress->total_bytes.store(total, std::memory_order_relaxed);
        options.progress->total_known.store(total_known, std::memory_order_relaxed);
    }
    WalkSummary summary;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const std::string& input = inputs[i];
        if (stop_requested(options)) {
            summary.stopped = true;
            break;
        }
        if (input == "-") {
            const auto format =
                options.format == InputFormat::Text ? InputFormat::Text : InputFormat::Jsonl;
            // stdin's size is unknown: its bytes are counted, never capped.
            read_input_file(InputFile{"-", "stdin", {}, std::numeric_limits<std::uint64_t>::max()},
                            format, options, sink, summary);
            continue;
        }
        if (plans[i]) {
            read_folder(input, *plans[i], options, sink, summary);
        } else {
            read_named_file(input, file_sizes[i], options, sink, summary);
        }
    }
    return summary;
}

} // namespace news
