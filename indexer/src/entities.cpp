/// @file
/// @brief Extractor: capitalised spans, context cues and gazetteers, variants merged per article.
#include "news/indexer/entities.hpp"

#include "news/common/text.hpp"

#include "entity_gazetteers.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace news::indexer::entities {

namespace {

enum class Type : std::uint8_t { None, Person, Place, Org };

/// Hashing that lets string_view keys find std::string ones without a copy.
struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};
template <class V> using Map = std::unordered_map<std::string, V, Hash, std::equal_to<>>;
using Set = std::unordered_set<std::string, Hash, std::equal_to<>>;

/// One gazetteer entry: the type and display form of a surface form.
struct Entry {
    Type type = Type::None;
    std::string canonical;
    std::string government; ///< for a capital: the country it stands for as a government
    bool town = false;      ///< a city or town (not a country or region): may name its club
};

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        auto line = text.substr(pos, end - pos);
        pos = end + 1;
        if (auto hash = line.find('#'); hash != std::string_view::npos) {
            line = line.substr(0, hash);
        }
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) {
            line.remove_suffix(1);
        }
        if (!line.empty()) {
            out.push_back(line);
        }
    }
    return out;
}

std::vector<std::string_view> split(std::string_view line, char sep) {
    std::vector<std::string_view> out;
    std::size_t pos = 0;
    while (true) {
        auto end = line.find(sep, pos);
        out.push_back(line.substr(pos, end == std::string_view::npos ? end : end - pos));
        if (end == std::string_view::npos) {
            return out;
        }
        pos = end + 1;
    }
}

bool is_ascii_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_ascii_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_word_byte(char c) {
    return is_ascii_upper(c) || is_ascii_lower(c) || is_digit(c) ||
           static_cast<unsigned char>(c) >= 0x80;
}

/// ASCII lower case: the key of the case-blind lookups (all-caps headlines and datelines).
std::string folded(std::string_view s) {
    std::string out(s);
    for (auto& c : out) {
        if (is_ascii_upper(c)) {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

/// Whether a word starts with a capital letter (ASCII or Latin-1 Supplement), or is a name
/// with a lower-case Arabic particle ("al-Assad").
bool starts_upper(std::string_view w) {
    if (w.empty()) {
        return false;
    }
    if (is_ascii_upper(w[0])) {
        return true;
    }
    if (w.size() >= 2 && static_cast<unsigned char>(w[0]) == 0xC3) {
        auto b = static_cast<unsigned char>(w[1]);
        return b >= 0x80 && b <= 0x9E && b != 0x97;
    }
    for (std::string_view particle : {"al-", "el-", "ad-", "as-", "an-"}) {
        if (w.size() > particle.size() && w.substr(0, particle.size()) == particle &&
            is_ascii_upper(w[particle.size()])) {
            return true;
        }
    }
    return false;
}

/// Lower-case words that join the capitalised words of one name ("Bank of England", "Charles
/// de Gaulle", "Ursula von der Leyen", "Osama bin Laden").
bool is_connector(std::string_view w) {
    static constexpr std::array<std::string_view, 14> connectors = {
        "of", "de", "da", "del", "der", "den", "van", "von", "la", "le", "du", "bin", "ibn", "al"};
    return std::find(connectors.begin(), connectors.end(), w) != connectors.end();
}

/// A connector, or a word that joins the parts of an organisation's name ("Commission for
/// Racial Equality", "Group on Immunization"): never the last word of a name.
bool is_joining_word(std::string_view w) {
    return is_connector(w) || w == "for" || w == "on" || w == "and";
}

/// Abbreviations whose full stop ends no sentence ("Mr. Trump", "St. Louis").
bool is_abbreviation(std::string_view w) {
    static constexpr std::array<std::string_view, 26> abbreviations = {
        "Mr",  "Mrs", "Ms",   "Dr", "St",   "Sen", "Rep",  "Gov",   "Gen",
        "Lt",  "Col", "Jr",   "Sr", "Prof", "Rev", "Capt", "Sgt",   "Adm",
        "Maj", "Inc", "Corp", "Co", "Ltd",  "Mt",  "Ft",   "Messrs"};
    return std::find(abbreviations.begin(), abbreviations.end(), w) != abbreviations.end();
}

/// Verbs of speech after a name: "Putin said", "Pyongyang warned".
bool is_speech_verb(std::string_view w) {
    static constexpr std::array<std::string_view, 16> verbs = {
        "said",   "says",    "told",   "added",   "warned",   "announced", "stated", "wrote",
        "argued", "claimed", "denied", "accused", "insisted", "rejected",  "urged",  "asked"};
    return std::find(verbs.begin(), verbs.end(), w) != verbs.end();
}

/// Lower-case words before a name that make it a company's: "shares of Acme", "stake in
/// Acme", "spokesman for Acme", "to acquire Acme", "analysts at Acme".
bool is_org_cue_before(std::string_view prev2, std::string_view prev) {
    if (prev == "of" || prev == "with" || prev == "for" || prev == "in" || prev == "at") {
        static constexpr std::array<std::string_view, 20> before_of = {
            "shares",       "stake",     "unit",        "subsidiary",   "takeover",
            "shareholders", "spokesman", "spokeswoman", "spokesperson", "merger",
            "analyst",      "analysts",  "economist",   "economists",   "acquisition",
            "division",     "affiliate", "parent",      "bid",          "holding"};
        if (std::find(before_of.begin(), before_of.end(), prev2) == before_of.end()) {
            return false;
        }
        // each cue with the preposition it takes
        if (prev == "in") {
            return prev2 == "stake" || prev2 == "holding";
        }
        if (prev == "at") {
            return prev2 == "analyst" || prev2 == "analysts" || prev2 == "economist" ||
                   prev2 == "economists";
        }
        if (prev == "with") {
            return prev2 == "merger" || prev2 == "merge";
        }
        if (prev == "for") {
            return prev2 == "spokesman" || prev2 == "spokeswoman" || prev2 == "spokesperson" ||
                   prev2 == "bid";
        }
        return prev2 != "analyst" && prev2 != "analysts" && prev2 != "economist" &&
               prev2 != "economists" && prev2 != "spokesman" && prev2 != "spokeswoman" &&
               prev2 != "spokesperson" && prev2 != "holding";
    }
    return prev == "acquire" || prev == "acquired" || prev == "acquiring" ||
           (prev2 == "according" && prev == "to"); // "according to Datamonitor"
}

/// Lower-case words after a company's possessive or name: "Acme's shares", "Acme spokesman".
bool is_org_cue_after(std::string_view w) {
    static constexpr std::array<std::string_view, 21> words = {
        "shares",      "stock",        "shareholders", "stockholders", "subsidiary", "board",
        "directors",   "earnings",     "revenues",     "chief",        "unit",       "spokesman",
        "spokeswoman", "spokesperson", "website",      "executives",   "employees",  "magazine",
        "newspaper",   "tabloid",      "broadcaster"};
    return std::find(words.begin(), words.end(), w) != words.end();
}

/// Nouns of an apposition that make a name an organisation's: "X, a unit of Y", "X, a
/// Dallas-based maker of", "X, the parent company of", "X, a liberal magazine", "X, an advocacy
/// group".
bool is_company_noun(std::string_view w) {
    static constexpr std::array<std::string_view, 31> nouns = {
        "unit",      "subsidiary",   "division",     "affiliate",    "company",      "firm",
        "maker",     "manufacturer", "producer",     "retailer",     "distributor",  "supplier",
        "developer", "provider",     "operator",     "concern",      "conglomerate", "bank",
        "insurer",   "airline",      "magazine",     "newspaper",    "tabloid",      "broadcaster",
        "website",   "charity",      "organisation", "organization", "group",        "agency",
        "nonprofit"};
    return std::find(nouns.begin(), nouns.end(), w) != nouns.end();
}

/// What a company does in "X, which makes ...".
bool is_company_verb(std::string_view w) {
    static constexpr std::array<std::string_view, 12> verbs = {
        "makes",        "owns",     "operates", "employs",  "produces",    "sells",
        "manufactures", "supplies", "markets",  "controls", "distributes", "trades"};
    return std::find(verbs.begin(), verbs.end(), w) != verbs.end();
}

/// A month's name or its abbreviation, in any case, with or without a full stop: "March",
/// "Feb", "SEPT.".
bool is_month(std::string_view w) {
    static constexpr std::array<std::string_view, 25> months = {
        "january", "february", "march",    "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "jan",   "feb", "mar",  "apr",  "jun",    "jul",
        "aug",     "sep",      "sept",     "oct",   "nov", "dec",  "febr"};
    if (!w.empty() && w.back() == '.') {
        w.remove_suffix(1);
    }
    return std::find(months.begin(), months.end(), folded(w)) != months.end();
}

/// Words of sports reports: an article with three of them is one, where a town's name may
/// stand for its club.
bool is_sports_word(std::string_view w) {
    static constexpr std::array<std::string_view, 36> words = {
        "striker",    "midfielder",  "defender",      "goalkeeper",  "winger",     "fly-half",
        "scrum-half", "flanker",     "full-back",     "referee",     "penalty",    "half-time",
        "kick-off",   "semi-final",  "quarter-final", "goals",       "tries",      "relegation",
        "unbeaten",   "premiership", "midfield",      "equaliser",   "touchline",  "play-off",
        "squad",      "match",       "matches",       "second-half", "first-half", "capped",
        "fixture",    "fixtures",    "league",        "team-mate",   "caps",       "replacement"};
    return std::find(words.begin(), words.end(), w) != words.end();
}

/// Nouns after a club's name in a sports report: "Fulham striker", "Bath coach", "Chelsea fans".
bool is_club_role(std::string_view w) {
    static constexpr std::array<std::string_view, 24> words = {
        "striker", "midfielder", "defender", "goalkeeper", "winger",   "forward",
        "boss",    "manager",    "coach",    "captain",    "fans",     "supporters",
        "squad",   "team",       "player",   "players",    "fly-half", "scrum-half",
        "flanker", "full-back",  "lock",     "prop",       "chairman", "v"};
    return std::find(words.begin(), words.end(), w) != words.end();
}

/// Words before a club's name in a sports report: "beat Fulham", "against Bath", "Chelsea v
/// Barcelona".
bool is_club_cue_before(std::string_view w) {
    static constexpr std::array<std::string_view, 14> words = {
        "beat",  "beating", "against", "v",     "vs",    "joined",   "face",
        "faces", "facing",  "host",    "hosts", "visit", "visiting", "defeated"};
    return std::find(words.begin(), words.end(), w) != words.end();
}

/// Words of a club's full name around the town or district it is named after: "Arsenal FC",
/// "West Ham United", "AC Milan", "Sale Sharks". Without them the name is the club's short form.
bool is_club_name_word(std::string_view w) {
    static constexpr std::array<std::string_view, 28> words = {
        "FC",        "AFC",    "CF",      "AC",        "AS",       "SC",     "USA",
        "United",    "Utd",    "City",    "Town",      "County",   "Rovers", "Athletic",
        "Wanderers", "Albion", "Hotspur", "Alexandra", "Argyle",   "Rugby",  "Olympique",
        "Tigers",    "Sharks", "Falcons", "Saints",    "Warriors", "Chiefs", "Football"};
    return std::find(words.begin(), words.end(), w) != words.end();
}

/// Last words of an event's or an award's name: "FA Cup", "Brit Awards", "US Open".
bool is_event_word(std::string_view w) {
    static constexpr std::array<std::string_view, 12> words = {
        "Cup",  "Trophy",   "Awards",   "Award",    "Prize",         "Prizes",
        "Open", "Olympics", "Festival", "Marathon", "Championships", "Tournament"};
    return std::find(words.begin(), words.end(), w) != words.end();
}

/// Prepositions of place before a name: "in Kursk", "near Sudzha".
bool is_place_preposition(std::string_view w) {
    return w == "in" || w == "near" || w == "outside" || w == "across";
}

struct Token {
    std::string_view text; ///< without a possessive 's
    bool cap = false;      ///< starts with a capital
    bool all_caps = false; ///< two letters or more, none lower-case
    bool digit = false;
    bool possessive = false;
    bool sentence_start = false;
    bool headline = false;    ///< in the title or a headline-like line: gazetteers only
    bool caps_line = false;   ///< in an all-capitals line: case-blind gazetteer lookups
    bool break_after = false; ///< punctuation between this token and the next
    char after = ' ';         ///< the first punctuation character after the token, if any
    char before = ' ';        ///< the last punctuation character before the token, if any
};

/// The text with typographic quotes, apostrophes, dashes and spaces made ASCII, so that one
/// simple tokeniser sees them all. Curly apostrophes become ', curly quotes ", dashes " - ".
std::string normalise(std::string_view in) {
    std::string out;
    out.reserve(in.size() + 16);
    for (std::size_t i = 0; i < in.size(); ++i) {
        auto c = static_cast<unsigned char>(in[i]);
        if (c == 0xE2 && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0x80) {
            auto d = static_cast<unsigned char>(in[i + 2]);
            if (d == 0x98 || d == 0x99) {
                out += '\'';
                i += 2;
                continue;
            }
            if (d == 0x9C || d == 0x9D) {
                out += '"';
                i += 2;
                continue;
            }
            if (d == 0x93 || d == 0x94) {
                out += " - ";
                i += 2;
                continue;
            }
        }
        if (c == 0xC2 && i + 1 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xA0) {
            out += ' ';
            ++i;
            continue;
        }
        out += static_cast<char>(c);
    }
    return out;
}

/// Whether a line reads like a headline rather than prose: short, not ended like a sentence,
/// and most of its words capitalised ("Rising Urgency Among Allies").
void classify_line(std::string_view line, bool& headline, bool& caps) {
    int words = 0;
    int capitalised = 0;
    bool lower = false;
    bool letters = false;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && !is_word_byte(line[i])) {
            ++i;
        }
        auto start = i;
        while (i < line.size() && line[i] != ' ') {
            lower = lower || is_ascii_lower(line[i]);
            letters = letters || is_ascii_upper(line[i]);
            ++i;
        }
        if (i > start) {
            ++words;
            auto w = line.substr(start, i - start);
            // "of", "in", "the", "to" stay lower case in title-case headlines
            if (starts_upper(w) || is_digit(w[0]) || w.size() <= 3) {
                ++capitalised;
            }
        }
    }
    auto end = line.find_last_not_of(" \t");
    char last = end == std::string_view::npos ? '.' : line[end];
    caps = letters && !lower;
    headline = caps || (words > 0 && words <= 20 && last != '.' && last != '"' && last != '?' &&
                        last != '!' && last != ',' && capitalised * 10 >= words * 7);
}

/// Whether a line goes on into the next one: it has words and ends without a sentence's or a
/// heading's closing punctuation.
bool runs_on(std::string_view line) {
    auto end = line.find_last_not_of(" \t\r");
    if (end == std::string_view::npos) {
        return false;
    }
    char last = line[end];
    return is_word_byte(last) || last == ',' || last == '-' || last == '(' || last == ';';
}

/// Lines at least this long that run on are read as a hard-wrapped paragraph (Reuters wraps
/// at about 65 characters); shorter ones may be a list of names, one a line.
constexpr std::size_t wrapped_line_bytes = 40;

/// Whether @p text is hard-wrapped: of its lines of wrapped_line_bytes or more, at least three
/// and nine in ten are at most 90 bytes long (a text of one paragraph a line has longer lines).
bool hard_wrapped(std::string_view text) {
    std::size_t long_lines = 0;
    std::size_t wrapped = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        const auto end = std::min(text.find('\n', pos), text.size());
        const auto length = end - pos;
        long_lines += length >= wrapped_line_bytes ? 1 : 0;
        wrapped += length >= wrapped_line_bytes && length <= 90 ? 1 : 0;
        pos = end + 1;
    }
    return wrapped >= 3 && wrapped * 10 >= long_lines * 9;
}

/// Splits the normalised text into word tokens with the facts the rules need.
std::vector<Token> tokenise(std::string_view text, std::size_t title_end) {
    std::vector<Token> tokens;
    tokens.reserve(text.size() / 5);
    std::size_t i = 0;
    bool sentence_start = true;
    bool line_start = true;
    bool headline = false;
    bool caps_line = false;
    std::string_view previous_line;
    const bool wrapped = hard_wrapped(text.substr(title_end));
    char punct = ' ';
    while (i < text.size()) {
        char c = text[i];
        if (line_start) {
            auto end = text.find('\n', i);
            auto line = text.substr(i, end == std::string_view::npos ? text.size() - i : end - i);
            classify_line(line, headline, caps_line);
            // A line of a paragraph is prose however capitalised it is ("Penril Corp said it is
            // seeking to" / "sell its Triplett Electrical Instrument Corp"): the line after it
            // goes on in lower case, or the text is hard-wrapped and the line before runs on.
            if (headline && !caps_line && i >= title_end) {
                auto next =
                    end == std::string_view::npos ? end : text.find_first_not_of(" \t", end + 1);
                headline = !(wrapped && runs_on(previous_line)) &&
                           !(next != std::string_view::npos && is_ascii_lower(text[next]));
            }
            headline = headline || i < title_end;
            previous_line = line;
            line_start = false;
        }
        if (c == '\n') {
            line_start = true;
            // A long line that runs on into the next is a hard-wrapped paragraph: its line
            // break is a space, so a name goes on across it ("in Hoffman" / "Estates, Ill.").
            if (wrapped && previous_line.size() >= wrapped_line_bytes && runs_on(previous_line) &&
                i + 1 < text.size() && text[i + 1] != '\n' && i + 1 > title_end) {
                ++i;
                continue;
            }
            sentence_start = true;
            punct = '\n';
            if (!tokens.empty()) {
                tokens.back().break_after = true;
                if (tokens.back().after == ' ') {
                    tokens.back().after = '\n';
                }
            }
            ++i;
            continue;
        }
        if (!is_word_byte(c)) {
            if (c != ' ' && c != '\t' && c != '\'') {
                if (!tokens.empty()) {
                    tokens.back().break_after = true;
                    if (tokens.back().after == ' ') {
                        tokens.back().after = c;
                    }
                }
                punct = c;
                if (c == '.' || c == '!' || c == '?' || c == ':') {
                    sentence_start = true;
                }
            }
            ++i;
            continue;
        }
        // A word: letters and digits, with inner hyphens and apostrophes, and the full stops of
        // initials and abbreviations ("U.S.", "W.", "St.").
        auto start = i;
        bool possessive = false;
        while (i < text.size()) {
            char d = text[i];
            if (is_word_byte(d)) {
                ++i;
                continue;
            }
            char next = i + 1 < text.size() ? text[i + 1] : ' ';
            if (d == '-' && is_word_byte(next)) {
                ++i;
                continue;
            }
            if (d == '\'') {
                char after_s = i + 2 < text.size() ? text[i + 2] : ' ';
                if ((next == 's' || next == 'S') && !is_word_byte(after_s)) {
                    // "People's" before a capital is part of a name: "People's Republic of
                    // China", "Democratic People's Republic of Korea", "People's Daily"
                    if (text.substr(start, i - start) == "People" && after_s == ' ' &&
                        i + 3 < text.size() && is_ascii_upper(text[i + 3])) {
                        i += 2;
                        continue;
                    }
                    possessive = true;
                    break;
                }
                if (is_ascii_upper(next) || (is_ascii_lower(next) && i > start)) {
                    ++i; // O'Brien, don't
                    continue;
                }
                break;
            }
            if (d == '.') {
                // the segment since the last full stop
                auto seg_start = text.rfind('.', i - 1);
                seg_start = seg_start == std::string_view::npos || seg_start < start
                                ? start
                                : seg_start + 1;
                auto seg = text.substr(seg_start, i - seg_start);
                bool initial = seg.size() == 1 && is_ascii_upper(seg[0]);
                if (initial || is_abbreviation(seg)) {
                    ++i;
                    if (initial && is_ascii_upper(next)) {
                        continue; // "U.S"
                    }
                }
            }
            break;
        }
        Token t;
        t.text = text.substr(start, i - start);
        t.cap = starts_upper(t.text);
        int letters = 0;
        bool lower = false;
        for (char d : t.text) {
            letters += is_ascii_upper(d) || is_ascii_lower(d) ? 1 : 0;
            lower = lower || is_ascii_lower(d);
            t.digit = t.digit || is_digit(d);
        }
        t.all_caps = letters >= 2 && !lower;
        t.possessive = possessive;
        t.sentence_start = sentence_start;
        t.headline = headline;
        t.caps_line = caps_line;
        t.before = punct;
        if (possessive) {
            i += 2;
            t.break_after = true;
        }
        tokens.push_back(t);
        sentence_start = false;
        punct = ' ';
    }
    return tokens;
}

/// What the rules found for one name of an article before types are settled.
struct Candidate {
    std::size_t first = 0; ///< position of the first mention
    int title = 0;         ///< after a title ("President", "Mr.")
    int speech = 0;        ///< before "said", "told", ", who"
    int place_before = 0;  ///< after "in", "near"
    int place_after = 0;   ///< before "region", "province", "border"
    int article = 0;       ///< after "the", "a", "an": no person's name
    int acronym = 0;       ///< 1: an acronym in prose; -1: a word also written in lower case
    int org = 0;           ///< a company's cues: "X said it", "shares of X", an acronym
    int inside = 0;        ///< mentions not at the start of a sentence
    int words = 1;
};

struct Found {
    Type type;
    std::string name;
    std::size_t first;
};

/// The gazetteers and word lists, loaded once per process.
struct Gazetteers {
    Map<Entry> gazetteer;         ///< exact surface forms
    Map<const Entry*> by_folded;  ///< lower-cased, for capitals lines
    Map<std::string> after_title; ///< "Brown" -> "Gordon Brown"
    Set first_names;
    Set titles;
    Set title_starts; ///< the first words of the titles
    Set org_words;
    Set place_words;
    Set junk;
    Set junk_folded;
    Map<std::string> us_states; ///< "Md" -> "Maryland": abbreviations after a town
    Set club_short_names;       ///< "Hartlepool" of "Hartlepool United": a club in a sports report
    std::size_t max_words = 1;  ///< the most words of a gazetteer surface form
    std::size_t max_title = 1;  ///< the most words of a title

    /// The state a US state's abbreviation names, with or without its final full stop ("Md.",
    /// "N.J"), or null.
    [[nodiscard]] const std::string* us_state(std::string_view abbreviation) const {
        if (!abbreviation.empty() && abbreviation.back() == '.') {
            abbreviation.remove_suffix(1);
        }
        auto it = us_states.find(abbreviation);
        return it == us_states.end() ? nullptr : &it->second;
    }

    void add(std::string_view surface, Type type, std::string_view canonical,
             std::string_view government = {}) {
        if (surface.empty()) {
            return;
        }
        auto [it, inserted] = gazetteer.try_emplace(std::string(surface));
        if (!inserted && it->second.type != Type::Place) {
            return; // the first list that names a form wins; places may gain a government
        }
        if (inserted || !government.empty()) {
            it->second = Entry{type, std::string(canonical), std::string(government)};
        }
        max_words =
            std::max(max_words,
                     static_cast<std::size_t>(std::count(surface.begin(), surface.end(), ' ')) + 1);
    }

    /// The short forms of the football and rugby clubs of a list's sections whose heading names
    /// clubs: each club's display form and aliases without their club words ("Hartlepool
    /// United" -> "Hartlepool", "AC Milan" -> "Milan"), when that leaves a name that is no country
    /// or region (a town may stand for its club; "Wales" is the national side, a place).
    void load_club_short_names(std::string_view list) {
        bool clubs = false;
        for (auto line : split(list, '\n')) { // with the headings, which lines_of() drops
            if (!line.empty() && line.front() == '#') {
                clubs = line.find("clubs") != std::string_view::npos &&
                        (line.find("ootball") != std::string_view::npos ||
                         line.find("ugby") != std::string_view::npos ||
                         line.find("League") != std::string_view::npos);
                continue;
            }
            if (!clubs) {
                continue;
            }
            for (auto form : split(line, '\t')) {
                auto words = split(form, ' ');
                std::size_t a = 0;
                std::size_t b = words.size();
                while (a < b && is_club_name_word(words[a])) {
                    ++a;
                }
                while (b > a && is_club_name_word(words[b - 1])) {
                    --b;
                }
                if (a >= b || b - a == words.size()) {
                    continue; // all club words, or none ("Aston Villa" names no town)
                }
                std::string name;
                for (auto k = a; k < b; ++k) {
                    name += k > a ? " " : "";
                    name += words[k];
                }
                auto it = gazetteer.find(name);
                if (it == gazetteer.end() || it->second.type == Type::Org ||
                    (it->second.type == Type::Place && it->second.town)) {
                    club_short_names.insert(std::move(name));
                }
            }
        }
    }

    void load() {
        using detail::gazetteer_text;
        for (auto line : lines_of(gazetteer_text("junk.txt"))) {
            junk.emplace(line);
            junk_folded.insert(folded(line));
        }
        for (const char* list : {"first-names.txt", "census-first-names.txt"}) {
            for (auto line : lines_of(gazetteer_text(list))) {
                first_names.emplace(line);
            }
        }
        for (auto line : lines_of(gazetteer_text("titles.txt"))) {
            titles.emplace(line);
            title_starts.emplace(line.substr(0, line.find(' ')));
            max_title = std::max(
                max_title, static_cast<std::size_t>(std::count(line.begin(), line.end(), ' ')) + 1);
        }
        for (auto line : lines_of(gazetteer_text("us-state-abbreviations.tsv"))) {
            auto fields = split(line, '\t');
            if (fields.size() == 2) {
                us_states.try_emplace(std::string(fields[0]), fields[1]);
            }
        }
        for (auto line : lines_of(gazetteer_text("org-words.txt"))) {
            org_words.emplace(line);
        }
        for (auto line : lines_of(gazetteer_text("place-words.txt"))) {
            place_words.emplace(line);
        }
        // Orgs and people first: "Georgia" is a place, but "Washington Post" and "Donald Trump"
        // are not read as places.
        for (const char* list : {"orgs.tsv", "orgs-known.tsv", "orgs-known-2.tsv"}) {
            for (auto line : lines_of(gazetteer_text(list))) {
                auto fields = split(line, '\t');
                for (auto f : fields) {
                    add(f, Type::Org, fields[0]);
                }
            }
        }
        for (auto line : lines_of(gazetteer_text("people.tsv"))) {
            auto fields = split(line, '\t');
            add(fields[0], Type::Person, fields[0]);
            if (fields.size() > 1) {
                for (auto f : split(fields[1], '|')) {
                    add(f, Type::Person, fields[0]);
                }
            }
            if (fields.size() > 2) {
                for (auto f : split(fields[2], '|')) {
                    if (!f.empty()) {
                        after_title.try_emplace(std::string(f), fields[0]);
                    }
                }
            }
        }
        for (auto file : {"places-extra.tsv", "countries.tsv", "cities.tsv", "subdivisions.tsv"}) {
            for (auto line : lines_of(gazetteer_text(file))) {
                auto fields = split(line, '\t');
                if (fields.size() < 2) {
                    continue;
                }
                add(fields[0], Type::Place, fields[1], fields.size() > 2 ? fields[2] : "");
                if (std::string_view(file) == "cities.tsv" ||
                    std::string_view(file) == "places-extra.tsv") {
                    if (auto it = gazetteer.find(fields[0]); it != gazetteer.end()) {
                        it->second.town = it->second.type == Type::Place;
                    }
                }
            }
        }
        for (auto line : lines_of(gazetteer_text("demonyms.tsv"))) {
            auto fields = split(line, '\t');
            for (std::size_t k = 0; k < fields.size(); ++k) {
                if (k != 1) {
                    add(fields[k], Type::None, fields[1]);
                }
            }
        }
        for (const char* list : {"orgs-known.tsv", "orgs-known-2.tsv"}) {
            load_club_short_names(gazetteer_text(list));
        }
        for (auto& [surface, entry] : gazetteer) {
            // Case-blind matches only for forms that cannot be a common word: "US" in an
            // all-capitals headline is more often "us".
            auto key = folded(surface);
            if ((key.size() >= 3 || key.find('.') != std::string::npos) &&
                !junk_folded.contains(key)) {
                by_folded.try_emplace(std::move(key), &entry);
            }
        }
    }
};

/// The rules over one article: spans to candidates and gazetteer mentions, then types and
/// merging.
class Run {
public:
    Run(const Gazetteers& tables, const std::vector<Token>& tokens)
        : m_t(tables), m_tokens(tokens),
          m_sports(std::count_if(tokens.begin(), tokens.end(), [](const Token& t) {
                       return !t.cap && is_sports_word(t.text);
                   }) >= 3) {}

    Entities finish();
    void scan();
    void dateline(std::string_view line);

private:
    const Gazetteers& m_t;
    const std::vector<Token>& m_tokens;
    std::string m_key;
    std::vector<Found> m_found;  ///< typed mentions
    Map<Candidate> m_unknown;    ///< names awaiting a type
    Map<std::string> m_acronyms; ///< "(ABC)" -> the name before it
    bool m_sports;               ///< a sports report: a town's name may stand for its club
    Set m_club_short_names;      ///< the clubs' short forms found ("Milan")

    /// Whether the name in [a, b) is a club's in a sports report: a player's role or "v" after
    /// it ("Fulham striker", "Bath's coach", "Chelsea v"), or, for a town (@p town), a match's
    /// verb before it ("beat Fulham", "against Bath"); or it is in brackets after a player's
    /// name ("Sylvain Marconnet (Stade Francais)").
    [[nodiscard]] bool club_cue(std::size_t a, std::size_t b, bool town) const {
        if (!m_sports || b - a > 2) {
            return false;
        }
        const auto& last = m_tokens[b - 1];
        if (b < m_tokens.size() && (!last.break_after || last.possessive) &&
            is_club_role(m_tokens[b].text)) {
            return true;
        }
        if (town && a > 0 && !m_tokens[a - 1].break_after &&
            is_club_cue_before(m_tokens[a - 1].text)) {
            return true;
        }
        return m_tokens[a].before == '(' && last.after == ')' && a > 0 && m_tokens[a - 1].cap;
    }

    /// Whether [a, b) is a club's short form in a sports report ("Hartlepool", "West Ham"),
    /// not after "in" or "near", where it is the town.
    [[nodiscard]] bool club_short_name(std::size_t a, std::size_t b) {
        if (!m_sports || b - a > 2 || m_tokens[a].caps_line ||
            !m_t.club_short_names.contains(join(a, b))) {
            return false;
        }
        return a == 0 || m_tokens[a - 1].break_after || !is_place_preposition(m_tokens[a - 1].text);
    }

    std::string_view join(std::size_t a, std::size_t b) {
        m_key.clear();
        for (auto k = a; k < b; ++k) {
            if (k > a) {
                m_key += ' ';
            }
            m_key += m_tokens[k].text;
            if (m_tokens[k].possessive && k + 1 < b) {
                m_key += "'s";
            }
        }
        return m_key;
    }

    const Entry* lookup(std::size_t a, std::size_t b) {
        auto key = join(a, b);
        if (auto it = m_t.gazetteer.find(key); it != m_t.gazetteer.end()) {
            // In mixed-case text an all-capitals form matches only itself: "WHO", not "Who".
            return &it->second;
        }
        if (m_tokens[a].caps_line || (b == a + 1 && m_tokens[a].all_caps && a == 0)) {
            if (auto it = m_t.by_folded.find(std::string_view(folded(key)));
                it != m_t.by_folded.end()) {
                return it->second;
            }
        }
        return nullptr;
    }

    bool junk_at(std::size_t k) const {
        const auto& t = m_tokens[k];
        return t.caps_line ? m_t.junk_folded.contains(folded(t.text)) : m_t.junk.contains(t.text);
    }

    /// The words of a title starting at @p a, within [a, b), or 0.
    std::size_t title_at(std::size_t a, std::size_t b) {
        if (!m_t.title_starts.contains(m_tokens[a].text)) {
            return 0;
        }
        for (auto n = std::min(m_t.max_title, b - a); n > 0; --n) {
            if (m_t.titles.contains(join(a, a + n))) {
                return n;
            }
        }
        return 0;
    }

    void emit(Type type, std::string_view name, std::size_t pos, std::size_t end) {
        std::string value(name);
        if (type == Type::Person) {
            // "George W Bush" is "George W. Bush"
            for (std::size_t k = 1; k + 1 < value.size(); ++k) {
                if (value[k - 1] == ' ' && is_ascii_upper(value[k]) && value[k + 1] == ' ') {
                    value.insert(k + 1, ".");
                }
            }
        }
        if (type == Type::Place) {
            // A capital acting as its government: "Pyongyang said" is North Korea.
            auto it = m_t.gazetteer.find(value);
            if (it != m_t.gazetteer.end() && !it->second.government.empty() &&
                end < m_tokens.size() && !m_tokens[end - 1].break_after &&
                is_speech_verb(m_tokens[end].text)) {
                value = it->second.government;
            }
        }
        m_found.push_back(Found{type, std::move(value), pos});
    }

    void emit_entry(const Entry& e, std::size_t a, std::size_t b) {
        if (e.type == Type::Place && e.town && club_cue(a, b, true)) {
            emit(Type::Org, e.canonical, a, b); // "Southampton boss", "beat Fulham"
            return;
        }
        emit(e.type, e.type == Type::Place ? std::string_view(e.canonical) : e.canonical, a, b);
        if (e.type == Type::Place && !e.government.empty()) {
            // emit() looks the canonical form up for its government
            return;
        }
    }

    void note_unknown(std::size_t a, std::size_t b, bool titled);

    /// The US state that the abbreviation at @p k names after a town and a comma ("Rockville,
    /// Md.", "Marlton, N.J."), or null: elsewhere "Ill", "Mass" and "Miss" are other words.
    [[nodiscard]] const std::string* state_after_town(std::size_t k) const {
        if (k == 0 || k >= m_tokens.size() || !m_tokens[k].cap || !m_tokens[k - 1].cap ||
            m_tokens[k - 1].after != ',') {
            return nullptr;
        }
        const auto text = m_tokens[k].text;
        if (text.back() != '.' && m_tokens[k].after != '.') {
            return nullptr; // the abbreviations are written with a full stop
        }
        return m_t.us_state(text);
    }

    /// Whether a state or country ends a phrase at @p k, after a comma: then the unknown name
    /// before the comma is a town in it ("Bluffton, Ohio, and", "Porto Alegre, Brazil.").
    [[nodiscard]] bool region_after_comma(std::size_t k) {
        if (k == 0 || k >= m_tokens.size() || m_tokens[k - 1].after != ',') {
            return false;
        }
        if (state_after_town(k) != nullptr) {
            return true;
        }
        for (std::size_t len = 1; len <= 3 && k + len <= m_tokens.size(); ++len) {
            const auto& last = m_tokens[k + len - 1];
            if (const auto* e = lookup(k, k + len);
                e != nullptr && e->type == Type::Place && !last.possessive) {
                return last.break_after || k + len == m_tokens.size();
            }
            if (last.break_after) {
                return false;
            }
        }
        return false;
    }

    /// Whether the words from @p k on, up to the next punctuation, hold a company's noun that
    /// ends the phrase or takes "of"/"that"/"which"/"based"/"in"/"with": "a unit of", "a
    /// Dallas-based maker of", "a holding company,", not "a company spokesman".
    [[nodiscard]] bool company_apposition(std::size_t k) const {
        for (auto n = 0; n < 5 && k < m_tokens.size(); ++n, ++k) {
            const auto& t = m_tokens[k];
            if (is_company_noun(t.text) && !t.possessive) {
                if (t.break_after || k + 1 >= m_tokens.size()) {
                    return true;
                }
                const auto& w = m_tokens[k + 1].text;
                return w == "of" || w == "that" || w == "which" || w == "based" || w == "in" ||
                       w == "with";
            }
            if (t.break_after) {
                return false;
            }
        }
        return false;
    }

    /// An unknown acronym in prose, which in news is most often an organisation's ("INSEE"):
    /// three to six capital letters, not a junk word, not in a headline.
    [[nodiscard]] bool prose_acronym(std::size_t a) const {
        const auto& t = m_tokens[a];
        if (t.headline || t.caps_line || t.text.size() < 3 || t.text.size() > 6 ||
            m_t.junk_folded.contains(folded(t.text)) ||
            !std::all_of(t.text.begin(), t.text.end(), is_ascii_upper)) {
            return false;
        }
        // capitals for emphasis are a run of them: "WATCH THIS", "I LOVE YOU"
        auto shouted = [](const Token& u) { return u.all_caps && !u.digit; };
        return (a == 0 || !shouted(m_tokens[a - 1])) &&
               (a + 1 >= m_tokens.size() || !shouted(m_tokens[a + 1]));
    }

    /// Whether the article also writes @p word in lower case ("PEOPLE" and "people"): then the
    /// capitals are emphasis, not an acronym.
    [[nodiscard]] bool written_lower(std::string_view word) const {
        auto lower = folded(word);
        return std::any_of(m_tokens.begin(), m_tokens.end(),
                           [&](const Token& u) { return !u.cap && u.text == lower; });
    }
    [[nodiscard]] bool lower_title_before(std::size_t a) const;
    [[nodiscard]] bool person_cue(std::size_t a, std::size_t b) const;

    /// Where the name goes on after the lower-case connectors at @p j ("von der Leyen"), or
    /// @p j when they join nothing. At the start of a sentence "of" joins only after an
    /// organisation's or place's word or a title ("Bank of England", not "Shares of Acme").
    std::size_t connected(std::size_t start, std::size_t j) const {
        auto k = j;
        while (k < m_tokens.size() && is_connector(m_tokens[k].text) && !m_tokens[k].break_after) {
            ++k;
        }
        // "for" and "on" only after an organisation's word: "Commission for Racial Equality",
        // "Advisory Group on Immunization"
        if (k == j && (m_tokens[j].text == "for" || m_tokens[j].text == "on") &&
            !m_tokens[j].break_after && m_t.org_words.contains(m_tokens[j - 1].text) &&
            k + 1 < m_tokens.size() && !junk_at(j + 1) &&
            !m_t.first_names.contains(m_tokens[j + 1].text)) {
            k = j + 1;
        }
        if (k == j || k >= m_tokens.size() || !m_tokens[k].cap || m_tokens[k].digit) {
            return j;
        }
        const auto& before = m_tokens[j - 1].text;
        if (m_tokens[start].sentence_start && m_tokens[j].text == "of" &&
            !m_t.org_words.contains(before) && !m_t.place_words.contains(before) &&
            !m_t.title_starts.contains(before) && !m_t.titles.contains(before)) {
            return j;
        }
        return k;
    }

    /// Whether the capitalised words from @p k on end in an organisation's word before any
    /// punctuation: then an "and" before them is part of one name.
    bool and_joins_org(std::size_t k) const {
        for (auto n = 0; n < 4 && k < m_tokens.size() && m_tokens[k].cap; ++n, ++k) {
            if (m_t.org_words.contains(m_tokens[k].text)) {
                return true;
            }
            if (m_tokens[k].break_after) {
                return false;
            }
        }
        return false;
    }
    /// The capitalised words in [a, b), leading junk words ("The") and connectors not counted.
    [[nodiscard]] std::size_t names_before(std::size_t a, std::size_t b) const {
        std::size_t names = 0;
        for (auto k = a; k < b; ++k) {
            names += m_tokens[k].cap && !junk_at(k) ? 1U : 0U; // not "The"
        }
        return names;
    }
    /// Where a gazetteer name from @p start goes on through the "and" at @p j, or @p j.
    std::size_t and_joins_known(std::size_t start, std::size_t j) {
        if (m_tokens[j].text != "and" || m_tokens[j].break_after || j - start < 2) {
            return j;
        }
        // from the span's start, or after its leading junk words ("The")
        auto from = start;
        while (from + 2 < j && junk_at(from)) {
            ++from;
        }
        auto k = j + 1;
        for (auto n = 0; n < 3 && k < m_tokens.size() && m_tokens[k].cap; ++n) {
            ++k;
            if (m_t.gazetteer.contains(join(start, k)) ||
                (from > start && m_t.gazetteer.contains(join(from, k)))) {
                return k;
            }
            if (m_tokens[k - 1].break_after) {
                break;
            }
        }
        return j;
    }
    void span(std::size_t a, std::size_t b);
    [[nodiscard]] bool abbreviates(std::string_view acronym, std::string_view name) const;
    void person_after_title(std::size_t title, std::size_t a, std::size_t b);
};

void Run::scan() {
    std::size_t i = 0;
    while (i < m_tokens.size()) {
        if (!m_tokens[i].cap) {
            ++i;
            continue;
        }
        auto j = i + 1;
        if (!m_tokens[i].break_after) {
            while (j < m_tokens.size()) {
                const auto& t = m_tokens[j];
                // a number goes on a name only into a known one: "BBC Radio 4", "Channel 4"
                if ((t.cap && !t.digit) || (t.digit && m_t.gazetteer.contains(join(i, j + 1)))) {
                    ++j;
                } else if (auto after = connected(i, j); after > j) {
                    j = after;
                } else if (t.text == "and" && !t.break_after && and_joins_org(j + 1) &&
                           (names_before(i, j) <= 2 ||
                            m_t.org_words.contains(m_tokens[j + 1].text))) {
                    // "Securities and Exchange Commission", "Department of Health and Human
                    // Services", "Kohlberg Kravis Roberts and Co"; not "British Red Cross and
                    // Manchester City Council"
                    j += 2;
                } else if (auto known = and_joins_known(i, j); known > j) {
                    j = known; // "Organisation for Economic Co-operation and Development"
                } else {
                    break;
                }
                if (m_tokens[j - 1].break_after) {
                    break;
                }
            }
        }
        if (m_tokens[i].digit && j == i + 1 && lookup(i, j) == nullptr) {
            i = j; // "A4", "F16"; but "G8", "MI5" are known
            continue;
        }
        span(i, j);
        i = j;
    }
}

/// A person's name after a title: "President Joe Biden", "Mr. Brown".
void Run::person_after_title(std::size_t title, std::size_t a, std::size_t b) {
    if (a >= b) {
        return;
    }
    // A royal or noble known by a given name keeps the title: "Prince Harry", "Lady Gaga".
    static constexpr std::array<std::string_view, 9> styles = {
        "King", "Queen", "Prince", "Princess", "Pope", "Lady", "Lord", "Sir", "Dame"};
    if (b == a + 1 && a == title + 1 &&
        std::find(styles.begin(), styles.end(), m_tokens[title].text) != styles.end() &&
        (m_t.first_names.contains(m_tokens[a].text) || m_tokens[title].text == "Lady")) {
        note_unknown(title, b, true);
        return;
    }
    if (const auto* e = lookup(a, b); e != nullptr) {
        if (e->type == Type::Person) {
            emit(Type::Person, e->canonical, a, b);
            return;
        }
        // "Queen Elizabeth" vs "Georgia": a title makes it a person
    }
    if (b == a + 1) {
        if (auto it = m_t.after_title.find(m_tokens[a].text); it != m_t.after_title.end()) {
            emit(Type::Person, it->second, a, b);
            return;
        }
    }
    note_unknown(a, b, true);
}

/// One run of capitalised words.
void Run::span(std::size_t a, std::size_t b) {
    if (m_tokens[a].before == '<' && m_tokens[b - 1].after == '>') {
        return; // a ticker symbol: "Norfolk Southern Corp <NSC>"
    }
    if (b == a + 1) {
        if (const auto* state = state_after_town(a)) {
            emit(Type::Place, *state, a, b);
            return;
        }
    }
    // Leading words that are never part of a name: "The", "However", "In", weekdays.
    while (a < b && (junk_at(a) || is_connector(m_tokens[a].text))) {
        if (b - a >= 2 && !m_tokens[a].headline) {
            if (const auto* e = lookup(a, b); e != nullptr) {
                emit_entry(*e, a, b); // "The Hague"
                return;
            }
        }
        ++a;
    }
    if (a >= b || m_t.junk.contains(join(a, b))) {
        return; // "Reuters Limited"
    }
    if (b == a + 1 && m_tokens[a].caps_line && m_t.junk_folded.contains(folded(m_tokens[a].text))) {
        return;
    }
    if (a > 0 && m_tokens[a - 1].text == "the" && !m_tokens[a - 1].break_after &&
        !m_tokens[a].headline) {
        // a publication known with its "The", written "the Independent" in prose
        std::string with_the = "The ";
        with_the += join(a, b);
        if (auto it = m_t.gazetteer.find(with_the);
            it != m_t.gazetteer.end() && it->second.type == Type::Org) {
            emit(Type::Org, it->second.canonical, a, b);
            return;
        }
    }
    if (club_short_name(a, b)) {
        m_club_short_names.emplace(join(a, b));
        emit(Type::Org, join(a, b), a, b); // "away to Hartlepool", "a match with Arsenal"
        return;
    }
    if (const auto* e = lookup(a, b); e != nullptr) {
        emit_entry(*e, a, b);
        // "Army Tactical Missile System (ATACMS)": the acronym names the same thing
        if (b < m_tokens.size() && m_tokens[b].all_caps && m_tokens[b].before == '(') {
            m_acronyms.try_emplace(std::string(m_tokens[b].text), e->canonical);
        }
        return;
    }
    // Trailing ones too ("Trump Monday", "Group of Five"), but "Theresa May" keeps its "May".
    auto whole_end = b;
    while (b > a + 1 && (junk_at(b - 1) || is_joining_word(m_tokens[b - 1].text)) &&
           !m_t.first_names.contains(m_tokens[b - 2].text)) {
        --b;
    }
    while (b > a + 1 && is_joining_word(m_tokens[b - 1].text)) {
        --b;
    }
    if (b != whole_end) {
        if (const auto* e = lookup(a, b); e != nullptr) {
            emit_entry(*e, a, b);
            return;
        }
    }
    // A hyphenated word of known names: "Ukraine-Russia", "Biden-Harris".
    if (b == a + 1 && m_tokens[a].text.find('-') != std::string_view::npos) {
        bool any = false;
        std::size_t pos = 0;
        auto text = m_tokens[a].text;
        std::vector<const Entry*> parts;
        while (pos <= text.size()) {
            auto end = text.find('-', pos);
            if (end == std::string_view::npos) {
                end = text.size();
            }
            auto it = m_t.gazetteer.find(text.substr(pos, end - pos));
            if (it != m_t.gazetteer.end()) {
                parts.push_back(&it->second);
                any = true;
            }
            pos = end + 1;
        }
        if (any) {
            for (const auto* e : parts) {
                emit_entry(*e, a, b);
            }
            return;
        }
    }
    const bool headline = m_tokens[a].headline;
    auto n = b - a;
    // An event or an award names no organisation, nor a place inside it: "FA Cup", "Brit
    // Awards", "New York Marathon"; in a sports report neither does a league ("Premier
    // League", "Champions League").
    if (n >= 2 &&
        (is_event_word(m_tokens[b - 1].text) || (m_sports && m_tokens[b - 1].text == "League"))) {
        return;
    }
    // An organisation's word: "Acme Corp", "Bank of England", "Washington Post".
    if (n >= 2 && !headline) {
        bool org = m_t.org_words.contains(m_tokens[b - 1].text);
        for (auto k = a; k + 1 < b && !org; ++k) {
            // "Bank of England", "Commission for Racial Equality", "Advisory Group on
            // Immunization"
            const auto& next = m_tokens[k + 1].text;
            org = (next == "of" || next == "for" || next == "on") &&
                  m_t.org_words.contains(m_tokens[k].text);
        }
        bool all_org_words = true; // "Co Inc" names no one
        for (auto k = a; k < b && all_org_words; ++k) {
            all_org_words =
                m_t.org_words.contains(m_tokens[k].text) || is_connector(m_tokens[k].text);
        }
        if (org && all_org_words) {
            return;
        }
        if (org) {
            auto name = std::string(join(a, b));
            emit(Type::Org, name, a, b);
            if (b < m_tokens.size() && m_tokens[b].all_caps && m_tokens[b].before == '(') {
                m_acronyms.try_emplace(std::string(m_tokens[b].text), name);
            }
            return;
        }
    }
    // Titles split the span: "Russian President Vladimir Putin" is Russia and Vladimir Putin.
    for (auto k = a; k < b; ++k) {
        if (auto len = title_at(k, b); len > 0 && k + len < b) {
            if (k > a) {
                span(a, k);
            }
            auto p = k + len;
            while (p < b && is_connector(m_tokens[p].text)) {
                ++p; // "President of Russia ..." names no one by "of"
            }
            if (k + len < b && m_tokens[k + len].text == "of") {
                span(p, b); // "Prime Minister of Japan"
                return;
            }
            person_after_title(k, p, b);
            return;
        }
    }
    if (n >= 2 && !headline) {
        // A given name first: "Hayden Cunningham"; not a firm or a place named after someone,
        // "Merrill Lynch Capital Markets", "Madison Square Garden" (an organisation's or a
        // place's word after the name).
        const auto named_after_someone = [&] {
            for (auto k = a + 1; k < b; ++k) {
                if (m_t.org_words.contains(m_tokens[k].text) ||
                    m_t.place_words.contains(m_tokens[k].text)) {
                    return true;
                }
            }
            return false;
        };
        if (m_t.first_names.contains(m_tokens[a].text) && n <= 4 && !named_after_someone()) {
            emit(Type::Person, join(a, b), a, b);
            return;
        }
        // A place's word last: "Red Square", "Gaza Strip".
        if (m_t.place_words.contains(m_tokens[b - 1].text)) {
            emit(Type::Place, join(a, b), a, b);
            return;
        }
    }
    // A name that speaks or follows a lower-case title is a person's even when a part of it is
    // a place's name: "chairman Ngozi Adeyemi", "Victoria Beckham said".
    if (n >= 2 && n <= 4 && !headline && person_cue(a, b)) {
        note_unknown(a, b, false);
        return;
    }
    // The longest gazetteer names inside the span, left to right; the rest are unknown.
    auto rest = a;
    auto k = a;
    while (k < b) {
        bool matched = false;
        for (auto len = std::min(m_t.max_words, b - k); len > 0; --len) {
            if (len == b - a) {
                continue; // the whole span was looked up above
            }
            if (const auto* e = lookup(k, k + len); e != nullptr) {
                if (rest < k && !headline) {
                    note_unknown(rest, k, false);
                }
                emit_entry(*e, k, k + len);
                k += len;
                rest = k;
                matched = true;
                break;
            }
        }
        if (!matched) {
            ++k;
        }
    }
    if (rest < b && !headline) {
        note_unknown(rest, b, false);
    }
}

bool Run::lower_title_before(std::size_t a) const {
    if (a == 0) {
        return false;
    }
    const auto& prev = m_tokens[a - 1];
    if (prev.break_after || !is_ascii_lower(prev.text[0])) {
        return false;
    }
    std::string title(prev.text);
    title[0] = static_cast<char>(title[0] - 'a' + 'A');
    return m_t.titles.contains(title);
}

bool Run::person_cue(std::size_t a, std::size_t b) const {
    if (lower_title_before(a)) {
        return true;
    }
    if (b < m_tokens.size()) {
        const auto& last = m_tokens[b - 1];
        const auto& next = m_tokens[b];
        return (!last.break_after && is_speech_verb(next.text)) ||
               (last.after == ',' && next.text == "who");
    }
    return false;
}

void Run::note_unknown(std::size_t a, std::size_t b, bool titled) {
    auto name = std::string(join(a, b));
    if (m_t.junk.contains(name) || m_t.titles.contains(name)) {
        return;
    }
    const bool acronym_in_prose = b == a + 1 && !titled && prose_acronym(a);
    if (b == a + 1 && (m_tokens[a].all_caps || m_tokens[a].digit)) {
        // an unknown acronym: only as the short form of a name given in brackets
        if (auto it = m_acronyms.find(name); it != m_acronyms.end()) {
            name = it->second;
        } else if (!titled && !acronym_in_prose) {
            return;
        }
    }
    auto [it, inserted] = m_unknown.try_emplace(name);
    auto& c = it->second;
    if (inserted) {
        c.first = a;
        c.words = static_cast<int>(b - a);
    }
    c.title += titled ? 1 : 0;
    c.inside += m_tokens[a].sentence_start ? 0 : 1;
    if (acronym_in_prose) {
        if (c.acronym == 0) {
            c.acronym = written_lower(name) ? -1 : 1;
        }
        if (c.acronym > 0) {
            ++c.org; // an acronym in prose: "INSEE", "CCF"
        }
    }
    if (b < m_tokens.size()) {
        const auto& next = m_tokens[b];
        const auto& last = m_tokens[b - 1];
        if (!last.break_after && is_speech_verb(next.text)) {
            ++c.speech;
        }
        if (last.after == ',' && next.text == "who") {
            ++c.speech;
        }
        if (!last.break_after && !next.cap && m_t.place_words.contains(next.text)) {
            ++c.place_after;
        }
        if (!last.possessive && region_after_comma(b)) {
            ++c.place_after; // "Bluffton, Ohio", "Hoffman Estates, Ill."
        }
        // "X said it would" (a single word: a person's full name says "it" too), "X's chief
        // executive", "Acme shares", "X, a unit of Y"
        if (b == a + 1 && !last.break_after && is_speech_verb(next.text) &&
            b + 1 < m_tokens.size() &&
            (m_tokens[b + 1].text == "it" || m_tokens[b + 1].text == "its")) {
            ++c.org;
        }
        if ((last.possessive || !last.break_after) && is_org_cue_after(next.text) &&
            (next.text != "chief" ||
             (b + 1 < m_tokens.size() && m_tokens[b + 1].text == "executive"))) {
            ++c.org;
        }
        if (last.after == ',' && next.text == "which" && b + 1 < m_tokens.size() &&
            is_company_verb(m_tokens[b + 1].text)) {
            ++c.org; // "X, which makes"
        }
        if (last.after == ',' && (next.text == "a" || next.text == "an" || next.text == "the") &&
            company_apposition(b + 1)) {
            ++c.org;
        }
    }
    if (club_cue(a, b, false)) {
        ++c.org; // "Brentford striker", "(Biarritz)" in a sports report
    }
    if (a > 0) {
        const auto& prev = m_tokens[a - 1];
        if (!prev.break_after && is_place_preposition(prev.text)) {
            ++c.place_before;
        }
        if (!prev.break_after && (prev.text == "the" || prev.text == "a" || prev.text == "an")) {
            ++c.article;
        }
        const std::string_view prev2 =
            a >= 2 && !m_tokens[a - 2].break_after ? m_tokens[a - 2].text : std::string_view{};
        if (!prev.break_after && is_org_cue_before(prev2, prev.text)) {
            ++c.org;
        }
        // a lower-case title: "spokesman John Kirby", "chairman Paul Volcker"
        if (lower_title_before(a)) {
            ++c.title;
        }
    }
}

/// The places of a dateline ("ROCKVILLE, Md., March 2", "NEW YORK, March 3"): its parts
/// before the date, each a known place, a state's abbreviation, or (the first) a town no list
/// knows, shown with capitals only at the start of its words.
void Run::dateline(std::string_view line) {
    std::size_t pos = 0;
    for (bool first = true; pos < line.size(); first = false) {
        auto comma = std::min(line.find(',', pos), line.size());
        const auto part = text::trim(line.substr(pos, comma - pos));
        pos = comma + 1;
        if (part.empty() || is_digit(part[0]) || is_month(part.substr(0, part.find(' ')))) {
            return; // the date ("March 2") and what follows it
        }
        const Entry* e = nullptr;
        if (auto it = m_t.gazetteer.find(part); it != m_t.gazetteer.end()) {
            e = &it->second;
        } else if (auto f = m_t.by_folded.find(std::string_view(folded(part)));
                   f != m_t.by_folded.end()) {
            e = f->second;
        }
        if (e != nullptr) {
            if (e->type == Type::Place) {
                m_found.push_back(Found{Type::Place, e->canonical, 0});
            }
        } else if (const auto* state = m_t.us_state(part)) {
            m_found.push_back(Found{Type::Place, *state, 0});
        } else if (first && std::all_of(part.begin(), part.end(), [](char ch) {
                       return is_word_byte(ch) || ch == ' ' || ch == '-' || ch == '.' || ch == '\'';
                   })) {
            std::string town(part);
            for (std::size_t k = 0; k < town.size(); ++k) {
                const bool word_start =
                    k == 0 || town[k - 1] == ' ' || town[k - 1] == '-' || town[k - 1] == '.';
                if (!word_start && is_ascii_upper(town[k])) {
                    town[k] = static_cast<char>(town[k] - 'A' + 'a');
                }
            }
            m_found.push_back(Found{Type::Place, std::move(town), 0});
        }
    }
}

Entities Run::finish() {
    // Types of the names no gazetteer knows, from their cues over all their mentions.
    std::vector<std::pair<std::string, Candidate>> singles;
    std::vector<std::pair<std::string, Candidate>> cued_orgs;
    std::vector<std::pair<std::string, Candidate>> multis;
    for (auto& [name, c] : m_unknown) {
        if (c.org > 0 && c.title == 0 && c.place_after == 0) {
            // a lone word of a company's name ("Inc", "Bank"), a given name or a contraction
            // ("We're told it") names no company
            auto apostrophe = name.find('\'');
            bool contraction = apostrophe != std::string::npos && apostrophe + 1 < name.size() &&
                               is_ascii_lower(name[apostrophe + 1]);
            if (contraction) {
                continue;
            }
            if (c.words > 1 ||
                (name.size() >= 2 && !m_t.org_words.contains(name) &&
                 !m_t.place_words.contains(name) && !m_t.first_names.contains(name))) {
                cued_orgs.emplace_back(name, c);
            }
        } else if (c.title > 0 || (c.words >= 2 && c.speech > 0 && c.place_after == 0)) {
            m_found.push_back(Found{Type::Person, name, c.first});
        } else if (c.place_after > 0 || (c.place_before > 0 && c.inside > 0 && c.speech == 0)) {
            m_found.push_back(Found{Type::Place, name, c.first});
        } else if (c.words == 1) {
            singles.emplace_back(name, c);
        } else if (c.words <= 3) {
            multis.emplace_back(name, c);
        }
    }
    // A name of two or three plain words whose last word comes back alone and speaks is a
    // person's named in full once ("Hayden Cunningham ... Cunningham said").
    for (const auto& [name, c] : multis) {
        auto last = std::string_view(name).substr(name.rfind(' ') + 1);
        // not only at sentence starts, where "Poor Katie" or "Labeling Jolie" begin
        bool plain = c.inside > 0 && std::none_of(name.begin(), name.end(), [](char ch) {
                         return ch == '.' || is_digit(ch);
                     });
        for (std::size_t pos = 0; plain && pos < name.size();) {
            auto end = std::min(name.find(' ', pos), name.size());
            auto word = std::string_view(name).substr(pos, end - pos);
            bool lower_part = false; // "Soviet-led", "Washington-based"
            for (auto h = word.find('-'); h != std::string_view::npos && !lower_part;
                 h = word.find('-', h + 1)) {
                lower_part = h + 1 < word.size() && is_ascii_lower(word[h + 1]);
            }
            plain = starts_upper(word) && !lower_part && !m_tokens[c.first].all_caps &&
                    !m_t.title_starts.contains(word) && !m_t.titles.contains(word) &&
                    !m_t.org_words.contains(word) && !m_t.place_words.contains(word) &&
                    !m_t.gazetteer.contains(word);
            pos = end + 1;
        }
        if (plain &&
            std::any_of(singles.begin(), singles.end(),
                        [&](const auto& s) {
                            return s.first == last && s.second.speech > 0 && s.second.article == 0;
                        }) &&
            !written_lower(std::string_view(name).substr(0, name.find(' ')))) {
            // the first word is no common word the article also writes in lower case
            // ("Labeling Jolie", "Hate Rachel")
            m_found.push_back(Found{Type::Person, name, c.first});
        }
    }
    std::sort(m_found.begin(), m_found.end(),
              [](const Found& x, const Found& y) { return x.first < y.first; });

    // People: a name that begins or ends a longer one is that one ("Kim Kardashian" and "Kim
    // Kardashian West").
    {
        std::vector<std::string> longer;
        for (const auto& f : m_found) {
            if (f.type == Type::Person && f.name.find(' ') != std::string::npos) {
                longer.push_back(f.name);
            }
        }
        for (auto& f : m_found) {
            if (f.type != Type::Person || f.name.find(' ') == std::string::npos) {
                continue;
            }
            for (const auto& l : longer) {
                if (l.size() > f.name.size() &&
                    ((l.compare(0, f.name.size(), f.name) == 0 && l[f.name.size()] == ' ') ||
                     (l.compare(l.size() - f.name.size(), f.name.size(), f.name) == 0 &&
                      l[l.size() - f.name.size() - 1] == ' '))) {
                    f.name = l;
                    break;
                }
            }
        }
    }
    // People: a surname or given name alone is the fuller name the article gives.
    std::unordered_map<std::string, std::string> part_of;
    for (const auto& f : m_found) {
        if (f.type != Type::Person || f.name.find(' ') == std::string::npos) {
            continue;
        }
        auto last = f.name.substr(f.name.rfind(' ') + 1);
        auto first = f.name.substr(0, f.name.find(' '));
        part_of.try_emplace(last, f.name);
        if (!m_t.first_names.contains(first)) {
            part_of.try_emplace(first, f.name); // "Kim" of "Kim Jong Un", not "Joe"
        }
    }
    for (auto& f : m_found) {
        if (f.type == Type::Person && f.name.find(' ') == std::string::npos) {
            if (auto it = part_of.find(f.name); it != part_of.end()) {
                f.name = it->second;
            }
        }
    }
    for (const auto& [name, c] : singles) {
        if (auto it = part_of.find(name); it != part_of.end()) {
            m_found.push_back(Found{Type::Person, it->second, c.first});
        }
    }
    // A company's cues on a word that is the surname of a person named in full are that
    // person's ("Baker said it would").
    for (const auto& [name, c] : cued_orgs) {
        if (auto it = part_of.find(name); it != part_of.end() && c.words == 1) {
            m_found.push_back(Found{Type::Person, it->second, c.first});
        } else {
            m_found.push_back(Found{Type::Org, name, c.first});
        }
    }
    std::sort(m_found.begin(), m_found.end(),
              [](const Found& x, const Found& y) { return x.first < y.first; });

    Entities out;
    std::unordered_set<std::string> seen[3];
    for (auto& f : m_found) {
        auto index = static_cast<std::size_t>(f.type) - 1;
        if (f.type == Type::None || seen[index].contains(f.name)) {
            continue;
        }
        seen[index].insert(f.name);
        auto& list = f.type == Type::Person  ? out.person
                     : f.type == Type::Place ? out.place
                                             : out.org;
        list.push_back(std::move(f.name));
    }
    // A club's short form beside its full name is that name: "Milan" beside "AC Milan"; an
    // organisation's acronym beside its full name too: "ICE" beside "U.S. Immigration and
    // Customs Enforcement", "NYPD" beside "New York Police Department".
    const auto names_a_longer_value = [&](const std::string& name) {
        return std::any_of(out.org.begin(), out.org.end(), [&](const std::string& full) {
            if (m_club_short_names.contains(name) && full.size() > name.size() &&
                ((full.compare(0, name.size(), name) == 0 && full[name.size()] == ' ') ||
                 (full.compare(full.size() - name.size(), name.size(), name) == 0 &&
                  full[full.size() - name.size() - 1] == ' '))) {
                return true;
            }
            return abbreviates(name, full);
        });
    };
    std::unordered_set<std::string> merged;
    for (const auto& name : out.org) {
        if (names_a_longer_value(name)) {
            merged.insert(name);
        }
    }
    std::erase_if(out.org, [&](const std::string& name) { return merged.contains(name); });
    return out;
}

/// Whether @p acronym is made of the initials of @p name's capitalised words, its lower-case
/// words ("of", "and") left out, and a place it starts with too ("U.S. Immigration and Customs
/// Enforcement" is "ICE").
bool Run::abbreviates(std::string_view acronym, std::string_view name) const {
    if (acronym.size() < 2 || acronym.size() > 6 || acronym.size() >= name.size() ||
        !std::all_of(acronym.begin(), acronym.end(), is_ascii_upper)) {
        return false;
    }
    auto words = split(name, ' ');
    std::string initials;
    for (auto w : words) {
        if (!w.empty() && is_ascii_upper(w[0])) {
            initials += w[0];
        }
    }
    if (initials == acronym) {
        return true;
    }
    if (words.size() < 3 || initials.size() != acronym.size() + 1 ||
        initials.compare(1, std::string::npos, acronym) != 0) {
        return false;
    }
    auto it = m_t.gazetteer.find(words[0]);
    return it != m_t.gazetteer.end() && it->second.type == Type::Place;
}

} // namespace

struct Extractor::Tables : Gazetteers {};

Extractor::Extractor() {
    auto tables = std::make_unique<Tables>();
    tables->load();
    tables_ = tables.release();
}

Extractor::~Extractor() {
    delete tables_;
}

Entities Extractor::extract(std::string_view title, std::string_view body,
                            std::string_view dateline) const {
    std::string text = normalise(title);
    auto title_end = text.size();
    text += "\n\n";
    text += normalise(body);
    auto tokens = tokenise(text, title_end);
    Run run(*tables_, tokens);
    run.scan();
    run.dateline(normalise(dateline));
    return run.finish();
}

} // namespace news::indexer::entities
