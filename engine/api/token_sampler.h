// The sampler chain of one generation (engine/sampling), with an optional grammar constraint
// (engine/grammar) at its front, behind one small interface: it builds the constraint, and turns
// the parts' exceptions into EngineError codes (GrammarError, InvalidArgument, Internal).
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "engine/sampling/sampling_params.h"

namespace perimeter::engine {

class GrammarVocab;

class TokenSampler {
public:
    // json_schema / regex: at most one non-empty. Throws EngineError(GrammarError) for a
    // constraint that does not compile, EngineError(InvalidArgument) for bad params.
    TokenSampler(const SamplingParams& params, size_t n_vocab, const std::string& json_schema,
                 const std::string& regex, std::shared_ptr<const GrammarVocab> vocab);
    ~TokenSampler();
    int32_t sample(std::span<const float> logits);
    void accept(int32_t token);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace perimeter::engine
