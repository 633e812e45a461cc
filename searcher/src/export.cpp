/// @file
/// @brief --export: the match set paged through in chunks and written as CSV or JSON Lines.
#include "news/searcher/export.hpp"

#include "news/common/date.hpp"
#include "news/common/error.hpp"
#include "news/common/payload.hpp"
#include "news/common/schema.hpp"
#include "news/searcher/facets.hpp"

#include "ranking.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <functional>
#include <string>
#include <variant>

namespace news::searcher {
namespace {

using json = nlohmann::ordered_json;

// One row's source: the stored article and where the matcher put it.
struct Row {
    const Article& article;
    std::size_t rank;
    double score;
};

// A field's value: one string, a list (multi-valued), a number, or absent (null; empty in CSV).
// Entities: an object in JSON Lines, three columns (entity.person, entity.place, entity.org) in
// CSV.
using Value = std::variant<std::monostate, std::string, std::vector<std::string>, double,
                           std::size_t, NamedEntities>;

// The CSV columns of the entities field.
constexpr std::array<std::string_view, 3> entity_columns{"entity.person", "entity.place",
                                                         "entity.org"};

Value text(const std::string& s) {
    return s.empty() ? Value{} : Value{s};
}

std::vector<std::string> facet_values(const Article& article, const char* name) {
    const auto it = article.facets.find(name);
    return it == article.facets.end() ? std::vector<std::string>{} : it->second;
}

struct Field {
    std::string_view name;
    std::function<Value(const Row&)> get;
};

// The columns, in their default order. JSONL field names are these; only ever add to the list.
const std::vector<Field>& fields() {
    static const std::vector<Field> all = {
        {"id", [](const Row& r) { return text(r.article.id); }},
        {"rank", [](const Row& r) { return Value{r.rank}; }},
        {"score", [](const Row& r) { return Value{r.score}; }},
        {"title", [](const Row& r) { return text(r.article.title); }},
        {"date",
         [](const Row& r) {
             return r.article.date ? Value{date::to_iso(*r.article.date)} : Value{};
         }},
        {"source", [](const Row& r) { return text(r.article.source); }},
        {"authors", [](const Row& r) { return Value{r.article.authors}; }},
        {"url", [](const Row& r) { return text(r.article.url); }},
        {"categories", [](const Row& r) { return Value{r.article.categories}; }},
        {"language", [](const Row& r) { return text(r.article.language); }},
        {"dateline", [](const Row& r) { return text(r.article.dateline); }},
        {"topics", [](const Row& r) { return Value{facet_values(r.article, "topic")}; }},
        {"places", [](const Row& r) { return Value{facet_values(r.article, "place")}; }},
        {"people", [](const Row& r) { return Value{facet_values(r.article, "person")}; }},
        {"orgs", [](const Row& r) { return Value{facet_values(r.article, "org")}; }},
        {"exchanges", [](const Row& r) { return Value{facet_values(r.article, "exchange")}; }},
        {"label",
         [](const Row& r) {
             // One value per article; should a collection give more, they are joined.
             std::string joined;
             for (const auto& v : facet_values(r.article, "label")) {
                 joined += (joined.empty() ? "" : "; ") + v;
             }
             return text(joined);
         }},
        {"entities", [](const Row& r) { return Value{r.article.entities}; }},
    };
    return all;
}

const Field& find_field(std::string_view name) {
    const auto& all = fields();
    const auto it =
        std::find_if(all.begin(), all.end(), [&](const Field& f) { return f.name == name; });
    if (it == all.end()) {
        std::string known;
        for (const auto& f : all) {
            known += (known.empty() ? "" : ",") + std::string(f.name);
        }
        throw Error(ErrorKind::Usage, fmt::format("--fields: unknown field '{}'", name),
                    "fields: " + known);
    }
    return *it;
}

// RFC 4180: a field with a comma, a quote, CR or LF is quoted, its quotes doubled.
void append_csv(std::string& line, std::string_view value) {
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
        line += value;
        return;
    }
    line += '"';
    for (const char c : value) {
        if (c == '"') {
            line += '"';
        }
        line += c;
    }
    line += '"';
}

std::string format_score(double score) {
    return fmt::format("{:.6g}", score);
}

void append_csv_list(std::string& line, const std::vector<std::string>& list) {
    std::string joined;
    for (const auto& v : list) {
        joined += (joined.empty() ? "" : "; ") + v;
    }
    append_csv(line, joined);
}

void append_csv_value(std::string& line, const Value& value) {
    if (const auto* entities = std::get_if<NamedEntities>(&value)) {
        append_csv_list(line, entities->person);
        line += ',';
        append_csv_list(line, entities->place);
        line += ',';
        append_csv_list(line, entities->org);
    } else if (const auto* s = std::get_if<std::string>(&value)) {
        append_csv(line, *s);
    } else if (const auto* list = std::get_if<std::vector<std::string>>(&value)) {
        append_csv_list(line, *list);
    } else if (const auto* d = std::get_if<double>(&value)) {
        line += format_score(*d);
    } else if (const auto* n = std::get_if<std::size_t>(&value)) {
        line += std::to_string(*n);
    }
}

json to_json(const Value& value) {
    if (const auto* s = std::get_if<std::string>(&value)) {
        return *s;
    }
    if (const auto* list = std::get_if<std::vector<std::string>>(&value)) {
        return *list;
    }
    if (const auto* d = std::get_if<double>(&value)) {
        return std::stod(format_score(*d));
    }
    if (const auto* n = std::get_if<std::size_t>(&value)) {
        return *n;
    }
    if (const auto* entities = std::get_if<NamedEntities>(&value)) {
        return {{"person", entities->person}, {"place", entities->place}, {"org", entities->org}};
    }
    return nullptr;
}

std::string csv_header(const std::vector<const Field*>& columns) {
    std::string line;
    for (const auto* f : columns) {
        if (f->name == "entities") {
            for (const auto column : entity_columns) {
                line += (line.empty() ? "" : ",");
                line += column;
            }
            continue;
        }
        line += (line.empty() ? "" : ",");
        line += f->name;
    }
    return line + "\r\n";
}

std::string render_row(ExportFormat format, const std::vector<const Field*>& columns,
                       const Row& row) {
    if (format == ExportFormat::Csv) {
        std::string line;
        bool first = true;
        for (const auto* f : columns) {
            if (!first) {
                line += ',';
            }
            first = false;
            append_csv_value(line, f->get(row));
        }
        return line + "\r\n";
    }
    json object = json::object();
    for (const auto* f : columns) {
        object[std::string(f->name)] = to_json(f->get(row));
    }
    // Keys in column order (ordered_json), as --fields gave them.
    return object.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

// Writes @p text, recording a failure (and its errno, before anything else can change it).
bool write_all(std::FILE* out, const std::string& text, ExportSummary& summary, bool flush) {
    errno = 0;
    if (std::fwrite(text.data(), 1, text.size(), out) == text.size() &&
        (!flush || std::fflush(out) == 0)) {
        return true;
    }
    summary.output_failed = true;
    summary.output_errno = errno;
    return false;
}

} // namespace

std::vector<std::string_view> export_fields() {
    std::vector<std::string_view> names;
    for (const auto& f : fields()) {
        names.push_back(f.name);
    }
    return names;
}

ExportFormat parse_export_format(std::string_view text) {
    if (text == "csv") {
        return ExportFormat::Csv;
    }
    if (text == "jsonl") {
        return ExportFormat::Jsonl;
    }
    throw Error(ErrorKind::Usage, fmt::format("--export '{}': expected csv or jsonl", text));
}

std::vector<std::string> parse_export_fields(std::string_view list) {
    std::vector<std::string> names;
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = std::min(list.find(',', start), list.size());
        std::string name(list.substr(start, comma - start));
        name.erase(0, name.find_first_not_of(' '));
        name.erase(name.find_last_not_of(' ') + 1);
        static_cast<void>(find_field(name)); // throws for an unknown (or empty) name
        if (std::find(names.begin(), names.end(), name) != names.end()) {
            throw Error(ErrorKind::Usage, fmt::format("--fields: '{}' is given twice", name));
        }
        names.push_back(std::move(name));
        start = comma + 1;
    }
    return names;
}

ExportSummary export_matches(Searcher& searcher, const ExportRequest& request, std::FILE* out) {
    std::vector<const Field*> columns;
    if (request.fields.empty()) {
        for (const auto& f : fields()) {
            columns.push_back(&f);
        }
    } else {
        for (const auto& name : request.fields) {
            columns.push_back(&find_field(name));
        }
    }
    const auto& q = request.query;
    const bool everything = q.text.empty() && q.filters.empty() && !q.since && !q.until;
    const Xapian::Query query = everything ? Xapian::Query::MatchAll : searcher.build_query(q);
    const Xapian::Database& db = searcher.database();
    ExportSummary summary;
    try {
        // The exact total first, unranked (as news-search -n 0 counts it).
        summary.total = count_every_match(db, query);

        // The same order as the result list (without --expand, which export does not take).
        Xapian::Enquire enquire(db);
        ranking::rank(enquire, db, query, request.sort, /*expand=*/false,
                      ranking::SideData{searcher.doc_lengths(), searcher.day_column()});
        if (request.format == ExportFormat::Csv &&
            !write_all(out, csv_header(columns), summary, /*flush=*/false)) {
            return summary;
        }
        const Xapian::doccount chunk = std::max<Xapian::doccount>(1, request.chunk);
        for (Xapian::doccount first = 0; first < summary.total; first += chunk) {
            const Xapian::MSet mset = enquire.get_mset(first, chunk);
            if (mset.empty()) {
                break;
            }
            std::string block;
            std::size_t rank = first;
            for (auto it = mset.begin(); it != mset.end(); ++it) {
                const Article article = payload::decode(it.get_document().get_data());
                block += render_row(request.format, columns, Row{article, ++rank, it.get_weight()});
            }
            // Each chunk goes out before the next is ranked: a reader sees rows as they come.
            if (!write_all(out, block, summary, /*flush=*/true)) {
                return summary;
            }
            summary.written += mset.size();
        }
    } catch (const Xapian::Error&) {
        rethrow_as_news_error("the database");
    }
    return summary;
}

} // namespace news::searcher
