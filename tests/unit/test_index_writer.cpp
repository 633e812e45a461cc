/// @file
/// @brief Unit tests: index_writer.
#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(index_writer)

BOOST_AUTO_TEST_CASE(placeholder) { BOOST_TEST(true); }

BOOST_AUTO_TEST_SUITE_END()
