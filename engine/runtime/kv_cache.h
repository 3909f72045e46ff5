// The key/value cache: for every sequence and layer, the K and V vectors of the positions
// evaluated so far, so that a new token attends to its past without recomputing it.
//
// Layout: each sequence owns its own region of n_ctx positions per layer (slot s = position s,
// as the attention kernel reads it), so sequences never share or fragment memory, a batch can
// mix sequences, and dropping a sequence's tail (prefix reuse) is a length change.
//
// Overflow policy: refuse, never truncate. reserve() throws EngineError(ContextOverflow) naming
// the sequence, the positions needed and the context size, before anything is written; the
// caller decides what to drop (a new session, a shorter prompt).
//
// Only this class changes the lengths; the forward pass writes K/V data into the memory that
// layer() describes, at positions [len, len + n) handed out by reserve(), and then commit()s.
#pragma once
#include <cstdint>
#include <vector>

#include "kernels/ops.h"

namespace perimeter::engine {

class Backend;
struct HParams;

class KvCache {
public:
    // n_ctx positions for each of n_seq sequences; F16 storage unless `type` says F32.
    KvCache(Backend& backend, const HParams& hp, int n_ctx, int n_seq,
            kernels::TensorType type = kernels::TensorType::F16);
    ~KvCache();
    KvCache(const KvCache&) = delete;
    KvCache& operator=(const KvCache&) = delete;

    int n_ctx() const { return n_ctx_; }
    int n_seq() const { return int(len_.size()); }
    // Positions held by a sequence (its next token goes at this position).
    int seq_len(int seq) const;

    // The memory of one layer of one sequence, for kv_write / attention.
    kernels::KvLayer layer(int il, int seq) const;

    // Checks that n more positions fit in `seq` (throws ContextOverflow otherwise) and returns
    // the first of them. Does not change the length: commit() does, after the data is written.
    int reserve(int seq, int n) const;
    void commit(int seq, int n);
    // Keeps the first `len` positions of `seq` (len <= seq_len): the rest are forgotten.
    void truncate(int seq, int len);
    void clear(int seq) { truncate(seq, 0); }
    void clear_all();

    size_t bytes() const { return bytes_; }

private:
    void check_seq(int seq, const char* fn) const;

    Backend& backend_;
    int n_ctx_ = 0;
    int n_layer_ = 0;
    kernels::TensorType type_;
    std::vector<int> len_;          // per sequence
    std::vector<kernels::KvLayer> layers_;  // [seq * n_layer + il]
    std::vector<void*> blocks_;     // backend allocations
    size_t bytes_ = 0;
};

}  // namespace perimeter::engine
