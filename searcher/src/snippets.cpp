/// @file
/// @brief Snippets: MSet::snippet on the body, or on a window of a long body.
#include "news/searcher/snippets.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace news::searcher {
namespace {

// Highlight markers handed to MSet::snippet. Control characters never reach the index (readers
// remove them), so they cannot collide with article text; Xapian wants non-empty markers.
constexpr std::string_view mark_start = "\x02";
constexpr std::string_view mark_end = "\x03";
constexpr std::string_view ellipsis = "\u2026";

// MSet::snippet escapes text for HTML; undo that in one pass, fold line breaks and runs of
// white space to one space (a snippet is one line), and turn the markers into byte ranges.
Snippet unescape_snippet(std::string_view escaped) {
    Snippet out;
    out.text.reserve(escaped.size());
    std::size_t open_at = 0;
    for (std::size_t i = 0; i < escaped.size(); ++i) {
        const char c = escaped[i];
        if (c == ' ' || c == '\n' || c == '\t') {
            if (!out.text.empty() && out.text.back() != ' ') {
                out.text += ' ';
            }
        } else if (c == mark_start.front()) {
            open_at = out.text.size();
        } else if (c == mark_end.front()) {
            out.highlights.emplace_back(open_at, out.text.size());
        } else if (c == '&') {
            bool replaced = false;
            for (const auto& [entity, plain] : {std::pair{std::string_view("&amp;"), '&'},
                                                std::pair{std::string_view("&lt;"), '<'},
                                                std::pair{std::string_view("&gt;"), '>'},
                                                std::pair{std::string_view("&quot;"), '"'}}) {
                if (escaped.substr(i, entity.size()) == entity) {
                    out.text += plain;
                    i += entity.size() - 1;
                    replaced = true;
                    break;
                }
            }
            if (!replaced) {
                out.text += c;
            }
        } else {
            out.text += c;
        }
    }
    return out;
}

// MSet::snippet reads the whole text it is given (about 150 ms a MiB): a longer body is cut to
// a window of this many bytes around the first place a query word shows up.
constexpr std::size_t snippet_window = std::size_t{64} * 1024;

// The words to look for in a long body: the query's free-text terms (unprefixed, or stemmed
// with Z), without prefix; filter and field terms are left out. A stem is usually the start of
// the words it comes from ("missil" in "missiles"). At most a few, so the search stays cheap.
std::vector<std::string> body_words(const Xapian::Query& query) {
    constexpr std::size_t max_words = 8;
    std::vector<std::string> words;
    for (auto it = query.get_unique_terms_begin();
         it != query.get_unique_terms_end() && words.size() < max_words; ++it) {
        std::string term = *it;
        if (!term.empty() && term.front() == 'Z') {
            term.erase(0, 1);
        }
        if (term.size() >= 2 && !(term.front() >= 'A' && term.front() <= 'Z')) {
            words.push_back(std::move(term));
        }
    }
    return words;
}

bool is_utf8_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

// Where to cut a long body: [begin, end) of at most snippet_window bytes, starting a little
// before the first (ASCII case-insensitive) occurrence of any of @p words, or at the start when
// none occurs. Cuts fall on a space where one is near, and never inside a UTF-8 sequence.
struct BodyRange {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool found = false; ///< a word was found after `from`
};

BodyRange snippet_range(std::string_view body, const std::vector<std::string>& words,
                        std::size_t from = 0) {
    // Chunk by chunk, so the cost follows the place of the first match, not the body's size.
    constexpr std::size_t chunk = std::size_t{64} * 1024;
    std::size_t overlap = 0;
    for (const auto& word : words) {
        overlap = std::max(overlap, word.size());
    }
    std::size_t first = std::string::npos;
    std::string lowered;
    for (std::size_t at = from; at < body.size() && first == std::string::npos && !words.empty();
         at += chunk) {
        lowered.assign(body.substr(at, chunk + overlap));
        for (char& c : lowered) {
            if (c >= 'A' && c <= 'Z') {
                c = static_cast<char>(c - 'A' + 'a');
            }
        }
        for (const auto& word : words) {
            // At the start of a word only: "big" in "bigger", not in "ambiguous".
            for (std::size_t found = lowered.find(word); found != std::string::npos;
                 found = lowered.find(word, found + 1)) {
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
    const auto align = [&](std::size_t at) {
        const std::size_t space = body.rfind(' ', at);
        if (space != std::string_view::npos && at - space < 64) {
            return space;
        }
        while (at > 0 && at < body.size() && is_utf8_continuation(body[at])) {
            --at;
        }
        return at;
    };
    begin = align(begin);
    const std::size_t end = align(std::min(body.size(), begin + snippet_window));
    return {begin, end, first != std::string::npos};
}
// What a snippet needs besides the text: the MSet that matched (for its terms and weights),
// the stemmer, the length wanted and the words to look for in a long body.
struct SnippetContext {
    const Xapian::MSet& mset;
    const Xapian::Stem& stemmer;
    std::size_t bytes;
    const std::vector<std::string>& words;
};

// MSet::snippet of @p text, highlighted and unescaped.
Snippet snippet_of(const SnippetContext& context, std::string_view text) {
    return unescape_snippet(context.mset.snippet(
        std::string(text), context.bytes, context.stemmer,
        Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
        std::string(mark_start), std::string(mark_end), std::string(ellipsis)));
}

// Text was left out before the window: say so, as snippet() does.
void mark_cut_start(Snippet& snippet) {
    snippet.text.insert(0, ellipsis);
    for (auto& [from, to] : snippet.highlights) {
        from += ellipsis.size();
        to += ellipsis.size();
    }
}

// The snippet of a body longer than snippet_window, made from a window of it.
Snippet long_body_snippet(const SnippetContext& context, std::string_view body) {
    Snippet snippet;
    // A word found may not match after all ("missil" in "missilery"): try the next few windows,
    // then the start.
    BodyRange range;
    for (int tries = 0; tries < 4; ++tries) {
        range = snippet_range(body, context.words, range.end);
        if (!range.found) {
            break;
        }
        snippet = snippet_of(context, body.substr(range.begin, range.end - range.begin));
        if (!snippet.highlights.empty()) {
            break;
        }
    }
    if (snippet.highlights.empty()) {
        range = snippet_range(body, {});
        snippet = snippet_of(context, body.substr(range.begin, range.end - range.begin));
    } else if (range.begin > 0 && snippet.text.rfind(ellipsis, 0) != 0) {
        mark_cut_start(snippet);
    }
    return snippet;
}

Snippet body_snippet(const SnippetContext& context, std::string_view body) {
    return body.size() <= snippet_window ? snippet_of(context, body)
                                         : long_body_snippet(context, body);
}
} // namespace

SnippetMaker::SnippetMaker(const Xapian::MSet& mset, const Xapian::Query& query,
                           const Xapian::Stem& stemmer, std::size_t bytes)
    : m_mset(mset), m_stemmer(stemmer), m_bytes(bytes), m_words(body_words(query)) {}

Snippet SnippetMaker::make(std::string_view body) const {
    return body_snippet(SnippetContext{m_mset, m_stemmer, m_bytes, m_words}, body);
}

} // namespace news::searcher
