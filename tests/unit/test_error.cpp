/// @file
/// @brief Unit tests: error (exit codes of kinds, and how Xapian's exceptions are classified).
#include "news/common/error.hpp"

#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include <string>

namespace {

// The news::Error that rethrow_as_news_error makes of @p thrown.
template <typename XapianError>
news::Error classified(const XapianError& thrown, const std::string& context = "/data/db") {
    try {
        try {
            throw thrown;
        } catch (const Xapian::Error&) {
            news::rethrow_as_news_error(context);
        }
    } catch (const news::Error& e) {
        return e;
    }
    BOOST_FAIL("not classified");
    return news::Error(news::ErrorKind::Internal, "");
}

} // namespace

BOOST_AUTO_TEST_SUITE(error)

BOOST_AUTO_TEST_CASE(a_lock_held_by_another_writer_is_locked_and_worth_a_retry) {
    const auto e = classified(
        Xapian::DatabaseLockError("Unable to get write lock on /data/db: already locked"));
    BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(news::ErrorKind::Locked));
    BOOST_TEST(news::exit_code_for(e.kind()) == 75);
    BOOST_TEST(e.hint().find("retry") != std::string::npos, e.hint());
}

BOOST_AUTO_TEST_CASE(protects_read_only_databases_from_being_reported_as_locked) {
    for (const char* reason : {"Couldn't open lockfile: Permission denied",
                               "Couldn't open lockfile: Read-only file system",
                               "locking probably not supported by this FS"}) {
        const auto e = classified(Xapian::DatabaseLockError(
            std::string("Unable to get write lock on /data/db: ") + reason));
        BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(news::ErrorKind::Io), reason);
        BOOST_TEST(news::exit_code_for(e.kind()) == 74);
        const std::string what = e.what();
        BOOST_TEST(what.find("/data/db: cannot write to the database") == 0U, what);
        BOOST_TEST(what.find(reason) != std::string::npos, what);
        BOOST_TEST(e.hint().find("writable") != std::string::npos, e.hint());
        BOOST_TEST(e.hint().find("retry") == std::string::npos, e.hint());
    }
}

BOOST_AUTO_TEST_CASE(other_xapian_database_errors_keep_their_kinds) {
    BOOST_TEST(static_cast<int>(classified(Xapian::DatabaseCorruptError("bad block")).kind()) ==
               static_cast<int>(news::ErrorKind::Corrupt));
    BOOST_TEST(static_cast<int>(classified(Xapian::DatabaseNotFoundError("none")).kind()) ==
               static_cast<int>(news::ErrorKind::NotFound));
    BOOST_TEST(static_cast<int>(classified(Xapian::DatabaseCreateError("no")).kind()) ==
               static_cast<int>(news::ErrorKind::CannotCreate));
}

BOOST_AUTO_TEST_SUITE_END()
