/// @file
/// @brief Unit tests: text (UTF-8 validation and repair, printable, trimming).
#include "news/common/folding.hpp"
#include "news/common/text.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>

namespace {

namespace bdata = boost::unit_test::data;

// The clean text of @p bytes; fails the test when they are unreadable.
news::text::CleanText clean(std::string_view bytes) {
    auto result = news::text::clean_utf8(bytes);
    if (const auto* unreadable = std::get_if<news::text::Unreadable>(&result)) {
        BOOST_FAIL("unexpectedly unreadable: " << unreadable->reason);
    }
    return std::get<news::text::CleanText>(std::move(result));
}

// The reason @p bytes are unreadable; fails the test when they are readable.
std::string unreadable_reason(std::string_view bytes) {
    const auto result = news::text::clean_utf8(bytes);
    const auto* unreadable = std::get_if<news::text::Unreadable>(&result);
    BOOST_TEST_REQUIRE(unreadable != nullptr, "unexpectedly readable");
    return unreadable->reason;
}

struct Utf8Row {
    std::string_view label;
    std::string_view bytes;
};

std::ostream& operator<<(std::ostream& os, const Utf8Row& row) {
    return os << row.label;
}

const Utf8Row valid_utf8[] = {
    {"empty", ""},
    {"ascii", "plain ASCII"},
    {"two-byte", "caf\xC3\xA9"},
    {"three-byte", "\xE2\x82\xAC 5"},
    {"four-byte", "\xF0\x9F\x98\x80"},
    {"last code point", "\xF4\x8F\xBF\xBF"},
    {"last before surrogates", "\xED\x9F\xBF"},
    {"first after surrogates", "\xEE\x80\x80"},
};

const Utf8Row invalid_utf8[] = {
    {"overlong slash (2 bytes)", "\xC0\xAF"},
    {"overlong (C1 lead)", "\xC1\xBF"},
    {"overlong slash (3 bytes)", "\xE0\x80\xAF"},
    {"overlong slash (4 bytes)", "\xF0\x80\x80\xAF"},
    {"high surrogate", "\xED\xA0\x80"},
    {"low surrogate", "\xED\xBF\xBF"},
    {"past U+10FFFF", "\xF4\x90\x80\x80"},
    {"F5 lead", "\xF5\x80\x80\x80"},
    {"truncated sequence", "ok \xE2\x82"},
    {"lone continuation byte", "\x80"},
    {"FF byte", "\xFF"},
    {"latin-1 pound", "\xA3"},
};

const int undefined_cp1252[] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};

struct PrintableRow {
    std::string_view label;
    std::string_view input;
    std::string_view shown;
};

std::ostream& operator<<(std::ostream& os, const PrintableRow& row) {
    return os << row.label;
}

const PrintableRow printable_rows[] = {
    {"empty", "", ""},
    {"plain ASCII", "north korean troops", "north korean troops"},
    {"UTF-8 passes", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
     "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"},
    {"clear screen", "\x1b[2Jx", "\\u001b[2Jx"},
    {"window title (OSC ... BEL)", "\x1b]0;T\a", "\\u001b]0;T\\u0007"},
    {"NUL", std::string_view("a\0b", 3), "a\\u0000b"},
    {"tab and newline", "a\tb\nc\r", "a\\u0009b\\u000ac\\u000d"},
    {"unit separator", "\x1f", "\\u001f"},
    {"DEL", "x\x7f", "x\\u007f"},
    {"C1 CSI (U+009B)",
     "\xC2\x9B"
     "31m",
     "\\u009b31m"},
    {"C1 NEL (U+0085)",
     "a\xC2\x85"
     "b",
     "a\\u0085b"},
    {"first after C1 (U+00A0) passes", "\xC2\xA0", "\xC2\xA0"},
    {"invalid byte",
     "a\xFF"
     "b",
     "a\\xffb"},
    {"raw C1 byte is not UTF-8",
     "\x9B"
     "31m",
     "\\x9b31m"},
    {"truncated sequence", "ok \xE2\x82", "ok \\xe2\\x82"},
    {"backslash passes", "C:\\path\\u001b", "C:\\path\\u001b"},
    {"space and tilde pass", " ~", " ~"},
};

} // namespace

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(valid_utf8_passes_unchanged) {
    const std::string input = "Ukraine\xE2\x80\x99s \xC2\xA3"
                              "5 caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80\n\tend";
    const auto out = clean(input);
    BOOST_TEST(out.text == input);
    BOOST_TEST(out.transcoded_bytes == 0U);
    BOOST_TEST(out.removed_controls == 0U);
}

BOOST_AUTO_TEST_CASE(transcodes_a_stray_latin1_pound_sign_counting_one_byte) {
    const auto out = clean("price \xA3"
                           "5 a barrel");
    BOOST_TEST(out.text == "price \xC2\xA3"
                           "5 a barrel");
    BOOST_TEST(out.transcoded_bytes == 1U);
}

BOOST_AUTO_TEST_CASE(transcodes_windows_1252_smart_quotes_dashes_and_euro) {
    const auto out = clean("\x93Quoted\x94 \x96 \x80"
                           "5");
    BOOST_TEST(out.text == "\xE2\x80\x9CQuoted\xE2\x80\x9D \xE2\x80\x93 \xE2\x82\xAC"
                           "5");
    BOOST_TEST(out.transcoded_bytes == 4U);
}

BOOST_AUTO_TEST_CASE(invalid_sequences_are_transcoded_or_refused_never_passed_through) {
    for (const auto& row : invalid_utf8) {
        const auto result = news::text::clean_utf8(row.bytes);
        if (const auto* out = std::get_if<news::text::CleanText>(&result)) {
            BOOST_TEST(news::text::is_valid_utf8(out->text), row.label);
            BOOST_TEST(out->transcoded_bytes > 0U, row.label);
        } else {
            // Only a byte Windows-1252 leaves undefined (0x90 here) is refused.
            BOOST_TEST(row.label == "past U+10FFFF");
        }
    }
    // An overlong '/' must not come out as '/'.
    BOOST_TEST(clean("\xC0\xAF").text == "\xC3\x80\xC2\xAF");
}

BOOST_DATA_TEST_CASE(rejects_invalid_utf8_that_cannot_be_repaired, bdata::make(undefined_cp1252),
                     byte) {
    const std::string input = std::string("abc ") + static_cast<char>(byte) + " def";
    const std::string reason = unreadable_reason(input);
    BOOST_TEST(reason.find("cannot be repaired") != std::string::npos, reason);
    BOOST_TEST(reason.find("offset 4") != std::string::npos, reason);
}

BOOST_AUTO_TEST_CASE(rejects_nul_bytes_as_binary) {
    using namespace std::string_literals;
    BOOST_TEST(unreadable_reason("some text\0more text"s) == "binary content");
    BOOST_TEST(news::text::looks_binary("\0"s));
}

BOOST_AUTO_TEST_CASE(rejects_bytes_dense_with_control_characters_as_binary) {
    std::string bytes;
    for (int i = 0; i < 100; ++i) {
        bytes += "\x01\x02\x03 data ";
    }
    BOOST_TEST(news::text::looks_binary(bytes));
    BOOST_TEST(unreadable_reason(bytes) == "binary content");
}

BOOST_AUTO_TEST_CASE(text_with_a_few_control_characters_is_not_binary) {
    const std::string bytes = "a\x07" + std::string(100, 'x') + "\r\n\f";
    BOOST_TEST(!news::text::looks_binary(bytes));
}

BOOST_AUTO_TEST_CASE(drops_control_characters_but_keeps_newline_and_tab) {
    const std::string padding(60, 'x');
    const auto out = clean("a\x07"
                           "b\tc\nd\x7F"
                           "e\x1B" +
                           padding);
    // A dropped control character still separates the words around it.
    BOOST_TEST(out.text == "a b\tc\nd e " + padding);
    BOOST_TEST(out.removed_controls == 3U);
    BOOST_TEST(out.transcoded_bytes == 0U);
}

BOOST_AUTO_TEST_CASE(a_dropped_control_adds_no_space_next_to_white_space) {
    const std::string padding(60, 'x');
    const auto out = clean("said\x07 talks\n\x05next " + padding);
    BOOST_TEST(out.text == "said talks\nnext " + padding);
    BOOST_TEST(out.removed_controls == 2U);
}

BOOST_AUTO_TEST_CASE(drops_c1_control_characters) {
    const std::string padding(60, 'x');
    const auto out = clean("a\xC2\x9B"
                           "b " +
                           padding);
    BOOST_TEST(out.text == "a b " + padding);
    BOOST_TEST(out.removed_controls == 1U);
}

BOOST_AUTO_TEST_CASE(converts_crlf_and_lone_cr_to_lf) {
    const auto out = clean("one\r\ntwo\rthree\r");
    BOOST_TEST(out.text == "one\ntwo\nthree\n");
    BOOST_TEST(out.removed_controls == 0U);
}

BOOST_AUTO_TEST_CASE(drops_a_leading_byte_order_mark) {
    const auto out = clean("\xEF\xBB\xBFheadline");
    BOOST_TEST(out.text == "headline");
    BOOST_TEST(out.transcoded_bytes == 0U);
    BOOST_TEST(out.removed_controls == 0U);
}

BOOST_AUTO_TEST_CASE(empty_input_is_empty_text) {
    const auto out = clean("");
    BOOST_TEST(out.text.empty());
}

BOOST_DATA_TEST_CASE(is_valid_utf8_accepts_well_formed_sequences, bdata::make(valid_utf8), row) {
    BOOST_TEST(news::text::is_valid_utf8(row.bytes));
}

BOOST_DATA_TEST_CASE(is_valid_utf8_rejects_overlongs_surrogates_and_broken_sequences,
                     bdata::make(invalid_utf8), row) {
    BOOST_TEST(!news::text::is_valid_utf8(row.bytes));
}

BOOST_DATA_TEST_CASE(printable_escapes_control_characters_and_invalid_bytes,
                     bdata::make(printable_rows), row) {
    BOOST_TEST(news::text::printable(row.input) == row.shown);
}

BOOST_DATA_TEST_CASE(printable_output_has_no_control_character_and_is_stable,
                     bdata::make(printable_rows), row) {
    const std::string shown = news::text::printable(row.input);
    BOOST_TEST(news::text::is_valid_utf8(shown));
    for (std::size_t i = 0; i < shown.size(); ++i) {
        const auto byte = static_cast<unsigned char>(shown[i]);
        BOOST_TEST((byte >= 0x20 && byte != 0x7F), "C0 or DEL byte " << int(byte));
        if (byte == 0xC2 && i + 1 < shown.size()) { // U+0080..U+009F are C2 80..C2 9F
            BOOST_TEST(static_cast<unsigned char>(shown[i + 1]) > 0x9F, "C1 control at " << i);
        }
    }
    BOOST_TEST(news::text::printable(shown) == shown);
}

// Found by fuzzing: a date quoted in a repair note was cut inside a UTF-8 sequence.
BOOST_AUTO_TEST_CASE(utf8_prefix_never_cuts_a_character) {
    using news::text::utf8_prefix;
    BOOST_TEST(utf8_prefix("short", 40) == "short");
    BOOST_TEST(utf8_prefix("abc\xc3\xa9z", 4) == "abc");         // é would be cut: left out
    BOOST_TEST(utf8_prefix("abc\xc3\xa9z", 5) == "abc\xc3\xa9"); // whole: kept
    BOOST_TEST(utf8_prefix("\xe2\x82\xac\xe2\x82\xac", 4) == "\xe2\x82\xac");
    BOOST_TEST(utf8_prefix("\xf0\x9f\x93\xb0", 3).empty());
    for (std::size_t n = 0; n < 12; ++n) {
        BOOST_TEST(
            news::text::is_valid_utf8(utf8_prefix("Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x93\xb0", n)));
    }
}

BOOST_AUTO_TEST_CASE(trim_removes_ascii_white_space_at_both_ends_only) {
    BOOST_TEST(news::text::trim("  \t a  b \r\n\f\v") == "a  b");
    BOOST_TEST(news::text::trim("") == "");
    BOOST_TEST(news::text::trim(" \n ") == "");
    BOOST_TEST(news::text::trim("x") == "x");
}

BOOST_AUTO_TEST_CASE(is_blank_is_true_only_for_white_space) {
    BOOST_TEST(news::text::is_blank(""));
    BOOST_TEST(news::text::is_blank(" \t\r\n"));
    BOOST_TEST(!news::text::is_blank("  x  "));
}

BOOST_AUTO_TEST_CASE(control_at_names_the_control_characters_clean_utf8_drops) {
    using news::text::control_at;
    BOOST_TEST(control_at("a\x01", 1) == 0x01);
    BOOST_TEST(control_at(std::string_view("\0", 1), 0) == 0x00);
    BOOST_TEST(control_at("\r", 0) == '\r');
    BOOST_TEST(control_at("\x7f", 0) == 0x7F);
    BOOST_TEST(control_at("x\xc2\x85", 1) == 0x85);
    // tab, newline, letters, a no-break space (C2 A0), a cut C1 sequence, past the end: none
    BOOST_TEST(control_at("\t", 0) == -1);
    BOOST_TEST(control_at("\n", 0) == -1);
    BOOST_TEST(control_at("a", 0) == -1);
    BOOST_TEST(control_at("\xc2\xa0", 0) == -1);
    BOOST_TEST(control_at("\xc2", 0) == -1);
    BOOST_TEST(control_at("a", 1) == -1);
}

BOOST_AUTO_TEST_CASE(folding_ascii_gives_what_the_unicode_tables_give) {
    // Every ASCII character, alone and in a word, folds as Xapian's lower-casing says; text past
    // ASCII still folds its accents.
    for (unsigned c = 0; c < 128; ++c) {
        const std::string one(1, static_cast<char>(c));
        std::string expected;
        Xapian::Unicode::append_utf8(expected, Xapian::Unicode::tolower(c));
        BOOST_TEST(news::folding::fold_case_and_accents(one) == expected, c);
        BOOST_TEST(news::folding::fold_case_and_accents("Ab" + one + "Z") == "ab" + expected + "z",
                   c);
    }
    BOOST_TEST(news::folding::fold_case_and_accents("Zürich ÉLAN") == "zurich elan");
}

BOOST_AUTO_TEST_SUITE_END()
