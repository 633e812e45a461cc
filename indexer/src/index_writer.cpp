/// @file
/// @brief IndexWriter: opening, schema checks, batched commits.
#include "news/indexer/index_writer.hpp"

#include "news/common/analysis.hpp"
#include "news/common/error.hpp"
#include "news/common/schema.hpp"
#include "news/common/shards.hpp"
#include "news/common/text.hpp"
#include "news/indexer/write_failure.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <vector>

namespace news::indexer {
namespace {

namespace fs = std::filesystem;

// A file Xapian keeps in a database folder: the lock, the version file, the tables and their
// temporary copies (a create killed before the version file was written leaves only these).
bool is_xapian_file(const fs::path& name) {
    const std::string ext = name.extension().string();
    return name == "flintlock" || name == "iamglass" || ext == ".glass" || ext == ".tmp";
}

// Refuses a --db path that is not ours to write into: a file (or a path below one), or a
// folder holding anything besides a Xapian database. A build replaces the folder it writes
// into, so writing into someone's folder of notes would delete them.
void check_database_folder(const std::string& path) {
    std::error_code ec;
    const fs::path folder(path);
    for (fs::path above = folder.parent_path(); !above.empty(); above = above.parent_path()) {
        if (fs::exists(above, ec) && !fs::is_directory(above, ec)) {
            throw Error(
                ErrorKind::CannotCreate,
                fmt::format("{}: cannot create database: {} is a file", path, above.string()),
                "choose another --db path");
        }
        if (above == above.parent_path()) {
            break;
        }
    }
    if (!fs::exists(folder, ec)) {
        return;
    }
    if (!fs::is_directory(folder, ec)) {
        throw Error(ErrorKind::CannotCreate, path + ": exists and is not a database folder",
                    "choose another --db path");
    }
    if (fs::exists(folder / "iamglass", ec) || shards::is_sharded_folder(path)) {
        return;
    }
    std::size_t others = 0;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        others += is_xapian_file(entry.path().filename()) ? 0U : 1U;
    }
    if (ec) {
        throw Error(ErrorKind::CannotCreate,
                    fmt::format("{}: cannot read the folder: {}", path, ec.message()));
    }
    if (others > 0) {
        throw Error(
            ErrorKind::CannotCreate,
            fmt::format("{}: is a folder of other files ({}), not a database", path, others),
            fmt::format("--db names the database folder itself, which news-index "
                        "creates: choose a new or empty one, e.g. {}",
                        (folder / "news.db").string()));
    }
}

// The shards of the sharded database at @p path, each opened for writing (each holds its own
// lock), in the order of its stub: together they are the database's documents, numbered as
// Xapian numbers a stub's (document id N is in shard (N-1) mod count).
std::vector<Xapian::WritableDatabase> open_shards(const std::string& path) {
    std::vector<Xapian::WritableDatabase> opened;
    for (const auto& shard : shards::expand(path)) {
        if (shard.remote()) {
            throw Error(ErrorKind::Usage,
                        fmt::format("{}: its stub names a remote shard ({}): news-index writes "
                                    "local shards only",
                                    path, text::printable(shard.name)),
                        "index on the machine that holds the shard, into its folder");
        }
        try {
            opened.emplace_back(shard.path, Xapian::DB_OPEN);
        } catch (const Xapian::Error&) {
            rethrow_as_news_error(shard.name);
        }
    }
    return opened;
}

Xapian::WritableDatabase open_database(const WriterOptions& options,
                                       std::vector<Xapian::WritableDatabase>& shards) {
    int action = options.overwrite ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN;
    if (options.temporary) {
        // Nobody reads a shard before the merge, and a crash discards the build: no fsync, and
        // no copy-on-write of blocks for readers that do not exist.
        action |= Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS;
    }
    check_database_folder(options.path);
    if (!options.temporary && shards::is_sharded_folder(options.path)) {
        shards = open_shards(options.path);
        Xapian::WritableDatabase all;
        for (const auto& shard : shards) {
            all.add_database(shard);
        }
        return all;
    }
    try {
        if (options.replace) {
            try {
                return Xapian::WritableDatabase(options.path, Xapian::DB_CREATE_OR_OPEN);
            } catch (const Xapian::DatabaseVersionError&) {
                // A format this Xapian cannot read, and so nobody can search: nothing to keep.
            } catch (const Xapian::DatabaseCorruptError&) {
            }
            return Xapian::WritableDatabase(options.path, Xapian::DB_CREATE_OR_OVERWRITE);
        }
        return Xapian::WritableDatabase(options.path, action);
    } catch (const Xapian::Error&) {
        rethrow_as_news_error(options.path);
    }
}

} // namespace

IndexWriter::IndexWriter(const WriterOptions& options)
    : m_path(options.path), m_label(options.label.empty() ? options.path : options.label),
      m_db(open_database(options, m_shards)),
      m_batch_size(std::max<std::size_t>(1, options.batch_size)),
      m_batch_bytes(options.batch_bytes), m_temporary(options.temporary),
      m_replace(options.replace) {
    // A database about to be replaced may be of another schema or stemmer: that is what
    // --overwrite is for, so it is not checked, and nothing is written into it.
    const auto existing =
        m_replace ? std::optional<std::string>{} : schema::check_schema(m_db, m_path);
    m_fresh = m_replace || m_db.get_doccount() == 0;
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
    const bool store_aliases = resolve_aliases(options, existing.has_value());
    m_entity_finder = options.entity_finder;
    m_builder.emplace(analysis::make_stemmer(m_stemmer), m_aliases, m_entity_finder);
    // A database being replaced is stamped only when this writer has just created it (empty,
    // unstamped): a rebuild that is then discarded leaves an ordinary empty database.
    const bool created_empty =
        m_replace && m_db.get_doccount() == 0 &&
        m_db.get_metadata(std::string(schema::metadata::schema_version)).empty();
    if ((!existing && !m_replace) || created_empty) {
        if (m_shards.empty()) {
            schema::write_schema(m_db, m_stemmer);
        }
        for (auto& shard : m_shards) {
            schema::write_schema(shard, m_stemmer);
        }
        set_metadata(std::string(aliases::metadata_key), m_aliases->metadata_value());
        commit();
    } else if (store_aliases) {
        set_metadata(std::string(aliases::metadata_key), m_aliases->metadata_value());
        commit();
    }
    if (!m_replace) {
        const std::string recorded = m_db.get_metadata(std::string(schema::metadata::stories));
        if (recorded == schema::metadata::stories_on || recorded == schema::metadata::stories_off) {
            m_stories = recorded == schema::metadata::stories_on;
        }
    }
    if (options.stories) {
        record_stories(*options.stories);
    }
    if (!m_replace) {
        const std::string recorded = m_db.get_metadata(std::string(schema::metadata::entities));
        if (recorded == schema::metadata::entities_on ||
            recorded == schema::metadata::entities_off) {
            m_entities = recorded == schema::metadata::entities_on;
        }
    }
    if (options.entities) {
        record_entities(*options.entities);
    }
}

void IndexWriter::set_metadata(const std::string& key, const std::string& value) {
    // A sharded database keeps its metadata in every shard, so that each shard served alone
    // (xapian-tcpsrv) reads as the database it belongs to; Xapian would write only the first.
    if (m_shards.empty()) {
        m_db.set_metadata(key, value);
    }
    for (auto& shard : m_shards) {
        shard.set_metadata(key, value);
    }
}

void IndexWriter::record_entities(bool on) {
    if (!m_replace && m_entities != on) {
        ensure_transaction();
        set_metadata(
            std::string(schema::metadata::entities),
            std::string(on ? schema::metadata::entities_on : schema::metadata::entities_off));
    }
    m_entities = on;
}

void IndexWriter::set_entity_finder(std::shared_ptr<const EntityFinder> finder) {
    m_entity_finder = std::move(finder);
    m_builder.emplace(analysis::make_stemmer(m_stemmer), m_aliases, m_entity_finder);
}

void IndexWriter::record_stories(bool on) {
    if (!m_replace && m_stories != on) {
        ensure_transaction();
        set_metadata(
            std::string(schema::metadata::stories),
            std::string(on ? schema::metadata::stories_on : schema::metadata::stories_off));
    }
    m_stories = on;
}

bool IndexWriter::resolve_aliases(const WriterOptions& options, bool existing) {
    const auto& wanted = options.aliases;
    if (!existing || m_replace) {
        m_aliases = wanted ? wanted : aliases::AliasSet::builtin();
        return false;
    }
    // An existing database keeps the set its articles were normalised with, so every article
    // matches the same way; an empty one takes the set asked for.
    std::shared_ptr<const aliases::AliasSet> stored;
    try {
        stored = std::make_shared<const aliases::AliasSet>(aliases::AliasSet::from_metadata(
            m_db.get_metadata(std::string(aliases::metadata_key)), m_path));
    } catch (const Xapian::Error&) {
        rethrow_as_news_error(m_path);
    }
    if (m_db.get_doccount() == 0) {
        m_aliases = wanted ? wanted : aliases::AliasSet::builtin();
        return !(*m_aliases == *stored);
    }
    if (wanted && !(*wanted == *stored)) {
        throw Error(ErrorKind::Incompatible,
                    fmt::format("{}: database was indexed with another alias set than --aliases "
                                "gives ({} groups stored, {} given)",
                                m_path, stored->groups().size(), wanted->groups().size()),
                    "rebuild with news-index --overwrite to change the aliases, or leave out "
                    "--aliases to keep the stored ones");
    }
    m_aliases = stored;
    return false;
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
    // (InvalidArgumentError) leaves the batch as it was. A copy: the entities go into it.
    Article enriched = article;
    return write(*pending, article_document(enriched, *pending, *m_builder));
}

std::optional<PendingArticle> IndexWriter::prepare(const Article& article) {
    PendingArticle pending = pending_article(article);
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

AddOutcome IndexWriter::write(const PendingArticle& pending, Xapian::Document doc) {
    if (m_replace) {
        throw Error(ErrorKind::Internal, m_path + ": written to while it is being replaced");
    }
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
        DocumentBuilder::add_spelling(m_db, doc);
        note_facet_slots(doc);
        doc = Xapian::Document(); // its text and positions: Xapian has its own copy now
        m_pending_bytes += pending.bytes;
        if (++m_pending >= m_batch_size ||
            (m_batch_bytes > 0 && m_pending_bytes >= m_batch_bytes)) {
            commit();
        }
        return outcome;
    } catch (const Xapian::InvalidArgumentError&) {
        throw; // this article cannot be a document (a term too long): the caller skips it
    } catch (const Xapian::Error&) {
        rethrow_write_failure(m_path, m_label);
    }
}

void IndexWriter::ensure_transaction() {
    if (!m_in_transaction && !m_temporary) {
        m_db.begin_transaction();
        m_in_transaction = true;
    }
}

bool IndexWriter::remove(const std::string& id) {
    if (m_replace) {
        return false; // the database is being replaced: it holds nothing of the new one
    }
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

std::vector<std::string> IndexWriter::prune_unseen() {
    try {
        // Collect first: deleting while iterating the term list is not safe.
        std::vector<std::string> unseen;
        const std::string prefix(schema::prefix::id);
        if (m_fresh) {
            return unseen; // every document of a fresh database was given by this run
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
        for (auto& id_term : unseen) {
            id_term.erase(0, prefix.size());
        }
        return unseen;
    } catch (const Xapian::DatabaseError&) {
        rethrow_as_news_error(m_path);
    }
}

void IndexWriter::rewrite(Xapian::docid docid, const Xapian::Document& doc) {
    if (m_replace) {
        throw Error(ErrorKind::Internal, m_path + ": written to while it is being replaced");
    }
    try {
        ensure_transaction();
        m_db.replace_document(docid, doc);
        if (++m_pending >= m_batch_size) {
            commit();
        }
    } catch (const Xapian::Error&) {
        rethrow_write_failure(m_path, m_label);
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
            set_metadata(key, std::to_string(used));
        }
    }
    // Checked first: a commit that runs out of space can end the process (see
    // write_failure.hpp). The batch's blocks, written copy-on-write, need about its size twice.
    require_space(m_path, 2 * std::uint64_t{m_pending_bytes}, m_label);
    try {
        if (m_in_transaction) {
            m_in_transaction = false;
            m_db.commit_transaction();
        } else {
            m_db.commit();
        }
    } catch (const Xapian::Error&) {
        rethrow_write_failure(m_path, m_label);
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
