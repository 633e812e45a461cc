/// @file
/// @brief plot_histogram: the histogram drawn by gnuplot, run as a child process.
#include "news/common/date.hpp"
#include "news/common/error.hpp"
#include "news/searcher/histogram.hpp"

#include <fmt/format.h>
#include <sys/wait.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace news::searcher {
namespace {

namespace fs = std::filesystem;

// A temp folder removed with everything in it when the plot is done.
class ScratchDir {
public:
    ScratchDir() {
        std::string pattern = (fs::temp_directory_path() / "news-plot-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw Error(ErrorKind::CannotCreate,
                        fmt::format("cannot create a temp folder for gnuplot in {}: {}",
                                    fs::temp_directory_path().string(), std::strerror(errno)));
        }
        m_path = pattern;
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    [[nodiscard]] const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

// A gnuplot double-quoted string: backslash and quote escaped; control characters become
// spaces.
std::string gp_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '\\' || c == '"') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out + "\"";
}

bool ends_with(std::string_view text, std::string_view suffix) {
    if (text.size() < suffix.size()) {
        return false;
    }
    const auto tail = text.substr(text.size() - suffix.size());
    for (std::size_t i = 0; i < tail.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(tail[i])) != suffix[i]) {
            return false;
        }
    }
    return true;
}

std::string read_all(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The script: terminal, labels, one line per series from the data file.
std::string script(const Histogram& histogram, const std::string& title, const std::string& path,
                   const fs::path& data) {
    std::string out;
    if (ends_with(path, ".svg")) {
        out += "set terminal svg noenhanced size 1000,500 dynamic background rgb 'white'\n";
    } else {
        out += "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) "
               "{ set terminal pngcairo noenhanced size 1000,500 } "
               "else { set terminal png noenhanced size 1000,500 }\n";
    }
    out += fmt::format("set output {}\n", gp_string(path));
    out += fmt::format("set title {}\n", gp_string(title));
    out += fmt::format("set ylabel {}\n",
                       gp_string(histogram.normalized ? "% of all articles" : "matching articles"));
    out +=
        "set yrange [0:*]\nset grid ytics\nset key outside right top\nset datafile missing 'NaN'\n"
        "set xtics rotate by -45 nomirror\n";
    // At most about 24 labels on the axis.
    const std::size_t n = histogram.periods.size();
    const std::size_t step = std::max<std::size_t>(1, (n + 23) / 24);
    std::string tics;
    for (std::size_t i = 0; i < n; i += step) {
        tics +=
            fmt::format("{}{} {}", tics.empty() ? "" : ", ", gp_string(histogram.periods[i]), i);
    }
    out += fmt::format("set xtics ({})\n", tics);
    out += fmt::format("set xrange [-0.5:{}]\n", static_cast<double>(n) - 0.5);
    out += "plot ";
    for (std::size_t s = 0; s < histogram.series.size(); ++s) {
        out += fmt::format("{}{} using 1:{} with linespoints pointtype 7 pointsize 0.5 title {}",
                           s == 0 ? "" : ", ", gp_string(data.string()), s + 2,
                           gp_string(histogram.series[s].name));
    }
    return out + "\n";
}

} // namespace

std::string plot_title(const Histogram& histogram, const QueryRequest& query) {
    std::string title = fmt::format("'{}': {} per {}", query.text,
                                    histogram.normalized ? "share of all articles" : "matches",
                                    interval_name(histogram.interval));
    if (!histogram.by.empty()) {
        title += " by " + histogram.by;
    }
    std::string filters;
    for (const auto& [name, value] : query.filters) {
        filters += fmt::format("{}{}={}", filters.empty() ? "" : ", ", name, value);
    }
    if (query.since) {
        filters +=
            fmt::format("{}since {}", filters.empty() ? "" : ", ", date::to_iso(*query.since));
    }
    if (query.until) {
        filters +=
            fmt::format("{}until {}", filters.empty() ? "" : ", ", date::to_iso(*query.until));
    }
    if (query.any) {
        filters += fmt::format("{}any word", filters.empty() ? "" : ", ");
    }
    return filters.empty() ? title : title + " (" + filters + ")";
}

void plot_histogram(const Histogram& histogram, const QueryRequest& query,
                    const std::string& path) {
    const std::string title = plot_title(histogram, query);
    // Fail on an unwritable path here, with our own message, rather than in gnuplot.
    std::error_code ec;
    const bool existed = fs::exists(path, ec);
    {
        std::ofstream probe(path, std::ios::binary | std::ios::app);
        if (!probe) {
            throw Error(ErrorKind::CannotCreate, fmt::format("--plot {}: cannot write there: {}",
                                                             path, std::strerror(errno)));
        }
    }
    // Leaves no empty file behind when no plot was drawn.
    const auto discard = [&] {
        if (!existed) {
            std::error_code ignored;
            fs::remove(path, ignored);
        }
    };
    const ScratchDir scratch;
    const fs::path data = scratch.path() / "histogram.dat";
    {
        std::ofstream out(data);
        for (std::size_t i = 0; i < histogram.periods.size(); ++i) {
            out << i;
            for (const auto& series : histogram.series) {
                if (histogram.normalized) {
                    out << ' '
                        << (series.shares[i] ? fmt::format("{:.6f}", *series.shares[i] * 100)
                                             : std::string("NaN"));
                } else {
                    out << ' ' << series.counts[i];
                }
            }
            out << '\n';
        }
    }
    const fs::path script_file = scratch.path() / "plot.gp";
    std::ofstream(script_file) << script(histogram, title, path, data);
    const fs::path messages = scratch.path() / "gnuplot.err";

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, messages.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::string program = "gnuplot";
    std::string script_arg = script_file.string();
    std::vector<char*> argv{program.data(), script_arg.data(), nullptr};
    pid_t pid = -1;
    const int spawned = ::posix_spawnp(&pid, "gnuplot", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        discard();
        throw Error(ErrorKind::Internal,
                    fmt::format("--plot {}: cannot run gnuplot: {}", path, std::strerror(spawned)),
                    "install gnuplot (Debian: apt-get install gnuplot-nox) or leave out --plot");
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    const bool drawn = fs::exists(path, ec) && fs::file_size(path, ec) > 0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !drawn) {
        discard();
        // gnuplot's last line says what went wrong (the lines before echo the script).
        std::string why = read_all(messages);
        while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) {
            why.pop_back();
        }
        why = why.substr(why.find_last_of('\n') == std::string::npos ? 0
                                                                     : why.find_last_of('\n') + 1);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
            why = "gnuplot could not be started";
        }
        throw Error(ErrorKind::Internal, fmt::format("--plot {}: gnuplot failed{}{}", path,
                                                     why.empty() ? "" : ": ", why));
    }
}

} // namespace news::searcher
