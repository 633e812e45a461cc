/// @file
/// @brief Unit tests: reader (walking folders, files and formats; ids; limits; stopping).
#include "news/common/error.hpp"
#include "news/readers/reader.hpp"

#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using news::Article;
using news::ReadResult;
using news::Rejection;
using Strings = std::vector<std::string>;

namespace fs = std::filesystem;

// Drops root's privileges for a scope (the effective user becomes nobody), so permission checks
// apply; does nothing for another user.
class Unprivileged {
public:
    Unprivileged() : m_was_root(::geteuid() == 0) {
        if (m_was_root && ::seteuid(65534) != 0) {
            throw std::runtime_error("cannot switch to the unprivileged user");
        }
    }
    ~Unprivileged() {
        if (m_was_root) {
            static_cast<void>(::seteuid(0));
        }
    }
    Unprivileged(const Unprivileged&) = delete;
    Unprivileged& operator=(const Unprivileged&) = delete;

private:
    bool m_was_root;
};

auto has_kind(news::ErrorKind kind) {
    return [kind](const news::Error& e) { return e.kind() == kind; };
}

// Everything one read_inputs() call produced.
struct Walk {
    std::vector<Article> articles;
    std::vector<Rejection> rejections;
    Strings order; ///< ids of articles and "!path:line" of rejections, as they came
    news::WalkSummary summary;

    [[nodiscard]] Strings ids() const {
        Strings out;
        for (const auto& a : articles) {
            out.push_back(a.id);
        }
        return out;
    }
};

Walk walk(const Strings& inputs, const news::ReadOptions& options = {}) {
    Walk out;
    out.summary = news::read_inputs(inputs, options, [&](ReadResult&& result) {
        if (auto* article = std::get_if<Article>(&result)) {
            out.order.push_back(article->id);
            out.articles.push_back(std::move(*article));
        } else {
            auto& rejection = std::get<Rejection>(result);
            out.order.push_back("!" + rejection.origin.describe());
            out.rejections.push_back(std::move(rejection));
        }
    });
    return out;
}

// A folder "news" with text files in a shuffled creation order, a sub-folder, hidden entries,
// files of other kinds and a JSON Lines file.
struct NewsTree {
    news::test::TempDir dir;
    std::string root;

    NewsTree() : root(dir / "news") {
        dir.write("news/b.txt", "Second article body.\n");
        dir.write("news/sub/c.txt", "Article in a sub-folder.\n");
        dir.write("news/a.txt", "First article body.\n");
        dir.write("news/d.text", "A .text article.\n");
        dir.write("news/feed.jsonl", "{\"body\": \"line one\"}\n"
                                     "\n"
                                     "{\"id\": \"given-id\", \"body\": \"line three\"}\n");
        dir.write("news/.hidden.txt", "Hidden file.\n");
        dir.write("news/.git/x.txt", "Inside a hidden folder.\n");
        dir.write("news/README.md", "# Not an article\n\nThis folder holds articles.\n");
        dir.write("news/photo.png", "\x89PNG");
    }
};

// Packs @p names (below @p dir, as tar(1) lists them) into the gzipped tarball @p tarball.
std::string make_tarball(const news::test::TempDir& dir, const std::string& tarball,
                         const Strings& names) {
    Strings args{"tar", "-czf", dir / tarball, "-C", dir.path().string()};
    args.insert(args.end(), names.begin(), names.end());
    const auto tar = news::test::run_tool("/usr/bin/env", args);
    BOOST_TEST_REQUIRE(tar.exit_code == 0, tar.describe());
    return dir / tarball;
}

} // namespace

BOOST_AUTO_TEST_SUITE(reader)

BOOST_AUTO_TEST_CASE(walks_a_folder_in_sorted_order_with_folder_relative_ids) {
    const NewsTree tree;
    const Walk w = walk({tree.root});
    BOOST_TEST(w.order == (Strings{"news/a.txt", "news/b.txt", "news/d.text", "news/feed.jsonl:1",
                                   "given-id", "news/sub/c.txt"}),
               boost::test_tools::per_element());
    BOOST_TEST(w.rejections.empty());
    BOOST_TEST(w.summary.files == 5U);
    BOOST_TEST(!w.summary.stopped);
}

BOOST_AUTO_TEST_CASE(text_articles_carry_their_file_as_origin) {
    const NewsTree tree;
    const Walk w = walk({tree.root});
    BOOST_TEST_REQUIRE(!w.articles.empty());
    BOOST_TEST(w.articles[0].origin.path == tree.dir / "news/a.txt");
    BOOST_TEST(w.articles[0].origin.line == 0U);
    BOOST_TEST(w.articles[0].body == "First article body.");
}

BOOST_AUTO_TEST_CASE(skips_hidden_files_and_hidden_folders) {
    const NewsTree tree;
    const Walk w = walk({tree.root});
    for (const auto& a : w.articles) {
        BOOST_TEST(a.body.find("Hidden") == std::string::npos, a.id);
        BOOST_TEST(a.body.find("hidden folder") == std::string::npos, a.id);
    }
    for (const auto& path : w.summary.ignored_files) {
        BOOST_TEST(path.find("/.") == std::string::npos, path);
    }
}

BOOST_AUTO_TEST_CASE(ignores_files_of_other_kinds_and_reports_them) {
    const NewsTree tree;
    const Walk w = walk({tree.root});
    BOOST_TEST(w.summary.ignored_files ==
                   (Strings{tree.dir / "news/README.md", tree.dir / "news/photo.png"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_trailing_slash_on_the_folder_gives_the_same_ids) {
    const NewsTree tree;
    BOOST_TEST(walk({tree.root + "/"}).ids() == walk({tree.root}).ids(),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_file_named_directly_gets_its_folder_and_file_name_as_id) {
    const NewsTree tree;
    const Walk w = walk({tree.dir / "news/sub/c.txt", tree.dir / "news/a.txt"});
    BOOST_TEST(w.ids() == (Strings{"sub/c.txt", "news/a.txt"}), boost::test_tools::per_element());
    BOOST_TEST(w.summary.files == 2U);
}

BOOST_AUTO_TEST_CASE(a_file_named_directly_is_read_whatever_its_extension) {
    const NewsTree tree;
    const Walk md = walk({tree.dir / "news/README.md"});
    BOOST_TEST_REQUIRE(md.articles.size() == 1U);
    BOOST_TEST(md.articles[0].id == "news/README.md");
    BOOST_TEST(md.summary.ignored_files.empty());

    // Without a known extension, a file that opens with '{' is JSON Lines.
    const std::string feed = tree.dir.write("news/export", "  {\"body\": \"from a feed\"}\n");
    const Walk jsonl = walk({feed});
    BOOST_TEST_REQUIRE(jsonl.articles.size() == 1U);
    BOOST_TEST(jsonl.articles[0].body == "from a feed");
    BOOST_TEST(jsonl.articles[0].id == "news/export:1");
}

BOOST_AUTO_TEST_CASE(jsonl_gives_one_article_per_line_with_line_origins) {
    const NewsTree tree;
    const Walk w = walk({tree.dir / "news/feed.jsonl"});
    BOOST_TEST_REQUIRE(w.articles.size() == 2U);
    BOOST_TEST(w.articles[0].body == "line one");
    BOOST_TEST(w.articles[0].origin.line == 1U);
    BOOST_TEST(w.articles[0].id == "news/feed.jsonl:1");
    // The blank line 2 is skipped, but still counted.
    BOOST_TEST(w.articles[1].origin.line == 3U);
    BOOST_TEST(w.articles[1].id == "given-id");
    BOOST_TEST(w.rejections.empty());
}

BOOST_AUTO_TEST_CASE(jsonl_written_on_windows_with_bom_and_crlf_is_read) {
    news::test::TempDir dir;
    const std::string path =
        dir.write("in/feed.jsonl", "\xEF\xBB\xBF{\"body\": \"one\"}\r\n{\"body\": \"two\"}\r\n");
    const Walk w = walk({path});
    BOOST_TEST(w.rejections.empty());
    BOOST_TEST_REQUIRE(w.articles.size() == 2U);
    BOOST_TEST(w.articles[0].body == "one");
    BOOST_TEST(w.articles[1].body == "two");
}

BOOST_AUTO_TEST_CASE(bad_records_are_reported_and_the_walk_goes_on) {
    news::test::TempDir dir;
    dir.write("in/a.txt", "   \n");
    dir.write("in/b.jsonl", "{\"body\": \"ok\"}\n{broken\n{\"body\": \"also ok\"}\n");
    dir.write("in/c.txt", "Fine.\n");
    const Walk w = walk({dir / "in"});
    BOOST_TEST(w.order == (Strings{"!" + (dir / "in/a.txt"), "in/b.jsonl:1",
                                   "!" + (dir / "in/b.jsonl") + ":2", "in/b.jsonl:3", "in/c.txt"}),
               boost::test_tools::per_element());
    BOOST_TEST_REQUIRE(w.rejections.size() == 2U);
    BOOST_TEST(w.rejections[0].reason == "empty body");
    BOOST_TEST(w.rejections[1].reason.rfind("malformed JSON", 0) == 0U);
}

BOOST_AUTO_TEST_CASE(a_missing_input_throws_not_found_before_anything_is_read) {
    const NewsTree tree;
    bool called = false;
    BOOST_CHECK_EXCEPTION(news::read_inputs({tree.root, tree.dir / "missing"}, {},
                                            [&](ReadResult&&) { called = true; }),
                          news::Error, has_kind(news::ErrorKind::NotFound));
    BOOST_TEST(!called);
}

BOOST_AUTO_TEST_CASE(format_text_reads_every_file_of_a_folder_as_text) {
    const NewsTree tree;
    news::ReadOptions options;
    options.format = news::InputFormat::Text;
    const Walk w = walk({tree.root}, options);
    BOOST_TEST(w.summary.ignored_files.empty());
    const auto ids = w.ids();
    BOOST_TEST((std::find(ids.begin(), ids.end(), "news/README.md") != ids.end()));
    // The JSON Lines file is one text article too.
    BOOST_TEST((std::find(ids.begin(), ids.end(), "news/feed.jsonl") != ids.end()));
}

BOOST_AUTO_TEST_CASE(format_jsonl_reads_a_txt_file_as_json_lines) {
    news::test::TempDir dir;
    const std::string path = dir.write("in/x.txt", "{\"body\": \"json in a .txt\"}\n");
    news::ReadOptions options;
    options.format = news::InputFormat::Jsonl;
    const Walk w = walk({path}, options);
    BOOST_TEST_REQUIRE(w.articles.size() == 1U);
    BOOST_TEST(w.articles[0].body == "json in a .txt");
}

BOOST_AUTO_TEST_CASE(parse_input_format_knows_auto_text_and_jsonl) {
    BOOST_TEST((news::parse_input_format("auto") == news::InputFormat::Auto));
    BOOST_TEST((news::parse_input_format("text") == news::InputFormat::Text));
    BOOST_TEST((news::parse_input_format("jsonl") == news::InputFormat::Jsonl));
    for (const char* name : {"", "txt", "JSONL", "xml"}) {
        BOOST_CHECK_EXCEPTION(static_cast<void>(news::parse_input_format(name)), news::Error,
                              has_kind(news::ErrorKind::Usage));
    }
}

BOOST_AUTO_TEST_CASE(max_article_bytes_rejects_a_big_text_file_and_reads_the_rest) {
    news::test::TempDir dir;
    std::string prose;
    while (prose.size() < 101) {
        prose += "The ferry ran on time. ";
    }
    dir.write("in/big.txt", prose.substr(0, 101));
    dir.write("in/exact.txt", prose.substr(0, 100));
    news::ReadOptions options;
    options.max_article_bytes = 100;
    const Walk w = walk({dir / "in"}, options);
    BOOST_TEST_REQUIRE(w.rejections.size() == 1U);
    BOOST_TEST(w.rejections[0].origin.path == dir / "in/big.txt");
    BOOST_TEST(w.rejections[0].reason.find("larger than 100 bytes") != std::string::npos,
               w.rejections[0].reason);
    BOOST_TEST(w.ids() == (Strings{"in/exact.txt"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(max_article_bytes_rejects_a_too_long_jsonl_line_and_reads_the_next) {
    news::test::TempDir dir;
    const std::string long_line = "{\"body\": \"" + std::string(200, 'x') + "\"}";
    const std::string path =
        dir.write("in/feed.jsonl", long_line + "\n{\"body\": \"short\"}\n" + long_line);
    news::ReadOptions options;
    options.max_article_bytes = 100;
    const Walk w = walk({path}, options);
    BOOST_TEST(w.order == (Strings{"!" + path + ":1", "in/feed.jsonl:2", "!" + path + ":3"}),
               boost::test_tools::per_element());
    BOOST_TEST_REQUIRE(w.rejections.size() == 2U);
    BOOST_TEST(w.rejections[0].reason.find("longer than 100 bytes") != std::string::npos,
               w.rejections[0].reason);
    BOOST_TEST_REQUIRE(w.articles.size() == 1U);
    BOOST_TEST(w.articles[0].body == "short");
}

BOOST_AUTO_TEST_CASE(stop_requested_stops_the_walk_between_files) {
    const NewsTree tree;
    std::size_t seen = 0;
    news::ReadOptions options;
    options.stop_requested = [&] { return seen >= 2; };
    Walk w;
    w.summary = news::read_inputs({tree.root, tree.root}, options, [&](ReadResult&&) { ++seen; });
    BOOST_TEST(seen == 2U);
    BOOST_TEST(w.summary.stopped);
    BOOST_TEST(w.summary.files == 2U);
}

BOOST_AUTO_TEST_CASE(stop_requested_stops_the_walk_inside_a_jsonl_file) {
    news::test::TempDir dir;
    const std::string path = dir.write("in/feed.jsonl", "{\"body\": \"1\"}\n{\"body\": \"2\"}\n"
                                                        "{\"body\": \"3\"}\n");
    std::size_t seen = 0;
    news::ReadOptions options;
    options.stop_requested = [&] { return seen >= 1; };
    const auto summary = news::read_inputs({path}, options, [&](ReadResult&&) { ++seen; });
    BOOST_TEST(seen == 1U);
    BOOST_TEST(summary.stopped);
}

BOOST_AUTO_TEST_CASE(a_stop_requested_before_the_walk_reads_nothing) {
    const NewsTree tree;
    news::ReadOptions options;
    options.stop_requested = [] { return true; };
    bool called = false;
    const auto summary =
        news::read_inputs({tree.root}, options, [&](ReadResult&&) { called = true; });
    BOOST_TEST(!called);
    BOOST_TEST(summary.stopped);
    BOOST_TEST(summary.files == 0U);
}

BOOST_AUTO_TEST_CASE(protects_ids_of_file_names_that_are_not_utf8_from_colliding) {
    const news::test::TempDir dir;
    dir.write("names/caf\xE9.txt", "Latin-1 name of a small article.\n");
    dir.write("names/caf\xC3\xA9.txt", "UTF-8 name of a small article.\n");
    dir.write("names/caf%E9.txt", "A literal percent sign in the name.\n");
    const Walk result = walk({dir / "names"});
    BOOST_TEST(result.rejections.empty());
    BOOST_TEST(result.ids() ==
                   (Strings{"names/caf%25E9.txt", "names/caf\xC3\xA9.txt", "names/caf%E9.txt"}),
               boost::test_tools::per_element());
    BOOST_TEST(news::escape_id_bytes("a\xFF\xC3\xA9%b") == "a%FF\xC3\xA9%25b");
}

BOOST_AUTO_TEST_CASE(a_large_json_lines_file_without_extension_is_sniffed_as_json_lines) {
    const news::test::TempDir dir;
    std::string lines;
    for (int i = 0; i < 40; ++i) {
        lines +=
            R"({"id": ")" + std::to_string(i) + R"(", "body": ")" + std::string(200, 'x') + "\"}\n";
    }
    const Walk result = walk({dir.write("feed.json", lines)});
    BOOST_TEST(result.articles.size() == 40U);
}

BOOST_AUTO_TEST_CASE(protects_an_unreadable_folder_from_being_skipped_silently) {
    const news::test::TempDir dir;
    dir.write("news/a.txt", "A readable article.\n");
    dir.write("news/locked/b.txt", "An article in a folder that cannot be listed.\n");
    fs::permissions(dir.path(), fs::perms::all, fs::perm_options::add); // for the unprivileged user
    fs::permissions(dir / "news", fs::perms::all, fs::perm_options::add);
    fs::permissions(dir / "news/locked", fs::perms::none);
    Walk w;
    {
        // root reads any folder: walk as an unprivileged user, as the indexer would run.
        const Unprivileged as_nobody;
        w = walk({dir / "news"});
    }
    fs::permissions(dir / "news/locked", fs::perms::owner_all);
    BOOST_TEST(w.ids() == Strings{"news/a.txt"}, boost::test_tools::per_element());
    BOOST_TEST_REQUIRE(w.rejections.size() == 1U);
    BOOST_TEST(w.rejections[0].origin.path == dir / "news/locked");
    BOOST_TEST(w.rejections[0].reason == "cannot read: cannot list folder: Permission denied");
}

BOOST_AUTO_TEST_CASE(protects_dangling_symlinks_and_symlink_loops_from_being_skipped_silently) {
    const news::test::TempDir dir;
    dir.write("news/a.txt", "A readable article.\n");
    dir.write("elsewhere/linked.txt", "An article reached through a symlink.\n");
    fs::create_symlink(dir / "elsewhere/linked.txt", dir / "news/b.txt");
    fs::create_symlink(dir / "gone.txt", dir / "news/dangling.txt");
    fs::create_symlink(dir / "news/loop2.txt", dir / "news/loop1.txt");
    fs::create_symlink(dir / "news/loop1.txt", dir / "news/loop2.txt");
    fs::create_symlink(dir / "news", dir / "news/back");
    const Walk w = walk({dir / "news"});
    BOOST_TEST(w.ids() == (Strings{"news/a.txt", "news/b.txt"}), boost::test_tools::per_element());
    Strings reasons;
    for (const auto& rejection : w.rejections) {
        reasons.push_back(rejection.origin.path + ": " + rejection.reason);
    }
    BOOST_TEST(reasons ==
                   (Strings{dir / "news/back" + ": symlink loop: leads back to " + dir / "news" +
                                ", read once",
                            dir / "news/dangling.txt" + ": cannot read: dangling symlink (to " +
                                dir / "gone.txt" + ", which does not exist)",
                            dir / "news/loop1.txt" + ": cannot read: symlink loop (" +
                                dir / "news/loop1.txt" + " -> " + dir / "news/loop2.txt" + ")",
                            dir / "news/loop2.txt" + ": cannot read: symlink loop (" +
                                dir / "news/loop2.txt" + " -> " + dir / "news/loop1.txt" + ")"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(protects_collection_files_from_being_read_as_articles) {
    const news::test::TempDir dir;
    const std::string article = "<REUTERS NEWID=\"1\">\n<TEXT><BODY>Cocoa rose.</BODY></TEXT>\n"
                                "</REUTERS>\n";
    dir.write("reuters/reut2-000.sgm", article);
    dir.write("reuters/lewis.dtd", "<!ELEMENT REUTERS - - (DATE)>\n");
    dir.write("reuters/README.txt", "Shows a <REUTERS> tag in its notes.\n");
    dir.write("reuters/all-topics-strings.lc.txt", "acq\nalum\n");
    dir.write("reuters/cat-descriptions_120396.txt", "Some notes on the Reuters Categories\n");
    dir.write("reuters/feldman-cia-worldfactbook-data.txt", "This is a set of Prolog facts.\n");
    dir.write("reuters/my-own-notes.txt", "An article the user put beside the collection.\n");
    for (const char* category : {"business", "entertainment", "politics", "sport", "tech"}) {
        dir.write(std::string("bbc/") + category + "/001.txt", "Headline\n\nA short story.\n");
    }
    dir.write("bbc/README.TXT", "Consists of 2225 documents from the BBC news website.\n");
    dir.write("fnn/gossipcop/real/gossipcop-1/news content.json", R"({"text": "A real story."})");
    dir.write("fnn/gossipcop/real/gossipcop-1/tweets/1.json", R"({"text": "a tweet"})");
    dir.write("fnn/politifact_fake.csv", "id,news_url,title\n");

    for (const auto format : {news::InputFormat::Auto, news::InputFormat::Text}) {
        news::ReadOptions options;
        options.format = format;
        const Walk w = walk({dir / "reuters", dir / "bbc", dir / "fnn"}, options);
        BOOST_TEST(
            w.summary.collection_files ==
                (Strings{dir / "reuters/README.txt", dir / "reuters/all-topics-strings.lc.txt",
                         dir / "reuters/cat-descriptions_120396.txt",
                         dir / "reuters/feldman-cia-worldfactbook-data.txt",
                         dir / "reuters/lewis.dtd", dir / "bbc/README.TXT",
                         dir / "fnn/gossipcop/real/gossipcop-1/tweets/1.json",
                         dir / "fnn/politifact_fake.csv"}),
            boost::test_tools::per_element());
        const auto ids = w.ids();
        BOOST_TEST((std::find(ids.begin(), ids.end(), "reuters/my-own-notes.txt") != ids.end()));
        BOOST_TEST(ids.size() == 8U);
    }
}

BOOST_AUTO_TEST_CASE(protects_word_lists_and_data_files_from_being_indexed_as_articles) {
    const news::test::TempDir dir;
    std::string word_list;
    std::string prolog;
    for (int i = 0; i < 30; ++i) {
        word_list += "code-" + std::to_string(i) + "\n";
        prolog += R"(bgfact("Country)" + std::to_string(i) +
                  R"(","Capital",["City"]).)"
                  "\n";
    }
    dir.write("in/topics.txt", word_list);
    dir.write("in/facts.txt", "Prolog facts about countries, as a data dump.\n\n" + prolog);
    dir.write("in/xxxx.txt", std::string(99, 'x') + "\n");
    dir.write("in/story.txt", "Short headline\n\nOne sentence is an article.\n");
    const Walk w = walk({dir / "in"});
    BOOST_TEST(w.ids() == Strings{"in/story.txt"}, boost::test_tools::per_element());
    Strings reasons;
    for (const auto& rejection : w.rejections) {
        reasons.push_back(rejection.reason);
    }
    BOOST_TEST(reasons == (Strings{"not an article: code or data (30 of 31 lines are mostly "
                                   "symbols)",
                                   "not an article: a word list (30 of 30 lines are a single word)",
                                   "not an article: no sentence (no line of two words or more)"}),
               boost::test_tools::per_element());

    // --format text takes every file for an article.
    news::ReadOptions text;
    text.format = news::InputFormat::Text;
    BOOST_TEST(walk({dir / "in"}, text).articles.size() == 4U);
}

BOOST_AUTO_TEST_CASE(protects_how_each_kind_of_archive_entry_is_read) {
    const news::test::TempDir dir;
    for (const char* category : {"business", "entertainment", "politics", "sport", "tech"}) {
        dir.write(std::string("bbc/") + category + "/001.txt",
                  std::string("Headline\n\nA short story about ") + category + ".\n");
    }
    dir.write("bbc/top.txt", "Top headline\n\nA story in the top folder.\n");
    dir.write("bbc/README.TXT", "Consists of 2225 documents from the BBC news website.\n");
    dir.write("bbc/sport/.hidden.txt", "Hidden file.\n");
    dir.write("bbc/.git/x.txt", "Inside a hidden folder.\n");
    dir.write("bbc/tech/photo.png", "\x89PNG");
    dir.write("bbc/tech/inner.tar.gz", "not unpacked inside an archive");
    dir.write("bbc/tech/big.txt", "Big headline\n\n" + std::string(2000, 'a') + " b.\n");
    std::string word_list;
    for (int i = 0; i < 30; ++i) {
        word_list += "code-" + std::to_string(i) + "\n";
    }
    dir.write("bbc/tech/words.txt", word_list);
    dir.write("bbc/tech/feed.jsonl", "{\"id\": \"j1\", \"body\": \"A JSON Lines story.\"}\n");
    fs::create_symlink("001.txt", dir.path() / "bbc/sport/link.txt");
    const std::string tarball = make_tarball(dir, "bbc.tar.gz", {"bbc"});

    news::ReadOptions options;
    options.category_from_folder = true;
    options.max_article_bytes = 1000;
    const Walk w = walk({tarball}, options);

    Strings ids;
    for (const auto& article : w.articles) {
        const std::string category = article.categories.empty() ? "" : article.categories.front();
        ids.push_back(article.id + " " + category + " " + article.origin.path);
    }
    std::sort(ids.begin(), ids.end());
    const std::string in = tarball + "/bbc/";
    BOOST_TEST(
        ids == (Strings{"bbc/business/001.txt business " + in + "business/001.txt",
                        "bbc/entertainment/001.txt entertainment " + in + "entertainment/001.txt",
                        "bbc/politics/001.txt politics " + in + "politics/001.txt",
                        "bbc/sport/001.txt sport " + in + "sport/001.txt",
                        "bbc/tech/001.txt tech " + in + "tech/001.txt",
                        "bbc/top.txt bbc " + in + "top.txt", "j1 tech " + in + "tech/feed.jsonl"}),
        boost::test_tools::per_element());
    Strings rejections;
    for (const auto& rejection : w.rejections) {
        rejections.push_back(rejection.origin.describe() + ": " + rejection.reason);
    }
    std::sort(rejections.begin(), rejections.end());
    BOOST_TEST(rejections ==
                   (Strings{in + "sport/link.txt: not a regular file (a symlink to 001.txt inside "
                                 "the archive)",
                            in + "tech/big.txt: entry larger than 1000 bytes (see "
                                 "--max-article-size)",
                            in + "tech/words.txt: not an article: a word list (30 of 30 lines are "
                                 "a single word)"}),
               boost::test_tools::per_element());
    BOOST_TEST(w.summary.collection_files == Strings{in + "README.TXT"},
               boost::test_tools::per_element());
    Strings ignored = w.summary.ignored_files;
    std::sort(ignored.begin(), ignored.end());
    BOOST_TEST(ignored == (Strings{in + "tech/inner.tar.gz", in + "tech/photo.png"}),
               boost::test_tools::per_element());
    // The tarball and the nine entries read (the one too large among them).
    BOOST_TEST(w.summary.files == 10U);
    BOOST_TEST(!w.summary.stopped);

    // --format text reads every entry as an article, without the check.
    options.format = news::InputFormat::Text;
    const Walk text = walk({tarball}, options);
    const Strings text_ids = text.ids();
    BOOST_TEST(
        (std::find(text_ids.begin(), text_ids.end(), "bbc/tech/words.txt") != text_ids.end()));
    BOOST_TEST(
        (std::find(text_ids.begin(), text_ids.end(), "bbc/tech/photo.png") != text_ids.end()));
    BOOST_TEST(text.rejections.size() == 2U);
    BOOST_TEST(text.summary.collection_files == Strings{in + "README.TXT"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(protects_how_a_lone_compressed_file_is_read) {
    const news::test::TempDir dir;
    dir.write("feed.jsonl", "{\"body\": \"A story without an id.\"}\n");
    const auto gzip = news::test::run_tool("/usr/bin/env", {"gzip", dir / "feed.jsonl"});
    BOOST_TEST_REQUIRE(gzip.exit_code == 0, gzip.describe());
    const std::string plain = dir.write("plain.jsonl.gz", "{\"body\": \"Not compressed.\"}\n");

    const Walk w = walk({dir / "feed.jsonl.gz", plain});
    BOOST_TEST(w.ids() == Strings{"feed.jsonl:1"}, boost::test_tools::per_element());
    BOOST_TEST_REQUIRE(w.articles.size() == 1U);
    BOOST_TEST(w.articles[0].origin.describe() == (dir / "feed.jsonl") + ":1");
    BOOST_TEST_REQUIRE(w.rejections.size() == 1U);
    BOOST_TEST(w.rejections[0].origin.describe() == plain);
    BOOST_TEST(w.rejections[0].reason == "not a compressed file or archive, despite its name");
    BOOST_TEST(w.summary.files == 3U);
}

BOOST_AUTO_TEST_CASE(stop_requested_stops_the_walk_between_archive_entries) {
    const news::test::TempDir dir;
    dir.write("a.txt", "First headline\n\nThe first story.\n");
    dir.write("b.txt", "Second headline\n\nThe second story.\n");
    const std::string tarball = make_tarball(dir, "two.tar.gz", {"a.txt", "b.txt"});
    std::size_t delivered = 0;
    news::ReadOptions options;
    options.stop_requested = [&] { return delivered > 0; };
    const auto summary = news::read_inputs({tarball}, options, [&](ReadResult&&) { ++delivered; });
    BOOST_TEST(summary.stopped);
    BOOST_TEST(delivered == 1U);
}

BOOST_AUTO_TEST_SUITE_END()
