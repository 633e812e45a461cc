/// @file
/// @brief OrderedWork: worker threads process jobs; results come back in submission order.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace news::indexer {

/// Blocks SIGINT and SIGTERM in the calling thread: signals go to the reading thread, whose
/// blocking read (Ctrl-C on a pipe) they must interrupt, never to a worker.
void block_interrupt_signals();

/// Bounds on the work submitted and not yet taken back with next().
struct InFlightLimits {
    std::size_t jobs = 256;                     ///< whatever their size
    std::size_t bytes = std::size_t{64} << 20U; ///< as counted by the submitter
};

/// Worker threads that process jobs while one thread submits them and takes the results back
/// in submission order, so "the later article wins" holds as in a single-threaded run.
///
/// Jobs go to lanes. With one lane every worker takes from it (a pool of equals); with one lane
/// per worker each job runs on the worker of its lane (a worker that owns a resource, such as a
/// shard's writer). The submitter keeps memory bounded by taking results while full().
///
/// A worker that throws stops the work: next() and close() rethrow its exception.
template <typename Job, typename Result> class OrderedWork {
public:
    /// Runs one job on worker @p worker (0-based).
    using Process = std::function<Result(Job&& job, unsigned worker)>;
    /// Runs on each worker's own thread after its lane is empty and close() was called.
    using Finish = std::function<void(unsigned worker)>;

    /// Starts @p workers threads (at least one); @p lane_per_worker gives each its own lane.
    OrderedWork(unsigned workers, bool lane_per_worker, InFlightLimits limits, Process process,
                Finish finish = {})
        : m_limits(limits), m_process(std::move(process)), m_finish(std::move(finish)) {
        const unsigned count = std::max(1U, workers);
        const unsigned lanes = lane_per_worker ? count : 1;
        for (unsigned i = 0; i < lanes; ++i) {
            m_lanes.push_back(std::make_unique<Lane>());
        }
        m_workers.reserve(count);
        for (unsigned i = 0; i < count; ++i) {
            m_workers.emplace_back([this, i] { work(i); });
        }
    }

    /// Stops the workers at once and joins them; unfinished jobs are dropped.
    ~OrderedWork() { stop(); }
    OrderedWork(const OrderedWork&) = delete;
    OrderedWork& operator=(const OrderedWork&) = delete;

    /// The number of lanes (submit()'s @p lane is taken modulo it).
    [[nodiscard]] std::size_t lanes() const noexcept { return m_lanes.size(); }

    /// Queues @p job on @p lane; @p bytes count towards InFlightLimits::bytes until the
    /// result is taken.
    void submit(Job job, std::size_t bytes, std::size_t lane = 0) {
        Lane& target = *m_lanes[lane % m_lanes.size()];
        {
            const std::lock_guard lock(m_mutex);
            m_bytes_in_flight += bytes;
            target.jobs.push_back(Entry{m_next_sequence++, bytes, std::move(job)});
        }
        target.ready.notify_all();
    }

    /// The next result in submission order: waits for it when @p wait, else std::nullopt when
    /// it is not ready; std::nullopt too when nothing is in flight.
    /// @throws whatever a worker threw.
    [[nodiscard]] std::optional<Result> next(bool wait) {
        std::unique_lock lock(m_mutex);
        rethrow_failure();
        if (m_next_out == m_next_sequence) {
            return std::nullopt;
        }
        if (wait) {
            m_done_ready.wait(lock, [&] { return m_done.count(m_next_out) > 0 || m_failure; });
            rethrow_failure();
        }
        const auto it = m_done.find(m_next_out);
        if (it == m_done.end()) {
            return std::nullopt;
        }
        Result result = std::move(it->second.second);
        m_bytes_in_flight -= it->second.first;
        m_done.erase(it);
        ++m_next_out;
        return result;
    }

    /// True when the jobs or bytes in flight (submitted, result not taken) reach the limits.
    [[nodiscard]] bool full() const {
        const std::lock_guard lock(m_mutex);
        return m_next_sequence - m_next_out >= std::max<std::size_t>(1, m_limits.jobs) ||
               m_bytes_in_flight >= std::max<std::size_t>(1, m_limits.bytes);
    }

    /// After every result was taken: lets each worker run Finish on its own thread, then joins
    /// them.
    /// @throws whatever a worker threw.
    void close() {
        {
            const std::lock_guard lock(m_mutex);
            m_closing = true;
        }
        notify_lanes();
        join();
        const std::lock_guard lock(m_mutex);
        rethrow_failure();
    }

private:
    struct Entry {
        std::uint64_t sequence;
        std::size_t bytes;
        Job job;
    };
    struct Lane {
        std::deque<Entry> jobs;
        std::condition_variable ready;
    };

    void work(unsigned worker) {
        block_interrupt_signals();
        Lane& lane = *m_lanes[worker % m_lanes.size()];
        try {
            for (;;) {
                std::unique_lock lock(m_mutex);
                lane.ready.wait(lock, [&] { return !lane.jobs.empty() || m_closing || m_stop; });
                if (m_stop || m_failure) {
                    return;
                }
                if (lane.jobs.empty()) { // closing, and this lane is done
                    lock.unlock();
                    if (m_finish) {
                        m_finish(worker);
                    }
                    return;
                }
                Entry entry = std::move(lane.jobs.front());
                lane.jobs.pop_front();
                lock.unlock();
                Result result = m_process(std::move(entry.job), worker);
                lock.lock();
                m_done.emplace(entry.sequence, std::pair{entry.bytes, std::move(result)});
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
            notify_lanes(); // the other workers stop too
        }
    }

    void stop() {
        {
            const std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        notify_lanes();
        join();
    }

    void join() {
        for (auto& worker : m_workers) {
            if (worker.joinable()) {
                worker.join();
            }
        }
    }

    void notify_lanes() {
        for (auto& lane : m_lanes) {
            lane->ready.notify_all();
        }
    }

    // Called with m_mutex held.
    void rethrow_failure() const {
        if (m_failure) {
            std::rethrow_exception(m_failure);
        }
    }

    InFlightLimits m_limits;
    Process m_process;
    Finish m_finish;
    mutable std::mutex m_mutex;
    std::condition_variable m_done_ready;
    std::vector<std::unique_ptr<Lane>> m_lanes; ///< a lane's condition variable cannot move
    std::map<std::uint64_t, std::pair<std::size_t, Result>> m_done; ///< sequence -> bytes, result
    std::uint64_t m_next_sequence = 0; ///< given to the next submitted job
    std::uint64_t m_next_out = 0;      ///< the sequence next() returns next
    std::size_t m_bytes_in_flight = 0;
    bool m_closing = false; ///< no more jobs: finish each lane, then leave
    bool m_stop = false;    ///< leave at once
    std::exception_ptr m_failure;
    std::vector<std::thread> m_workers; ///< last: started after everything they use exists
};

} // namespace news::indexer
