/// @file
/// @brief Recombining the pool into synthetic articles: fresh ones and near-duplicate rewrites.
#include "news/synthetic/generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <utility>

namespace news::synthetic {
namespace {

// Shares, in 1/1000, of the edits a rewrite makes to the story it retells.
constexpr unsigned replace_permille = 250; // each sentence replaced from the same topic group
constexpr unsigned drop_permille = 100;    // each sentence after the lead dropped
constexpr unsigned extend_permille = 300;  // one or two new sentences added at the end
constexpr unsigned keep_title_permille = 500;
// Share of fresh articles that take a real title unchanged (outlets do run the same headline).
constexpr unsigned real_title_permille = 400;
// Dates rise with the article number, give or take this many days.
constexpr std::int64_t date_jitter_days = 7;
// Paragraph length, in sentences, past the template's own breaks.
constexpr std::size_t sentences_per_paragraph = 3;

void append_escaped(std::string& out, std::string_view text) {
    out.push_back('"');
    for (const char c : text) {
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
            } else {
                out.push_back(c);
            }
        }
    }
    out.push_back('"');
}

std::vector<std::string_view> words_of(std::string_view text) {
    std::vector<std::string_view> words;
    while (!text.empty()) {
        const std::size_t end = text.find(' ');
        if (end != 0) {
            words.push_back(text.substr(0, end));
        }
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    }
    return words;
}

// "Synthetic BBC News" -> "bbc-news": the outlet's part of a synthetic URL.
std::string slug(std::string_view outlet) {
    std::string out;
    for (const char c : outlet) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (alnum || (c >= 'A' && c <= 'Z')) {
            out.push_back(alnum ? c : static_cast<char>(c - 'A' + 'a'));
        } else if (!out.empty() && out.back() != '-') {
            out.push_back('-');
        }
    }
    while (!out.empty() && out.back() == '-') {
        out.pop_back();
    }
    return out.empty() ? "outlet" : out;
}

} // namespace

namespace detail {

std::uint64_t Random::below(std::uint64_t n) {
    // Rejecting the lowest 2^64 mod n values leaves a range whose size n divides exactly.
    const std::uint64_t threshold = (std::uint64_t{0} - n) % n;
    for (;;) {
        const std::uint64_t x = m_engine();
        if (x >= threshold) {
            return x % n;
        }
    }
}

// Howard Hinnant's civil calendar algorithms, in integer arithmetic.
std::int64_t days_from_civil(const Date& date) {
    const std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t m = date.month;
    const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + date.day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date civil_from_days(std::int64_t days) {
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    return Date{static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0)), static_cast<unsigned>(m),
                static_cast<unsigned>(d)};
}

} // namespace detail

Generator::Generator(const Pool& pool, const GeneratorOptions& options)
    : m_pool(pool), m_options(options), m_random(options.seed),
      m_first_day(detail::days_from_civil(options.from)),
      m_last_day(std::max(m_first_day, detail::days_from_civil(options.to))) {
    m_options.window = std::max<std::size_t>(m_options.window, 1);
    m_recent.reserve(std::min<std::size_t>(m_options.window, 1U << 16U));
}

std::uint32_t Generator::random_sentence(std::uint32_t group) {
    const auto& members = m_pool.group_bodies(group);
    const Template& donor = m_pool.templates()[members[m_random.below(members.size())]];
    return donor.first_sentence + static_cast<std::uint32_t>(m_random.below(donor.sentence_count));
}

std::string Generator::make_title(std::uint32_t group, const std::string& base) {
    const auto& titles = m_pool.group_titles(group);
    if (titles.empty()) {
        return base;
    }
    const auto pick = [&]() -> const std::string& {
        return m_pool.str(m_pool.templates()[titles[m_random.below(titles.size())]].title);
    };
    const std::string& head = base.empty() ? pick() : base;
    if (base.empty() && m_random.chance(real_title_permille)) {
        return head;
    }
    const auto head_words = words_of(head);
    const auto tail_words = words_of(pick());
    if (head_words.size() < 2 || tail_words.size() < 2) {
        return head;
    }
    // The first half of one headline and the second half of another.
    std::string title;
    const std::size_t keep = (head_words.size() + 1) / 2;
    for (std::size_t i = 0; i < keep; ++i) {
        title.append(head_words[i]).push_back(' ');
    }
    for (std::size_t i = tail_words.size() - tail_words.size() / 2; i < tail_words.size(); ++i) {
        title.append(tail_words[i]).push_back(' ');
    }
    title.pop_back();
    return title;
}

void Generator::fresh(Story& story, std::uint32_t& outlet_template) {
    const auto& bodies = m_pool.bodies();
    const std::uint32_t subject = bodies[m_random.below(bodies.size())];
    const Template& t = m_pool.templates()[subject];
    story.subject = subject;
    outlet_template = subject;
    // Runs of consecutive sentences from articles of the same topic, the first run from the
    // start of an article so the piece opens with a lead.
    const auto& members = m_pool.group_bodies(t.group);
    story.sentences.clear();
    while (story.sentences.size() < t.sentence_count) {
        const Template& donor = m_pool.templates()[members[m_random.below(members.size())]];
        std::uint64_t at = story.sentences.empty() ? 0 : m_random.below(donor.sentence_count);
        const std::uint64_t run = 1 + m_random.below(4);
        for (std::uint64_t k = 0;
             k < run && at < donor.sentence_count && story.sentences.size() < t.sentence_count;
             ++k, ++at) {
            story.sentences.push_back(donor.first_sentence + static_cast<std::uint32_t>(at));
        }
    }
    story.title = t.title == Pool::no_string ? std::string{} : make_title(t.group, {});
    const auto span = static_cast<std::uint64_t>(m_last_day - m_first_day + 1);
    const auto base =
        m_first_day + static_cast<std::int64_t>(m_stats.articles * span /
                                                std::max<std::uint64_t>(m_options.count, 1));
    const auto jitter =
        static_cast<std::int64_t>(m_random.below(2 * date_jitter_days + 1)) - date_jitter_days;
    story.day = std::clamp(base + jitter, m_first_day, m_last_day);
}

void Generator::rewrite(Story& story, std::uint32_t& outlet_template) {
    story = m_recent[m_random.below(m_recent.size())];
    const Template& subject = m_pool.templates()[story.subject];
    auto& sentences = story.sentences;
    for (auto& sentence : sentences) {
        if (m_random.chance(replace_permille)) {
            sentence = random_sentence(subject.group);
        }
    }
    for (std::size_t i = sentences.size(); i-- > 1;) {
        if (m_random.chance(drop_permille)) {
            sentences.erase(sentences.begin() + static_cast<std::ptrdiff_t>(i));
        }
    }
    if (sentences.size() > 2) { // the lead stays first; later sentences trade places
        for (std::size_t k = sentences.size() / 4; k > 0; --k) {
            const auto i = static_cast<std::size_t>(1 + m_random.below(sentences.size() - 2));
            std::swap(sentences[i], sentences[i + 1]);
        }
    }
    if (m_random.chance(extend_permille)) {
        for (std::uint64_t k = 1 + m_random.below(2); k > 0; --k) {
            sentences.push_back(random_sentence(subject.group));
        }
    }
    if (!story.title.empty() && !m_random.chance(keep_title_permille)) {
        story.title = make_title(subject.group, story.title);
    }
    story.day = std::min(story.day + static_cast<std::int64_t>(m_random.below(4)), m_last_day);
    // Another outlet of the same collection runs the story, with its own byline.
    const auto& outlets = m_pool.corpus_bodies(subject.corpus);
    outlet_template = outlets[m_random.below(outlets.size())];
}

void Generator::write(const Story& story, std::uint32_t outlet_template, std::string& line) const {
    const Template& subject = m_pool.templates()[story.subject];
    const Template& outlet = m_pool.templates()[outlet_template];
    const std::string number = fmt::format("{:07}", m_stats.articles + 1);
    const std::string& outlet_name = m_pool.str(outlet.outlet);
    line.append(R"({"id":"synthetic:)").append(number).push_back('"');
    if (!story.title.empty()) {
        line.append(R"(,"title":)");
        append_escaped(line, story.title);
    }
    std::string body;
    for (std::size_t i = 0; i < story.sentences.size(); ++i) {
        if (i > 0) {
            const bool breaks = i <= subject.sentence_count
                                    ? m_pool.ends_paragraph(subject.first_sentence +
                                                            static_cast<std::uint32_t>(i - 1))
                                    : i % sentences_per_paragraph == 0;
            body.append(breaks ? "\n\n" : " ");
        }
        body.append(m_pool.sentence(story.sentences[i]));
    }
    line.append(R"(,"body":)");
    append_escaped(line, body);
    const Date date = detail::civil_from_days(story.day);
    fmt::format_to(std::back_inserter(line), R"(,"date":"{:04}-{:02}-{:02}")", date.year,
                   date.month, date.day);
    line.append(R"(,"source":)");
    append_escaped(line, "synthetic " + outlet_name);
    const auto append_list = [&](std::string_view key, const std::vector<std::uint32_t>& ids) {
        if (ids.empty()) {
            return;
        }
        line.append(",\"").append(key).append("\":[");
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (i > 0) {
                line.push_back(',');
            }
            append_escaped(line, m_pool.str(ids[i]));
        }
        line.push_back(']');
    };
    append_list("authors", outlet.authors);
    append_list("categories", subject.categories);
    line.append(R"(,"url":"https://synthetic.invalid/)")
        .append(slug(outlet_name))
        .append("/")
        .append(number)
        .append(R"(","language":"en","facets":{"label":["synthetic"])");
    // The template's facets come grouped by name (a std::map in the reader).
    for (std::size_t i = 0; i < subject.facets.size(); ++i) {
        const auto [name, value] = subject.facets[i];
        const bool first = i == 0 || subject.facets[i - 1].first != name;
        if (first) {
            line.push_back(',');
            append_escaped(line, m_pool.str(name));
            line.append(":[");
        } else {
            line.push_back(',');
        }
        append_escaped(line, m_pool.str(value));
        if (i + 1 == subject.facets.size() || subject.facets[i + 1].first != name) {
            line.push_back(']');
        }
    }
    line.append("}}\n");
}

bool Generator::next(std::string& line) {
    if (m_stats.articles >= m_options.count) {
        return false;
    }
    Story story;
    std::uint32_t outlet_template = 0;
    if (!m_recent.empty() && m_random.chance(m_options.rewrite_permille)) {
        rewrite(story, outlet_template);
        ++m_stats.rewrites;
    } else {
        fresh(story, outlet_template);
    }
    const std::size_t before = line.size();
    write(story, outlet_template, line);
    m_stats.bytes += line.size() - before;
    ++m_stats.articles;
    if (m_recent.size() < m_options.window) {
        m_recent.push_back(std::move(story));
    } else {
        m_recent[m_next_slot] = std::move(story);
        m_next_slot = (m_next_slot + 1) % m_options.window;
    }
    return true;
}

} // namespace news::synthetic
