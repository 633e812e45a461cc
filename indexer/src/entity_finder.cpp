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

// Entities are read from the first MiB of the body: a news article is far shorter, and the
// extractor's working memory grows with the text, which would break the indexer's memory
// bound on a huge input (indexer/README.md, "Memory").
constexpr std::size_t entity_text_limit = std::size_t{1} << 20U;

// The first @p limit bytes of @p text, cut at the last white space before them (so neither a
// word nor a UTF-8 sequence is split).
std::string_view leading_text(std::string_view text, std::size_t limit) {
    if (text.size() <= limit) {
        return text;
    }
    const auto space = text.find_last_of(" \t\n", limit);
    return text.substr(0, space == std::string_view::npos ? 0 : space);
}

class BuiltinFinder final : public EntityFinder {
public:
    [[nodiscard]] NamedEntities find(std::string_view title, std::string_view body,
                                     std::string_view dateline) const override {
        entities::Entities found =
            m_extractor.extract(title, leading_text(body, entity_text_limit), dateline);
        return NamedEntities{std::move(found.person), std::move(found.place), std::move(found.org)};
    }

private:
    entities::Extractor m_extractor;
};

// Each value trimmed, its white space folded, duplicates (folded) dropped; with
// @p drop_last_words, a one-word value that ends a longer one too ("Trump" beside "Donald
// Trump"): for people only, since "Chicago" beside "North Chicago" is another place.
std::vector<std::string> tidy_values(const std::vector<std::string>& values, bool drop_last_words) {
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
            drop_last_words && one_word &&
            std::any_of(folded.begin(), folded.end(), [&](const std::string& other) {
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
    return NamedEntities{tidy_values(found.person, true), tidy_values(found.place, false),
                         tidy_values(found.org, false)};
}

} // namespace news::indexer
