#include "engine/sampling/sampler_chain.h"

#include <cmath>
#include <string>

namespace perimeter::engine {

std::string SamplingParams::validate() const {
    auto bad = [](const char* field, const char* expected, double got) {
        return std::string("SamplingParams: ") + field + ": expected " + expected + ", got " + std::to_string(got);
    };
    if (std::isnan(temperature)) return bad("temperature", "a number", temperature);
    if (!(top_p > 0.0f)) return bad("top_p", "(0, 1]", top_p);
    if (!(min_p >= 0.0f && min_p <= 1.0f)) return bad("min_p", "[0, 1]", min_p);
    if (!(repeat_penalty > 0.0f)) return bad("repeat_penalty", "> 0", repeat_penalty);
    if (penalty_last_n < 0) return bad("penalty_last_n", ">= 0", penalty_last_n);
    if (std::isnan(frequency_penalty)) return bad("frequency_penalty", "a number", frequency_penalty);
    if (std::isnan(presence_penalty)) return bad("presence_penalty", "a number", presence_penalty);
    for (const auto& s : stop)
        if (s.empty()) return "SamplingParams: stop: expected non-empty strings, got an empty one";
    return {};
}

SamplerChain& SamplerChain::add(std::unique_ptr<Sampler> s) {
    samplers_.push_back(std::move(s));
    return *this;
}

SamplerChain& SamplerChain::add_front(std::unique_ptr<Sampler> s) {
    samplers_.insert(samplers_.begin(), std::move(s));
    return *this;
}

int32_t SamplerChain::sample(std::span<const float> logits) {
    if (logits.empty()) throw SamplingError("sample: empty logits");
    cands_.reset(logits);
    for (auto& s : samplers_) {
        s->apply(cands_);
        if (cands_.empty()) throw SamplingError("sample: sampler '" + std::string(s->name()) + "' left no candidates");
    }
    if (cands_.selected < 0) fallback_.apply(cands_);
    return cands_[size_t(cands_.selected)].id;
}

void SamplerChain::accept(int32_t token) {
    for (auto& s : samplers_) s->accept(token);
}

void SamplerChain::reset() {
    for (auto& s : samplers_) s->reset();
}

SamplerChain make_sampler_chain(const SamplingParams& p, size_t n_vocab) {
    if (auto err = p.validate(); !err.empty()) throw SamplingError(err);
    SamplerChain chain(n_vocab);
    const bool penalties = p.penalty_last_n > 0 &&
        (p.repeat_penalty != 1.0f || p.frequency_penalty != 0.0f || p.presence_penalty != 0.0f);
    if (penalties)
        chain.add(std::make_unique<PenaltiesSampler>(p.penalty_last_n, p.repeat_penalty, p.frequency_penalty,
                                                     p.presence_penalty, n_vocab));
    if (p.temperature <= 0.0f) {
        chain.add(std::make_unique<GreedySampler>());
        return chain;
    }
    if (p.top_k > 0) chain.add(std::make_unique<TopKSampler>(p.top_k));
    if (p.top_p < 1.0f) chain.add(std::make_unique<TopPSampler>(p.top_p));
    if (p.min_p > 0.0f) chain.add(std::make_unique<MinPSampler>(p.min_p));
    chain.add(std::make_unique<TemperatureSampler>(p.temperature));
    chain.add(std::make_unique<DistSampler>(p.seed));
    return chain;
}

}  // namespace perimeter::engine
