/// @file
/// @brief Stemmer, TermGenerator and QueryParser set up from one place.
#include "news/common/analysis.hpp"

#include "news/common/error.hpp"
#include "news/common/schema.hpp"

#include <array>
#include <string>

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

Xapian::TermGenerator make_term_generator(const Xapian::Stem& stemmer) {
    Xapian::TermGenerator generator;
    generator.set_stemmer(stemmer);
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    return generator;
}

namespace {

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
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_stopper(&stopper());
    for (const auto& field : schema::text_fields()) {
        parser.add_prefix(std::string(field.name), std::string(field.prefix));
    }
    // date:2024-11-01..2024-11-30 on the YYYYMMDD slot. The processor is reference-counted by
    // the parser once released.
    parser.add_rangeprocessor(
        (new Xapian::DateRangeProcessor(schema::Published, "date:"))->release());
    return parser;
}

} // namespace news::analysis
