/// @file
/// @brief The exit codes every news tool returns (sysexits.h values), and their help text.
#pragma once

#include <string_view>

namespace news::exit_code {

constexpr int success = 0;    ///< The run did what was asked.
constexpr int usage = 64;     ///< Bad flag or value; empty or invalid query.
constexpr int bad_data = 65;  ///< Nothing indexable, a rejection under --strict, incompatible DB.
constexpr int not_found = 66; ///< Database or input missing.
constexpr int internal = 70;  ///< Internal bug.
constexpr int cannot_create = 73; ///< Cannot create the database.
constexpr int io = 74;            ///< I/O error or corrupt database.
constexpr int locked = 75;        ///< Database locked by another writer: retry later.
constexpr int interrupted = 130;  ///< Interrupted; completed batches were committed.

/// The "Exit status" section shown at the end of every tool's --help.
constexpr std::string_view help_table = R"(Exit status:
   0  success (a search with or without hits; an index committed, rejections reported)
  64  bad flag or value; empty or invalid query
  65  bad data: nothing indexable, a rejection under --strict, or an incompatible database
  66  database or input missing
  70  internal error
  73  cannot create the database
  74  I/O error or corrupt database
  75  database locked by another writer; retry
 130  interrupted (completed batches committed)
)";

} // namespace news::exit_code
