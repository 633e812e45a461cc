/// @file
/// @brief Benchmark query classes drawn from an indexed corpus, reproducibly.
#pragma once

#include "engines/workload.hpp"
#include <xapian.h>

#include <cstdint>
#include <string>
#include <vector>

namespace news::bench {

/// What to draw and how.
struct GeneratorOptions {
    std::uint64_t seed = 20241121; ///< the same seed and database give the same queries
    std::size_t per_class = 100;   ///< queries per class, fewer where the corpus has fewer
    std::string tag_facet;         ///< the facet the articles file calls "tag", or empty
};

/// One class the generator could not fill, and why.
struct ClassShortfall {
    std::string query_class;
    std::size_t generated = 0;
    std::string reason;
};

/// The generated query list and what fell short.
struct GeneratedQueries {
    std::vector<BenchQuery> queries;
    std::vector<ClassShortfall> shortfalls;
};

/// Draws every query class from @p db (a news database): single rare, medium and common words
/// (by document frequency), 2- and 3-word AND and 2-word OR drawn from one article so they
/// match, 2- and 3-word phrases read from an article's text, word prefixes, a date window
/// around an article's date, drill-downs by source and by tag, and sort by date. Words are
/// lowercase letters only, not stop words, as a user would type them.
[[nodiscard]] GeneratedQueries generate_queries(const Xapian::Database& db,
                                                const GeneratorOptions& options);

} // namespace news::bench
