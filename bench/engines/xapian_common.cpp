/// @file
/// @brief The --tag-facet check and date bounds shared by the news and xapian engines.
#include "engines/xapian_common.hpp"

#include "news/common/date.hpp"
#include "news/common/error.hpp"

#include <fmt/format.h>

namespace news::bench {

const schema::FacetField& tag_facet_field(const std::string& name) {
    if (name.empty()) {
        throw Error(ErrorKind::Usage, "--tag-facet NAME is required for this engine",
                    "the facet holding the corpus's tags: topic (Reuters), category (BBC), "
                    "label (FakeNewsNet)");
    }
    const auto* field = schema::find_facet(name);
    if (field == nullptr || name == "source") {
        std::string names;
        for (const auto& f : schema::facet_fields()) {
            if (f.name != "source") {
                names += (names.empty() ? "" : ", ") + std::string(f.name);
            }
        }
        throw Error(ErrorKind::Usage, fmt::format("--tag-facet: unknown facet '{}'", name),
                    "facets: " + names);
    }
    return *field;
}

const schema::FacetField& filter_facet_field(const std::string& filter_field,
                                             const std::string& tag_facet) {
    if (filter_field == "source") {
        return *schema::find_facet("source");
    }
    return tag_facet_field(tag_facet);
}

Date parse_compact_date(const std::string& compact) {
    const auto day = compact.size() == 8 ? date::parse_iso(compact) : std::nullopt;
    if (!day) {
        throw Error(ErrorKind::Usage, fmt::format("'{}' is not a YYYYMMDD date", compact));
    }
    return *day;
}

} // namespace news::bench
