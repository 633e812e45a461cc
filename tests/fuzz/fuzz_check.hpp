/// @file
/// @brief Invariant checks shared by the fuzz targets: a failed check aborts, which libFuzzer
/// reports as a crash with the input that caused it.
#pragma once

#include "news/common/article.hpp"
#include "news/common/error.hpp"
#include "news/common/payload.hpp"
#include "news/common/schema.hpp"
#include "news/common/text.hpp"
#include "news/indexer/document_builder.hpp"

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace news::fuzz {

/// Prints @p what and aborts when @p ok is false.
inline void check(bool ok, std::string_view what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz: invariant broken: %.*s\n", static_cast<int>(what.size()),
                     what.data());
        std::abort();
    }
}

/// @p value for a message: printable ASCII as is, other bytes as \xNN, cut at 200 bytes.
inline std::string escaped(std::string_view value) {
    constexpr std::size_t shown = 200;
    constexpr char digits[] = "0123456789abcdef";
    std::string out = "'";
    for (const char ch : value.substr(0, shown)) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c < 0x7F && c != '\\') {
            out += ch;
        } else {
            out += "\\x";
            out += digits[c >> 4U];
            out += digits[c & 0xFU];
        }
    }
    return out + (value.size() > shown ? "'..." : "'");
}

/// The fuzzer's bytes as a string_view.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    // libFuzzer passes a null pointer with size 0; a string_view of (nullptr, 0) is valid.
    return {reinterpret_cast<const char*>(data), size};
}

/// True when @p s has no control character but tab and newline (C0, DEL, or C1 as UTF-8).
inline bool has_no_controls(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
            return false;
        }
        if (c == 0xC2 && i + 1 < s.size()) {
            const auto next = static_cast<unsigned char>(s[i + 1]);
            if (next >= 0x80 && next <= 0x9F) {
                return false;
            }
        }
    }
    return true;
}

/// Checks one text field of an article: valid UTF-8 without stray control characters.
inline void check_text(std::string_view value, std::string_view field) {
    check(text::is_valid_utf8(value),
          std::string(field) + " is not valid UTF-8: " + escaped(value));
    check(has_no_controls(value),
          std::string(field) + " holds a control character: " + escaped(value));
}

/// Days in @p month of @p year (proleptic Gregorian).
inline unsigned days_in_month(int year, unsigned month) {
    constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

/// The invariants of every Article a reader yields for the file @p path, and that the indexer
/// can make it into a document whose payload reads back the same. @p body_required: the reader
/// rejects articles without text (all but Reuters, which keeps an element without text for its
/// date and facets).
inline void check_article(const Article& a, const std::string& path,
                          indexer::DocumentBuilder& builder, bool body_required) {
    check(!a.id.empty(), "article with an empty id");
    check(!body_required || !text::is_blank(a.body),
          "article with an empty body (this reader rejects those)");
    check(a.origin.path == path, "origin does not name the file read");
    check_text(a.id, "id");
    check_text(a.title, "title");
    check_text(a.body, "body");
    check_text(a.source, "source");
    check_text(a.url, "url");
    check_text(a.language, "language");
    check_text(a.dateline, "dateline");
    for (const auto& author : a.authors) {
        check_text(author, "author");
    }
    for (const auto& category : a.categories) {
        check_text(category, "category");
    }
    for (const auto& [name, values] : a.facets) {
        check(schema::find_facet(name) != nullptr, "facet '" + name + "' is not in the schema");
        for (const auto& value : values) {
            check_text(value, "facet " + name);
        }
    }
    for (const auto& note : a.repairs.notes) {
        check(text::is_valid_utf8(note), "repair note is not valid UTF-8");
    }
    if (a.date) {
        check(a.date->year >= 1 && a.date->year <= 9999, "date year out of 1..9999");
        check(a.date->month >= 1 && a.date->month <= 12, "date month out of 1..12");
        check(a.date->day >= 1 && a.date->day <= days_in_month(a.date->year, a.date->month),
              "date day out of its month");
    }

    const std::string encoded = payload::encode(a);
    const Article decoded = payload::decode(encoded);
    check(decoded.id == a.id && decoded.title == a.title && decoded.source == a.source &&
              decoded.url == a.url && decoded.date == a.date && decoded.authors == a.authors &&
              decoded.categories == a.categories && decoded.language == a.language &&
              decoded.dateline == a.dateline,
          "payload does not read back what was written");

    const Xapian::Document doc = builder.build(a);
    const std::string id_term = schema::id_term(a.id);
    auto term = doc.termlist_begin();
    term.skip_to(id_term);
    check(term != doc.termlist_end() && *term == id_term, "document lacks its id term");
}

/// The invariants of a rejection of the file @p path: a reason that can be printed.
inline void check_rejection(const Rejection& r, const std::string& path) {
    check(!r.reason.empty(), "rejection without a reason");
    check(text::is_valid_utf8(r.reason),
          "rejection reason is not valid UTF-8: " + escaped(r.reason));
    check(r.origin.path == path, "rejection origin does not name the file read");
}

/// Runs @p body; news::Error of an expected kind is fine (bad input) and is handed to
/// @p on_error, anything else aborts.
template <typename Body, typename OnError>
void expect_only_news_errors(Body&& body, std::initializer_list<ErrorKind> allowed,
                             OnError&& on_error) {
    try {
        body();
    } catch (const Error& e) {
        on_error(e);
        bool ok = false;
        for (const ErrorKind kind : allowed) {
            ok = ok || e.kind() == kind;
        }
        check(ok, std::string("news::Error of an unexpected kind: ") + e.what());
    } catch (const Xapian::Error& e) {
        check(false, "Xapian exception escaped: " + e.get_description());
    } catch (const std::exception& e) {
        check(false, std::string("exception escaped: ") + e.what());
    }
}

/// expect_only_news_errors without a look at the error.
template <typename Body>
void expect_only_news_errors(Body&& body, std::initializer_list<ErrorKind> allowed) {
    expect_only_news_errors(std::forward<Body>(body), allowed, [](const Error&) {});
}

} // namespace news::fuzz
