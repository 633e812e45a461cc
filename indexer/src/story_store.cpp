/// @file
/// @brief Reading, recomputing, removing and counting the stories of a database.
#include "story_store.hpp"

#include "news/common/error.hpp"
#include "news/common/payload.hpp"
#include "news/common/schema.hpp"
#include "news/common/stored_body.hpp"
#include "news/indexer/write_failure.hpp"

#include <algorithm>
#include <utility>

namespace news::indexer::story_store {
namespace {

// An id term's body longer than this may have been cut and hashed (schema::id_term keeps at
// most 200 bytes): the id is then read from the document's payload.
constexpr std::size_t longest_uncut_id = 200 - 17;

// Copies slot @p slot of every document into the field @p field of @p stored (sorted by docid).
void read_slot(const Xapian::Database& db, Xapian::valueno slot, std::vector<StoredStory>& stored,
               std::string StoredStory::*field) {
    auto record = stored.begin();
    for (auto value = db.valuestream_begin(slot); value != db.valuestream_end(slot); ++value) {
        const Xapian::docid docid = value.get_docid();
        record = std::lower_bound(
            record, stored.end(), docid,
            [](const StoredStory& known, Xapian::docid wanted) { return known.docid < wanted; });
        if (record == stored.end()) {
            break;
        }
        if (record->docid == docid) {
            (*record).*field = *value;
        }
    }
}

// Dated articles by date then id, then undated ones by id.
bool clustered_before(const StoredStory& a, const StoredStory& b) {
    if (a.date.empty() != b.date.empty()) {
        return !a.date.empty();
    }
    if (a.date != b.date) {
        return a.date < b.date;
    }
    return a.id < b.id;
}

// Removes @p term from @p doc when it is there.
void remove_term(Xapian::Document& doc, const std::string& term) {
    auto it = doc.termlist_begin();
    it.skip_to(term);
    if (it != doc.termlist_end() && *it == term) {
        doc.remove_term(term);
    }
}

// Sets @p slot of @p doc to @p value, or removes it when @p value is empty (Xapian refuses to
// remove a value that is not there).
void set_value(Xapian::Document& doc, Xapian::valueno slot, const std::string& value) {
    if (!value.empty()) {
        doc.add_value(slot, value);
    } else if (!doc.get_value(slot).empty()) {
        doc.remove_value(slot);
    }
}

// The article as stored in @p doc: what its features are computed from.
Article stored_article(const Xapian::Document& doc) {
    Article article = payload::decode(doc.get_data());
    article.body = stored_body::of(doc);
    return article;
}

} // namespace

std::vector<StoredStory> read_all(const Xapian::Database& db) {
    std::vector<StoredStory> stored;
    try {
        stored.reserve(db.get_doccount());
        const std::string prefix(schema::prefix::id);
        for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
            const std::string id_term = *term;
            for (auto posting = db.postlist_begin(id_term); posting != db.postlist_end(id_term);
                 ++posting) {
                StoredStory record;
                record.docid = *posting;
                record.id = id_term.substr(prefix.size());
                if (record.id.size() > longest_uncut_id) {
                    record.id = payload::decode(db.get_document(*posting).get_data()).id;
                }
                stored.push_back(std::move(record));
            }
        }
        std::sort(stored.begin(), stored.end(),
                  [](const StoredStory& a, const StoredStory& b) { return a.docid < b.docid; });
        read_slot(db, schema::Published, stored, &StoredStory::date);
        read_slot(db, schema::Story, stored, &StoredStory::story);
        read_slot(db, schema::CopyOf, stored, &StoredStory::copy_of);
        read_slot(db, schema::StoryFeatures, stored, &StoredStory::features);
    } catch (const Xapian::Error&) {
        rethrow_as_news_error("reading the stories of the database");
    }
    std::sort(stored.begin(), stored.end(), clustered_before);
    return stored;
}

RestoreCounts restore(const std::vector<StoredStory>& stored, stories::Clusterer& clusterer) {
    RestoreCounts counts;
    for (const auto& record : stored) {
        auto features = record.features.empty() ? nullptr : stories::unserialise(record.features);
        if (!features || record.story.empty()) {
            ++counts.without_features;
            continue;
        }
        clusterer.restore(record.id, std::move(features), record.story, record.copy_of);
        ++counts.restored;
    }
    return counts;
}

ReclusterCounts recluster(IndexWriter& writer, std::size_t memory_limit) {
    const Xapian::Database& db = writer.database();
    const std::vector<StoredStory> stored = read_all(db);
    stories::Clusterer clusterer;
    clusterer.set_memory_limit(memory_limit);
    ReclusterCounts counts;
    for (const auto& record : stored) {
        auto features = record.features.empty() ? nullptr : stories::unserialise(record.features);
        std::string serialised = record.features;
        std::optional<Xapian::Document> doc;
        try {
            if (!features) {
                doc = db.get_document(record.docid);
                features = stories::extract_features(stored_article(*doc));
                serialised = stories::serialise(*features);
                ++counts.refeatured;
            }
        } catch (const Xapian::Error&) {
            rethrow_as_news_error(writer.path());
        }
        const stories::Assignment assignment = clusterer.assign(record.id, std::move(features));
        ++counts.articles;
        counts.joined += assignment.story_id != schema::story_id(record.id) ? 1U : 0U;
        counts.copies += assignment.copy_of.empty() ? 0U : 1U;
        if (assignment.story_id == record.story && assignment.copy_of == record.copy_of &&
            serialised == record.features) {
            continue;
        }
        try {
            if (!doc) {
                doc = db.get_document(record.docid);
            }
            if (!record.story.empty()) {
                remove_term(*doc, schema::story_term(record.story));
            }
            doc->add_boolean_term(schema::story_term(assignment.story_id));
            set_value(*doc, schema::Story, schema::display_value(assignment.story_id));
            set_value(*doc, schema::CopyOf, assignment.copy_of);
            set_value(*doc, schema::StoryFeatures, serialised);
        } catch (const Xapian::Error&) {
            rethrow_as_news_error(writer.path());
        }
        writer.rewrite(record.docid, *doc);
        counts.reassigned +=
            assignment.story_id != record.story || assignment.copy_of != record.copy_of ? 1U : 0U;
    }
    return counts;
}

std::size_t remove_all(IndexWriter& writer) {
    const Xapian::Database& db = writer.database();
    std::size_t removed = 0;
    for (const auto& record : read_all(db)) {
        if (record.story.empty() && record.copy_of.empty() && record.features.empty()) {
            continue;
        }
        Xapian::Document doc;
        try {
            doc = db.get_document(record.docid);
            if (!record.story.empty()) {
                remove_term(doc, schema::story_term(record.story));
            }
            set_value(doc, schema::Story, {});
            set_value(doc, schema::CopyOf, {});
            set_value(doc, schema::StoryFeatures, {});
        } catch (const Xapian::Error&) {
            rethrow_as_news_error(writer.path());
        }
        writer.rewrite(record.docid, doc);
        ++removed;
    }
    return removed;
}

std::size_t count_stories(const std::string& path) {
    try {
        const Xapian::Database db(path);
        const std::string prefix(schema::prefix::story);
        std::size_t count = 0;
        for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
            ++count;
        }
        return count;
    } catch (const Xapian::Error&) {
        rethrow_as_news_error(path);
    }
}

bool has_stories(const Xapian::Database& db) {
    try {
        const std::string prefix(schema::prefix::story);
        return db.allterms_begin(prefix) != db.allterms_end(prefix) ||
               db.get_value_freq(schema::StoryFeatures) > 0;
    } catch (const Xapian::Error&) {
        rethrow_as_news_error("reading the stories of the database");
    }
}

} // namespace news::indexer::story_store
