/// @file
/// @brief Unit tests: render.
#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(render)

BOOST_AUTO_TEST_CASE(placeholder) { BOOST_TEST(true); }

BOOST_AUTO_TEST_SUITE_END()
