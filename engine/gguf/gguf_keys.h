// Every GGUF metadata key and tensor name the engine uses, in one table (as llama.cpp's
// llama-arch.cpp). Code never spells a key or tensor name as a string literal: it asks this
// table, so a typo is a compile error and a grep for the enum finds every use.
//
//   kv_name(Kv::CONTEXT_LENGTH, Arch::LLAMA)        -> "llama.context_length"
//   kv_name(Kv::TOKENIZER_BOS_ID)                   -> "tokenizer.ggml.bos_token_id"
//   tensor_name(Tn::ATTN_Q, 3)                      -> "blk.3.attn_q.weight"
//   tensor_name(Tn::ATTN_Q, 3, "bias")              -> "blk.3.attn_q.bias"
//   tensor_name(Tn::TOKEN_EMBD)                     -> "token_embd.weight"
//
// Adding an architecture: one row in the Arch table (gguf_keys.cpp) plus its hyper-parameters
// and weights in engine/model/.
#pragma once
#include <string>
#include <string_view>

namespace perimeter::engine {

// Model architectures the engine knows (the value of general.architecture).
enum class Arch {
    LLAMA,   // "llama": Llama 2/3, Mistral, SmolLM2, TinyLlama ...
    QWEN2,   // "qwen2"
    QWEN3,   // "qwen3"
    GEMMA3,  // "gemma3"
    BERT,    // "bert": embedding models (all-MiniLM, bge)
    UNKNOWN,
};
std::string_view arch_name(Arch a);            // "llama"; "unknown" for UNKNOWN
Arch arch_from_name(std::string_view name);     // UNKNOWN when not one of ours

// Metadata keys. Those whose string starts with "%s." are per-architecture.
enum class Kv {
    // general.*
    GENERAL_TYPE,
    GENERAL_ARCHITECTURE,
    GENERAL_QUANTIZATION_VERSION,
    GENERAL_ALIGNMENT,
    GENERAL_FILE_TYPE,
    GENERAL_NAME,
    GENERAL_AUTHOR,
    GENERAL_VERSION,
    GENERAL_ORGANIZATION,
    GENERAL_FINETUNE,
    GENERAL_BASENAME,
    GENERAL_DESCRIPTION,
    GENERAL_SIZE_LABEL,
    GENERAL_LICENSE,

    // <arch>.*
    VOCAB_SIZE,
    CONTEXT_LENGTH,
    EMBEDDING_LENGTH,
    BLOCK_COUNT,
    FEED_FORWARD_LENGTH,
    USE_PARALLEL_RESIDUAL,
    POOLING_TYPE,
    LOGIT_SCALE,
    ATTN_LOGIT_SOFTCAPPING,
    FINAL_LOGIT_SOFTCAPPING,
    EMBEDDING_SCALE,

    // <arch>.attention.*
    ATTENTION_HEAD_COUNT,
    ATTENTION_HEAD_COUNT_KV,
    ATTENTION_MAX_ALIBI_BIAS,
    ATTENTION_CLAMP_KQV,
    ATTENTION_KEY_LENGTH,
    ATTENTION_VALUE_LENGTH,
    ATTENTION_LAYERNORM_EPS,
    ATTENTION_LAYERNORM_RMS_EPS,
    ATTENTION_CAUSAL,
    ATTENTION_SLIDING_WINDOW,
    ATTENTION_SLIDING_WINDOW_PATTERN,
    ATTENTION_SCALE,

    // <arch>.rope.*
    ROPE_DIMENSION_COUNT,
    ROPE_FREQ_BASE,
    ROPE_FREQ_BASE_SWA,
    ROPE_SCALE_LINEAR,
    ROPE_SCALING_TYPE,
    ROPE_SCALING_FACTOR,
    ROPE_SCALING_ATTN_FACTOR,
    ROPE_SCALING_ORIG_CTX_LEN,
    ROPE_SCALING_FINETUNED,
    ROPE_SCALING_LOW_FREQ_FACTOR,   // llama3 rope scaling (written by some converters; llama.cpp
    ROPE_SCALING_HIGH_FREQ_FACTOR,  // bakes it into the rope_freqs tensor instead)

    // tokenizer.*
    TOKENIZER_MODEL,
    TOKENIZER_PRE,
    TOKENIZER_LIST,
    TOKENIZER_TOKEN_TYPE,
    TOKENIZER_TOKEN_TYPE_COUNT,
    TOKENIZER_SCORES,
    TOKENIZER_MERGES,
    TOKENIZER_BOS_ID,
    TOKENIZER_EOS_ID,
    TOKENIZER_EOT_ID,
    TOKENIZER_EOM_ID,
    TOKENIZER_UNK_ID,
    TOKENIZER_SEP_ID,
    TOKENIZER_PAD_ID,
    TOKENIZER_CLS_ID,
    TOKENIZER_MASK_ID,
    TOKENIZER_ADD_BOS,
    TOKENIZER_ADD_EOS,
    TOKENIZER_ADD_SEP,
    TOKENIZER_ADD_PREFIX,
    TOKENIZER_REMOVE_EXTRA_WS,
    TOKENIZER_PRECOMPILED_CHARSMAP,
    TOKENIZER_HF_JSON,
    TOKENIZER_CHAT_TEMPLATE,
    TOKENIZER_FIM_PRE_ID,
    TOKENIZER_FIM_SUF_ID,
    TOKENIZER_FIM_MID_ID,
    TOKENIZER_FIM_PAD_ID,
    TOKENIZER_FIM_REP_ID,
    TOKENIZER_FIM_SEP_ID,

    COUNT,
};
// The pattern, e.g. "%s.context_length" or "general.name".
std::string_view kv_pattern(Kv k);
// The key for an architecture. Keys without "%s" ignore `arch`.
std::string kv_name(Kv k, std::string_view arch = {});
inline std::string kv_name(Kv k, Arch arch) { return kv_name(k, arch_name(arch)); }

// Tensor names (without the ".weight"/".bias" suffix). "blk.%d." ones are per layer.
enum class Tn {
    TOKEN_EMBD,         // token_embd
    TOKEN_EMBD_NORM,    // token_embd_norm (bert: layer norm after the embeddings)
    TOKEN_TYPES,        // token_types (bert: token-type embeddings)
    POS_EMBD,           // position_embd (bert: learned absolute positions)
    OUTPUT_NORM,        // output_norm
    OUTPUT,             // output (absent when tied to token_embd)
    ROPE_FREQS,         // rope_freqs (llama3: per-dimension frequency factors)
    ATTN_NORM,          // blk.N.attn_norm
    ATTN_NORM_2,        // blk.N.attn_norm_2
    ATTN_QKV,           // blk.N.attn_qkv (fused q/k/v)
    ATTN_Q,             // blk.N.attn_q
    ATTN_K,             // blk.N.attn_k
    ATTN_V,             // blk.N.attn_v
    ATTN_OUT,           // blk.N.attn_output
    ATTN_Q_NORM,        // blk.N.attn_q_norm (qwen3, gemma3: per-head RMS norm of q)
    ATTN_K_NORM,        // blk.N.attn_k_norm
    ATTN_OUT_NORM,      // blk.N.attn_output_norm (bert: post-attention layer norm)
    ATTN_POST_NORM,     // blk.N.post_attention_norm (gemma3)
    ATTN_ROT_EMBD,      // blk.N.attn_rot_embd (old llama files; ignored)
    FFN_NORM,           // blk.N.ffn_norm
    FFN_GATE,           // blk.N.ffn_gate
    FFN_UP,             // blk.N.ffn_up
    FFN_DOWN,           // blk.N.ffn_down
    FFN_POST_NORM,      // blk.N.post_ffw_norm (gemma3)
    LAYER_OUT_NORM,     // blk.N.layer_output_norm (bert: post-FFN layer norm)
    CLS,                // cls (bert classifier head)
    CLS_OUT,            // cls.output
    COUNT,
};
// The pattern, e.g. "blk.%d.attn_q" or "token_embd".
std::string_view tensor_pattern(Tn t);
bool tensor_is_per_layer(Tn t);
// "blk.3.attn_q.weight". `layer` is ignored for global tensors; suffix "" gives the bare name.
std::string tensor_name(Tn t, int layer = -1, std::string_view suffix = "weight");

}  // namespace perimeter::engine
