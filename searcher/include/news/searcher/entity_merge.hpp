/// @file
/// @brief Variant merging of extracted entities across articles: a lone surname counts under the
/// full name it stands for ("Trump" under "Donald Trump"), in facets and filters alike.
#pragma once

#include "news/common/schema.hpp"

#include <xapian.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace news::searcher {

/// Which values of an entity facet are counted and filtered as another, read from the whole
/// database (so the same database gives the same merges whatever the query, and whatever the
/// number of threads that built it).
///
/// The rule: a one-word value V (folded) merges into the multi-word value W of the same facet
/// whose last word is V, when W is the most common such value (ties: W first in byte order) and
/// is in more articles than all the other such values together. "Trump" merges into "Donald
/// Trump" if "Donald Trump" outnumbers "Ivanka Trump" and the rest; "Kennedy" merges nowhere
/// when "John Kennedy" and "Ted Kennedy" are about as common. People only
/// (merges_short_names).
///
/// Counts stay exact: the indexer never keeps V beside a value ending in V in one article
/// (indexer::tidy_entities), so no article has both V and W, and the merged count of W (its
/// count plus V's) is the number of articles that have either, which is what filtering on W
/// matches (both terms).
class EntityMerges {
public:
    /// Reads the merges of @p field (an entity facet) from @p db's filter terms: one pass over
    /// the facet's terms, done when the facet is counted or filtered on.
    EntityMerges(const Xapian::Database& db, const schema::FacetField& field);

    /// The folded value @p folded counts under: its merge target, or itself.
    [[nodiscard]] const std::string& canonical(const std::string& folded) const;

    /// The folded values counted under the canonical value @p folded: itself, then the values
    /// merged into it, in byte order.
    [[nodiscard]] std::vector<std::string> group(const std::string& folded) const;

    /// The display form of the folded value @p folded, read from an article that has it (empty
    /// when none does).
    [[nodiscard]] std::string display(const std::string& folded) const;

    /// True when some value merges into another.
    [[nodiscard]] bool any() const { return !m_target.empty(); }

private:
    Xapian::Database m_db;
    const schema::FacetField* m_field;
    std::map<std::string, std::string> m_target;               ///< one-word value -> full value
    std::map<std::string, std::vector<std::string>> m_members; ///< full value -> merged ones
};

/// Whether the values of @p field merge across articles (EntityMerges): people's only. A lone
/// surname stands for the full name; a lone place or organisation names itself ("Chicago" is
/// not "North Chicago", "Britain" not "New Britain").
[[nodiscard]] bool merges_short_names(const schema::FacetField& field);

/// The filter for --filter NAME=@p value of @p field: its filter term; for a facet whose values
/// merge (merges_short_names), the OR of the filter terms of the canonical value's group
/// (EntityMerges), so that a filter on a value shown in a facet matches exactly the articles
/// counted under it.
[[nodiscard]] Xapian::Query facet_filter(const Xapian::Database& db,
                                         const schema::FacetField& field, std::string_view value);

} // namespace news::searcher
