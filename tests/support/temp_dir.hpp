/// @file
/// @brief A scratch folder for one test, removed when the test ends.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace news::test {

/// Creates a fresh folder under the system temp dir; removes it (recursively) on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return m_path; }

    /// path() / @p name, as a string.
    [[nodiscard]] std::string operator/(std::string_view name) const;

    /// Writes @p bytes to path() / @p name (creating parent folders) and returns its path.
    std::string write(std::string_view name, std::string_view bytes) const;

private:
    std::filesystem::path m_path;
};

/// Where the project's sources are (corpus/sample, tests/data, tests/golden).
[[nodiscard]] std::filesystem::path source_dir();

/// Where the shared corpora live (may be absent).
[[nodiscard]] std::filesystem::path shared_dir();

} // namespace news::test
