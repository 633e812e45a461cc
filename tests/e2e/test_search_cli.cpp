/// @file
/// @brief End-to-end tests: search_cli.
#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(search_cli)

BOOST_AUTO_TEST_CASE(placeholder) { BOOST_TEST(true); }

BOOST_AUTO_TEST_SUITE_END()
