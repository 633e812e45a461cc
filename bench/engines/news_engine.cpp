/// @file
/// @brief The "news" engine: BenchQuery -> our query language -> news::searcher::Searcher.
#include "engines/news_engine.hpp"

#include "news/common/cli.hpp"
#include "news/common/schema.hpp"

#include "engines/xapian_common.hpp"
#include <xapian.h>

namespace news::bench {
namespace {

// Characters our query language reads as syntax. Terms are words as typed; a stray quote,
// bracket, colon or star would change what the query means, so it becomes a word break (the
// analysis splits words there anyway).
std::string plain_term(std::string_view term) {
    std::string out;
    for (const char c : term) {
        out += (c == '"' || c == '(' || c == ')' || c == '*' || c == ':') ? ' ' : c;
    }
    // A leading '-' or '+' would exclude or require the word.
    const auto first = out.find_first_not_of(" -+");
    return first == std::string::npos ? std::string{} : out.substr(first);
}

class NewsSession final : public Session {
public:
    explicit NewsSession(const EngineOptions& options)
        : m_options(options), m_searcher(options.index) {}

    QueryResult run(const BenchQuery& query, Mode mode) override {
        const auto request = news_search_request(query, mode, m_options.tag_facet, m_options.k);
        const auto found = m_searcher.search(request);
        QueryResult result;
        result.total_exact = found.total.lower == found.total.upper;
        result.total = result.total_exact ? found.total.lower : found.total.estimate;
        result.top.reserve(found.hits.size());
        for (const auto& hit : found.hits) {
            result.top.push_back(hit.id);
        }
        for (const auto& counts : found.facets) {
            // Our facets show the most frequent spelling; the protocol compares folded values.
            FacetList& list = counts.name == "source" ? result.source : result.tag;
            for (const auto& value : counts.values) {
                list.emplace_back(schema::fold_value(value.value), value.count);
            }
            sort_facet_list(list);
        }
        return result;
    }

private:
    EngineOptions m_options;
    searcher::Searcher m_searcher;
};

class NewsEngine final : public Engine {
public:
    explicit NewsEngine(EngineOptions options) : m_options(std::move(options)) {
        (void)tag_facet_field(m_options.tag_facet);
        // Fail on a missing or incompatible database now, not in the first session.
        searcher::Searcher check(m_options.index);
    }

    std::string name() const override { return "news"; }
    std::string version() const override {
        return std::string(cli::version()) + " (Xapian " + Xapian::version_string() + ")";
    }
    std::unique_ptr<Session> open_session() override {
        return std::make_unique<NewsSession>(m_options);
    }

private:
    EngineOptions m_options;
};

} // namespace

std::string news_query_text(const BenchQuery& query) {
    std::string words;
    for (const auto& term : query.terms) {
        const std::string plain = plain_term(term);
        if (!plain.empty()) {
            words += (words.empty() ? "" : " ") + plain;
        }
    }
    switch (query.op) {
    case QueryOp::Phrase:
        return '"' + words + '"';
    case QueryOp::Prefix:
        return words + '*';
    case QueryOp::And:
    case QueryOp::Or:
        break;
    }
    return words;
}

searcher::SearchRequest news_search_request(const BenchQuery& query, Mode mode,
                                            const std::string& tag_facet, std::size_t k) {
    searcher::SearchRequest request;
    request.query.text = news_query_text(query);
    request.query.any = query.op == QueryOp::Or;
    if (!query.filter_field.empty()) {
        const auto& field = filter_facet_field(query.filter_field, tag_facet);
        request.query.filters.emplace_back(std::string(field.name), query.filter_value);
    }
    if (!query.date_from.empty()) {
        request.query.since = parse_compact_date(query.date_from);
    }
    if (!query.date_to.empty()) {
        request.query.until = parse_compact_date(query.date_to);
    }
    request.sort = query.sort_by_date ? searcher::SortOrder::Date : searcher::SortOrder::Relevance;
    request.limit = k;
    request.snippets = false;
    request.exact_total = mode != Mode::Top;
    if (mode == Mode::Facets) {
        request.facets = {"source", tag_facet};
        request.facet_sample = 0;
        request.facet_limit = 0; // all values: the report cuts after folding and sorting
    }
    return request;
}

std::unique_ptr<Engine> open_news_engine(const EngineOptions& options) {
    return std::make_unique<NewsEngine>(options);
}

} // namespace news::bench
