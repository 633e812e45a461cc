/// @file
/// @brief Snippets: the stretch of a body that shows the most query words, highlighted.
#include "news/searcher/snippets.hpp"

#include "news/common/text.hpp"

#include "query_words.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <unordered_set>

namespace news::searcher {
namespace {

constexpr std::string_view ellipsis = "\u2026";

// Bodies longer than this are cut to a window of this many bytes around a place where a query
// word seems to show up, so the cost of a snippet does not grow with the article.
constexpr std::size_t snippet_window = std::size_t{64} * 1024;

bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

// Where to cut a long body: [begin, end) of at most snippet_window bytes, starting a little
// before the first (ASCII case-insensitive) occurrence of any of @p probes at or after @p from,
// or at the start when none occurs. Cuts never fall inside a UTF-8 sequence.
struct BodyRange {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool found = false; ///< a probe was found after `from`
};

BodyRange snippet_range(std::string_view body, const std::vector<std::string>& probes,
                        std::size_t from) {
    // Chunk by chunk, so the cost follows the place of the first match, not the body's size.
    constexpr std::size_t chunk = std::size_t{64} * 1024;
    std::size_t overlap = 0;
    for (const auto& probe : probes) {
        overlap = std::max(overlap, probe.size());
    }
    std::size_t first = std::string::npos;
    std::string lowered;
    for (std::size_t at = from; at < body.size() && first == std::string::npos && !probes.empty();
         at += chunk) {
        lowered.assign(body.substr(at, chunk + overlap));
        std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                       [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; });
        for (const auto& probe : probes) {
            // At the start of a word only: "big" in "bigger", not in "ambiguous".
            for (std::size_t found = lowered.find(probe); found != std::string::npos;
                 found = lowered.find(probe, found + 1)) {
                const auto before =
                    static_cast<unsigned char>(at + found == 0 ? ' ' : body[at + found - 1]);
                if (std::isalnum(before) == 0) {
                    first = std::min(first, at + found);
                    break;
                }
            }
        }
    }
    std::size_t begin =
        first == std::string::npos ? 0 : first - std::min(first, snippet_window / 4);
    // Never inside a UTF-8 sequence.
    const auto align = [&](std::size_t at) { return text::utf8_prefix(body, at).size(); };
    begin = align(begin);
    return {begin, align(std::min(body.size(), begin + snippet_window)),
            first != std::string::npos};
}

// A query word found in the text.
struct Match {
    std::size_t begin;
    std::size_t end;
    std::size_t term;
};

// Where a sentence starts in @p before: just after its last ". ", or failing that its last
// ".\n", "? ", "! " or "\n", in that order of preference; npos when it has none. One backward
// pass (it runs for every match of every snippet) instead of a search for each kind.
std::size_t sentence_start(std::string_view before) {
    constexpr std::size_t none = std::string_view::npos;
    std::array<std::size_t, 4> last{none, none, none, none}; // ".\n", "? ", "! ", "\n"
    const auto note = [&](std::size_t kind, std::size_t after) {
        if (last[kind] == none) {
            last[kind] = after; // the first seen going backwards is the last one
        }
    };
    for (std::size_t i = before.size(); i-- > 0;) {
        const char c = before[i];
        const char next = i + 1 < before.size() ? before[i + 1] : '\0';
        if (c == '.' && next == ' ') {
            return i + 2; // the preferred kind: its last one wins at once
        }
        if (c == '.' && next == '\n') {
            note(0, i + 2);
        } else if ((c == '?' || c == '!') && next == ' ') {
            note(c == '?' ? 1 : 2, i + 2);
        } else if (c == '\n') {
            note(3, i + 1);
        }
    }
    const auto found =
        std::find_if(last.begin(), last.end(), [](std::size_t at) { return at != none; });
    return found == last.end() ? none : *found;
}

// Where a snippet starting near @p match_begin should start: at a sentence start if one lies
// within a fifth of the snippet before the match, else at a word start about that far back.
std::size_t window_start(std::string_view text, const std::vector<WordRange>& words,
                         std::size_t match_begin, std::size_t bytes) {
    const std::size_t lead = bytes / 5;
    const std::size_t earliest = match_begin - std::min(match_begin, lead);
    const std::string_view before = text.substr(earliest, match_begin - earliest);
    if (const std::size_t at = sentence_start(before); at != std::string_view::npos) {
        return earliest + at;
    }
    if (earliest == 0) {
        return 0;
    }
    const auto word = std::lower_bound(words.begin(), words.end(), WordRange{earliest, 0});
    return word == words.end() ? match_begin : std::min(word->first, match_begin);
}

// The window of at most @p bytes from @p start that ends at a word end.
std::size_t window_end(std::string_view text, const std::vector<WordRange>& words,
                       std::size_t start, std::size_t bytes) {
    const std::size_t limit = std::min(text.size(), start + bytes);
    if (limit == text.size()) {
        return limit;
    }
    // The last word that ends within the limit.
    auto word = std::upper_bound(words.begin(), words.end(), WordRange{limit, limit});
    while (word != words.begin()) {
        --word;
        if (word->second <= limit && word->first >= start) {
            return word->second;
        }
    }
    return start + text::utf8_prefix(text.substr(start), limit - start).size();
}

// How good a window is: distinct query terms in it first, then matches.
std::pair<std::size_t, std::size_t> window_score(const std::vector<Match>& matches,
                                                 std::size_t first, std::size_t end) {
    std::unordered_set<std::size_t> terms;
    std::size_t count = 0;
    for (std::size_t k = first; k < matches.size() && matches[k].end <= end; ++k) {
        terms.insert(matches[k].term);
        ++count;
    }
    return {terms.size(), count};
}

// [start, end) of @p text as one line (runs of white space become one space), with the matches
// in it highlighted and an ellipsis where text was left out on either side.
Snippet render(std::string_view text, std::size_t start, std::size_t end,
               const std::vector<Match>& matches, bool cut_before, bool cut_after) {
    Snippet out;
    if (cut_before) {
        out.text += ellipsis;
    }
    auto match = std::lower_bound(matches.begin(), matches.end(), start,
                                  [](const Match& m, std::size_t at) { return m.begin < at; });
    std::size_t highlight_from = 0;
    for (std::size_t i = start; i < end; ++i) {
        if (match != matches.end() && i == match->begin) {
            highlight_from = out.text.size();
        }
        if (is_space(text[i])) {
            if (!out.text.empty() && out.text.back() != ' ' && out.text != ellipsis) {
                out.text += ' ';
            }
        } else {
            out.text += text[i];
        }
        if (match != matches.end() && i + 1 == match->end) {
            if (match->end <= end) {
                // Words of a phrase read as one highlight: "North Korean troops".
                auto& highlights = out.highlights;
                if (!highlights.empty() && highlights.back().second + 1 == highlight_from &&
                    out.text[highlights.back().second] == ' ') {
                    highlights.back().second = out.text.size();
                } else {
                    highlights.emplace_back(highlight_from, out.text.size());
                }
            }
            ++match;
        }
    }
    while (!out.text.empty() && out.text.back() == ' ') {
        out.text.pop_back();
    }
    if (cut_after) {
        out.text += ellipsis;
    }
    return out;
}

// The snippet of @p text (at most snippet_window bytes): the window of @p bytes with the most
// distinct query words, or the start of the text when none is in it.
// The query words in @p text (whose words are @p words), in text order.
std::vector<Match> find_matches(QueryWords& query_words, std::string_view text,
                                const std::vector<WordRange>& words) {
    std::vector<QueryWords::WordMatch> matched;
    for (std::size_t k = 0; k < words.size(); ++k) {
        const auto [begin, end] = words[k];
        const std::string_view word = text.substr(begin, end - begin);
        // Most words are given up here, before match() builds its answer.
        if (query_words.cannot_match(word)) {
            continue;
        }
        if (const auto term = query_words.match(word)) {
            matched.push_back({k, *term});
        }
    }
    std::vector<Match> matches;
    for (std::size_t at = 0; at < matched.size(); ++at) {
        if (query_words.counts(matched, at)) {
            const auto [begin, end] = words[matched[at].word];
            matches.push_back({begin, end, matched[at].term});
        }
    }
    // The article's own form of an alias the query named ("Army Tactical Missile System" for
    // ATACMS); a word matched both ways is kept once.
    const auto alias_words = query_words.alias_words(text);
    if (!alias_words.empty()) {
        for (const auto& word : alias_words) {
            matches.push_back({word.begin, word.end, word.term});
        }
        std::stable_sort(matches.begin(), matches.end(),
                         [](const Match& a, const Match& b) { return a.begin < b.begin; });
        std::vector<Match> kept;
        for (const auto& match : matches) {
            if (kept.empty() || match.begin >= kept.back().end) {
                kept.push_back(match);
            }
        }
        matches = std::move(kept);
    }
    return matches;
}

Snippet best_window(QueryWords& query_words, std::string_view text, std::size_t bytes,
                    bool text_cut_before, bool text_cut_after) {
    const std::vector<WordRange> words = words_of(text);
    const std::vector<Match> matches = find_matches(query_words, text, words);
    std::size_t start = 0;
    if (!matches.empty()) {
        std::pair<std::size_t, std::size_t> best{0, 0};
        for (std::size_t k = 0; k < matches.size(); ++k) {
            const std::size_t from = window_start(text, words, matches[k].begin, bytes);
            const auto score = window_score(matches, k, window_end(text, words, from, bytes));
            if (score > best) {
                best = score;
                start = from;
            }
        }
    }
    const std::size_t end = window_end(text, words, start, bytes);
    return render(text, start, end, matches, text_cut_before || start > 0,
                  text_cut_after || end < text.size());
}

} // namespace

SnippetMaker::SnippetMaker(const Xapian::Query& query, const Xapian::Stem& stemmer,
                           std::size_t bytes)
    : m_words(std::make_unique<QueryWords>(query, stemmer)), m_bytes(bytes) {}

SnippetMaker::~SnippetMaker() = default;

Snippet SnippetMaker::make(std::string_view body) const {
    if (body.size() <= snippet_window) {
        return best_window(*m_words, body, m_bytes, false, false);
    }
    // A probe found may not be a match after all ("missil" in "missilery"): try the next few
    // windows, then the start.
    BodyRange range;
    for (int tries = 0; tries < 4; ++tries) {
        range = snippet_range(body, m_words->probes(), range.end);
        if (!range.found) {
            break;
        }
        Snippet snippet = best_window(*m_words, body.substr(range.begin, range.end - range.begin),
                                      m_bytes, range.begin > 0, range.end < body.size());
        if (!snippet.highlights.empty()) {
            return snippet;
        }
    }
    range = snippet_range(body, {}, 0);
    return best_window(*m_words, body.substr(range.begin, range.end - range.begin), m_bytes, false,
                       true);
}

Snippet SnippetMaker::highlight(std::string_view text) const {
    const std::vector<WordRange> words = words_of(text);
    return render(text, 0, text.size(), find_matches(*m_words, text, words), false, false);
}

} // namespace news::searcher
