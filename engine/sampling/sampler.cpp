#include "engine/sampling/sampler.h"

#include <algorithm>
#include <cmath>

namespace perimeter::engine {

void GreedySampler::apply(Candidates& cands) {
    if (cands.empty()) throw SamplingError("greedy: no candidates");
    size_t best = 0;
    for (size_t i = 1; i < cands.size(); ++i) {
        const auto& a = cands[i];
        const auto& b = cands[best];
        if (a.logit > b.logit || (a.logit == b.logit && a.id < b.id)) best = i;
    }
    if (cands[best].logit == -INFINITY) throw SamplingError("greedy: every candidate is masked");
    cands.selected = int32_t(best);
}

void TemperatureSampler::apply(Candidates& cands) {
    if (cands.empty()) return;
    if (t_ <= 0.0f) {
        // Keep only the maximum: everything after becomes deterministic.
        size_t best = 0;
        for (size_t i = 1; i < cands.size(); ++i) {
            if (cands[i].logit > cands[best].logit ||
                (cands[i].logit == cands[best].logit && cands[i].id < cands[best].id)) best = i;
        }
        std::swap(cands[0], cands[best]);
        cands.truncate(1);
        cands.sorted = true;
        return;
    }
    const float inv = 1.0f / t_;
    for (auto& t : cands) t.logit *= inv;
}

void TopKSampler::apply(Candidates& cands) {
    if (k_ <= 0 || size_t(k_) >= cands.size()) return;
    cands.sort_desc(size_t(k_));
    cands.truncate(size_t(k_));
    cands.sorted = true;
}

void TopPSampler::apply(Candidates& cands) {
    if (p_ >= 1.0f || cands.size() <= 1) return;
    cands.softmax();
    // Sort only as far as needed: most of the mass usually sits in the first few hundred.
    size_t k = std::min<size_t>(cands.size(), 256);
    for (;;) {
        cands.sort_desc(k);
        double cum = 0.0;
        for (size_t i = 0; i < k; ++i) {
            cum += cands[i].p;
            if (cum >= p_ && i + 1 >= min_keep_) {
                cands.truncate(i + 1);
                cands.sorted = true;
                return;
            }
        }
        if (k == cands.size()) return;  // rounding: the whole array is the nucleus
        k = std::min(cands.size(), k * 4);
    }
}

void MinPSampler::apply(Candidates& cands) {
    if (p_ <= 0.0f || cands.size() <= 1) return;
    float max_l = -INFINITY;
    for (const auto& t : cands) max_l = std::max(max_l, t.logit);
    // p_i >= p * p_max  <=>  logit_i >= max_logit + log(p)
    const float min_logit = max_l + std::log(p_);
    size_t kept = 0;
    for (size_t i = 0; i < cands.size(); ++i)
        if (cands[i].logit >= min_logit) cands[kept++] = cands[i];  // stable: order preserved
    if (kept < min_keep_) return;  // rare: keep all rather than fewer than asked
    cands.truncate(kept);
}

PenaltiesSampler::PenaltiesSampler(int32_t last_n, float repeat, float freq, float presence, size_t n_vocab)
    : last_n_(std::max(last_n, 0)), repeat_(repeat), freq_(freq), presence_(presence) {
    window_.assign(size_t(last_n_), -1);
    counts_.assign(n_vocab, 0);
}

int32_t PenaltiesSampler::count(int32_t token) const {
    return (token >= 0 && size_t(token) < counts_.size()) ? counts_[size_t(token)] : 0;
}

void PenaltiesSampler::accept(int32_t token) {
    if (last_n_ == 0 || token < 0) return;
    if (size_t(token) >= counts_.size()) counts_.resize(size_t(token) + 1, 0);  // only if n_vocab was not given
    if (filled_ == window_.size()) {
        const int32_t old = window_[head_];
        if (old >= 0) --counts_[size_t(old)];
    } else {
        ++filled_;
    }
    window_[head_] = token;
    ++counts_[size_t(token)];
    head_ = (head_ + 1) % window_.size();
}

void PenaltiesSampler::reset() {
    std::fill(window_.begin(), window_.end(), -1);
    std::fill(counts_.begin(), counts_.end(), 0);
    head_ = 0;
    filled_ = 0;
}

void PenaltiesSampler::apply(Candidates& cands) {
    if (filled_ == 0) return;
    if (repeat_ == 1.0f && freq_ == 0.0f && presence_ == 0.0f) return;
    for (auto& t : cands) {
        const int32_t c = count(t.id);
        if (c == 0) continue;
        if (t.logit > 0.0f) t.logit /= repeat_;
        else t.logit *= repeat_;
        t.logit -= float(c) * freq_ + presence_;
    }
    cands.sorted = false;
}

void DistSampler::apply(Candidates& cands) {
    if (cands.empty()) throw SamplingError("dist: no candidates");
    cands.softmax();
    double total = 0.0;
    for (const auto& t : cands) total += t.p;
    if (!(total > 0.0)) throw SamplingError("dist: every candidate is masked");
    // Inverse CDF on our own uniform draw: portable, unlike std::discrete_distribution.
    const double u = rng_.uniform() * total;
    double cum = 0.0;
    size_t last_nonzero = 0;
    for (size_t i = 0; i < cands.size(); ++i) {
        if (cands[i].p <= 0.0f) continue;
        last_nonzero = i;
        cum += cands[i].p;
        if (u < cum) {
            cands.selected = int32_t(i);
            return;
        }
    }
    cands.selected = int32_t(last_nonzero);  // u landed in the rounding gap at the end
}

}  // namespace perimeter::engine
