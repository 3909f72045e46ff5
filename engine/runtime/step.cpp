#include "engine/runtime/step.h"

#include <algorithm>
#include <cstring>

#include "engine/runtime/engine_error.h"

namespace perimeter::engine {

void Step::check_cancel() const {
    if (cancel && cancel->load(std::memory_order_relaxed))
        throw EngineError(ErrorCode::Cancelled, "evaluation cancelled");
}

kernels::RopeParams Step::rope(int il) const {
    kernels::RopeParams p;
    p.n_dims = int(hp.n_rot);
    p.mode = hp.rope_type == RopeType::NEOX ? kernels::RopeMode::NeoX : kernels::RopeMode::Normal;
    p.freq_base = hp.rope_base(il);
    p.freq_scale = hp.rope_scale(il);
    p.freq_factors = hp.is_swa(il) ? nullptr : rope_factors;
    p.n_ctx_orig = int(hp.rope_orig_ctx > 0 ? hp.rope_orig_ctx : hp.n_ctx_train);
    return p;
}

kernels::AttentionParams Step::attention(int il) const {
    kernels::AttentionParams p;
    p.n_heads = int(hp.n_head);
    p.scale = hp.attn_scale;
    p.softcap = hp.attn_softcap;
    p.causal = hp.causal;
    p.sliding_window = hp.is_swa(il) ? int(hp.n_swa) : 0;
    return p;
}

void Step::linear(const GgufTensor* wt, const GgufTensor* bias, const float* in, float* out) {
    b.matmul(W(wt), in, n, out);
    if (bias) b.add_bias(out, V(bias), n, int(wt->ne[1]), out);
}

void Step::linears(std::initializer_list<Linear> layers, const float* in) {
    constexpr int kMax = 4;
    if (layers.size() > size_t(kMax)) {
        for (const Linear& l : layers) linear(l.w, l.bias, in, l.out);
        return;
    }
    kernels::WeightView ws[kMax];
    float* ys[kMax];
    int i = 0;
    for (const Linear& l : layers) {
        ws[i] = W(l.w);
        ys[i++] = l.out;
    }
    b.matmul_multi(ws, i, in, n, ys);
    for (const Linear& l : layers)
        if (l.bias) b.add_bias(l.out, V(l.bias), n, int(l.w->ne[1]), l.out);
}

void Step::attend(int il, const kernels::AttentionParams& p) {
    const size_t qd = size_t(hp.n_embd_q()), kd = size_t(hp.n_embd_k_gqa()), vd = size_t(hp.n_embd_v_gqa());
    const size_t od = size_t(hp.n_head * hp.head_dim_v);
    for (const Run& r : runs) {
        const kernels::KvLayer kv = cache.layer(il, r.seq);
        b.kv_write(kv, r.pos0, r.n, k + size_t(r.start) * kd, kd, v + size_t(r.start) * vd, vd);
        b.attention(p, q + size_t(r.start) * qd, qd, r.n, r.pos0, kv, r.pos0 + r.n, att + size_t(r.start) * od);
    }
}

void Step::emit(const float* h, const GgufTensor* lm_head) {
    const size_t E = size_t(hp.n_embd);
    std::vector<float>& host = *host_row;
    if (kind == OutputKind::Hidden) {
        for (int i = 0; i < n; ++i) {
            if (!want[i]) continue;
            b.to_host(host.data(), h + size_t(i) * E, E * sizeof(float));
            (*on_output)(index0 + i, std::span<const float>(host.data(), E));
        }
        return;
    }
    if (!lm_head)
        throw EngineError(ErrorCode::NotSupported, "evaluate: " + hp.arch_name + " has no LM head (an embedding model)",
                          {{"what", "logits"}});
    // LM head over chunks of up to out_chunk (<= kMaxChunk) requested rows, gathered on the
    // stack: generation emits one row per call and must not allocate.
    constexpr int kMaxChunk = 64;
    const int chunk = std::min(out_chunk, kMaxChunk);
    const size_t V = size_t(hp.n_vocab);
    int rows[kMaxChunk];
    for (int i = 0; i < n;) {
        int m = 0;
        for (; i < n && m < chunk; ++i)
            if (want[i]) rows[m++] = i;
        if (m == 0) break;
        for (int j = 0; j < m; ++j) b.copy(out_rows + size_t(j) * E, h + size_t(rows[j]) * E, E * sizeof(float));
        b.matmul(W(lm_head), out_rows, m, out_logits);
        if (hp.final_softcap > 0) b.softcap(out_logits, hp.final_softcap, int64_t(m) * int64_t(V), out_logits);
        for (int j = 0; j < m; ++j) {
            b.to_host(host.data(), out_logits + size_t(j) * V, V * sizeof(float));
            (*on_output)(index0 + rows[j], std::span<const float>(host.data(), V));
        }
    }
}

}  // namespace perimeter::engine
