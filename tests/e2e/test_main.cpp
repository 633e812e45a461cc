/// @file
/// @brief Entry point of the end-to-end tests.
#define BOOST_TEST_MODULE news_e2e_tests
#include <boost/test/unit_test.hpp>
