/// @file
/// @brief Walking the inputs of an indexing run: folders, files and stdin, in any format we read.
#pragma once

#include "news/common/article.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace news {

/// How an input file is read.
enum class InputFormat {
    Auto,    ///< by extension (.txt/.text, .jsonl/.ndjson, .json, .sgm), else by content
    Text,    ///< one plain-text article per file
    Jsonl,   ///< one JSON article per line
    Json,    ///< one JSON document per file: an article object, or an array of them
    Reuters, ///< Reuters-21578 SGML, many articles per file
    Archive, ///< .tar, .tar.gz, .tgz, .tar.xz, .tar.bz2, .tar.zst, .gz, .xz, .bz2, .zst: the
             ///< entries (or the one compressed file) are read by their own names, as streams
};

/// The format a file name implies: Archive for compressed files and tarballs, the article
/// formats by extension (case-insensitive), Auto when the name says nothing.
[[nodiscard]] InputFormat format_for_name(std::string_view name);

/// Parses @p bytes of one file in @p format (not Auto or Archive) and hands each result to
/// @p sink; @p path names the file in messages, @p id is the id stem for articles without one.
void parse_bytes(InputFormat format, std::string_view bytes, const std::string& path,
                 const std::string& id, const std::function<void(ReadResult&&)>& sink);

/// An id made from a file name: bytes that are not UTF-8, and '%' itself, are escaped as %XX
/// (upper-case hex), so the id is valid UTF-8, reversible and unique per file ("caf\xE9.txt"
/// gives "caf%E9.txt", distinct from the UTF-8 "caf\u00e9.txt").
[[nodiscard]] std::string escape_id_bytes(std::string_view name);

/// Parses "auto", "text", "jsonl", "json" or "reuters".
/// @throws news::Error (Usage) for anything else.
[[nodiscard]] InputFormat parse_input_format(std::string_view name);

/// How far a read has got, in bytes of its inputs. The walk writes it as it reads; another
/// thread (a progress line) may read it at any time: every field is atomic, and reading it costs
/// no lock.
///
/// The total is the size of every file the walk will read, known before the first is read. An
/// archive counts its compressed bytes (its uncompressed size is unknown until it is read), as
/// its entries are read; a tarball is first listed (to find a collection's own files), which
/// counts for nothing.
struct ReadProgress {
    std::atomic<std::uint64_t> total_bytes{0}; ///< bytes of every input to read
    std::atomic<std::uint64_t> read_bytes{0};  ///< bytes read so far, at most total_bytes
    /// False while the total is being computed, and for good when an input is stdin.
    std::atomic<bool> total_known{false};
};

/// Limits and switches of a read.
struct ReadOptions {
    InputFormat format = InputFormat::Auto; ///< how files are read (--format)
    /// Larger articles (a text file, a JSON line) are rejected, so memory stays bounded.
    std::size_t max_article_bytes = std::size_t{64} << 20U;
    /// The first folder below an input folder names each article's category (BBC's layout:
    /// bbc/business/001.txt is in category "business").
    bool category_from_folder = false;
    /// Checked between articles and when a read is interrupted by a signal: true stops the walk.
    std::function<bool()> stop_requested;
    /// Where the walk reports the bytes it has read (may be null); must outlive the read.
    ReadProgress* progress = nullptr;
};

/// What the walk saw besides articles.
struct WalkSummary {
    std::size_t files = 0;                  ///< files read
    std::vector<std::string> ignored_files; ///< files in folders skipped for their extension
    /// Files of a recognised collection (Reuters-21578, BBC, FakeNewsNet) that are its
    /// documentation or auxiliary data, not articles: skipped, not rejected.
    std::vector<std::string> collection_files;
    bool stopped = false; ///< stop_requested ended the walk early
};

/// Checks that every input exists, before anything is read or written.
/// @throws news::Error (NotFound) naming the first input that does not exist ("-" always does).
void check_inputs_exist(const std::vector<std::string>& inputs);

/// Reads every article of @p inputs in a stable order and hands each result to @p sink.
///
/// An input is a file, a folder (walked recursively, hidden entries skipped, files sorted by
/// path; with format Auto only .txt/.text/.jsonl/.ndjson/.json/.sgm files are read, and files
/// named README.* are skipped as the collection's own notes) or "-" for stdin
/// (JSON Lines unless the format is Text). Symlinks are followed; what a folder walk cannot read
/// is a rejection named by its path, never a silent skip: an unreadable folder, a dangling
/// symlink or a symlink loop ("cannot read: ..."; such rejections keep --prune from deleting),
/// a symlink back to a folder being walked ("symlink loop: ..."), a device, FIFO or socket
/// ("not a regular file ..."). Ids of text articles come from their path: the
/// input folder's name joined with the path below it ("sample/000.txt"), or for a file named
/// directly its folder's name and its own ("sample/000.txt" again), escaped by escape_id_bytes.
/// @throws news::Error (NotFound) before reading anything when an input does not exist.
WalkSummary read_inputs(const std::vector<std::string>& inputs, const ReadOptions& options,
                        const std::function<void(ReadResult&&)>& sink);

} // namespace news
