/// @file
/// @brief Unit tests: stored_body (the article text compressed for value slot schema::Body).
#include "news/common/error.hpp"
#include "news/common/schema.hpp"
#include "news/common/stored_body.hpp"

#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include <string>

namespace {

auto has_kind(news::ErrorKind kind) {
    return [kind](const news::Error& e) { return e.kind() == kind; };
}

// A news-like text of about @p bytes: repeated sentences, as articles repeat words.
std::string article_text(std::size_t bytes) {
    std::string text;
    for (int i = 0; text.size() < bytes; ++i) {
        text += "Officials said on Tuesday that " + std::to_string(i * 7919 % 1000) +
                " troops had crossed the border near Kursk, citing intelligence reports. ";
    }
    return text;
}

} // namespace

BOOST_AUTO_TEST_SUITE(stored_body)

BOOST_AUTO_TEST_CASE(texts_come_back_byte_for_byte) {
    for (const std::string& text :
         {std::string("A."), std::string("Zürich, São Paulo, Kyiv — «quoted» ✓\n\tTabbed."),
          std::string("nul\0inside", 10), article_text(4'000), article_text(3'000'000)}) {
        BOOST_TEST(news::stored_body::decompress(news::stored_body::compress(text)) == text);
    }
}

BOOST_AUTO_TEST_CASE(an_empty_body_is_stored_as_nothing) {
    BOOST_TEST(news::stored_body::compress("").empty());
    BOOST_TEST(news::stored_body::decompress("").empty());
    BOOST_TEST(news::stored_body::of(Xapian::Document()).empty());
}

BOOST_AUTO_TEST_CASE(article_text_is_stored_in_less_than_half_its_size) {
    const std::string text = article_text(4'000);
    BOOST_TEST(news::stored_body::compress(text).size() * 2 < text.size());
}

BOOST_AUTO_TEST_CASE(a_document_body_is_read_from_its_slot) {
    Xapian::Document doc;
    doc.add_value(news::schema::Body, news::stored_body::compress("The body."));
    BOOST_TEST(news::stored_body::of(doc) == "The body.");
}

BOOST_AUTO_TEST_CASE(damaged_bodies_are_reported_as_corrupt) {
    const std::string frame = news::stored_body::compress(article_text(4'000));
    BOOST_CHECK_EXCEPTION((void)news::stored_body::decompress("plain text, not a frame"),
                          news::Error, has_kind(news::ErrorKind::Corrupt));
    BOOST_CHECK_EXCEPTION((void)news::stored_body::decompress(frame.substr(0, frame.size() / 2)),
                          news::Error, has_kind(news::ErrorKind::Corrupt));
    std::string flipped = frame;
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x5a);
    BOOST_CHECK_EXCEPTION((void)news::stored_body::decompress(flipped), news::Error,
                          has_kind(news::ErrorKind::Corrupt));
}

BOOST_AUTO_TEST_SUITE_END()
