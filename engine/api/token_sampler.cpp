#include "engine/api/token_sampler.h"

#include "engine/grammar/grammar_matcher.h"
#include "engine/grammar/grammar_sampler.h"
#include "engine/grammar/json_schema_grammar.h"
#include "engine/grammar/regex_grammar.h"
#include "engine/runtime/engine_error.h"
#include "engine/sampling/sampler_chain.h"

namespace perimeter::engine {

struct TokenSampler::Impl {
    SamplerChain chain;
};

TokenSampler::TokenSampler(const SamplingParams& params, size_t n_vocab, const std::string& json_schema,
                           const std::string& regex, std::shared_ptr<const GrammarVocab> vocab)
    : impl_(std::make_unique<Impl>()) {
    try {
        impl_->chain = make_sampler_chain(params, n_vocab);
    } catch (const std::exception& e) {
        throw EngineError(ErrorCode::InvalidArgument, e.what(), {{"name", "sampling"}, {"value", e.what()}});
    }
    if (json_schema.empty() && regex.empty()) return;
    std::shared_ptr<GrammarMatcher> matcher;
    try {
        auto g = json_schema.empty() ? regex_grammar(regex) : json_schema_grammar(json_schema);
        matcher = std::make_shared<GrammarMatcher>(g, std::move(vocab));
    } catch (const std::exception& e) {
        throw EngineError(ErrorCode::GrammarError, std::string("generate: constraint: ") + e.what(),
                          {{"detail", e.what()}});
    }
    impl_->chain.add_front(std::make_unique<GrammarSampler>(matcher));
}

TokenSampler::~TokenSampler() = default;

int32_t TokenSampler::sample(std::span<const float> logits) {
    try {
        return impl_->chain.sample(logits);
    } catch (const std::exception& e) {
        throw EngineError(ErrorCode::Internal, std::string("generate: sampling: ") + e.what(), {{"detail", e.what()}});
    }
}

void TokenSampler::accept(int32_t token) { impl_->chain.accept(token); }

}  // namespace perimeter::engine
