#include "engine/sampling/candidates.h"

#include <algorithm>
#include <cmath>

namespace perimeter::engine {

void Candidates::reset(std::span<const float> logits) {
    data_.resize(logits.size());
    for (size_t i = 0; i < logits.size(); ++i) {
        // A NaN logit (broken forward pass) must never be sampled: treat it as masked.
        const float l = std::isnan(logits[i]) ? -INFINITY : logits[i];
        data_[i] = Candidate{int32_t(i), l, 0.0f};
    }
    sorted = false;
    selected = -1;
}

void Candidates::truncate(size_t n) {
    if (n < data_.size()) data_.resize(n);  // shrinking keeps the capacity: no allocation later
}

void Candidates::sort_desc(size_t k) {
    if (sorted) return;
    auto cmp = [](const Candidate& a, const Candidate& b) {
        // Ties broken by id so that the order does not depend on the sort implementation.
        return a.logit > b.logit || (a.logit == b.logit && a.id < b.id);
    };
    if (k == 0 || k >= data_.size()) {
        std::sort(data_.begin(), data_.end(), cmp);
        sorted = true;
    } else {
        std::partial_sort(data_.begin(), data_.begin() + std::ptrdiff_t(k), data_.end(), cmp);
    }
}

void Candidates::softmax() {
    if (data_.empty()) return;
    float max_l = -INFINITY;
    for (const auto& t : data_) max_l = std::max(max_l, t.logit);
    if (max_l == -INFINITY) {  // everything masked: leave p at zero, callers check
        for (auto& t : data_) t.p = 0.0f;
        return;
    }
    double sum = 0.0;
    for (auto& t : data_) {
        t.p = std::exp(t.logit - max_l);
        sum += t.p;
    }
    for (auto& t : data_) t.p = float(t.p / sum);
}

}  // namespace perimeter::engine
