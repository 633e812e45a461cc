/// @file
/// @brief The shared error boundary and option groups.
#include "news/common/cli.hpp"

#include "news/common/error.hpp"
#include "news/common/exit_code.hpp"
#include "news/common/text.hpp"

#include <fmt/format.h>
#include <xapian.h>

#include <cstdio>
#include <unistd.h>
#include <vector>

namespace news::cli {
namespace {

// Messages and hints quote paths, ids and queries as given: escape their control characters so
// a hostile file name cannot drive the terminal.
void print_error(std::string_view prog, std::string_view message, std::string_view hint) {
    fmt::print(stderr, "{}: error: {}\n", prog, text::printable(message));
    if (!hint.empty()) {
        fmt::print(stderr, "hint: {}\n", text::printable(hint));
    }
}

} // namespace

std::string_view version() {
    return "0.1.0";
}

int run_main(std::string_view prog, const std::function<int()>& body) {
    try {
        try {
            return body();
        } catch (const Xapian::Error&) {
            // Tools classify errors with their database path; this is the fallback.
            rethrow_as_news_error("the database");
        }
    } catch (const cxxopts::exceptions::exception& e) {
        print_error(prog, e.what(), fmt::format("see {} --help", prog));
        return exit_code::usage;
    } catch (const Error& e) {
        print_error(prog, e.what(), e.hint());
        return exit_code_for(e.kind());
    } catch (const Xapian::Error& e) {
        print_error(prog, fmt::format("{}: {}", e.get_type(), e.get_msg()), {});
        return exit_code::internal;
    } catch (const std::bad_alloc&) {
        print_error(prog, "out of memory", {});
        return exit_code::internal;
    } catch (const std::exception& e) {
        print_error(prog, fmt::format("internal error: {}", e.what()),
                    "this is a bug; please report it with the command that triggered it");
        return exit_code::internal;
    }
}

void DbOptions::add_to(cxxopts::Options& options) {
    options.add_options()("d,db", "database folder", cxxopts::value<std::string>(), "PATH");
}

DbOptions DbOptions::from(const cxxopts::ParseResult& parsed) {
    if (parsed.count("db") == 0 || parsed["db"].as<std::string>().empty()) {
        throw Error(ErrorKind::Usage, "--db PATH is required");
    }
    return DbOptions{parsed["db"].as<std::string>()};
}

void OutputOptions::add_to(cxxopts::Options& options, bool with_verbosity) {
    options.add_options()("json", "machine-readable output (documented in the README)");
    if (with_verbosity) {
        options.add_options()("q,quiet", "print no warnings or summary on stderr")(
            "v,verbose", "print more detail");
    }
}

OutputOptions OutputOptions::from(const cxxopts::ParseResult& parsed) {
    // count() is 0 for an option the tool did not register (quiet, verbose).
    return OutputOptions{parsed.count("json") > 0, parsed.count("quiet") > 0,
                         parsed.count("verbose") > 0};
}

void add_standard_options(cxxopts::Options& options) {
    options.add_options()("h,help", "print this help and exit")("version",
                                                                "print the version and exit");
}

bool handle_standard_options(const cxxopts::Options& options, const cxxopts::ParseResult& parsed,
                             std::string_view examples) {
    if (parsed.count("help") > 0) {
        std::vector<std::string> shown;
        for (const auto& group : options.groups()) {
            if (group != positional_group) {
                shown.push_back(group);
            }
        }
        fmt::print("{}\nExamples:\n{}\n{}", options.help(shown), examples, exit_code::help_table);
        return true;
    }
    if (parsed.count("version") > 0) {
        fmt::print("{} {} (Xapian {})\n", options.program(), version(), Xapian::version_string());
        return true;
    }
    return false;
}

cxxopts::ParseResult parse(cxxopts::Options& options, int argc, const char* const* argv) {
    try {
        return options.parse(argc, argv);
    } catch (const cxxopts::exceptions::exception& e) {
        throw Error(ErrorKind::Usage, e.what(), fmt::format("see {} --help", options.program()));
    }
}

bool stdout_is_terminal() {
    return isatty(STDOUT_FILENO) == 1;
}

bool stderr_is_terminal() {
    return isatty(STDERR_FILENO) == 1;
}

void warn(std::string_view prog, std::string_view message) {
    fmt::print(stderr, "{}: warning: {}\n", prog, text::printable(message));
}

} // namespace news::cli
