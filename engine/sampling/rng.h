// Seeded pseudo-random generator for sampling: xoshiro256** seeded through splitmix64.
//
// Hand-written (not std::mt19937 + std::uniform_real_distribution) so that the same seed gives
// the same draws with every compiler and standard library: the distributions of <random> are
// implementation-defined.
#pragma once
#include <cstdint>

namespace perimeter::engine {

class Rng {
public:
    explicit Rng(uint64_t seed = 0) { reseed(seed); }

    void reseed(uint64_t seed);
    uint64_t next_u64();
    // Uniform in [0, 1) with 53 random bits.
    double uniform() { return double(next_u64() >> 11) * 0x1.0p-53; }

private:
    uint64_t s_[4] = {};
};

}  // namespace perimeter::engine
