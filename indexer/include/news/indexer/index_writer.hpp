/// @file
/// @brief The single writer of a news database: idempotent adds, commits in batches.
#pragma once

#include "news/common/article.hpp"
#include "news/indexer/article_document.hpp"
#include "news/indexer/document_builder.hpp"

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace news::indexer {

/// How the database is opened.
struct WriterOptions {
    std::string path;              ///< the database folder, created when absent
    bool overwrite = false;        ///< start from an empty database
    std::size_t batch_size = 1000; ///< articles per commit (a crash loses at most one batch)
    /// Also commit when the articles of the batch reach this many bytes (payload bytes, which
    /// hold title, text and metadata): bounds the memory of Xapian's in-memory inversion,
    /// whatever the size of the articles. 0: by batch_size only.
    std::size_t batch_bytes = 0;
    std::optional<std::string> stemmer; ///< for a new database; must match an existing one
    /// A shard of a sharded build, read by nobody before it is merged: no fsync, blocks updated
    /// in place, no transactions (a crash discards the whole build anyway).
    bool temporary = false;
    /// The run builds a new database aside that will take this one's place (--overwrite): the
    /// database is opened only to hold its lock, its contents and schema are left alone until
    /// the swap, and fresh() is true. See replaces().
    bool replace = false;
    /// How messages name the database (default: path): a shard is named by its target.
    std::string label;
    /// When set: whether the articles are clustered into stories, recorded in the metadata
    /// (schema::metadata::stories) with the next commit. See IndexWriter::record_stories().
    std::optional<bool> stories;
    /// --aliases: the alias set for a new or empty database; an existing one keeps its own and
    /// refuses another (null: the built-in set for a new database, the stored one otherwise).
    std::shared_ptr<const aliases::AliasSet> aliases;
    /// When set: whether the articles' entities are extracted, recorded in the metadata
    /// (schema::metadata::entities) with the next commit. See IndexWriter::record_entities().
    std::optional<bool> entities;
    /// The entity finder every document builder of the run uses (null: none extracted).
    std::shared_ptr<const EntityFinder> entity_finder;
};

/// What add() did with an article.
enum class AddOutcome {
    Added,     ///< its id was new to the database
    Replaced,  ///< an earlier run had indexed this id: the document was replaced
    Duplicate, ///< this run had already indexed this id: the later article wins
    Unchanged, ///< the database holds this id with the same content: nothing was written
};

/// Opens (or creates) a news database for writing and adds articles to it.
///
/// Each article is written with replace_document on its id term, so reruns never duplicate.
/// Each batch is a Xapian transaction, committed every batch_size articles and by commit().
/// The destructor cancels a batch that was not committed (Xapian's own destructor would commit
/// it and swallow any error): a run that ends by an error keeps exactly its committed batches.
class IndexWriter {
public:
    /// Opens or creates the database at options.path and checks its schema and stemmer.
    /// @throws news::Error: Locked (another writer), CannotCreate, Incompatible (other schema
    /// or stemmer; hint: --overwrite), Io.
    explicit IndexWriter(const WriterOptions& options);
    /// Cancels the uncommitted batch, if any; the database stays at its last commit.
    ~IndexWriter();
    /// Not copyable: the single writer of its database.
    IndexWriter(const IndexWriter&) = delete;
    /// Not copyable: the single writer of its database.
    IndexWriter& operator=(const IndexWriter&) = delete;

    /// Adds or replaces one article (its entities found with entity_finder(), if any); commits
    /// when a batch is full.
    /// @throws Xapian::InvalidArgumentError when the article cannot be made into a document (the
    /// database is untouched); news::Error for database failures (Io, Corrupt, ...).
    AddOutcome add(const Article& article);

    /// The first half of add(), for callers that build documents elsewhere (worker threads):
    /// records the id and returns what write() needs, or std::nullopt when the database already
    /// holds the article unchanged. Call in input order.
    /// @throws news::Error for database failures.
    [[nodiscard]] std::optional<PendingArticle> prepare(const Article& article);

    /// The second half of add(): writes @p doc (built from the pending article's payload) and
    /// commits when a batch is full. Call in the order prepare() was called. The document is let
    /// go before that commit (pass it with std::move): Xapian holds its own copy of what it
    /// writes, and a huge document would otherwise be held twice while the batch is flushed.
    /// @throws news::Error for database failures.
    AddOutcome write(const PendingArticle& pending, Xapian::Document doc);

    /// Removes the article with @p id (in the current batch).
    /// @return false when the database has no such article.
    bool remove(const std::string& id);

    /// Removes every article this writer has not been given since it opened (a run that read
    /// the whole corpus drops what disappeared from it).
    /// @return the ids of the articles removed (as in their id terms, without the prefix).
    std::vector<std::string> prune_unseen();

    /// Rewrites the document @p docid with @p doc, a copy of it read from this database and
    /// changed in a few values or terms (Xapian then writes only what changed), in the current
    /// batch; commits when the batch is full. For passes over the whole database (--recluster).
    /// @throws news::Error for database failures.
    void rewrite(Xapian::docid docid, const Xapian::Document& doc);

    /// The database, to read what it holds (its own uncommitted changes included).
    [[nodiscard]] const Xapian::Database& database() const noexcept { return m_db; }

    /// Whether the database says its articles are clustered into stories: its metadata
    /// (schema::metadata::stories) when opened, or what record_stories() set since; std::nullopt
    /// when neither says (a new database, or one written before the key existed).
    [[nodiscard]] std::optional<bool> stories() const noexcept { return m_stories; }

    /// Records whether the articles are clustered into stories, with the next commit (a database
    /// being replaced is left alone: the new one is stamped through its shards' options).
    void record_stories(bool on);

    /// Whether the database says its articles' entities are extracted: its metadata
    /// (schema::metadata::entities) when opened, or what record_entities() set since;
    /// std::nullopt when neither says (a new database).
    [[nodiscard]] std::optional<bool> entities() const noexcept { return m_entities; }

    /// Records whether the articles' entities are extracted, with the next commit (a database
    /// being replaced is left alone: the new one is stamped through its shards' options).
    void record_entities(bool on);

    /// The entity finder documents are built with (null: none), as given by the options or
    /// set_entity_finder().
    [[nodiscard]] const std::shared_ptr<const EntityFinder>& entity_finder() const noexcept {
        return m_entity_finder;
    }

    /// Builds the documents of add() with @p finder from now on; sinks made after this call
    /// take it too.
    void set_entity_finder(std::shared_ptr<const EntityFinder> finder);

    /// Commits everything added so far, with the facet slot counts in the metadata.
    /// @throws news::Error for database failures (Io, Corrupt, ...).
    void commit();

    /// Articles in the database, committed or not.
    [[nodiscard]] Xapian::doccount doc_count() const { return m_db.get_doccount(); }

    /// Articles added since the last commit.
    [[nodiscard]] std::size_t uncommitted() const noexcept { return m_pending; }

    /// True when the database was empty when this writer opened it (new, or --overwrite): every
    /// document in it is then from this run, so an id already there is a duplicate of this run
    /// and no set of the ids seen is kept (memory does not grow with the corpus).
    [[nodiscard]] bool fresh() const noexcept { return m_fresh; }

    /// True when opened with WriterOptions::replace: nothing may be written through this writer
    /// (its database is about to be replaced), and it holds nothing of this run.
    [[nodiscard]] bool replaces() const noexcept { return m_replace; }

    /// The database folder.
    [[nodiscard]] const std::string& path() const noexcept { return m_path; }

    /// The number of shards of a sharded database (news-index --shards); 0 for a single one.
    [[nodiscard]] unsigned shard_count() const noexcept {
        return static_cast<unsigned>(m_shards.size());
    }

    /// Commits, then closes the database and releases its lock; the writer is unusable after.
    /// @throws news::Error for database failures.
    void close();

    /// The stemmer language the database uses.
    [[nodiscard]] const std::string& stemmer() const noexcept { return m_stemmer; }

    /// The alias set the database uses (never null; maybe empty).
    [[nodiscard]] const std::shared_ptr<const aliases::AliasSet>& aliases() const noexcept {
        return m_aliases;
    }

private:
    /// Sets m_aliases from @p options and the database (@p existing: it has a schema);
    /// returns whether the database's stored set must be replaced (an empty database).
    /// @throws news::Error (Incompatible) when --aliases differs from a non-empty database's.
    bool resolve_aliases(const WriterOptions& options, bool existing);

    /// Sets a metadata key in the database (in every shard of a sharded one).
    void set_metadata(const std::string& key, const std::string& value);

    /// Records how many slots each multi-valued facet of @p doc uses, for the metadata.
    void note_facet_slots(const Xapian::Document& doc);

    /// Opens the batch's transaction if none is open.
    void ensure_transaction();

    /// True when the database holds @p id_term with a document of this very @p fingerprint.
    bool is_unchanged(const std::string& id_term, const std::string& fingerprint);

    std::string m_path;
    std::string m_label; ///< the name in messages
    /// A sharded database's shards, each opened on its own (empty otherwise); m_db is them all.
    std::vector<Xapian::WritableDatabase> m_shards;
    Xapian::WritableDatabase m_db;
    std::string m_stemmer;
    std::shared_ptr<const aliases::AliasSet> m_aliases;
    std::optional<DocumentBuilder> m_builder;
    std::size_t m_batch_size;
    std::size_t m_batch_bytes;
    std::size_t m_pending = 0;       ///< articles in the open transaction
    std::size_t m_pending_bytes = 0; ///< their payload bytes
    bool m_in_transaction = false;
    bool m_temporary = false;
    bool m_replace = false;
    bool m_fresh = false;
    std::unordered_set<std::string> m_ids_this_run; ///< only when not fresh()
    std::map<std::string, unsigned> m_slots_used;   ///< facet name -> most slots one document used
    std::optional<bool> m_stories;                  ///< see stories()
    std::optional<bool> m_entities;                 ///< see entities()
    std::shared_ptr<const EntityFinder> m_entity_finder; ///< see entity_finder()
};

} // namespace news::indexer
