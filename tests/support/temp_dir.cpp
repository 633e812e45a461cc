/// @file
/// @brief TempDir.
#include "support/temp_dir.hpp"

#include <fstream>
#include <random>
#include <stdexcept>
#include <system_error>

namespace news::test {

TempDir::TempDir() {
    std::random_device seed;
    std::mt19937_64 random(seed());
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto candidate = std::filesystem::temp_directory_path() /
                         ("news-test-" + std::to_string(random() % 1000000000ULL));
        std::error_code ec;
        if (std::filesystem::create_directory(candidate, ec)) {
            m_path = std::move(candidate);
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary folder");
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

std::string TempDir::operator/(std::string_view name) const {
    return (m_path / name).string();
}

std::string TempDir::write(std::string_view name, std::string_view bytes) const {
    const auto file = m_path / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
        throw std::runtime_error("cannot write " + file.string());
    }
    return file.string();
}

std::filesystem::path source_dir() {
    return NEWS_SOURCE_DIR;
}

std::filesystem::path shared_dir() {
    return NEWS_SHARED_DIR;
}

} // namespace news::test
