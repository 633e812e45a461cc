/// @file
/// @brief Stemmer, TermGenerator, stored terms and QueryParser set up from one place.
#include "news/common/analysis.hpp"

#include "news/common/error.hpp"
#include "news/common/schema.hpp"

#include <array>
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

// Lucene's EnglishAnalyzer stop set, so peers compared in bench/ see the same queries.
constexpr std::array<const char*, 33> stop_words{
    "a",   "an",    "and",  "are",   "as",    "at",   "be",   "but", "by",  "for",  "if",
    "in",  "into",  "is",   "it",    "no",    "not",  "of",   "on",  "or",  "such", "that",
    "the", "their", "then", "there", "these", "they", "this", "to",  "was", "will", "with"};

} // namespace

const Xapian::Stopper& stopper() {
    static const Xapian::SimpleStopper words(stop_words.begin(), stop_words.end());
    return words;
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
