// The candidate array that samplers work on: one entry per vocabulary token, filled from the
// logits of one step. Sized once for the vocabulary and refilled every step, so sampling a
// token allocates nothing (llama.cpp's llama_token_data_array).
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace perimeter::engine {

struct Candidate {
    int32_t id = 0;
    float logit = 0.0f;
    float p = 0.0f;  // probability, valid after softmax()
};

class Candidates {
public:
    Candidates() = default;
    explicit Candidates(size_t n_vocab) { data_.reserve(n_vocab); }

    // Refills from one step's logits (entry i is token i). Reallocates only if the
    // vocabulary grew since the last call.
    void reset(std::span<const float> logits);

    size_t size() const { return data_.size(); }
    bool empty() const { return data_.empty(); }
    Candidate& operator[](size_t i) { return data_[i]; }
    const Candidate& operator[](size_t i) const { return data_[i]; }
    Candidate* begin() { return data_.data(); }
    Candidate* end() { return data_.data() + data_.size(); }
    const Candidate* begin() const { return data_.data(); }
    const Candidate* end() const { return data_.data() + data_.size(); }

    // Drops entries [n, size); keeps the first n (callers sort first when that matters).
    void truncate(size_t n);
    // Sorts by logit, descending. Only the first k entries are sorted (k = 0: all).
    void sort_desc(size_t k = 0);
    // Fills p from logits (numerically stable softmax over the current entries).
    void softmax();

    bool sorted = false;     // entries are in descending logit order
    int32_t selected = -1;   // index (into this array) chosen by the last selecting sampler

private:
    std::vector<Candidate> data_;
};

}  // namespace perimeter::engine
