/// @file
/// @brief The on-disk schema: term prefixes, value slots, facet fields and metadata keys.
///
/// common/SCHEMA.md documents the same facts for people; change both together, and bump
/// schema::version whenever an existing database would be read wrongly by the new code.
#pragma once

#include <xapian.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace news::schema {

/// Written to the database metadata; the searcher refuses any other value.
constexpr int version = 5;
/// Snowball stemmer every new database is built with.
constexpr std::string_view default_stemmer = "english";

/// Metadata keys (Xapian user metadata) a news database carries.
namespace metadata {
constexpr std::string_view schema_version = "news.schema_version"; ///< schema::version, decimal
constexpr std::string_view stemmer = "news.stemmer"; ///< canonical stemmer name, e.g. "english"
/// Followed by a facet name: how many value slots that multi-valued facet uses.
constexpr std::string_view facet_slots_prefix = "news.facet_slots.";
/// "on" or "off": whether the articles are clustered into stories (news-index --no-stories
/// turns it off); absent in databases written before the key existed, which have stories.
constexpr std::string_view stories = "news.stories";
/// The values of the stories key.
constexpr std::string_view stories_on = "on";
constexpr std::string_view stories_off = "off"; ///< see stories_on
/// "on" or "off": whether the people, places and organisations of each article were extracted
/// (news-index --no-entities turns it off). Always present from schema version 4 on.
constexpr std::string_view entities = "news.entities";
/// The values of the entities key.
constexpr std::string_view entities_on = "on";
constexpr std::string_view entities_off = "off"; ///< see entities_on
} // namespace metadata

/// Term prefixes (omega's conventions where one exists).
namespace prefix {
constexpr std::string_view id = "Q";                   ///< unique id, boolean
constexpr std::string_view url = "U";                  ///< URL, boolean (hashed past 200 bytes)
constexpr std::string_view title = "S";                ///< title words, free text
constexpr std::string_view author_text = "XA";         ///< author words, free text
constexpr std::string_view source_text = "XO";         ///< outlet words, free text
constexpr std::string_view category_text = "XC";       ///< category words, free text
constexpr std::string_view source = "XSOURCE";         ///< outlet, boolean filter
constexpr std::string_view author = "A";               ///< author, boolean filter
constexpr std::string_view category = "K";             ///< category, boolean filter
constexpr std::string_view language = "L";             ///< language code, boolean filter
constexpr std::string_view year = "Y";                 ///< YYYY, boolean filter
constexpr std::string_view month = "M";                ///< YYYY-MM, boolean filter
constexpr std::string_view day = "D";                  ///< YYYY-MM-DD, boolean filter
constexpr std::string_view topic = "XTOPIC";           ///< subject code (Reuters TOPICS), boolean
constexpr std::string_view place = "XPLACE";           ///< place named by the story, boolean
constexpr std::string_view person = "XPERSON";         ///< person the story is about, boolean
constexpr std::string_view org = "XORG";               ///< organisation, boolean
constexpr std::string_view exchange = "XEXCHANGE";     ///< stock exchange, boolean
constexpr std::string_view label = "XLABEL";           ///< a label the collection gives (fake/real)
constexpr std::string_view story = "XSTORY";           ///< the story the article is in, boolean
constexpr std::string_view entity_person = "XEPERSON"; ///< extracted person, boolean
constexpr std::string_view entity_place = "XEPLACE";   ///< extracted place, boolean
constexpr std::string_view entity_org = "XEORG";       ///< extracted organisation, boolean
/// Words of the people's names (extracted, and a collection's own person list), free text
constexpr std::string_view person_text = "XENP";
constexpr std::string_view place_text = "XENL"; ///< words of the places' names, likewise
constexpr std::string_view org_text = "XENO";   ///< words of the organisations' names, likewise
} // namespace prefix

/// Value slots. Multi-valued facets use a run of slots from their base (one value per slot), so
/// Xapian's built-in ValueCountMatchSpy can count them, locally and on remote shards alike.
enum Slot : Xapian::valueno {
    Published = 0,          ///< YYYYMMDD, for DateRangeProcessor and --since/--until
    PublishedSort = 1,      ///< sortable_serialise(YYYYMMDD), for --sort date
    Source = 2,             ///< outlet as displayed
    Language = 3,           ///< language code
    Year = 4,               ///< "YYYY"
    Month = 5,              ///< "YYYY-MM"
    Day = 6,                ///< "YYYY-MM-DD"
    Label = 7,              ///< a collection's label, e.g. FakeNewsNet's "fake"/"real"
    ContentHash = 8,        ///< hash of what the article says, to skip unchanged re-indexing
    Body = 9,               ///< the article text, for snippets (kept out of the document data)
    Story = 10,             ///< story id (schema::story_id), the collapse key of --group stories
    CopyOf = 11,            ///< id of the article this one is a syndicated copy of; absent if none
    StoryFeatures = 12,     ///< what story clustering keeps of the article, for later runs
    AuthorBase = 100,       ///< authors, one per slot, up to max_multi_values
    CategoryBase = 200,     ///< categories, one per slot, up to max_multi_values
    TopicBase = 300,        ///< topics
    PlaceBase = 400,        ///< places
    PersonBase = 500,       ///< people
    OrgBase = 600,          ///< organisations
    ExchangeBase = 700,     ///< exchanges
    EntityPersonBase = 800, ///< extracted people (entity.person)
    EntityPlaceBase = 900,  ///< extracted places (entity.place)
    EntityOrgBase = 1000    ///< extracted organisations (entity.org)
};

/// How many values of a multi-valued field get a facet slot; all of them get a filter term.
constexpr unsigned max_multi_values = 32;

/// A field that can be counted with --facet and drilled into with --filter.
struct FacetField {
    std::string_view name;          ///< as typed by users: "source", "date.month"
    std::string_view filter_prefix; ///< boolean term prefix
    Xapian::valueno first_slot;     ///< its value slot, or the first of its run of slots
    bool multi_valued;              ///< one value per slot from first_slot (authors, categories)
    std::string_view description;   ///< its values in a few words: "the outlet", "YYYY-MM"
};

/// Every facet field, in the order --help lists them.
[[nodiscard]] std::span<const FacetField> facet_fields();

/// The facet field called @p name, or nullptr.
[[nodiscard]] const FacetField* find_facet(std::string_view name);

/// The facet field called @p name, given by the command-line @p option ("--filter").
/// @throws news::Error (Usage) "OPTION: unknown field 'NAME'", the hint listing every field.
[[nodiscard]] const FacetField& require_facet(std::string_view name, std::string_view option);

/// A free-text field the query language accepts as "name:words".
struct TextField {
    std::string_view name;   ///< as typed in queries: "title"
    std::string_view prefix; ///< free-text term prefix
};

/// title:, source:, author:, category:, person:, place:, org: (date: is a range, handled by the
/// query parser setup).
[[nodiscard]] std::span<const TextField> text_fields();

/// True for the facets of extracted entities (entity.person, entity.place, entity.org), whose
/// values the searcher merges across articles (a lone surname into the full name).
[[nodiscard]] bool is_entity_facet(const FacetField& field);

/// Trims and folds runs of white space to one space: the form shown as a facet value.
[[nodiscard]] std::string display_value(std::string_view raw);

/// The boolean term for @p value of @p field. Case and spacing are folded, so every spelling
/// that displays alike filters alike: this is what makes --filter round-trip with --facet.
[[nodiscard]] std::string filter_term(const FacetField& field, std::string_view value);

/// The folded form filter_term() uses, without the prefix: facet counts are merged by it.
[[nodiscard]] std::string fold_value(std::string_view value);

/// The "Q" term for an article id.
[[nodiscard]] std::string id_term(std::string_view id);

/// The id of a story founded by the article @p founder_id: "s" and 12 hex digits of a hash of
/// the id, so the same input gives the same story ids.
[[nodiscard]] std::string story_id(std::string_view founder_id);

/// The XSTORY term of the story @p story_id: the filter term of the story facet, which every
/// document of the story carries (indexer and searcher both build it here).
[[nodiscard]] std::string story_term(std::string_view story_id);

/// The "U" term for a URL (long URLs are hashed to stay under Xapian's term length limit).
[[nodiscard]] std::string url_term(std::string_view url);

/// Stamps a new or empty database with this schema version and @p stemmer.
void write_schema(Xapian::WritableDatabase& db, std::string_view stemmer);

/// Checks that @p db was built by a compatible news-index and returns its stemmer language.
/// An empty database that carries no schema yet is accepted and gets std::nullopt.
/// @throws news::Error (Incompatible) naming @p path, with a hint to rebuild.
std::optional<std::string> check_schema(const Xapian::Database& db, const std::string& path);

/// How many value slots the multi-valued facet @p field uses in @p db (1 for single-valued).
[[nodiscard]] unsigned facet_slot_count(const Xapian::Database& db, const FacetField& field);

} // namespace news::schema
