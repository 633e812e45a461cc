/// @file
/// @brief Entry point of the unit tests.
#define BOOST_TEST_MODULE news_unit_tests
#include <boost/test/unit_test.hpp>
