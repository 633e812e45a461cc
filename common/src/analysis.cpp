/// @file
/// @brief Stemmer, TermGenerator, stored terms and QueryParser set up from one place.
#include "news/common/analysis.hpp"

#include "news/common/error.hpp"
#include "news/common/schema.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

namespace news::analysis {

Xapian::Stem make_stemmer(std::string_view language) {
    try {
        return Xapian::Stem(std::string(language));
    } catch (const Xapian::InvalidArgumentError&) {
        throw Error(ErrorKind::Usage, "no stemmer for language '" + std::string(language) + "'",
                    "available: " + Xapian::Stem::get_available_languages());
    }
}

std::string canonical_stemmer_name(std::string_view language) {
    // get_description() is "Xapian::Stem(english)" whatever alias built the stemmer.
    const std::string description = make_stemmer(language).get_description();
    const auto open = description.find('(');
    const auto close = description.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close <= open) {
        return std::string(language);
    }
    return description.substr(open + 1, close - open - 1);
}

Xapian::TermGenerator make_word_generator() {
    Xapian::TermGenerator generator;
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    return generator;
}

namespace {

// A term's field prefix: its leading capitals (the TermGenerator lower-cases every word).
std::size_t prefix_length(const std::string& term) {
    std::size_t n = 0;
    while (n < term.size() && term[n] >= 'A' && term[n] <= 'Z') {
        ++n;
    }
    return n;
}

} // namespace

void add_search_terms(const Xapian::Document& words, Xapian::Document& doc,
                      const Xapian::Stem& stemmer) {
    // Stemming in the TermGenerator would give the stems positions and the words none only with
    // STEM_ALL_Z, which keeps no words at all; so words are generated first, then stemmed here,
    // once per distinct word of the article.
    for (auto it = words.termlist_begin(); it != words.termlist_end(); ++it) {
        const std::string& word = *it;
        const Xapian::termcount wdf = it.get_wdf();
        doc.add_term(word, wdf);
        const std::size_t prefix = prefix_length(word);
        std::string stem = "Z" + word.substr(0, prefix) + stemmer(word.substr(prefix));
        for (auto pos = it.positionlist_begin(); pos != it.positionlist_end(); ++pos) {
            doc.add_posting(stem, *pos, 0);
        }
        doc.add_term(stem, wdf);
    }
}

namespace {

// exact:WORD: the word as indexed (lower-cased, unstemmed). The searcher checks that one word
// follows exact:; should more come, they must all be there.
class ExactWordProcessor : public Xapian::FieldProcessor {
public:
    Xapian::Query operator()(const std::string& text) override {
        Xapian::TermGenerator generator = make_word_generator();
        Xapian::Document scratch;
        generator.set_document(scratch);
        generator.index_text_without_positions(text);
        std::vector<Xapian::Query> words;
        for (auto it = scratch.termlist_begin(); it != scratch.termlist_end(); ++it) {
            words.emplace_back(*it);
        }
        return {Xapian::Query::OP_AND, words.begin(), words.end()};
    }
};

// Dropped from queries outside phrases: the Snowball project's English stop list (BSD licence;
// snowballstem.org, as Debian's postgresql ships it in tsearch_data/english.stop), which holds
// Lucene's EnglishAnalyzer set. Against Lucene's set alone it raised mean average precision on
// every one of the classic test collections (bench/README.md).
constexpr std::array<const char*, 127> stop_words{
    "a",      "about",  "above", "after", "again",   "against",   "all",       "am",
    "an",     "and",    "any",   "are",   "as",      "at",        "be",        "because",
    "been",   "before", "being", "below", "between", "both",      "but",       "by",
    "can",    "did",    "do",    "does",  "doing",   "don",       "down",      "during",
    "each",   "few",    "for",   "from",  "further", "had",       "has",       "have",
    "having", "he",     "her",   "here",  "hers",    "herself",   "him",       "himself",
    "his",    "how",    "i",     "if",    "in",      "into",      "is",        "it",
    "its",    "itself", "just",  "me",    "more",    "most",      "my",        "myself",
    "no",     "nor",    "not",   "now",   "of",      "off",       "on",        "once",
    "only",   "or",     "other", "our",   "ours",    "ourselves", "out",       "over",
    "own",    "s",      "same",  "she",   "should",  "so",        "some",      "such",
    "t",      "than",   "that",  "the",   "their",   "theirs",    "them",      "themselves",
    "then",   "there",  "these", "they",  "this",    "those",     "through",   "to",
    "too",    "under",  "until", "up",    "very",    "was",       "we",        "were",
    "what",   "when",   "where", "which", "while",   "who",       "whom",      "why",
    "will",   "with",   "you",   "your",  "yours",   "yourself",  "yourselves"};

} // namespace

const Xapian::Stopper& stopper() {
    static const Xapian::SimpleStopper words(stop_words.begin(), stop_words.end());
    return words;
}

QueryStopper::QueryStopper(std::string_view query) {
    std::size_t i = 0;
    while (i < query.size()) {
        std::size_t end = i;
        while (end < query.size() && std::isalpha(static_cast<unsigned char>(query[end])) != 0) {
            ++end;
        }
        const std::string_view word = query.substr(i, end - i);
        const bool capitals = word.size() >= 2 && std::all_of(word.begin(), word.end(), [](char c) {
                                  return std::isupper(static_cast<unsigned char>(c)) != 0;
                              });
        if (capitals && word != "AND" && word != "OR" && word != "NOT" && word != "XOR" &&
            word != "NEAR" && word != "ADJ") {
            std::string lower(word);
            std::transform(lower.begin(), lower.end(), lower.begin(),
                           [](char c) { return static_cast<char>(std::tolower(c)); });
            m_kept.insert(std::move(lower));
        }
        i = end == i ? i + 1 : end;
    }
}

bool QueryStopper::operator()(const std::string& word) const {
    return stopper()(word) && m_kept.count(word) == 0;
}

Xapian::QueryParser make_query_parser(const Xapian::Database& db, const Xapian::Stem& stemmer) {
    Xapian::QueryParser parser;
    parser.set_database(db);
    parser.set_stemmer(stemmer);
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
    parser.set_stopper(&stopper());
    for (const auto& field : schema::text_fields()) {
        parser.add_prefix(std::string(field.name), std::string(field.prefix));
    }
    parser.add_prefix(std::string(exact_field), (new ExactWordProcessor)->release());
    // date:2024-11-01..2024-11-30 on the YYYYMMDD slot. The processor is reference-counted by
    // the parser once released.
    parser.add_rangeprocessor(
        (new Xapian::DateRangeProcessor(schema::Published, "date:"))->release());
    return parser;
}

} // namespace news::analysis
