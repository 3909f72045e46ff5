// The weights of a model: plain pointers into the GGUF mapping, one field per tensor, each
// commented with its shape in ggml order [ne0, ne1] = [row length (input), rows (output)].
// A matrix W of shape [in, out] computes y = W x with x of length `in`: each of the `out`
// rows is dotted with x. nullptr means "this model has no such tensor" (optional ones only).
//
// Shapes use the HParams names: E = n_embd, V = n_vocab, F = n_ff, H = n_head, Hkv = n_head_kv,
// Dk = head_dim_k, Dv = head_dim_v, T = n_token_types, C = n_ctx_train.
// load_weights checks every shape against HParams and every type against the kernels'
// table, so forward() can trust them.
#pragma once
#include <vector>

#include "engine/gguf/gguf_file.h"
#include "engine/model/hparams.h"

namespace perimeter::engine {

struct LayerWeights {
    // ---- attention block ---------------------------------------------------------------------
    const GgufTensor* attn_norm = nullptr;    // [E]          pre-attention norm weight (not bert)
    const GgufTensor* wq = nullptr;           // [E, H*Dk]    query projection
    const GgufTensor* wk = nullptr;           // [E, Hkv*Dk]  key projection
    const GgufTensor* wv = nullptr;           // [E, Hkv*Dv]  value projection
    const GgufTensor* wo = nullptr;           // [H*Dv, E]    attention output projection
    const GgufTensor* bq = nullptr;           // [H*Dk]       query bias (qwen2, bert; optional for llama)
    const GgufTensor* bk = nullptr;           // [Hkv*Dk]     key bias
    const GgufTensor* bv = nullptr;           // [Hkv*Dv]     value bias
    const GgufTensor* bo = nullptr;           // [E]          output bias (bert; optional for llama)
    const GgufTensor* q_norm = nullptr;       // [Dk]         per-head RMS norm of q (qwen3, gemma3)
    const GgufTensor* k_norm = nullptr;       // [Dk]         per-head RMS norm of k (qwen3, gemma3)
    const GgufTensor* attn_post_norm = nullptr;    // [E]     norm of the attention output before the residual add (gemma3)
    const GgufTensor* attn_out_norm = nullptr;     // [E]     bert: LayerNorm after attention + residual
    const GgufTensor* attn_out_norm_b = nullptr;   // [E]     bert: its bias

    // ---- feed-forward block ------------------------------------------------------------------
    const GgufTensor* ffn_norm = nullptr;     // [E]          pre-FFN norm weight (not bert)
    const GgufTensor* ffn_gate = nullptr;     // [E, F]       gate projection (gated FFNs)
    const GgufTensor* ffn_up = nullptr;       // [E, F]       up projection
    const GgufTensor* ffn_down = nullptr;     // [F, E]       down projection
    const GgufTensor* ffn_up_b = nullptr;     // [F]          bert: up bias
    const GgufTensor* ffn_down_b = nullptr;   // [E]          bert: down bias
    const GgufTensor* ffn_post_norm = nullptr;     // [E]     norm of the FFN output before the residual add (gemma3)
    const GgufTensor* layer_out_norm = nullptr;    // [E]     bert: LayerNorm after FFN + residual
    const GgufTensor* layer_out_norm_b = nullptr;  // [E]     bert: its bias
};

struct ModelWeights {
    // ---- input -------------------------------------------------------------------------------
    const GgufTensor* token_embd = nullptr;       // [E, V]  one row per token
    const GgufTensor* token_types = nullptr;      // [E, T]  bert: token-type embeddings
    const GgufTensor* pos_embd = nullptr;         // [E, C]  bert: learned position embeddings
    const GgufTensor* token_embd_norm = nullptr;  // [E]     bert: LayerNorm of the summed embeddings
    const GgufTensor* token_embd_norm_b = nullptr;// [E]     bert: its bias
    const GgufTensor* rope_freqs = nullptr;       // [n_rot/2] llama3 rope frequency factors (optional)

    std::vector<LayerWeights> layers;             // n_layer entries

    // ---- output ------------------------------------------------------------------------------
    const GgufTensor* output_norm = nullptr;      // [E]     final norm (decoders)
    const GgufTensor* output = nullptr;           // [E, V]  LM head; == token_embd when tied
    bool tied_output = false;                     // output.weight absent: the LM head reuses token_embd
};

// Binds and checks every tensor the architecture needs. Throws GgufError naming the file:
//   "model.gguf: load: blk.3.attn_q.weight: expected 576x576, got 576x64"
//   "model.gguf: load: missing tensors: blk.0.attn_q.weight, blk.0.attn_k.weight"
//   "model.gguf: load: blk.0.ffn_up.weight: type IQ2_XXS not supported"
ModelWeights load_weights(const GgufFile& file, const HParams& hp);

}  // namespace perimeter::engine
