// Llama 2/3 (also Mistral, SmolLM2, TinyLlama): a pre-norm decoder. Each layer is
//   x += Wo attention(rope(Wq n(x)), rope(Wk n(x)), Wv n(x))     n = RMSNorm
//   x += Wdown (silu(Wgate n(x)) * Wup n(x))                    (SwiGLU)
// with grouped-query attention (Hkv key/value heads shared by H query heads) and rotary
// positions (llama3 files add per-frequency factors). Optional q/k/v/o biases are applied when
// the file has them.
#include "engine/runtime/arch/arch.h"

namespace perimeter::engine {

void forward_llama(Step& s) {
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
        s.linears({{L.wq, L.bq, s.q}, {L.wk, L.bk, s.k}, {L.wv, L.bv, s.v}}, s.xb);
        // rotate queries and keys by their positions
        b.rope(s.q, n, H, D, size_t(H * D), s.pos, s.rope(il));
        b.rope(s.k, n, Hkv, D, size_t(Hkv * D), s.pos, s.rope(il));
        // softmax(q k^T / sqrt(D)) v over this sequence's cached positions (causal)
        s.attend(il, s.attention(il));
        // output projection and residual
        s.linear(L.wo, L.bo, s.att, s.xb);
        b.add(s.x, s.xb, int64_t(n) * E, s.x);

        // feed-forward: normalise, SwiGLU, project down, residual
        b.rms_norm(s.x, s.V(L.ffn_norm), n, E, eps, s.xb);
        s.linears({{L.ffn_gate, nullptr, s.hb}, {L.ffn_up, nullptr, s.hb2}}, s.xb);
        b.swiglu(s.hb, s.hb2, int64_t(n) * F, s.hb);
        s.linear(L.ffn_down, nullptr, s.hb, s.xb);
        b.add(s.x, s.xb, int64_t(n) * E, s.x);
    }

    // final norm, then the LM head (token_embd when tied)
    b.rms_norm(s.x, s.V(s.w.output_norm), n, E, eps, s.x);
    s.emit(s.x, s.w.output);
}

}  // namespace perimeter::engine
