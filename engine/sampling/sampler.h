// Samplers: small composable objects that narrow or reweight the candidate array of one step,
// each with its own state (an RNG, a window of past tokens). A SamplerChain runs them in order;
// the last one selects a token. Modelled on llama.cpp's llama-sampling.cpp.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "engine/sampling/candidates.h"
#include "engine/sampling/rng.h"

namespace perimeter::engine {

class SamplingError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Sampler {
public:
    virtual ~Sampler() = default;
    virtual std::string_view name() const = 0;
    // Narrows, reweights or selects (sets cands.selected). Must not allocate.
    virtual void apply(Candidates& cands) = 0;
    // Told about every token that is appended to the sequence (sampled or forced).
    virtual void accept(int32_t /*token*/) {}
    // Back to the state right after construction (same seed, empty history).
    virtual void reset() {}
};

// Selects the highest logit (ties: the lowest id).
class GreedySampler final : public Sampler {
public:
    std::string_view name() const override { return "greedy"; }
    void apply(Candidates& cands) override;
};

// Divides logits by t. t <= 0 keeps only the maximum (so the chain becomes greedy).
class TemperatureSampler final : public Sampler {
public:
    explicit TemperatureSampler(float t) : t_(t) {}
    std::string_view name() const override { return "temperature"; }
    void apply(Candidates& cands) override;

private:
    float t_;
};

// Keeps the k highest logits (k <= 0: no-op).
class TopKSampler final : public Sampler {
public:
    explicit TopKSampler(int32_t k) : k_(k) {}
    std::string_view name() const override { return "top-k"; }
    void apply(Candidates& cands) override;

private:
    int32_t k_;
};

// Nucleus: keeps the smallest prefix (by probability) whose mass reaches p (p >= 1: no-op).
class TopPSampler final : public Sampler {
public:
    explicit TopPSampler(float p, size_t min_keep = 1) : p_(p), min_keep_(min_keep) {}
    std::string_view name() const override { return "top-p"; }
    void apply(Candidates& cands) override;

private:
    float p_;
    size_t min_keep_;
};

// Keeps tokens whose probability is at least p times the top probability (p <= 0: no-op).
class MinPSampler final : public Sampler {
public:
    explicit MinPSampler(float p, size_t min_keep = 1) : p_(p), min_keep_(min_keep) {}
    std::string_view name() const override { return "min-p"; }
    void apply(Candidates& cands) override;

private:
    float p_;
    size_t min_keep_;
};

// Repetition, frequency and presence penalties over the last `last_n` accepted tokens:
//   logit' = (logit > 0 ? logit / repeat : logit * repeat) - count * freq - (count > 0) * presence
// for every token that occurs `count` > 0 times in the window (as llama.cpp).
class PenaltiesSampler final : public Sampler {
public:
    PenaltiesSampler(int32_t last_n, float repeat, float freq, float presence, size_t n_vocab = 0);
    std::string_view name() const override { return "penalties"; }
    void apply(Candidates& cands) override;
    void accept(int32_t token) override;
    void reset() override;
    int32_t count(int32_t token) const;

private:
    int32_t last_n_;
    float repeat_, freq_, presence_;
    std::vector<int32_t> window_;  // ring buffer of the last last_n tokens
    size_t head_ = 0;              // next slot to overwrite
    size_t filled_ = 0;
    std::vector<int32_t> counts_;  // occurrences in the window, indexed by token id
};

// Draws from the softmax of the remaining candidates with its own seeded RNG.
class DistSampler final : public Sampler {
public:
    explicit DistSampler(uint64_t seed) : seed_(seed), rng_(seed) {}
    std::string_view name() const override { return "dist"; }
    void apply(Candidates& cands) override;
    void reset() override { rng_.reseed(seed_); }

private:
    uint64_t seed_;
    Rng rng_;
};

}  // namespace perimeter::engine
