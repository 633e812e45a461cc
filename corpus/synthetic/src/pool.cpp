/// @file
/// @brief Reading the real corpora into the sentence pool, and grouping articles by topic.
#include "news/synthetic/pool.hpp"

#include "news/common/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <limits>

namespace news::synthetic {
namespace {

constexpr std::uint32_t paragraph_flag = 0x80000000U;
// A topic group smaller than this would make every article drawn from it a near copy of the
// few it holds, so it is merged into its input's id family.
constexpr std::size_t min_group_bodies = 8;

// Words whose final period does not end a sentence. Compared without the period.
constexpr std::array<std::string_view, 32> abbreviations{
    "Mr",  "Mrs", "Ms",  "Dr",  "Prof", "St",  "Sen", "Rep", "Gov", "Gen", "Lt",
    "Col", "Sgt", "Jan", "Feb", "Mar",  "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
    "Oct", "Nov", "Dec", "Inc", "Corp", "Co",  "Ltd", "No",  "vs",  "Jr"};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

bool is_upper_or_digit(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Length of a closing quote or bracket at p[i], 0 when there is none.
std::size_t closer_at(std::string_view p, std::size_t i) {
    if (i >= p.size()) {
        return 0;
    }
    if (p[i] == '"' || p[i] == '\'' || p[i] == ')' || p[i] == ']') {
        return 1;
    }
    // U+2019 and U+201D, right single and double quotation marks.
    if (p.substr(i, 3) == "\xE2\x80\x99" || p.substr(i, 3) == "\xE2\x80\x9D") {
        return 3;
    }
    return 0;
}

// True when what starts at p[i] can open a sentence.
bool opens_sentence(std::string_view p, std::size_t i) {
    if (i >= p.size()) {
        return false;
    }
    const char c = p[i];
    if (is_upper_or_digit(c) || c == '"' || c == '\'' || c == '(') {
        return true;
    }
    // U+201C and U+2018, left double and single quotation marks.
    return p.substr(i, 3) == "\xE2\x80\x9C" || p.substr(i, 3) == "\xE2\x80\x98";
}

// True when the period at p[dot] belongs to an abbreviation or an initial.
bool is_abbreviation(std::string_view p, std::size_t dot) {
    std::size_t start = dot;
    while (start > 0 && !is_space(p[start - 1])) {
        --start;
    }
    std::string_view word = p.substr(start, dot - start);
    while (!word.empty() && (word.front() == '"' || word.front() == '(' || word.front() == '\'')) {
        word.remove_prefix(1);
    }
    if (word.size() == 1 || word.find('.') != std::string_view::npos) {
        return true; // an initial ("J. Smith") or a dotted abbreviation ("U.S.")
    }
    return std::find(abbreviations.begin(), abbreviations.end(), word) != abbreviations.end();
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

// Appends @p text to @p out with runs of white space collapsed to one space.
void append_collapsed(std::string& out, std::string_view text) {
    bool space = !out.empty();
    for (const char c : text) {
        if (is_space(c) || c == '\n') {
            space = !out.empty();
            continue;
        }
        if (space) {
            out.push_back(' ');
            space = false;
        }
        out.push_back(c);
    }
}

// "gossipcop-759111" -> "gossipcop-", "reuters:17" -> "reuters:": the id's family.
std::string id_family(std::string_view id) {
    const std::size_t slash = id.rfind('/');
    if (slash != std::string_view::npos) {
        id.remove_prefix(slash + 1);
    }
    std::string family;
    for (const char c : id) {
        if (c < '0' || c > '9') {
            family.push_back(c);
        }
    }
    return family;
}

std::string default_outlet(const std::string& path) {
    std::string name = std::filesystem::path(path).filename().string();
    if (name.empty()) {
        name = std::filesystem::path(path).parent_path().filename().string();
    }
    const std::size_t dot = name.find('.');
    return dot == 0 || dot == std::string::npos ? name : name.substr(0, dot);
}

} // namespace

std::vector<std::string> split_paragraphs(std::string_view body) {
    std::vector<std::string> paragraphs;
    std::string current;
    const auto flush = [&] {
        if (!current.empty()) {
            paragraphs.push_back(std::move(current));
            current.clear();
        }
    };
    while (!body.empty()) {
        const std::size_t end = body.find('\n');
        const std::string_view line = body.substr(0, end);
        body.remove_prefix(end == std::string_view::npos ? body.size() : end + 1);
        const std::string_view content = trim(line);
        if (content.empty() || is_space(line.front())) {
            flush(); // a blank line, or an indented line that opens a paragraph
        }
        append_collapsed(current, content);
    }
    flush();
    return paragraphs;
}

std::vector<std::string_view> split_sentences(std::string_view paragraph) {
    std::vector<std::string_view> sentences;
    std::size_t start = 0;
    for (std::size_t i = 0; i < paragraph.size(); ++i) {
        const char c = paragraph[i];
        if (c != '.' && c != '!' && c != '?') {
            continue;
        }
        std::size_t end = i + 1;
        for (std::size_t n = closer_at(paragraph, end); n > 0; n = closer_at(paragraph, end)) {
            end += n;
        }
        if (end >= paragraph.size() || paragraph[end] != ' ' ||
            !opens_sentence(paragraph, end + 1) || (c == '.' && is_abbreviation(paragraph, i))) {
            continue;
        }
        const std::string_view sentence = trim(paragraph.substr(start, end - start));
        if (!sentence.empty()) {
            sentences.push_back(sentence);
        }
        start = end + 1;
        i = end;
    }
    const std::string_view last = trim(paragraph.substr(std::min(start, paragraph.size())));
    if (!last.empty()) {
        sentences.push_back(last);
    }
    return sentences;
}

std::uint32_t Pool::intern(std::string_view text) {
    const auto [it, inserted] =
        m_string_ids.try_emplace(std::string(text), static_cast<std::uint32_t>(m_strings.size()));
    if (inserted) {
        m_strings.emplace_back(text);
        m_stats.text_bytes += text.size();
    }
    return it->second;
}

void Pool::add(const Article& article, std::uint32_t corpus, std::string_view fallback_outlet) {
    ++m_stats.articles;
    Template t;
    t.corpus = corpus;
    t.first_sentence = static_cast<std::uint32_t>(m_sentences.size());
    for (const auto& paragraph : split_paragraphs(article.body)) {
        const auto sentences = split_sentences(paragraph);
        for (std::size_t i = 0; i < sentences.size(); ++i) {
            if (m_text.size() + sentences[i].size() > std::numeric_limits<std::uint32_t>::max()) {
                throw Error(ErrorKind::BadData, "inputs too large: the sentence pool holds at "
                                                "most 4 GiB of text");
            }
            const auto length = static_cast<std::uint32_t>(sentences[i].size());
            const bool last = i + 1 == sentences.size();
            m_sentences.emplace_back(static_cast<std::uint32_t>(m_text.size()),
                                     last ? length | paragraph_flag : length);
            m_text.append(sentences[i]);
        }
    }
    t.sentence_count = static_cast<std::uint32_t>(m_sentences.size()) - t.first_sentence;
    std::string title;
    append_collapsed(title, article.title);
    t.title = title.empty() ? no_string : intern(title);
    t.outlet = intern(article.source.empty() ? fallback_outlet : std::string_view(article.source));
    for (const auto& author : article.authors) {
        t.authors.push_back(intern(author));
    }
    for (const auto& category : article.categories) {
        t.categories.push_back(intern(category));
    }
    std::string_view first_topic;
    for (const auto& [name, values] : article.facets) {
        if (name == "label") {
            continue; // every synthetic article's label is "synthetic"
        }
        for (const auto& value : values) {
            t.facets.emplace_back(intern(name), intern(value));
        }
        if (name == "topic" && !values.empty()) {
            first_topic = values.front();
        }
    }
    const std::string family = fmt::format("{}\x1f{}", corpus, id_family(article.id));
    m_coarse_keys.push_back(intern(family));
    m_fine_keys.push_back(intern(
        fmt::format("{}\x1f{}\x1f{}", family,
                    article.categories.empty() ? "" : article.categories.front(), first_topic)));
    if (t.sentence_count > 0) {
        if (m_corpus_bodies.size() <= corpus) {
            m_corpus_bodies.resize(corpus + 1);
        }
        m_corpus_bodies[corpus].push_back(static_cast<std::uint32_t>(m_templates.size()));
        m_bodies.push_back(static_cast<std::uint32_t>(m_templates.size()));
        ++m_stats.templates;
    }
    m_stats.sentences = m_sentences.size();
    m_templates.push_back(std::move(t));
}

void Pool::finish() {
    if (m_bodies.empty()) {
        throw Error(ErrorKind::BadData, "no article with a body in the inputs");
    }
    m_stats.text_bytes += m_text.size();
    std::unordered_map<std::uint32_t, std::size_t> fine_bodies;
    for (const std::uint32_t index : m_bodies) {
        ++fine_bodies[m_fine_keys[index]];
    }
    // Groups are numbered in order of first appearance, so the numbering is deterministic.
    std::unordered_map<std::uint32_t, std::uint32_t> group_of_key;
    const auto key_of = [&](std::uint32_t index) {
        const std::uint32_t fine = m_fine_keys[index];
        return fine_bodies[fine] >= min_group_bodies ? fine : m_coarse_keys[index];
    };
    for (const std::uint32_t index : m_bodies) {
        const auto [it, inserted] = group_of_key.try_emplace(
            key_of(index), static_cast<std::uint32_t>(m_group_bodies.size()));
        if (inserted) {
            m_group_bodies.emplace_back();
            m_group_titles.emplace_back();
        }
        m_templates[index].group = it->second;
        m_group_bodies[it->second].push_back(index);
    }
    for (std::size_t index = 0; index < m_templates.size(); ++index) {
        auto& t = m_templates[index];
        const auto it = group_of_key.find(key_of(static_cast<std::uint32_t>(index)));
        if (it == group_of_key.end()) {
            continue; // a title-only article of a topic no article with a body has
        }
        t.group = it->second;
        if (t.title != no_string) {
            m_group_titles[it->second].push_back(static_cast<std::uint32_t>(index));
        }
    }
    m_corpus_bodies.resize(std::max<std::size_t>(m_corpus_bodies.size(), 1));
    m_fine_keys = {};
    m_coarse_keys = {};
}

std::string_view Pool::sentence(std::uint32_t index) const {
    const auto [offset, length] = m_sentences[index];
    return std::string_view(m_text).substr(offset, length & ~paragraph_flag);
}

bool Pool::ends_paragraph(std::uint32_t index) const {
    return (m_sentences[index].second & paragraph_flag) != 0;
}

const std::vector<std::uint32_t>& Pool::corpus_bodies(std::uint32_t corpus) const {
    static const std::vector<std::uint32_t> none;
    return corpus < m_corpus_bodies.size() ? m_corpus_bodies[corpus] : none;
}

std::vector<InputSpec> shared_inputs(const std::string& corpora_dir) {
    const std::filesystem::path dir(corpora_dir);
    std::vector<InputSpec> inputs{
        {(dir / "reuters21578/reuters21578.tar.gz").string(), InputFormat::Reuters, false,
         "Reuters"},
        {(dir / "fakenewsnet-articles/fakenewsnet_articles.tar.xz").string(), InputFormat::Auto,
         false, "web"},
        {(dir / "bbc-fulltext/bbc-fulltext.tar.xz").string(), InputFormat::Auto, true, "BBC News"},
    };
    for (const auto& input : inputs) {
        if (!std::filesystem::exists(input.path)) {
            throw Error(ErrorKind::NotFound, fmt::format("shared corpus not found: {}", input.path),
                        "--shared names the folder that holds reuters21578/, "
                        "fakenewsnet-articles/ and bbc-fulltext/");
        }
    }
    return inputs;
}

Pool load_pool(const std::vector<InputSpec>& inputs) {
    std::vector<std::string> paths;
    paths.reserve(inputs.size());
    for (const auto& input : inputs) {
        paths.push_back(input.path);
    }
    check_inputs_exist(paths);
    Pool pool;
    for (std::size_t corpus = 0; corpus < inputs.size(); ++corpus) {
        const auto& input = inputs[corpus];
        ReadOptions options;
        options.format = input.format;
        options.category_from_folder = input.category_from_folder;
        const std::string outlet = input.outlet.empty() ? default_outlet(input.path) : input.outlet;
        (void)read_inputs({input.path}, options, [&](ReadResult&& result) {
            if (const auto* article = std::get_if<Article>(&result)) {
                pool.add(*article, static_cast<std::uint32_t>(corpus), outlet);
            } else {
                pool.count_rejection();
            }
        });
    }
    pool.finish();
    return pool;
}

} // namespace news::synthetic
