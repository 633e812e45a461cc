/// @file
/// @brief Fuzz target: a query run through Searcher (facets, snippets, both sort orders) and
/// both renderers, on a small database the indexer builds once per process.
#include "news/common/article.hpp"
#include "news/common/error.hpp"
#include "news/common/schema.hpp"
#include "news/common/text.hpp"
#include "news/indexer/index_writer.hpp"
#include "news/searcher/render.hpp"
#include "news/searcher/search.hpp"

#include "fuzz_check.hpp"
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using news::fuzz::check;

news::Article make_article(std::string id, std::string title, std::string body,
                           std::optional<news::Date> date, std::string source,
                           std::vector<std::string> authors, std::vector<std::string> categories) {
    news::Article a;
    a.id = std::move(id);
    a.title = std::move(title);
    a.body = std::move(body);
    a.date = date;
    a.source = std::move(source);
    a.authors = std::move(authors);
    a.categories = std::move(categories);
    a.language = "en";
    return a;
}

// Made-up articles: shared and distinct words, phrases, accents, multi-valued facets, an
// undated one, so that every query feature has something to match.
std::vector<news::Article> articles() {
    std::vector<news::Article> all;
    all.push_back(make_article(
        "fuzz/1", "Harbour ferry timetable printed upside down",
        "Passengers at the harbour turned their heads to read the new ferry timetable.\n\n"
        "The printer blamed a missile of a seagull that landed on the press.",
        news::Date{2024, 2, 1}, "Harbour Gazette", {"Ann Wren", "Bo Lee"}, {"local", "transport"}));
    all.push_back(make_article("fuzz/2", "Village council approves floating library",
                               "The council of Lower Puddleby voted to moor a barge on the mill "
                               "pond and fill it with books, umbrellas and novels.",
                               news::Date{2023, 11, 30}, "Puddleby Post", {"Ann Wren"}, {"local"}));
    all.push_back(make_article(
        "fuzz/3", "Café owner wins the Zürich pastry prize",
        "Ms Çelik's crème brûlée beat forty rivals; the jury tasted missiles of meringue.",
        news::Date{2024, 11, 15}, "Reuters", {"Jae-won Kim"}, {"food", "europe"}));
    all.push_back(make_article("fuzz/4", "",
                               "An article without a title or a date, about troops near Kursk "
                               "and the Donetsk front.",
                               std::nullopt, "", {}, {}));
    all.push_back(make_article(
        "fuzz/5", "Missile range extended", "North Korean troops tested a missile range of 900 km.",
        news::Date{2024, 11, 1}, "Reuters", {"Kim, Jae-won", "Bo Lee"}, {"world", "politics"}));
    all.back().facets["topic"] = {"defence", "asia"};
    all.back().facets["label"] = {"real"};
    all.back().dateline = "SEOUL, Nov 1";
    return all;
}

struct Fixture {
    std::filesystem::path dir;
    std::set<std::string> ids;
    std::unique_ptr<news::searcher::Searcher> searcher;
};

Fixture* fixture = nullptr;

void remove_fixture() {
    if (fixture != nullptr) {
        fixture->searcher.reset();
        std::error_code ignored;
        std::filesystem::remove_all(fixture->dir, ignored);
        delete fixture; // NOLINT: owned here from LLVMFuzzerInitialize to exit
        fixture = nullptr;
    }
}

// The hit invariants: ranks follow the offset, ids are the indexed ones, text is printable.
void check_hits(const news::searcher::SearchRequest& request,
                const news::searcher::SearchResult& result) {
    check(result.hits.size() <= request.limit, "more hits than the limit");
    std::set<std::string> seen;
    std::string previous_date;
    for (std::size_t i = 0; i < result.hits.size(); ++i) {
        const auto& hit = result.hits[i];
        check(hit.rank == request.offset + i + 1, "hit ranks do not follow the offset");
        check(fixture->ids.count(hit.id) == 1, "hit id '" + hit.id + "' was never indexed");
        check(seen.insert(hit.id).second, "the same article twice in one page");
        check(news::text::is_valid_utf8(hit.title), "hit title is not UTF-8");
        const auto& snippet = hit.snippet;
        check(news::text::is_valid_utf8(snippet.text), "snippet is not valid UTF-8");
        check(snippet.text.find('\n') == std::string::npos, "snippet is not one line");
        std::size_t end_of_last = 0;
        for (const auto& [begin, end] : snippet.highlights) {
            check(begin < end && end <= snippet.text.size(), "highlight outside its snippet");
            check(begin >= end_of_last, "highlights overlap or are out of order");
            check(news::text::is_valid_utf8(snippet.text.substr(begin, end - begin)),
                  "highlight splits a character");
            end_of_last = end;
        }
        if (request.sort == news::searcher::SortOrder::Date && i > 0) {
            // Newest first, undated last: an undated hit is never followed by a dated one.
            check(previous_date.empty() ? hit.date.empty() : hit.date <= previous_date,
                  "date order broken");
        }
        previous_date = hit.date;
    }
}

void check_totals_and_facets(const news::searcher::SearchRequest& request,
                             const news::searcher::SearchResult& result) {
    const auto& total = result.total;
    check(total.lower <= total.estimate && total.estimate <= total.upper,
          "estimate outside its bounds");
    check(total.upper <= fixture->ids.size(), "more matches than articles");
    // Facets are asked for without sampling, so every match is counted.
    check(total.lower == total.upper, "facet counting left the total inexact");
    check(result.facets_exact, "facets counted without sampling are marked inexact");
    check(result.hits.size() + request.offset <= total.upper || result.hits.empty(),
          "a page beyond the last match");
    check(result.facets.size() == request.facets.size(), "a requested facet is missing");
    for (std::size_t f = 0; f < result.facets.size(); ++f) {
        const auto& facet = result.facets[f];
        check(facet.name == request.facets[f], "facets out of the requested order");
        check(facet.values.size() <= request.facet_limit, "more facet values than the limit");
        check(facet.distinct >= facet.values.size(), "fewer distinct values than shown");
        for (std::size_t v = 0; v < facet.values.size(); ++v) {
            const auto& value = facet.values[v];
            check(value.count >= 1 && value.count <= total.upper, "facet count outside 1..matches");
            check(news::text::is_valid_utf8(value.value), "facet value is not UTF-8");
            check(v == 0 || facet.values[v - 1].count >= value.count, "facet values not sorted");
        }
    }
}

void check_rendering(const news::searcher::SearchRequest& request,
                     const news::searcher::SearchResult& result) {
    const std::string json = news::searcher::render_json(request, result);
    check(news::text::is_valid_utf8(json), "--json output is not UTF-8");
    const auto parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    check(!parsed.is_discarded(), "--json output does not parse");
    check(parsed.contains("hits") && parsed["hits"].size() == result.hits.size(),
          "--json output lost hits");
    const std::string text = news::searcher::render_text(request, result, {});
    check(news::text::is_valid_utf8(text), "text output is not UTF-8");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    fixture = new Fixture; // NOLINT: freed by remove_fixture at exit
    std::string pattern = (std::filesystem::temp_directory_path() / "news-fuzz-XXXXXX").string();
    check(mkdtemp(pattern.data()) != nullptr, "cannot create a temporary folder");
    fixture->dir = pattern;
    std::atexit(remove_fixture);
    {
        news::indexer::WriterOptions options;
        options.path = (fixture->dir / "db").string();
        news::indexer::IndexWriter writer(options);
        for (const auto& article : articles()) {
            writer.add(article);
            fixture->ids.insert(article.id);
        }
        writer.commit();
    }
    fixture->searcher = std::make_unique<news::searcher::Searcher>((fixture->dir / "db").string());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    news::searcher::SearchRequest request;
    request.query.text = std::string(news::fuzz::as_text(data, size));
    // Options from the input's length, so that a reproducer replays the same search.
    request.query.any = size % 2 == 1;
    request.sort =
        size % 4 >= 2 ? news::searcher::SortOrder::Date : news::searcher::SortOrder::Relevance;
    request.offset = size % 3 == 2 ? 1 : 0;
    request.limit = 3;
    request.facet_limit = 3;
    for (const auto& field : news::schema::facet_fields()) {
        request.facets.emplace_back(field.name);
    }
    news::fuzz::expect_only_news_errors(
        [&] {
            const auto result = fixture->searcher->search(request);
            check(news::text::is_valid_utf8(result.parsed_query) ||
                      !news::text::is_valid_utf8(request.query.text),
                  "parsed query of a UTF-8 query is not UTF-8");
            check_hits(request, result);
            check_totals_and_facets(request, result);
            check_rendering(request, result);
        },
        {news::ErrorKind::Usage});
    return 0;
}
