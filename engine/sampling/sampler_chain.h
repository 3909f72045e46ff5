// A sequence of samplers applied to one step's logits; the last one selects the token.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "engine/sampling/candidates.h"
#include "engine/sampling/sampler.h"
#include "engine/sampling/sampling_params.h"

namespace perimeter::engine {

class SamplerChain {
public:
    explicit SamplerChain(size_t n_vocab = 0) : cands_(n_vocab) {}

    SamplerChain& add(std::unique_ptr<Sampler> s);
    // Puts a sampler first (a grammar mask must run before top-k cuts the candidates).
    SamplerChain& add_front(std::unique_ptr<Sampler> s);

    // Runs every sampler over the logits and returns the selected token id. Does not call
    // accept(): the caller does, once the token is really appended. Greedy if no sampler selects.
    // Throws SamplingError when every candidate is masked.
    int32_t sample(std::span<const float> logits);
    void accept(int32_t token);
    void reset();

    size_t size() const { return samplers_.size(); }
    const Sampler& at(size_t i) const { return *samplers_[i]; }
    // The candidates after the last sample() (for tests and for showing top alternatives).
    const Candidates& candidates() const { return cands_; }

private:
    std::vector<std::unique_ptr<Sampler>> samplers_;
    Candidates cands_;
    GreedySampler fallback_;
};

// The usual chain for params, in llama.cpp's default order:
//   penalties -> top-k -> top-p -> min-p -> temperature -> dist     (temperature > 0)
//   penalties -> greedy                                             (temperature <= 0)
// Throws SamplingError when params.validate() fails.
SamplerChain make_sampler_chain(const SamplingParams& params, size_t n_vocab);

}  // namespace perimeter::engine
