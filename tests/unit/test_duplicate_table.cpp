/// @file
/// @brief Unit tests: duplicate_table (first id per content hash, the same answers in memory
/// and once spilled to disk).
#include "news/indexer/duplicate_table.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

using news::indexer::DuplicateTable;

BOOST_AUTO_TEST_SUITE(duplicate_table)

BOOST_AUTO_TEST_CASE(returns_the_first_id_recorded_for_a_hash) {
    DuplicateTable table(1 << 20);
    BOOST_TEST(!table.first_with(42, "first").has_value());
    BOOST_TEST(table.first_with(42, "second").value() == "first");
    BOOST_TEST(table.first_with(42, "third").value() == "first");
    BOOST_TEST(!table.first_with(43, "other").has_value());
    BOOST_TEST(table.spilled() == 0U);
}

BOOST_AUTO_TEST_CASE(past_its_budget_it_spills_to_disk_and_answers_the_same) {
    constexpr std::size_t budget = 4096;
    DuplicateTable table(budget);
    std::mt19937_64 random(7); // fixed seed
    std::vector<std::uint64_t> hashes(5000);
    for (std::size_t i = 0; i < hashes.size(); ++i) {
        hashes[i] = random();
        // Long ids too: they do not fit a string's own buffer.
        const std::string id = fmt::format("id-{}{}", i, i % 3 == 0 ? std::string(40, 'x') : "");
        BOOST_TEST(!table.first_with(hashes[i], id).has_value());
        BOOST_TEST(table.memory_used() <= budget);
    }
    BOOST_TEST(table.spilled() > 4000U);
    for (std::size_t i = 0; i < hashes.size(); i += 7) {
        const std::string id = fmt::format("id-{}{}", i, i % 3 == 0 ? std::string(40, 'x') : "");
        BOOST_TEST(table.first_with(hashes[i], "later").value() == id);
    }
    BOOST_TEST(!table.first_with(hashes.back() ^ 1U, "new").has_value());
}

BOOST_AUTO_TEST_CASE(a_zero_budget_keeps_nothing_in_memory) {
    DuplicateTable table(0);
    BOOST_TEST(!table.first_with(1, "a").has_value());
    BOOST_TEST(!table.first_with(2, "b").has_value());
    BOOST_TEST(table.memory_used() == 0U);
    BOOST_TEST(table.first_with(1, "c").value() == "a");
    BOOST_TEST(table.first_with(2, "c").value() == "b");
}

BOOST_AUTO_TEST_SUITE_END()
