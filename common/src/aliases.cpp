/// @file
/// @brief Alias files parsed, stored and matched against word sequences.
#include "news/common/aliases.hpp"

#include "news/common/analysis.hpp"
#include "news/common/error.hpp"
#include "news/common/folding.hpp"
#include "news/common/text.hpp"

#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <deque>
#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

namespace news::aliases {

namespace detail {
/// corpus/aliases.txt as it was when the tool was built (generated source).
std::string_view builtin_text();
} // namespace detail

namespace {

constexpr std::string_view metadata_header = "news-aliases 1";

bool is_apostrophe(unsigned c) {
    return c == '\'' || c == 0x2019 || c == 0x201b;
}

// What joins two word characters into one word, as Xapian 1.4's TermGenerator has it
// (check_infix): apostrophes, '&' ("AT&T"), middle dots.
bool is_infix(unsigned c) {
    return is_apostrophe(c) || c == '&' || c == 0xb7 || c == 0x5f4 || c == 0x2027;
}

// What joins two digits (check_infix_digit): "10,000", "1.5".
bool is_digit_infix(unsigned c) {
    return c == ',' || c == '.' || c == ';' || c == 0x37e || c == 0x589 || c == 0x60d ||
           c == 0x7f8 || c == 0x2044 || c == 0xfe10 || c == 0xfe13 || c == 0xfe14;
}

// Zero-width characters Xapian drops inside a word.
bool is_ignored(unsigned c) {
    return c == 0x200b || c == 0x200c || c == 0x200d || c == 0x2060 || c == 0xfeff;
}

// Xapian's TermGenerator skips longer words, and gives them no position.
constexpr std::size_t max_word_bytes = 64;

bool is_digit(unsigned c) {
    return c >= '0' && c <= '9';
}

bool is_ascii_upper(unsigned c) {
    return c >= 'A' && c <= 'Z';
}

// A dotted acronym starting at @p it ("U.S.", "U.N"): single capitals joined by '.', as
// Xapian's TermGenerator reads them. Returns where it ends, or @p it when there is none.
Xapian::Utf8Iterator acronym_end(Xapian::Utf8Iterator it) {
    const Xapian::Utf8Iterator end;
    const Xapian::Utf8Iterator start = it;
    int letters = 0;
    while (it != end && is_ascii_upper(*it)) {
        Xapian::Utf8Iterator next = it;
        ++next;
        if (next == end || *next != '.') {
            if (letters == 0) {
                return start;
            }
            ++it; // the last letter, without its dot
            ++letters;
            break;
        }
        ++letters;
        it = next;
        ++it; // past the dot
    }
    if (letters < 2 || (it != end && Xapian::Unicode::is_wordchar(*it))) {
        return start;
    }
    return it;
}

Token make_token(std::string_view text, std::size_t begin, std::size_t end, bool acronym) {
    Token token;
    token.begin = begin;
    token.end = end;
    const std::string_view word = text.substr(begin, end - begin);
    std::vector<unsigned> chars;
    for (Xapian::Utf8Iterator it(word.data(), word.size()); it != Xapian::Utf8Iterator(); ++it) {
        if ((acronym && *it == '.') || is_ignored(*it)) {
            continue;
        }
        chars.push_back(is_apostrophe(*it) ? '\'' : *it);
    }
    // A final "'s" does not count for the case of the word ("NATO's" is in capitals).
    std::size_t cased = chars.size();
    if (cased > 2 && chars[cased - 2] == '\'' &&
        (chars[cased - 1] == 's' || chars[cased - 1] == 'S')) {
        cased -= 2;
    }
    bool first_letter = true;
    token.capitals = true;
    token.rest_lower = true;
    for (std::size_t k = 0; k < chars.size(); ++k) {
        const unsigned c = chars[k];
        Xapian::Unicode::append_utf8(token.lower, Xapian::Unicode::tolower(c));
        if (k >= cased) {
            continue;
        }
        const auto category = Xapian::Unicode::get_category(c);
        const bool upper = category == Xapian::Unicode::UPPERCASE_LETTER ||
                           category == Xapian::Unicode::TITLECASE_LETTER;
        const bool lower = category == Xapian::Unicode::LOWERCASE_LETTER;
        if (!upper && !lower) {
            continue;
        }
        ++token.letters;
        if (first_letter) {
            token.capitalised = upper;
            first_letter = false;
        } else if (upper) {
            token.rest_lower = false;
        }
        if (lower) {
            token.capitals = false;
        }
    }
    if (token.letters == 0) {
        token.capitals = false;
    }
    return token;
}

Case rule_of(const Token& token) {
    if (token.capitals && token.letters >= 2) {
        return Case::Capitals;
    }
    return token.capitalised ? Case::Capitalised : Case::Any;
}

// A word in capitals in a form that is an everyday word in lower case: it counts only in
// capitals ("US" but not "us", "WHO" but not "who"). The query stop words, and "us", which
// Snowball's list leaves out.
bool is_stop_word(const std::string& lower) {
    return lower == "us" || analysis::stopper()(lower);
}

bool case_matches(const Token& token, const FormWord& word, Mode mode) {
    if (mode == Mode::Query) {
        return word.rule != Case::Capitals || token.capitals || !is_stop_word(word.lower);
    }
    switch (word.rule) {
    case Case::Any:
        return true;
    case Case::Capitalised:
        return token.capitalised;
    case Case::Capitals:
        return token.capitals ||
               (token.capitalised && token.rest_lower && !is_stop_word(word.lower));
    }
    return false;
}

bool word_matches(const Token& token, const FormWord& word, bool last, Mode mode) {
    if (token.lower != word.lower) {
        // A possessive counts for the last word: "NATO's", "the United Nations'".
        const std::string_view lower = token.lower;
        if (!last || lower.size() != word.lower.size() + 2 ||
            lower.substr(0, word.lower.size()) != word.lower ||
            lower.substr(word.lower.size()) != "'s") {
            return false;
        }
    }
    return case_matches(token, word, mode);
}

// One form: its text with single spaces, and its words.
Form make_form(std::string_view text) {
    Form form;
    std::string spaced;
    for (const char c : text::trim(text)) {
        const bool space = c == ' ' || c == '\t';
        if (!space || (!spaced.empty() && spaced.back() != ' ')) {
            spaced += space ? ' ' : c;
        }
    }
    form.text = std::move(spaced);
    for (const Token& token : tokenize(form.text)) {
        form.words.push_back({token.lower, rule_of(token)});
    }
    return form;
}

std::vector<std::string_view> split_forms(std::string_view line) {
    std::vector<std::string_view> parts;
    std::size_t from = 0;
    while (true) {
        const std::size_t eq = line.find('=', from);
        parts.push_back(
            text::trim(line.substr(from, eq == std::string_view::npos ? eq : eq - from)));
        if (eq == std::string_view::npos) {
            return parts;
        }
        from = eq + 1;
    }
}

std::string words_key(const Form& form) {
    std::string key;
    for (const auto& word : form.words) {
        key += word.lower + ' ';
    }
    return key;
}

std::string join_forms(const Group& group) {
    std::string out;
    for (const auto& form : group.forms) {
        out += (out.empty() ? "" : " = ") + form.text;
    }
    return out;
}

} // namespace

namespace {

// Splits a text into words one at a time (see tokenize()).
class Tokenizer {
public:
    explicit Tokenizer(std::string_view text) : m_text(text), m_it(text.data(), text.size()) {}

    std::optional<Token> next() {
        while (true) {
            std::optional<Token> token = next_word();
            if (!token || token->lower.size() <= max_word_bytes) {
                return token;
            }
        }
    }

private:
    std::optional<Token> next_word() {
        const Xapian::Utf8Iterator end;
        while (m_it != end && !Xapian::Unicode::is_wordchar(*m_it)) {
            ++m_it;
        }
        if (m_it == end) {
            return std::nullopt;
        }
        const std::size_t begin = offset(m_it);
        if (const Xapian::Utf8Iterator acronym = acronym_end(m_it); acronym != m_it) {
            // Xapian keeps the trailing dot out of the word; so do the offsets.
            m_it = acronym;
            return make_token(m_text, begin, offset(m_it), true);
        }
        unsigned previous = *m_it;
        ++m_it;
        while (m_it != end) {
            const unsigned c = *m_it;
            if (Xapian::Unicode::is_wordchar(c)) {
                previous = c;
                ++m_it;
                continue;
            }
            Xapian::Utf8Iterator after = m_it;
            ++after;
            if (is_ignored(c)) {
                m_it = after; // a zero-width character inside a word: as if it were not there
                continue;
            }
            // Between digits only a digit separator joins ("10,000"; "6'7" is two words).
            const bool joins =
                after != end && (is_digit(previous) && is_digit(*after)
                                     ? is_digit_infix(c)
                                     : is_infix(c) && Xapian::Unicode::is_wordchar(*after));
            if (!joins) {
                break;
            }
            m_it = after;
        }
        return make_token(m_text, begin, offset(m_it), false);
    }

    std::size_t offset(const Xapian::Utf8Iterator& at) const {
        return at == Xapian::Utf8Iterator() ? m_text.size()
                                            : static_cast<std::size_t>(at.raw() - m_text.data());
    }

    std::string_view m_text;
    Xapian::Utf8Iterator m_it;
};

} // namespace

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    Tokenizer tokenizer(text);
    while (auto token = tokenizer.next()) {
        tokens.push_back(std::move(*token));
    }
    return tokens;
}

AliasSet AliasSet::parse(std::string_view text, std::string_view origin) {
    if (!text::is_valid_utf8(text)) {
        throw Error(ErrorKind::Usage, fmt::format("{}: the aliases file is not UTF-8", origin));
    }
    AliasSet set;
    std::map<std::string, std::pair<std::string, std::size_t>> seen; // words -> form, line
    std::size_t line_number = 0;
    std::size_t from = 0;
    while (from < text.size()) {
        const std::size_t newline = text.find('\n', from);
        const std::string_view raw =
            text.substr(from, newline == std::string_view::npos ? newline : newline - from);
        from = newline == std::string_view::npos ? text.size() : newline + 1;
        ++line_number;
        const std::string_view line = text::trim(raw);
        if (line.empty() || line.front() == '#') {
            continue;
        }
        const auto fail = [&](const std::string& what) {
            throw Error(ErrorKind::Usage, fmt::format("{}:{}: {}", origin, line_number, what),
                        "each line is two or more names of one thing separated by ' = ', as "
                        "in: UN = United Nations (see corpus/aliases.txt)");
        };
        const std::string folded = folding::fold_accents(line);
        if (folded.size() > max_group_bytes) {
            fail(fmt::format("the group is {} bytes long; at most {} are allowed", folded.size(),
                             max_group_bytes));
        }
        const std::vector<std::string_view> parts = split_forms(folded);
        if (parts.size() < 2) {
            fail("an alias group needs at least two forms separated by ' = '");
        }
        Group group;
        for (const std::string_view part : parts) {
            Form form = make_form(part);
            if (form.words.empty()) {
                fail(part.empty() ? std::string("a form is empty")
                                  : fmt::format("'{}' has no word to match", part));
            }
            const std::string key = words_key(form);
            if (const auto it = seen.find(key); it != seen.end()) {
                fail(fmt::format("'{}' is the same words as '{}' (line {}): a form may be in one "
                                 "group only, and case and dots do not make another form",
                                 form.text, it->second.first, it->second.second));
            }
            seen.emplace(key, std::make_pair(form.text, line_number));
            group.forms.push_back(std::move(form));
        }
        group.term = std::string(term_prefix) + join_forms(group);
        const std::size_t index = set.m_groups.size();
        for (std::size_t f = 0; f < group.forms.size(); ++f) {
            set.m_first[group.forms[f].words.front().lower].emplace_back(index, f);
            set.m_max_words = std::max(set.m_max_words, group.forms[f].words.size());
        }
        set.m_groups.push_back(std::move(group));
    }
    return set;
}

AliasSet AliasSet::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(ErrorKind::NotFound, fmt::format("{}: cannot open the aliases file", path),
                    "give an existing file to --aliases (corpus/aliases.txt shows the format)");
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        throw Error(ErrorKind::Io, fmt::format("{}: cannot read the aliases file", path));
    }
    return parse(text.str(), path);
}

std::shared_ptr<const AliasSet> AliasSet::builtin() {
    static const auto set =
        std::make_shared<const AliasSet>(parse(detail::builtin_text(), "aliases.txt (built in)"));
    return set;
}

AliasSet AliasSet::from_metadata(std::string_view value, std::string_view db) {
    if (value.empty()) {
        return {};
    }
    const std::size_t newline = value.find('\n');
    if (value.substr(0, newline) != metadata_header) {
        throw Error(ErrorKind::Corrupt,
                    fmt::format("{}: the stored alias set is not in a format this build reads", db),
                    "rebuild the database with news-index --overwrite");
    }
    try {
        return parse(newline == std::string_view::npos ? std::string_view{}
                                                       : value.substr(newline + 1),
                     "stored aliases");
    } catch (const Error& e) {
        throw Error(ErrorKind::Corrupt, fmt::format("{}: {}", db, e.what()),
                    "rebuild the database with news-index --overwrite");
    }
}

std::string AliasSet::metadata_value() const {
    std::string out(metadata_header);
    out += '\n';
    for (const auto& group : m_groups) {
        out += join_forms(group) + '\n';
    }
    return out;
}

std::vector<Occurrence> AliasSet::find(std::string_view text, Mode mode,
                                       std::size_t* word_count) const {
    std::vector<Occurrence> found;
    Tokenizer tokenizer(text);
    std::deque<Token> window; // the words from index `first` on, at most m_max_words
    std::size_t first = 0;
    // The longest form that starts at the window's first word.
    const auto check_first = [&] {
        std::string_view lower = window.front().lower;
        auto it = m_first.find(lower);
        if (it == m_first.end() && lower.size() > 2 && lower.substr(lower.size() - 2) == "'s") {
            it = m_first.find(lower.substr(0, lower.size() - 2));
        }
        if (it == m_first.end()) {
            return;
        }
        Occurrence best;
        for (const auto& [g, f] : it->second) {
            const auto& words = m_groups[g].forms[f].words;
            if (words.size() > window.size() || words.size() <= best.count) {
                continue;
            }
            bool all = true;
            for (std::size_t k = 0; k < words.size() && all; ++k) {
                all = word_matches(window[k], words[k], k + 1 == words.size(), mode);
            }
            if (all) {
                best = {
                    g, f, first, words.size(), window.front().begin, window[words.size() - 1].end};
            }
        }
        if (best.count > 0) {
            found.push_back(best);
        }
    };
    std::size_t count = 0;
    while (auto token = tokenizer.next()) {
        ++count;
        if (m_groups.empty()) {
            continue;
        }
        window.push_back(std::move(*token));
        if (window.size() == m_max_words) {
            check_first();
            window.pop_front();
            ++first;
        }
    }
    while (!window.empty()) {
        check_first();
        window.pop_front();
        ++first;
    }
    if (word_count != nullptr) {
        *word_count = count;
    }
    return found;
}

bool AliasSet::operator==(const AliasSet& other) const {
    return metadata_value() == other.metadata_value();
}

std::vector<Form> forms_of_term(std::string_view term) {
    std::vector<Form> forms;
    if (term.substr(0, term_prefix.size()) != term_prefix) {
        return forms;
    }
    for (const std::string_view part : split_forms(term.substr(term_prefix.size()))) {
        Form form = make_form(part);
        if (!form.words.empty()) {
            forms.push_back(std::move(form));
        }
    }
    return forms;
}

} // namespace news::aliases
