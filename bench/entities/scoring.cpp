/// @file
/// @brief Folding entity names, reading the labels and judgements, micro P/R/F1.
#include "entities/scoring.hpp"

#include "news/common/error.hpp"
#include "news/common/folding.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace news::bench::entities {
namespace {

/// Splits @p line at tabs (or at @p separator).
std::vector<std::string> split(std::string_view line, char separator = '\t') {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = line.find(separator, start);
        fields.emplace_back(line.substr(start, end - start));
        if (end == std::string_view::npos) {
            return fields;
        }
        start = end + 1;
    }
}

bool is_type(std::string_view type) {
    return std::find(types.begin(), types.end(), type) != types.end();
}

/// Reads the next line into @p line, without a final CR; false at the end.
bool next_line(std::istream& in, std::string& line) {
    if (!std::getline(in, line)) {
        return false;
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return true;
}

std::string judgement_key(std::string_view corpus, std::string_view type, std::string_view value) {
    return fmt::format("{}\t{}\t{}", corpus, type, fold_name(value));
}

} // namespace

std::string fold_name(std::string_view name) {
    std::string text = folding::fold_case_and_accents(name);
    // Curly quotes and dashes (UTF-8) to their ASCII meaning before the byte-wise pass.
    const auto replace_all = [&text](std::string_view from, std::string_view to) {
        for (std::size_t at = text.find(from); at != std::string::npos;
             at = text.find(from, at + to.size())) {
            text.replace(at, from.size(), to);
        }
    };
    replace_all("\u2019", "'");
    replace_all("\u2018", "'");
    replace_all("\u2013", " ");
    replace_all("\u2014", " ");
    replace_all("\u201c", " ");
    replace_all("\u201d", " ");
    // Trim, then drop a final possessive.
    const auto first = text.find_first_not_of(" \t\n");
    text = first == std::string::npos ? std::string() : text.substr(first);
    text.erase(text.find_last_not_of(" \t\n") + 1);
    if (text.size() > 2 && text.compare(text.size() - 2, 2, "'s") == 0) {
        text.erase(text.size() - 2);
    } else if (text.size() > 2 && text.compare(text.size() - 2, 2, "s'") == 0) {
        text.pop_back();
    }
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (const char c : text) {
        if (c == '.' || c == '\'') {
            continue;
        }
        const bool separator = c == ' ' || c == '\t' || c == '\n' || c == ',' || c == ';' ||
                               c == ':' || c == '!' || c == '?' || c == '"' || c == '(' ||
                               c == ')' || c == '[' || c == ']' || c == '/' || c == '-';
        if (separator) {
            space = !out.empty();
            continue;
        }
        if (space) {
            out.push_back(' ');
            space = false;
        }
        out.push_back(c);
    }
    if (out.rfind("the ", 0) == 0) {
        out.erase(0, 4);
    }
    return out;
}

std::vector<LabelledArticle> read_labels(std::istream& in, const std::string& where) {
    std::string line;
    if (!next_line(in, line) || line != "corpus\tid\ttype\tname\tvariants") {
        throw Error(ErrorKind::BadData,
                    fmt::format("{}:1: the header must be corpus, id, type, name, variants "
                                "(tab-separated)",
                                where));
    }
    std::vector<LabelledArticle> articles;
    std::size_t number = 1;
    while (next_line(in, line)) {
        ++number;
        if (line.empty()) {
            continue;
        }
        const auto bad = [&](const std::string& why) {
            return Error(ErrorKind::BadData, fmt::format("{}:{}: {}", where, number, why),
                         "check it with bench/entities/labels/check_labels.py");
        };
        const auto fields = split(line);
        if (fields.size() != 5) {
            throw bad(fmt::format("expected 5 tab-separated fields, found {}", fields.size()));
        }
        const auto& corpus = fields[0];
        const auto& id = fields[1];
        const auto& type = fields[2];
        if (corpus.empty() || id.empty()) {
            throw bad("empty corpus or id");
        }
        if (articles.empty() || articles.back().id != id || articles.back().corpus != corpus) {
            for (const auto& article : articles) {
                if (article.id == id) {
                    throw bad(fmt::format("the rows of {} are not together", id));
                }
            }
            articles.push_back({corpus, id, {}});
        }
        auto& article = articles.back();
        if (type == "none") {
            if (!fields[3].empty() || !fields[4].empty()) {
                throw bad("a 'none' row has no name and no variants");
            }
            continue;
        }
        if (!is_type(type)) {
            throw bad(fmt::format("unknown type '{}' (person, place, org or none)", type));
        }
        LabelledEntity entity{type, fields[3], {}};
        auto names = fields[4].empty() ? std::vector<std::string>{} : split(fields[4], '|');
        names.insert(names.begin(), fields[3]);
        for (const auto& name : names) {
            const std::string form = fold_name(name);
            if (form.empty()) {
                throw bad(fmt::format("'{}' is empty once folded", name));
            }
            for (const auto& other : article.entities) {
                if (other.type == type &&
                    std::find(other.forms.begin(), other.forms.end(), form) != other.forms.end()) {
                    throw bad(fmt::format("'{}' also names the {} '{}' of {}", name, type,
                                          other.name, id));
                }
            }
            if (std::find(entity.forms.begin(), entity.forms.end(), form) == entity.forms.end()) {
                entity.forms.push_back(form);
            }
        }
        article.entities.push_back(std::move(entity));
    }
    if (articles.empty()) {
        throw Error(ErrorKind::BadData, fmt::format("{}: no labelled article", where));
    }
    return articles;
}

double Counts::precision() const {
    return tp + fp == 0 ? 0.0 : static_cast<double>(tp) / static_cast<double>(tp + fp);
}

double Counts::recall() const {
    return tp + fn == 0 ? 0.0 : static_cast<double>(tp) / static_cast<double>(tp + fn);
}

double Counts::f1() const {
    const double p = precision();
    const double r = recall();
    return p + r == 0.0 ? 0.0 : 2.0 * p * r / (p + r);
}

Counts& Counts::operator+=(const Counts& other) {
    tp += other.tp;
    fp += other.fp;
    fn += other.fn;
    return *this;
}

TypedCounts score_article(const std::vector<LabelledEntity>& gold, const Predicted& predicted) {
    TypedCounts counts;
    for (const auto type : types) {
        counts[std::string(type)] = Counts{};
    }
    std::vector<bool> matched(gold.size(), false);
    for (const auto& [type, values] : predicted) {
        if (!is_type(type)) {
            continue;
        }
        auto& typed = counts[type];
        for (const auto& value : values) {
            const std::string form = fold_name(value);
            bool found = false;
            for (std::size_t i = 0; i < gold.size() && !found; ++i) {
                if (!matched[i] && gold[i].type == type &&
                    std::find(gold[i].forms.begin(), gold[i].forms.end(), form) !=
                        gold[i].forms.end()) {
                    matched[i] = true;
                    found = true;
                }
            }
            ++(found ? typed.tp : typed.fp);
        }
    }
    for (std::size_t i = 0; i < gold.size(); ++i) {
        if (!matched[i]) {
            ++counts[gold[i].type].fn;
        }
    }
    Counts all;
    for (const auto type : types) {
        all += counts[std::string(type)];
    }
    counts["all"] = all;
    return counts;
}

void add_counts(TypedCounts& total, const TypedCounts& more) {
    for (const auto& [type, counts] : more) {
        total[type] += counts;
    }
}

Judgements Judgements::read(std::istream& in, const std::string& where) {
    std::string line;
    if (!next_line(in, line) || line != "corpus\ttype\tvalue\tverdict\tnote") {
        throw Error(ErrorKind::BadData,
                    fmt::format("{}:1: the header must be corpus, type, value, verdict, note "
                                "(tab-separated)",
                                where));
    }
    Judgements judgements;
    std::size_t number = 1;
    while (next_line(in, line)) {
        ++number;
        if (line.empty()) {
            continue;
        }
        const auto fields = split(line);
        const auto bad = [&](const std::string& why) {
            return Error(ErrorKind::BadData, fmt::format("{}:{}: {}", where, number, why));
        };
        if (fields.size() != 5) {
            throw bad(fmt::format("expected 5 tab-separated fields, found {}", fields.size()));
        }
        if (!is_type(fields[1])) {
            throw bad(fmt::format("unknown type '{}' (person, place or org)", fields[1]));
        }
        if (fields[3] != "ok" && fields[3] != "junk") {
            throw bad(fmt::format("verdict '{}' is neither ok nor junk", fields[3]));
        }
        if (fold_name(fields[2]).empty()) {
            throw bad("empty value");
        }
        const std::string key = judgement_key(fields[0], fields[1], fields[2]);
        if (!judgements.m_by_key.emplace(key, Judgement{fields[3] == "ok", fields[4]}).second) {
            throw bad(fmt::format("'{}' is judged twice", fields[2]));
        }
    }
    return judgements;
}

std::optional<Judgement> Judgements::find(std::string_view corpus, std::string_view type,
                                          std::string_view value) const {
    const auto it = m_by_key.find(judgement_key(corpus, type, value));
    if (it == m_by_key.end()) {
        return std::nullopt;
    }
    return it->second;
}

double FacetJudged::precision() const {
    return ok + junk == 0 ? 0.0 : static_cast<double>(ok) / static_cast<double>(ok + junk);
}

FacetJudged judge_values(const Judgements& judgements, std::string_view corpus,
                         std::string_view type, const std::vector<std::string>& values) {
    FacetJudged judged;
    for (const auto& value : values) {
        const auto judgement = judgements.find(corpus, type, value);
        if (!judgement) {
            judged.unjudged.push_back(value);
        } else {
            ++(judgement->ok ? judged.ok : judged.junk);
        }
    }
    return judged;
}

} // namespace news::bench::entities
