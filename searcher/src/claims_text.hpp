/// @file
/// @brief Claim extraction internals: sentences, tokens and the normalised key of a thing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace news::searcher::claims::detail {

/// One sentence of a text: [begin, end) in bytes, without surrounding white space.
struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// The sentences of @p text. A sentence ends at a blank line, or at ".", "!" or "?" (and any
/// closing quotes or brackets) followed by white space and then something that is not a
/// lower-case letter, except after a title or a month ("Mr.", "Nov. 17"), an initial ("J.")
/// and dotted abbreviations ("U.S. officials"; "the U.S. The ..." ends only before a common
/// sentence opener such as "The", "It", "But"). A decimal point is never an end.
[[nodiscard]] std::vector<Span> sentences(std::string_view text);

enum class TokenKind { Word, Number, Punct };

/// One token of a sentence. Words are runs of letters (any non-ASCII letter counts) with
/// inner apostrophes, hyphens and dots ("Ukraine's", "long-range", "U.S."); numbers are runs
/// of digits with inner "," before three digits and "." before a digit ("10,000", "3.5");
/// punctuation is one character (one UTF-8 sequence).
struct Token {
    TokenKind kind = TokenKind::Punct;
    std::string_view text;
    std::size_t begin = 0;     ///< byte offset in the whole text
    std::size_t end = 0;       ///< byte offset in the whole text
    bool space_before = false; ///< white space (or the sentence start) precedes it
};

/// The tokens of @p text in [span.begin, span.end), with offsets into @p text.
[[nodiscard]] std::vector<Token> tokenize(std::string_view text, Span span);

/// @p word lower-cased and accent-folded, then made singular by a simple rule (irregular
/// plurals from a small table; "-ies" → "-y"; "-ches", "-shes", "-sses", "-xes", "-zes" lose
/// "es"; a final "s" goes unless the word ends in "ss", "us" or "is" or has three letters or
/// fewer), then mapped through the synonym table ("soldier" → "troop", "km" → "kilometre").
[[nodiscard]] std::string word_key(std::string_view word);

/// The key of a phrase: leading determiners dropped, every word through word_key(), joined
/// by single spaces ("the North Korean soldiers" → "north korean troop").
[[nodiscard]] std::string phrase_key(std::string_view phrase);

/// @p text with every run of white space (line breaks included) made one space.
[[nodiscard]] std::string squeeze(std::string_view text);

/// ASCII lower case of @p word (enough for the closed word lists of the rules).
[[nodiscard]] std::string lower(std::string_view word);

} // namespace news::searcher::claims::detail
