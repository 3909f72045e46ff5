// The machine's memory read bandwidth, as the bandwidth limit of generation is computed from it:
// every pool thread streams its share of a buffer far larger than the caches (summing 64-bit
// words, so the loads cannot be skipped), best of several passes, on huge pages where the kernel
// allows them. Benchmarks only.
#pragma once
#include <cstddef>

#include "kernels/thread_pool.h"

namespace perimeter::kernels {

struct ReadBandwidth {
    double best_gbps = 0;    // best pass, 1e9 bytes per second
    double median_gbps = 0;  // median pass
    size_t buffer_bytes = 0;
    int passes = 0;
};

// buffer_bytes is rounded down to a multiple of 4 KiB per thread; passes >= 1.
ReadBandwidth measure_read_bandwidth(ThreadPool& pool, size_t buffer_bytes = size_t(1) << 30, int passes = 7);

}  // namespace perimeter::kernels
