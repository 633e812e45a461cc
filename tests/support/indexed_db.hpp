/// @file
/// @brief A database the real news-index builds for one end-to-end test, and news-search on it.
///
/// Header-only: NEWS_INDEX_EXE and NEWS_SEARCH_EXE are compile definitions of the end-to-end
/// test target.
#pragma once

#include "support/run_tool.hpp"
#include "support/temp_dir.hpp"
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace news::test {

/// A fresh database in a scratch folder; index() fills it, search() and search_json() query it.
struct IndexedDb {
    TempDir dir;
    std::string db = dir / "db";

    IndexedDb() = default;

    /// Indexes @p inputs at once, with @p extra flags for news-index.
    explicit IndexedDb(const std::vector<std::string>& inputs,
                       const std::vector<std::string>& extra = {}) {
        index(inputs, extra);
    }

    /// Runs news-index --quiet on @p inputs with @p extra flags; the test stops if it fails.
    void index(const std::vector<std::string>& inputs,
               const std::vector<std::string>& extra = {}) const {
        std::vector<std::string> args{"--db", db, "--quiet"};
        args.insert(args.end(), extra.begin(), extra.end());
        args.insert(args.end(), inputs.begin(), inputs.end());
        const auto run = run_tool(NEWS_INDEX_EXE, args);
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
    }

    /// news-search on this database with @p args.
    [[nodiscard]] RunResult search(std::vector<std::string> args) const {
        args.insert(args.begin(), {"--db", db});
        return run_tool(NEWS_SEARCH_EXE, args);
    }

    /// news-search --json with @p args: it must succeed and say nothing on stderr.
    [[nodiscard]] nlohmann::json search_json(std::vector<std::string> args) const {
        args.insert(args.begin(), "--json");
        const auto run = search(std::move(args));
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.describe());
        BOOST_TEST(run.err.empty(), run.err);
        return nlohmann::json::parse(run.out);
    }
};

} // namespace news::test
