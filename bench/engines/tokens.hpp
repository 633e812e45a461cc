/// @file
/// @brief The cheap analysis the floor indexes with, and the words every engine but ours
/// searches a BenchQuery's terms as.
#pragma once

#include "engines/workload.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace news::bench {

/// True for the bytes of a word: ASCII letters and digits, and every byte of a multi-byte
/// UTF-8 sequence (so "café" and "naïve" stay whole without decoding).
[[nodiscard]] constexpr bool is_word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/// Calls @p sink with each word of @p text, ASCII-lowercased, in order. Words are maximal runs of
/// is_word_byte(); everything else, and the right quote mark U+2019, separates them ("ukraine's"
/// and "ukraine’s" are "ukraine", "s"; Xapian keeps them whole, and its stemmer drops the "'s").
template <class Sink> void for_each_word(std::string_view text, Sink&& sink) {
    std::string word;
    constexpr std::string_view right_quote = "\u2019"; // an apostrophe, as in ukraine’s
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const bool quote = text.substr(i, right_quote.size()) == right_quote;
        if (quote) {
            i += right_quote.size() - 1;
        }
        const char c = i < text.size() && !quote ? text[i] : ' ';
        if (is_word_byte(static_cast<unsigned char>(c))) {
            word += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        } else if (!word.empty()) {
            sink(std::string_view(word));
            word.clear();
        }
    }
}

/// The words of @p text (for_each_word).
[[nodiscard]] std::vector<std::string> split_words(std::string_view text);

/// True for the English stop words our query parser drops (news::analysis::stopper()).
[[nodiscard]] bool is_stop_word(const std::string& word);

/// The words @p query searches for, as Xapian's query parser would treat them: each term split
/// with for_each_word; for and/or, stop words left out unless every word is one (then all are
/// kept, as Xapian 1.4 does); phrases keep them.
/// @throws news::Error (Usage) when no word is left, or a prefix is not one word.
[[nodiscard]] std::vector<std::string> query_words(const BenchQuery& query);

} // namespace news::bench
