/// @file
/// @brief Unit tests: txt_reader.
#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(txt_reader)

BOOST_AUTO_TEST_CASE(placeholder) { BOOST_TEST(true); }

BOOST_AUTO_TEST_SUITE_END()
