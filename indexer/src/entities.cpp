/// @file
/// @brief Extractor: placeholder that finds nothing, until the extraction rules land.
#include "news/indexer/entities.hpp"

namespace news::indexer::entities {

struct Extractor::Tables {};

Extractor::Extractor() : tables_(new Tables) {}

Extractor::~Extractor() {
    delete tables_;
}

Entities Extractor::extract(std::string_view /*title*/, std::string_view /*body*/) const {
    return {};
}

} // namespace news::indexer::entities
