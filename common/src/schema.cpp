/// @file
/// @brief Facet and text field tables, value normalisation and the schema stamp.
#include "news/common/schema.hpp"

#include "news/common/error.hpp"
#include "news/common/folding.hpp"
#include "news/common/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>

namespace news::schema {
namespace {

constexpr std::array<FacetField, 17> facet_table{{
    {"source", prefix::source, Source, false, "the outlet"},
    {"author", prefix::author, AuthorBase, true, "each author (multi-valued)"},
    {"category", prefix::category, CategoryBase, true, "each category (multi-valued)"},
    {"language", prefix::language, Language, false, "language code"},
    {"date.year", prefix::year, Year, false, "YYYY"},
    {"date.month", prefix::month, Month, false, "YYYY-MM"},
    {"date.day", prefix::day, Day, false, "YYYY-MM-DD"},
    {"topic", prefix::topic, TopicBase, true, "each subject code (multi-valued)"},
    {"place", prefix::place, PlaceBase, true, "each place (multi-valued)"},
    {"person", prefix::person, PersonBase, true, "each person (multi-valued)"},
    {"org", prefix::org, OrgBase, true, "each organisation (multi-valued)"},
    {"exchange", prefix::exchange, ExchangeBase, true, "each stock exchange (multi-valued)"},
    {"label", prefix::label, Label, false, "the collection's label (e.g. fake, real)"},
    {"story", prefix::story, Story, false, "the story (an id such as s0123456789ab)"},
    {"entity.person", prefix::entity_person, EntityPersonBase, true,
     "each person named in the text (extracted, multi-valued)"},
    {"entity.place", prefix::entity_place, EntityPlaceBase, true,
     "each place named in the text (extracted, multi-valued)"},
    {"entity.org", prefix::entity_org, EntityOrgBase, true,
     "each organisation named in the text (extracted, multi-valued)"},
}};

constexpr std::array<TextField, 7> text_table{{
    {"title", prefix::title},
    {"source", prefix::source_text},
    {"author", prefix::author_text},
    {"category", prefix::category_text},
    {"person", prefix::person_text},
    {"place", prefix::place_text},
    {"org", prefix::org_text},
}};

// Xapian refuses terms over 245 bytes; keep a margin for the prefix.
constexpr std::size_t max_term_body = 200;

// Keeps a term under Xapian's length limit while staying unique: long values are cut and
// suffixed with a hash of the whole value (omega does the same for long URLs).
std::string bounded_term(std::string_view prefix, std::string_view body) {
    if (body.size() <= max_term_body) {
        return std::string(prefix) + std::string(body);
    }
    const std::uint64_t hash = text::fnv1a64(body);
    // Never cut inside a UTF-8 sequence.
    return fmt::format("{}{}#{:016x}", prefix, text::utf8_prefix(body, max_term_body - 17), hash);
}

} // namespace

std::span<const FacetField> facet_fields() {
    return facet_table;
}

const FacetField* find_facet(std::string_view name) {
    for (const auto& field : facet_table) {
        if (field.name == name) {
            return &field;
        }
    }
    return nullptr;
}

const FacetField& require_facet(std::string_view name, std::string_view option) {
    if (const FacetField* field = find_facet(name)) {
        return *field;
    }
    std::string known;
    for (const auto& field : facet_table) {
        known += (known.empty() ? "" : ", ") + std::string(field.name);
    }
    throw Error(ErrorKind::Usage, fmt::format("{}: unknown field '{}'", option, name),
                "fields: " + known);
}

std::span<const TextField> text_fields() {
    return text_table;
}

bool is_entity_facet(const FacetField& field) {
    return field.name.substr(0, 7) == "entity.";
}

std::string display_value(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    bool pending_space = false;
    for (const char c : raw) {
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        out += c;
    }
    return out;
}

std::string fold_value(std::string_view value) {
    return folding::fold_case_and_accents(display_value(value));
}

std::string filter_term(const FacetField& field, std::string_view value) {
    return bounded_term(field.filter_prefix, fold_value(value));
}

std::string id_term(std::string_view id) {
    return bounded_term(prefix::id, id);
}

std::string story_id(std::string_view founder_id) {
    constexpr unsigned hex_digits = 12;
    return fmt::format("s{:012x}", text::fnv1a64(founder_id) >> (64U - 4U * hex_digits));
}

std::string story_term(std::string_view story_id) {
    static const FacetField& story = *find_facet("story");
    return filter_term(story, story_id);
}

std::string url_term(std::string_view url) {
    return bounded_term(prefix::url, url);
}

void write_schema(Xapian::WritableDatabase& db, std::string_view stemmer) {
    db.set_metadata(std::string(metadata::schema_version), std::to_string(version));
    db.set_metadata(std::string(metadata::stemmer), std::string(stemmer));
}

std::optional<std::string> check_schema(const Xapian::Database& db, const std::string& path) {
    const std::string found = db.get_metadata(std::string(metadata::schema_version));
    if (found.empty()) {
        if (db.get_doccount() == 0) {
            return std::nullopt;
        }
        throw Error(ErrorKind::Incompatible,
                    path + ": not a news database (it has documents but no schema version)",
                    "build one with news-index --db NEW_PATH FOLDER");
    }
    int found_version = 0;
    const auto [end, ec] =
        std::from_chars(found.data(), found.data() + found.size(), found_version);
    if (ec != std::errc{} || end != found.data() + found.size() || found_version != version) {
        throw Error(
            ErrorKind::Incompatible,
            fmt::format("{}: database schema version is {}, this build reads version {}", path,
                        found, version),
            fmt::format("rebuild it from its articles: news-index --db {} --overwrite FOLDER",
                        path));
    }
    std::string stemmer = db.get_metadata(std::string(metadata::stemmer));
    try {
        Xapian::Stem check(stemmer);
    } catch (const Xapian::InvalidArgumentError&) {
        throw Error(
            ErrorKind::Incompatible,
            fmt::format("{}: database uses stemmer '{}', which this build lacks", path, stemmer),
            "rebuild with news-index --overwrite");
    }
    return stemmer;
}

unsigned facet_slot_count(const Xapian::Database& db, const FacetField& field) {
    if (!field.multi_valued) {
        return 1;
    }
    const std::string stored =
        db.get_metadata(std::string(metadata::facet_slots_prefix) + std::string(field.name));
    unsigned count = 0;
    const auto [end, ec] = std::from_chars(stored.data(), stored.data() + stored.size(), count);
    if (ec != std::errc{} || end != stored.data() + stored.size()) {
        return 0;
    }
    return std::min(count, max_multi_values);
}

} // namespace news::schema
