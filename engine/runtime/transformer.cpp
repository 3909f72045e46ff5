#include "engine/runtime/transformer.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "engine/runtime/arch/arch.h"
#include "engine/runtime/engine_error.h"

namespace perimeter::engine {

ForwardFn forward_for(Arch arch) {
    // One row per architecture (the forward passes live in arch/<name>.cpp).
    switch (arch) {
        case Arch::LLAMA: return forward_llama;
        case Arch::QWEN2: return forward_qwen2;
        case Arch::QWEN3: return forward_qwen3;
        case Arch::GEMMA3: return forward_gemma3;
        case Arch::BERT: return forward_bert;
        case Arch::UNKNOWN: break;
    }
    return nullptr;
}

namespace {

// Llama 3.1's per-frequency rope divisors, as convert_hf_to_gguf.py computes them, for files
// that give the scaling as keys instead of a rope_freqs tensor.
std::vector<float> llama3_rope_factors(const HParams& hp) {
    const float factor = hp.rope_scaling_factor, low = hp.rope_low_freq_factor, high = hp.rope_high_freq_factor;
    const float old_ctx = float(hp.rope_orig_ctx > 0 ? hp.rope_orig_ctx : 8192);
    const float low_wl = old_ctx / low, high_wl = old_ctx / high;
    std::vector<float> out;
    for (int64_t i = 0; i < hp.n_rot; i += 2) {
        const float freq = 1.0f / std::pow(hp.rope_freq_base, float(i) / float(hp.n_rot));
        const float wl = 2.0f * std::numbers::pi_v<float> / freq;
        if (wl < high_wl) {
            out.push_back(1.0f);
        } else if (wl > low_wl) {
            out.push_back(factor);
        } else {
            const float smooth = (old_ctx / wl - low) / (high - low);
            out.push_back(1.0f / ((1 - smooth) / factor + smooth));
        }
    }
    return out;
}

}  // namespace

Transformer::Transformer(const Model& model, Backend& backend, int n_ubatch)
    : model_(model), backend_(backend), n_ubatch_(n_ubatch) {
    const HParams& hp = model.hparams;
    forward_ = forward_for(hp.arch);
    if (!forward_)
        throw EngineError(ErrorCode::NotSupported, "Transformer: architecture '" + hp.arch_name + "' not supported",
                          {{"what", hp.arch_name}});
    if (n_ubatch <= 0)
        throw EngineError(ErrorCode::InvalidArgument, "Transformer: n_ubatch must be > 0",
                          {{"name", "n_ubatch"}, {"value", std::to_string(n_ubatch)}});
    backend_.prepare(model);
    const size_t n = size_t(n_ubatch), E = size_t(hp.n_embd);
    x_ = buffer(n * E);
    xb_ = buffer(n * E);
    xb2_ = buffer(n * E);
    q_ = buffer(n * size_t(hp.n_embd_q()));
    k_ = buffer(n * size_t(hp.n_embd_k_gqa()));
    v_ = buffer(n * size_t(hp.n_embd_v_gqa()));
    att_ = buffer(n * size_t(hp.n_head * hp.head_dim_v));
    hb_ = buffer(n * size_t(std::max<int64_t>(hp.n_ff, 1)));
    hb2_ = buffer(n * size_t(std::max<int64_t>(hp.n_ff, 1)));
    // The LM head runs on up to 32 rows at a time: 32 x V floats instead of n_ubatch x V.
    out_chunk_ = std::min(32, n_ubatch);
    out_rows_ = buffer(size_t(out_chunk_) * E);
    out_logits_ = buffer(size_t(out_chunk_) * size_t(std::max<int64_t>(hp.n_vocab, 1)));
    host_row_.resize(size_t(std::max<int64_t>(hp.n_vocab, hp.n_embd)));
    pos_.resize(size_t(n_ubatch));
    need_.reserve(16);
    next_.reserve(16);
    runs_.reserve(16);

    std::vector<float> factors;
    if (model.weights.rope_freqs) {
        rope_factors_ = backend_.vec(model.weights.rope_freqs);
    } else if (hp.rope_scaling == RopeScaling::LLAMA3) {
        factors = llama3_rope_factors(hp);
        float* f = buffer(factors.size());
        backend_.from_host(f, factors.data(), factors.size() * sizeof(float));
        rope_factors_ = f;
    }
}

Transformer::~Transformer() {
    for (void* p : buffers_) backend_.release(p);
}

float* Transformer::buffer(size_t floats) {
    void* p = backend_.alloc(floats * sizeof(float));
    buffers_.push_back(p);
    return static_cast<float*>(p);
}

void Transformer::evaluate(const Batch& batch, KvCache& cache, const OutputFn& on_output, OutputKind kind,
                           const std::atomic<bool>* cancel) {
    const HParams& hp = model_.hparams;
    if (batch.seq.size() != batch.tokens.size() || batch.output.size() != batch.tokens.size())
        throw EngineError(ErrorCode::InvalidArgument, "evaluate: batch arrays differ in length",
                          {{"name", "batch"}, {"value", std::to_string(batch.tokens.size())}});
    // Refuse up front: every token in range, every sequence fits (nothing evaluated otherwise).
    // (Per-sequence counts in reused member vectors: generation evaluates one token per call,
    // and a call must not allocate.)
    auto slot = [](std::vector<SeqCount>& v, int seq) -> int& {
        for (auto& e : v)
            if (e.seq == seq) return e.n;
        v.push_back({seq, 0});
        return v.back().n;
    };
    need_.clear();
    for (int i = 0; i < batch.size(); ++i) {
        const int32_t t = batch.tokens[size_t(i)];
        if (t < 0 || t >= hp.n_vocab)
            throw EngineError(ErrorCode::InvalidArgument,
                              "evaluate: token " + std::to_string(t) + " at batch index " + std::to_string(i) +
                                  " outside the vocabulary [0, " + std::to_string(hp.n_vocab) + ")",
                              {{"name", "token"}, {"value", std::to_string(t)}});
        ++slot(need_, batch.seq[size_t(i)]);
    }
    for (const auto& e : need_) cache.reserve(e.seq, e.n);
    if (!hp.causal) {
        // An encoder sees the whole text at once: one micro-batch per call, one sequence.
        if (need_.size() > 1 || batch.size() > n_ubatch_)
            throw EngineError(ErrorCode::InvalidArgument,
                              "evaluate: an encoder batch must be one sequence of at most " +
                                  std::to_string(n_ubatch_) + " tokens (got " + std::to_string(batch.size()) + ")",
                              {{"name", "batch"}, {"value", std::to_string(batch.size())}});
    }

    for (int start = 0; start < batch.size(); start += n_ubatch_) {
        const int n = std::min(n_ubatch_, batch.size() - start);
        Step s{hp, model_.weights, backend_, cache};
        s.rope_factors = rope_factors_;
        s.n = n;
        s.tokens = batch.tokens.data() + start;
        s.want = batch.output.data() + start;
        s.index0 = start;
        // Positions: each sequence continues where its cache ends.
        next_.clear();
        runs_.clear();
        for (int i = 0; i < n; ++i) {
            const int seq = batch.seq[size_t(start + i)];
            int* next = nullptr;
            for (auto& e : next_)
                if (e.seq == seq) next = &e.n;
            if (!next) {
                next_.push_back({seq, cache.seq_len(seq)});
                next = &next_.back().n;
            }
            pos_[size_t(i)] = (*next)++;
            if (runs_.empty() || runs_.back().seq != seq || runs_.back().pos0 + runs_.back().n != pos_[size_t(i)])
                runs_.push_back({seq, i, 0, pos_[size_t(i)]});
            ++runs_.back().n;
        }
        s.runs.swap(runs_);  // lent to the step (keeps its capacity), returned below
        s.pos = pos_.data();
        s.x = x_, s.xb = xb_, s.xb2 = xb2_, s.q = q_, s.k = k_, s.v = v_, s.att = att_, s.hb = hb_, s.hb2 = hb2_;
        s.cancel = cancel;
        s.kind = kind;
        s.on_output = &on_output;
        s.out_rows = out_rows_;
        s.out_logits = out_logits_;
        s.out_chunk = out_chunk_;
        s.host_row = &host_row_;
        try {
            forward_(s);
        } catch (...) {
            s.runs.swap(runs_);
            throw;
        }
        s.runs.swap(runs_);
        for (const auto& e : next_) cache.commit(e.seq, e.n - cache.seq_len(e.seq));
    }
}

std::vector<float> Transformer::embed(const std::vector<int32_t>& tokens, KvCache& cache, int seq, Pooling pooling,
                                      bool normalize, const std::atomic<bool>* cancel) {
    const HParams& hp = model_.hparams;
    if (pooling == Pooling::UNSPECIFIED) pooling = hp.pooling;
    if (pooling == Pooling::UNSPECIFIED || pooling == Pooling::NONE) pooling = hp.causal ? Pooling::LAST : Pooling::MEAN;
    if (pooling == Pooling::RANK)
        throw EngineError(ErrorCode::NotSupported, "embed: rank pooling is not supported", {{"what", "pooling rank"}});
    if (tokens.empty())
        throw EngineError(ErrorCode::InvalidArgument, "embed: no tokens", {{"name", "tokens"}, {"value", "0"}});
    cache.clear(seq);
    Batch batch;
    for (int32_t t : tokens) batch.add(t, seq, true);
    // Gather every final hidden state, then pool them with the backend's kernels.
    const size_t E = size_t(hp.n_embd);
    float* rows = static_cast<float*>(backend_.alloc(tokens.size() * E * sizeof(float)));
    float* pooled = static_cast<float*>(backend_.alloc(E * sizeof(float)));
    std::vector<float> out(E);
    try {
        evaluate(batch, cache, [&](int i, std::span<const float> row) {
            backend_.from_host(rows + size_t(i) * E, row.data(), E * sizeof(float));
        }, OutputKind::Hidden, cancel);
        const int n = int(tokens.size());
        if (pooling == Pooling::MEAN) backend_.mean_pool(rows, n, int(E), pooled);
        else if (pooling == Pooling::CLS) backend_.cls_pool(rows, n, int(E), pooled);
        else backend_.cls_pool(rows + size_t(n - 1) * E, 1, int(E), pooled);  // LAST
        if (normalize) backend_.l2_normalize(pooled, 1, int(E), pooled);
        backend_.to_host(out.data(), pooled, E * sizeof(float));
    } catch (...) {
        backend_.release(rows);
        backend_.release(pooled);
        cache.clear(seq);
        throw;
    }
    backend_.release(rows);
    backend_.release(pooled);
    cache.clear(seq);
    return out;
}

}  // namespace perimeter::engine
