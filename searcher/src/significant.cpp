/// @file
/// @brief Significant words of a match set: document frequency in the matches against the
/// database's, scored with JLH.
#include "news/searcher/significant.hpp"

#include "news/common/analysis.hpp"
#include "news/common/text.hpp"
#include "news/searcher/facets.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <unordered_map>

namespace news::searcher {
namespace {

bool is_word(const std::string& term) {
    return term.size() >= 3 && !(term.front() >= 'A' && term.front() <= 'Z') &&
           std::none_of(term.begin(), term.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The stems the query searches for, without their Z and field prefix.
std::set<std::string> query_stems(const Xapian::Query& query) {
    std::set<std::string> stems;
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        const std::string& term = *it;
        if (term.size() < 2 || term.front() != 'Z') {
            continue;
        }
        std::size_t p = 1;
        while (p < term.size() && term[p] >= 'A' && term[p] <= 'Z') {
            ++p;
        }
        stems.insert(term.substr(p));
    }
    return stems;
}

} // namespace

SignificantTerms significant_terms(const Xapian::Database& db, const Xapian::Query& query,
                                   const Xapian::Stem& stemmer, std::size_t n) {
    SignificantTerms out;
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    set_unranked_weighting(enquire, db);
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    const Xapian::MSet mset = enquire.get_mset(0, significant_sample, db.get_doccount());
    out.matches = mset.get_matches_estimated();
    out.read = mset.size();
    if (out.read == 0 || n == 0) {
        return out;
    }
    const std::set<std::string> own = query_stems(query);
    std::unordered_map<std::string, Xapian::doccount> counts;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        for (auto term = db.termlist_begin(*it); term != db.termlist_end(*it); ++term) {
            const std::string& word = *term;
            if (is_word(word)) {
                ++counts[word];
            }
        }
    }
    const Xapian::doccount min_count = out.read < 5 ? 1 : 2;
    const double total = db.get_doccount();
    std::vector<SignificantTerm> scored;
    for (const auto& [word, count] : counts) {
        if (count < min_count || analysis::stopper()(word) || own.count(stemmer(word)) > 0) {
            continue;
        }
        const Xapian::doccount in_database = db.get_termfreq(word);
        const double fg = static_cast<double>(count) / out.read;
        const double bg = in_database / total;
        if (in_database == 0 || fg <= bg) {
            continue;
        }
        scored.push_back({word, count, in_database, (fg - bg) * fg / bg});
    }
    std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
        return a.score != b.score ? a.score > b.score : a.word < b.word;
    });
    if (scored.size() > n) {
        scored.resize(n);
    }
    out.terms = std::move(scored);
    return out;
}

std::string render_significant_text(const SignificantTerms& terms) {
    std::string out =
        fmt::format("\nsignificant words (in matches / in database, JLH){}:\n",
                    terms.sampled() ? fmt::format(", counted over a sample of {} of {} matches",
                                                  terms.read, terms.matches)
                                    : std::string{});
    if (terms.terms.empty()) {
        return out + "    (none)\n";
    }
    std::size_t width = 0;
    for (const auto& term : terms.terms) {
        width = std::max(width, term.word.size());
    }
    for (const auto& term : terms.terms) {
        out += fmt::format("    {:<{}}  {:>6} / {:<6}  {:.3f}\n", text::printable(term.word), width,
                           term.in_matches, term.in_database, term.score);
    }
    return out;
}

std::string render_significant_json(const SignificantTerms& terms) {
    nlohmann::json words = nlohmann::json::array();
    for (const auto& term : terms.terms) {
        words.push_back({{"word", term.word},
                         {"in_matches", term.in_matches},
                         {"in_database", term.in_database},
                         {"score", term.score}});
    }
    const nlohmann::json out = {{"statistic", "jlh"},
                                {"matches", terms.matches},
                                {"read", terms.read},
                                {"sampled", terms.sampled()},
                                {"terms", words}};
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace news::searcher
