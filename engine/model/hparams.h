// Hyper-parameters of a model: everything the forward pass needs to know about its shape and
// its arithmetic, read once from the GGUF metadata and then plain data.
//
// One struct covers every architecture we run (llama incl. Mistral/SmolLM2, qwen2, qwen3,
// gemma3, bert); the per-architecture differences are flags and numbers here, so forward()
// has no `if (arch == ...)`: it asks `hp.norm`, `hp.act`, `hp.is_swa(il)`, `hp.rope_base(il)`.
//
// Naming follows llama.cpp's llama_hparams where there is one (n_embd, n_head_kv, n_swa ...).
// All sizes are in elements. Shapes use ggml order: ne[0] (the row length) first.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/gguf/gguf_file.h"
#include "engine/gguf/gguf_keys.h"

namespace perimeter::engine {

// How rotary position embedding rotates pairs of dimensions.
enum class RopeType {
    NONE,  // no rope (bert: learned absolute positions)
    NORM,  // adjacent pairs (x[2i], x[2i+1]); llama (the converter permutes q/k weights for it)
    NEOX,  // halves (x[i], x[i + n_rot/2]); qwen2, qwen3, gemma3
};

// Context-extension scheme applied to the rope frequencies.
enum class RopeScaling {
    NONE,
    LINEAR,  // positions divided by the factor (freq_scale = 1 / factor)
    YARN,
    LLAMA3,  // per-dimension factors; llama.cpp stores them as the rope_freqs tensor
};

enum class NormType {
    RMS,    // x / sqrt(mean(x^2) + eps) * w
    LAYER,  // (x - mean) / sqrt(var + eps) * w + b
};

// FFN activation. Gated FFNs compute down(act(gate(x)) * up(x)), plain ones down(act(up(x))).
enum class Activation {
    SILU,       // llama, qwen (SwiGLU)
    GELU_TANH,  // gemma3 (GeGLU with the tanh approximation)
    GELU,       // bert (erf GELU)
};

// How an embedding model turns per-token states into one vector (values as in GGUF).
enum class Pooling : int {
    UNSPECIFIED = -1,
    NONE = 0,
    MEAN = 1,
    CLS = 2,
    LAST = 3,
    RANK = 4,
};

struct HParams {
    Arch arch = Arch::UNKNOWN;
    std::string arch_name;       // general.architecture as written in the file

    // ---- sizes -----------------------------------------------------------------------------
    int64_t n_vocab = 0;         // <arch>.vocab_size, else tokenizer.ggml.tokens count, else token_embd rows
    int64_t n_ctx_train = 0;     // <arch>.context_length: context the model was trained for
    int64_t n_embd = 0;          // <arch>.embedding_length: width of the residual stream
    int64_t n_layer = 0;         // <arch>.block_count
    int64_t n_ff = 0;            // <arch>.feed_forward_length: FFN hidden width
    int64_t n_head = 0;          // <arch>.attention.head_count
    int64_t n_head_kv = 0;       // <arch>.attention.head_count_kv (GQA; = n_head when absent)
    int64_t head_dim_k = 0;      // <arch>.attention.key_length (default n_embd / n_head)
    int64_t head_dim_v = 0;      // <arch>.attention.value_length (default head_dim_k)
    int64_t n_token_types = 0;   // bert: rows of token_types (tokenizer.ggml.token_type_count)

    // ---- normalisation ---------------------------------------------------------------------
    NormType norm = NormType::RMS;
    float norm_eps = 1e-5f;      // layer_norm_rms_epsilon (RMS) or layer_norm_epsilon (LAYER)

    // ---- attention -------------------------------------------------------------------------
    bool causal = true;          // <arch>.attention.causal (bert: false)
    float attn_scale = 0.0f;     // multiplies q.k before softmax: 1/sqrt(head_dim_k), except
                                 // gemma3 27B: 1/sqrt(n_embd/n_head) (query_pre_attn_scalar)
    float attn_softcap = 0.0f;   // <arch>.attn_logit_softcapping; 0 = none
    int64_t n_swa = 0;           // <arch>.attention.sliding_window; 0 = no sliding window
    std::vector<bool> swa_layers;  // per layer: true = local (sliding-window) attention layer
    bool has_qkv_bias = false;   // qwen2 (and bert): q/k/v projections have biases
    bool has_qk_norm = false;    // qwen3, gemma3: per-head RMS norm of q and k before rope
    bool has_post_norms = false; // gemma3: extra RMS norms after attention and after the FFN

    // ---- rotary position embedding ----------------------------------------------------------
    RopeType rope_type = RopeType::NONE;
    int64_t n_rot = 0;                  // <arch>.rope.dimension_count (dims rotated per head)
    float rope_freq_base = 10000.0f;    // <arch>.rope.freq_base (gemma3: global layers)
    float rope_freq_scale = 1.0f;       // 1 / rope.scaling.factor for LINEAR scaling
    float rope_freq_base_swa = 10000.0f;  // sliding-window layers (gemma3: 10000, fixed)
    float rope_freq_scale_swa = 1.0f;     // sliding-window layers are never scaled
    RopeScaling rope_scaling = RopeScaling::NONE;  // <arch>.rope.scaling.type
    float rope_scaling_factor = 1.0f;              // <arch>.rope.scaling.factor
    float rope_low_freq_factor = 1.0f;             // llama3 scaling (when stored as keys)
    float rope_high_freq_factor = 4.0f;            // llama3 scaling (when stored as keys)
    int64_t rope_orig_ctx = 0;                     // <arch>.rope.scaling.original_context_length

    // ---- feed-forward ----------------------------------------------------------------------
    Activation act = Activation::SILU;
    bool ffn_gated = true;       // gate + up + down (all but bert)

    // ---- embeddings and output ----------------------------------------------------------------
    float embd_scale = 1.0f;     // token embeddings are multiplied by this (gemma: sqrt(n_embd))
    float final_softcap = 0.0f;  // <arch>.final_logit_softcapping: logits = c*tanh(logits/c); 0 = none
    bool has_pos_embd = false;   // bert: learned absolute position embeddings (n_ctx_train rows)
    Pooling pooling = Pooling::UNSPECIFIED;  // <arch>.pooling_type (embedding models)

    // ---- derived -----------------------------------------------------------------------------
    int64_t n_embd_q() const { return n_head * head_dim_k; }      // width of Q
    int64_t n_embd_k_gqa() const { return n_head_kv * head_dim_k; } // width of K (and of a K-cache row)
    int64_t n_embd_v_gqa() const { return n_head_kv * head_dim_v; } // width of V
    int64_t n_gqa() const { return n_head_kv > 0 ? n_head / n_head_kv : 0; }  // q heads per kv head
    bool is_swa(int64_t il) const { return il >= 0 && il < int64_t(swa_layers.size()) && swa_layers[size_t(il)]; }
    float rope_base(int64_t il) const { return is_swa(il) ? rope_freq_base_swa : rope_freq_base; }
    float rope_scale(int64_t il) const { return is_swa(il) ? rope_freq_scale_swa : rope_freq_scale; }
    // Number of KV-cache positions layer il needs for a context of n_ctx tokens.
    int64_t kv_len(int64_t il, int64_t n_ctx) const {
        return is_swa(il) && n_swa > 0 && n_swa < n_ctx ? n_swa : n_ctx;
    }
};

// Reads and validates the hyper-parameters. Throws GgufError naming the file and the key:
//   "model.gguf: load: llama.attention.head_count: 0 (must be > 0)"
//   "model.gguf: load: architecture 'mamba' not supported (supported: llama, qwen2, qwen3, gemma3, bert)"
HParams read_hparams(const GgufFile& file);

// The name of an enum value, for messages and model-info.
std::string_view rope_type_name(RopeType t);
std::string_view rope_scaling_name(RopeScaling s);
std::string_view norm_type_name(NormType n);
std::string_view activation_name(Activation a);
std::string_view pooling_name(Pooling p);

}  // namespace perimeter::engine
