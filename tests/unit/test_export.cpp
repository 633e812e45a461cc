/// @file
/// @brief Unit tests: export (export_matches: chunked paging, CSV quoting, JSON Lines, --fields)
/// and stats (collect_stats over the sample corpus).
#include "news/common/error.hpp"
#include "news/common/schema.hpp"
#include "news/indexer/index_writer.hpp"
#include "news/searcher/export.hpp"
#include "news/searcher/stats.hpp"

#include "sample_db.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

using news::searcher::ExportFormat;
using news::searcher::ExportRequest;
using news::searcher::Searcher;
using nlohmann::json;
using Strings = std::vector<std::string>;

auto has_kind(news::ErrorKind kind) {
    return [kind](const news::Error& e) { return e.kind() == kind; };
}

// Articles whose values need CSV quoting, non-ASCII text and several authors.
std::vector<news::Article> awkward_articles() {
    std::vector<news::Article> out;
    news::Article a;
    a.id = "a,1";
    a.title = "Smith, Jones \"quoted\" and more";
    a.body = "Harbour ferry news one.";
    a.source = "Gazette, The";
    a.authors = {"Anne O'Neil", "Zoë Ünal"};
    a.date = news::Date{2024, 2, 1};
    a.facets["topic"] = {"grain", "oil"};
    a.facets["label"] = {"real"};
    out.push_back(a);
    news::Article b;
    b.id = "b\"2";
    b.title = "Line one\nline two\r\nthree";
    b.body = "Harbour ferry news two.";
    b.source = "Северный вестник";
    b.url = "https://example.org/a?b=1,2";
    out.push_back(b);
    for (int k = 3; k <= 7; ++k) {
        news::Article c;
        c.id = "plain" + std::to_string(k);
        c.body = "Harbour ferry news " + std::to_string(k) + ".";
        c.date = news::Date{2024, 3, static_cast<unsigned>(k)};
        out.push_back(c);
    }
    return out;
}

struct AwkwardDb {
    news::test::TempDir dir;
    std::string path = dir / "db";

    AwkwardDb() {
        news::indexer::WriterOptions options;
        options.path = path;
        news::indexer::IndexWriter writer(options);
        for (const auto& a : awkward_articles()) {
            writer.add(a);
        }
        writer.commit();
    }
};

// Runs an export into memory.
std::string export_text(Searcher& searcher, const ExportRequest& request,
                        news::searcher::ExportSummary* summary = nullptr) {
    std::FILE* out = std::tmpfile();
    BOOST_TEST_REQUIRE(out != nullptr);
    const auto result = news::searcher::export_matches(searcher, request, out);
    if (summary != nullptr) {
        *summary = result;
    }
    std::string text;
    std::rewind(out);
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, out)) > 0;) {
        text.append(buffer, n);
    }
    std::fclose(out);
    return text;
}

// A minimal RFC 4180 reader: rows of fields, CRLF line ends, quoted fields.
std::vector<Strings> parse_csv(const std::string& text) {
    std::vector<Strings> rows;
    Strings row;
    std::string field;
    bool quoted = false;
    for (std::size_t k = 0; k < text.size(); ++k) {
        const char c = text[k];
        if (quoted) {
            if (c == '"' && k + 1 < text.size() && text[k + 1] == '"') {
                field += '"';
                ++k;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\r' && k + 1 < text.size() && text[k + 1] == '\n') {
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
            ++k;
        } else {
            field += c;
        }
    }
    BOOST_TEST(row.empty(), "the last row ends with CRLF");
    return rows;
}

} // namespace

BOOST_AUTO_TEST_SUITE(data_export)

BOOST_AUTO_TEST_CASE(csv_quotes_awkward_values_and_joins_multi_valued_fields) {
    const AwkwardDb db;
    Searcher searcher(db.path);
    ExportRequest request;
    request.sort = news::searcher::SortOrder::Date;
    const auto rows = parse_csv(export_text(searcher, request));
    BOOST_TEST_REQUIRE(rows.size() == awkward_articles().size() + 1);
    const auto header = rows.front();
    // Every field is one column, but entities, which is three (one per kind).
    Strings expected;
    for (const auto field : news::searcher::export_fields()) {
        if (field == "entities") {
            expected.insert(expected.end(), {"entity.person", "entity.place", "entity.org"});
        } else {
            expected.emplace_back(field);
        }
    }
    BOOST_TEST(header == expected, boost::test_tools::per_element());
    std::map<std::string, std::map<std::string, std::string>> by_id;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        BOOST_TEST_REQUIRE(rows[r].size() == header.size());
        for (std::size_t c = 0; c < header.size(); ++c) {
            by_id[rows[r][0]][header[c]] = rows[r][c];
        }
    }
    BOOST_TEST(by_id.size() == awkward_articles().size());
    BOOST_TEST(by_id["a,1"]["title"] == "Smith, Jones \"quoted\" and more");
    BOOST_TEST(by_id["a,1"]["source"] == "Gazette, The");
    BOOST_TEST(by_id["a,1"]["authors"] == "Anne O'Neil; Zoë Ünal");
    BOOST_TEST(by_id["a,1"]["topics"] == "grain; oil");
    BOOST_TEST(by_id["a,1"]["label"] == "real");
    BOOST_TEST(by_id["a,1"]["date"] == "2024-02-01");
    BOOST_TEST(by_id["b\"2"]["source"] == "Северный вестник");
    BOOST_TEST(by_id["b\"2"]["url"] == "https://example.org/a?b=1,2");
    BOOST_TEST(by_id["b\"2"]["title"].find('\n') != std::string::npos);
    BOOST_TEST(by_id["b\"2"]["date"] == "");
    // Newest first, undated last: the date order of the result list.
    BOOST_TEST(rows[1][0] == "plain7");
    BOOST_TEST(rows[6][0] == "a,1");
    BOOST_TEST(rows[7][0] == "b\"2");
}

BOOST_AUTO_TEST_CASE(chunks_cover_every_match_once_in_rank_order) {
    const AwkwardDb db;
    Searcher searcher(db.path);
    for (const Xapian::doccount chunk : {1U, 2U, 3U, 1000U}) {
        ExportRequest request;
        request.query.text = "harbour ferry";
        request.format = ExportFormat::Jsonl;
        request.chunk = chunk;
        news::searcher::ExportSummary summary;
        const auto text = export_text(searcher, request, &summary);
        BOOST_TEST(summary.total == awkward_articles().size());
        BOOST_TEST(summary.written == summary.total);
        BOOST_TEST(!summary.output_failed);
        std::set<std::string> ids;
        std::size_t line_count = 0;
        double last_score = 1e300;
        std::size_t start = 0;
        for (auto end = text.find('\n'); end != std::string::npos;
             start = end + 1, end = text.find('\n', start)) {
            const auto row = json::parse(text.substr(start, end - start));
            ++line_count;
            BOOST_TEST(row["rank"].get<std::size_t>() == line_count);
            BOOST_TEST(row["score"].get<double>() <= last_score);
            last_score = row["score"].get<double>();
            ids.insert(row["id"].get<std::string>());
        }
        BOOST_TEST(start == text.size(), "every line ends with LF");
        BOOST_TEST(line_count == summary.total, "chunk " << chunk);
        BOOST_TEST(ids.size() == line_count, "each id once, chunk " << chunk);
    }
}

BOOST_AUTO_TEST_CASE(jsonl_keeps_lists_as_arrays_and_absent_values_as_null) {
    const AwkwardDb db;
    Searcher searcher(db.path);
    ExportRequest request;
    request.format = ExportFormat::Jsonl;
    request.query.text = "quoted";
    const auto text = export_text(searcher, request);
    const auto row = json::parse(text);
    BOOST_TEST(row["id"] == "a,1");
    BOOST_TEST(row["authors"] == json({"Anne O'Neil", "Zoë Ünal"}));
    BOOST_TEST(row["url"].is_null());
    BOOST_TEST(row["places"] == json::array());
    BOOST_TEST(row["score"].get<double>() > 0);
}

BOOST_AUTO_TEST_CASE(fields_choose_and_order_the_columns) {
    const AwkwardDb db;
    Searcher searcher(db.path);
    ExportRequest request;
    request.fields = news::searcher::parse_export_fields("title, id,date");
    request.query.text = "quoted";
    BOOST_TEST(export_text(searcher, request) ==
               "title,id,date\r\n\"Smith, Jones \"\"quoted\"\" and more\",\"a,1\",2024-02-01\r\n");
    request.format = ExportFormat::Jsonl;
    const auto keys = json::parse(export_text(searcher, request)).size();
    BOOST_TEST(keys == 3U);
}

BOOST_AUTO_TEST_CASE(unknown_repeated_or_empty_fields_are_usage_errors) {
    BOOST_CHECK_EXCEPTION(static_cast<void>(news::searcher::parse_export_fields("id,bogus")),
                          news::Error, has_kind(news::ErrorKind::Usage));
    BOOST_CHECK_EXCEPTION(static_cast<void>(news::searcher::parse_export_fields("id,id")),
                          news::Error, has_kind(news::ErrorKind::Usage));
    BOOST_CHECK_EXCEPTION(static_cast<void>(news::searcher::parse_export_fields("id,")),
                          news::Error, has_kind(news::ErrorKind::Usage));
    BOOST_CHECK_EXCEPTION(static_cast<void>(news::searcher::parse_export_format("xlsx")),
                          news::Error, has_kind(news::ErrorKind::Usage));
    try {
        static_cast<void>(news::searcher::parse_export_fields("bogus"));
    } catch (const news::Error& e) {
        for (const auto name : news::searcher::export_fields()) {
            BOOST_TEST(e.hint().find(name) != std::string::npos, name);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_failed_write_stops_the_export) {
    const AwkwardDb db;
    Searcher searcher(db.path);
    std::FILE* read_only = std::fopen("/dev/null", "r");
    BOOST_TEST_REQUIRE(read_only != nullptr);
    ExportRequest request;
    request.chunk = 2;
    const auto summary = news::searcher::export_matches(searcher, request, read_only);
    std::fclose(read_only);
    BOOST_TEST(summary.output_failed);
    BOOST_TEST(summary.written < summary.total);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(stats)

BOOST_AUTO_TEST_CASE(sample_stats_agree_with_the_corpus_and_a_search) {
    const auto& path = news::test::sample_db();
    Searcher searcher(path);
    const auto stats = news::searcher::collect_stats(searcher, path);
    std::size_t files = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(news::test::source_dir() / "corpus" / "sample")) {
        files += entry.path().extension() == ".txt" ? 1U : 0U;
    }
    BOOST_TEST(stats.articles == files);
    BOOST_TEST(stats.dated + stats.undated == stats.articles);
    // The dated count is what a date range over all time finds.
    news::searcher::SearchRequest request;
    request.query.text = "date:0001-01-01..9999-12-31";
    request.limit = 0;
    BOOST_TEST(searcher.search(request).total.lower == stats.dated);
    BOOST_TEST(stats.first_date <= stats.last_date);
    BOOST_TEST(stats.schema_version == std::to_string(news::schema::version));
    BOOST_TEST(stats.stemmer == "english");
    BOOST_TEST(stats.size_bytes > 0U);
    BOOST_TEST(stats.last_update.size() == 20U);
    BOOST_TEST(stats.facets.size() == news::schema::facet_fields().size());
    const auto json_stats = json::parse(news::searcher::render_stats_json(stats));
    BOOST_TEST(json_stats["articles"] == stats.articles);
    BOOST_TEST(json_stats["dates"]["undated"] == stats.undated);
}

BOOST_AUTO_TEST_CASE(sources_beyond_the_limit_are_counted_as_more) {
    const AwkwardDb db;
    Searcher searcher(db.path);
    const auto stats = news::searcher::collect_stats(searcher, db.path, /*source_limit=*/1);
    BOOST_TEST(stats.sources.distinct == 2U);
    BOOST_TEST(stats.sources.values.size() == 1U);
    BOOST_TEST(news::searcher::render_stats_text(stats).find("and 1 more") != std::string::npos);
    BOOST_TEST(stats.first_date == "2024-02-01");
    BOOST_TEST(stats.last_date == "2024-03-07");
    BOOST_TEST(stats.undated == 1U);
}

BOOST_AUTO_TEST_SUITE_END()
