#include "kernels/read_bandwidth.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include <sys/mman.h>

namespace perimeter::kernels {
namespace {

// Sums a range with eight independent accumulators (the compiler vectorises it); the sum is
// returned so the loads are live.
uint64_t sum_words(const uint64_t* p, size_t n) {
    uint64_t a[8] = {};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; ++k) a[k] += p[i + size_t(k)];
    for (; i < n; ++i) a[0] += p[i];
    uint64_t s = 0;
    for (uint64_t v : a) s += v;
    return s;
}

}  // namespace

ReadBandwidth measure_read_bandwidth(ThreadPool& pool, size_t buffer_bytes, int passes) {
    const int nt = pool.size();
    const size_t per_thread = buffer_bytes / size_t(nt) / 4096 * 4096;
    if (per_thread == 0 || passes < 1) throw std::invalid_argument("measure_read_bandwidth: buffer too small");
    const size_t words = per_thread / sizeof(uint64_t);
    struct Free {
        void operator()(void* p) const { std::free(p); }
    };
    std::unique_ptr<uint64_t, Free> buf(static_cast<uint64_t*>(std::aligned_alloc(4096, per_thread * size_t(nt))));
    if (!buf) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    // Huge pages where the kernel allows them: the probe should not be slowed by TLB misses that
    // the model's weights (mapped from 2 MiB page-cache folios) do not have.
    (void)::madvise(buf.get(), per_thread * size_t(nt), MADV_HUGEPAGE);
#endif
    // Each thread first-touches its own share (page placement on multi-socket machines).
    pool.parallel_for(nt, [&](int task, int) {
        uint64_t* p = buf.get() + size_t(task) * words;
        for (size_t i = 0; i < words; ++i) p[i] = i * 0x9E3779B97F4A7C15ull;
    });
    std::vector<uint64_t> sinks(size_t(nt), 0);
    std::vector<double> gbps;
    for (int pass = 0; pass <= passes; ++pass) {  // pass 0 is a warm-up
        const auto t0 = std::chrono::steady_clock::now();
        pool.parallel_for(nt, [&](int task, int) {
            sinks[size_t(task)] += sum_words(buf.get() + size_t(task) * words, words);
        });
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (pass > 0) gbps.push_back(double(per_thread) * nt / s / 1e9);
    }
    volatile uint64_t keep = 0;
    for (uint64_t v : sinks) keep = keep + v;
    (void)keep;
    std::sort(gbps.begin(), gbps.end());
    ReadBandwidth r;
    r.best_gbps = gbps.back();
    r.median_gbps = gbps[gbps.size() / 2];
    r.buffer_bytes = per_thread * size_t(nt);
    r.passes = passes;
    return r;
}

}  // namespace perimeter::kernels
