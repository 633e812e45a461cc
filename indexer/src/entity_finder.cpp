/// @file
/// @brief builtin_entity_finder() and tidy_entities().
#include "news/indexer/entity_finder.hpp"

#include "news/common/schema.hpp"
#include "news/indexer/entities.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace news::indexer {
namespace {

class BuiltinFinder final : public EntityFinder {
public:
    [[nodiscard]] NamedEntities find(std::string_view title, std::string_view body) const override {
        entities::Entities found = m_extractor.extract(title, body);
        return NamedEntities{std::move(found.person), std::move(found.place), std::move(found.org)};
    }

private:
    entities::Extractor m_extractor;
};

std::vector<std::string> tidy_values(const std::vector<std::string>& values) {
    std::vector<std::string> kept;
    std::vector<std::string> folded;
    for (const auto& value : values) {
        std::string display = schema::display_value(value);
        std::string fold = schema::fold_value(display);
        if (fold.empty() || std::find(folded.begin(), folded.end(), fold) != folded.end()) {
            continue;
        }
        kept.push_back(std::move(display));
        folded.push_back(std::move(fold));
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < kept.size(); ++i) {
        const std::string& word = folded[i];
        const bool one_word = word.find(' ') == std::string::npos;
        const bool ends_another =
            one_word && std::any_of(folded.begin(), folded.end(), [&](const std::string& other) {
                return other.size() > word.size() && other.ends_with(" " + word);
            });
        if (!ends_another) {
            out.push_back(kept[i]);
        }
    }
    return out;
}

} // namespace

std::shared_ptr<const EntityFinder> builtin_entity_finder() {
    return std::make_shared<const BuiltinFinder>();
}

NamedEntities tidy_entities(const NamedEntities& found) {
    return NamedEntities{tidy_values(found.person), tidy_values(found.place),
                         tidy_values(found.org)};
}

} // namespace news::indexer
