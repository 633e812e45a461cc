/// @file
/// @brief Claim extraction: the quantities a text states, what they count and their hedges.
#include "news/searcher/claims.hpp"

#include "claims_text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <optional>

namespace news::searcher::claims {
namespace {

using detail::lower;
using detail::Token;
using detail::TokenKind;

template <std::size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view word) {
    return std::find(list.begin(), list.end(), word) != list.end();
}

// Words that end a noun phrase (and never are the thing counted).
constexpr auto stop_words = std::to_array<std::string_view>(
    {"a",        "an",      "the",     "this",   "that",    "these",       "those",   "and",
     "or",       "but",     "nor",     "of",     "in",      "on",          "at",      "to",
     "from",     "by",      "for",     "with",   "without", "into",        "onto",    "over",
     "under",    "about",   "after",   "before", "since",   "during",      "between", "among",
     "across",   "per",     "than",    "as",     "is",      "are",         "was",     "were",
     "be",       "been",    "being",   "has",    "have",    "had",         "do",      "does",
     "did",      "will",    "would",   "could",  "should",  "may",         "might",   "must",
     "can",      "shall",   "said",    "says",   "say",     "told",        "who",     "which",
     "whom",     "whose",   "it",      "its",    "they",    "them",        "their",   "he",
     "she",      "his",     "her",     "we",     "our",     "you",         "your",    "i",
     "me",       "my",      "us",      "there",  "here",    "when",        "where",   "while",
     "if",       "so",      "not",     "no",     "also",    "more",        "less",    "most",
     "least",    "up",      "down",    "out",    "off",     "each",        "every",   "all",
     "both",     "either",  "neither", "other",  "another", "such",        "only",    "just",
     "even",     "still",   "already", "now",    "then",    "ago",         "later",   "earlier",
     "apiece",   "because", "like",    "via",    "against", "through",     "vs",      "indoors",
     "outdoors", "last",    "next",    "per",    "a",       "year-on-year"});

constexpr auto months = std::to_array<std::string_view>(
    {"january",  "february", "march",    "april",  "may", "june", "july",   "august",  "september",
     "october",  "november", "december", "jan",    "feb", "mar",  "apr",    "jun",     "jul",
     "aug",      "sep",      "sept",     "oct",    "nov", "dec",  "monday", "tuesday", "wednesday",
     "thursday", "friday",   "saturday", "sunday", "mon", "tue",  "wed",    "thu",     "fri"});

// A word before a number that makes the number a label, not an amount: "page 5", "No. 3",
// "aged 82", "Flight 370" (capitalised words are caught by a rule of their own).
constexpr auto label_words = std::to_array<std::string_view>(
    {"page",      "p",        "pp",      "no",       "number", "chapter", "section",
     "article",   "item",     "line",    "rank",     "ranked", "room",    "flight",
     "route",     "version",  "level",   "grade",    "phase",  "season",  "episode",
     "volume",    "vol",      "issue",   "category", "class",  "row",     "seat",
     "gate",      "platform", "channel", "box",      "pg",     "tier",    "stage",
     "paragraph", "figure",   "table",   "aged",     "age",    "ages",    "district"});

// Times and time zones after a number: "10 a.m.", "3 pm", "14 GMT".
constexpr auto time_words =
    std::to_array<std::string_view>({"a.m.", "p.m.", "a.m", "p.m", "am", "pm", "gmt", "est", "edt",
                                     "et", "bst", "cet", "utc", "pst", "pdt", "cst", "cdt", "hrs"});

// Units a measure is stated in: the thing is the unit, and "about" says what is measured.
constexpr auto unit_words = std::to_array<std::string_view>(
    {"percent",    "pct",       "dollars",   "dollar",    "dlrs",     "dlr",     "euros",
     "euro",       "pounds",    "pound",     "stg",       "sterling", "yen",     "yuan",
     "rupees",     "cents",     "cts",       "cent",      "francs",   "marks",   "pesos",
     "roubles",    "rubles",    "riyals",    "miles",     "mile",     "km",      "kilometres",
     "kilometers", "kilometre", "kilometer", "metres",    "meters",   "feet",    "foot",
     "inches",     "yards",     "kilograms", "kg",        "kilos",    "tonnes",  "tons",
     "barrels",    "bpd",       "gallons",   "litres",    "liters",   "acres",   "hectares",
     "degrees",    "points",    "years",     "year",      "months",   "month",   "weeks",
     "week",       "days",      "day",       "hours",     "hour",     "minutes", "minute",
     "seconds",    "mph",       "knots",     "megawatts", "mw",       "ounces",  "bushels"});

constexpr auto time_units = std::to_array<std::string_view>(
    {"year", "month", "week", "day", "hour", "minute", "second", "decade"});

// Words between a number and what it counts that say the number is an expectation.
constexpr auto projection_words = std::to_array<std::string_view>(
    {"could",      "might",       "may",       "would",      "will",      "shall",
     "plan",       "plans",       "planned",   "planning",   "expected",  "expect",
     "expects",    "forecast",    "forecasts", "projected",  "predicted", "predicts",
     "eventually", "potentially", "possibly",  "likely",     "aims",      "aim",
     "intends",    "intend",      "hopes",     "seeks",      "propose",   "proposes",
     "proposed",   "wants",       "want",      "threatened", "threatens", "'ll"});

// Verbs that put a number after what it counts: "the number of troops could rise to 100,000".
constexpr auto amount_verbs = std::to_array<std::string_view>(
    {"rise",      "rose",      "risen",     "rising",  "rises",    "climb",     "climbed",
     "climbs",    "reach",     "reached",   "reaches", "reaching", "hit",       "hits",
     "total",     "totaled",   "totalled",  "totals",  "totaling", "totalling", "number",
     "numbered",  "numbering", "numbers",   "stood",   "stands",   "grew",      "grow",
     "grown",     "fell",      "fall",      "fallen",  "falls",    "dropped",   "drops",
     "jumped",    "increased", "decreased", "was",     "were",     "is",        "are",
     "estimated", "put",       "doubled",   "swelled"});

// Words skipped between a noun and its verb: "troops could eventually rise to".
constexpr auto auxiliaries = std::to_array<std::string_view>(
    {"could", "would", "will",       "may",     "might",      "has",    "have", "had",
     "is",    "are",   "was",        "were",    "be",         "been",   "now",  "already",
     "soon",  "also",  "eventually", "further", "reportedly", "sharply"});

struct Hedge {
    std::array<std::string_view, 3> words;
    std::string_view name;
};

// Hedges before a number, longest first within each first word.
constexpr auto hedges = std::to_array<Hedge>({
    {{"as", "many", "as"}, "as many as"},
    {{"as", "much", "as"}, "as much as"},
    {{"as", "few", "as"}, "as few as"},
    {{"as", "little", "as"}, "as little as"},
    {{"no", "more", "than"}, "no more than"},
    {{"no", "fewer", "than"}, "no fewer than"},
    {{"no", "less", "than"}, "no less than"},
    {{"a", "little", "over"}, "a little over"},
    {{"in", "excess", "of"}, "in excess of"},
    {{"up", "to", ""}, "up to"},
    {{"more", "than", ""}, "more than"},
    {{"fewer", "than", ""}, "fewer than"},
    {{"less", "than", ""}, "less than"},
    {{"at", "least", ""}, "at least"},
    {{"at", "most", ""}, "at most"},
    {{"well", "over", ""}, "well over"},
    {{"just", "over", ""}, "just over"},
    {{"just", "under", ""}, "just under"},
    {{"close", "to", ""}, "close to"},
    {{"upwards", "of", ""}, "upwards of"},
    {{"an", "estimated", ""}, "an estimated"},
    {{"estimated", "", ""}, "estimated"},
    {{"about", "", ""}, "about"},
    {{"approximately", "", ""}, "approximately"},
    {{"approx", "", ""}, "approximately"},
    {{"around", "", ""}, "around"},
    {{"roughly", "", ""}, "roughly"},
    {{"some", "", ""}, "some"},
    {{"nearly", "", ""}, "nearly"},
    {{"almost", "", ""}, "almost"},
    {{"over", "", ""}, "over"},
    {{"under", "", ""}, "under"},
    {{"below", "", ""}, "below"},
    {{"above", "", ""}, "above"},
    {{"maximum", "", ""}, "maximum"},
    {{"minimum", "", ""}, "minimum"},
    {{"reportedly", "", ""}, "reportedly"},
    {{"only", "", ""}, "only"},
});

constexpr auto change_verbs = std::to_array<std::string_view>(
    {"rose",     "rise",    "rises",  "risen",   "fell",   "fall",      "falls",
     "fallen",   "dropped", "drop",   "climbed", "jumped", "increased", "decreased",
     "declined", "slipped", "gained", "lost",    "cut",    "raised",    "lowered",
     "down",     "up",      "higher", "lower",   "shed",   "added"});

constexpr auto vague_amounts = std::to_array<std::string_view>(
    {"hundreds", "thousands", "millions", "billions", "trillions", "dozens", "tens"});

double small_number(std::string_view w) {
    static constexpr auto units = std::to_array<std::string_view>(
        {"zero",     "one",     "two",     "three",     "four",     "five",    "six",
         "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
         "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"});
    static constexpr auto tens = std::to_array<std::string_view>(
        {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"});
    for (std::size_t i = 0; i < units.size(); ++i) {
        if (w == units[i]) {
            return static_cast<double>(i);
        }
    }
    for (std::size_t i = 0; i < tens.size(); ++i) {
        if (w == tens[i]) {
            return static_cast<double>(20 + 10 * i);
        }
        if (w.starts_with(tens[i]) && w.size() > tens[i].size() + 1 && w[tens[i].size()] == '-') {
            const double rest = small_number(w.substr(tens[i].size() + 1));
            if (rest >= 1 && rest <= 9) {
                return static_cast<double>(20 + 10 * i) + rest;
            }
        }
    }
    return -1;
}

double multiplier(std::string_view w) {
    if (w == "hundred") {
        return 1e2;
    }
    if (w == "thousand") {
        return 1e3;
    }
    if (w == "million" || w == "mln" || w == "mn") {
        return 1e6;
    }
    if (w == "billion" || w == "bln" || w == "bn") {
        return 1e9;
    }
    if (w == "trillion" || w == "tln" || w == "trn" || w == "tn") {
        return 1e12;
    }
    return 0;
}

// The display name of a currency symbol (and code before it: "C$").
std::string_view currency_name(std::string_view symbol, std::string_view code) {
    if (symbol == "$") {
        if (code == "C") {
            return "Canadian dollars";
        }
        if (code == "A") {
            return "Australian dollars";
        }
        if (code == "HK") {
            return "Hong Kong dollars";
        }
        if (code == "NZ") {
            return "New Zealand dollars";
        }
        return "dollars";
    }
    if (symbol == "\u00A3") {
        return "pounds";
    }
    if (symbol == "\u20AC") {
        return "euros";
    }
    if (symbol == "\u00A5") {
        return "yen";
    }
    return {};
}

bool capitalised(const Token& t) {
    return t.kind == TokenKind::Word && t.text[0] >= 'A' && t.text[0] <= 'Z';
}

bool plural_looking(std::string_view lw) {
    static constexpr auto irregular = std::to_array<std::string_view>(
        {"people", "men",       "women",     "children",  "police",   "staff",  "cattle",
         "feet",   "personnel", "crew",      "sheep",     "aircraft", "fish",   "deer",
         "series", "species",   "offspring", "livestock", "militia",  "clergy", "youth"});
    if (in(irregular, lw) || lw.ends_with("men")) {
        return true;
    }
    return lw.size() > 3 && lw.back() == 's' && !lw.ends_with("ss") && !lw.ends_with("us") &&
           !lw.ends_with("is") && !lw.ends_with("'s") && !lw.ends_with("\u2019s") &&
           !lw.ends_with("\u2018s");
}

// One amount: "$1.5 billion", "10,000", "twenty-five", "3.5%", "300m".
struct Amount {
    std::size_t first = 0; ///< first token (a currency symbol, a number or a number word)
    std::size_t last = 0;  ///< last token, inclusive
    double value = 0;
    double scale = 1;      ///< the multiplier applied ("million")
    std::string_view unit; ///< "percent", "dollars", "km", ... from a symbol or suffix
    bool spelled = false;  ///< written in words
    bool has_currency = false;
    std::string_view compound; ///< the unit of a spelled compound: "year" in "three-year"
};

class Extractor {
public:
    Extractor(std::string_view text, detail::Span span)
        : m_text(text), m_span(span), m_tk(detail::tokenize(text, span)) {
        m_lw.reserve(m_tk.size());
        for (const Token& t : m_tk) {
            m_lw.push_back(lower(t.text));
        }
    }

    void run(std::vector<Claim>& out);

private:
    [[nodiscard]] bool word(std::size_t i, std::string_view w) const {
        return i < m_tk.size() && m_lw[i] == w;
    }
    [[nodiscard]] bool punct(std::size_t i, std::string_view p) const {
        return i < m_tk.size() && m_tk[i].kind == TokenKind::Punct && m_tk[i].text == p;
    }
    [[nodiscard]] bool adjacent(std::size_t i) const {
        return i < m_tk.size() && !m_tk[i].space_before;
    }
    [[nodiscard]] bool clause_mark(std::size_t i) const;
    [[nodiscard]] bool participle(std::size_t i) const {
        const std::string& w = m_lw[i];
        return !capitalised(m_tk[i]) &&
               (w.ends_with("ed") || w.ends_with("ing") || w.ends_with("ly"));
    }
    [[nodiscard]] bool million_before(std::size_t i) const {
        return i < m_tk.size() && m_tk[i].kind == TokenKind::Word && !capitalised(m_tk[i]) &&
               plural_looking(m_lw[i]) && !in(stop_words, m_lw[i]);
    }

    std::optional<Amount> amount_at(std::size_t i) const;
    std::optional<Amount> digits_at(std::size_t i) const;
    std::optional<Amount> words_at(std::size_t i) const;
    [[nodiscard]] bool excluded(const Amount& a, std::size_t before) const;
    [[nodiscard]] std::size_t hedge_before(std::size_t first, std::string* name) const;
    [[nodiscard]] std::pair<std::size_t, std::size_t> noun_phrase(std::size_t from,
                                                                  bool singular_ok = true) const;
    [[nodiscard]] std::pair<std::size_t, std::size_t> subject_before(std::size_t before) const;
    [[nodiscard]] bool projected(std::size_t before, std::size_t after) const;
    [[nodiscard]] std::string_view slice(std::size_t first, std::size_t last) const {
        return m_text.substr(m_tk[first].begin, m_tk[last].end - m_tk[first].begin);
    }

    std::string_view m_text;
    detail::Span m_span;
    std::vector<Token> m_tk;
    std::vector<std::string> m_lw;
};

bool Extractor::clause_mark(std::size_t i) const {
    if (m_tk[i].kind == TokenKind::Punct) {
        const std::string_view p = m_tk[i].text;
        return p == "," || p == ";" || p == ":" || p == "(" || p == ")" || p == "\"" ||
               p == "\u201C" || p == "\u201D" || p == "\u2014" || p == "\u2013";
    }
    const std::string& w = m_lw[i];
    return w == "that" || w == "which" || w == "where" || w == "who" || w == "when" ||
           w == "while" || w == "because" || w == "and" || w == "but";
}

std::optional<Amount> Extractor::digits_at(std::size_t i) const {
    Amount a;
    a.first = i;
    std::size_t k = i;
    std::string_view code;
    if (m_tk[k].kind == TokenKind::Word && k + 2 < m_tk.size() && punct(k + 1, "$") &&
        adjacent(k + 1) &&
        (m_tk[k].text == "US" || m_tk[k].text == "C" || m_tk[k].text == "A" ||
         m_tk[k].text == "HK" || m_tk[k].text == "NZ")) {
        code = m_tk[k].text;
        ++k;
    }
    if (m_tk[k].kind == TokenKind::Punct) {
        const std::string_view name = currency_name(m_tk[k].text, code);
        if (name.empty() || k + 1 >= m_tk.size() || m_tk[k + 1].kind != TokenKind::Number) {
            return std::nullopt;
        }
        a.unit = name;
        a.has_currency = true;
        ++k;
    } else if (!code.empty()) {
        return std::nullopt;
    }
    if (m_tk[k].kind != TokenKind::Number) {
        return std::nullopt;
    }
    const std::string_view digits = m_tk[k].text;
    std::string plain;
    for (const char c : digits) {
        if (c != ',') {
            plain += c;
        }
    }
    a.value = std::strtod(plain.c_str(), nullptr);
    a.last = k;
    // A suffix written on the number: "300m", "1.5bn", "10km", "17th".
    if (k + 1 < m_tk.size() && adjacent(k + 1) && m_tk[k + 1].kind == TokenKind::Word) {
        const std::string& s = m_lw[k + 1];
        const double m = multiplier(s);
        // "m" is a million after a currency ("£300m") or before a plural noun ("5m people"),
        // metres otherwise ("the 60m", "a 100m world title").
        const bool million = s == "m" && (a.has_currency || million_before(k + 2));
        if (m >= 1e6 || million || (s == "b" && a.has_currency) || (s == "k" && a.has_currency)) {
            a.scale = m > 0 ? m : (s == "m" ? 1e6 : (s == "b" ? 1e9 : 1e3));
        } else if (s == "m") {
            a.unit = "metres";
        } else if (s == "km" || s == "kg" || s == "mph" || s == "mm" || s == "cm" || s == "ft" ||
                   s == "lb" || s == "lbs" || s == "mw" || s == "gw" || s == "bpd") {
            a.unit = m_tk[k + 1].text;
        } else {
            return std::nullopt; // "17th", "1990s", "3D", "4pm", "5G": not an amount
        }
        a.last = k + 1;
    } else if (k + 1 < m_tk.size() && m_tk[k + 1].kind == TokenKind::Word) {
        const double m = multiplier(m_lw[k + 1]);
        if (m > 0) {
            a.scale = m;
            a.last = k + 1;
        }
    }
    a.value *= a.scale;
    if (a.last + 1 < m_tk.size() && punct(a.last + 1, "%")) {
        a.unit = "percent";
        ++a.last;
    }
    return a;
}

std::optional<Amount> Extractor::words_at(std::size_t i) const {
    Amount a;
    a.first = i;
    a.spelled = true;
    std::size_t k = i;
    // "three-year", "two-thirds": a number word glued to a word.
    if (const std::size_t dash = m_lw[i].find('-');
        dash != std::string::npos && small_number(m_lw[i]) < 0) {
        const double n = small_number(std::string_view(m_lw[i]).substr(0, dash));
        if (n < 2) {
            return std::nullopt;
        }
        a.value = n;
        a.last = i;
        a.compound = m_tk[i].text.substr(dash + 1);
        return a;
    }
    double total = 0;
    double current = -1;
    bool any = false;
    if ((word(k, "a") || word(k, "an")) && k + 1 < m_tk.size() &&
        (multiplier(m_lw[k + 1]) > 0 || m_lw[k + 1] == "dozen")) {
        current = 1;
        any = true;
        ++k;
    }
    while (k < m_tk.size() && m_tk[k].kind == TokenKind::Word) {
        const std::string& w = m_lw[k];
        const double n = small_number(w);
        const double m = multiplier(w);
        if (n >= 0 && current < 0) {
            current = n;
        } else if (n >= 0 && current >= 0 && current >= 100 && n < 100) {
            current += n;
        } else if (w == "dozen" && current >= 0) {
            current *= 12;
        } else if (w == "dozen" && current < 0 && any) {
            current = 12;
        } else if (m > 0 && current >= 0) {
            if (m == 1e2) {
                current *= m;
            } else {
                total += current * m;
                current = 0;
                a.scale = m;
            }
        } else if (w == "and" && current >= 100 && k + 1 < m_tk.size() &&
                   small_number(m_lw[k + 1]) > 0) {
            ++k;
            continue;
        } else {
            break;
        }
        any = true;
        a.last = k;
        ++k;
    }
    if (!any || current < 0) {
        return std::nullopt;
    }
    a.value = total + current;
    // "one" alone is mostly a pronoun ("one of the people said"): only "one million" counts.
    if (a.value <= 1 && a.scale == 1) {
        return std::nullopt;
    }
    return a;
}

std::optional<Amount> Extractor::amount_at(std::size_t i) const {
    const Token& t = m_tk[i];
    if (t.kind == TokenKind::Word) {
        const std::string_view head = std::string_view(m_lw[i]).substr(0, m_lw[i].find('-'));
        if (small_number(m_lw[i]) >= 0 || small_number(head) >= 0 || m_lw[i] == "a" ||
            m_lw[i] == "an") {
            return words_at(i);
        }
        if ((t.text == "US" || t.text == "C" || t.text == "A" || t.text == "HK" ||
             t.text == "NZ") &&
            punct(i + 1, "$")) {
            return digits_at(i);
        }
        return std::nullopt;
    }
    return digits_at(i);
}

std::size_t Extractor::hedge_before(std::size_t first, std::string* name) const {
    for (const Hedge& h : hedges) {
        std::size_t n = 0;
        while (n < h.words.size() && !h.words[n].empty()) {
            ++n;
        }
        if (first < n) {
            continue;
        }
        bool match = true;
        for (std::size_t j = 0; j < n && match; ++j) {
            match = word(first - n + j, h.words[j]);
        }
        if (match) {
            *name = h.name;
            return first - n;
        }
    }
    return first;
}

// Whether the amount is a date, a time, a year, a label, an id, an age or a list number.
bool Extractor::excluded(const Amount& a, std::size_t before) const {
    const std::size_t num =
        a.has_currency ? a.first + (m_tk[a.first].kind == TokenKind::Word ? 2 : 1) : a.first;
    const Token& n = m_tk[num];
    const std::size_t next = a.last + 1;
    if (!a.spelled) {
        const std::string_view d = n.text;
        const auto dots = std::count(d.begin(), d.end(), '.');
        const bool comma = d.find(',') != std::string_view::npos;
        if (dots >= 2) {
            return true; // a version: "1.2.3"
        }
        if (d.size() > 1 && d[0] == '0' && d[1] != '.') {
            return true; // an id: "007", "0100"
        }
        if (!comma && dots == 0 && d.size() >= 6) {
            return true; // an id or a date: "20241118"
        }
        if (!comma && dots == 0 && d.size() == 4 && a.scale == 1 && a.unit.empty()) {
            const int y = std::atoi(std::string(d).c_str());
            if (y >= 1000 && y <= 2100) {
                return true; // a year
            }
        }
        // A number glued to a word before it: "G7", "A320", "COVID-19", "mid-2024".
        if (num > 0 && adjacent(num) && !a.has_currency) {
            if (m_tk[num - 1].kind == TokenKind::Word) {
                return true;
            }
            if ((punct(num - 1, "-") || punct(num - 1, "/") || punct(num - 1, ":") ||
                 punct(num - 1, ".")) &&
                num > 1 && adjacent(num - 1) && m_tk[num - 2].kind != TokenKind::Punct) {
                return true;
            }
            if (punct(num - 1, "#")) {
                return true;
            }
        }
        // Times, dates and fractions: "10:30", "11/18", "3/4".
        if (next < m_tk.size() && adjacent(next) && (punct(next, ":") || punct(next, "/")) &&
            next + 1 < m_tk.size() && m_tk[next + 1].kind == TokenKind::Number &&
            adjacent(next + 1)) {
            return true;
        }
        // A list number: "1." or "2)" opening a sentence.
        if (num == 0 && next < m_tk.size() && (punct(next, ".") || punct(next, ")"))) {
            return true;
        }
        if (num == 1 && punct(0, "(") && punct(next, ")")) {
            return true;
        }
    }
    if (next < m_tk.size()) {
        if (m_tk[next].kind == TokenKind::Word &&
            (in(time_words, m_lw[next]) || m_lw[next] == "o'clock" ||
             (in(months, m_lw[next]) && capitalised(m_tk[next])))) {
            return true; // "10 a.m.", "17 November"
        }
        if (word(next, "a") && next + 3 < m_tk.size() && punct(next + 1, ".") &&
            word(next + 2, "m")) {
            return true;
        }
    }
    if (before == 0) {
        return false;
    }
    const std::size_t p = before - 1; // the token just before the amount and its hedge
    if (m_tk[p].kind == TokenKind::Word) {
        if (in(months, m_lw[p]) && capitalised(m_tk[p])) {
            return true; // "November 17"
        }
        if (in(label_words, m_lw[p])) {
            return true;
        }
        // A name and a number: "World War 3", "Article 5", "Windows 10"; and "Group of 20".
        if (capitalised(m_tk[p]) && p > 0 && before == a.first) {
            return true;
        }
        if (m_lw[p] == "of" && p > 1 && capitalised(m_tk[p - 1]) && before == a.first) {
            return true;
        }
    }
    if (punct(p, ".") && p > 0 && (in(months, m_lw[p - 1]) || in(label_words, m_lw[p - 1]))) {
        return true; // "Nov. 17", "No. 7"
    }
    if (punct(p, "#")) {
        return true;
    }
    // An age after a name: "Biden, 82," and "Biden (82)".
    if ((punct(p, ",") || punct(p, "(")) && p > 0 && capitalised(m_tk[p - 1]) && !a.spelled &&
        (next >= m_tk.size() || punct(next, ",") || punct(next, ")") || punct(next, "."))) {
        return true;
    }
    return false;
}

// The noun phrase from @p from: [first, last] tokens, or first > last when there is none.
std::pair<std::size_t, std::size_t> Extractor::noun_phrase(std::size_t from,
                                                           bool singular_ok) const {
    std::size_t k = from;
    std::size_t last = from;
    bool any = false;
    while (k < m_tk.size() && k < from + 5 && m_tk[k].kind == TokenKind::Word) {
        const std::string& w = m_lw[k];
        if (in(stop_words, w) || in(months, w) || small_number(w) >= 0 || multiplier(w) > 0 ||
            in(time_words, w)) {
            break;
        }
        if (any && !capitalised(m_tk[k]) &&
            (w.ends_with("ed") || w.ends_with("ing") || w.ends_with("ly"))) {
            break;
        }
        if (any && capitalised(m_tk[k]) && !capitalised(m_tk[k - 1])) {
            break; // "troops Monday"
        }
        if (k + 2 < m_tk.size() && punct(k + 1, "-") && adjacent(k + 1) && adjacent(k + 2) &&
            m_tk[k + 2].kind == TokenKind::Number) {
            break; // "mid-2004"
        }
        any = true;
        last = k;
        ++k;
        if (plural_looking(w) && !capitalised(m_tk[last])) {
            break;
        }
    }
    // A participle or verb left at the end is not a noun: "10,000 crossed the border".
    while (any && last > from && participle(last)) {
        --last;
    }
    if (!any || (last == from && participle(last))) {
        return {1, 0};
    }
    // More than one of something is said in the plural: "the two met" counts nothing.
    if (!singular_ok && !capitalised(m_tk[last]) && !plural_looking(m_lw[last])) {
        return {1, 0};
    }
    return {from, last};
}

// What a number with nothing countable after it counts, found before it: the noun of
// "a force of 10,000" or "a range of about 190 miles", the subject of "the number of troops
// could rise to 100,000" or "inflation rose 3.5 percent". @p before is the first token of the
// amount and its hedge.
std::pair<std::size_t, std::size_t> Extractor::subject_before(std::size_t before) const {
    if (before == 0) {
        return {1, 0};
    }
    std::size_t p = before - 1;
    const auto phrase_ending_at = [&](std::size_t end) -> std::pair<std::size_t, std::size_t> {
        std::size_t b = end;
        while (b > 0 && b <= end && end - (b - 1) < 4 && m_tk[b - 1].kind == TokenKind::Word &&
               !in(stop_words, m_lw[b - 1]) && !in(amount_verbs, m_lw[b - 1]) &&
               (b - 1 == end || !participle(b - 1)) &&
               !(b - 1 < end && capitalised(m_tk[b - 1]) && !capitalised(m_tk[b]))) {
            --b;
        }
        return {b, end};
    };
    const auto noun_ok = [&](std::size_t i) {
        return m_tk[i].kind == TokenKind::Word && !in(stop_words, m_lw[i]) &&
               !in(amount_verbs, m_lw[i]) && !in(months, m_lw[i]) && small_number(m_lw[i]) < 0;
    };
    if (m_lw[p] == "of") {
        if (p > 0 && noun_ok(p - 1)) {
            const std::string& x = m_lw[p - 1];
            if (x == "total" || x == "number" || x == "sum" || x == "figure" || x == "tally") {
                return {1, 0};
            }
            return phrase_ending_at(p - 1);
        }
        return {1, 0};
    }
    if (m_lw[p] == "to" || m_lw[p] == "at" || m_lw[p] == "by") {
        if (p == 0) {
            return {1, 0};
        }
        --p;
    }
    if (!in(amount_verbs, m_lw[p]) || p == 0) {
        return {1, 0};
    }
    std::size_t q = p - 1;
    while (q > 0 && in(auxiliaries, m_lw[q])) {
        --q;
    }
    if (!noun_ok(q) || in(auxiliaries, m_lw[q])) {
        return {1, 0};
    }
    return phrase_ending_at(q);
}

bool Extractor::projected(std::size_t before, std::size_t after) const {
    std::size_t k = before;
    while (k > 0) {
        --k;
        if (clause_mark(k)) {
            break;
        }
        if (in(projection_words, m_lw[k])) {
            return true;
        }
    }
    for (std::size_t j = after; j < m_tk.size() && j < after + 2; ++j) {
        if (in(projection_words, m_lw[j]) && m_lw[j] != "likely") {
            return true;
        }
    }
    return false;
}

void Extractor::run(std::vector<Claim>& out) {
    const std::string sentence =
        detail::squeeze(m_text.substr(m_span.begin, m_span.end - m_span.begin));
    // The claims of this sentence so far: where each is in @p out, and for "from X to Y" the
    // first token of Y's hedge and amount.
    struct Pending {
        std::size_t index = 0;
        std::size_t change_to = 0;
    };
    std::vector<Pending> sentence_claims;
    std::size_t i = 0;
    while (i < m_tk.size()) {
        // Vague amounts are not claims, nor is what they lead to: "tens of billions of dollars".
        if (m_tk[i].kind == TokenKind::Word && in(vague_amounts, m_lw[i])) {
            i += 1;
            while (i + 1 < m_tk.size() && word(i, "of") && in(vague_amounts, m_lw[i + 1])) {
                i += 2;
            }
            continue;
        }
        // Chains of three or more hyphenated numbers are dates, phone numbers or ids.
        if (m_tk[i].kind == TokenKind::Number) {
            std::size_t j = i;
            std::size_t count = 1;
            while (j + 2 < m_tk.size() && (punct(j + 1, "-") || punct(j + 1, ".")) &&
                   adjacent(j + 1) && m_tk[j + 2].kind == TokenKind::Number && adjacent(j + 2)) {
                j += 2;
                ++count;
            }
            if (count >= 3) {
                i = j + 1;
                continue;
            }
        }
        std::optional<Amount> a = amount_at(i);
        if (!a) {
            ++i;
            continue;
        }
        std::string hedge;
        const std::size_t before = hedge_before(a->first, &hedge);
        std::size_t end = a->last; // last token of the quantity (range included)
        double high = a->value;
        // A range: "10,000 to 12,000", "10-12", "between 10 and 12 million".
        const std::size_t r = a->last + 1;
        const bool between = before > 0 && word(before - 1, "between");
        // "fell $28.63 to $38.65", "rose from 3 to 5 percent": a change, two values.
        const bool from =
            before > 0 && (word(before - 1, "from") || in(change_verbs, m_lw[before - 1]));
        std::optional<Amount> b;
        if (r + 1 < m_tk.size() && ((word(r, "to") && !from) || (word(r, "and") && between) ||
                                    punct(r, "-") || punct(r, "\u2013"))) {
            b = amount_at(r + 1);
            if (b && (b->spelled != a->spelled)) {
                b.reset();
            }
        }
        if (b) {
            double low = a->value;
            if (a->scale == 1 && b->scale > 1) {
                low *= b->scale;
            }
            const bool hyphen = punct(r, "-");
            const bool glued = hyphen && adjacent(r) && adjacent(r + 1);
            const std::string_view hd = m_tk[b->first].text;
            const std::string_view ld = m_tk[a->first].text;
            if (glued && hd.size() >= 4 && ld.size() == 3 &&
                hd.find(',') == std::string_view::npos) {
                i = b->last + 1; // a phone number: "555-1234"
                continue;
            }
            if (low < b->value) {
                a->value = low;
                high = b->value;
                end = b->last;
                if (a->unit.empty()) {
                    a->unit = b->unit;
                }
                a->last = b->last;
            } else if (glued) {
                i = b->last + 1; // a score: "3-1"
                continue;
            }
        }
        if (excluded(*a, before)) {
            i = a->last + 1;
            continue;
        }
        std::size_t after = end + 1;
        std::string_view unit = a->unit;
        // A unit after the number: "3.5 percent", "190 miles", "50 mln dlrs", "12 per cent".
        if (unit.empty() && after < m_tk.size() && m_tk[after].kind == TokenKind::Word) {
            if (in(unit_words, m_lw[after])) {
                unit = m_tk[after].text;
                ++after;
            } else if (word(after, "per") && word(after + 1, "cent")) {
                unit = "percent";
                after += 2;
            }
        } else if (!unit.empty() && a->has_currency && after < m_tk.size() &&
                   (word(after, "dollars") || word(after, "dlrs"))) {
            ++after;
        }
        // A compound adjective: "a 190-mile range", "a 10,000-strong force", "82-year-old".
        bool compound = false;
        if (unit.empty() && after + 1 < m_tk.size() && punct(after, "-") && adjacent(after) &&
            adjacent(after + 1) && m_tk[after + 1].kind == TokenKind::Word) {
            const std::string& w = m_lw[after + 1];
            if (w.find("old") != std::string::npos || w.starts_with("year-old")) {
                i = after + 2; // an age
                continue;
            }
            compound = true;
            unit = m_tk[after + 1].text;
            after += 2;
        }
        if (!a->compound.empty()) {
            const std::string w = lower(a->compound);
            if (w.find("old") != std::string::npos || w.find("third") != std::string::npos ||
                w.find("quarter") != std::string::npos || w.find("fifth") != std::string::npos) {
                i = after;
                continue; // an age, a fraction
            }
            compound = true;
            unit = a->compound;
        }
        Claim c;
        c.quantity = detail::squeeze(slice(a->first, end));
        c.value = a->value;
        c.high = high;
        c.hedge = hedge;
        c.offset = m_tk[a->first].begin;
        c.sentence = sentence;
        c.sentence_offset = m_span.begin;
        std::pair<std::size_t, std::size_t> np{1, 0};
        const bool same_high = std::fabs(high - a->value) < 1e-9;
        if (!unit.empty()) {
            // "a 10,000-strong force" and "100,000-plus contractors" count the noun after.
            const bool strong = compound && (lower(unit) == "strong" || lower(unit) == "plus");
            if (compound && lower(unit) == "plus" && c.hedge.empty()) {
                c.hedge = "more than";
            }
            c.thing = strong ? std::string() : std::string(unit);
            if (c.thing == "%" || lower(c.thing) == "pct") {
                c.thing = "percent";
            }
            std::size_t from_np = after;
            if (!strong && (word(after, "in") || word(after, "of"))) {
                ++from_np;
            }
            np = noun_phrase(from_np);
            if (np.first > np.second && !compound) {
                np = subject_before(before);
            }
            if (strong) {
                if (np.first <= np.second) {
                    c.thing = detail::squeeze(slice(np.first, np.second));
                }
            } else if (np.first <= np.second) {
                c.about = detail::squeeze(slice(np.first, np.second));
            }
        } else {
            const bool one = std::fabs(a->value - 1) < 1e-9 && same_high;
            np = noun_phrase(after, one);
            // "five of the victims": the thing is what the number is part of.
            if (np.first > np.second && word(after, "of") &&
                (word(after + 1, "the") || word(after + 1, "them") || word(after + 1, "those"))) {
                np = noun_phrase(after + 2, one);
            }
            if (np.first > np.second && !a->spelled) {
                np = subject_before(before);
            }
            if (np.first > np.second && a->spelled) {
                i = end + 1; // a spelled-out number with nothing to count: "the two"
                continue;
            }
            if (np.first <= np.second) {
                c.thing = detail::squeeze(slice(np.first, np.second));
            }
        }
        const std::size_t thing_end =
            np.first <= np.second && np.second >= after ? np.second + 1 : after;
        // "two months ago" is a date.
        if (word(thing_end, "ago") || word(after, "ago")) {
            i = thing_end;
            continue;
        }
        // "four years old" is an age.
        if (in(time_units, detail::word_key(c.thing)) &&
            (word(after, "old") || word(thing_end, "old"))) {
            i = thing_end;
            continue;
        }
        // Hedges written after the amount: "10,000 or so", "10,000 or more".
        if (hedge.empty() && word(end + 1, "or") &&
            (word(end + 2, "so") || word(end + 2, "more"))) {
            c.hedge = word(end + 2, "so") ? "about" : "at least";
        }
        // "North Korea reportedly sent 10,000 troops".
        if (c.hedge.empty()) {
            for (std::size_t k = before; k > 0 && before - k < 6;) {
                --k;
                if (clause_mark(k)) {
                    break;
                }
                if (m_lw[k] == "reportedly") {
                    c.hedge = "reportedly";
                    break;
                }
            }
        }
        c.thing_key = detail::phrase_key(c.thing);
        c.about_key = detail::phrase_key(c.about);
        c.projected = projected(before, thing_end);
        // A number compared with another states the same thing: "603 mln dlrs vs 813 mln",
        // "from 36 to 21 days".
        if (c.thing.empty() && !sentence_claims.empty() && before > 0 &&
            (word(before - 1, "vs") || word(before - 1, "versus") || word(before - 1, "against") ||
             (word(before - 1, "with") && before > 1 && word(before - 2, "compared")))) {
            const Pending& prev = sentence_claims.back();
            c.thing = out[prev.index].thing;
            c.thing_key = out[prev.index].thing_key;
        }
        if (!c.thing.empty()) {
            for (const Pending& prev : sentence_claims) {
                if (out[prev.index].thing.empty() && prev.change_to == a->first) {
                    out[prev.index].thing = c.thing;
                    out[prev.index].thing_key = c.thing_key;
                }
            }
        }
        std::size_t change_to = m_tk.size();
        if (from && word(end + 1, "to")) {
            for (std::size_t k = end + 2; k < m_tk.size() && k < end + 5; ++k) {
                if (amount_at(k)) {
                    change_to = k;
                    break;
                }
            }
        }
        sentence_claims.push_back({out.size(), change_to});
        out.push_back(std::move(c));
        i = std::max(end, thing_end > 0 ? thing_end - 1 : 0) + 1;
    }
}

} // namespace

std::vector<Claim> extract(std::string_view text) {
    std::vector<Claim> out;
    for (const detail::Span& s : detail::sentences(text)) {
        Extractor(text, s).run(out);
    }
    return out;
}

} // namespace news::searcher::claims
