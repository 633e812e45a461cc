/// @file
/// @brief Multi-word aliases: groups of names for one thing ("ATACMS" = "Army Tactical Missile
/// System"), read from an aliases file, stored in the database, matched in texts and queries.
///
/// Xapian's synonyms map to single terms only, so aliases are normalised at index time: where
/// a text holds any form of a group, the group's term (group_term()) is indexed at the position
/// of the form's first word. A query that names a form also matches that term (the searcher's
/// query builder). corpus/aliases.txt documents the file format and the case rules.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace news::aliases {

/// Prefix of a group's term: "XALIAS" followed by the group's forms joined by " = ". Every
/// other term starts with a lower-case word after its prefix, so it cannot collide.
constexpr std::string_view term_prefix = "XALIAS";

/// Metadata key of the database's alias set (AliasSet::metadata_value()).
constexpr std::string_view metadata_key = "news.aliases";

/// Longest group line, in bytes once folded: its term (plus a field prefix) must fit in
/// Xapian's 245-byte term limit.
constexpr std::size_t max_group_bytes = 200;

/// Which capitals a text word needs to count as a word of a form.
enum class Case {
    Any,         ///< a form word written in lower case ("of"): any case
    Capitalised, ///< a form word that starts with a capital ("Fed", "United"): a capital first
    Capitals,    ///< a form word in capitals ("NATO", "US"): capitals, or a capital then lower
                 ///< case ("Nato") unless the word is a stop word ("Who", "Us" do not count)
};

/// A word of a text, as Xapian's TermGenerator splits it (words_of the searcher, plus dotted
/// acronyms: "U.S." is one word, "us").
struct Token {
    std::size_t begin = 0; ///< byte offsets in the text
    std::size_t end = 0;
    std::string lower;        ///< lower-cased, as the index holds it (without a final "'s")
    bool capitals = false;    ///< every letter a capital
    bool capitalised = false; ///< the first letter a capital
    bool rest_lower = false;  ///< no capital after the first letter
    std::size_t letters = 0;  ///< how many letters
};

/// The words of @p text (accent-folded), in order.
[[nodiscard]] std::vector<Token> tokenize(std::string_view text);

/// One word of a form.
struct FormWord {
    std::string lower; ///< as the index holds it
    Case rule = Case::Any;
};

/// One way of writing a group's name.
struct Form {
    std::string text;            ///< as written in the file (folded, single spaces)
    std::vector<FormWord> words; ///< its words
};

/// One group: the forms that name the same thing.
struct Group {
    std::vector<Form> forms;
    std::string term; ///< group_term(): indexed wherever a form occurs
};

/// Where a form of a group occurs in a token sequence.
struct Occurrence {
    std::size_t group = 0; ///< index in AliasSet::groups()
    std::size_t form = 0;  ///< index in the group's forms
    std::size_t first = 0; ///< index of the first token
    std::size_t count = 0; ///< how many tokens
    std::size_t begin = 0; ///< byte offset of the first token in the text
    std::size_t end = 0;   ///< byte offset just past the last token
};

/// How forms are matched: texts honour the case rules (Case), queries relax them to "a stop
/// word counts only in capitals" (what the query parser keeps).
enum class Mode { Text, Query };

/// An immutable set of alias groups; safe to share between threads.
class AliasSet {
public:
    /// The empty set: no aliases.
    AliasSet() = default;

    /// Parses an aliases file's text. @p origin names it in messages ("aliases.txt").
    /// @throws news::Error (Usage) naming origin:line for a line that is not two or more
    /// forms separated by " = ", a form without a word, a form already in a group, or a line
    /// over max_group_bytes; (Usage) for text that is not UTF-8.
    [[nodiscard]] static AliasSet parse(std::string_view text, std::string_view origin);

    /// Reads and parses the file at @p path.
    /// @throws news::Error: NotFound (no such file), Io (unreadable), Usage as parse().
    [[nodiscard]] static AliasSet load(const std::string& path);

    /// The set shipped with the tool (corpus/aliases.txt, compiled in).
    [[nodiscard]] static std::shared_ptr<const AliasSet> builtin();

    /// The set as the database metadata holds it (metadata_value()); an empty value is the
    /// empty set. @throws news::Error (Corrupt) naming @p db when it cannot be read.
    [[nodiscard]] static AliasSet from_metadata(std::string_view value, std::string_view db);

    /// The set as stored under schema::metadata::aliases: "news-aliases 1" then one group per
    /// line, forms joined by " = ".
    [[nodiscard]] std::string metadata_value() const;

    [[nodiscard]] const std::vector<Group>& groups() const { return m_groups; }
    [[nodiscard]] bool empty() const { return m_groups.empty(); }

    /// The forms occurring in @p text (accent-folded), at most one per starting word (the
    /// longest), in order. Reads the text word by word, holding only as many words as the
    /// longest form has (a body may be megabytes). @p word_count, when given, receives how
    /// many words the text has (as tokenize() splits it).
    [[nodiscard]] std::vector<Occurrence> find(std::string_view text, Mode mode,
                                               std::size_t* word_count = nullptr) const;

    /// Equal sets hold the same groups with the same forms in the same order.
    bool operator==(const AliasSet& other) const;

private:
    std::vector<Group> m_groups;
    /// first word of a form -> (group, form) pairs
    std::map<std::string, std::vector<std::pair<std::size_t, std::size_t>>, std::less<>> m_first;
    std::size_t m_max_words = 0; ///< words of the longest form
};

/// The forms of the group whose term is @p term (term_prefix included), parsed back; nothing
/// when @p term is not an alias term.
[[nodiscard]] std::vector<Form> forms_of_term(std::string_view term);

} // namespace news::aliases
