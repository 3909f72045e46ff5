#include "engine/grammar/grammar_sampler.h"

namespace perimeter::engine {

void GrammarSampler::apply(Candidates& cands) {
    const auto& mask = m_->allowed();
    const size_t n_vocab = m_->vocab().size();
    size_t kept = 0;
    for (size_t i = 0; i < cands.size(); ++i) {
        const int32_t id = cands[i].id;
        if (id >= 0 && size_t(id) < n_vocab && ((mask[size_t(id) >> 6] >> (id & 63)) & 1)) cands[kept++] = cands[i];
    }
    if (kept == 0) throw SamplingError("grammar: no token can continue the grammar");
    cands.truncate(kept);  // order kept, so a sorted array stays sorted
}

}  // namespace perimeter::engine
