// ThreadPool: every task runs exactly once, on a valid thread, across many back-to-back calls
// (the spin hand-off) and after the workers have gone to sleep (the futex hand-off).
#include <gtest/gtest.h>

#include <atomic>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <chrono>
#include <thread>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/thread_pool.h"

extern char** environ;

namespace perimeter::kernels {
namespace {

// One owner of the cores: OpenBLAS (linked through kernels) must not have started its own
// threads behind our back before main(), and the pre-init hook that keeps it from doing so must
// leave the environment exactly as the process received it. Runs first, before any pool exists.
TEST(KernelsThreadPool, AAA_NoForeignThreadsAndEnvironmentIntact) {
    size_t threads = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/task")) ++threads;
    EXPECT_EQ(threads, 1u) << "threads running before any ThreadPool was made (OpenBLAS's?)";

    std::ifstream in("/proc/self/environ", std::ios::binary);  // what the kernel handed us
    const std::string block((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> original, now;
    for (size_t p = 0; p < block.size();) {
        const size_t z = block.find('\0', p);
        original.push_back(block.substr(p, z - p));
        p = z == std::string::npos ? block.size() : z + 1;
    }
    for (char** e = environ; e && *e; ++e) now.emplace_back(*e);
    std::sort(original.begin(), original.end());
    std::sort(now.begin(), now.end());
    EXPECT_EQ(now, original);
}

TEST(KernelsThreadPool, SizedToPhysicalCores) {
    ThreadPool pool;
    EXPECT_EQ(pool.size(), cpu_features().physical_cores);
    EXPECT_GE(pool.size(), 1);
}

TEST(KernelsThreadPool, EveryTaskRunsOnceAcrossManyCalls) {
    ThreadPool pool(3);  // more threads than cores is allowed, and stresses the hand-off
    std::vector<std::atomic<int>> hits(1000);
    for (int round = 0; round < 2000; ++round) {
        const int n = 1 + round % 97;
        pool.parallel_for(n, [&](int task, int thread) {
            ASSERT_GE(thread, 0);
            ASSERT_LT(thread, 3);
            hits[size_t(task)].fetch_add(1, std::memory_order_relaxed);
        });
    }
    int total = 0;
    for (auto& h : hits) total += h.load();
    int expect = 0;
    for (int round = 0; round < 2000; ++round) expect += 1 + round % 97;
    EXPECT_EQ(total, expect);
}

TEST(KernelsThreadPool, WakesSleepingWorkers) {
    ThreadPool pool(2);
    std::atomic<int> sum{0};
    pool.parallel_for(8, [&](int t, int) { sum += t; });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // past the spin: workers sleep
    std::atomic<int> workers_used{0};
    pool.parallel_for(64, [&](int t, int thread) {
        sum += t;
        if (thread == 1) workers_used = 1;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    });
    EXPECT_EQ(sum.load(), 28 + 2016);
    EXPECT_EQ(workers_used.load(), 1) << "the sleeping worker never took a task";
}

TEST(KernelsThreadPool, ScratchGrowsAndKeepsItsBuffer) {
    Scratch s;
    void* a = s.get(0, 100);
    EXPECT_EQ(a, s.get(0, 50));
    EXPECT_EQ(reinterpret_cast<uintptr_t>(s.get(3, 1000)) % 64, 0u);
}

}  // namespace
}  // namespace perimeter::kernels
