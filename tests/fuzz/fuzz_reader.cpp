/// @file
/// @brief Fuzz target: one reader through parse_bytes (the format and file name are compile
/// definitions: NEWS_FUZZ_FORMAT, NEWS_FUZZ_PATH), every result checked and indexed in memory.
#include "news/common/article.hpp"
#include "news/common/text.hpp"
#include "news/indexer/document_builder.hpp"
#include "news/readers/fakenewsnet.hpp"
#include "news/readers/reader.hpp"

#include "fuzz_check.hpp"
#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace {

constexpr news::InputFormat format = news::InputFormat::NEWS_FUZZ_FORMAT;

// Lines with something else than white space.
std::size_t non_blank_lines(std::string_view bytes) {
    std::size_t count = 0;
    while (!bytes.empty()) {
        const std::size_t end = std::min(bytes.find('\n'), bytes.size());
        count += news::text::is_blank(bytes.substr(0, end)) ? 0 : 1;
        bytes.remove_prefix(std::min(end + 1, bytes.size()));
    }
    return count;
}

// Nothing read is lost: each record of the input gives one article or one rejection.
void check_result_count(std::string_view bytes, std::size_t results) {
    using news::fuzz::check;
    switch (format) {
    case news::InputFormat::Text:
        check(results == 1, "a text file did not give exactly one result");
        break;
    case news::InputFormat::Jsonl:
        check(results == non_blank_lines(bytes), "a JSON line gave no result, or several");
        break;
    case news::InputFormat::Json: {
        const std::string_view trimmed = news::text::trim(bytes);
        if (!trimmed.empty() && trimmed.front() != '[') {
            check(results >= 1, "a JSON document gave no result");
        }
        break;
    }
    default:
        break;
    }
}

// What the FakeNewsNet layout adds: the id and label come from the path.
void check_web_crawl(const news::Article& article, const std::string& path) {
    if (!news::fakenewsnet::is_article_file(path)) {
        return;
    }
    news::fuzz::check(article.id == "fake/gossipcop-7007", "crawl article id is not its folders");
    const auto label = article.facets.find("label");
    news::fuzz::check(label != article.facets.end() && label->second.size() == 1 &&
                          label->second.front() == "fake",
                      "crawl article label is not its folder");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static news::indexer::DocumentBuilder builder{Xapian::Stem("english")};
    const std::string path = NEWS_FUZZ_PATH;
    const std::string_view bytes = news::fuzz::as_text(data, size);
    std::size_t results = 0;
    news::fuzz::expect_only_news_errors(
        [&] {
            news::parse_bytes(format, bytes, path, "fuzz/input", [&](news::ReadResult&& result) {
                ++results;
                if (const auto* article = std::get_if<news::Article>(&result)) {
                    news::fuzz::check_article(*article, path, builder,
                                              format != news::InputFormat::Reuters);
                    check_web_crawl(*article, path);
                } else {
                    news::fuzz::check_rejection(std::get<news::Rejection>(result), path);
                }
            });
        },
        {});
    check_result_count(bytes, results);
    return 0;
}
