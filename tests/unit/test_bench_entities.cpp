/// @file
/// @brief Unit tests: bench_entities (folding entity names, matching predicted values to
/// annotated entities, typed micro scores, reading labels and judgements, and the command on
/// stand-in tools: the scores it reports and its error when the database has no entity facets).
#include "news/common/error.hpp"

#include "entities/entities_command.hpp"
#include "entities/scoring.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace be = news::bench::entities;

bool near(double a, double b) {
    return std::abs(a - b) < 1e-9;
}

std::vector<be::LabelledArticle> labels(const std::string& rows) {
    std::istringstream in("corpus\tid\ttype\tname\tvariants\n" + rows);
    return be::read_labels(in, "labels.tsv");
}

/// The news::Error kind @p run throws, or nothing.
template <typename Run> std::optional<news::ErrorKind> error_kind(Run&& run) {
    try {
        run();
    } catch (const news::Error& error) {
        return error.kind();
    }
    return std::nullopt;
}

/// Runs news-bench entities with @p args, stdout captured in @p out.
int run_command(const std::vector<std::string>& args, const news::test::TempDir& dir,
                std::string& out) {
    std::vector<const char*> argv{"entities"};
    for (const auto& arg : args) {
        argv.push_back(arg.c_str());
    }
    const std::string path = dir / "stdout.txt";
    std::fflush(stdout);
    const int saved = dup(STDOUT_FILENO);
    const int file = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(file, STDOUT_FILENO);
    close(file);
    const int code = news::bench::run_entities_command(static_cast<int>(argv.size()), argv.data());
    std::fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    std::ifstream in(path);
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return code;
}

/// A stand-in news-search: --stats prints @p stats, --export prints @p export_lines.
std::string fake_search(const news::test::TempDir& dir, const std::string& stats,
                        const std::string& export_lines) {
    dir.write("stats.json", stats);
    dir.write("export.jsonl", export_lines);
    const std::string script =
        dir.write("news-search",
                  "#!/bin/sh\ncase \"$*\" in\n  *--stats*) cat '" + (dir / "stats.json") +
                      "' ;;\n  *--export*) cat '" + (dir / "export.jsonl") +
                      "' ;;\n  *) echo 'news-search: error: empty query' >&2; exit 64 ;;\nesac\n");
    std::filesystem::permissions(script, std::filesystem::perms::owner_all);
    return script;
}

std::string fake_index(const news::test::TempDir& dir) {
    const std::string script = dir.write("news-index", "#!/bin/sh\nexit 0\n");
    std::filesystem::permissions(script, std::filesystem::perms::owner_all);
    return script;
}

} // namespace

BOOST_AUTO_TEST_SUITE(bench_entities)

BOOST_AUTO_TEST_CASE(folding_ignores_case_accents_periods_possessives_and_a_leading_the) {
    struct Row {
        const char* a;
        const char* b;
        bool same;
    };
    const std::vector<Row> rows{
        {"U.S.", "US", true},
        {"the United States", "United States", true},
        {"The White House", "white house", true},
        {"Trump's", "Trump", true},
        {"Trump’s", "Trump", true},
        {"O’Reilly", "O'Reilly", true},
        {"Beyoncé", "BEYONCE", true},
        {"Jean-Claude Juncker", "Jean Claude Juncker", true},
        {"  Tony   Blair ", "Tony Blair", true},
        {"Moody's Investors Service", "Moodys Investors Service", true},
        {"Trump", "Melania Trump", false},
        {"Theresa", "Theresa May", false},
        {"Other", "The Other", true},
        {"Thessaloniki", "ssaloniki", false},
    };
    for (const auto& row : rows) {
        BOOST_TEST_CONTEXT(row.a << " vs " << row.b) {
            BOOST_TEST((be::fold_name(row.a) == be::fold_name(row.b)) == row.same);
        }
    }
    BOOST_TEST(be::fold_name("U.S.") == "us");
    BOOST_TEST(be::fold_name("The Sunday Times'") == "sunday times");
}

BOOST_AUTO_TEST_CASE(matching_takes_only_exact_variants_typed_and_once_each) {
    const auto articles = labels("bbc\ta\tperson\tDonald Trump\tTrump|President Trump\n"
                                 "bbc\ta\tperson\tMelania Trump\tMelania\n"
                                 "bbc\ta\tplace\tUnited States\tU.S.|US|America\n"
                                 "bbc\ta\torg\tWhite House\t\n"
                                 "bbc\ta\torg\tCNN\t\n");
    BOOST_REQUIRE(articles.size() == 1U);
    struct Row {
        const char* what;
        be::Predicted predicted;
        std::size_t person_tp, person_fp, person_fn;
        std::size_t place_tp, place_fp, place_fn;
        std::size_t org_tp, org_fp, org_fn;
    };
    const std::vector<Row> rows{
        {"everything, by canonical names",
         {{"person", {"Donald Trump", "Melania Trump"}},
          {"place", {"United States"}},
          {"org", {"White House", "CNN"}}},
         2,
         0,
         0,
         1,
         0,
         0,
         2,
         0,
         0},
        {"variants and folding",
         {{"person", {"trump", "Melania"}}, {"place", {"the U.S."}}, {"org", {"The White House"}}},
         2,
         0,
         0,
         1,
         0,
         0,
         1,
         0,
         1},
        {"a surname matches the entity listing it, not another with that surname",
         {{"person", {"Trump"}}},
         1,
         0,
         1,
         0,
         0,
         1,
         0,
         0,
         2},
        {"a partial name is no match",
         {{"person", {"Melania T"}}, {"place", {"States"}}},
         0,
         1,
         2,
         0,
         1,
         1,
         0,
         0,
         2},
        {"an entity is matched once: a second variant of it is a false positive",
         {{"place", {"US", "America"}}},
         0,
         0,
         2,
         1,
         1,
         0,
         0,
         0,
         2},
        {"the wrong type is a false positive of the predicted type",
         {{"org", {"United States"}}, {"place", {"White House"}}},
         0,
         0,
         2,
         0,
         1,
         1,
         0,
         1,
         2},
        {"unknown types are ignored", {{"misc", {"CNN"}}}, 0, 0, 2, 0, 0, 1, 0, 0, 2},
        {"nothing predicted", {}, 0, 0, 2, 0, 0, 1, 0, 0, 2},
    };
    for (const auto& row : rows) {
        BOOST_TEST_CONTEXT(row.what) {
            const auto counts = be::score_article(articles[0].entities, row.predicted);
            BOOST_TEST(counts.at("person").tp == row.person_tp);
            BOOST_TEST(counts.at("person").fp == row.person_fp);
            BOOST_TEST(counts.at("person").fn == row.person_fn);
            BOOST_TEST(counts.at("place").tp == row.place_tp);
            BOOST_TEST(counts.at("place").fp == row.place_fp);
            BOOST_TEST(counts.at("place").fn == row.place_fn);
            BOOST_TEST(counts.at("org").tp == row.org_tp);
            BOOST_TEST(counts.at("org").fp == row.org_fp);
            BOOST_TEST(counts.at("org").fn == row.org_fn);
            BOOST_TEST(counts.at("all").tp == row.person_tp + row.place_tp + row.org_tp);
            BOOST_TEST(counts.at("all").fp == row.person_fp + row.place_fp + row.org_fp);
            BOOST_TEST(counts.at("all").fn == row.person_fn + row.place_fn + row.org_fn);
        }
    }
}

BOOST_AUTO_TEST_CASE(micro_scores_add_counts_over_articles) {
    const auto articles = labels("bbc\ta\tperson\tTony Blair\tBlair\n"
                                 "bbc\ta\tplace\tLondon\t\n"
                                 "reuters\tb\tperson\tRonald Reagan\tReagan\n"
                                 "reuters\tb\tperson\tYasuhiro Nakasone\tNakasone\n"
                                 "reuters\tc\tnone\t\t\n");
    BOOST_REQUIRE(articles.size() == 3U);
    BOOST_TEST(articles[2].entities.empty());
    be::TypedCounts total;
    be::add_counts(
        total, be::score_article(articles[0].entities, {{"person", {"Blair", "Gordon Brown"}}}));
    be::add_counts(total, be::score_article(articles[1].entities, {{"person", {"Reagan"}}}));
    be::add_counts(total, be::score_article(articles[2].entities, {{"place", {"Monday"}}}));
    // person: tp 2 (Blair, Reagan), fp 1 (Brown), fn 1 (Nakasone); place: fp 1, fn 1 (London).
    const auto& person = total.at("person");
    BOOST_TEST(person.tp == 2U);
    BOOST_TEST(person.fp == 1U);
    BOOST_TEST(person.fn == 1U);
    BOOST_TEST(near(person.precision(), 2.0 / 3));
    BOOST_TEST(near(person.recall(), 2.0 / 3));
    BOOST_TEST(near(person.f1(), 2.0 / 3));
    const auto& all = total.at("all");
    BOOST_TEST(all.tp == 2U);
    BOOST_TEST(all.fp == 2U);
    BOOST_TEST(all.fn == 2U);
    BOOST_TEST(near(all.f1(), 0.5));
    BOOST_TEST(near(be::Counts{}.precision(), 0.0));
    BOOST_TEST(near(be::Counts{}.f1(), 0.0));
}

BOOST_AUTO_TEST_CASE(bad_label_files_are_rejected_with_their_line) {
    const std::vector<std::pair<const char*, std::string>> rows{
        {"wrong field count", "bbc\ta\tperson\tTony Blair\n"},
        {"unknown type", "bbc\ta\tmisc\tOscars\t\n"},
        {"none with a name", "bbc\ta\tnone\tX\t\n"},
        {"empty once folded", "bbc\ta\tplace\t...\t\n"},
        {"a form shared by two entities of one type",
         "bbc\ta\tperson\tLiam Payne\tLiam\nbbc\ta\tperson\tLiam Gallagher\tLiam\n"},
        {"an article's rows apart", "bbc\ta\tplace\tLondon\t\nbbc\tb\tplace\tParis\t\n"
                                    "bbc\ta\tplace\tRome\t\n"},
    };
    for (const auto& [what, text] : rows) {
        BOOST_TEST_CONTEXT(what) {
            BOOST_TEST((error_kind([&] { (void)labels(text); }) == news::ErrorKind::BadData));
        }
    }
    std::istringstream no_header("bbc\ta\tplace\tLondon\t\n");
    BOOST_TEST(
        (error_kind([&] { (void)be::read_labels(no_header, "x"); }) == news::ErrorKind::BadData));
    // One form may name entities of two types (the Kuwait government and the country).
    BOOST_TEST(labels("bbc\ta\tplace\tKuwait\t\nbbc\ta\torg\tKuwait\t\n")[0].entities.size() == 2U);
}

BOOST_AUTO_TEST_CASE(judgements_judge_folded_values_and_list_the_unjudged) {
    std::istringstream in("corpus\ttype\tvalue\tverdict\tnote\n"
                          "reuters\tplace\tU.S.\tok\tthe country\n"
                          "reuters\tperson\tMonday\tjunk\ta weekday\n");
    const auto judgements = be::Judgements::read(in, "judgements.tsv");
    const auto judged =
        be::judge_values(judgements, "reuters", "place", {"US", "the U.S.", "Tokyo"});
    BOOST_TEST(judged.ok == 2U);
    BOOST_TEST(judged.junk == 0U);
    BOOST_TEST(judged.unjudged == std::vector<std::string>{"Tokyo"});
    BOOST_TEST(near(judged.precision(), 1.0));
    const auto people = be::judge_values(judgements, "reuters", "person", {"monday", "Reagan"});
    BOOST_TEST(people.junk == 1U);
    BOOST_TEST(near(people.precision(), 0.0));
    // Judged for another corpus or type: unjudged here.
    BOOST_TEST(be::judge_values(judgements, "bbc", "place", {"US"}).unjudged.size() == 1U);
    BOOST_TEST(be::judge_values(judgements, "reuters", "org", {"US"}).unjudged.size() == 1U);
    std::istringstream twice("corpus\ttype\tvalue\tverdict\tnote\n"
                             "bbc\tplace\tUS\tok\t\nbbc\tplace\tU.S.\tjunk\t\n");
    BOOST_TEST(
        (error_kind([&] { (void)be::Judgements::read(twice, "x"); }) == news::ErrorKind::BadData));
    std::istringstream verdict("corpus\ttype\tvalue\tverdict\tnote\nbbc\tplace\tUS\tmaybe\t\n");
    BOOST_TEST((error_kind([&] { (void)be::Judgements::read(verdict, "x"); }) ==
                news::ErrorKind::BadData));
}

BOOST_AUTO_TEST_CASE(the_command_scores_what_news_search_exports) {
    const news::test::TempDir dir;
    dir.write("corpora/reuters21578/reuters21578.tar.gz", "stand-in");
    const std::string labels_file =
        dir.write("labels.tsv", "corpus\tid\ttype\tname\tvariants\n"
                                "reuters\treuters:1\tperson\tRonald Reagan\tReagan\n"
                                "reuters\treuters:1\tplace\tJapan\t\n"
                                "reuters\treuters:2\torg\tMoody's Investors Service\tMoody's\n");
    const std::string judgements_file =
        dir.write("judgements.tsv", "corpus\ttype\tvalue\tverdict\tnote\n"
                                    "reuters\tperson\tReagan\tok\t\n"
                                    "reuters\tplace\tMonday\tjunk\tweekday\n");
    const std::string stats =
        R"({"facets":{"source":{"distinct":1,"top":[]},)"
        R"("entity.person":{"distinct":1,"top":[{"value":"Reagan","count":9}]},)"
        R"("entity.place":{"distinct":2,"top":[{"value":"Japan","count":5},{"value":"Monday","count":2}]},)"
        R"("entity.org":{"distinct":0,"top":[]}}})";
    const std::string exported =
        R"({"id":"reuters:1","entities":{"person":["Reagan"],"place":["Japan","Monday"],"org":[]}})"
        "\n"
        R"({"id":"reuters:3","entities":{"person":["Nobody"],"place":[],"org":[]}})"
        "\n"
        R"({"id":"reuters:2","entities":{"person":[],"place":[],"org":["Moody's"]}})"
        "\n";
    std::string out;
    const int code =
        run_command({"--labels", labels_file, "--judgements", judgements_file, "--corpora",
                     dir / "corpora", "--news-index", fake_index(dir), "--news-search",
                     fake_search(dir, stats, exported), "--work", dir / "work", "--json"},
                    dir, out);
    BOOST_REQUIRE(code == 0);
    const auto report = nlohmann::json::parse(out);
    BOOST_TEST(report["articles"].get<int>() == 2);
    BOOST_TEST(report["scores"]["all"]["tp"].get<int>() == 3);
    BOOST_TEST(report["scores"]["place"]["fp"].get<int>() == 1);
    BOOST_TEST(report["scores"]["all"]["fn"].get<int>() == 0);
    BOOST_TEST(near(report["scores"]["all"]["precision"].get<double>(), 0.75));
    const auto& facets = report["corpora"][0]["facets"];
    BOOST_TEST(facets["person"]["ok"].get<int>() == 1);
    BOOST_TEST(facets["place"]["junk"].get<int>() == 1);
    BOOST_TEST(facets["place"]["unjudged"] == nlohmann::json::array({"Japan"}));
    BOOST_TEST(near(facets["place"]["precision"].get<double>(), 0.0));

    // Text mode: Markdown tables, and the unjudged value with where to add it.
    BOOST_REQUIRE(
        run_command({"--labels", labels_file, "--judgements", judgements_file, "--corpora",
                     dir / "corpora", "--news-index", fake_index(dir), "--news-search",
                     fake_search(dir, stats, exported), "--work", dir / "work"},
                    dir, out) == 0);
    BOOST_TEST(out.find("| reuters | 2 | all | 3 | 4 | 3 | 1 | 0.750 | 1.000 | 0.857 |") !=
               std::string::npos);
    BOOST_TEST(out.find("reuters\tplace\tJapan") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_command_fails_clearly_without_entity_facets) {
    const news::test::TempDir dir;
    dir.write("corpora/reuters21578/reuters21578.tar.gz", "stand-in");
    const std::string labels_file = dir.write(
        "labels.tsv", "corpus\tid\ttype\tname\tvariants\nreuters\treuters:1\tplace\tJapan\t\n");
    const std::string judgements_file =
        dir.write("judgements.tsv", "corpus\ttype\tvalue\tverdict\tnote\n");
    const std::string index = fake_index(dir);
    const std::vector<std::pair<const char*, std::string>> stats_rows{
        {"today's database: no entity facets", R"({"facets":{"source":{"top":[]}}})"},
        {"entity facets, all empty",
         R"({"facets":{"entity.person":{"top":[]},"entity.place":{"top":[]},"entity.org":{"top":[]}}})"},
    };
    for (const auto& [what, stats] : stats_rows) {
        BOOST_TEST_CONTEXT(what) {
            std::string out;
            const int code = run_command(
                {"--labels", labels_file, "--judgements", judgements_file, "--corpora",
                 dir / "corpora", "--news-index", index, "--news-search",
                 fake_search(dir, stats, R"({"id":"reuters:1"})"), "--work", dir / "work"},
                dir, out);
            BOOST_TEST(code == 65);
        }
    }
}

BOOST_AUTO_TEST_CASE(the_shipped_labels_and_judgements_read) {
    const auto dir = news::test::source_dir() / "bench/entities/labels";
    std::ifstream in(dir / "entities.tsv");
    const auto articles = be::read_labels(in, "entities.tsv");
    BOOST_TEST(articles.size() >= 66U);
    std::ifstream judgements(dir / "facet-judgements.tsv");
    BOOST_TEST(!error_kind([&] { (void)be::Judgements::read(judgements, "j"); }).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
