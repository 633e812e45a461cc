/// @file
/// @brief news-synth's command line and run: flags into a typed config, then pool, generator
/// and output.
#pragma once

#include "news/synthetic/generator.hpp"
#include "news/synthetic/pool.hpp"

#include <optional>
#include <string>
#include <vector>

namespace news::synthetic {

/// One news-synth run.
struct SynthConfig {
    std::vector<InputSpec> inputs; ///< --shared corpora first, then the positional inputs
    GeneratorOptions generator;    ///< count, seed, shares, dates
    std::string output = "-";      ///< a file, or "-" for stdout
    bool quiet = false;            ///< -q: no summary on stderr
};

/// Parses and validates argv.
/// @return std::nullopt when --help or --version was printed.
/// @throws news::Error (Usage) for a bad flag or value, (NotFound) when a --shared corpus is
/// missing.
[[nodiscard]] std::optional<SynthConfig> parse_options(int argc, const char* const* argv);

/// Reads the inputs into a pool, writes config.generator.count articles and, unless quiet,
/// a summary on stderr.
/// @throws news::Error (NotFound) for a missing input, (BadData) when no input article has a
/// body, (CannotCreate) when the output cannot be opened, (Io) when a write fails.
void run(const SynthConfig& config);

} // namespace news::synthetic
