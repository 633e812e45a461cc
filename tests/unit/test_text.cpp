/// @file
/// @brief Unit tests: text.
#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(placeholder) { BOOST_TEST(true); }

BOOST_AUTO_TEST_SUITE_END()
