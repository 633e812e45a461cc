/// @file
/// @brief The heading's scope and --explain's account of a query.
#include "news/searcher/explain.hpp"

#include "news/common/analysis.hpp"
#include "news/common/date.hpp"
#include "news/common/folding.hpp"
#include "news/common/schema.hpp"
#include "news/common/text.hpp"
#include "news/searcher/more_like_this.hpp"

#include "query_words.hpp"
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

namespace news::searcher {
namespace {

using text::printable;

std::string field_name(std::string_view prefix) {
    if (prefix.empty()) {
        return "any field";
    }
    for (const auto& field : schema::text_fields()) {
        if (field.prefix == prefix) {
            return std::string(field.name);
        }
    }
    return fmt::format("prefix {}", prefix);
}

std::size_t capitals(std::string_view term) {
    std::size_t n = 0;
    while (n < term.size() && term[n] >= 'A' && term[n] <= 'Z') {
        ++n;
    }
    return n;
}

class Account {
public:
    Account(const QueryRequest& request, const Xapian::Stem& stemmer) {
        const std::string_view text = request.text;
        for (const auto& [begin, end] : words_of(text)) {
            std::string word = folding::fold_accents(text.substr(begin, end - begin));
            std::transform(word.begin(), word.end(), word.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            auto& typed = m_typed[stemmer(word)];
            if (std::find(typed.begin(), typed.end(), word) == typed.end()) {
                typed.push_back(word);
            }
        }
    }

    void walk(const Xapian::Query& query, bool excluded) {
        const auto type = query.get_type();
        if (type == Xapian::Query::LEAF_TERM) {
            add(describe_term(*query.get_terms_begin(), excluded));
            return;
        }
        if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) {
            std::string words;
            for (auto it = query.get_terms_begin(); it != query.get_terms_end(); ++it) {
                const std::string& term = *it;
                const std::size_t start = term.front() == 'Z' ? 1 : 0;
                words +=
                    (words.empty() ? "" : " ") + term.substr(start + capitals(term.substr(start)));
            }
            const std::string& first = *query.get_terms_begin();
            const std::size_t start = first.front() == 'Z' ? 1 : 0;
            add(fmt::format("{}{} of stems \"{}\" in {}", excluded ? "excluded: " : "",
                            type == Xapian::Query::OP_PHRASE ? "phrase" : "words near each other",
                            printable(words),
                            field_name(std::string_view(first).substr(
                                start, capitals(std::string_view(first).substr(start))))));
            return;
        }
        if (type == Xapian::Query::OP_WILDCARD || type == Xapian::Query::OP_VALUE_RANGE ||
            type == Xapian::Query::OP_VALUE_GE || type == Xapian::Query::OP_VALUE_LE) {
            add(fmt::format("{}{}", excluded ? "excluded: " : "",
                            type == Xapian::Query::OP_WILDCARD
                                ? "words starting with: " + printable(query.get_description())
                                : "date range: " + printable(query.get_description())));
            return;
        }
        if (type == Xapian::Query::OP_ELITE_SET) {
            std::string stems;
            for (auto it = query.get_terms_begin(); it != query.get_terms_end(); ++it) {
                stems += (stems.empty() ? "" : " ") + printable((*it).substr(1));
            }
            add(fmt::format("like the --like articles: the best {} of the stems {} (ranked by "
                            "relevance feedback)",
                            like_elite_terms, stems));
            return;
        }
        if (type == Xapian::Query::LEAF_MATCH_ALL) {
            add("every article");
            return;
        }
        const std::size_t n = query.get_num_subqueries();
        // The filters and dates are described from the request; exclusions are the right side
        // of AND_NOT; AND_MAYBE's right side only adds weight.
        const std::size_t shown =
            type == Xapian::Query::OP_FILTER ? std::min<std::size_t>(1, n) : n;
        for (std::size_t i = 0; i < shown; ++i) {
            walk(query.get_subquery(i),
                 type == Xapian::Query::OP_AND_NOT && i > 0 ? !excluded : excluded);
        }
    }

    [[nodiscard]] const std::vector<std::string>& lines() const { return m_lines; }

private:
    void add(std::string line) {
        if (std::find(m_lines.begin(), m_lines.end(), line) == m_lines.end()) {
            m_lines.push_back(std::move(line));
        }
    }

    std::string describe_term(const std::string& term, bool excluded) const {
        const std::string_view mark = excluded ? "excluded: " : "";
        if (const auto at = term.find(aliases::term_prefix); at != std::string::npos) {
            return fmt::format("{}alias group '{}' in {}", mark,
                               printable(term.substr(at + aliases::term_prefix.size())),
                               field_name(std::string_view(term).substr(0, at)));
        }
        if (term.size() > 1 && term.front() == 'Z') {
            const std::string_view rest = std::string_view(term).substr(1);
            const std::size_t p = capitals(rest);
            const std::string stem(rest.substr(p));
            const auto typed = m_typed.find(stem);
            std::string words;
            if (typed != m_typed.end()) {
                for (const auto& word : typed->second) {
                    words += (words.empty() ? "'" : ", '") + printable(word) + "'";
                }
            }
            return fmt::format("{}{}stem '{}' in {}", mark,
                               words.empty() ? "" : "word " + words + " -> ", printable(stem),
                               field_name(rest.substr(0, p)));
        }
        if (term.rfind(schema::prefix::id, 0) == 0) {
            return fmt::format("{}the --like article {}", mark,
                               printable(term.substr(schema::prefix::id.size())));
        }
        if (capitals(term) == 0) {
            return fmt::format("{}exact word '{}' (unstemmed) in any field", mark, printable(term));
        }
        return fmt::format("{}term {}", mark, printable(term));
    }

    std::map<std::string, std::vector<std::string>> m_typed; ///< stem -> typed words
    std::vector<std::string> m_lines;
};

// "source=Reuters or CNN", facets in the order first given.
std::vector<std::string> filter_parts(const QueryRequest& request) {
    std::vector<std::pair<std::string, std::string>> by_facet;
    for (const auto& filter : request.filters) {
        auto at = std::find_if(by_facet.begin(), by_facet.end(),
                               [&](const auto& entry) { return entry.first == filter.first; });
        if (at == by_facet.end()) {
            by_facet.emplace_back(filter.first, printable(filter.second));
        } else {
            at->second += " or ";
            at->second += printable(filter.second);
        }
    }
    std::vector<std::string> parts;
    parts.reserve(by_facet.size());
    for (const auto& [name, values] : by_facet) {
        parts.push_back(fmt::format("{}={}", name, values));
    }
    return parts;
}

std::string like_part(const QueryRequest& request) {
    std::string ids;
    for (const auto& id : request.like) {
        ids += (ids.empty() ? "" : ", ") + printable(id);
    }
    return ids.empty() ? ids : "like " + ids;
}

std::string date_part(const QueryRequest& request) {
    if (request.since && request.until) {
        return fmt::format("published {} to {}", date::to_iso(*request.since),
                           date::to_iso(*request.until));
    }
    if (request.since) {
        return fmt::format("published on or after {}", date::to_iso(*request.since));
    }
    if (request.until) {
        return fmt::format("published on or before {}", date::to_iso(*request.until));
    }
    return {};
}

} // namespace

std::string describe_scope(const QueryRequest& request) {
    std::vector<std::string> parts = filter_parts(request);
    if (const std::string like = like_part(request); !like.empty()) {
        parts.insert(parts.begin(), like);
    }
    if (const std::string dates = date_part(request); !dates.empty()) {
        parts.push_back(dates);
    }
    if (parts.empty()) {
        return {};
    }
    std::string out;
    for (const auto& part : parts) {
        out += (out.empty() ? "" : "; ") + part;
    }
    return " (" + out + ")";
}

std::string explain_query(const QueryRequest& request, const Xapian::Query& query,
                          const QueryNotes& notes, const Xapian::Stem& stemmer) {
    std::string out = request.text.empty()
                          ? std::string("query: no text (--like alone)\n")
                          : fmt::format("query: '{}'{}\n", printable(request.text),
                                        request.any ? " (any word)" : " (all words)");
    Account account(request, stemmer);
    account.walk(query, false);
    for (const auto& line : account.lines()) {
        out += "  " + line + "\n";
    }
    if (!notes.ignored_words.empty()) {
        std::string words;
        for (const auto& word : notes.ignored_words) {
            words += (words.empty() ? "" : ", ") + printable(word);
        }
        out += "  ignored common words: " + words + "\n";
    }
    for (const auto& note : notes.notes) {
        if (note.rfind("aliases", 0) == 0) {
            out += "  " + printable(note) + "\n";
        }
    }
    for (const auto& part : filter_parts(request)) {
        out += "  filter: " + part + "\n";
    }
    if (const std::string dates = date_part(request); !dates.empty()) {
        out += "  dates: " + dates + "\n";
    } else {
        out += "  dates: any (undated articles included)\n";
    }
    return out;
}

} // namespace news::searcher
