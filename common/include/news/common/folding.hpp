/// @file
/// @brief Accent and compatibility folding: what makes "Beyoncé" and "Beyonce" one word.
///
/// Applied to every text before it is indexed and to every query before it is parsed, so both
/// sides agree. Displayed text (titles, bodies, snippets, facet values) keeps its spelling.
#pragma once

#include <string>
#include <string_view>

namespace news::folding {

/// @p text with Unicode compatibility forms decomposed (NFKD: "ﬁ" → "fi", full-width "Ａ" →
/// "A") and non-spacing marks removed ("é" → "e", "ø" stays), then recomposed (NFC). Case is
/// kept. ASCII text is returned unchanged without touching ICU; only non-ASCII runs are folded.
/// Invalid UTF-8 is passed through as it is.
[[nodiscard]] std::string fold_accents(std::string_view text);

/// fold_accents(), then lower-cased (Unicode): how a word or value is compared, whatever its
/// case and accents ("Élodie" and "ELODIE" both give "elodie").
[[nodiscard]] std::string fold_case_and_accents(std::string_view text);

/// True when fold_accents() would return @p text unchanged because it is all ASCII.
[[nodiscard]] bool is_ascii(std::string_view text) noexcept;

} // namespace news::folding
