// Runs a model's forward pass over batches of tokens: splits a batch into micro-batches of at
// most n_ubatch tokens, assigns positions from the KV cache, calls the architecture's forward()
// (arch/*.cpp) and hands each requested output row to the caller.
//
// One Transformer serves one KV cache at a time and is used from one thread; the cancel flag
// may be set from any thread and is honoured between layers.
#pragma once
#include <atomic>
#include <cstdint>
#include <vector>

#include "engine/model/model.h"
#include "engine/runtime/backend.h"
#include "engine/runtime/batch.h"
#include "engine/runtime/kv_cache.h"
#include "engine/runtime/step.h"

namespace perimeter::engine {

// An architecture's forward pass over one micro-batch.
using ForwardFn = void (*)(Step& s);
// The forward pass of `arch`; nullptr when we have none.
ForwardFn forward_for(Arch arch);

class Transformer {
public:
    Transformer(const Model& model, Backend& backend, int n_ubatch = 512);
    ~Transformer();
    Transformer(const Transformer&) = delete;
    Transformer& operator=(const Transformer&) = delete;

    const Model& model() const { return model_; }
    const HParams& hparams() const { return model_.hparams; }
    Backend& backend() { return backend_; }
    int n_ubatch() const { return n_ubatch_; }
    int n_vocab() const { return int(model_.hparams.n_vocab); }
    int n_embd() const { return int(model_.hparams.n_embd); }

    // Evaluates `batch` against `cache`. Each token marked for output gets one call of
    // on_output(batch index, row) with n_vocab logits or n_embd hidden values. Throws
    // EngineError: ContextOverflow before evaluating anything when a sequence would not fit;
    // Cancelled between layers (tokens of finished micro-batches stay in the cache, the
    // interrupted one is dropped); InvalidArgument for a token id out of range or a bad sequence.
    void evaluate(const Batch& batch, KvCache& cache, const OutputFn& on_output, OutputKind kind = OutputKind::Logits,
                  const std::atomic<bool>* cancel = nullptr);

    // One vector for a whole text: evaluates `tokens` as a fresh sequence `seq` (cleared first) and
    // pools the final hidden states: MEAN / CLS / LAST as asked (UNSPECIFIED = the model's own
    // pooling type; decoders default to LAST), L2-normalised when `normalize`.
    std::vector<float> embed(const std::vector<int32_t>& tokens, KvCache& cache, int seq, Pooling pooling,
                             bool normalize = true, const std::atomic<bool>* cancel = nullptr);

private:
    float* buffer(size_t floats);

    const Model& model_;
    Backend& backend_;
    ForwardFn forward_ = nullptr;
    int n_ubatch_ = 0;
    int out_chunk_ = 0;                // output rows per LM-head matmul
    std::vector<void*> buffers_;
    // activation buffers, n_ubatch rows each (see Step)
    float *x_ = nullptr, *xb_ = nullptr, *xb2_ = nullptr, *q_ = nullptr, *k_ = nullptr, *v_ = nullptr;
    float *att_ = nullptr, *hb_ = nullptr, *hb2_ = nullptr, *out_rows_ = nullptr, *out_logits_ = nullptr;
    const float* rope_factors_ = nullptr;  // backend copy of the llama3 factors, or nullptr
    std::vector<float> host_row_;
    // per-call bookkeeping, kept so that evaluate() does not allocate in steady state
    struct SeqCount {
        int seq, n;
    };
    std::vector<SeqCount> need_, next_;  // tokens per sequence; next position per sequence
    std::vector<Step::Run> runs_;
    std::vector<int32_t> pos_;
};

}  // namespace perimeter::engine
