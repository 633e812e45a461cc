/// @file
/// @brief Unit tests: QueryWords (which text words a query matches) and words_of (the split of a
/// text into words, 16 bytes at a time or a character at a time), against the plain forms of
/// both.
#include "query_words.hpp"
#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include <random>
#include <string>
#include <vector>

namespace {

using news::searcher::QueryWords;
using news::searcher::WordRange;

bool reference_word_char(unsigned c) {
    return Xapian::Unicode::is_wordchar(c);
}

/// The split as a plain walk with a Utf8Iterator: what words_of must give, byte for byte.
std::vector<WordRange> reference_words_of(std::string_view text) {
    std::vector<WordRange> words;
    const Xapian::Utf8Iterator end;
    Xapian::Utf8Iterator it(text.data(), text.size());
    const auto offset = [&](const Xapian::Utf8Iterator& at) {
        return at == end ? text.size() : static_cast<std::size_t>(at.raw() - text.data());
    };
    const auto digit = [](unsigned c) { return c >= '0' && c <= '9'; };
    const auto apostrophe = [](unsigned c) { return c == '\'' || c == 0x2019; };
    while (it != end) {
        if (!reference_word_char(*it)) {
            ++it;
            continue;
        }
        const std::size_t begin = offset(it);
        unsigned previous = *it;
        ++it;
        while (it != end) {
            const unsigned c = *it;
            if (reference_word_char(c)) {
                previous = c;
                ++it;
                continue;
            }
            Xapian::Utf8Iterator next = it;
            ++next;
            const bool joins =
                next != end && ((apostrophe(c) && !digit(previous) && reference_word_char(*next)) ||
                                ((c == ',' || c == '.') && digit(previous) && digit(*next)));
            if (!joins) {
                break;
            }
            it = next;
        }
        words.emplace_back(begin, offset(it));
    }
    return words;
}

} // namespace

BOOST_AUTO_TEST_SUITE(query_words)

BOOST_AUTO_TEST_CASE(words_of_splits_as_a_plain_utf8_walk) {
    const std::vector<std::string> texts = {
        "",
        "Ukraine's troops, 10,000.5 of them, rock'n'roll '90s",
        "Caf\xc3\xa9 \xc3\x89lys\xc3\xa9"
        "e Ukraine\xe2\x80\x99s \xe2\x80\x9cquoted\xe2\x80\x9d",
        "\xe6\x9d\xb1\xe4\xba\xac 2024 na\xc3\xafve e\xcc\x81t\xc3\xa9 \xf0\x9f\x98\x80 end",
        "invalid \xff\xfe bytes and a cut sequence caf\xc3",
        "trailing joiners: can' 10, 10. it\xe2\x80\x99",
        "\xe2\x80",
        "x",
    };
    for (const auto& text : texts) {
        BOOST_TEST(news::searcher::words_of(text) == reference_words_of(text), text);
        BOOST_TEST(news::searcher::words_of_by_character(text) == reference_words_of(text), text);
    }
    // Random texts made of the pieces above, seeded so a failure repeats.
    const std::vector<std::string> pieces = {"a",        "Z",
                                             "7",        " ",
                                             "'",        ",",
                                             ".",        "-",
                                             "\xc3\xa9", "\xe2\x80\x99",
                                             "\xff",     "\xc3",
                                             "\xe2\x80", "\xf0\x9f\x98\x80",
                                             "\xcc\x81", "\xe6\x9d\xb1",
                                             "\n"};
    std::mt19937 random(20251130);
    std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
    std::uniform_int_distribution<int> length(0, 40);
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        for (int k = length(random); k > 0; --k) {
            text += pieces[pick(random)];
        }
        BOOST_TEST_REQUIRE(news::searcher::words_of(text) == reference_words_of(text), text);
        BOOST_TEST_REQUIRE(news::searcher::words_of_by_character(text) == reference_words_of(text),
                           text);
    }
}

BOOST_AUTO_TEST_CASE(words_of_splits_long_ascii_texts_as_a_plain_utf8_walk) {
    // Long, mostly ASCII texts: the 16-byte blocks, the bytes either side of each block and the
    // stretches that go a character at a time. Every ASCII byte is a piece, the word characters
    // and joiners more often, and now and then a character past ASCII.
    std::vector<std::string> pieces;
    for (int c = 1; c < 128; ++c) {
        pieces.emplace_back(1, static_cast<char>(c));
    }
    for (int k = 0; k < 40; ++k) {
        pieces.insert(pieces.end(), {"a", "Q", "5", "_", " ", "'", ",", ".", "word", "10"});
    }
    pieces.insert(pieces.end(), {"\xc3\xa9", "\xe2\x80\x99", "\xff", "\xe6\x9d\xb1"});
    std::mt19937 random(20261201);
    std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
    std::uniform_int_distribution<int> length(0, 300);
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        for (int k = length(random); k > 0; --k) {
            text += pieces[pick(random)];
        }
        BOOST_TEST_REQUIRE(news::searcher::words_of(text) == reference_words_of(text), text);
    }
}

BOOST_AUTO_TEST_CASE(english_words_match_their_stems_whatever_the_first_letter) {
    // Porter2's exceptions change a word's end, never its first letter: "skies" is "sky",
    // "dying" is "die". Words whose first letter starts no query stem match nothing.
    const Xapian::Stem english("english");
    const std::vector<Xapian::Query> terms = {Xapian::Query("Z" + english("skies")),
                                              Xapian::Query("Z" + english("dying")),
                                              Xapian::Query("Zrun")};
    const Xapian::Query query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    QueryWords words(query, english);
    BOOST_TEST(words.match("skies").has_value());
    BOOST_TEST(words.match("Sky").has_value());
    BOOST_TEST((words.match("skies") == words.match("sky")));
    BOOST_TEST((words.match("DYING") == words.match("die")));
    BOOST_TEST((words.match("running") == words.match("runs")));
    BOOST_TEST(!words.match("troops").has_value());
    BOOST_TEST(!words.match("ran").has_value());
}

BOOST_AUTO_TEST_CASE(english_words_match_their_stems_whatever_their_first_two_letters) {
    // Porter2's "dying", "lying", "tying" are "die", "lie", "tie"; "a's" is "a".
    const Xapian::Stem english("english");
    const std::vector<Xapian::Query> terms = {
        Xapian::Query("Zdie"), Xapian::Query("Zlie"),
        Xapian::Query("Ztie"), Xapian::Query("Za"),
        Xapian::Query("Zsky"), Xapian::Query(Xapian::Query::OP_WILDCARD, "q")};
    const Xapian::Query query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    QueryWords words(query, english);
    for (const char* word : {"dying", "Lying", "TYING", "a's", "skies", "Quarrels", "q"}) {
        BOOST_TEST(words.match(word).has_value(), word);
    }
    for (const char* word : {"dry", "lay", "tyres", "as", "ski", "dyes"}) {
        BOOST_TEST(!words.match(word).has_value(), word);
    }
}

// Every word of a text as a one-term query, against every word of the text: match() gives what
// stemming the folded word and comparing gives, with or without the first-letters filters.
BOOST_AUTO_TEST_CASE(english_matches_are_those_of_stemming_every_word) {
    const std::string text =
        "The skies over Kursk cleared as troops, dying and lying in ditches, were tying up "
        "Ukraine's supply lines; officials said 10,000 soldiers ran, run and are running. "
        "Analysts' estimates differ: Reuters says 2,000, the BBC 3.5 thousand, o'Neill's "
        "ministry none. Early, only, gently, idly and ugly news from the Andes; a's and I'd "
        "and y'all, atlas, cosmos, bias, howe, skis and sky.";
    const Xapian::Stem english("english");
    std::vector<std::string> text_words;
    for (const auto& [begin, end] : news::searcher::words_of(text)) {
        text_words.push_back(text.substr(begin, end - begin));
    }
    const auto folded = [](std::string word) {
        for (char& c : word) {
            c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        }
        return word;
    };
    for (const auto& query_word : text_words) {
        const std::string stem = english(folded(query_word));
        QueryWords words(Xapian::Query("Z" + stem), english);
        for (const auto& word : text_words) {
            BOOST_TEST(words.match(word).has_value() == (english(folded(word)) == stem),
                       query_word << " / " << word);
        }
    }
}

BOOST_AUTO_TEST_CASE(exact_words_and_wildcards_match_in_any_case) {
    const Xapian::Stem english("english");
    const std::vector<Xapian::Query> terms = {Xapian::Query("troops"),
                                              Xapian::Query(Xapian::Query::OP_WILDCARD, "missil"),
                                              Xapian::Query("Zkursk")};
    const Xapian::Query query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    QueryWords words(query, english);
    BOOST_TEST(words.match("Troops").has_value());
    BOOST_TEST(!words.match("troop").has_value()); // exact: the word itself only
    BOOST_TEST(words.match("MISSILES").has_value());
    BOOST_TEST((words.match("missile") == words.match("Missiles")));
    BOOST_TEST(words.match("Kursk's").has_value() == words.match("kursk").has_value());
    const std::string elysee = "\xc3\x89lys\xc3\xa9" // "Élysée": starts with no ASCII letter
                               "e";
    BOOST_TEST(!words.match(elysee).has_value());
}

BOOST_AUTO_TEST_CASE(other_stemmers_match_every_word_by_its_stem) {
    const Xapian::Stem german("german");
    const Xapian::Query query("Z" + german("hauser"));
    QueryWords words(query, german);
    BOOST_TEST(words.match("H\xc3\xa4user").has_value()); // folded as the indexer folds it
    BOOST_TEST((words.match("Hausern") == words.match("hauser")));
    BOOST_TEST(!words.match("Garten").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
