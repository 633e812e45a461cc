/// @file
/// @brief How several versions of one story agree or disagree on the numbers they state.
#include "news/searcher/claims.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace news::searcher::claims {
namespace {

std::vector<std::string> words_of(const std::string& key) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < key.size()) {
        const std::size_t e = std::min(key.find(' ', i), key.size());
        if (e > i) {
            out.push_back(key.substr(i, e - i));
        }
        i = e + 1;
    }
    return out;
}

// What claims are grouped on: the expectation flag, the thing and what a measure is of.
struct GroupKey {
    bool projected = false;
    std::string thing;
    std::string about;

    auto operator<=>(const GroupKey&) const = default;
};

// Whether @p small names the same thing as @p big with fewer modifiers: the same head (last
// word) and every other word of @p small among @p big's ("troop" ⊂ "north korean troop").
bool narrower(const std::string& small, const std::string& big) {
    const std::vector<std::string> s = words_of(small);
    const std::vector<std::string> b = words_of(big);
    if (s.empty() || b.empty() || s.size() >= b.size() || s.back() != b.back()) {
        return false;
    }
    const std::multiset<std::string> pool(b.begin(), b.end() - 1);
    std::multiset<std::string> need(s.begin(), s.end() - 1);
    return std::includes(pool.begin(), pool.end(), need.begin(), need.end());
}

bool same_value(double a, double b) {
    return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

double high_of(const Claim& c) {
    return std::max(c.value, c.high);
}

// Two stated values are compatible when they are equal, or one is a point inside the other's
// range ("11,000" and "10,000 to 12,000").
bool compatible(const StatedValue& a, const StatedValue& b) {
    const bool a_range = !same_value(a.value, a.high);
    const bool b_range = !same_value(b.value, b.high);
    if (a_range == b_range) {
        return same_value(a.value, b.value) && same_value(a.high, b.high);
    }
    const StatedValue& range = a_range ? a : b;
    const StatedValue& point = a_range ? b : a;
    return point.value >= range.value && point.value <= range.high;
}

// The most common of @p forms, ties to the one with more words, then the first seen.
std::string most_common(const std::vector<std::string>& forms) {
    std::map<std::string, std::pair<std::size_t, std::size_t>> count; // form → (n, first seen)
    for (std::size_t i = 0; i < forms.size(); ++i) {
        auto [it, fresh] = count.try_emplace(forms[i], 0, i);
        ++it->second.first;
    }
    std::string best;
    std::tuple<std::size_t, std::size_t, std::size_t> best_rank{0, 0, 0};
    for (const auto& [form, n] : count) {
        const std::size_t words = words_of(form).size();
        const std::tuple<std::size_t, std::size_t, std::size_t> rank{n.first, words,
                                                                     forms.size() - n.second};
        if (rank > best_rank) {
            best_rank = rank;
            best = form;
        }
    }
    return best;
}

} // namespace

std::vector<ClaimGroup> compare(const std::vector<std::vector<Claim>>& versions) {
    // Every key, then the narrower keys merged into their one widest match.
    std::set<GroupKey> keys;
    for (const auto& claims : versions) {
        for (const Claim& c : claims) {
            keys.insert({c.projected, c.thing_key, c.about_key});
        }
    }
    std::map<GroupKey, GroupKey> target;
    for (const GroupKey& k : keys) {
        GroupKey to = k;
        if (!k.thing.empty()) {
            std::vector<GroupKey> wider;
            for (const GroupKey& o : keys) {
                if (o.projected != k.projected || o.thing.empty()) {
                    continue;
                }
                const bool thing_wider =
                    narrower(k.thing, o.thing) && (o.about == k.about || k.about.empty());
                const bool about_wider = o.thing == k.thing && k.about.empty() && !o.about.empty();
                if (thing_wider || about_wider) {
                    wider.push_back(o);
                }
            }
            // Only the widest: drop candidates narrower than another candidate.
            std::vector<GroupKey> widest;
            for (const GroupKey& w : wider) {
                const bool covered =
                    std::any_of(wider.begin(), wider.end(), [&](const GroupKey& o) {
                        return !(o == w) &&
                               (narrower(w.thing, o.thing) ||
                                (w.thing == o.thing && w.about.empty() && !o.about.empty()));
                    });
                if (!covered) {
                    widest.push_back(w);
                }
            }
            if (widest.size() == 1) {
                to = widest.front();
            }
        }
        target.emplace(k, to);
    }

    struct Building {
        ClaimGroup group;
        std::vector<std::string> things;
        std::vector<std::string> abouts;
        std::set<std::size_t> versions;
        std::size_t first_seen = 0;
    };
    std::map<GroupKey, Building> building;
    std::size_t seen = 0;
    for (std::size_t v = 0; v < versions.size(); ++v) {
        for (const Claim& c : versions[v]) {
            const GroupKey& k = target.at({c.projected, c.thing_key, c.about_key});
            auto [it, fresh] = building.try_emplace(k);
            Building& b = it->second;
            if (fresh) {
                b.first_seen = seen;
                b.group.projected = k.projected;
                b.group.key = k.thing;
                if (!k.about.empty()) {
                    b.group.key.append(" / ").append(k.about);
                }
            }
            ++seen;
            b.things.push_back(c.thing);
            if (!c.about.empty()) {
                b.abouts.push_back(c.about);
            }
            b.versions.insert(v);
            const double high = high_of(c);
            auto value = std::find_if(
                b.group.values.begin(), b.group.values.end(), [&](const StatedValue& s) {
                    return same_value(s.value, c.value) && same_value(s.high, high);
                });
            if (value == b.group.values.end()) {
                StatedValue s;
                s.value = c.value;
                s.high = high;
                s.hedge = c.hedge;
                b.group.values.push_back(std::move(s));
                value = b.group.values.end() - 1;
            }
            // A version counts once per value: its first statement of it.
            const bool stated = std::any_of(value->statements.begin(), value->statements.end(),
                                            [&](const Statement& s) { return s.version == v; });
            if (!stated) {
                value->statements.push_back({v, c});
            }
        }
    }

    std::vector<std::pair<std::size_t, ClaimGroup>> groups;
    for (auto& [key, b] : building) {
        ClaimGroup g = std::move(b.group);
        g.thing = most_common(b.things);
        g.about = b.abouts.empty() ? std::string() : most_common(b.abouts);
        g.versions = b.versions.size();
        std::stable_sort(g.values.begin(), g.values.end(),
                         [](const StatedValue& x, const StatedValue& y) {
                             if (x.statements.size() != y.statements.size()) {
                                 return x.statements.size() > y.statements.size();
                             }
                             return std::tie(x.value, x.high) < std::tie(y.value, y.high);
                         });
        // Disagreement: two incompatible values stated by different versions. Claims whose
        // thing is unknown never disagree: nothing says they count the same thing.
        if (!key.thing.empty()) {
            for (std::size_t x = 0; x < g.values.size() && !g.disagrees; ++x) {
                for (std::size_t y = x + 1; y < g.values.size() && !g.disagrees; ++y) {
                    if (compatible(g.values[x], g.values[y])) {
                        continue;
                    }
                    for (const Statement& sx : g.values[x].statements) {
                        for (const Statement& sy : g.values[y].statements) {
                            g.disagrees = g.disagrees || sx.version != sy.version;
                        }
                    }
                }
            }
        }
        groups.emplace_back(b.first_seen, std::move(g));
    }
    const auto category = [](const ClaimGroup& g) {
        if (g.key.empty()) {
            return 3;
        }
        if (g.disagrees) {
            return 0;
        }
        return g.versions >= 2 ? 1 : 2;
    };
    std::sort(groups.begin(), groups.end(), [&](const auto& x, const auto& y) {
        const ClaimGroup& a = x.second;
        const ClaimGroup& b = y.second;
        if (category(a) != category(b)) {
            return category(a) < category(b);
        }
        if (a.versions != b.versions) {
            return a.versions > b.versions;
        }
        if (a.key != b.key) {
            return a.key < b.key;
        }
        return a.projected < b.projected;
    });
    std::vector<ClaimGroup> out;
    out.reserve(groups.size());
    for (auto& [first, g] : groups) {
        out.push_back(std::move(g));
    }
    return out;
}

} // namespace news::searcher::claims
