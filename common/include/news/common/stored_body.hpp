/// @file
/// @brief The article text as the database keeps it: LZ4-compressed, one article per value in
/// slot schema::Body, read back only for the hits that show it (snippets, --show, story views).
///
/// Compressed one article at a time, so that a snippet inflates one article and nothing else:
/// about two thirds of the text's size on news corpora (bench/README.md, "Index size").
/// The format: the text's size (a varint), its XXH32 checksum (4 bytes, little-endian), then one
/// LZ4 block.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace news::stored_body {

/// The largest body compress() takes: LZ4's limit (LZ4_MAX_INPUT_SIZE, about 2 GB).
constexpr std::size_t max_body_bytes = 0x7E000000;

/// What the database stores for @p body. Empty for an empty body (the slot is then left out).
/// @throws news::Error (BadData) for a body over max_body_bytes.
[[nodiscard]] std::string compress(std::string_view body);

/// The text compress() was given.
/// @throws news::Error (Corrupt) when @p stored is not what compress() writes, or its text
/// fails the checksum.
[[nodiscard]] std::string decompress(std::string_view stored);

/// The body stored in @p doc ("" when it has none).
/// @throws news::Error (Corrupt) when the slot holds something else.
[[nodiscard]] std::string of(const Xapian::Document& doc);

} // namespace news::stored_body
