// A batch of tokens to evaluate in one call: any number of tokens from any of the cache's
// sequences, in order. A token's position is not given: it is the next free position of its
// sequence in the KV cache (so a batch can only extend sequences, never leave holes).
#pragma once
#include <cstdint>
#include <vector>

namespace perimeter::engine {

struct Batch {
    std::vector<int32_t> tokens;
    std::vector<int32_t> seq;      // sequence id of each token
    std::vector<uint8_t> output;   // 1: produce this token's output row (logits or hidden state)

    void add(int32_t token, int32_t seq_id, bool want_output) {
        tokens.push_back(token);
        seq.push_back(seq_id);
        output.push_back(want_output ? 1 : 0);
    }
    void clear() {
        tokens.clear();
        seq.clear();
        output.clear();
    }
    int size() const { return int(tokens.size()); }
    bool empty() const { return tokens.empty(); }
};

}  // namespace perimeter::engine
