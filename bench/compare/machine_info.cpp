/// @file
/// @brief The machine a comparison ran on, read from /proc and the clock.
#include "compare/machine_info.hpp"

#include <xapian.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <thread>

namespace news::bench {

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos) {
                return line.substr(line.find_first_not_of(' ', colon + 1));
            }
        }
    }
    return "unknown CPU";
}

std::string utc_date() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &utc);
    return text;
}

// Figures taken on a busy machine should say so.
std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

nlohmann::json machine_json(const std::vector<std::string>& argv) {
    std::string command;
    for (const auto& arg : argv) {
        command += (command.empty() ? "" : " ") + arg;
    }
    return {{"cores", std::thread::hardware_concurrency()},
            {"cpu", cpu_model()},
            {"date", utc_date()},
            {"xapian", Xapian::version_string()},
            {"load_average", load_average()},
            {"command", command}};
}

} // namespace news::bench
