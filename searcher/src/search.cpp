/// @file
/// @brief Searcher: Enquire set-up, paging, facets and snippets.
#include "news/searcher/search.hpp"

#include "news/common/analysis.hpp"
#include "news/common/date.hpp"
#include "news/common/error.hpp"
#include "news/common/payload.hpp"
#include "news/common/schema.hpp"

#include <chrono>
#include <filesystem>
#include <limits>

namespace news::searcher {
namespace {

// BM25 with Lucene's defaults (k1 1.2, b 0.75), so rankings compare with the peers in bench/.
const Xapian::BM25Weight bm25(1.2, 0.0, 1.0, 0.75, 0.5);

// Highlight markers handed to MSet::snippet. Control characters never reach the index (readers
// remove them), so they cannot collide with article text; Xapian wants non-empty markers.
constexpr std::string_view mark_start = "\x02";
constexpr std::string_view mark_end = "\x03";

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

} // namespace

Searcher::Searcher(const std::string& path) : m_path(path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        throw Error(ErrorKind::NotFound, path + ": no database here",
                    "build one with: news-index --db " + path + " FOLDER");
    }
    try {
        m_db = Xapian::Database(path);
    } catch (const Xapian::Error&) {
        rethrow_as_news_error(path);
    }
    const auto stemmer = schema::check_schema(m_db, path);
    m_stemmer = analysis::make_stemmer(stemmer.value_or(std::string(schema::default_stemmer)));
    // Built once: the parser shares m_db's handle, so it follows reopen().
    m_builder.emplace(m_db, m_stemmer);
}

std::string Searcher::explain(const QueryRequest& request) {
    return m_builder->build(request).get_description();
}

SearchResult Searcher::search(const SearchRequest& request) {
    constexpr int attempts = 3;
    for (int attempt = 1;; ++attempt) {
        try {
            return run(request);
        } catch (const Xapian::DatabaseModifiedError&) {
            // A writer committed twice while we read: move to the newest revision and retry.
            if (attempt == attempts) {
                rethrow_as_news_error(m_path);
            }
            m_db.reopen();
        } catch (const Xapian::DatabaseError&) {
            rethrow_as_news_error(m_path);
        }
    }
}

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

    // Counting every match is what makes facets and totals exact, and it disables the
    // matcher's early termination: ask for it only when the output needs it.
    Xapian::doccount check_at_least = 0;
    if (!request.facets.empty()) {
        check_at_least = request.facet_sample == 0 ? m_db.get_doccount() : request.facet_sample;
    }
    if (request.exact_total) {
        check_at_least = m_db.get_doccount();
    }
    const auto clamp = [](std::size_t n) {
        return static_cast<Xapian::doccount>(
            std::min<std::size_t>(n, std::numeric_limits<Xapian::doccount>::max()));
    };
    const Xapian::MSet mset =
        enquire.get_mset(clamp(request.offset), clamp(request.limit), check_at_least);
    result.total = {mset.get_matches_estimated(), mset.get_matches_lower_bound(),
                    mset.get_matches_upper_bound()};

    std::size_t rank = request.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::Document doc = it.get_document();
        Article article = payload::decode(doc.get_data());
        Hit hit;
        hit.rank = ++rank;
        hit.id = article.id;
        hit.title = article.title;
        hit.source = article.source;
        hit.authors = article.authors;
        hit.date = article.date ? date::to_iso(*article.date) : std::string{};
        hit.url = article.url;
        hit.score = it.get_weight();
        if (request.snippets) {
            if (article.body.empty()) { // older databases keep it in the data
                article.body = doc.get_value(schema::Body);
            }
            hit.snippet = unescape_snippet(mset.snippet(
                article.body, request.snippet_bytes, m_stemmer,
                Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
                std::string(mark_start), std::string(mark_end), "\u2026"));
        }
        result.hits.push_back(std::move(hit));
    }

    result.facets = facets.results(request.facet_limit);
    const bool all_counted = result.total.lower == result.total.upper;
    result.facets_exact = true;
    for (const auto& counts : result.facets) {
        if (!all_counted || counts.seen < result.total.lower) {
            result.facets_exact = false;
        }
    }
    result.elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace news::searcher
