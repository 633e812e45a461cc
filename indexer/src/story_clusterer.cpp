/// @file
/// @brief Story clustering (first cut: every article founds its own story).
#include "news/indexer/story_clusterer.hpp"

#include "news/common/schema.hpp"
#include "news/common/text.hpp"

#include <map>

namespace news::indexer::stories {

struct Features {
    std::string digest; // of title and body
};

struct Parameters {};

std::shared_ptr<const Features> extract_features(const Article& article) {
    return std::make_shared<const Features>(
        Features{std::to_string(text::fnv1a64(article.title) ^ text::fnv1a64(article.body))});
}

std::string serialise(const Features& features) {
    return features.digest;
}

std::shared_ptr<const Features> unserialise(std::string_view stored) {
    return std::make_shared<const Features>(Features{std::string(stored)});
}

struct Known {
    Assignment assignment;
    std::shared_ptr<const Features> features;
};

struct Clusterer::State {
    std::map<std::string, Known, std::less<>> known;
};

Clusterer::Clusterer() : m_state(std::make_unique<State>()) {}
Clusterer::~Clusterer() = default;

void Clusterer::restore(std::string_view article_id, std::shared_ptr<const Features> features,
                        std::string_view story_id, std::string_view copy_of) {
    m_state->known[std::string(article_id)] =
        Known{Assignment{std::string(story_id), std::string(copy_of)}, std::move(features)};
}

Assignment Clusterer::assign(std::string_view article_id,
                             std::shared_ptr<const Features> features) {
    Assignment assignment{schema::story_id(article_id), {}};
    m_state->known[std::string(article_id)] = Known{assignment, std::move(features)};
    return assignment;
}

void Clusterer::set_memory_limit(std::size_t /*bytes*/) {}

void Clusterer::forget(std::string_view article_id) {
    if (const auto it = m_state->known.find(article_id); it != m_state->known.end()) {
        m_state->known.erase(it);
    }
}

std::size_t Clusterer::size() const {
    return m_state->known.size();
}

std::size_t Clusterer::memory_bytes() const {
    return m_state->known.size() * 64;
}

} // namespace news::indexer::stories
