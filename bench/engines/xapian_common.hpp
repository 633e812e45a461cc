/// @file
/// @brief What the news and xapian engines share: the --tag-facet check and YYYYMMDD bounds.
#pragma once

#include "news/common/article.hpp"
#include "news/common/schema.hpp"

#include <string>

namespace news::bench {

/// Our facet field called @p name (topic, category, label, ...), the corpus's tags.
/// @throws news::Error (Usage) when @p name is empty or not one of our facet fields.
[[nodiscard]] const schema::FacetField& tag_facet_field(const std::string& name);

/// The facet field a BenchQuery's filter_field names: "source", or "tag" for @p tag_facet.
[[nodiscard]] const schema::FacetField& filter_facet_field(const std::string& filter_field,
                                                           const std::string& tag_facet);

/// The date of a YYYYMMDD bound.
/// @throws news::Error (Usage) when @p compact is not one.
[[nodiscard]] Date parse_compact_date(const std::string& compact);

} // namespace news::bench
