/// @file
/// @brief Article bodies compressed with LZ4 for value slot schema::Body.
#include "news/common/stored_body.hpp"

#include "news/common/error.hpp"
#include "news/common/schema.hpp"

#include <fmt/format.h>
#include <lz4.h>
#include <lz4hc.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <new>
#include <xxhash.h>

namespace news::stored_body {
namespace {

// LZ4's high-compression default (9): slow to write, but read back at several GB/s, so a page
// of snippets costs about what it did with the text stored as it is. zstd stores articles in
// two thirds of the space but reads them five times slower (bench/README.md, "Index size").
constexpr int compression_level = LZ4HC_CLEVEL_DEFAULT;

static_assert(max_body_bytes == static_cast<std::size_t>(LZ4_MAX_INPUT_SIZE));

constexpr std::size_t checksum_bytes = 4;

void put_varint(std::string& out, std::uint64_t value) {
    while (value >= 0x80U) {
        out.push_back(static_cast<char>((value & 0x7FU) | 0x80U));
        value >>= 7U;
    }
    out.push_back(static_cast<char>(value));
}

// The varint at the start of @p in, which it then skips; nothing on a malformed one.
bool get_varint(std::string_view& in, std::uint64_t& value) {
    value = 0;
    for (unsigned shift = 0; shift < 64 && !in.empty(); shift += 7) {
        const auto byte = static_cast<unsigned char>(in.front());
        in.remove_prefix(1);
        value |= static_cast<std::uint64_t>(byte & 0x7FU) << shift;
        if ((byte & 0x80U) == 0) {
            return true;
        }
    }
    return false;
}

void put_checksum(std::string& out, std::uint32_t sum) {
    for (std::size_t i = 0; i < checksum_bytes; ++i) {
        out.push_back(static_cast<char>((sum >> (8U * i)) & 0xFFU));
    }
}

std::uint32_t get_checksum(std::string_view in) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < checksum_bytes; ++i) {
        sum |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])) << (8U * i);
    }
    return sum;
}

[[noreturn]] void damaged(std::string_view why) {
    throw Error(ErrorKind::Corrupt,
                fmt::format("an article body in the database is damaged: {}", why));
}

} // namespace

std::string compress(std::string_view body) {
    if (body.empty()) {
        return {};
    }
    if (body.size() > max_body_bytes) {
        throw Error(ErrorKind::BadData,
                    fmt::format("an article body of {} bytes is over the {} bytes one article "
                                "can store",
                                body.size(), max_body_bytes));
    }
    // LZ4's compression state is 256 KiB: one per thread (the indexer compresses on every
    // worker thread), reset cheaply for each body instead of cleared (most articles are a few
    // KB: clearing the state cost more than compressing them).
    thread_local const std::unique_ptr<LZ4_streamHC_t, decltype(&LZ4_freeStreamHC)> stream(
        LZ4_createStreamHC(), LZ4_freeStreamHC);
    if (!stream) {
        throw std::bad_alloc();
    }
    LZ4_resetStreamHC_fast(stream.get(), compression_level);
    std::string stored;
    put_varint(stored, body.size());
    put_checksum(stored, XXH32(body.data(), body.size(), 0));
    const std::size_t header = stored.size();
    const int size = static_cast<int>(body.size());
    stored.resize(header + static_cast<std::size_t>(LZ4_compressBound(size)));
    const int written = LZ4_compress_HC_continue(stream.get(), body.data(), stored.data() + header,
                                                 size, static_cast<int>(stored.size() - header));
    if (written <= 0) {
        throw Error(ErrorKind::Internal, "cannot compress an article body");
    }
    stored.resize(header + static_cast<std::size_t>(written));
    return stored;
}

std::string decompress(std::string_view stored) {
    if (stored.empty()) {
        return {};
    }
    std::uint64_t size = 0;
    if (!get_varint(stored, size) || size == 0 || size > max_body_bytes ||
        stored.size() < checksum_bytes) {
        damaged("its header is not a body's");
    }
    const std::uint32_t checksum = get_checksum(stored);
    stored.remove_prefix(checksum_bytes);
    if (stored.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        damaged("longer than any compressed body");
    }
    std::string body(static_cast<std::size_t>(size), '\0');
    const int got = LZ4_decompress_safe(stored.data(), body.data(), static_cast<int>(stored.size()),
                                        static_cast<int>(body.size()));
    if (got < 0 || static_cast<std::uint64_t>(got) != size) {
        damaged("its compressed text does not decode to its size");
    }
    if (XXH32(body.data(), body.size(), 0) != checksum) {
        damaged("its text fails its checksum");
    }
    return body;
}

std::string of(const Xapian::Document& doc) {
    return decompress(doc.get_value(schema::Body));
}

} // namespace news::stored_body
