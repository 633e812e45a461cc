/// @file
/// @brief Unit tests: side files are mapped once per process, whichever reader opens them, and a
/// file written anew is mapped anew.
#include "news/common/side_file.hpp"

#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include <memory>
#include <string>

namespace {

namespace side_file = news::side_file;

constexpr side_file::Kind kind{
    "test-side", "test side data", {'N', 'E', 'W', 'S', 'T', 'E', 'S', 'T'}, 1};

// A database with one article and a side file of `kind` holding `body` for its revision.
struct SideDb {
    news::test::TempDir dir;
    std::string path = dir / "db";

    SideDb() {
        Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
        db.add_document(Xapian::Document());
        db.commit();
    }

    void write(const std::string& body, bool new_revision) const {
        if (new_revision) {
            Xapian::WritableDatabase db(path);
            db.add_document(Xapian::Document());
            db.commit();
        }
        const Xapian::Database db(path);
        side_file::write(path, db, kind,
                         [&](side_file::BodyWriter& writer) { writer.append(body); });
    }

    [[nodiscard]] std::unique_ptr<side_file::Mapped> open() const {
        std::string why_not;
        auto mapped = side_file::Mapped::open(path, Xapian::Database(path), kind, why_not);
        BOOST_TEST_REQUIRE(mapped != nullptr, why_not);
        return mapped;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(side_file_maps)

BOOST_AUTO_TEST_CASE(readers_of_one_file_share_its_map) {
    const SideDb fixture;
    fixture.write("first body", false);
    const auto one = fixture.open();
    const auto two = fixture.open();
    BOOST_TEST(one->body() == "first body");
    BOOST_TEST(two->body() == "first body");
    BOOST_TEST(static_cast<const void*>(one->body().data()) ==
               static_cast<const void*>(two->body().data()));
}

BOOST_AUTO_TEST_CASE(a_file_written_anew_is_mapped_anew) {
    const SideDb fixture;
    fixture.write("first body", false);
    const auto old_reader = fixture.open();
    // A new revision's file replaces the old one (renamed into place, the old one removed)
    // while the old map is still read.
    fixture.write("second, longer body", true);
    const auto new_reader = fixture.open();
    BOOST_TEST(old_reader->body() == "first body");
    BOOST_TEST(new_reader->body() == "second, longer body");
    // The same revision written again (a rebuild of the file): a new file, a new map.
    fixture.write("third body, same revision", false);
    BOOST_TEST(fixture.open()->body() == "third body, same revision");
    BOOST_TEST(new_reader->body() == "second, longer body");
}

BOOST_AUTO_TEST_CASE(a_file_opened_after_its_last_reader_is_gone_is_mapped_again) {
    const SideDb fixture;
    fixture.write("first body", false);
    fixture.open().reset();
    BOOST_TEST(fixture.open()->body() == "first body");
}

BOOST_AUTO_TEST_SUITE_END()
