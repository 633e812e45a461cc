/// @file
/// @brief build_story_view(): versions, distinctive words and sentences, claims.
#include "news/searcher/story_view.hpp"

#include "news/common/analysis.hpp"
#include "news/common/date.hpp"
#include "news/common/folding.hpp"
#include "news/common/payload.hpp"
#include "news/common/schema.hpp"
#include "news/common/stored_body.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <set>
#include <string_view>
#include <utility>

namespace news::searcher {
namespace {

constexpr std::size_t max_terms = 8;
constexpr std::size_t max_sentences = 3;
constexpr std::size_t min_sentence_words = 5;
constexpr double min_novelty = 0.5;

// "https://www.reuters.com/world/..." -> "www.reuters.com"; "" when @p url has no host.
std::string url_host(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) {
        return {};
    }
    url.remove_prefix(scheme + 3);
    url = url.substr(0, url.find_first_of("/?#"));
    if (const auto at = url.rfind('@'); at != std::string_view::npos) {
        url.remove_prefix(at + 1);
    }
    return std::string(url.substr(0, url.find(':')));
}

// "sample/003_64758854870b4056.txt" -> "003_64758854870b4056.txt"
std::string file_name(std::string_view id) {
    const auto slash = id.find_last_of('/');
    return std::string(slash == std::string_view::npos ? id : id.substr(slash + 1));
}

bool is_word_byte(unsigned char c) {
    return std::isalnum(c) != 0 || c >= 0x80;
}

// The words of @p text, case- and accent-folded, in order.
std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words;
    std::size_t k = 0;
    while (k < text.size()) {
        while (k < text.size() && !is_word_byte(static_cast<unsigned char>(text[k]))) {
            ++k;
        }
        const std::size_t begin = k;
        while (k < text.size() && is_word_byte(static_cast<unsigned char>(text[k]))) {
            ++k;
        }
        if (k > begin) {
            words.push_back(folding::fold_case_and_accents(text.substr(begin, k - begin)));
        }
    }
    return words;
}

// Sentences of @p text: a sentence ends at . ! or ? (and closing quotes or brackets) followed
// by white space and then neither a lower-case letter nor a digit, or at a line break.
std::vector<std::string_view> sentences_of(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t begin = 0;
    const auto flush = [&](std::size_t end) {
        auto piece = text.substr(begin, end - begin);
        while (!piece.empty() && std::isspace(static_cast<unsigned char>(piece.front())) != 0) {
            piece.remove_prefix(1);
        }
        while (!piece.empty() && std::isspace(static_cast<unsigned char>(piece.back())) != 0) {
            piece.remove_suffix(1);
        }
        if (!piece.empty()) {
            out.push_back(piece);
        }
        begin = end;
    };
    for (std::size_t k = 0; k < text.size(); ++k) {
        const char c = text[k];
        if (c == '\n') {
            flush(k + 1);
            continue;
        }
        if (c != '.' && c != '!' && c != '?') {
            continue;
        }
        std::size_t end = k + 1;
        while (end < text.size() && (text[end] == '"' || text[end] == '\'' || text[end] == ')' ||
                                     static_cast<unsigned char>(text[end]) >= 0x80)) {
            ++end; // closing quotes, including the UTF-8 bytes of ” and ’
        }
        if (end < text.size() && text[end] == ' ') {
            const std::size_t next = text.find_first_not_of(' ', end);
            if (next == std::string_view::npos ||
                (std::islower(static_cast<unsigned char>(text[next])) == 0 &&
                 std::isdigit(static_cast<unsigned char>(text[next])) == 0)) {
                flush(end);
                k = end - 1;
            }
        }
    }
    flush(text.size());
    return out;
}

// A version's terms: its words with their wdf (unprefixed terms) and its stems (`Z` terms of the
// all-fields text).
struct Terms {
    std::vector<std::pair<std::string, Xapian::termcount>> words;
    std::set<std::string> stems;
};

Terms terms_of(const Xapian::Database& db, Xapian::docid docid) {
    Terms terms;
    for (auto it = db.termlist_begin(docid); it != db.termlist_end(docid); ++it) {
        const std::string term = *it;
        if (term.empty()) {
            continue;
        }
        const auto first = static_cast<unsigned char>(term[0]);
        if (first == 'Z') {
            // Z + stem; ZS..., ZXO... are the fields' stems (a capital after the Z)
            if (term.size() > 1 && std::isupper(static_cast<unsigned char>(term[1])) == 0) {
                terms.stems.insert(term.substr(1));
            }
        } else if (std::isupper(first) == 0) {
            terms.words.emplace_back(term, it.get_wdf());
        }
    }
    return terms;
}

bool is_content_word(const std::string& word) {
    return word.size() >= 2 && !analysis::stopper()(word);
}

// Words of version @p v whose stem no other version has, best first.
std::vector<DistinctiveTerm> distinctive_terms(const Xapian::Database& db,
                                               const Xapian::Stem& stemmer,
                                               const std::vector<Terms>& all, std::size_t v) {
    std::vector<DistinctiveTerm> out;
    const double docs = std::max(1.0, static_cast<double>(db.get_doccount()));
    for (const auto& [word, wdf] : all[v].words) {
        if (!is_content_word(word) || (word.size() < 3 && std::isdigit(word[0]) == 0)) {
            continue;
        }
        const std::string stem = stemmer(word);
        bool elsewhere = false;
        for (std::size_t u = 0; u < all.size() && !elsewhere; ++u) {
            elsewhere = u != v && all[u].stems.count(stem) > 0;
        }
        if (elsewhere) {
            continue;
        }
        const double df = std::max(1.0, static_cast<double>(db.get_termfreq(word)));
        out.push_back({word, wdf, static_cast<double>(wdf) * std::log(1.0 + docs / df)});
    }
    std::sort(out.begin(), out.end(), [](const DistinctiveTerm& a, const DistinctiveTerm& b) {
        return a.score != b.score ? a.score > b.score : a.word < b.word;
    });
    if (out.size() > max_terms) {
        out.resize(max_terms);
    }
    return out;
}

// Sentences of @p text that share few words with the other versions (stems in @p others).
std::vector<std::string> distinctive_sentences(std::string_view text, const Xapian::Stem& stemmer,
                                               const std::set<std::string>& others) {
    struct Scored {
        std::size_t position;
        double novelty;
        std::string_view sentence;
    };
    std::vector<Scored> scored;
    const auto sentences = sentences_of(text);
    for (std::size_t k = 0; k < sentences.size(); ++k) {
        std::size_t content = 0;
        std::size_t novel = 0;
        for (const auto& word : words_of(sentences[k])) {
            if (!is_content_word(word)) {
                continue;
            }
            ++content;
            novel += others.count(stemmer(word)) == 0 ? 1U : 0U;
        }
        if (content < min_sentence_words) {
            continue;
        }
        const double novelty = static_cast<double>(novel) / static_cast<double>(content);
        if (novelty >= min_novelty) {
            scored.push_back({k, novelty, sentences[k]});
        }
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const Scored& a, const Scored& b) { return a.novelty > b.novelty; });
    if (scored.size() > max_sentences) {
        scored.resize(max_sentences);
    }
    std::sort(scored.begin(), scored.end(),
              [](const Scored& a, const Scored& b) { return a.position < b.position; });
    std::vector<std::string> out;
    out.reserve(scored.size());
    for (const auto& s : scored) {
        out.emplace_back(s.sentence);
    }
    return out;
}

} // namespace

StoryView build_story_view(const Xapian::Database& db, const Xapian::Stem& stemmer,
                           const std::string& story_id) {
    const auto start = std::chrono::steady_clock::now();
    StoryView view;
    view.summary = summarize_story(db, story_id, /*with_article_ids=*/true);

    struct Read {
        Xapian::docid docid;
        StoryVersion version;
        std::string body;
        std::string day; // for the order of appearance
    };
    std::vector<Read> read;
    const std::string term = schema::story_term(story_id);
    for (auto post = db.postlist_begin(term); post != db.postlist_end(term); ++post) {
        const Xapian::Document doc = db.get_document(*post);
        Article article = payload::decode(doc.get_data());
        article.body = stored_body::of(doc);
        StoryVersion version;
        version.id = article.id;
        version.title = article.title;
        version.source = article.source;
        version.date = article.date ? date::to_iso(*article.date) : std::string{};
        version.url = article.url;
        version.copy_of = doc.get_value(schema::CopyOf);
        version.label = !article.source.empty()          ? article.source
                        : !url_host(article.url).empty() ? url_host(article.url)
                                                         : file_name(article.id);
        version.words = words_of(article.title).size() + words_of(article.body).size();
        read.push_back({*post, std::move(version), std::move(article.body), {}});
    }
    std::sort(read.begin(), read.end(), [](const Read& a, const Read& b) {
        const auto& x = a.version;
        const auto& y = b.version;
        if (x.date.empty() != y.date.empty()) {
            return y.date.empty();
        }
        return x.date != y.date ? x.date < y.date : x.id < y.id;
    });

    std::vector<Terms> terms;
    terms.reserve(read.size());
    for (const auto& r : read) {
        terms.push_back(terms_of(db, r.docid));
    }
    std::vector<std::vector<claims::Claim>> stated;
    for (std::size_t v = 0; v < read.size(); ++v) {
        auto& version = read[v].version;
        if (read.size() > 1) {
            version.distinctive_terms = distinctive_terms(db, stemmer, terms, v);
            std::set<std::string> others;
            for (std::size_t u = 0; u < terms.size(); ++u) {
                if (u != v) {
                    others.insert(terms[u].stems.begin(), terms[u].stems.end());
                }
            }
            version.distinctive_sentences = distinctive_sentences(read[v].body, stemmer, others);
        }
        const std::string text =
            version.title.empty() ? read[v].body : version.title + "\n\n" + read[v].body;
        stated.push_back(claims::extract(text));
        view.versions.push_back(std::move(version));
    }
    view.claims = claims::compare(stated);
    view.elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return view;
}

} // namespace news::searcher
