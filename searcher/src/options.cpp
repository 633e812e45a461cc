/// @file
/// @brief news-search's command line: flags, help and validation into a SearchConfig.
#include "news/searcher/options.hpp"

#include "news/common/cli.hpp"
#include "news/common/date.hpp"
#include "news/common/error.hpp"

#include "histogram_options.hpp"
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>

namespace news::searcher {
namespace {

constexpr std::string_view examples = R"(  news-search --db news.db 'ATACMS range'
  NEWS_DB=news.db news-search 'ATACMS range'    (NEWS_DB: the database when --db is not given)
  news-search --db news.db 'presidnet trump'    (suggests: Did you mean 'president trump'?)
  news-search --db news.db --like sample/003_64758854870b4056.txt --explain   (similar articles)
  news-search --db news.db 'oil prices' --recency 30d   (fresher articles rank higher)
  news-search --db news.db '"royal wedding"' --significant 10   (the words that set them apart)
  news-search --db news.db missile --filter source=cnn   (warns when no article has that value)
  news-search --db news.db '"North Korean troops"' --facet source --facet date.month
  news-search --db news.db 'missile title:biden -trump' --filter source=reuters --since 2024-11-01 --json
  news-search --db news.db 'ukraine NEAR/5 missiles' --sort date --limit 20
  news-search --db news.db 'taylor swift' -n 0      (the exact number of matching articles)
  news-search --db news.db 'oil prices' --export csv > oil.csv   (every match, all fields)
  news-search --db news.db --export jsonl --fields id,date,title  (every article)
  news-search --db news.db --stats
  news-search --db news.db '"royal wedding"' -n 0 --histogram month --plot wedding.png
  news-search --db news.db '"North Korean troops"' --group stories   (one hit per story)
  news-search --db news.db 'ukraine missiles' --per-source 2          (at most 2 hits per outlet)
  news-search --db news.db --stories --all             (every story, biggest first)
  news-search --db news.db --stories 'ATACMS' --json   (the stories with a matching article)
  news-search --db news.db --story s0123456789ab       (the versions, what differs, the numbers)
  news-search --db news.db --story sample/003_64758854870b4056.txt   (the story of an article)
  news-search --db news.db --show sample/003_64758854870b4056.txt    (one article, whole)
  news-search --db news.db trump --facet entity.person   (the people the matches name)

Query language (all words are required unless --any):
  word1 word2          articles with both words (stemmed: missiles finds missile)
  a OR b, a AND b      either word / both words; ( ) group
  -word, NOT word      exclude a word;  +word  require it even under --any
  "exact phrase"       words in this order, adjacent
  a NEAR b, a NEAR/5 b words within 10 (or 5) words of each other, any order (plain words)
  missil*              any word starting with missil
  title:biden          in the title; also source:, author:, category: (title:"north korea")
  date:2024-11-01..2024-11-30   published in that range (either end may be open)
Operators are written in capitals: a lowercase and, or, not is a common word, and common words
(the, of, not, ...) are ignored outside phrases; the output lists the ones it ignored.
A query that starts with '-' goes after '--':  news-search --db news.db -- '-trump biden'
)";

std::optional<Date> date_option(const cxxopts::ParseResult& parsed, const char* name) {
    if (parsed.count(name) == 0) {
        return std::nullopt;
    }
    const auto value = parsed[name].as<std::string>();
    auto date = date::parse_iso(value);
    if (!date) {
        throw Error(ErrorKind::Usage,
                    fmt::format("--{} '{}' is not a date (YYYY-MM-DD)", name, value));
    }
    return date;
}

// --export, --fields and --stats, and what they cannot be combined with.
void read_export_options(const cxxopts::ParseResult& parsed, SearchConfig& config) {
    if (parsed.count("export") > 0) {
        config.export_format = parse_export_format(parsed["export"].as<std::string>());
    }
    if (parsed.count("fields") > 0) {
        if (!config.export_format) {
            throw Error(ErrorKind::Usage, "--fields chooses the columns of --export",
                        "add --export csv or --export jsonl");
        }
        config.export_fields = parse_export_fields(parsed["fields"].as<std::string>());
    }
    config.stats = parsed.count("stats") > 0;
    if (config.export_format && config.json) {
        throw Error(ErrorKind::Usage, "--export and --json contradict each other",
                    "--export jsonl writes one JSON object per match");
    }
    if (!config.request.query.like.empty() && (config.export_format || config.stats)) {
        throw Error(ErrorKind::Usage, "--like ranks a result page: it cannot be combined with "
                                      "--export or --stats");
    }
    if (config.stats && (config.export_format || !config.request.query.text.empty())) {
        throw Error(ErrorKind::Usage, "--stats describes the whole database: it takes no query",
                    "run the search or the export separately");
    }
}

// Every --db, else NEWS_DB from the environment.
std::vector<std::string> database_paths(const cxxopts::ParseResult& parsed) {
    if (parsed.count("db") == 0) {
        const char* env = std::getenv("NEWS_DB");
        if (env == nullptr || *env == '\0') {
            throw Error(ErrorKind::Usage, "--db PATH is required (or set NEWS_DB)",
                        "give the database with --db PATH, or once with export NEWS_DB=PATH");
        }
        return {env};
    }
    auto paths = parsed["db"].as<std::vector<std::string>>();
    for (const auto& path : paths) {
        if (path.empty()) {
            throw Error(ErrorKind::Usage, "--db PATH: the path is empty");
        }
    }
    return paths;
}

// --timeout and --allow-partial.
ShardOptions shard_options(const cxxopts::ParseResult& parsed) {
    ShardOptions options;
    const double seconds = parsed["timeout"].as<double>();
    constexpr double longest = 24.0 * 3600;
    if (!(seconds >= 0 && seconds <= longest)) {
        throw Error(ErrorKind::Usage,
                    fmt::format("--timeout {}: expected seconds from 0 to {}", seconds, longest),
                    "0 waits for ever");
    }
    const auto ms = std::chrono::milliseconds(std::llround(seconds * 1000));
    // 0 s stays 0 (for ever); a positive value never rounds down to "for ever".
    options.timeouts.connect = options.timeouts.each =
        seconds > 0 ? std::max(ms, std::chrono::milliseconds(1)) : ms;
    options.allow_partial = parsed.count("allow-partial") > 0;
    return options;
}

// Every flag news-search takes, with its help.
cxxopts::Options declare_options() {
    cxxopts::Options options("news-search", "Search a news database built by news-index.");
    options.positional_help("QUERY").show_positional_help();
    options.add_options()(
        "d,db",
        "the database: a folder, a sharded folder, a stub file or tcp://HOST:PORT (a "
        "xapian-tcpsrv); repeatable: several are searched as one",
        cxxopts::value<std::vector<std::string>>(),
        "PATH")("timeout",
                "seconds a remote shard may take to connect, and to answer each request (0: "
                "no limit)",
                cxxopts::value<double>()->default_value("10"), "SECONDS")(
        "allow-partial",
        "when some shards cannot be read, answer from the others and say which are missing");
    options.add_options(cli::positional_group)("query", "the query",
                                               cxxopts::value<std::vector<std::string>>());
    options.add_options()("any", "match any word (OR), ranked by relevance")(
        "f,filter", "only articles with NAME=VALUE (repeatable; same NAME: any of the values)",
        cxxopts::value<std::vector<std::string>>(), "NAME=VALUE")(
        "since", "published on or after", cxxopts::value<std::string>(), "YYYY-MM-DD")(
        "until", "published on or before", cxxopts::value<std::string>(), "YYYY-MM-DD")(
        "like",
        "articles like this one (its id; repeatable): relevance feedback from "
        "their words, with or without a query; they are left out of the hits",
        cxxopts::value<std::vector<std::string>>(),
        "ID")("facet",
              "count values of NAME among all matches: source, author, category, language, "
              "date.year, date.month, date.day, topic, place, person, org, exchange, "
              "label, story, entity.person, entity.place, entity.org (repeatable)",
              cxxopts::value<std::vector<std::string>>(),
              "NAME")("facet-limit", "values shown per facet (0: all)",
                      cxxopts::value<std::size_t>()->default_value("10"), "N")(
        "facet-sample", "count facets over at least N matches only (0: exact, all matches)",
        cxxopts::value<Xapian::doccount>()->default_value("0"),
        "N")("sort", "relevance, date (newest first) or oldest",
             cxxopts::value<std::string>()->default_value("relevance"), "ORDER")(
        "n,limit", "hits to show", cxxopts::value<std::size_t>()->default_value("10"), "N")(
        "offset", "hits to skip (paging)", cxxopts::value<std::size_t>()->default_value("0"), "N")(
        "fast-total",
        "estimate the total instead of counting every match (faster on common words; "
        "shown as an estimate with its bounds)")("exact-total", "count every match (the default)")(
        "no-snippets", "leave snippets out (faster)")(
        "expand", "re-rank by pseudo-relevance feedback: words of the top 3 hits add weight "
                  "(same matches; a second search)")(
        "explain",
        "describe the query: its words, stems, fields, filters and dates, then as parsed")(
        "color", "bold matches: auto, always or never",
        cxxopts::value<std::string>()->default_value("auto"), "WHEN");
    options.add_options()(
        "recency",
        "favour recent articles (Nd or Nw): relevance + best score x 0.5^(age / HALF_LIFE), "
        "age in days from the newest article (or --now); undated articles get no boost",
        cxxopts::value<std::string>(), "HALF_LIFE")("now", "the day --recency measures ages from",
                                                    cxxopts::value<std::string>(), "YYYY-MM-DD")(
        "significant",
        "also list the N words most over-represented in the matches (counts in matches / in "
        "the database)",
        cxxopts::value<std::size_t>()->default_value("0"), "N");
    options.add_options()("export",
                          "write every match (all pages, in the sort order) as csv or jsonl",
                          cxxopts::value<std::string>(), "FORMAT")(
        "show", "print one stored article whole: metadata, entities, story and text",
        cxxopts::value<std::string>(),
        "ID")("fields", "the export's columns, in order (default: all; see the README)",
              cxxopts::value<std::string>(), "A,B,...")(
        "stats", "describe the database instead of searching: counts, dates, sources, facets");
    options.add_options("Stories")(
        "group", "stories: one hit per story (its best match), with its size, outlets and dates",
        cxxopts::value<std::string>(),
        "WHAT")("per-source", "at most N hits per outlet (before paging; 0: no cap)",
                cxxopts::value<Xapian::doccount>()->default_value("0"), "N")(
        "facet-count", "what facet counts count: articles, or stories (each once per value)",
        cxxopts::value<std::string>()->default_value("articles"), "UNIT")(
        "stories", "list stories instead of articles: those with a matching article, or every "
                   "story without a query; biggest first, paged with --limit/--offset")(
        "all", "with --stories: list every story (no paging)")(
        "story",
        "show one story: its versions, what each says that the others do not, and the "
        "numbers they state (ID: a story id or the id of an article in it)",
        cxxopts::value<std::string>(), "ID");
    detail::add_histogram_options(options);
    cli::OutputOptions::add_to(options, /*with_verbosity=*/false);
    cli::add_standard_options(options);
    options.parse_positional({"query"});

    return options;
}

// The search @p parsed asks for, apart from the query text and the histogram.
void read_search_request(const cxxopts::ParseResult& parsed, SearchRequest& request) {
    request.query.any = parsed.count("any") > 0;
    if (parsed.count("filter") > 0) {
        for (const auto& spec : parsed["filter"].as<std::vector<std::string>>()) {
            request.query.filters.push_back(parse_filter(spec));
        }
    }
    if (parsed.count("like") > 0) {
        request.query.like = parsed["like"].as<std::vector<std::string>>();
    }
    request.query.since = date_option(parsed, "since");
    request.query.until = date_option(parsed, "until");
    if (parsed.count("facet") > 0) {
        request.facets = parsed["facet"].as<std::vector<std::string>>();
    }
    request.facet_limit = parsed["facet-limit"].as<std::size_t>();
    request.facet_sample = parsed["facet-sample"].as<Xapian::doccount>();
    const auto sort = parsed["sort"].as<std::string>();
    if (sort != "relevance" && sort != "date" && sort != "oldest") {
        throw Error(ErrorKind::Usage,
                    fmt::format("--sort '{}': expected relevance, date or oldest", sort));
    }
    request.sort = sort == "date"     ? SortOrder::Date
                   : sort == "oldest" ? SortOrder::Oldest
                                      : SortOrder::Relevance;
    request.limit = parsed["limit"].as<std::size_t>();
    request.offset = parsed["offset"].as<std::size_t>();
    if (parsed.count("fast-total") > 0 && parsed.count("exact-total") > 0) {
        throw Error(ErrorKind::Usage, "--fast-total and --exact-total contradict each other",
                    "give one of them (the total is exact by default)");
    }
    request.exact_total = parsed.count("fast-total") == 0;
    request.snippets = parsed.count("no-snippets") == 0;
    request.expand = parsed.count("expand") != 0;
}

// --group, --per-source, --facet-count, --stories, --all and --story, and what they cannot be
// combined with.
void read_story_options(const cxxopts::ParseResult& parsed, SearchConfig& config) {
    auto& request = config.request;
    if (parsed.count("group") > 0) {
        const auto what = parsed["group"].as<std::string>();
        if (what != "stories") {
            throw Error(ErrorKind::Usage, fmt::format("--group '{}': expected stories", what));
        }
        request.group_stories = true;
    }
    request.per_source = parsed["per-source"].as<Xapian::doccount>();
    if (request.group_stories && request.per_source > 0) {
        throw Error(ErrorKind::Usage, "--group stories and --per-source cannot be combined",
                    "a search collapses on one key: the story or the outlet");
    }
    const auto unit = parsed["facet-count"].as<std::string>();
    if (unit != "articles" && unit != "stories") {
        throw Error(ErrorKind::Usage,
                    fmt::format("--facet-count '{}': expected articles or stories", unit));
    }
    request.facet_unit = unit == "stories" ? FacetUnit::Stories : FacetUnit::Articles;
    request.story_summaries = config.json || request.group_stories;
    const bool list = parsed.count("stories") > 0;
    if (parsed.count("story") > 0) {
        config.story = parsed["story"].as<std::string>();
    }
    if (parsed.count("all") > 0 && !list) {
        throw Error(ErrorKind::Usage, "--all lists every story of --stories",
                    "add --stories (or use --export to get every matching article)");
    }
    if (!list && config.story.empty()) {
        return;
    }
    if (list && !config.story.empty()) {
        throw Error(ErrorKind::Usage, "--stories and --story contradict each other",
                    "--stories lists stories; --story ID shows one");
    }
    const std::string_view mode = list ? "--stories" : "--story";
    if (config.export_format || config.stats || request.histogram || request.group_stories ||
        request.per_source > 0 || !request.facets.empty() || !request.query.like.empty()) {
        throw Error(ErrorKind::Usage,
                    fmt::format("{} cannot be combined with --export, --stats, --histogram, "
                                "--group, --per-source, --facet or --like",
                                mode));
    }
    if (!list && !request.query.text.empty()) {
        throw Error(ErrorKind::Usage, "--story shows a whole story: it takes no query",
                    "to find stories that match a query, use --stories QUERY");
    }
    if (list) {
        config.stories =
            StoryListRequest{request.query, request.offset, request.limit, parsed.count("all") > 0};
    }
}

// --show ID: one article, nothing else.
void read_show_option(const cxxopts::ParseResult& parsed, SearchConfig& config) {
    if (parsed.count("show") == 0) {
        return;
    }
    config.show = parsed["show"].as<std::string>();
    if (!config.request.query.text.empty() || config.export_format || config.stats ||
        config.stories || !config.story.empty() || config.request.histogram ||
        !config.request.facets.empty() || !config.request.query.filters.empty()) {
        throw Error(ErrorKind::Usage,
                    "--show prints one article: it takes no query, filter, "
                    "facet, --export, --stats, --histogram or story option",
                    "news-search --db DB --show ID [--json]");
    }
}

} // namespace

std::optional<SearchConfig> parse_options(int argc, const char* const* argv) {
    cxxopts::Options options = declare_options();
    const auto parsed = cli::parse(options, argc, argv);
    if (cli::handle_standard_options(options, parsed, examples)) {
        return std::nullopt;
    }
    SearchConfig config;
    config.databases = database_paths(parsed);
    config.db = config.databases.front();
    config.shards = shard_options(parsed);
    auto& request = config.request;
    if (parsed.count("query") > 0) {
        for (const auto& part : parsed["query"].as<std::vector<std::string>>()) {
            request.query.text += (request.query.text.empty() ? "" : " ") + part;
        }
    }
    read_search_request(parsed, request);
    auto histogram = detail::histogram_options(parsed);
    request.histogram = histogram.request;
    config.plot = std::move(histogram.plot);
    config.json = cli::OutputOptions::from(parsed).json;
    const auto color = parsed["color"].as<std::string>();
    if (color != "auto" && color != "always" && color != "never") {
        throw Error(ErrorKind::Usage,
                    fmt::format("--color '{}': expected auto, always or never", color));
    }
    config.style.bold = color == "always" || (color == "auto" && cli::stdout_is_terminal() &&
                                              std::getenv("NO_COLOR") == nullptr);
    config.style.explain = parsed.count("explain") > 0;
    request.explain = config.style.explain;
    request.significant = parsed["significant"].as<std::size_t>();
    if (parsed.count("recency") > 0) {
        request.recency = RecencyRequest{parse_half_life(parsed["recency"].as<std::string>()),
                                         date_option(parsed, "now")};
        if (request.sort != SortOrder::Relevance) {
            throw Error(ErrorKind::Usage, "--recency blends freshness into the relevance order",
                        "leave out --sort (--sort date orders by date alone)");
        }
    } else if (parsed.count("now") > 0) {
        throw Error(ErrorKind::Usage, "--now sets the day --recency counts ages from",
                    "add --recency HALF_LIFE, as in --recency 30d");
    }
    read_export_options(parsed, config);
    read_story_options(parsed, config);
    read_show_option(parsed, config);
    return config;
}

} // namespace news::searcher
