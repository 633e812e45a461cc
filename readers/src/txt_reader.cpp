/// @file
/// @brief Plain-text article parsing: front matter, or headline, date line and byline.
#include "news/readers/txt_reader.hpp"

#include "news/common/date.hpp"
#include "news/common/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <vector>

namespace news::txt {
namespace {

using text::trim;

constexpr std::size_t max_headline_bytes = 200;
constexpr std::size_t max_headline_words = 30;
constexpr std::size_t max_byline_bytes = 120;
// A byline stands among the first few paragraphs, not deep in the story.
constexpr std::size_t byline_search_paragraphs = 3;

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            if (start < text.size()) {
                lines.push_back(text.substr(start));
            }
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::vector<std::string_view> split_any(std::string_view s, std::string_view separators) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = s.find_first_of(separators, start);
        const std::string_view part = trim(
            s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (!part.empty()) {
            parts.push_back(part);
        }
        if (end == std::string_view::npos) {
            return parts;
        }
        start = end + 1;
    }
}

std::vector<std::string_view> split_words(std::string_view s) {
    return split_any(s, " \t");
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

void add_values(std::vector<std::string>& to, std::string_view value, std::string_view seps) {
    for (const auto part : split_any(value, seps)) {
        to.emplace_back(part);
    }
}

void set_date(Article& article, std::string_view value) {
    if (auto parsed = date::parse(value)) {
        article.date = parsed;
    } else {
        article.repairs.notes.push_back("unparsable date '" +
                                        std::string(text::utf8_prefix(value, 40)) + "' ignored");
    }
}

// Applies one front-matter entry; false when the key is not one we know.
bool apply_field(Article& article, std::string_view key, std::string_view value) {
    const auto is = [&](std::string_view name) { return iequals(key, name); };
    if (is("title")) {
        article.title = value;
    } else if (is("date") || is("published")) {
        set_date(article, value);
    } else if (is("source") || is("outlet")) {
        article.source = value;
    } else if (is("author")) {
        add_values(article.authors, value, ";");
    } else if (is("authors")) {
        add_values(article.authors, value, ",;");
    } else if (is("url")) {
        article.url = value;
    } else if (is("category") || is("categories")) {
        add_values(article.categories, value, ",;");
    } else if (is("language") || is("lang")) {
        article.language = value;
    } else if (is("id")) {
        if (!value.empty()) { // an empty id keeps the one derived from the path
            article.id = value;
        }
    } else {
        return false;
    }
    return true;
}

struct KeyValue {
    std::string_view key;
    std::string_view value;
};

// "key: value" with a plain identifier as key.
std::optional<KeyValue> split_key_value(std::string_view line) {
    const std::size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos || colon > 20) {
        return std::nullopt;
    }
    const std::string_view key = line.substr(0, colon);
    if (std::isalpha(static_cast<unsigned char>(key.front())) == 0) {
        return std::nullopt;
    }
    for (const char c : key) {
        if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '-') {
            return std::nullopt;
        }
    }
    const std::string_view rest = line.substr(colon + 1);
    if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') {
        return std::nullopt;
    }
    return KeyValue{key, trim(rest)};
}

// Reads a front-matter block at the top; returns the index of the first body line, or nullopt
// (leaving @p article untouched) when the text has none.
std::optional<std::size_t> read_front_matter(const std::vector<std::string_view>& lines,
                                             Article& article) {
    if (lines.empty()) {
        return std::nullopt;
    }
    const bool fenced = trim(lines[0]) == "---";
    Article staged = article;
    std::size_t known = 0;
    for (std::size_t i = fenced ? 1 : 0; i < lines.size(); ++i) {
        const std::string_view line = trim(lines[i]);
        const bool end = fenced ? line == "---" : line.empty();
        if (end) {
            if (known == 0) {
                return std::nullopt;
            }
            article = std::move(staged);
            return i + 1;
        }
        const auto entry = split_key_value(line);
        if (!entry) {
            return std::nullopt;
        }
        if (apply_field(staged, entry->key, entry->value)) {
            ++known;
        } else if (!fenced) {
            // An unknown key in an unfenced block means this is prose ("Kyiv: ..."), not metadata.
            return std::nullopt;
        }
    }
    return std::nullopt;
}

// Drops a leading time of day ("10:30", "10:30:05 GMT", "9:15 a.m. ET") from what follows a date.
std::string_view skip_time_of_day(std::string_view rest) {
    auto words = split_words(rest);
    std::size_t skip = 0;
    const auto is_time = [](std::string_view w) {
        const std::size_t colon = w.find(':');
        return colon != std::string_view::npos && colon > 0 && colon <= 2 &&
               std::all_of(w.begin(), w.end(), [](char c) {
                   return std::isdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
               });
    };
    const auto is_zone_or_meridiem = [](std::string_view w) {
        if (w == "a.m." || w == "p.m." || w == "am" || w == "pm" || w == "AM" || w == "PM") {
            return true;
        }
        return w.size() >= 2 && w.size() <= 4 && std::all_of(w.begin(), w.end(), [](char c) {
                   return std::isupper(static_cast<unsigned char>(c)) != 0;
               });
    };
    if (!words.empty() && is_time(words[0])) {
        skip = 1;
        while (skip < words.size() && skip < 3 && is_zone_or_meridiem(words[skip])) {
            ++skip;
        }
    }
    if (skip == 0) {
        return rest;
    }
    if (skip == words.size()) {
        return {};
    }
    return trim(rest.substr(static_cast<std::size_t>(words[skip].data() - rest.data())));
}

// "date 2024-11-18 rest" or "Date: November 18, 2024": the date and what follows it.
std::optional<std::pair<Date, std::string_view>> split_date_line(std::string_view line) {
    if (line.size() < 5 || !iequals(line.substr(0, 4), "date")) {
        return std::nullopt;
    }
    std::string_view rest = line.substr(4);
    if (rest.front() == ':') {
        rest.remove_prefix(1);
    } else if (rest.front() != ' ' && rest.front() != '\t') {
        return std::nullopt;
    }
    rest = trim(rest);
    const auto words = split_words(rest);
    // Shortest date first, so that a headline after "2024-11-18" is not read as a time of day;
    // "Monday, November 18, 2024" takes four words.
    for (std::size_t count = 1; count <= std::min<std::size_t>(4, words.size()); ++count) {
        const std::size_t end = static_cast<std::size_t>(words[count - 1].data() - rest.data()) +
                                words[count - 1].size();
        if (auto parsed = date::parse(rest.substr(0, end))) {
            return std::pair{*parsed, skip_time_of_day(trim(rest.substr(end)))};
        }
    }
    return std::nullopt;
}

bool looks_like_headline(std::string_view line) {
    if (line.empty() || line.size() > max_headline_bytes) {
        return false;
    }
    const auto words = split_words(line);
    if (words.size() < 2 || words.size() > max_headline_words || words.front() == "By" ||
        words.front() == "BY") {
        return false;
    }
    // Headlines do not end like sentences or clauses, though they may trail off ("...").
    if (line.ends_with("...") || line.ends_with("\u2026")) {
        return true;
    }
    // Look through closing quotes and brackets: 'Officials say "It will end soon."' is a lede.
    std::string_view end = line;
    for (;;) {
        if (end.ends_with("\u201d") || end.ends_with("\u2019")) {
            end.remove_suffix(3);
        } else if (!end.empty() && (end.back() == '"' || end.back() == '\'' || end.back() == ')' ||
                                    end.back() == ']')) {
            end.remove_suffix(1);
        } else {
            break;
        }
    }
    if (end.empty()) {
        return false;
    }
    const char last = end.back();
    return last != '.' && last != ',' && last != ';' && last != ':';
}

bool is_name_word(std::string_view word) {
    static constexpr std::array<std::string_view, 8> particles{"de", "van", "von", "der",
                                                               "al", "bin", "da",  "la"};
    for (const auto particle : particles) {
        if (word == particle) {
            return true;
        }
    }
    const auto first = static_cast<unsigned char>(word.front());
    // Capitalised ASCII, or a non-ASCII letter (we cannot case-check UTF-8 cheaply here).
    return std::isupper(first) != 0 || first >= 0x80;
}

// Words that open sentences like "By Tuesday, ..." or "By March ...": never a name.
bool is_calendar_word(std::string_view word) {
    static constexpr std::array<std::string_view, 21> calendar{
        "Monday",  "Tuesday",   "Wednesday", "Thursday", "Friday",   "Saturday", "Sunday",
        "January", "February",  "March",     "April",    "May",      "June",     "July",
        "August",  "September", "October",   "November", "December", "Then",     "Now"};
    return std::find(calendar.begin(), calendar.end(), word) != calendar.end();
}

bool is_person_name(std::string_view name, std::size_t min_words) {
    const auto words = split_words(name);
    if (words.size() < min_words || words.empty() || words.size() > 5) {
        return false;
    }
    for (const auto word : words) {
        if (!is_name_word(word) || is_calendar_word(word)) {
            return false;
        }
    }
    return true;
}

// An outlet is a short name: capitalised words (or short connectors), no sentence punctuation.
bool is_outlet_name(std::string_view outlet) {
    const auto words = split_words(outlet);
    if (words.empty() || words.size() > 6) {
        return false;
    }
    const char last = outlet.back();
    if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' || last == '?') {
        return false;
    }
    static constexpr std::array<std::string_view, 6> connectors{"of", "the", "and",
                                                                "&",  "de",  "for"};
    return std::all_of(words.begin(), words.end(), [](std::string_view word) {
        return is_name_word(word) ||
               std::find(connectors.begin(), connectors.end(), word) != connectors.end();
    });
}

struct Byline {
    std::vector<std::string> authors;
    std::string outlet;
};

// "By Hayden Cunningham – The Postmillennial", "By A and B | Outlet", "By Janie Gabbett, Reuters".
std::optional<Byline> parse_byline(std::string_view line) {
    if (line.size() > max_byline_bytes ||
        (line.substr(0, 3) != "By " && line.substr(0, 3) != "BY ")) {
        return std::nullopt;
    }
    std::string_view rest = trim(line.substr(3));
    std::string_view names = rest;
    std::string_view outlet;
    static constexpr std::array<std::string_view, 4> outlet_separators{" \u2013 ", " \u2014 ",
                                                                       " - ", " | "};
    for (const auto separator : outlet_separators) {
        const std::size_t at = rest.find(separator);
        if (at != std::string_view::npos) {
            names = trim(rest.substr(0, at));
            outlet = trim(rest.substr(at + separator.size()));
            break;
        }
    }
    // "By Janie Gabbett, Reuters": one comma, and a name of two words or more before it (so that
    // "By Tuesday, the army..." is prose).
    std::size_t min_name_words = 1;
    if (outlet.empty() && rest.find(" and ") == std::string_view::npos) {
        const std::size_t comma = rest.find(", ");
        if (comma != std::string_view::npos &&
            rest.find(", ", comma + 2) == std::string_view::npos) {
            names = trim(rest.substr(0, comma));
            outlet = trim(rest.substr(comma + 2));
            min_name_words = 2;
        }
    }
    Byline byline;
    std::string_view remaining = names;
    for (;;) {
        std::size_t at = remaining.find(" and ");
        std::size_t skip = 5;
        const std::size_t comma = remaining.find(", ");
        if (comma != std::string_view::npos && (at == std::string_view::npos || comma < at)) {
            at = comma;
            skip = 2;
        }
        const std::string_view name = trim(remaining.substr(0, at));
        if (!is_person_name(name, min_name_words)) {
            return std::nullopt;
        }
        byline.authors.emplace_back(name);
        if (at == std::string_view::npos) {
            break;
        }
        remaining = remaining.substr(at + skip);
    }
    if (!outlet.empty() && !is_outlet_name(outlet)) {
        return std::nullopt;
    }
    byline.outlet = outlet;
    return byline;
}

std::size_t skip_blank(const std::vector<std::string_view>& lines, std::size_t i) {
    while (i < lines.size() && text::is_blank(lines[i])) {
        ++i;
    }
    return i;
}

// Where the body starts, and the header lines inside it that need care.
struct HeaderLines {
    std::size_t body_start = 0;
    std::optional<std::size_t> byline;          ///< dropped from the body
    std::optional<std::size_t> dated_body_line; ///< "date X text": keep only "text"
};

// Reads what an article without front matter says about itself at its top: a date line, a
// headline, a byline.
HeaderLines read_stated_header(const std::vector<std::string_view>& lines, Article& article) {
    HeaderLines header;
    std::size_t i = skip_blank(lines, 0);
    if (i == lines.size()) {
        header.body_start = i;
        return header;
    }
    std::string_view first = trim(lines[i]);
    if (auto dated = split_date_line(first)) {
        article.date = dated->first;
        first = dated->second;
        if (first.empty()) {
            i = skip_blank(lines, i + 1);
            if (i == lines.size()) {
                header.body_start = i; // a date and nothing else
                return header;
            }
            first = trim(lines[i]);
        }
    }
    const bool blank_after = i + 1 < lines.size() && text::is_blank(lines[i + 1]);
    const bool text_after = skip_blank(lines, i + 1) < lines.size();
    header.body_start = i;
    if (article.title.empty() && blank_after && text_after && looks_like_headline(first)) {
        article.title = first;
        header.body_start = i + 1;
    } else if (first != trim(lines[i])) {
        // The date line goes on with text that is not a headline: that text is body.
        header.dated_body_line = i;
    }
    std::size_t paragraphs = 0;
    for (std::size_t k = skip_blank(lines, header.body_start);
         k < lines.size() && paragraphs < byline_search_paragraphs; k = skip_blank(lines, k + 1)) {
        if (auto byline = parse_byline(trim(lines[k]))) {
            article.authors = std::move(byline->authors);
            if (article.source.empty()) {
                article.source = std::move(byline->outlet);
            }
            header.byline = k;
            break;
        }
        ++paragraphs;
    }
    return header;
}

} // namespace

ReadResult parse_article(std::string_view bytes, const Origin& origin, std::string id) {
    auto cleaned = text::clean_utf8(bytes);
    if (auto* unreadable = std::get_if<text::Unreadable>(&cleaned)) {
        return Rejection{origin, std::move(unreadable->reason)};
    }
    auto& clean = std::get<text::CleanText>(cleaned);
    Article article;
    article.id = std::move(id);
    article.origin = origin;
    article.repairs.transcoded_bytes = clean.transcoded_bytes;
    article.repairs.removed_controls = clean.removed_controls;

    const auto lines = split_lines(clean.text);
    // Front matter, when present, is the whole of the metadata: nothing more is inferred.
    HeaderLines header;
    if (auto after_front_matter = read_front_matter(lines, article)) {
        header.body_start = *after_front_matter;
    } else {
        header = read_stated_header(lines, article);
    }

    // Built in place at its final size: the body of a huge article is copied once, not grown
    // by doubling and copied again to trim it.
    std::string body;
    if (header.body_start < lines.size()) {
        body.reserve(static_cast<std::size_t>(clean.text.data() + clean.text.size() -
                                              lines[header.body_start].data()) +
                     1);
    }
    for (std::size_t i = header.body_start; i < lines.size(); ++i) {
        if (header.byline == i) {
            continue;
        }
        std::string_view line = lines[i];
        if (header.dated_body_line == i) {
            line = split_date_line(trim(line))->second;
        }
        body.append(line);
        body += '\n';
    }
    const std::string_view trimmed = trim(body);
    const auto lead = static_cast<std::size_t>(trimmed.data() - body.data());
    body.erase(lead + trimmed.size());
    body.erase(0, lead);
    article.body = std::move(body);
    if (article.body.empty()) {
        return Rejection{origin, "empty body"};
    }
    return article;
}

namespace {

// What not_article_reason() counts, line by line.
struct ProseCounts {
    std::size_t lines = 0;
    std::size_t single_word_lines = 0;
    std::size_t data_lines = 0;
    std::size_t words = 0;
    std::size_t prose_words = 0;
    bool sentence = false;

    void add_lines(std::string_view text);
    [[nodiscard]] std::optional<std::string> verdict() const;
};

void ProseCounts::add_lines(std::string_view text) {
    constexpr std::string_view symbols = "\"()[]{}<>=;|\\_#*/@$%^&~`+";
    const auto has_letter = [](std::string_view word) {
        return std::any_of(word.begin(), word.end(), [](char c) {
            const auto byte = static_cast<unsigned char>(c);
            return std::isalpha(byte) != 0 || byte >= 0x80;
        });
    };
    const auto ends_like_sentence = [](std::string_view line) {
        if (line.ends_with("\u201d") || line.ends_with("\u2019")) {
            return true;
        }
        const char last = line.back();
        return last == '.' || last == '!' || last == '?' || last == '"' || last == '\'';
    };
    for (const auto raw : split_lines(text)) {
        const std::string_view line = trim(raw);
        if (line.empty()) {
            continue;
        }
        ++lines;
        // Counted in place, as split_words() would split them: a text of one long line (a
        // minified dump) needs no vector of its million words.
        std::size_t line_word_count = 0;
        std::size_t lettered = 0;
        for (std::size_t start = 0; start <= line.size();) {
            const std::size_t end = std::min(line.find_first_of(" \t", start), line.size());
            const std::string_view word = trim(line.substr(start, end - start));
            if (!word.empty()) {
                ++line_word_count;
                lettered += has_letter(word) ? 1U : 0U;
            }
            start = end + 1;
        }
        words += line_word_count;
        single_word_lines += line_word_count == 1 ? 1U : 0U;
        if (lettered >= 2 || (lettered == 1 && ends_like_sentence(line))) {
            sentence = true;
        }
        std::size_t non_space = 0;
        std::size_t symbol_count = 0;
        for (const char c : line) {
            non_space += c != ' ' && c != '\t' ? 1U : 0U;
            symbol_count += symbols.find(c) != std::string_view::npos ? 1U : 0U;
        }
        if (symbol_count * 100 >= prose::data_symbol_percent * non_space) {
            ++data_lines;
            continue;
        }
        if (line_word_count >= prose::sentence_words ||
            (line_word_count >= prose::short_sentence_words && ends_like_sentence(line))) {
            prose_words += line_word_count;
        }
    }
}

std::optional<std::string> ProseCounts::verdict() const {
    if (lines == 0) {
        return std::nullopt; // empty bodies are rejected as such
    }
    if (lines < prose::min_lines_to_judge ||
        prose_words * 100 >= prose::min_prose_word_percent * words) {
        if (sentence) {
            return std::nullopt;
        }
        return "not an article: no sentence (no line of two words or more)";
    }
    if (data_lines * 2 > lines) {
        return fmt::format("not an article: code or data ({} of {} lines are mostly symbols)",
                           data_lines, lines);
    }
    if (single_word_lines * 2 > lines) {
        return fmt::format("not an article: a word list ({} of {} lines are a single word)",
                           single_word_lines, lines);
    }
    return fmt::format("not an article: few sentences ({}% of its words are in sentences, "
                       "articles have {}% or more)",
                       prose_words * 100 / words, prose::min_prose_word_percent);
}

} // namespace

std::optional<std::string> not_article_reason(std::string_view text) {
    ProseCounts counts;
    counts.add_lines(text);
    return counts.verdict();
}

std::optional<std::string> not_article_reason(std::string_view title, std::string_view body) {
    // The same lines as title + "\n\n" + body (blank lines count for nothing), without a copy
    // of the body, which may be the size of --max-article-size.
    ProseCounts counts;
    counts.add_lines(title);
    counts.add_lines(body);
    return counts.verdict();
}

} // namespace news::txt
