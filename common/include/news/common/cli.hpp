/// @file
/// @brief What every news tool shares on the command line: the error boundary, option groups,
/// help layout and terminal detection.
#pragma once

#include <cxxopts.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace news::cli {

/// The version every tool prints for --version.
[[nodiscard]] std::string_view version();

/// Runs @p body and turns whatever it throws into one "PROG: error: ..." line (plus a "hint:"
/// line when there is one) on stderr and the documented exit code. The one error boundary of a
/// tool: nothing else calls exit(). First, a closed stdin, stdout or stderr is opened on
/// /dev/null (see standard_output_was_closed()); last, output that could not be written to
/// stdout is reported (exit 74), unless its reader went away.
[[nodiscard]] int run_main(std::string_view prog, const std::function<int()>& body);

/// True when the tool started with its standard output closed (run_main() then opened it on
/// /dev/null, so that no database file takes its descriptor): a tool whose results go there
/// should refuse to run rather than lose them.
[[nodiscard]] bool standard_output_was_closed() noexcept;

/// -d/--db PATH, required.
struct DbOptions {
    std::string path; ///< the database folder

    /// Registers -d/--db in @p options.
    static void add_to(cxxopts::Options& options);
    /// The group's value from @p parsed.
    /// @throws news::Error (Usage) when --db is missing or empty.
    [[nodiscard]] static DbOptions from(const cxxopts::ParseResult& parsed);
};

/// --json, and -q/--quiet, -v/--verbose for tools that report progress.
struct OutputOptions {
    bool json = false;    ///< --json: machine-readable output on stdout
    bool quiet = false;   ///< -q: no warnings or summary on stderr
    bool verbose = false; ///< -v: more detail on stderr

    /// Registers --json in @p options, and -q/-v too when @p with_verbosity.
    static void add_to(cxxopts::Options& options, bool with_verbosity = true);
    /// The group's values from @p parsed; flags the tool did not register read as false.
    [[nodiscard]] static OutputOptions from(const cxxopts::ParseResult& parsed);
};

/// The option group for positional arguments: parsed like options, left out of --help.
constexpr const char* positional_group = "positional";

/// Adds -h/--help and --version.
void add_standard_options(cxxopts::Options& options);

/// Handles --help (usage, @p examples and the exit-status table on stdout) and --version.
/// @return true when one of them was printed and the tool should exit 0.
[[nodiscard]] bool handle_standard_options(const cxxopts::Options& options,
                                           const cxxopts::ParseResult& parsed,
                                           std::string_view examples);

/// Parses argv, turning cxxopts' own errors into news::Error (Usage) with our wording; an
/// argument no option or positional list takes is one too ("unexpected argument 'X'").
[[nodiscard]] cxxopts::ParseResult parse(cxxopts::Options& options, int argc,
                                         const char* const* argv);

/// True when stdout / stderr is a terminal (colour, progress).
[[nodiscard]] bool stdout_is_terminal();
/// True when stderr is a terminal (progress).
[[nodiscard]] bool stderr_is_terminal();

} // namespace news::cli
