/// @file
/// @brief The options of `news-bench compare`: parsed, validated, and turned into a typed
/// CompareConfig and the corpora it names.
#pragma once

#include "news/common/cli.hpp"

#include "compare/corpus.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace news::bench {

/// What one `news-bench compare` run does.
struct CompareConfig {
    std::vector<std::string> corpora; ///< named corpora (--corpus)
    std::vector<std::string> inputs;  ///< a corpus of one's own: --input, --name, --tag-facet
    std::string name;
    std::string tag_facet;
    std::string format = "auto";
    std::vector<std::string> engines; ///< in the order of compared_engines()
    std::size_t runs = 5;
    std::size_t warmup = 2;
    std::size_t per_class = 100;
    std::size_t one_shot_repeats = 5;
    std::uint64_t seed = 20241121;
    std::string threads = "1,2";
    std::string out_dir = "bench/results";
    std::string queries_dir = "bench/queries";
    std::string work_dir; ///< empty: a temporary folder, removed afterwards
    std::string shared_dir;
    bool keep_work = false;
    bool compact = true;
    bool plots = true;
    bool json = false;
    bool smoke = false;
};

/// Parses `news-bench compare` arguments (argv[0] is "compare"). Returns nothing when --help or
/// --version was answered.
/// @throws news::Error (Usage) for a missing corpus, an unknown engine, a bad thread list or
/// --runs 0; cxxopts' exceptions for malformed flags.
[[nodiscard]] std::optional<CompareConfig> parse_compare_options(int argc, const char* const* argv);

/// The largest count in a thread list like "1,2".
/// @throws news::Error (Usage) when @p list is not digits and commas.
[[nodiscard]] std::size_t max_threads(const std::string& list);

/// The corpora @p config names, named ones first, then the one of --input.
/// @throws news::Error (NotFound) when an input is missing.
[[nodiscard]] std::vector<CorpusSpec> corpora_of(const CompareConfig& config);

} // namespace news::bench
