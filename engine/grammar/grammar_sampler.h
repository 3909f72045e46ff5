// A GrammarMatcher as a Sampler, for the front of a SamplerChain: drops the candidates the grammar
// does not allow (before top-k can cut allowed ones away) and follows accepted tokens.
#pragma once
#include <memory>

#include "engine/grammar/grammar_matcher.h"
#include "engine/sampling/sampler.h"

namespace perimeter::engine {

class GrammarSampler final : public Sampler {
public:
    explicit GrammarSampler(std::shared_ptr<GrammarMatcher> matcher) : m_(std::move(matcher)) {}
    std::string_view name() const override { return "grammar"; }
    void apply(Candidates& cands) override;
    void accept(int32_t token) override { m_->accept(token); }
    void reset() override { m_->reset(); }
    GrammarMatcher& matcher() { return *m_; }

private:
    std::shared_ptr<GrammarMatcher> m_;
};

}  // namespace perimeter::engine
