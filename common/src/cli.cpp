/// @file
/// @brief The shared error boundary and option groups.
#include "news/common/cli.hpp"

#include "news/common/error.hpp"
#include "news/common/exit_code.hpp"
#include "news/common/text.hpp"

#include <fmt/format.h>
#include <xapian.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <vector>

namespace news::cli {
namespace {

// Messages and hints quote paths, ids and queries as given: escape their control characters so
// a hostile file name cannot drive the terminal.
// Never throws: stderr may be a pipe whose reader is gone, and this runs inside the catch
// blocks of the error boundary.
void print_error(std::string_view prog, std::string_view message, std::string_view hint) {
    std::string text = fmt::format("{}: error: {}\n", prog, text::printable(message));
    if (!hint.empty()) {
        text += fmt::format("hint: {}\n", text::printable(hint));
    }
    static_cast<void>(std::fputs(text.c_str(), stderr));
}

// Set once, before any thread starts, by guard_standard_streams().
bool g_stdout_was_closed = false; // NOLINT: read-only after start-up

// A tool started with stdin, stdout or stderr closed would get that descriptor back from its
// next open(), which may be a database file: a warning printed to "stderr" would then be
// written into the database. Each closed one is opened on /dev/null first.
void guard_standard_streams() {
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) {
            continue;
        }
        if (fd == STDOUT_FILENO) {
            g_stdout_was_closed = true;
        }
        const int opened = ::open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
        if (opened != fd && opened >= 0) {
            ::dup2(opened, fd);
            ::close(opened);
        }
    }
}

// Output that could not be written is an error, not a silent success (a full disk under a
// redirection, a closed descriptor); a reader that went away (EPIPE) is not.
int check_stdout_written(std::string_view prog, int status) {
    const bool flushed = std::fflush(stdout) == 0;
    if (flushed && std::ferror(stdout) == 0) {
        return status;
    }
    // errno names the failure only when this flush failed; an earlier write's is gone.
    if (!flushed && errno == EPIPE) {
        return status;
    }
    print_error(prog,
                flushed ? std::string("cannot write to standard output")
                        : fmt::format("cannot write to standard output: {}", std::strerror(errno)),
                {});
    return status == 0 ? exit_code::io : status;
}

} // namespace

bool standard_output_was_closed() noexcept {
    return g_stdout_was_closed;
}

std::string_view version() {
    return "0.1.0";
}

int run_main(std::string_view prog, const std::function<int()>& body) {
    guard_standard_streams();
    try {
        try {
            return check_stdout_written(prog, body());
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
    const std::string hint = fmt::format("see {} --help", options.program());
    const auto parse_or_explain = [&] {
        try {
            return options.parse(argc, argv);
        } catch (const cxxopts::exceptions::exception& e) {
            throw Error(ErrorKind::Usage, e.what(), hint);
        }
    };
    cxxopts::ParseResult parsed = parse_or_explain();
    // cxxopts leaves an argument that no option or positional list takes in unmatched():
    // without this check it would be dropped without a word.
    if (!parsed.unmatched().empty()) {
        throw Error(ErrorKind::Usage,
                    fmt::format("unexpected argument '{}'", parsed.unmatched().front()), hint);
    }
    return parsed;
}

bool stdout_is_terminal() {
    return isatty(STDOUT_FILENO) == 1;
}

bool stderr_is_terminal() {
    return isatty(STDERR_FILENO) == 1;
}

} // namespace news::cli
