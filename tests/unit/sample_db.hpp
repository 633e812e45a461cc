/// @file
/// @brief The sample corpus indexed once per test process, for the searcher's unit tests.
#pragma once

#include <string>

namespace news::test {

/// Path of a database holding corpus/sample, built on first use and removed at exit.
[[nodiscard]] const std::string& sample_db();

} // namespace news::test
