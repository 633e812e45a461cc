/// @file
/// @brief articles.tsv and queries.tsv: parsing, writing and the field escapes.
#include "engines/workload.hpp"

#include "news/common/date.hpp"
#include "news/common/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

namespace news::bench {
namespace {

constexpr std::size_t article_fields = 6;
constexpr std::size_t query_fields = 9;
constexpr char tag_separator = '\x1f'; // U+001F, between the values of the tags field

[[noreturn]] void bad_line(std::string_view what) {
    throw Error(ErrorKind::Usage, std::string(what));
}

// Splits on raw TABs; escaped TABs are "\t" and never split.
std::vector<std::string_view> split_tabs(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    for (;;) {
        const std::size_t tab = line.find('\t', start);
        if (tab == std::string_view::npos) {
            fields.push_back(line.substr(start));
            return fields;
        }
        fields.push_back(line.substr(start, tab - start));
        start = tab + 1;
    }
}

// A CRLF file leaves a CR at the end of each line; a CR inside a field is always escaped.
std::string_view strip_cr(std::string_view line) {
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    return line;
}

void check_date(std::string_view name, const std::string& value) {
    if (!value.empty() && (value.size() != 8 || !date::parse_iso(value))) {
        bad_line(fmt::format("{} '{}' is not a YYYYMMDD date", name, value));
    }
}

std::ifstream open_input(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(errno == ENOENT ? ErrorKind::NotFound : ErrorKind::Io,
                    fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    }
    return in;
}

// Runs @p parse on every line of @p path; errors name the file and line.
void for_each_line(const std::string& path, const std::function<void(std::string_view)>& parse) {
    std::ifstream in = open_input(path);
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        try {
            parse(strip_cr(line));
        } catch (const Error& e) {
            throw Error(e.kind(), fmt::format("{}:{}: {}", path, number, e.what()), e.hint());
        }
    }
    if (in.bad()) {
        throw Error(ErrorKind::Io, fmt::format("{}: read failed after line {}", path, number));
    }
}

std::vector<std::string> split_terms(std::string_view text) {
    std::vector<std::string> terms;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t space = text.find(' ', start);
        if (space == std::string_view::npos) {
            space = text.size();
        }
        if (space > start) {
            terms.emplace_back(text.substr(start, space - start));
        }
        start = space + 1;
    }
    return terms;
}

QueryOp parse_op(std::string_view name) {
    for (const QueryOp op : {QueryOp::And, QueryOp::Or, QueryOp::Phrase, QueryOp::Prefix}) {
        if (op_name(op) == name) {
            return op;
        }
    }
    bad_line(fmt::format("unknown op '{}' (and, or, phrase, prefix)", name));
}

} // namespace

std::string_view op_name(QueryOp op) {
    switch (op) {
    case QueryOp::And:
        return "and";
    case QueryOp::Or:
        return "or";
    case QueryOp::Phrase:
        return "phrase";
    case QueryOp::Prefix:
        return "prefix";
    }
    return "and";
}

std::string escape_field(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string unescape_field(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\') {
            out += text[i];
            continue;
        }
        if (++i == text.size()) {
            bad_line("dangling '\\' at the end of a field");
        }
        switch (text[i]) {
        case '\\':
            out += '\\';
            break;
        case 't':
            out += '\t';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        default:
            bad_line(fmt::format("unknown escape '\\{}' (only \\\\, \\t, \\n, \\r)", text[i]));
        }
    }
    return out;
}

std::string format_article_line(const BenchArticle& article) {
    std::string tags;
    for (const auto& tag : article.tags) {
        if (!tags.empty()) {
            tags += tag_separator;
        }
        tags += tag;
    }
    return fmt::format("{}\t{}\t{}\t{}\t{}\t{}", escape_field(article.id),
                       escape_field(article.date), escape_field(article.source), escape_field(tags),
                       escape_field(article.title), escape_field(article.body));
}

BenchArticle parse_article_line(std::string_view line) {
    const auto fields = split_tabs(line);
    if (fields.size() != article_fields) {
        bad_line(fmt::format("an article line has {} tab-separated fields, not {}", fields.size(),
                             article_fields));
    }
    BenchArticle article;
    article.id = unescape_field(fields[0]);
    if (article.id.empty()) {
        bad_line("empty article id");
    }
    article.date = unescape_field(fields[1]);
    check_date("date", article.date);
    article.source = unescape_field(fields[2]);
    const std::string tags = unescape_field(fields[3]);
    std::size_t start = 0;
    while (start <= tags.size()) {
        std::size_t end = tags.find(tag_separator, start);
        if (end == std::string::npos) {
            end = tags.size();
        }
        if (end > start) {
            article.tags.push_back(tags.substr(start, end - start));
        }
        start = end + 1;
    }
    article.title = unescape_field(fields[4]);
    article.body = unescape_field(fields[5]);
    return article;
}

void for_each_article(const std::string& path, const std::function<void(BenchArticle&&)>& sink) {
    for_each_line(path, [&](std::string_view line) {
        if (!line.empty()) {
            sink(parse_article_line(line));
        }
    });
}

std::string format_query_line(const BenchQuery& query) {
    std::string terms;
    for (const auto& term : query.terms) {
        terms += (terms.empty() ? "" : " ") + term;
    }
    return fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}", escape_field(query.id),
                       escape_field(query.query_class), op_name(query.op), escape_field(terms),
                       escape_field(query.date_from), escape_field(query.date_to),
                       escape_field(query.filter_field), escape_field(query.filter_value),
                       query.sort_by_date ? "date" : "relevance");
}

BenchQuery parse_query_line(std::string_view line) {
    const auto fields = split_tabs(line);
    if (fields.size() != query_fields) {
        bad_line(fmt::format("a query line has {} tab-separated fields, not {}", fields.size(),
                             query_fields));
    }
    BenchQuery query;
    query.id = unescape_field(fields[0]);
    if (query.id.empty()) {
        bad_line("empty query id");
    }
    query.query_class = unescape_field(fields[1]);
    query.op = parse_op(fields[2]);
    query.terms = split_terms(unescape_field(fields[3]));
    if (query.terms.empty()) {
        bad_line(fmt::format("query '{}' has no terms", query.id));
    }
    if (query.op == QueryOp::Prefix && query.terms.size() != 1) {
        bad_line(fmt::format("prefix query '{}' has {} terms, not one word prefix", query.id,
                             query.terms.size()));
    }
    query.date_from = unescape_field(fields[4]);
    query.date_to = unescape_field(fields[5]);
    check_date("date_from", query.date_from);
    check_date("date_to", query.date_to);
    if (!query.date_from.empty() && !query.date_to.empty() && query.date_to < query.date_from) {
        bad_line(fmt::format("date_to {} is before date_from {}", query.date_to, query.date_from));
    }
    query.filter_field = unescape_field(fields[6]);
    query.filter_value = unescape_field(fields[7]);
    if (!query.filter_field.empty() && query.filter_field != "source" &&
        query.filter_field != "tag") {
        bad_line(
            fmt::format("unknown filter_field '{}' (empty, source or tag)", query.filter_field));
    }
    if (query.filter_field.empty() != query.filter_value.empty()) {
        bad_line("filter_field and filter_value must be both set or both empty");
    }
    if (fields[8] == "date") {
        query.sort_by_date = true;
    } else if (fields[8] != "relevance") {
        bad_line(fmt::format("unknown sort '{}' (relevance or date)", fields[8]));
    }
    return query;
}

std::vector<BenchQuery> read_queries(const std::string& path) {
    std::vector<BenchQuery> queries;
    std::set<std::string> ids;
    for_each_line(path, [&](std::string_view line) {
        if (line.empty() || line.front() == '#' ||
            std::all_of(line.begin(), line.end(), [](char c) { return c == ' '; })) {
            return;
        }
        BenchQuery query = parse_query_line(line);
        if (!ids.insert(query.id).second) {
            bad_line(fmt::format("duplicate query id '{}'", query.id));
        }
        queries.push_back(std::move(query));
    });
    return queries;
}

void write_queries(const std::string& path, const std::vector<BenchQuery>& queries,
                   std::string_view header) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
        throw Error(ErrorKind::CannotCreate,
                    fmt::format("{}: cannot create: {}", path, std::strerror(errno)));
    }
    std::size_t start = 0;
    while (start < header.size()) {
        std::size_t end = header.find('\n', start);
        if (end == std::string_view::npos) {
            end = header.size();
        }
        const std::string_view text = header.substr(start, end - start);
        out << (text.empty() ? "#" : "# ") << text << '\n';
        start = end + 1;
    }
    for (const auto& query : queries) {
        out << format_query_line(query) << '\n';
    }
    out.flush();
    if (!out) {
        throw Error(ErrorKind::Io, fmt::format("{}: write failed", path));
    }
}

} // namespace news::bench
