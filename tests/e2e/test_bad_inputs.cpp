/// @file
/// @brief End-to-end tests: bad_inputs.
#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(bad_inputs)

BOOST_AUTO_TEST_CASE(placeholder) { BOOST_TEST(true); }

BOOST_AUTO_TEST_SUITE_END()
