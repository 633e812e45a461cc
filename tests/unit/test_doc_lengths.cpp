/// @file
/// @brief Unit tests: the document lengths side file holds Xapian's lengths, is never used
/// when it may be wrong, and ranking from it gives exactly the weights of Xapian's IneB2.
#include "news/common/doc_lengths.hpp"
#include "news/indexer/index_writer.hpp"
#include "news/searcher/search.hpp"

#include "ineb2_source.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace lengths = news::doc_lengths;

// 300 articles of 4 to 400 words drawn (seeded) from a small vocabulary, so that words repeat
// within and across articles and lengths vary a hundredfold; three outlets, dated; one deleted.
struct LengthsDb {
    news::test::TempDir dir;
    std::string path = dir / "db";

    LengthsDb() {
        const std::vector<std::string> vocabulary{
            "missile", "troops",  "border",   "talks",    "ceasefire", "minister", "oil",
            "prices",  "market",  "election", "vote",     "court",     "ruling",   "storm",
            "flood",   "rescue",  "bank",     "rates",    "inflation", "strike",   "union",
            "port",    "grain",   "export",   "sanction", "drone",     "attack",   "village",
            "summit",  "leaders", "climate",  "emission", "factory",   "workers",  "protest",
            "police",  "capital", "report",   "official", "spokesman"};
        std::mt19937 random(20241121);
        const auto below = [&](std::size_t n) {
            return static_cast<std::size_t>(random() % static_cast<std::uint32_t>(n));
        };
        news::indexer::WriterOptions options;
        options.path = path;
        news::indexer::IndexWriter writer(options);
        for (unsigned k = 0; k < 300; ++k) {
            news::Article a;
            a.id = "a" + std::to_string(k);
            for (std::size_t w = 0, n = 2 + below(5); w < n; ++w) {
                a.title += (w > 0 ? " " : "") + vocabulary[below(vocabulary.size())];
            }
            const std::size_t words = k % 10U == 0 ? 200 + below(200) : 4 + below(60);
            for (std::size_t w = 0; w < words; ++w) {
                // Skewed: the first words of the list are much more frequent.
                const std::size_t pick =
                    below(vocabulary.size()) * below(vocabulary.size()) / vocabulary.size();
                a.body += vocabulary[pick] + (w % 12 == 11 ? ". " : " ");
            }
            a.source = std::vector<std::string>{"Reuters", "AP", "BBC"}[k % 3U];
            a.date = news::Date{2024, 1 + k % 12U, 1 + k % 28U};
            writer.add(a);
        }
        writer.commit();
        BOOST_TEST_REQUIRE(writer.remove("a7"));
        writer.close();
    }
};

std::string lengths_file(const std::string& path) {
    return (fs::path(path) / lengths::file_name(Xapian::Database(path).get_revision())).string();
}

struct Ranked {
    std::vector<std::pair<std::string, double>> hits;
    std::uint64_t total = 0;
};

Ranked search(news::searcher::Searcher& searcher, const std::string& text,
              news::searcher::SortOrder sort = news::searcher::SortOrder::Relevance,
              std::vector<std::pair<std::string, std::string>> filters = {}) {
    news::searcher::SearchRequest request;
    request.query.text = text;
    request.query.filters = std::move(filters);
    request.limit = 20;
    request.sort = sort;
    request.snippets = false;
    const auto result = searcher.search(request);
    Ranked out;
    for (const auto& hit : result.hits) {
        out.hits.emplace_back(hit.id, hit.score);
    }
    out.total = result.total.estimate;
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(doc_lengths)

BOOST_AUTO_TEST_CASE(each_length_is_xapians) {
    const LengthsDb fixture;
    BOOST_TEST(lengths::write(fixture.path) > 0);
    const Xapian::Database db(fixture.path);
    std::string why_not;
    const auto read = lengths::Lengths::open(fixture.path, db, why_not);
    BOOST_TEST_REQUIRE(read != nullptr, why_not);
    std::size_t checked = 0;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it, ++checked) {
        BOOST_TEST((*read)[*it] == db.get_doclength(*it), *it);
        BOOST_TEST((*read)[*it] > 0U);
    }
    BOOST_TEST(checked == 299U);
    BOOST_TEST((*read)[8] == 0U); // deleted ("a7")
    BOOST_TEST((*read)[0] == 0U);
    BOOST_TEST((*read)[301] == 0U); // past the last document
    BOOST_TEST((*read)[4000000000U] == 0U);
}

BOOST_AUTO_TEST_CASE(a_changed_length_another_revision_or_a_cut_file_is_not_used) {
    const LengthsDb fixture;
    (void)lengths::write(fixture.path);
    const std::string file = lengths_file(fixture.path);
    std::string bytes;
    {
        std::ifstream in(file, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    // Document 1's length is the first 32 bits after the 72-byte header and document 0's.
    constexpr std::size_t first_length = 72 + 4;
    bytes[first_length] = static_cast<char>(bytes[first_length] ^ 1);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
    std::string why_not;
    BOOST_TEST(lengths::Lengths::open(fixture.path, Xapian::Database(fixture.path), why_not) ==
               nullptr);
    BOOST_TEST(why_not.find("checksum") != std::string::npos, why_not);

    (void)lengths::write(fixture.path);
    {
        Xapian::WritableDatabase db(fixture.path);
        db.add_document(Xapian::Document());
        db.commit();
    }
    BOOST_TEST(lengths::Lengths::open(fixture.path, Xapian::Database(fixture.path), why_not) ==
               nullptr);
    BOOST_TEST(why_not.find("describe revision") != std::string::npos, why_not);

    (void)lengths::write(fixture.path);
    const std::string current = lengths_file(fixture.path);
    fs::resize_file(current, fs::file_size(current) - 16);
    BOOST_TEST(lengths::Lengths::open(fixture.path, Xapian::Database(fixture.path), why_not) ==
               nullptr);
    BOOST_TEST(why_not.find("is damaged") != std::string::npos, why_not);
}

BOOST_AUTO_TEST_CASE(ranking_from_the_file_gives_xapians_weights_exactly) {
    const LengthsDb fixture;
    (void)lengths::write(fixture.path);
    using news::searcher::SortOrder;
    struct Case {
        std::string text;
        SortOrder sort = SortOrder::Relevance;
        std::vector<std::pair<std::string, std::string>> filters;
    };
    const std::vector<Case> cases{
        {"missile", SortOrder::Relevance, {}},
        {"spokesman", SortOrder::Relevance, {}},
        {"troops border", SortOrder::Relevance, {}},
        {"oil OR grain OR drone", SortOrder::Relevance, {}},
        {"troops NOT talks", SortOrder::Relevance, {}},
        {"title:summit", SortOrder::Relevance, {}},
        {"summit leaders climate emission", SortOrder::Relevance, {}},
        {"\"oil prices\"", SortOrder::Relevance, {}},
        {"\"oil prices\" OR flood", SortOrder::Relevance, {}},
        {"inflat*", SortOrder::Relevance, {}},
        {"bank rates", SortOrder::Date, {}},
        {"troops", SortOrder::Relevance, {{"source", "AP"}}},
        {"(troops OR police) AND (protest OR strike)", SortOrder::Relevance, {}},
        {"missile NEAR/3 attack", SortOrder::Relevance, {}},
    };
    Ranked fast;
    Ranked xapian;
    std::size_t with_hits = 0;
    for (const auto& c : cases) {
        {
            news::searcher::Searcher searcher(fixture.path);
            BOOST_TEST_REQUIRE(searcher.doc_lengths() != nullptr);
            fast = search(searcher, c.text, c.sort, c.filters);
        }
        const std::string file = lengths_file(fixture.path);
        fs::rename(file, file + ".away");
        {
            news::searcher::Searcher searcher(fixture.path);
            BOOST_TEST_REQUIRE(searcher.doc_lengths() == nullptr);
            xapian = search(searcher, c.text, c.sort, c.filters);
        }
        fs::rename(file + ".away", file);
        BOOST_TEST(fast.total == xapian.total, c.text);
        BOOST_TEST_REQUIRE(fast.hits.size() == xapian.hits.size(), c.text);
        for (std::size_t k = 0; k < fast.hits.size(); ++k) {
            BOOST_TEST(fast.hits[k].first == xapian.hits[k].first, c.text << " #" << k);
            // The same arithmetic in the same order: equal to the last bit.
            BOOST_TEST(fast.hits[k].second == xapian.hits[k].second, c.text << " #" << k);
        }
        with_hits += fast.hits.empty() ? 0U : 1U;
    }
    BOOST_TEST(with_hits == cases.size());
}

BOOST_AUTO_TEST_CASE(wildcards_weigh_as_xapians_synonyms_exactly) {
    const LengthsDb fixture;
    (void)lengths::write(fixture.path);
    const Xapian::Database db(fixture.path);
    std::string why_not;
    const std::shared_ptr<const lengths::Lengths> read =
        lengths::Lengths::open(fixture.path, db, why_not);
    BOOST_TEST_REQUIRE(read != nullptr, why_not);
    std::size_t compared = 0;
    // The parser's limit, limits that keep only the most frequent of a letter's words (ties among
    // them included: Xapian's partial sort must be followed exactly), and 0 (with "most
    // frequent", Xapian 1.4 then keeps none).
    for (const Xapian::termcount limit : {0U, 1000U, 3U, 2U, 1U}) {
        Xapian::QueryParser parser;
        parser.set_database(db);
        parser.set_max_expansion(limit, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        for (const std::string text : {"s*", "p*", "c*", "m*", "r*", "missile*", "x*", "s* oil",
                                       "c* OR p*", "oil -r*", "storm AND (s* OR m*)"}) {
            const Xapian::Query query = parser.parse_query(
                text, Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_BOOLEAN |
                          Xapian::QueryParser::FLAG_LOVEHATE);
            const auto run = [&](const Xapian::Query& q) {
                Xapian::Enquire enquire(db);
                enquire.set_query(q);
                enquire.set_weighting_scheme(Xapian::IneB2Weight(1.0));
                return enquire.get_mset(0, 50);
            };
            const Xapian::MSet xapian = run(query);
            const Xapian::MSet fast =
                run(news::searcher::with_ineb2_sources(query, 1.0, read, limit));
            const std::string what = text + " (limit " + std::to_string(limit) + ")";
            BOOST_TEST(fast.get_matches_estimated() == xapian.get_matches_estimated(), what);
            BOOST_TEST(fast.get_matches_lower_bound() == xapian.get_matches_lower_bound(), what);
            BOOST_TEST(fast.get_matches_upper_bound() == xapian.get_matches_upper_bound(), what);
            BOOST_TEST_REQUIRE(fast.size() == xapian.size(), what);
            for (Xapian::doccount k = 0; k < fast.size(); ++k) {
                BOOST_TEST(*fast[k] == *xapian[k], what << " #" << k);
                // The same statistics and arithmetic: equal to the last bit.
                BOOST_TEST(fast[k].get_weight() == xapian[k].get_weight(), what << " #" << k);
            }
            compared += xapian.empty() ? 0U : 1U;
        }
    }
    // x* matches nothing; under the limit 0 only the queries with a word match.
    BOOST_TEST(compared == 42U);
}

BOOST_AUTO_TEST_SUITE_END()
