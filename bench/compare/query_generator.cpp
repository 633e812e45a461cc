#include "compare/query_generator.hpp"

#include "news/common/analysis.hpp"
#include "news/common/payload.hpp"
#include "news/common/schema.hpp"
#include "news/common/stored_body.hpp"

#include "compare/corpus.hpp"
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <random>
#include <set>
#include <string_view>
#include <utility>

namespace news::bench {
namespace {

/// Draws with our own arithmetic on mt19937_64, whose output the standard fixes: std::
/// distributions differ between library versions, and the query lists must not.
class Random {
public:
    explicit Random(std::uint64_t seed) : m_engine(seed) {}

    /// A number in [0, n); n > 0.
    std::uint64_t below(std::uint64_t n) { return m_engine() % n; }

    template <typename T> const T& pick(const std::vector<T>& items) {
        return items[static_cast<std::size_t>(below(items.size()))];
    }

private:
    std::mt19937_64 m_engine;
};

/// A document-frequency band, inclusive.
struct Band {
    Xapian::doccount low = 0;
    Xapian::doccount high = 0;
    [[nodiscard]] bool contains(Xapian::doccount df) const { return df >= low && df <= high; }
};

/// Lowercase ASCII letters only, 3 to 24 of them: a word every engine tokenises alike.
bool is_plain_word(std::string_view word) {
    return word.size() >= 3 && word.size() <= 24 &&
           std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string shift_date(const std::string& yyyymmdd, int days) {
    using namespace std::chrono;
    const year_month_day date{year{std::stoi(yyyymmdd.substr(0, 4))},
                              month{static_cast<unsigned>(std::stoi(yyyymmdd.substr(4, 2)))},
                              day{static_cast<unsigned>(std::stoi(yyyymmdd.substr(6, 2)))}};
    const year_month_day shifted{sys_days{date} + std::chrono::days{days}};
    return fmt::format("{:04}{:02}{:02}", static_cast<int>(shifted.year()),
                       static_cast<unsigned>(shifted.month()),
                       static_cast<unsigned>(shifted.day()));
}

std::string date_string(const news::Date& date) {
    return fmt::format("{:04}{:02}{:02}", date.year, date.month, date.day);
}

class Generator {
public:
    Generator(const Xapian::Database& db, const GeneratorOptions& options)
        : m_db(db), m_options(options), m_random(options.seed),
          m_stemmer(db.get_metadata(std::string(schema::metadata::stemmer)).empty()
                        ? std::string(schema::default_stemmer)
                        : db.get_metadata(std::string(schema::metadata::stemmer))) {
        const Xapian::doccount n = db.get_doccount();
        m_rare = {2, std::max<Xapian::doccount>(3, n / 2000)};
        m_medium = {std::max<Xapian::doccount>(2, n / 1000),
                    std::max<Xapian::doccount>(3, n / 100)};
        m_common = {std::max<Xapian::doccount>(3, n / 50), std::max<Xapian::doccount>(4, n / 5)};
        m_content = {m_medium.low, m_common.high};
        load_vocabulary();
        m_medium_words = words_in(m_medium, 0);
        m_common_words = words_in(m_common, 0);
        m_long_content_words = words_in(m_content, 7);
    }

    GeneratedQueries run() {
        single_words("term-rare", m_rare);
        single_words("term-medium", m_medium);
        single_words("term-common", m_common);
        fill("and2", [this](BenchQuery& q) { return words_of_one_article(q, QueryOp::And, 2); });
        fill("and3", [this](BenchQuery& q) { return words_of_one_article(q, QueryOp::And, 3); });
        fill("or2", [this](BenchQuery& q) { return two_medium_words(q); });
        fill("phrase2", [this](BenchQuery& q) { return phrase(q, 2); });
        fill("phrase3", [this](BenchQuery& q) { return phrase(q, 3); });
        fill("prefix", [this](BenchQuery& q) { return prefix(q); });
        fill("date-range", [this](BenchQuery& q) { return date_window(q); });
        fill("filter-source", [this](BenchQuery& q) { return drill_down(q, "source"); });
        if (!m_options.tag_facet.empty()) {
            fill("filter-tag", [this](BenchQuery& q) { return drill_down(q, "tag"); });
        }
        fill("sort-date", [this](BenchQuery& q) { return newest_first(q); });
        return std::move(m_result);
    }

private:
    void load_vocabulary() {
        // Unprefixed terms are the unstemmed words (prefixed ones start with a capital).
        for (auto it = m_db.allterms_begin(); it != m_db.allterms_end(); ++it) {
            const std::string word = *it;
            if (!is_plain_word(word) || analysis::stopper()(word)) {
                continue;
            }
            m_vocabulary.emplace_back(word, it.get_termfreq());
        }
    }

    /// Keeps drawing with @p draw until the class has per_class distinct queries or the
    /// attempts run out.
    void fill(const std::string& query_class, const std::function<bool(BenchQuery&)>& draw) {
        std::set<std::string> seen;
        std::size_t made = 0;
        const std::size_t attempts = m_options.per_class * 30;
        for (std::size_t attempt = 0; attempt < attempts && made < m_options.per_class; ++attempt) {
            BenchQuery query;
            query.query_class = query_class;
            if (!draw(query)) {
                continue;
            }
            if (!seen.insert(format_query_line(query)).second) {
                continue;
            }
            query.id = fmt::format("{}-{:03}", query_class, ++made);
            m_result.queries.push_back(std::move(query));
        }
        if (made < m_options.per_class) {
            m_result.shortfalls.push_back({query_class, made,
                                           made == 0
                                               ? "the corpus has nothing to draw this class from"
                                               : "the corpus has fewer distinct candidates"});
        }
    }

    /// The vocabulary's words in @p band that have at least @p min_length letters.
    [[nodiscard]] std::vector<std::string> words_in(Band band, std::size_t min_length) const {
        std::vector<std::string> words;
        for (const auto& [word, df] : m_vocabulary) {
            if (band.contains(df) && word.size() >= min_length) {
                words.push_back(word);
            }
        }
        return words;
    }

    void single_words(const std::string& query_class, Band band) {
        const std::vector<std::string> candidates = words_in(band, 0);
        fill(query_class, [&](BenchQuery& query) {
            if (candidates.empty()) {
                return false;
            }
            query.terms = {m_random.pick(candidates)};
            return true;
        });
    }

    /// A random live document of the database.
    Xapian::Document random_document() {
        const Xapian::docid last = m_db.get_lastdocid();
        for (;;) {
            const auto id = static_cast<Xapian::docid>(1 + m_random.below(last));
            try {
                return m_db.get_document(id);
            } catch (const Xapian::DocNotFoundError&) {
                continue;
            }
        }
    }

    /// The words of @p doc in the content band, in term order.
    std::vector<std::string> content_words(const Xapian::Document& doc) {
        std::vector<std::string> words;
        for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
            const std::string word = *it;
            if (is_plain_word(word) && !analysis::stopper()(word) &&
                m_content.contains(m_db.get_termfreq(word))) {
                words.push_back(word);
            }
        }
        return words;
    }

    /// @p count words of one article with distinct stems, so the AND matches at least it.
    bool words_of_one_article(BenchQuery& query, QueryOp op, std::size_t count) {
        const std::vector<std::string> words = content_words(random_document());
        std::set<std::string> stems;
        for (std::size_t tries = 0; tries < 20 && query.terms.size() < count && !words.empty();
             ++tries) {
            const std::string& word = m_random.pick(words);
            if (stems.insert(m_stemmer(word)).second) {
                query.terms.push_back(word);
            }
        }
        query.op = op;
        return query.terms.size() == count;
    }

    bool two_medium_words(BenchQuery& query) {
        if (m_medium_words.empty()) {
            return false;
        }
        query.terms = {m_random.pick(m_medium_words), m_random.pick(m_medium_words)};
        query.op = QueryOp::Or;
        return m_stemmer(query.terms[0]) != m_stemmer(query.terms[1]);
    }

    /// @p length adjacent words of an article's text, separated by one space only.
    bool phrase(BenchQuery& query, std::size_t length) {
        const Xapian::Document doc = random_document();
        Article article = payload::decode(doc.get_data());
        article.body = stored_body::of(doc);
        std::vector<std::vector<std::string>> candidates;
        std::vector<std::string> run; // adjacent plain words so far
        std::size_t start = 0;
        const std::string& body = article.body;
        for (std::size_t i = 0; i <= body.size(); ++i) {
            if (i < body.size() && body[i] != ' ' && body[i] != '\n') {
                continue;
            }
            std::string token = body.substr(start, i - start);
            std::transform(token.begin(), token.end(), token.begin(), [](char c) {
                return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
            });
            const bool usable = is_plain_word(token) && !analysis::stopper()(token) &&
                                m_db.get_termfreq(token) >= 2;
            if (usable) {
                run.push_back(std::move(token));
                if (run.size() >= length) {
                    candidates.emplace_back(run.end() - static_cast<std::ptrdiff_t>(length),
                                            run.end());
                }
            } else {
                run.clear();
            }
            if (i < body.size() && body[i] == '\n') {
                run.clear();
            }
            start = i + 1;
        }
        if (candidates.empty()) {
            return false;
        }
        query.terms = m_random.pick(candidates);
        query.op = QueryOp::Phrase;
        return true;
    }

    /// The first five letters of a longer word, where they expand to at most 50 words.
    bool prefix(BenchQuery& query) {
        if (m_long_content_words.empty()) {
            return false;
        }
        const std::string stem = m_random.pick(m_long_content_words).substr(0, 5);
        const auto first = std::lower_bound(
            m_vocabulary.begin(), m_vocabulary.end(), stem,
            [](const auto& entry, const std::string& key) { return entry.first < key; });
        std::size_t expansions = 0;
        for (auto it = first; it != m_vocabulary.end() && it->first.starts_with(stem); ++it) {
            ++expansions;
        }
        if (expansions > 50) {
            return false;
        }
        query.terms = {stem};
        query.op = QueryOp::Prefix;
        return true;
    }

    /// A word of a dated article, within 15 days either side of its date.
    bool date_window(BenchQuery& query) {
        const Xapian::Document doc = random_document();
        const Article article = payload::decode(doc.get_data());
        const std::vector<std::string> words = content_words(doc);
        if (!article.date || words.empty()) {
            return false;
        }
        const std::string date = date_string(*article.date);
        query.terms = {m_random.pick(words)};
        query.date_from = shift_date(date, -15);
        query.date_to = shift_date(date, 15);
        return true;
    }

    /// A word of an article, filtered by its source or one of its tags.
    bool drill_down(BenchQuery& query, const std::string& field) {
        const Xapian::Document doc = random_document();
        const Article article = payload::decode(doc.get_data());
        const std::vector<std::string> words = content_words(doc);
        std::vector<std::string> values; // folded, as the articles file has them
        if (field == "source") {
            if (std::string source = schema::fold_value(article.source); !source.empty()) {
                values.push_back(std::move(source));
            }
        } else {
            values = tag_values(article, m_options.tag_facet);
        }
        if (values.empty() || words.empty()) {
            return false;
        }
        query.terms = {m_random.pick(words)};
        query.filter_field = field;
        query.filter_value = m_random.pick(values);
        return true;
    }

    bool newest_first(BenchQuery& query) {
        if (m_common_words.empty()) {
            return false;
        }
        query.terms = {m_random.pick(m_common_words)};
        query.sort_by_date = true;
        return true;
    }

    const Xapian::Database& m_db;
    GeneratorOptions m_options;
    Random m_random;
    Xapian::Stem m_stemmer;
    Band m_rare, m_medium, m_common, m_content;
    std::vector<std::pair<std::string, Xapian::doccount>> m_vocabulary; ///< sorted by word
    std::vector<std::string> m_medium_words, m_common_words, m_long_content_words;
    GeneratedQueries m_result;
};

} // namespace

GeneratedQueries generate_queries(const Xapian::Database& db, const GeneratorOptions& options) {
    return Generator(db, options).run();
}

} // namespace news::bench
