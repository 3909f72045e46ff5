// One micro-batch on its way through the network: the tokens, their positions, the activation
// buffers, and the few operations every decoder shares (attention over the KV cache, the output
// head). An architecture's forward() is written against this struct (see arch/*.cpp).
//
// Buffers are the backend's memory, sized for n_ubatch tokens; row t of each belongs to token t.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <vector>

#include "engine/model/model.h"
#include "engine/runtime/backend.h"
#include "engine/runtime/kv_cache.h"

namespace perimeter::engine {

// What the output head produces for each token that asked for output.
enum class OutputKind {
    Logits,  // n_vocab scores (after the LM head and any final soft-cap)
    Hidden,  // the final hidden state (after the final norm), n_embd values: embeddings
};

// Called once per output row, in batch order: index = the token's index in the Batch.
using OutputFn = std::function<void(int index, std::span<const float> row)>;

struct Step {
    // ---- the model ---------------------------------------------------------------------------
    const HParams& hp;
    const ModelWeights& w;
    Backend& b;
    KvCache& cache;
    const float* rope_factors = nullptr;  // llama3 per-frequency divisors (tensor or computed)

    // ---- the tokens ----------------------------------------------------------------------------
    int n = 0;                        // tokens in this micro-batch
    const int32_t* tokens = nullptr;  // host [n]
    const int32_t* pos = nullptr;     // host [n] position of each token in its sequence
    struct Run {                      // consecutive tokens of one sequence
        int seq, start, n, pos0;
    };
    std::vector<Run> runs;

    // ---- activations (backend memory, n rows each) ----------------------------------------------
    float* x = nullptr;     // [n, E]        residual stream
    float* xb = nullptr;    // [n, E]        normalised input of a block / block output
    float* xb2 = nullptr;   // [n, E]        second scratch row (post-norm outputs, embeddings)
    float* q = nullptr;     // [n, H*Dk]
    float* k = nullptr;     // [n, Hkv*Dk]
    float* v = nullptr;     // [n, Hkv*Dv]
    float* att = nullptr;   // [n, H*Dv]     attention output (heads concatenated)
    float* hb = nullptr;    // [n, F]        FFN hidden (gate)
    float* hb2 = nullptr;   // [n, F]        FFN hidden (up)

    // ---- helpers shared by the architectures -------------------------------------------------
    kernels::WeightView W(const GgufTensor* t) const { return b.weight(*t); }
    const float* V(const GgufTensor* t) const { return b.vec(t); }
    // Throws EngineError(Cancelled) when the caller's flag is set (checked between layers).
    void check_cancel() const;
    // Rope parameters of layer il (base and scale per layer, llama3 factors, NeoX or normal order).
    kernels::RopeParams rope(int il) const;
    // Attention settings of layer il: heads, scale, soft-cap, causal mask, sliding window.
    kernels::AttentionParams attention(int il) const;
    // y = x W^T (+ bias): a linear layer over the n rows.
    void linear(const GgufTensor* wt, const GgufTensor* bias, const float* in, float* out);
    // Several linear layers of the same input (q/k/v, gate/up) in one backend call.
    struct Linear {
        const GgufTensor* w;
        const GgufTensor* bias;
        float* out;
    };
    void linears(std::initializer_list<Linear> layers, const float* in);
    // Stores this micro-batch's k and v rows in the cache of every run's sequence, then
    // attends each run's queries to its sequence's positions 0 .. pos0+n-1; result in att.
    void attend(int il, const kernels::AttentionParams& p);
    // Hands the rows of `h` [n, E] that asked for output to the output head: the LM head
    // (`lm_head`, then soft-cap) for Logits, a copy for Hidden.
    void emit(const float* h, const GgufTensor* lm_head);

    // Set by the Transformer.
    const std::atomic<bool>* cancel = nullptr;
    const uint8_t* want = nullptr;    // host [n]
    int index0 = 0;                   // batch index of row 0
    OutputKind kind = OutputKind::Logits;
    const OutputFn* on_output = nullptr;
    float* out_rows = nullptr;        // [chunk, E] gathered rows for the head
    float* out_logits = nullptr;      // [chunk, V]
    int out_chunk = 0;
    std::vector<float>* host_row = nullptr;
};

}  // namespace perimeter::engine
