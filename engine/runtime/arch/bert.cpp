// BERT (all-MiniLM, bge): a post-norm encoder. The input is the sum of token, token-type (type 0
// for every token, as llama.cpp does) and learned position embeddings, LayerNorm'ed. Each layer:
//   x = LN(x + Wo attention(Wq x + bq, Wk x + bk, Wv x + bv))   (bidirectional, no rope)
//   x = LN(x + Wdown gelu(Wup x + bup) + bdown)
// The output is the final hidden state of every token; pooling happens in Transformer::embed.
// GELU is the tanh approximation, as llama.cpp computes it for BERT.
#include <vector>

#include "engine/runtime/arch/arch.h"

namespace perimeter::engine {

void forward_bert(Step& s) {
    const HParams& hp = s.hp;
    Backend& b = s.b;
    const int n = s.n, E = int(hp.n_embd), F = int(hp.n_ff);
    const float eps = hp.norm_eps;

    // token + token-type 0 + position embeddings, then LayerNorm
    b.get_rows(s.W(s.w.token_embd), s.tokens, n, s.x);
    if (s.w.token_types) {
        const std::vector<int32_t> type0(size_t(n), 0);
        b.get_rows(s.W(s.w.token_types), type0.data(), n, s.xb);
        b.add(s.x, s.xb, int64_t(n) * E, s.x);
    }
    b.get_rows(s.W(s.w.pos_embd), s.pos, n, s.xb);
    b.add(s.x, s.xb, int64_t(n) * E, s.x);
    b.layer_norm(s.x, s.V(s.w.token_embd_norm), s.V(s.w.token_embd_norm_b), n, E, eps, s.x);

    for (int il = 0; il < int(hp.n_layer); ++il) {
        const LayerWeights& L = s.w.layers[size_t(il)];
        s.check_cancel();

        // self-attention over the whole text (not causal)
        s.linear(L.wq, L.bq, s.x, s.q);
        s.linear(L.wk, L.bk, s.x, s.k);
        s.linear(L.wv, L.bv, s.x, s.v);
        // llama.cpp runs an encoder without a KV cache: its attention covers exactly n keys.
        kernels::AttentionParams ap = s.attention(il);
        ap.kv_padded = false;
        s.attend(il, ap);
        // output projection, residual, LayerNorm
        s.linear(L.wo, L.bo, s.att, s.xb);
        b.add(s.x, s.xb, int64_t(n) * E, s.x);
        b.layer_norm(s.x, s.V(L.attn_out_norm), s.V(L.attn_out_norm_b), n, E, eps, s.x);

        // feed-forward: up, GELU, down, residual, LayerNorm
        s.linear(L.ffn_up, L.ffn_up_b, s.x, s.hb);
        b.gelu(s.hb, int64_t(n) * F, s.hb);
        s.linear(L.ffn_down, L.ffn_down_b, s.hb, s.xb);
        b.add(s.x, s.xb, int64_t(n) * E, s.x);
        b.layer_norm(s.x, s.V(L.layer_out_norm), s.V(L.layer_out_norm_b), n, E, eps, s.x);
    }

    // the per-token states (no LM head)
    s.emit(s.x, nullptr);
}

}  // namespace perimeter::engine
