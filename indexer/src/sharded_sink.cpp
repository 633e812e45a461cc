/// @file
/// @brief ShardedSink: one writer per thread, merged with Xapian::Database::compact.
#include "news/indexer/sharded_sink.hpp"

#include "news/common/analysis.hpp"
#include "news/common/error.hpp"
#include "news/common/schema.hpp"
#include "news/common/shards.hpp"
#include "news/common/text.hpp"
#include "news/indexer/document_builder.hpp"
#include "news/indexer/write_failure.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <unistd.h>
#include <utility>

namespace news::indexer {
namespace {

namespace fs = std::filesystem;

// Merges the shards' metadata: each facet's slot count is the largest any shard used; every
// other key (the schema stamp) is the same in all shards.
class MetadataMerger : public Xapian::Compactor {
public:
    std::string resolve_duplicate_metadata(const std::string& key, std::size_t num_tags,
                                           const std::string tags[]) override {
        // Xapian 1.4 passes the key as stored, after its internal metadata prefix.
        if (key.find(schema::metadata::facet_slots_prefix) == std::string::npos) {
            return tags[0];
        }
        unsigned long most = 0;
        for (std::size_t i = 0; i < num_tags; ++i) {
            most = std::max(most, std::strtoul(tags[i].c_str(), nullptr, 10));
        }
        return std::to_string(most);
    }
};

// Swaps two folders atomically (Linux renameat2); on a file system that cannot, moves
// @p target aside first (a crash then can leave the target missing, never corrupt).
void swap_into_place(const std::string& merged, const std::string& target) {
    if (::renameat2(AT_FDCWD, merged.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
        return;
    }
    if (errno != EINVAL && errno != ENOSYS) {
        throw Error(ErrorKind::Io, fmt::format("{}: cannot move the merged database into place: {}",
                                               target, std::strerror(errno)));
    }
    const std::string aside = merged + ".old";
    std::error_code ec;
    fs::rename(target, aside, ec);
    if (!ec) {
        fs::rename(merged, target, ec);
    }
    if (ec) {
        throw Error(ErrorKind::Io, fmt::format("{}: cannot move the merged database into place: {}",
                                               target, ec.message()));
    }
    fs::rename(aside, merged, ec);
}

// "news.db/" and "./news.db" -> "news.db": the folder's own name, with no separator after it.
fs::path folder_path(const std::string& path) {
    fs::path normal = fs::path(path).lexically_normal();
    if (!normal.has_filename() && normal.has_parent_path()) {
        normal = normal.parent_path();
    }
    return normal;
}

} // namespace

void remove_dead_runs_folders(const IndexWriter& target) {
    // The target's writer holds its lock, so any shards folder of this target is a dead run's
    // (killed before it could clean up, perhaps after its merged database was swapped in).
    std::error_code ec;
    const fs::path folder = folder_path(target.path());
    const std::string stale_prefix = folder.filename().string() + ".shards-";
    const fs::path parent = folder.has_parent_path() ? folder.parent_path() : fs::path(".");
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
        if (entry.path().filename().string().rfind(stale_prefix, 0) == 0) {
            std::error_code ignored;
            fs::remove_all(entry.path(), ignored);
        }
    }
}

ShardedSink::ShardedSink(IndexWriter& target, const ShardOptions& options, ResultHandler on_result)
    : m_target(target), m_on_result(std::move(on_result)), m_keep_apart(options.keep_apart),
      m_shards(std::max(1U, options.shards)),
      m_writers_per_shard(std::max(1U, options.writers_per_shard)),
      m_folder(fmt::format("{}.shards-{}", folder_path(target.path()).string(), ::getpid())) {
    std::error_code ec;
    fs::remove_all(m_folder, ec);
    if (!fs::create_directories(m_folder, ec) || ec) {
        throw Error(ErrorKind::CannotCreate, fmt::format("{}: cannot create the shards' folder: {}",
                                                         m_folder, ec.message()));
    }
    register_temporary_folder(m_folder);
    const unsigned count = m_shards * m_writers_per_shard;
    WriterOptions writer;
    writer.overwrite = true;
    writer.temporary = true;
    writer.stemmer = target.stemmer();
    writer.stories = target.stories(); // the merge keeps the shards' metadata
    writer.aliases = target.aliases();
    writer.entities = target.entities();
    writer.entity_finder = target.entity_finder();
    writer.batch_size = std::max<std::size_t>(1, options.batch_size);
    writer.batch_bytes = std::max<std::size_t>(1, options.shard_batch_bytes);
    for (unsigned i = 0; i < count; ++i) {
        writer.path = fmt::format("{}/part-{}", m_folder, i);
        writer.label = fmt::format("{} (part {} of the build)", target.path(), i);
        m_parts.push_back(
            Part{writer.path, std::make_unique<IndexWriter>(writer),
                 std::make_unique<DocumentBuilder>(analysis::make_stemmer(target.stemmer()),
                                                   target.aliases(), target.entity_finder())});
    }
    m_work = std::make_unique<OrderedWork<Article, SinkResult>>(
        count, /*lane_per_worker=*/true, options.in_flight,
        [this](Article&& article, unsigned part) { return write(std::move(article), part); },
        // Each part's last commit, on its own thread: the parts commit in parallel.
        [this](unsigned part) { m_parts[part].writer->close(); });
}

ShardedSink::~ShardedSink() {
    m_work.reset(); // stops the threads; an unfinished part is discarded with its folder
    m_parts.clear();
    std::error_code ec;
    fs::remove_all(m_folder, ec); // best effort: nothing of the target is in there
    unregister_temporary_folder(m_folder);
}

SinkResult ShardedSink::write(Article&& article, unsigned part) {
    Part& own = m_parts[part];
    SinkResult result{std::move(article), AddOutcome::Added, {}};
    const auto pending = own.writer->prepare(result.article); // fresh: never empty
    try {
        Xapian::Document doc = article_document(result.article, *pending, *own.builder);
        release_body(result.article);
        result.outcome = own.writer->write(*pending, std::move(doc));
    } catch (const Xapian::InvalidArgumentError& e) {
        result.error = e.get_msg();
    }
    return result;
}

// The shard by the id's hash, then one of that shard's writers by the rest of the hash: the
// same id always meets the same writer.
unsigned ShardedSink::part_of(const std::string& id) const {
    const std::uint64_t hash = text::fnv1a64(id);
    const auto shard = static_cast<unsigned>(hash % m_shards);
    const auto writer = static_cast<unsigned>((hash / m_shards) % m_writers_per_shard);
    return shard * m_writers_per_shard + writer;
}

void ShardedSink::submit(Article article) {
    const std::size_t bytes = article.title.size() + article.body.size();
    const unsigned part = part_of(article.id);
    m_work->submit(std::move(article), bytes, part);
    hand_back(/*wait=*/false);
    while (m_work->full()) {
        if (auto result = m_work->next(/*wait=*/true)) {
            m_on_result(std::move(*result));
        }
    }
}

void ShardedSink::hand_back(bool wait) {
    while (auto result = m_work->next(wait)) {
        m_on_result(std::move(*result));
    }
}

void ShardedSink::drain() {
    hand_back(/*wait=*/true);
}

bool ShardedSink::abandon_replacement() {
    if (!m_target.replaces()) {
        return false;
    }
    m_work.reset();
    m_parts.clear();
    return true;
}

// Merges parts [first, first + count) into the new database @p folder; @p what says what it is
// for a failure's message.
void ShardedSink::merge_parts(unsigned first, unsigned count, const std::string& folder,
                              const std::string& what) {
    try {
        Xapian::Database sources;
        for (unsigned i = first; i < first + count; ++i) {
            m_parts[i].writer.reset(); // closed by its thread
            sources.add_database(Xapian::Database(m_parts[i].path));
        }
        MetadataMerger merger;
        sources.compact(folder, Xapian::DBCOMPACT_MULTIPASS | Xapian::Compactor::FULL, 0, merger);
    } catch (const Xapian::Error&) {
        rethrow_write_failure(folder, fmt::format("{} ({})", m_target.path(), what));
    }
}

// Merges each shard's parts into @p folder (shard-0, shard-1, ...), gives every shard the
// facet slot counts of them all (a search of any subset reads the first one's), and writes
// the stub that lists them.
void ShardedSink::compact_apart(const std::string& folder) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) {
        throw Error(ErrorKind::CannotCreate,
                    fmt::format("{}: cannot create a folder: {}", folder, ec.message()));
    }
    std::map<std::string, unsigned long> most_slots;
    const std::string slots_prefix(schema::metadata::facet_slots_prefix);
    std::vector<std::string> compacted;
    for (unsigned shard = 0; shard < m_shards; ++shard) {
        compacted.push_back((fs::path(folder) / shards::shard_folder_name(shard)).string());
        merge_parts(shard * m_writers_per_shard, m_writers_per_shard, compacted.back(),
                    "compacting a shard");
        try {
            Xapian::Database merged(compacted.back());
            for (auto key = merged.metadata_keys_begin(slots_prefix);
                 key != merged.metadata_keys_end(slots_prefix); ++key) {
                unsigned long& most = most_slots[*key];
                most = std::max(most, std::strtoul(merged.get_metadata(*key).c_str(), nullptr, 10));
            }
        } catch (const Xapian::Error&) {
            rethrow_write_failure(compacted.back(), m_target.path() + " (compacting a shard)");
        }
    }
    for (const auto& path : compacted) {
        try {
            Xapian::WritableDatabase shard(path, Xapian::DB_OPEN);
            for (const auto& [key, most] : most_slots) {
                shard.set_metadata(key, std::to_string(most));
            }
            shard.commit();
        } catch (const Xapian::Error&) {
            rethrow_write_failure(path, m_target.path() + " (stamping a shard)");
        }
    }
    shards::write_stub(folder, m_shards);
}

Xapian::doccount ShardedSink::finish() {
    m_work->close();
    const std::string merged = m_folder + "/merged";
    if (m_keep_apart) {
        compact_apart(merged);
    } else {
        merge_parts(0, static_cast<unsigned>(m_parts.size()), merged, "merging the shards");
    }
    // Everything the target's writer did (the schema stamp of a new database, --delete) is
    // committed; it keeps the lock while the merged database takes its place.
    m_target.commit();
    swap_into_place(merged, m_target.path());
    m_target.close();
    try {
        return Xapian::Database(m_target.path()).get_doccount();
    } catch (const Xapian::Error&) {
        rethrow_as_news_error(m_target.path());
    }
}

} // namespace news::indexer
