// Qwen 3: the Llama decoder (NeoX rope, no biases) with QK-norm: every query and key head is
// RMS-normalised (its own learned weight, shared by the heads) before the rotation. The head
// size comes from the file and need not be n_embd / n_head.
#include "engine/runtime/arch/arch.h"

namespace perimeter::engine {

void forward_qwen3(Step& s) {
    const HParams& hp = s.hp;
    Backend& b = s.b;
    const int n = s.n, E = int(hp.n_embd), F = int(hp.n_ff);
    const int H = int(hp.n_head), Hkv = int(hp.n_head_kv), D = int(hp.head_dim_k);
    const float eps = hp.norm_eps;

    // token embeddings
    b.get_rows(s.W(s.w.token_embd), s.tokens, n, s.x);

    for (int il = 0; il < int(hp.n_layer); ++il) {
        const LayerWeights& L = s.w.layers[size_t(il)];
        s.check_cancel();

        // attention: normalise, project to queries, keys and values
        b.rms_norm(s.x, s.V(L.attn_norm), n, E, eps, s.xb);
        s.linear(L.wq, L.bq, s.xb, s.q);
        s.linear(L.wk, L.bk, s.xb, s.k);
        s.linear(L.wv, L.bv, s.xb, s.v);
        // QK-norm: RMS-normalise each query and key head
        b.rms_norm(s.q, s.V(L.q_norm), n * H, D, eps, s.q);
        b.rms_norm(s.k, s.V(L.k_norm), n * Hkv, D, eps, s.k);
        // rotate queries and keys by their positions
        b.rope(s.q, n, H, D, size_t(H * D), s.pos, s.rope(il));
        b.rope(s.k, n, Hkv, D, size_t(Hkv * D), s.pos, s.rope(il));
        // causal attention over the cache
        s.attend(il, s.attention(il));
        // output projection and residual
        s.linear(L.wo, nullptr, s.att, s.xb);
        b.add(s.x, s.xb, int64_t(n) * E, s.x);

        // feed-forward: normalise, SwiGLU, project down, residual
        b.rms_norm(s.x, s.V(L.ffn_norm), n, E, eps, s.xb);
        s.linear(L.ffn_gate, nullptr, s.xb, s.hb);
        s.linear(L.ffn_up, nullptr, s.xb, s.hb2);
        b.swiglu(s.hb, s.hb2, int64_t(n) * F, s.hb);
        s.linear(L.ffn_down, nullptr, s.hb, s.xb);
        b.add(s.x, s.xb, int64_t(n) * E, s.x);
    }

    // final norm, then the LM head (token_embd when tied)
    b.rms_norm(s.x, s.V(s.w.output_norm), n, E, eps, s.x);
    s.emit(s.x, s.w.output);
}

}  // namespace perimeter::engine
