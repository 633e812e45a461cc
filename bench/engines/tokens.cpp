/// @file
/// @brief Word splitting and the query words of a BenchQuery.
#include "engines/tokens.hpp"

#include "news/common/analysis.hpp"
#include "news/common/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace news::bench {

std::vector<std::string> split_words(std::string_view text) {
    std::vector<std::string> words;
    for_each_word(text, [&](std::string_view word) { words.emplace_back(word); });
    return words;
}

bool is_stop_word(const std::string& word) {
    return news::analysis::stopper()(word);
}

std::vector<std::string> query_words(const BenchQuery& query) {
    std::vector<std::string> words;
    for (const auto& term : query.terms) {
        for_each_word(term, [&](std::string_view word) { words.emplace_back(word); });
    }
    if (words.empty()) {
        throw Error(ErrorKind::Usage,
                    fmt::format("query '{}' has no word to search for", query.id));
    }
    if (query.op == QueryOp::Prefix && words.size() != 1) {
        throw Error(ErrorKind::Usage, fmt::format("prefix '{}' of query '{}' is not one word",
                                                  query.terms.front(), query.id));
    }
    if (query.op == QueryOp::And || query.op == QueryOp::Or) {
        std::vector<std::string> kept;
        std::copy_if(words.begin(), words.end(), std::back_inserter(kept),
                     [](const std::string& word) { return !is_stop_word(word); });
        if (!kept.empty()) {
            words = std::move(kept);
        }
    }
    return words;
}

} // namespace news::bench
