/// @file
/// @brief ShardedBuild: one writer per thread, merged with Xapian::Database::compact.
#include "news/indexer/sharded_build.hpp"

#include "news/common/analysis.hpp"
#include "news/common/error.hpp"
#include "news/common/schema.hpp"
#include "news/common/text.hpp"
#include "news/indexer/document_builder.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <pthread.h>
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

ShardedBuild::ShardedBuild(const ShardOptions& options)
    : m_options(options),
      m_folder(fmt::format("{}.shards-{}", folder_path(options.target).string(), ::getpid())) {
    // The caller's writer holds the target's lock, so any other shards folder of this target is
    // a dead run's (killed before it could clean up): remove it.
    std::error_code ec;
    const fs::path target = folder_path(options.target);
    const std::string stale_prefix = target.filename().string() + ".shards-";
    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
        if (entry.path().filename().string().rfind(stale_prefix, 0) == 0) {
            std::error_code ignored;
            fs::remove_all(entry.path(), ignored);
        }
    }
    fs::remove_all(m_folder, ec);
    if (!fs::create_directories(m_folder, ec) || ec) {
        throw Error(ErrorKind::CannotCreate, fmt::format("{}: cannot create the shards' folder: {}",
                                                         m_folder, ec.message()));
    }
    const unsigned count = std::max(1U, options.shards);
    WriterOptions writer;
    writer.overwrite = true;
    writer.temporary = true;
    writer.stemmer = options.stemmer;
    writer.batch_size = std::max<std::size_t>(1, options.batch_size);
    writer.batch_bytes = std::max<std::size_t>(1, options.shard_batch_bytes);
    for (unsigned i = 0; i < count; ++i) {
        auto shard = std::make_unique<Shard>();
        writer.path = fmt::format("{}/shard-{}", m_folder, i);
        shard->path = writer.path;
        shard->writer = std::make_unique<IndexWriter>(writer);
        m_shards.push_back(std::move(shard));
    }
    m_writers_open = count;
    for (auto& shard : m_shards) {
        shard->thread = std::thread([this, raw = shard.get()] { work(*raw); });
    }
}

ShardedBuild::~ShardedBuild() {
    stop();
    std::error_code ec;
    fs::remove_all(m_folder, ec); // best effort: nothing of the target is in there
}

void ShardedBuild::stop() {
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    for (auto& shard : m_shards) {
        shard->job_ready.notify_all();
    }
    for (auto& shard : m_shards) {
        if (shard->thread.joinable()) {
            shard->thread.join();
        }
        shard->writer.reset(); // an unfinished shard is discarded with its folder
    }
}

std::size_t ShardedBuild::bytes_of(const Article& article) {
    return article.title.size() + article.body.size();
}

void ShardedBuild::submit(Article article) {
    Shard& shard = *m_shards[text::fnv1a64(article.id) % m_shards.size()];
    {
        const std::lock_guard lock(m_mutex);
        m_bytes_in_flight += bytes_of(article);
        shard.jobs.push_back(Job{m_next_sequence++, std::move(article)});
    }
    shard.job_ready.notify_one();
}

std::optional<ShardResult> ShardedBuild::next(bool wait) {
    std::unique_lock lock(m_mutex);
    if (m_failure) {
        std::rethrow_exception(m_failure);
    }
    if (m_next_out == m_next_sequence) {
        return std::nullopt;
    }
    if (wait) {
        m_done_ready.wait(lock, [&] { return m_done.count(m_next_out) > 0 || m_failure; });
        if (m_failure) {
            std::rethrow_exception(m_failure);
        }
    }
    const auto it = m_done.find(m_next_out);
    if (it == m_done.end()) {
        return std::nullopt;
    }
    ShardResult result = std::move(it->second);
    m_done.erase(it);
    ++m_next_out;
    m_bytes_in_flight -= bytes_of(result.article);
    return result;
}

bool ShardedBuild::full() const {
    const std::lock_guard lock(m_mutex);
    return m_next_sequence - m_next_out >= m_options.max_in_flight ||
           m_bytes_in_flight >= m_options.max_in_flight_bytes;
}

void ShardedBuild::work(Shard& shard) {
    // Signals go to the reading thread, whose blocking read they must interrupt.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    try {
        DocumentBuilder builder(analysis::make_stemmer(m_options.stemmer));
        for (;;) {
            std::unique_lock lock(m_mutex);
            shard.job_ready.wait(lock, [&] { return !shard.jobs.empty() || m_closing || m_stop; });
            if (m_stop) {
                return;
            }
            if (shard.jobs.empty()) { // closing, and all done
                lock.unlock();
                shard.writer->close();
                lock.lock();
                --m_writers_open;
                lock.unlock();
                m_done_ready.notify_all();
                return;
            }
            Job job = std::move(shard.jobs.front());
            shard.jobs.pop_front();
            lock.unlock();

            ShardResult result{std::move(job.article), AddOutcome::Added, {}};
            try {
                const auto pending = shard.writer->prepare(result.article); // fresh: never empty
                result.outcome =
                    shard.writer->write(*pending, builder.build(result.article, pending->payload));
            } catch (const Xapian::InvalidArgumentError& e) {
                result.error = e.get_msg();
            }
            lock.lock();
            m_done.emplace(job.sequence, std::move(result));
            lock.unlock();
            m_done_ready.notify_all();
        }
    } catch (...) {
        {
            const std::lock_guard lock(m_mutex);
            if (!m_failure) {
                m_failure = std::current_exception();
            }
        }
        m_done_ready.notify_all();
    }
}

Xapian::doccount ShardedBuild::finish(IndexWriter& target) {
    {
        std::unique_lock lock(m_mutex);
        m_closing = true;
    }
    for (auto& shard : m_shards) {
        shard->job_ready.notify_all();
    }
    {
        std::unique_lock lock(m_mutex);
        m_done_ready.wait(lock, [&] { return m_writers_open == 0 || m_failure; });
        if (m_failure) {
            lock.unlock();
            stop();
            std::rethrow_exception(m_failure);
        }
    }
    for (auto& shard : m_shards) {
        shard->thread.join();
        shard->writer.reset();
    }

    const std::string merged = m_folder + "/merged";
    try {
        Xapian::Database sources;
        for (const auto& shard : m_shards) {
            sources.add_database(Xapian::Database(shard->path));
        }
        MetadataMerger merger;
        sources.compact(merged, Xapian::DBCOMPACT_MULTIPASS | Xapian::Compactor::FULL, 0, merger);
    } catch (const Xapian::Error&) {
        rethrow_as_news_error(merged);
    }
    // Everything the target's writer did (the schema stamp, --delete) is committed; it keeps
    // the lock while the merged database takes its place.
    target.commit();
    swap_into_place(merged, target.path());
    target.close();
    try {
        return Xapian::Database(target.path()).get_doccount();
    } catch (const Xapian::Error&) {
        rethrow_as_news_error(target.path());
    }
}

} // namespace news::indexer
