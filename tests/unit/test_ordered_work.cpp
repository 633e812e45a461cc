/// @file
/// @brief Unit tests: ordered_work (results in submission order whatever the workers' speed,
/// bounds on what is in flight, lanes, a worker's exception).
#include "news/indexer/ordered_work.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using news::indexer::InFlightLimits;
using news::indexer::OrderedWork;

// Later jobs finish first: job i sleeps (20 - i % 20) * 50 microseconds.
int slow_square(int&& job, unsigned /*worker*/) {
    std::this_thread::sleep_for(std::chrono::microseconds((20 - job % 20) * 50));
    return job * job;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ordered_work)

BOOST_AUTO_TEST_CASE(results_come_back_in_submission_order) {
    for (const bool lane_per_worker : {false, true}) {
        OrderedWork<int, int> work(3, lane_per_worker, InFlightLimits{8, 1000}, slow_square);
        std::vector<int> results;
        for (int i = 0; i < 100; ++i) {
            work.submit(int{i}, 1, static_cast<std::size_t>(i));
            while (auto result = work.next(/*wait=*/false)) {
                results.push_back(*result);
            }
            while (work.full()) {
                if (auto result = work.next(/*wait=*/true)) {
                    results.push_back(*result);
                }
            }
        }
        while (auto result = work.next(/*wait=*/true)) {
            results.push_back(*result);
        }
        work.close();
        BOOST_TEST_REQUIRE(results.size() == 100U);
        for (int i = 0; i < 100; ++i) {
            BOOST_TEST(results[static_cast<std::size_t>(i)] == i * i);
        }
    }
}

BOOST_AUTO_TEST_CASE(is_full_at_the_job_or_byte_bound) {
    OrderedWork<int, int> by_jobs(2, false, InFlightLimits{2, 1000}, slow_square);
    by_jobs.submit(1, 1);
    BOOST_TEST(!by_jobs.full());
    by_jobs.submit(2, 1);
    BOOST_TEST(by_jobs.full());
    BOOST_TEST(by_jobs.next(/*wait=*/true).value() == 1);
    BOOST_TEST(!by_jobs.full());

    OrderedWork<int, int> by_bytes(2, false, InFlightLimits{100, 1000}, slow_square);
    by_bytes.submit(1, 600);
    BOOST_TEST(!by_bytes.full());
    by_bytes.submit(2, 600);
    BOOST_TEST(by_bytes.full());
    BOOST_TEST(by_bytes.next(/*wait=*/true).value() == 1);
    BOOST_TEST(!by_bytes.full());
    BOOST_TEST(by_bytes.next(/*wait=*/true).value() == 4);
    BOOST_TEST(!by_bytes.next(/*wait=*/true).has_value(), "nothing in flight");
}

BOOST_AUTO_TEST_CASE(a_lane_per_worker_runs_each_job_on_its_lanes_worker) {
    std::vector<unsigned> finished(3, 0);
    OrderedWork<int, unsigned> work(
        3, /*lane_per_worker=*/true, InFlightLimits{},
        [](int&& /*job*/, unsigned worker) { return worker; },
        [&](unsigned worker) { ++finished[worker]; });
    for (int i = 0; i < 30; ++i) {
        work.submit(int{i}, 1, static_cast<std::size_t>(i));
    }
    for (unsigned i = 0; i < 30; ++i) {
        BOOST_TEST(work.next(/*wait=*/true).value() == i % 3);
    }
    work.close();
    BOOST_TEST(finished == (std::vector<unsigned>{1, 1, 1}), "finish runs once per worker");
}

BOOST_AUTO_TEST_CASE(a_workers_exception_reaches_the_submitter) {
    OrderedWork<int, int> work(2, false, InFlightLimits{}, [](int&& job, unsigned) {
        if (job == 3) {
            throw std::runtime_error("disk on fire");
        }
        return job;
    });
    for (int i = 0; i < 6; ++i) {
        work.submit(int{i}, 1);
    }
    BOOST_CHECK_EXCEPTION(
        while (work.next(/*wait=*/true)){}, std::runtime_error,
        [](const std::runtime_error& e) { return std::string(e.what()) == "disk on fire"; });
    BOOST_CHECK_THROW(work.close(), std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()
