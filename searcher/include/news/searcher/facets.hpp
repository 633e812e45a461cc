/// @file
/// @brief Facet counting with Xapian's built-in ValueCountMatchSpy, multi-valued fields included.
#pragma once

#include "news/common/facet_columns.hpp"
#include "news/searcher/entity_merge.hpp"

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace news::searcher {

/// One value of a facet and the number of matching articles (or stories) that have it.
struct FacetValue {
    std::string value;          ///< as displayed: the most frequent spelling among those merged
    Xapian::doccount count = 0; ///< matching articles with this value (stories: FacetUnit)
};

/// What a facet count counts.
enum class FacetUnit {
    Articles, ///< each matching article once per value it has
    /// each story once per value that at least one of its matching articles has (an article
    /// without a story counts as a story of its own)
    Stories,
};

/// The counted values of one facet, most frequent first (ties by value).
struct FacetCounts {
    std::string name;               ///< the facet field name, e.g. "date.month"
    std::vector<FacetValue> values; ///< cut to the display limit (see distinct)
    std::size_t distinct = 0;       ///< distinct values before the display limit
    std::size_t seen = 0;           ///< matching documents the spies saw
};

/// Sets the weighting of an unranked pass over @p db on @p enquire: every match weighs 0, so they
/// come in document id order, and no document length is read.
///
/// Not Xapian::BoolWeight: Xapian 1.4 reads a word that every document of a database has as the
/// list of all documents when the weighting needs no wdf, and once the database has gaps in its
/// document ids (an article deleted) and more than one chunk of document lengths, that list
/// ends with "Unexpected end of posting list" (xapian-core 1.4.22 to 1.4.32,
/// LocalSubMatch::open_post_list). So BoolWeight only while the document ids have no gap; else a
/// weight of our own that asks for the wdf (a third slower on a one-word count), or, since a
/// stock xapian-tcpsrv cannot run it, for a database with remote shards BM25 without its wdf
/// and length parts (k1 = 0, b = 0: each word's idf), which orders differently but counts the
/// same.
void set_unranked_weighting(Xapian::Enquire& enquire, const Xapian::Database& db);

/// Visits every match of @p query without ranking it (no document length or sort key is
/// read; set_unranked_weighting()), with @p enquire_setup given the Enquire first (to attach
/// match spies, whose counts are then exact), and returns the exact number of matches.
Xapian::doccount count_every_match(const Xapian::Database& db, const Xapian::Query& query,
                                   const std::function<void(Xapian::Enquire&)>& enquire_setup = {});

/// Counts facets over a match set.
///
/// A multi-valued field keeps one value per slot (schema.hpp), so it gets one spy per slot and
/// the counts are summed: an article with two authors counts once for each. Built-in spies only,
/// so the same counting works against remote shards. Values that differ only in case or spacing
/// are merged under their most frequent spelling, as their filter term is the same. Values of
/// an entity facet are also merged as EntityMerges says, under the full value's spelling.
class FacetCounter {
public:
    /// @p names are facet field names (schema::facet_fields()).
    /// @p unit says what is counted: FacetUnit::Stories uses one match spy of our own per facet
    /// (it remembers the stories seen for each value), which cannot run on a remote shard.
    /// @throws news::Error (Usage) for an unknown name.
    /// With @p columns (the database's facet columns, facet_columns.hpp), articles are counted
    /// from them by a match spy of our own (same counts, no value slot read); they must describe
    /// @p db, and cannot be used for a remote shard.
    FacetCounter(const Xapian::Database& db, const std::vector<std::string>& names,
                 FacetUnit unit = FacetUnit::Articles,
                 const facet_columns::Columns* columns = nullptr);

    /// Registers the spies; call before Enquire::get_mset().
    void attach(Xapian::Enquire& enquire);

    /// Counts over every match of @p query (count_every_match()).
    void count(const Xapian::Database& db, const Xapian::Query& query);

    /// The counts, each facet cut to @p limit values (0: no limit).
    [[nodiscard]] std::vector<FacetCounts> results(std::size_t limit) const;

private:
    struct Facet {
        std::string name;
        std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies; // not copyable
        std::unique_ptr<Xapian::MatchSpy> story_spy;  // FacetUnit::Stories: a StorySpy
        std::unique_ptr<Xapian::MatchSpy> column_spy; // from the facet columns: a ColumnSpy
        std::unique_ptr<EntityMerges> merges;         // entity facets: values counted as others
    };
    std::vector<Facet> m_facets;
};

} // namespace news::searcher
