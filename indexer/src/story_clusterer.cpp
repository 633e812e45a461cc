/// @file
/// @brief Incremental story clustering: an inverted index of the held articles' key terms finds
/// the candidates of a new article; it joins the story that scores best, if well enough, and
/// is marked a copy of the earliest near-identical article.
#include "news/indexer/story_clusterer.hpp"

#include "news/common/error.hpp"
#include "news/common/schema.hpp"

#include "story_features.hpp"
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <unordered_map>
#include <vector>

namespace news::indexer::stories {
namespace {

struct Posting {
    std::uint64_t seq = 0; ///< the article's arrival number
    std::uint8_t weight = 0;
    TermKind kind = TermKind::Word;
};

struct Entry {
    std::string id;
    Assignment assignment;
    std::shared_ptr<const Features> features;
    double norm = 0;       ///< of its idf-weighted terms, when it was added
    double name_norm = 0;  ///< of its idf-weighted names and numbers, when it was added
    std::size_t names = 0; ///< its name and number terms
    std::size_t bytes = 0; ///< what memory_bytes() counts for it
};

/// Rough heap cost of a map node and of a posting, for memory_bytes().
constexpr std::size_t node_bytes = 64;
constexpr std::size_t posting_bytes = sizeof(Posting);
constexpr std::size_t term_list_bytes = 64;

std::size_t count_names(const Features& features) {
    return static_cast<std::size_t>(
        std::count_if(features.terms.begin(), features.terms.end(),
                      [](const KeyTerm& t) { return t.kind != TermKind::Word; }));
}

double parse_number(std::string_view name, std::string_view value) {
    const std::string text(value);
    char* end = nullptr;
    const double number = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(number) || number < 0) {
        throw Error(ErrorKind::Usage,
                    fmt::format("story parameter {}: '{}' is not a number >= 0", name, value));
    }
    return number;
}

} // namespace

void set_parameter(Parameters& parameters, std::string_view assignment) {
    const auto equals = assignment.find('=');
    if (equals == std::string_view::npos) {
        throw Error(ErrorKind::Usage,
                    fmt::format("story parameter '{}' is not NAME=VALUE", assignment));
    }
    const std::string_view name = assignment.substr(0, equals);
    const double value = parse_number(name, assignment.substr(equals + 1));
    const auto whole = [&] {
        if (value != std::floor(value)) {
            throw Error(ErrorKind::Usage,
                        fmt::format("story parameter {}: '{}' is not a whole number", name,
                                    assignment.substr(equals + 1)));
        }
        return static_cast<std::size_t>(value);
    };
    if (name == "join_similarity") {
        parameters.join_similarity = value;
    } else if (name == "average_share") {
        parameters.average_share = std::min(value, 1.0);
    } else if (name == "name_weight") {
        parameters.name_weight = value;
    } else if (name == "number_weight") {
        parameters.number_weight = value;
    } else if (name == "min_linked_share") {
        parameters.min_linked_share = std::min(value, 1.0);
    } else if (name == "min_name_similarity") {
        parameters.min_name_similarity = value;
    } else if (name == "min_shared_names") {
        parameters.min_shared_names = static_cast<unsigned>(whole());
    } else if (name == "date_window_days") {
        parameters.date_window_days = static_cast<int>(whole());
    } else if (name == "copy_similarity") {
        parameters.copy_similarity = value;
    } else if (name == "min_copy_shingles") {
        parameters.min_copy_shingles = static_cast<unsigned>(whole());
    } else if (name == "postings_per_term") {
        parameters.postings_per_term = whole();
    } else if (name == "max_term_share") {
        parameters.max_term_share = value;
    } else if (name == "max_term_share_from") {
        parameters.max_term_share_from = whole();
    } else {
        throw Error(ErrorKind::Usage, fmt::format("unknown story parameter '{}'", name),
                    "known: join_similarity, average_share, min_linked_share, name_weight, "
                    "number_weight, min_shared_names, min_name_similarity, date_window_days, "
                    "copy_similarity, min_copy_shingles, postings_per_term, max_term_share, "
                    "max_term_share_from");
    }
}

struct Clusterer::State {
    Parameters parameters;
    std::map<std::uint64_t, Entry> entries; ///< by arrival: the first is the oldest
    std::map<std::string, std::uint64_t, std::less<>> by_id;
    /// Key term hash → the articles holding it, oldest first. Looked up, never iterated.
    std::unordered_map<std::uint32_t, std::vector<Posting>> postings;
    std::map<std::string, std::size_t, std::less<>> story_sizes;
    std::uint64_t next_seq = 0;
    std::size_t memory_limit = SIZE_MAX;
    std::size_t bytes = 0;

    double kind_weight(TermKind kind) const {
        return kind == TermKind::Name     ? parameters.name_weight
               : kind == TermKind::Number ? parameters.number_weight
                                          : 1.0;
    }

    double idf(std::uint32_t term) const {
        const auto it = postings.find(term);
        const double df = it == postings.end() ? 0.0 : static_cast<double>(it->second.size());
        return std::log((static_cast<double>(entries.size()) + 1.0) / (df + 1.0)) + 1.0;
    }

    double norm(const Features& features, bool names_only = false) const {
        double sum = 0;
        for (const auto& term : features.terms) {
            if (names_only && term.kind == TermKind::Word) {
                continue;
            }
            const double w = term.weight * kind_weight(term.kind) * idf(term.hash);
            sum += w * w;
        }
        return std::sqrt(sum);
    }

    void add(std::string_view id, std::shared_ptr<const Features> features, Assignment assignment) {
        Entry entry;
        entry.id = std::string(id);
        entry.assignment = std::move(assignment);
        entry.bytes = 3 * node_bytes + sizeof(Entry) + entry.id.capacity() +
                      entry.assignment.story_id.capacity() + entry.assignment.copy_of.capacity();
        const std::uint64_t seq = next_seq++;
        if (features) {
            entry.norm = norm(*features);
            entry.name_norm = norm(*features, true);
            entry.names = count_names(*features);
            entry.bytes += sizeof(Features) + features->terms.capacity() * sizeof(KeyTerm) +
                           features->terms.size() * posting_bytes;
            for (const auto& term : features->terms) {
                auto [list, fresh] = postings.try_emplace(term.hash);
                if (fresh) {
                    bytes += term_list_bytes;
                }
                list->second.push_back(Posting{seq, term.weight, term.kind});
            }
        }
        entry.features = std::move(features);
        bytes += entry.bytes;
        ++story_sizes[entry.assignment.story_id];
        by_id[entry.id] = seq;
        entries.emplace(seq, std::move(entry));
    }

    void remove(std::uint64_t seq) {
        const auto it = entries.find(seq);
        if (it == entries.end()) {
            return;
        }
        Entry& entry = it->second;
        if (entry.features) {
            for (const auto& term : entry.features->terms) {
                const auto list = postings.find(term.hash);
                if (list == postings.end()) {
                    continue;
                }
                auto& items = list->second;
                const auto at = std::find_if(items.begin(), items.end(),
                                             [&](const Posting& p) { return p.seq == seq; });
                if (at != items.end()) {
                    items.erase(at);
                }
                if (items.empty()) {
                    postings.erase(list);
                    bytes -= term_list_bytes;
                }
            }
        }
        if (const auto size = story_sizes.find(entry.assignment.story_id);
            size != story_sizes.end() && --size->second == 0) {
            story_sizes.erase(size);
        }
        bytes -= entry.bytes;
        by_id.erase(entry.id);
        entries.erase(it);
    }

    void evict_past_limit() {
        // The newest article always stays: it is the one most likely to be joined.
        while (bytes > memory_limit && entries.size() > 1) {
            remove(entries.begin()->first);
        }
    }

    Assignment decide(std::string_view id, const Features& features) const;
};

Assignment Clusterer::State::decide(std::string_view id, const Features& features) const {
    struct Link {
        double dot = 0;
        double name_dot = 0;
        unsigned shared_names = 0;
    };
    const auto held = static_cast<double>(entries.size());
    const bool cap_common =
        entries.size() >= parameters.max_term_share_from && parameters.max_term_share < 1.0;
    const std::size_t own_names = count_names(features);
    // Candidates come from the names and numbers when the article has enough of them to be
    // linked at all (the cheap, selective terms), else from every key term.
    const bool by_names = own_names >= parameters.min_shared_names && own_names > 0;
    std::vector<std::uint64_t> found;
    for (const auto& term : features.terms) {
        if (by_names && term.kind == TermKind::Word) {
            continue;
        }
        const auto list = postings.find(term.hash);
        if (list == postings.end()) {
            continue;
        }
        const auto& items = list->second;
        if (cap_common && static_cast<double>(items.size()) > parameters.max_term_share * held) {
            continue;
        }
        const std::size_t take = std::min(items.size(), parameters.postings_per_term);
        for (std::size_t k = items.size() - take; k < items.size(); ++k) {
            found.push_back(items[k].seq);
        }
    }
    std::sort(found.begin(), found.end());
    const std::size_t required_found = by_names ? parameters.min_shared_names : 1;
    std::vector<std::pair<std::uint64_t, Link>> ordered;
    for (std::size_t i = 0; i < found.size();) {
        std::size_t j = i;
        while (j < found.size() && found[j] == found[i]) {
            ++j;
        }
        if (j - i >= required_found) {
            ordered.emplace_back(found[i], Link{});
        }
        i = j;
    }
    for (auto& [seq, link] : ordered) {
        const auto& theirs = entries.at(seq).features->terms;
        auto a = features.terms.begin();
        auto b = theirs.begin();
        while (a != features.terms.end() && b != theirs.end()) {
            if (a->hash < b->hash) {
                ++a;
            } else if (b->hash < a->hash) {
                ++b;
            } else {
                const double idf = this->idf(a->hash);
                const double product = static_cast<double>(a->weight) * kind_weight(a->kind) *
                                       b->weight * kind_weight(b->kind) * idf * idf;
                link.dot += product;
                if (a->kind != TermKind::Word && b->kind == a->kind) {
                    ++link.shared_names;
                    link.name_dot += product;
                }
                ++a;
                ++b;
            }
        }
    }

    struct StoryScore {
        double best = 0;
        double sum = 0;
        std::size_t linked = 0; ///< members at join_similarity or more
    };
    std::map<std::string_view, StoryScore> scores;
    const double own_norm = norm(features);
    const double own_name_norm = norm(features, true);
    const Entry* copy_of = nullptr;
    const bool shingled = features.shingles >= parameters.min_copy_shingles;
    for (const auto& [seq, link] : ordered) {
        const Entry& other = entries.at(seq);
        const Features& theirs = *other.features;
        if (features.dated && theirs.dated &&
            std::abs(features.day - theirs.day) > parameters.date_window_days) {
            continue;
        }
        if (copy_of == nullptr &&
            (theirs.text_digest == features.text_digest ||
             (shingled && theirs.shingles >= parameters.min_copy_shingles &&
              minhash_similarity(features, theirs) >= parameters.copy_similarity))) {
            copy_of = &other;
        }
        const std::size_t required =
            std::min<std::size_t>({parameters.min_shared_names, own_names, other.names});
        if (link.shared_names < required || own_norm == 0 || other.norm == 0) {
            continue;
        }
        if (own_name_norm > 0 && other.name_norm > 0 &&
            link.name_dot / (own_name_norm * other.name_norm) < parameters.min_name_similarity) {
            continue;
        }
        const double similarity = link.dot / (own_norm * other.norm);
        auto& score = scores[other.assignment.story_id];
        score.best = std::max(score.best, similarity);
        score.sum += similarity;
        score.linked += similarity >= parameters.join_similarity ? 1U : 0U;
    }
    if (copy_of != nullptr) {
        const auto& original =
            copy_of->assignment.copy_of.empty() ? copy_of->id : copy_of->assignment.copy_of;
        // An original indexed again after it was deleted finds its own copy: it is the
        // original still, not a copy of itself.
        return Assignment{copy_of->assignment.story_id, original == id ? std::string() : original};
    }
    std::string_view best_story;
    double best_score = 0;
    for (const auto& [story, score] : scores) {
        const auto held_size = story_sizes.find(story);
        const auto size =
            static_cast<double>(held_size == story_sizes.end() ? 1 : held_size->second);
        const double value = (1.0 - parameters.average_share) * score.best +
                             parameters.average_share * (score.sum / size);
        const double needed = std::max(1.0, std::ceil(parameters.min_linked_share * size - 1e-9));
        if (static_cast<double>(score.linked) < needed) {
            continue;
        }
        if (value >= parameters.join_similarity && value > best_score) {
            best_score = value;
            best_story = story;
        }
    }
    if (best_story.empty()) {
        return Assignment{schema::story_id(id), {}};
    }
    return Assignment{std::string(best_story), {}};
}

Clusterer::Clusterer() : Clusterer(Parameters{}) {}

Clusterer::Clusterer(const Parameters& parameters) : m_state(std::make_unique<State>()) {
    m_state->parameters = parameters;
}

Clusterer::~Clusterer() = default;

void Clusterer::restore(std::string_view article_id, std::shared_ptr<const Features> features,
                        std::string_view story_id, std::string_view copy_of) {
    forget(article_id);
    m_state->add(article_id, std::move(features),
                 Assignment{std::string(story_id), std::string(copy_of)});
    m_state->evict_past_limit();
}

Assignment Clusterer::assign(std::string_view article_id,
                             std::shared_ptr<const Features> features) {
    if (const auto it = m_state->by_id.find(article_id); it != m_state->by_id.end()) {
        const Entry& entry = m_state->entries.at(it->second);
        if (features && entry.features && *entry.features == *features) {
            return entry.assignment;
        }
        m_state->remove(it->second);
    }
    Assignment assignment = features ? m_state->decide(article_id, *features)
                                     : Assignment{schema::story_id(article_id), {}};
    m_state->add(article_id, std::move(features), assignment);
    m_state->evict_past_limit();
    return assignment;
}

void Clusterer::set_memory_limit(std::size_t bytes) {
    m_state->memory_limit = bytes;
    m_state->evict_past_limit();
}

void Clusterer::forget(std::string_view article_id) {
    if (const auto it = m_state->by_id.find(article_id); it != m_state->by_id.end()) {
        m_state->remove(it->second);
    }
}

std::size_t Clusterer::size() const {
    return m_state->entries.size();
}

std::size_t Clusterer::memory_bytes() const {
    return m_state->bytes;
}

} // namespace news::indexer::stories
