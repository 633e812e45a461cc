/// @file
/// @brief IndexWriter: opening, schema checks, batched commits.
#include "news/indexer/index_writer.hpp"

#include "news/common/analysis.hpp"
#include "news/common/error.hpp"
#include "news/common/payload.hpp"
#include "news/common/schema.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <vector>

namespace news::indexer {
namespace {

Xapian::WritableDatabase open_database(const WriterOptions& options) {
    int action = options.overwrite ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN;
    if (options.temporary) {
        // Nobody reads a shard before the merge, and a crash discards the build: no fsync, and
        // no copy-on-write of blocks for readers that do not exist.
        action |= Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS;
    }
    std::error_code ec;
    if (std::filesystem::exists(options.path, ec) &&
        !std::filesystem::is_directory(options.path, ec)) {
        throw Error(ErrorKind::CannotCreate, options.path + ": exists and is not a database folder",
                    "choose another --db path");
    }
    try {
        return Xapian::WritableDatabase(options.path, action);
    } catch (const Xapian::Error&) {
        rethrow_as_news_error(options.path);
    }
}

} // namespace

IndexWriter::IndexWriter(const WriterOptions& options)
    : m_path(options.path), m_db(open_database(options)),
      m_batch_size(std::max<std::size_t>(1, options.batch_size)),
      m_batch_bytes(options.batch_bytes), m_temporary(options.temporary) {
    const auto existing = schema::check_schema(m_db, m_path);
    m_fresh = m_db.get_doccount() == 0;
    const std::optional<std::string> wanted =
        options.stemmer ? std::optional(analysis::canonical_stemmer_name(*options.stemmer))
                        : std::nullopt;
    if (existing) {
        if (wanted && *wanted != *existing) {
            throw Error(
                ErrorKind::Incompatible,
                fmt::format("{}: database uses stemmer '{}', not '{}'", m_path, *existing, *wanted),
                "rebuild with news-index --overwrite to change the language");
        }
        m_stemmer = *existing;
    } else {
        m_stemmer = wanted.value_or(std::string(schema::default_stemmer));
    }
    m_builder.emplace(analysis::make_stemmer(m_stemmer));
    if (!existing) {
        schema::write_schema(m_db, m_stemmer);
        commit();
    }
}

IndexWriter::~IndexWriter() {
    if (m_in_transaction) {
        try {
            m_db.cancel_transaction();
        } catch (const Xapian::Error&) {
            // Nothing to do: the database stays at its last commit either way.
        }
    }
}

AddOutcome IndexWriter::add(const Article& article) {
    const auto pending = prepare(article);
    if (!pending) {
        return AddOutcome::Unchanged;
    }
    // Built before anything is written, so an article that cannot be made into a document
    // (InvalidArgumentError) leaves the batch as it was.
    return write(*pending, m_builder->build(article, pending->payload));
}

std::optional<PendingArticle> IndexWriter::prepare(const Article& article) {
    PendingArticle pending;
    pending.id_term = schema::id_term(article.id);
    pending.payload = payload::encode(article);
    pending.fingerprint = DocumentBuilder::fingerprint(pending.payload, article.body);
    pending.bytes = pending.payload.size() + article.body.size();
    if (m_fresh) {
        // Nothing to compare with, and write() tells a duplicate from the database itself.
        pending.first_this_run = true;
        return pending;
    }
    try {
        pending.first_this_run = m_ids_this_run.insert(pending.id_term).second;
        if (pending.first_this_run && is_unchanged(pending.id_term, pending.fingerprint)) {
            return std::nullopt; // no tokenising, no write: re-runs are cheap
        }
    } catch (const Xapian::DatabaseError&) {
        rethrow_as_news_error(m_path);
    }
    return pending;
}

AddOutcome IndexWriter::write(const PendingArticle& pending, const Xapian::Document& doc) {
    try {
        ensure_transaction();
        AddOutcome outcome = AddOutcome::Added;
        if (!pending.first_this_run) {
            outcome = AddOutcome::Duplicate;
        } else if (m_db.term_exists(pending.id_term)) {
            // In a fresh database every document is from this run (the writer sees its own
            // uncommitted documents).
            outcome = m_fresh ? AddOutcome::Duplicate : AddOutcome::Replaced;
        }
        m_db.replace_document(pending.id_term, doc);
        note_facet_slots(doc);
        m_pending_bytes += pending.bytes;
        if (++m_pending >= m_batch_size ||
            (m_batch_bytes > 0 && m_pending_bytes >= m_batch_bytes)) {
            commit();
        }
        return outcome;
    } catch (const Xapian::DatabaseError&) {
        rethrow_as_news_error(m_path);
    }
}

void IndexWriter::ensure_transaction() {
    if (!m_in_transaction && !m_temporary) {
        m_db.begin_transaction();
        m_in_transaction = true;
    }
}

bool IndexWriter::remove(const std::string& id) {
    const std::string id_term = schema::id_term(id);
    try {
        if (!m_db.term_exists(id_term)) {
            return false;
        }
        ensure_transaction();
        m_db.delete_document(id_term);
        ++m_pending;
        return true;
    } catch (const Xapian::DatabaseError&) {
        rethrow_as_news_error(m_path);
    }
}

std::size_t IndexWriter::prune_unseen() {
    try {
        // Collect first: deleting while iterating the term list is not safe.
        std::vector<std::string> unseen;
        const std::string prefix(schema::prefix::id);
        if (m_fresh) {
            return 0; // every document of a fresh database was given by this run
        }
        for (auto it = m_db.allterms_begin(prefix); it != m_db.allterms_end(prefix); ++it) {
            if (m_ids_this_run.count(*it) == 0) {
                unseen.push_back(*it);
            }
        }
        if (!unseen.empty()) {
            ensure_transaction();
        }
        for (const auto& id_term : unseen) {
            m_db.delete_document(id_term);
        }
        m_pending += unseen.size();
        return unseen.size();
    } catch (const Xapian::DatabaseError&) {
        rethrow_as_news_error(m_path);
    }
}

bool IndexWriter::is_unchanged(const std::string& id_term, const std::string& fingerprint) {
    const auto posting = m_db.postlist_begin(id_term);
    if (posting == m_db.postlist_end(id_term)) {
        return false;
    }
    return m_db.get_document(*posting).get_value(schema::ContentHash) == fingerprint;
}

void IndexWriter::note_facet_slots(const Xapian::Document& doc) {
    for (auto value = doc.values_begin(); value != doc.values_end(); ++value) {
        const Xapian::valueno slot = value.get_valueno();
        for (const auto& field : schema::facet_fields()) {
            if (field.multi_valued && slot >= field.first_slot &&
                slot < field.first_slot + schema::max_multi_values) {
                unsigned& most = m_slots_used[std::string(field.name)];
                most = std::max(most, slot - field.first_slot + 1);
            }
        }
    }
}

void IndexWriter::commit() {
    for (const auto& [facet, used] : m_slots_used) {
        const std::string key = std::string(schema::metadata::facet_slots_prefix) + facet;
        const auto* field = schema::find_facet(facet);
        if (field != nullptr && used > schema::facet_slot_count(m_db, *field)) {
            m_db.set_metadata(key, std::to_string(used));
        }
    }
    try {
        if (m_in_transaction) {
            m_in_transaction = false;
            m_db.commit_transaction();
        } else {
            m_db.commit();
        }
    } catch (const Xapian::Error&) {
        rethrow_as_news_error(m_path);
    }
    m_pending = 0;
    m_pending_bytes = 0;
}

void IndexWriter::close() {
    commit();
    try {
        m_db.close();
    } catch (const Xapian::Error&) {
        rethrow_as_news_error(m_path);
    }
}

} // namespace news::indexer
