/// @file
/// @brief Unit tests: hit records (the side file a result list reads) hold exactly what the
/// document data and story slot hold, and a record or file that may be wrong is never used.
#include "news/common/hit_records.hpp"
#include "news/common/schema.hpp"
#include "news/indexer/index_writer.hpp"

#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace records = news::hit_records;
using Strings = std::vector<std::string>;

news::Article article(std::string id, std::string title, Strings authors) {
    news::Article a;
    a.id = std::move(id);
    a.title = std::move(title);
    a.body = "Ukraine missiles.";
    a.source = "Reuters";
    a.authors = std::move(authors);
    a.url = "https://example.com/" + a.id;
    a.date = news::Date{2024, 11, 17};
    return a;
}

// Articles with and without the optional fields, one deleted, one with a story value.
struct RecordsDb {
    news::test::TempDir dir;
    std::string path = dir / "db";

    RecordsDb() {
        news::indexer::WriterOptions options;
        options.path = path;
        news::indexer::IndexWriter writer(options);
        writer.add(article("a1", "Missiles over Kursk", {"Ann Lee", "Bo Chan"}));
        news::Article bare;
        bare.id = "bare";
        bare.body = "Nothing else is known.";
        writer.add(bare);
        writer.add(article("gone", "Deleted", {}));
        writer.add(article("a4", "Ünïcode “quotes”", {}));
        writer.commit();
        BOOST_TEST_REQUIRE(writer.remove("gone"));
        writer.commit();
        writer.close();
        Xapian::WritableDatabase db(path);
        Xapian::Document doc = db.get_document(1);
        doc.add_value(news::schema::Story, "s0123456789ab");
        db.replace_document(1, doc);
        db.commit();
    }

    // The record each document's own data gives.
    [[nodiscard]] records::HitRecord from_data(Xapian::docid docid) const {
        const Xapian::Database db(path);
        const Xapian::Document doc = db.get_document(docid);
        return records::from_document(doc.get_data(), doc.get_value(news::schema::Story));
    }
};

std::string records_file(const std::string& path) {
    return (fs::path(path) / records::file_name(Xapian::Database(path).get_revision())).string();
}

} // namespace

BOOST_AUTO_TEST_SUITE(hit_records)

BOOST_AUTO_TEST_CASE(each_record_is_what_the_document_data_gives) {
    const RecordsDb fixture;
    BOOST_TEST(records::write(fixture.path) > 0);
    const Xapian::Database db(fixture.path);
    std::string why_not;
    const auto read = records::Records::open(fixture.path, db, why_not);
    BOOST_TEST_REQUIRE(read != nullptr, why_not);
    for (const Xapian::docid docid : {1U, 2U, 4U}) {
        const auto record = read->read(docid);
        BOOST_TEST_REQUIRE(record.has_value(), docid);
        BOOST_TEST((*record == fixture.from_data(docid)), docid);
    }
    BOOST_TEST(read->read(1)->story == "s0123456789ab");
    BOOST_TEST((read->read(1)->authors == Strings{"Ann Lee", "Bo Chan"}));
    BOOST_TEST(read->read(1)->date == "2024-11-17");
    BOOST_TEST(read->read(4)->title == "Ünïcode “quotes”");
    BOOST_TEST(read->read(2)->title.empty());
    // No record for a deleted article, document id 0, or past the last document.
    BOOST_TEST(!read->read(3).has_value());
    BOOST_TEST(!read->read(0).has_value());
    BOOST_TEST(!read->read(5).has_value());
    BOOST_TEST(!read->read(4000000000U).has_value());
}

BOOST_AUTO_TEST_CASE(a_damaged_record_is_not_used_and_the_others_are) {
    const RecordsDb fixture;
    (void)records::write(fixture.path);
    const std::string file = records_file(fixture.path);
    // The first record's title ("Missiles over Kursk") changes by one byte.
    std::string bytes;
    {
        std::ifstream in(file, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    const auto at = bytes.find("Missiles over Kursk");
    BOOST_TEST_REQUIRE(at != std::string::npos);
    bytes[at] = 'm';
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;

    const Xapian::Database db(fixture.path);
    std::string why_not;
    const auto read = records::Records::open(fixture.path, db, why_not);
    BOOST_TEST_REQUIRE(read != nullptr, why_not); // checked record by record, not whole
    BOOST_TEST(!read->read(1).has_value());
    BOOST_TEST(read->read(2).has_value());
    BOOST_TEST(read->read(4).has_value());
}

BOOST_AUTO_TEST_CASE(records_of_another_revision_or_a_truncated_file_are_not_used) {
    const RecordsDb fixture;
    (void)records::write(fixture.path);
    const std::string file = records_file(fixture.path);
    {
        Xapian::WritableDatabase db(fixture.path);
        db.add_document(Xapian::Document());
        db.commit();
    }
    std::string why_not;
    BOOST_TEST(records::Records::open(fixture.path, Xapian::Database(fixture.path), why_not) ==
               nullptr);
    BOOST_TEST(why_not.find("the hit records describe revision") == 0U, why_not);

    (void)records::write(fixture.path);
    BOOST_TEST(!fs::exists(file)); // the old revision's file is gone
    const std::string current = records_file(fixture.path);
    fs::resize_file(current, fs::file_size(current) - 100);
    BOOST_TEST(records::Records::open(fixture.path, Xapian::Database(fixture.path), why_not) ==
               nullptr);
    BOOST_TEST(why_not.find("is damaged") != std::string::npos, why_not);
}

BOOST_AUTO_TEST_SUITE_END()
