// Gemma 3: a decoder whose layers alternate five sliding-window (local, rope base 10,000)
// attention layers with one global layer (rope base 1,000,000), with
//  - token embeddings scaled by sqrt(n_embd),
//  - QK-norm on every head before the rotation (NeoX order),
//  - RMS norms both before and after the attention and the FFN blocks ("sandwich" norms),
//  - a GeGLU feed-forward (tanh-approximated GELU on the gate),
//  - attention scale 1/sqrt(query_pre_attn_scalar) (hparams.attn_scale).
// The GGUF norm weights already hold Gemma's (1 + w) (the converter adds the 1), so the norms
// are plain RMS norms here, as in llama.cpp.
#include "engine/runtime/arch/arch.h"

namespace perimeter::engine {

void forward_gemma3(Step& s) {
    const HParams& hp = s.hp;
    Backend& b = s.b;
    const int n = s.n, E = int(hp.n_embd), F = int(hp.n_ff);
    const int H = int(hp.n_head), Hkv = int(hp.n_head_kv), D = int(hp.head_dim_k);
    const float eps = hp.norm_eps;

    // token embeddings, scaled by sqrt(n_embd)
    b.get_rows(s.W(s.w.token_embd), s.tokens, n, s.x);
    b.scale(s.x, hp.embd_scale, int64_t(n) * E, s.x);

    for (int il = 0; il < int(hp.n_layer); ++il) {
        const LayerWeights& L = s.w.layers[size_t(il)];
        s.check_cancel();

        // attention: normalise, project, QK-norm, rotate (local or global rope base)
        b.rms_norm(s.x, s.V(L.attn_norm), n, E, eps, s.xb);
        s.linear(L.wq, nullptr, s.xb, s.q);
        s.linear(L.wk, nullptr, s.xb, s.k);
        s.linear(L.wv, nullptr, s.xb, s.v);
        b.rms_norm(s.q, s.V(L.q_norm), n * H, D, eps, s.q);
        b.rms_norm(s.k, s.V(L.k_norm), n * Hkv, D, eps, s.k);
        b.rope(s.q, n, H, D, size_t(H * D), s.pos, s.rope(il));
        b.rope(s.k, n, Hkv, D, size_t(Hkv * D), s.pos, s.rope(il));
        // causal attention; local layers see only the last n_swa positions. The scale goes on
        // the queries first, as llama.cpp does for gemma3 (with an F16 cache the queries are
        // rounded to fp16 after it: scaling later would round small values differently).
        b.scale(s.q, hp.attn_scale, int64_t(n) * H * D, s.q);
        kernels::AttentionParams ap = s.attention(il);
        ap.scale = 1.0f;
        s.attend(il, ap);
        // output projection, post-attention norm, residual
        s.linear(L.wo, nullptr, s.att, s.xb);
        b.rms_norm(s.xb, s.V(L.attn_post_norm), n, E, eps, s.xb);
        b.add(s.x, s.xb, int64_t(n) * E, s.x);

        // feed-forward: normalise, GeGLU, project down, post-FFN norm, residual
        b.rms_norm(s.x, s.V(L.ffn_norm), n, E, eps, s.xb);
        s.linear(L.ffn_gate, nullptr, s.xb, s.hb);
        s.linear(L.ffn_up, nullptr, s.xb, s.hb2);
        b.geglu(s.hb, s.hb2, int64_t(n) * F, s.hb);
        s.linear(L.ffn_down, nullptr, s.hb, s.xb);
        b.rms_norm(s.xb, s.V(L.ffn_post_norm), n, E, eps, s.xb);
        b.add(s.x, s.xb, int64_t(n) * E, s.x);
    }

    // final norm, then the LM head (tied to token_embd)
    b.rms_norm(s.x, s.V(s.w.output_norm), n, E, eps, s.x);
    s.emit(s.x, s.w.output);
}

}  // namespace perimeter::engine
