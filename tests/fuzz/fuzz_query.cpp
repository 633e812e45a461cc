/// @file
/// @brief Fuzz target: the query syntax check and QueryBuilder, on an empty in-memory database.
#include "news/common/error.hpp"
#include "news/common/schema.hpp"
#include "news/common/text.hpp"
#include "news/searcher/query_builder.hpp"

#include "fuzz_check.hpp"
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace {

using news::fuzz::check;

// Bad syntax is a usage error whose message can be printed (when the query itself could be).
void check_usage_error(const news::Error& e, bool printable_query) {
    check(e.kind() == news::ErrorKind::Usage, "a bad query is not a usage error");
    check(*e.what() != '\0', "usage error without a message");
    if (printable_query) {
        check(news::text::is_valid_utf8(e.what()),
              "error message about a UTF-8 query is not UTF-8");
        check(news::text::is_valid_utf8(e.hint()), "hint about a UTF-8 query is not UTF-8");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Xapian::Database db = [] {
        Xapian::WritableDatabase w(std::string{}, Xapian::DB_BACKEND_INMEMORY);
        news::schema::write_schema(w, news::schema::default_stemmer);
        return Xapian::Database(w);
    }();
    static news::searcher::QueryBuilder builder(db, Xapian::Stem("english"));

    const std::string_view text = news::fuzz::as_text(data, size);
    const bool printable = news::text::is_valid_utf8(text);

    std::optional<news::searcher::QuerySyntax> syntax;
    news::fuzz::expect_only_news_errors(
        [&] { syntax = news::searcher::validate_query_syntax(text); }, {news::ErrorKind::Usage},
        [&](const news::Error& e) { check_usage_error(e, printable); });
    if (syntax) {
        check(syntax->only_exclusions != syntax->excluded.empty(),
              "exclusions reported without their words, or words without exclusions");
    }

    for (const bool any : {false, true}) {
        news::searcher::QueryRequest request;
        request.text = std::string(text);
        request.any = any;
        bool built = false;
        news::fuzz::expect_only_news_errors(
            [&] {
                const Xapian::Query query = builder.build(request);
                built = true;
                check(!query.empty(), "a query was built with nothing to match");
                (void)query.get_description();
            },
            {news::ErrorKind::Usage},
            [&](const news::Error& e) { check_usage_error(e, printable); });
        check(syntax || !built, "the builder ran a query the syntax check rejects");
    }
    return 0;
}
