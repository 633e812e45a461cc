/// @file
/// @brief Query syntax checks, parsing and filters.
#include "news/searcher/query_builder.hpp"

#include "news/common/analysis.hpp"
#include "news/common/date.hpp"
#include "news/common/error.hpp"
#include "news/common/folding.hpp"
#include "news/common/schema.hpp"
#include "news/common/text.hpp"
#include "news/searcher/day_column.hpp"
#include "news/searcher/entity_merge.hpp"

#include "query_words.hpp"
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <optional>
#include <set>

namespace news::searcher {
namespace {

/// A Published slot value (YYYYMMDD), or nullopt for an empty or malformed one.
std::optional<Date> from_compact(const std::string& value) {
    if (value.size() != 8 || !std::all_of(value.begin(), value.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) != 0;
        })) {
        return std::nullopt;
    }
    const Date date{std::stoi(value.substr(0, 4)),
                    static_cast<unsigned>(std::stoi(value.substr(4, 2))),
                    static_cast<unsigned>(std::stoi(value.substr(6, 2)))};
    return date::is_valid(date) ? std::optional<Date>(date) : std::nullopt;
}

constexpr std::string_view syntax_hint = "see 'Query language' in news-search --help";

// The parser flags: operators, phrases, love/hate, prefix wildcards, and a bare NOT.
constexpr unsigned parser_flags = Xapian::QueryParser::FLAG_DEFAULT |
                                  Xapian::QueryParser::FLAG_WILDCARD |
                                  Xapian::QueryParser::FLAG_PURE_NOT;

[[noreturn]] void syntax_error(std::string_view what) {
    throw Error(ErrorKind::Usage, fmt::format("invalid query: {}", what), std::string(syntax_hint));
}

enum class Token { Word, Phrase, Open, Close, Binary, Not };

bool is_binary_operator(std::string_view word) {
    if (word == "AND" || word == "OR" || word == "XOR") {
        return true;
    }
    for (const std::string_view op : {std::string_view("NEAR"), std::string_view("ADJ")}) {
        if (word.substr(0, op.size()) != op) {
            continue;
        }
        const std::string_view rest = word.substr(op.size());
        if (rest.empty()) {
            return true;
        }
        if (rest.size() > 1 && rest.front() == '/' &&
            std::all_of(rest.begin() + 1, rest.end(),
                        [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
            return true;
        }
    }
    return false;
}

bool is_known_field(std::string_view name) {
    if (name == "date" || name == analysis::exact_field) {
        return true;
    }
    const auto fields = schema::text_fields();
    return std::any_of(fields.begin(), fields.end(),
                       [&](const auto& field) { return field.name == name; });
}

std::string field_list() {
    std::string out;
    for (const auto& field : schema::text_fields()) {
        out += std::string(field.name) + ", ";
    }
    return out + "date, " + std::string(analysis::exact_field);
}

void check_date_range(std::string_view value) {
    const std::size_t dots = value.find("..");
    if (dots == std::string_view::npos) {
        syntax_error(fmt::format("'date:{}' is not a range; write date:2024-11-01..2024-11-30 "
                                 "(either end may be left open)",
                                 value));
    }
    std::optional<Date> bounds[2];
    const std::string_view ends[2] = {value.substr(0, dots), value.substr(dots + 2)};
    for (int k = 0; k < 2; ++k) {
        if (!ends[k].empty()) {
            bounds[k] = date::parse_iso(ends[k]);
            if (!bounds[k]) {
                syntax_error(
                    fmt::format("'{}' in date:{} is not a date (YYYY-MM-DD)", ends[k], value));
            }
        }
    }
    if (bounds[0] && bounds[1] && *bounds[1] < *bounds[0]) {
        syntax_error(fmt::format("date:{} ends before it starts", value));
    }
    if (dots == 0 && value.size() == 2) {
        syntax_error("date:.. needs at least one end");
    }
}

// exact: matches one word as it is indexed; Xapian's parser would re-read anything else.
void check_exact_word(std::string_view value, bool phrase_follows) {
    const std::vector<WordRange> words = words_of(value);
    if (phrase_follows || words.size() != 1 || words.front().first != 0 ||
        words.front().second != value.size()) {
        syntax_error(fmt::format("'{}:' takes one word, as in {}:organization (for a phrase, "
                                 "quote it without {}:)",
                                 analysis::exact_field, analysis::exact_field,
                                 analysis::exact_field));
    }
}

std::string lower_case(std::string_view word) {
    std::string out(word);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// A word followed by ':' that names no field, as in a pasted headline ("Goldsmith: 'I was not
// leant on'"). Xapian would read it as a plain word; we refuse it, as a misspelt field would
// otherwise be searched for as words, and show the query that searches for the word instead.
// @p colon is where the ':' is in @p text, @p word the word (with any '-' or '+') at @p start.
[[noreturn]] void unknown_field(std::string_view text, std::size_t start, std::string_view word,
                                std::size_t colon) {
    const std::string_view name = text.substr(start, colon - start);
    const std::string_view bare = name.substr(name.front() == '-' || name.front() == '+' ? 1 : 0);
    const std::string what = fmt::format(
        "invalid query: unknown field '{}:' (a word followed by ':' is read as a field name; "
        "fields: {})",
        bare, field_list());
    if (is_known_field(lower_case(bare))) {
        throw Error(ErrorKind::Usage, what,
                    fmt::format("field names are written in lower case: {}:", lower_case(bare)));
    }
    // The word quoted: a phrase is never read as a field. Or the colon dropped (a space keeps
    // the word apart from what followed the colon).
    const std::size_t end = start + word.size();
    const bool sign = word.front() == '-' || word.front() == '+';
    const std::string quoted =
        fmt::format("{}{}\"{}\"{}", text.substr(0, start), sign ? word.substr(0, 1) : "",
                    word.substr(sign ? 1 : 0), text.substr(end));
    const bool phrase_follows = end < text.size() && text[end] == '"';
    const bool colon_ends_word = colon + 1 == end && !phrase_follows;
    const std::string no_colon = fmt::format("{}{}{}", text.substr(0, colon),
                                             colon_ends_word ? "" : " ", text.substr(colon + 1));
    if (phrase_follows) { // name:"phrase": quoting would join two quotes
        throw Error(ErrorKind::Usage, what,
                    fmt::format("to search for the word itself, drop the colon: {}", no_colon));
    }
    throw Error(ErrorKind::Usage, what,
                fmt::format("to search for the word itself, quote it ({}) or drop the colon ({})",
                            quoted, no_colon));
}

// Checks one word outside quotes, at @p start in @p text: love/hate marks, field names, date
// ranges, wildcards.
void check_word(std::string_view text, std::size_t start, std::string_view word,
                bool phrase_follows) {
    std::string_view rest = word;
    if (rest.front() == '-' || rest.front() == '+') {
        rest.remove_prefix(1);
        if (rest.empty() && !phrase_follows) {
            syntax_error(fmt::format("'{}' must be joined to the word it applies to, as in {}trump",
                                     word, word));
        }
    }
    const std::size_t colon = rest.find(':');
    if (colon != std::string_view::npos && colon > 0) {
        const std::string_view name = rest.substr(0, colon);
        const std::string_view value = rest.substr(colon + 1);
        const bool looks_like_field =
            std::all_of(name.begin(), name.end(),
                        [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }) &&
            value.substr(0, 2) != "//";
        if (looks_like_field) {
            if (!is_known_field(name)) {
                unknown_field(text, start, word,
                              start + static_cast<std::size_t>(name.data() - word.data()) + colon);
            }
            if (value.empty() && !phrase_follows) {
                syntax_error(fmt::format("'{}:' needs a word or \"phrase\" after it", name));
            }
            if (name == analysis::exact_field) {
                check_exact_word(value, phrase_follows);
            }
            if (name == "date") {
                if (word.front() == '-' || word.front() == '+') {
                    syntax_error(fmt::format("'{}': write NOT date:{} to exclude a date range",
                                             word, value));
                }
                check_date_range(value);
                return;
            }
            rest = value;
        }
    }
    const std::size_t star = rest.find('*');
    if (star != std::string_view::npos && (star + 1 != rest.size() || star == 0)) {
        syntax_error(fmt::format("'{}': '*' goes at the end of a word, as in missil*", word));
    }
}

using Tokens = std::vector<std::pair<Token, std::string_view>>;

// Gives the parser a stopper for one parse, then the shared one back: the parser keeps a plain
// pointer, which must not outlive the stopper.
class StopperScope {
public:
    StopperScope(Xapian::QueryParser& parser, const Xapian::Stopper& stopper) : m_parser(parser) {
        m_parser.set_stopper(&stopper);
    }
    ~StopperScope() { m_parser.set_stopper(&analysis::stopper()); }
    StopperScope(const StopperScope&) = delete;
    StopperScope& operator=(const StopperScope&) = delete;
    StopperScope(StopperScope&&) = delete;
    StopperScope& operator=(StopperScope&&) = delete;

private:
    Xapian::QueryParser& m_parser;
};

// Where the quoted text opened by the '"' at @p open ends: just past its closing '"'.
std::size_t after_closing_quote(std::string_view text, std::size_t open) {
    const std::size_t close = text.find('"', open + 1);
    if (close == std::string_view::npos) {
        syntax_error(fmt::format("unclosed quote (the \" at character {})", open + 1));
    }
    return close + 1;
}

// Reads the word at @p start into @p tokens (an operator, or a checked search word) and returns
// where it ends.
std::size_t read_word(std::string_view text, std::size_t start, Tokens& tokens) {
    std::size_t i = start;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) == 0 &&
           text[i] != '(' && text[i] != ')' && text[i] != '"') {
        ++i;
    }
    const std::string_view word = text.substr(start, i - start);
    const bool phrase_follows = i < text.size() && text[i] == '"';
    if (word == "NOT") {
        tokens.emplace_back(Token::Not, word);
    } else if (is_binary_operator(word)) {
        tokens.emplace_back(Token::Binary, word);
    } else {
        check_word(text, start, word, phrase_follows);
        if (phrase_follows) {
            // title:"..." or -"...": the phrase belongs to this word.
            i = after_closing_quote(text, i);
        }
        tokens.emplace_back(Token::Word, text.substr(start, i - start));
    }
    return i;
}

// Splits @p text into tokens, checking quotes, parentheses and each word on the way.
Tokens tokenize(std::string_view text) {
    Tokens tokens;
    int depth = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            ++i;
        } else if (c == '"') {
            const std::size_t end = after_closing_quote(text, i);
            tokens.emplace_back(Token::Phrase, text.substr(i, end - i));
            i = end;
        } else if (c == '(') {
            ++depth;
            tokens.emplace_back(Token::Open, text.substr(i, 1));
            ++i;
        } else if (c == ')') {
            if (--depth < 0) {
                syntax_error(fmt::format("')' at character {} has no matching '('", i + 1));
            }
            tokens.emplace_back(Token::Close, text.substr(i, 1));
            ++i;
        } else {
            i = read_word(text, i, tokens);
        }
    }
    if (depth > 0) {
        syntax_error("'(' without a matching ')'");
    }
    return tokens;
}

bool is_operand_end(Token t) {
    return t == Token::Word || t == Token::Phrase || t == Token::Close;
}

bool is_operand_start(Token t) {
    return t == Token::Word || t == Token::Phrase || t == Token::Open;
}

// A word NEAR/ADJ can join: no exclusion, wildcard, phrase or date.
bool is_plain_word(const std::pair<Token, std::string_view>& token) {
    const std::string_view w = token.second;
    return token.first == Token::Word && w.front() != '-' && w.back() != '*' &&
           w.find('"') == std::string_view::npos && w.substr(0, 5) != "date:" &&
           w.substr(0, 6) != "+date:";
}

// Checks that the operator or group at @p k has what it needs around it.
void check_operands(const Tokens& tokens, std::size_t k) {
    const auto [token, word] = tokens[k];
    const bool has_prev = k > 0;
    const bool has_next = k + 1 < tokens.size();
    if (token == Token::Binary && (word.substr(0, 4) == "NEAR" || word.substr(0, 3) == "ADJ")) {
        // Xapian's parser takes only plain words around NEAR/ADJ and re-reads anything else
        // as plain words without saying so.
        if (!has_prev || !has_next || !is_plain_word(tokens[k - 1]) ||
            !is_plain_word(tokens[k + 1])) {
            syntax_error(fmt::format("'{}' joins plain words only (not phrases, groups, "
                                     "exclusions, wildcards or dates), as in kursk {} troops",
                                     word, word));
        }
    } else if (token == Token::Binary) {
        const bool next_ok =
            has_next && (is_operand_start(tokens[k + 1].first) ||
                         (tokens[k + 1].first == Token::Not && (word == "AND" || word == "OR")));
        if (!has_prev || !is_operand_end(tokens[k - 1].first) || !next_ok) {
            syntax_error(fmt::format("'{}' needs something to search for on each side", word));
        }
    } else if (token == Token::Not) {
        if (!has_next || !is_operand_start(tokens[k + 1].first)) {
            syntax_error("'NOT' needs something to exclude after it");
        }
    } else if (token == Token::Open && has_next && tokens[k + 1].first == Token::Close) {
        syntax_error("empty parentheses");
    }
}

// "and", "or" and "not" in lower case between two operands: Xapian reads them as words.
std::vector<LowercaseOperator> find_lowercase_operators(std::string_view text,
                                                        const Tokens& tokens) {
    std::vector<LowercaseOperator> found;
    for (std::size_t k = 1; k + 1 < tokens.size(); ++k) {
        const auto [token, word] = tokens[k];
        const std::string lower = lower_case(word);
        if (token == Token::Word && (lower == "and" || lower == "or" || lower == "not") &&
            is_operand_end(tokens[k - 1].first) && is_operand_start(tokens[k + 1].first)) {
            found.push_back({static_cast<std::size_t>(word.data() - text.data()), std::string(word),
                             std::string(tokens[k - 1].second), std::string(tokens[k + 1].second)});
        }
    }
    return found;
}

// What the user should hear about how the parser read @p text: the words it dropped as too
// common (Xapian lists them after parsing), and how to write an operator typed in lower case.
QueryNotes read_notes(const Xapian::QueryParser& parser, const QuerySyntax& syntax,
                      std::string_view text, bool any) {
    QueryNotes notes;
    for (auto it = parser.stoplist_begin(); it != parser.stoplist_end(); ++it) {
        if (std::find(notes.ignored_words.begin(), notes.ignored_words.end(), *it) ==
            notes.ignored_words.end()) {
            notes.ignored_words.push_back(*it);
        }
    }
    const auto was_ignored = [&](const std::string& word) {
        return std::find(notes.ignored_words.begin(), notes.ignored_words.end(),
                         lower_case(word)) != notes.ignored_words.end();
    };
    for (const auto& op : syntax.lowercase_operators) {
        if (was_ignored(op.before) || was_ignored(op.after)) {
            continue; // a sentence ("I was not leant on"), not two searches joined by an operator
        }
        std::string upper = lower_case(op.word);
        std::transform(upper.begin(), upper.end(), upper.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        const std::string rewritten = fmt::format("{}{}{}", text.substr(0, op.offset), upper,
                                                  text.substr(op.offset + op.word.size()));
        std::string note;
        if (upper == "NOT") {
            note = fmt::format("to exclude, write NOT in capitals: {}", rewritten);
        } else if (upper == "OR") {
            note = fmt::format("for either word, write OR in capitals: {}", rewritten);
        } else if (any) {
            note = fmt::format("to require both words, write AND in capitals: {}", rewritten);
        } else {
            note = fmt::format("'{}' is read as a word, and all words are required already; the "
                               "operator is written in capitals: {}",
                               op.word, rewritten);
        }
        if (std::find(notes.notes.begin(), notes.notes.end(), note) == notes.notes.end()) {
            notes.notes.push_back(std::move(note));
        }
    }
    return notes;
}

// A query of exclusions only (-a -b) and the words it excludes.
QuerySyntax describe_exclusions(const Tokens& tokens) {
    QuerySyntax syntax;
    syntax.only_exclusions = std::all_of(tokens.begin(), tokens.end(), [](const auto& token) {
        return token.first == Token::Word && token.second.front() == '-';
    });
    if (syntax.only_exclusions) {
        for (const auto& token : tokens) {
            syntax.excluded += std::string(token.second.substr(1)) + " ";
        }
    }
    return syntax;
}

// ---- Aliases ----

// A stemmed word's field prefix and stem ("ZSatacm": "S", "atacm"), or nothing.
std::optional<std::pair<std::string, std::string>> stem_of(const Xapian::Query& query) {
    if (query.get_type() != Xapian::Query::LEAF_TERM ||
        query.get_terms_begin() == query.get_terms_end()) {
        return std::nullopt;
    }
    const std::string term = *query.get_terms_begin();
    if (term.size() < 2 || term.front() != 'Z') {
        return std::nullopt;
    }
    std::size_t n = 1;
    while (n < term.size() && term[n] >= 'A' && term[n] <= 'Z') {
        ++n;
    }
    return std::make_pair(term.substr(1, n - 1), term.substr(n));
}

class AliasRewriter {
public:
    AliasRewriter(const aliases::AliasSet& set, const Xapian::Stem& stemmer, std::string_view text)
        : m_set(set), m_stemmer(stemmer) {
        for (const auto& found : set.find(folding::fold_accents(text), aliases::Mode::Query)) {
            const auto& form = set.groups()[found.group].forms[found.form];
            Typed typed{found.group, found.form, stems(form, false), stems(form, true)};
            if (std::none_of(m_typed.begin(), m_typed.end(), [&](const Typed& t) {
                    return t.group == typed.group && t.form == typed.form;
                })) {
                m_typed.push_back(std::move(typed));
            }
        }
    }

    [[nodiscard]] bool any_typed() const { return !m_typed.empty(); }

    Xapian::Query rewrite(const Xapian::Query& query) {
        switch (query.get_type()) {
        case Xapian::Query::LEAF_TERM:
            return rewrite_word(query);
        case Xapian::Query::OP_PHRASE:
            return rewrite_phrase(query);
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
            return rewrite_words(query);
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_SYNONYM:
        case Xapian::Query::OP_MAX: {
            std::vector<Xapian::Query> children = subqueries(query);
            bool changed = false;
            for (auto& child : children) {
                Xapian::Query rewritten = rewrite(child);
                changed = changed || rewritten.get_description() != child.get_description();
                child = std::move(rewritten);
            }
            return changed ? Xapian::Query(query.get_type(), children.begin(), children.end())
                           : query;
        }
        default: // NEAR (its window cannot be read back), wildcards, ranges: as parsed
            return query;
        }
    }

    // One note per group expanded: "aliases: ATACMS also matches Army Tactical Missile System".
    [[nodiscard]] std::vector<std::string> notes() const {
        std::vector<std::string> out;
        for (const auto& typed : m_typed) {
            if (m_used.count(typed.group) == 0) {
                continue;
            }
            const auto& group = m_set.groups()[typed.group];
            std::string others;
            for (std::size_t f = 0; f < group.forms.size(); ++f) {
                if (f != typed.form) {
                    others += (others.empty() ? "" : ", ") + group.forms[f].text;
                }
            }
            std::string note =
                fmt::format("aliases: {} also matches {}", group.forms[typed.form].text, others);
            if (std::find(out.begin(), out.end(), note) == out.end()) {
                out.push_back(std::move(note));
            }
        }
        return out;
    }

private:
    struct Typed {
        std::size_t group;
        std::size_t form;
        std::vector<std::string> stems;   ///< every word's stem
        std::vector<std::string> content; ///< without the stop words the parser drops
    };

    std::vector<std::string> stems(const aliases::Form& form, bool content_only) const {
        std::vector<std::string> out;
        for (const auto& word : form.words) {
            if (content_only && word.rule != aliases::Case::Capitals &&
                analysis::stopper()(word.lower)) {
                continue;
            }
            out.push_back(m_stemmer(word.lower));
        }
        return out;
    }

    static std::vector<Xapian::Query> subqueries(const Xapian::Query& query) {
        std::vector<Xapian::Query> children;
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
            children.push_back(query.get_subquery(i));
        }
        return children;
    }

    Xapian::Query group_term(const std::string& prefix, std::size_t group) {
        m_used.insert(group);
        return Xapian::Query(prefix + m_set.groups()[group].term);
    }

    // Where the stems @p want start among @p children (stemmed words of one prefix), from
    // @p from; the prefix goes to @p prefix.
    static std::optional<std::size_t> find_run(const std::vector<Xapian::Query>& children,
                                               const std::vector<std::string>& want,
                                               std::size_t from, std::string& prefix) {
        for (std::size_t i = from; !want.empty() && i + want.size() <= children.size(); ++i) {
            bool all = true;
            std::string first_prefix;
            for (std::size_t k = 0; k < want.size() && all; ++k) {
                const auto stem = stem_of(children[i + k]);
                all = stem && stem->second == want[k] && (k == 0 || stem->first == first_prefix);
                if (all && k == 0) {
                    first_prefix = stem->first;
                }
            }
            if (all) {
                prefix = first_prefix;
                return i;
            }
        }
        return std::nullopt;
    }

    Xapian::Query rewrite_word(const Xapian::Query& query) {
        const auto stem = stem_of(query);
        if (!stem) {
            return query;
        }
        for (const auto& typed : m_typed) {
            if (typed.stems.size() == 1 && typed.stems.front() == stem->second) {
                return {Xapian::Query::OP_OR, query, group_term(stem->first, typed.group)};
            }
        }
        return query;
    }

    Xapian::Query rewrite_phrase(const Xapian::Query& query) {
        const std::vector<Xapian::Query> children = subqueries(query);
        for (const auto& typed : m_typed) {
            std::string prefix;
            const auto at = find_run(children, typed.stems, 0, prefix);
            if (!at) {
                continue;
            }
            if (typed.stems.size() == children.size()) {
                return {Xapian::Query::OP_OR, query, group_term(prefix, typed.group)};
            }
            // The phrase with each other form in place of this one: the group term where the
            // form starts (it is indexed there), then the other form's further words.
            std::vector<Xapian::Query> alternatives{query};
            const auto& forms = m_set.groups()[typed.group].forms;
            for (std::size_t f = 0; f < forms.size(); ++f) {
                if (f == typed.form) {
                    continue;
                }
                std::vector<Xapian::Query> words(children.begin(),
                                                 children.begin() + static_cast<long>(*at));
                words.push_back(group_term(prefix, typed.group));
                for (std::size_t k = 1; k < forms[f].words.size(); ++k) {
                    words.emplace_back("Z" + prefix + m_stemmer(forms[f].words[k].lower));
                }
                words.insert(words.end(),
                             children.begin() + static_cast<long>(*at + typed.stems.size()),
                             children.end());
                alternatives.emplace_back(Xapian::Query::OP_PHRASE, words.begin(), words.end(),
                                          static_cast<Xapian::termcount>(words.size()));
            }
            return {Xapian::Query::OP_OR, alternatives.begin(), alternatives.end()};
        }
        return query;
    }

    // AND or OR of parts: the words of a multi-word form typed one after another also match
    // the group, and each other part is rewritten on its own.
    Xapian::Query rewrite_words(const Xapian::Query& query) {
        const std::vector<Xapian::Query> children = subqueries(query);
        const bool is_and = query.get_type() == Xapian::Query::OP_AND;
        std::vector<Xapian::Query> out;
        bool changed = false;
        for (std::size_t i = 0; i < children.size();) {
            bool matched = false;
            for (const auto& typed : m_typed) {
                std::string prefix;
                if (typed.content.size() < 2 ||
                    find_run(children, typed.content, i, prefix) != std::optional<std::size_t>(i)) {
                    continue;
                }
                const auto run_end = children.begin() + static_cast<long>(i + typed.content.size());
                if (is_and) {
                    const Xapian::Query run(Xapian::Query::OP_AND,
                                            children.begin() + static_cast<long>(i), run_end);
                    out.emplace_back(Xapian::Query::OP_OR, run, group_term(prefix, typed.group));
                } else {
                    out.insert(out.end(), children.begin() + static_cast<long>(i), run_end);
                    out.push_back(group_term(prefix, typed.group));
                }
                i += typed.content.size();
                matched = changed = true;
                break;
            }
            if (!matched) {
                Xapian::Query rewritten = rewrite(children[i]);
                changed = changed || rewritten.get_description() != children[i].get_description();
                out.push_back(std::move(rewritten));
                ++i;
            }
        }
        return changed ? Xapian::Query(query.get_type(), out.begin(), out.end()) : query;
    }

    const aliases::AliasSet& m_set;
    const Xapian::Stem& m_stemmer;
    std::vector<Typed> m_typed;   ///< the forms the query text names
    std::set<std::size_t> m_used; ///< groups the rewrite added
};

} // namespace

Xapian::Query rewrite_aliases(const Xapian::Query& query, std::string_view text,
                              const aliases::AliasSet& set, const Xapian::Stem& stemmer,
                              std::vector<std::string>* notes) {
    if (set.empty() || query.empty()) {
        return query;
    }
    AliasRewriter rewriter(set, stemmer, text);
    if (!rewriter.any_typed()) {
        return query;
    }
    Xapian::Query rewritten = rewriter.rewrite(query);
    if (notes != nullptr) {
        for (auto& note : rewriter.notes()) {
            notes->push_back(std::move(note));
        }
    }
    return rewritten;
}

namespace {} // namespace

QuerySyntax validate_query_syntax(std::string_view text) {
    // Checked first: bytes that are not UTF-8 cannot be matched (the index holds UTF-8 only),
    // and would be echoed raw.
    if (!text::is_valid_utf8(text)) {
        throw Error(ErrorKind::Usage,
                    fmt::format("the query is not valid UTF-8: '{}'", text::printable(text)),
                    "type the query in UTF-8 (check the terminal's or script's encoding)");
    }
    // Control characters: Xapian's parser splits words at them where this check does not, so
    // it would read a query this check never saw ("t<NUL>ADJ:i" is one word here, "t ADJ:i"
    // there), and some such queries crash Xapian 1.4.22's parser.
    for (std::size_t k = 0; k < text.size(); ++k) {
        if (const int code = text::control_at(text, k); code >= 0 && code != '\r') {
            throw Error(ErrorKind::Usage,
                        fmt::format("the query holds a control character (U+{:04X}) at byte {}: "
                                    "'{}'",
                                    code, k + 1, text::printable(text)),
                        "remove it: words are separated by spaces, tabs or new lines");
        }
    }
    const Tokens tokens = tokenize(text);
    if (tokens.empty()) {
        throw Error(ErrorKind::Usage, "empty query", "give at least one word to search for");
    }
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        check_operands(tokens, k);
    }
    QuerySyntax syntax = describe_exclusions(tokens);
    syntax.lowercase_operators = find_lowercase_operators(text, tokens);
    return syntax;
}

std::pair<std::string, std::string> parse_filter(std::string_view spec) {
    const std::size_t eq = spec.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        throw Error(ErrorKind::Usage, fmt::format("--filter '{}' is not NAME=VALUE", spec),
                    "for example --filter source=Reuters or --filter date.month=2024-11");
    }
    std::string name(spec.substr(0, eq));
    static_cast<void>(schema::require_facet(name, "--filter"));
    std::string value(text::trim(spec.substr(eq + 1)));
    if (value.empty()) {
        throw Error(ErrorKind::Usage, fmt::format("--filter {}= needs a value", name));
    }
    if (name == "date.day") {
        // Accept the forms --since takes (20241118 as well as 2024-11-18).
        if (const auto day = date::parse_iso(value)) {
            value = date::to_iso(*day);
        }
    }
    return {std::move(name), std::move(value)};
}

QueryBuilder::QueryBuilder(const Xapian::Database& db, const Xapian::Stem& stemmer)
    : m_db(db), m_parser(analysis::make_query_parser(db, stemmer)), m_stemmer(stemmer),
      m_aliases(aliases::AliasSet::from_metadata(
          db.get_metadata(std::string(aliases::metadata_key)), "the database")) {
    m_parser.set_max_expansion(max_wildcard_expansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
}

Xapian::Query QueryBuilder::build(const QueryRequest& request, QueryNotes* notes) {
    const QuerySyntax syntax = validate_query_syntax(request.text);
    // "-a -b" excludes a and b from everything, as "NOT a NOT b" would.
    const bool any = request.any || syntax.only_exclusions;
    m_parser.set_default_op(any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
    Xapian::Query query;
    const analysis::QueryStopper stopper(request.text);
    const StopperScope stopper_scope(m_parser, stopper);
    try {
        query = m_parser.parse_query(
            folding::fold_accents(syntax.only_exclusions ? syntax.excluded : request.text),
            parser_flags);
    } catch (const Xapian::QueryParserError& e) {
        syntax_error(e.get_msg());
    } catch (const Xapian::RangeError& e) {
        syntax_error(e.get_msg());
    }
    if (notes != nullptr) {
        *notes = read_notes(m_parser, syntax, request.text, request.any);
    }
    query = rewrite_aliases(query, syntax.only_exclusions ? syntax.excluded : request.text,
                            m_aliases, m_stemmer, notes != nullptr ? &notes->notes : nullptr);
    if (syntax.only_exclusions && !query.empty()) {
        query = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, query);
    }
    if (query.empty()) {
        throw Error(ErrorKind::Usage,
                    fmt::format("query '{}' has no word to search for", request.text),
                    "search for words made of letters or digits");
    }
    // Xapian 1.4's matcher recomputes the maximum weight of the whole OR tree each time one of
    // its posting lists runs out, so an OR of n words costs about n * n (10,000 words under
    // --any: 2 s; 20,000: 6 s). The parsing above is linear; the cap keeps the matching fast.
    std::size_t distinct = 0;
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        ++distinct;
    }
    if (distinct > max_query_words) {
        throw Error(ErrorKind::Usage,
                    fmt::format("the query has {} distinct words; at most {} are allowed", distinct,
                                max_query_words),
                    "keep the most distinctive words; stop words do not count");
    }

    return restrict(query, request);
}

Xapian::Query QueryBuilder::restrict(Xapian::Query query, const QueryRequest& request) const {
    // Facet filters: OR within a facet, AND across facets, as boolean filters (no weight).
    std::map<std::string, std::vector<Xapian::Query>> by_facet;
    for (const auto& [name, value] : request.filters) {
        const auto& field = schema::require_facet(name, "--filter");
        by_facet[name].push_back(facet_filter(m_db, field, value));
    }
    for (const auto& [name, alternatives] : by_facet) {
        query = Xapian::Query(
            Xapian::Query::OP_FILTER, query,
            Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end()));
    }
    if (request.since && request.until && *request.until < *request.since) {
        throw Error(ErrorKind::Usage,
                    fmt::format("--until {} is before --since {}", date::to_iso(*request.until),
                                date::to_iso(*request.since)));
    }
    if (request.since || request.until) {
        // Alone, the range is read from its terms' posting lists; with anything else to lead
        // the match, each candidate's day is tested in the column (when there is one): opening
        // and skipping through a month's thirty day terms cost more than the rest of the search.
        const DayColumn* day_column =
            query.get_type() == Xapian::Query::LEAF_MATCH_ALL ? nullptr : m_days;
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, date_filter(request, day_column));
    }
    return query;
}

Xapian::Query QueryBuilder::date_filter(const QueryRequest& request,
                                        const DayColumn* day_column) const {
    // An OR of the fewest year, month and day filter terms that cover the range: each posting
    // list is read once, where a value range would read and test every candidate's date (three
    // to ten times slower on a month's window). Open ends stop at the corpus's own dates.
    const std::string lowest = m_db.get_value_lower_bound(schema::Published);
    const std::string highest = m_db.get_value_upper_bound(schema::Published);
    const std::optional<Date> first = request.since ? request.since : from_compact(lowest);
    const std::optional<Date> last = request.until ? request.until : from_compact(highest);
    if (!first || !last || *last < *first) {
        return Xapian::Query::MatchNothing;
    }
    if (day_column != nullptr) {
        return day_column->between(date::to_iso(*first), date::to_iso(*last));
    }
    using namespace std::chrono;
    const auto to_days = [](const Date& d) {
        return sys_days{year_month_day{year{d.year}, month{d.month}, day{d.day}}};
    };
    const auto term = [](std::string_view facet, const std::string& value) {
        return schema::filter_term(*schema::find_facet(facet), value);
    };
    std::vector<std::string> terms;
    const sys_days end = to_days(*last);
    for (sys_days at = to_days(*first); at <= end;) {
        const year_month_day ymd{at};
        const int y = static_cast<int>(ymd.year());
        const auto m = static_cast<unsigned>(ymd.month());
        const sys_days year_end{ymd.year() / December / 31};
        const sys_days month_end{ymd.year() / ymd.month() / std::chrono::last};
        if (ymd.month() == January && ymd.day() == day{1} && year_end <= end) {
            terms.push_back(term("date.year", fmt::format("{:04}", y)));
            at = year_end + days{1};
        } else if (ymd.day() == day{1} && month_end <= end) {
            terms.push_back(term("date.month", fmt::format("{:04}-{:02}", y, m)));
            at = month_end + days{1};
        } else {
            terms.push_back(term("date.day", fmt::format("{:04}-{:02}-{:02}", y, m,
                                                         static_cast<unsigned>(ymd.day()))));
            at += days{1};
        }
    }
    return {Xapian::Query::OP_OR, terms.begin(), terms.end()};
}

} // namespace news::searcher
