/// @file
/// @brief Searcher: Enquire set-up, paging, facets and snippets.
#include "news/searcher/search.hpp"

#include "news/common/analysis.hpp"
#include "news/common/date.hpp"
#include "news/common/error.hpp"
#include "news/common/payload.hpp"
#include "news/common/schema.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace news::searcher {
namespace {

// BM25 with Lucene's defaults (k1 1.2, b 0.75), so rankings compare with the peers in bench/.
const Xapian::BM25Weight bm25(1.2, 0.0, 1.0, 0.75, 0.5);

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

// Errors a search can meet when the database changed under an open handle, and which a fresh
// handle on the same path cures:
// - DatabaseModifiedError: a writer committed twice while we read, so the revision we had open
//   was recycled;
// - a rebuild swapped another database folder into place (news-index --overwrite builds aside,
//   then exchanges the folders): the tables opened lazily, or reopened, come from the new folder
//   while the rest still belongs to the old one, which shows as a corrupt block, an "EOF reading
//   block", or a table that cannot be opened.
// (Xapian's exceptions have no virtual functions: tell them apart by get_type().)
// Reads tried on fresh handles before a database error is reported.
constexpr int max_attempts = 3;

bool is_stale_handle_error(const Xapian::DatabaseError& e) {
    const std::string_view type = e.get_type();
    if (type == "DatabaseModifiedError" || type == "DatabaseCorruptError" ||
        type == "DatabaseOpeningError" || type == "DatabaseNotFoundError") {
        return true;
    }
    const std::string& msg = e.get_msg();
    return type == "DatabaseError" && (msg.find("EOF reading block") != std::string::npos ||
                                       msg.find("Error reading block") != std::string::npos);
}

} // namespace

Searcher::Searcher(const std::string& path) : m_path(path) {
    open();
}

namespace {

// The database folder's identity: a rebuild swapped into place is another folder (inode).
std::pair<std::uint64_t, std::uint64_t> folder_identity(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return {0, 0};
    }
    return {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)};
}

} // namespace

void Searcher::open() {
    m_identity = folder_identity(m_path);
    std::error_code ec;
    if (!std::filesystem::exists(m_path, ec)) {
        throw Error(ErrorKind::NotFound, m_path + ": no database here",
                    "build one with: news-index --db " + m_path + " FOLDER");
    }
    // Opening reads the schema stamp, which can meet the same races as a search (below).
    for (int attempt = 1;; ++attempt) {
        try {
            m_db = Xapian::Database(m_path);
            // A database swapped in by a rebuild may have another schema or stemmer: check it
            // each time.
            const auto stemmer = schema::check_schema(m_db, m_path);
            m_stemmer =
                analysis::make_stemmer(stemmer.value_or(std::string(schema::default_stemmer)));
            break;
        } catch (const Xapian::DatabaseError& e) {
            if (attempt == max_attempts || !is_stale_handle_error(e)) {
                rethrow_as_news_error(m_path);
            }
        } catch (const Xapian::Error&) {
            rethrow_as_news_error(m_path);
        }
    }
    // The parser keeps its own handle on the database it was given: build it again with each
    // new handle.
    m_builder.emplace(m_db, m_stemmer);
}

SearchResult Searcher::search(const SearchRequest& request) {
    // An open handle keeps reading the files it opened, even once a rebuild has replaced the
    // folder: notice the swap (one stat) and read the database now at the path.
    if (const auto now = folder_identity(m_path); now.second != 0 && now != m_identity) {
        open();
    }
    // A writer that commits while we read can recycle the blocks of the revision we opened
    // (Xapian then reports the handle modified, or a block of the wrong level): read again from
    // a fresh handle. A few times at most: a failure that persists on fresh handles is real.
    for (int attempt = 1;; ++attempt) {
        try {
            return run(request);
        } catch (const Xapian::DatabaseError& e) {
            if (attempt == max_attempts || !is_stale_handle_error(e)) {
                rethrow_as_news_error(m_path);
            }
        }
        open();
    }
}

namespace {

// Counting every match is what makes facets and totals exact, and it disables the matcher's
// early termination: ask for it only when the output needs it.
Xapian::doccount matches_to_count(const SearchRequest& request, const Xapian::Database& db) {
    Xapian::doccount check_at_least = 0;
    if (!request.facets.empty()) {
        check_at_least = request.facet_sample == 0 ? db.get_doccount() : request.facet_sample;
    }
    if (request.exact_total) {
        check_at_least = db.get_doccount();
    }
    return check_at_least;
}

Xapian::doccount clamp_count(std::size_t n) {
    return static_cast<Xapian::doccount>(
        std::min<std::size_t>(n, std::numeric_limits<Xapian::doccount>::max()));
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

// A hit's fields from its stored article, without the snippet.
Hit make_hit(const Article& article, std::size_t rank, double score) {
    Hit hit;
    hit.rank = rank;
    hit.id = article.id;
    hit.title = article.title;
    hit.source = article.source;
    hit.authors = article.authors;
    hit.date = article.date ? date::to_iso(*article.date) : std::string{};
    hit.url = article.url;
    hit.score = score;
    return hit;
}

// The hits of @p mset, ranked from request.offset + 1, with snippets when asked for.
std::vector<Hit> collect_hits(const Xapian::MSet& mset, const Xapian::Query& query,
                              const Xapian::Stem& stemmer, const SearchRequest& request) {
    const std::vector<std::string> words =
        request.snippets ? body_words(query) : std::vector<std::string>{};
    const SnippetContext snippets{mset, stemmer, request.snippet_bytes, words};
    std::vector<Hit> hits;
    std::size_t rank = request.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::Document doc = it.get_document();
        Article article = payload::decode(doc.get_data());
        Hit hit = make_hit(article, ++rank, it.get_weight());
        if (request.snippets) {
            if (article.body.empty()) { // older databases keep it in the data
                article.body = doc.get_value(schema::Body);
            }
            hit.snippet = body_snippet(snippets, article.body);
        }
        hits.push_back(std::move(hit));
    }
    return hits;
}

// Facet counts are exact when every match was counted and each facet saw every one of them.
bool facets_are_exact(const std::vector<FacetCounts>& facets, const Totals& total) {
    const bool all_counted = total.lower == total.upper;
    bool exact = true;
    for (const auto& counts : facets) {
        if (!all_counted || counts.seen < total.lower) {
            exact = false;
        }
    }
    return exact;
}

} // namespace

SearchResult Searcher::run(const SearchRequest& request) {
    const auto start = std::chrono::steady_clock::now();
    SearchResult result;
    const Xapian::Query query = m_builder->build(request.query);
    result.parsed_query = query.get_description();

    // Declared before the Enquire, which keeps plain pointers to the spies until it is destroyed.
    FacetCounter facets(m_db, request.facets);
    Xapian::Enquire enquire(m_db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(bm25);
    if (request.sort == SortOrder::Date) {
        enquire.set_sort_by_value_then_relevance(schema::PublishedSort, /*reverse=*/true);
    }
    facets.attach(enquire);

    const Xapian::doccount check_at_least = matches_to_count(request, m_db);
    const Xapian::MSet mset =
        enquire.get_mset(clamp_count(request.offset), clamp_count(request.limit), check_at_least);
    result.total = {mset.get_matches_estimated(), mset.get_matches_lower_bound(),
                    mset.get_matches_upper_bound()};
    result.hits = collect_hits(mset, query, m_stemmer, request);
    result.facets = facets.results(request.facet_limit);
    result.facets_exact = facets_are_exact(result.facets, result.total);
    result.elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace news::searcher
