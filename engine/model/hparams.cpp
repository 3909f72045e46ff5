// read_hparams: GGUF metadata -> HParams. Common keys first, then one small function per
// architecture that sets what differs, then range checks so that nothing downstream can
// overflow or divide by zero on a hostile file.
#include "engine/model/hparams.h"

#include <cmath>

namespace perimeter::engine {
namespace {

// Upper bounds that no real model comes near; they keep every product of sizes in int64
// and every per-layer vector small even for a hostile file.
constexpr int64_t kMaxLayers = 4096;
constexpr int64_t kMaxWidth = int64_t(1) << 20;   // n_embd, n_ff, head dims, heads
constexpr int64_t kMaxVocab = int64_t(1) << 24;
constexpr int64_t kMaxCtx = int64_t(1) << 24;

// Reads "<arch>.*" keys of one file, with errors naming the file and the key.
class Keys {
public:
    Keys(const GgufFile& f, std::string arch) : f_(f), arch_(std::move(arch)) {}

    [[noreturn]] void fail(const std::string& what) const { f_.fail("load: " + what); }
    std::string name(Kv k) const { return kv_name(k, arch_); }

    std::optional<int64_t> opt_int(Kv k) const { return f_.get_int(name(k)); }
    std::optional<double> opt_float(Kv k) const { return f_.get_float(name(k)); }
    std::optional<bool> opt_bool(Kv k) const { return f_.get_bool(name(k)); }
    std::optional<std::string_view> opt_string(Kv k) const { return f_.get_string(name(k)); }

    int64_t req_int(Kv k) const {
        auto v = opt_int(k);
        if (!v) fail("missing key '" + name(k) + "'");
        return *v;
    }
    double req_float(Kv k) const {
        auto v = opt_float(k);
        if (!v) fail("missing key '" + name(k) + "'");
        return *v;
    }
    // An integer in [lo, hi].
    int64_t check_range(Kv k, int64_t v, int64_t lo, int64_t hi) const {
        if (v < lo || v > hi)
            fail(name(k) + ": " + std::to_string(v) + " (must be in [" + std::to_string(lo) + ", " +
                 std::to_string(hi) + "])");
        return v;
    }
    // A finite float in (lo, hi].
    float check_float(Kv k, double v, double lo, double hi) const {
        if (!std::isfinite(v) || v <= lo || v > hi)
            fail(name(k) + ": " + std::to_string(v) + " (must be in (" + std::to_string(lo) + ", " +
                 std::to_string(hi) + "])");
        return float(v);
    }
    const GgufFile& file() const { return f_; }

private:
    const GgufFile& f_;
    std::string arch_;
};

// Keys every decoder shares: sizes, heads, rope.
void read_common(const Keys& k, HParams& hp) {
    hp.n_ctx_train = k.check_range(Kv::CONTEXT_LENGTH, k.req_int(Kv::CONTEXT_LENGTH), 1, kMaxCtx);
    hp.n_embd = k.check_range(Kv::EMBEDDING_LENGTH, k.req_int(Kv::EMBEDDING_LENGTH), 1, kMaxWidth);
    hp.n_layer = k.check_range(Kv::BLOCK_COUNT, k.req_int(Kv::BLOCK_COUNT), 1, kMaxLayers);
    hp.n_ff = k.check_range(Kv::FEED_FORWARD_LENGTH, k.req_int(Kv::FEED_FORWARD_LENGTH), 1, kMaxWidth);
    hp.n_head = k.check_range(Kv::ATTENTION_HEAD_COUNT, k.req_int(Kv::ATTENTION_HEAD_COUNT), 1, kMaxWidth);
    hp.n_head_kv = k.check_range(Kv::ATTENTION_HEAD_COUNT_KV, k.opt_int(Kv::ATTENTION_HEAD_COUNT_KV).value_or(hp.n_head),
                                 1, hp.n_head);
    if (hp.n_head % hp.n_head_kv != 0)
        k.fail(k.name(Kv::ATTENTION_HEAD_COUNT_KV) + ": " + std::to_string(hp.n_head_kv) + " does not divide " +
               k.name(Kv::ATTENTION_HEAD_COUNT) + " " + std::to_string(hp.n_head));
    // Head size: explicit (qwen3, gemma3 differ from n_embd / n_head) or derived.
    if (auto kl = k.opt_int(Kv::ATTENTION_KEY_LENGTH)) {
        hp.head_dim_k = k.check_range(Kv::ATTENTION_KEY_LENGTH, *kl, 1, kMaxWidth);
    } else {
        if (hp.n_embd % hp.n_head != 0)
            k.fail(k.name(Kv::EMBEDDING_LENGTH) + " " + std::to_string(hp.n_embd) + " is not a multiple of " +
                   k.name(Kv::ATTENTION_HEAD_COUNT) + " " + std::to_string(hp.n_head) + " and " +
                   k.name(Kv::ATTENTION_KEY_LENGTH) + " is absent");
        hp.head_dim_k = hp.n_embd / hp.n_head;
    }
    hp.head_dim_v = k.check_range(Kv::ATTENTION_VALUE_LENGTH, k.opt_int(Kv::ATTENTION_VALUE_LENGTH).value_or(hp.head_dim_k),
                                  1, kMaxWidth);
    hp.attn_scale = 1.0f / std::sqrt(float(hp.head_dim_k));
    if (auto s = k.opt_float(Kv::ATTENTION_SCALE)) hp.attn_scale = k.check_float(Kv::ATTENTION_SCALE, *s, 0.0, 1e6);
    if (auto c = k.opt_float(Kv::ATTN_LOGIT_SOFTCAPPING)) hp.attn_softcap = k.check_float(Kv::ATTN_LOGIT_SOFTCAPPING, *c, 0.0, 1e6);
    if (auto c = k.opt_float(Kv::FINAL_LOGIT_SOFTCAPPING)) hp.final_softcap = k.check_float(Kv::FINAL_LOGIT_SOFTCAPPING, *c, 0.0, 1e6);
    hp.causal = k.opt_bool(Kv::ATTENTION_CAUSAL).value_or(true);

    // Rope: all dims of a head unless rope.dimension_count says fewer.
    hp.n_rot = k.opt_int(Kv::ROPE_DIMENSION_COUNT).value_or(hp.head_dim_k);
    if (hp.n_rot < 2 || hp.n_rot > hp.head_dim_k || hp.n_rot % 2 != 0)
        k.fail(k.name(Kv::ROPE_DIMENSION_COUNT) + ": " + std::to_string(hp.n_rot) + " (must be even, in [2, " +
               std::to_string(hp.head_dim_k) + "])");
    hp.rope_freq_base = k.check_float(Kv::ROPE_FREQ_BASE, k.opt_float(Kv::ROPE_FREQ_BASE).value_or(10000.0), 1.0, 1e12);
    hp.rope_freq_base_swa = hp.rope_freq_base;

    // Rope scaling: "rope.scaling.type" + factor (new), or the old "rope.scale_linear".
    if (auto f = k.opt_float(Kv::ROPE_SCALE_LINEAR)) {
        hp.rope_scaling = RopeScaling::LINEAR;
        hp.rope_scaling_factor = k.check_float(Kv::ROPE_SCALE_LINEAR, *f, 0.0, 1e6);
    }
    if (auto t = k.opt_string(Kv::ROPE_SCALING_TYPE)) {
        if (*t == "none") hp.rope_scaling = RopeScaling::NONE;
        else if (*t == "linear") hp.rope_scaling = RopeScaling::LINEAR;
        else if (*t == "yarn") hp.rope_scaling = RopeScaling::YARN;
        else if (*t == "llama3") hp.rope_scaling = RopeScaling::LLAMA3;
        else k.fail(k.name(Kv::ROPE_SCALING_TYPE) + ": '" + std::string(*t) + "' not supported (none, linear, yarn, llama3)");
    }
    if (auto f = k.opt_float(Kv::ROPE_SCALING_FACTOR)) hp.rope_scaling_factor = k.check_float(Kv::ROPE_SCALING_FACTOR, *f, 0.0, 1e6);
    if (auto f = k.opt_float(Kv::ROPE_SCALING_LOW_FREQ_FACTOR)) hp.rope_low_freq_factor = k.check_float(Kv::ROPE_SCALING_LOW_FREQ_FACTOR, *f, 0.0, 1e6);
    if (auto f = k.opt_float(Kv::ROPE_SCALING_HIGH_FREQ_FACTOR)) hp.rope_high_freq_factor = k.check_float(Kv::ROPE_SCALING_HIGH_FREQ_FACTOR, *f, 0.0, 1e6);
    if (auto n = k.opt_int(Kv::ROPE_SCALING_ORIG_CTX_LEN)) hp.rope_orig_ctx = k.check_range(Kv::ROPE_SCALING_ORIG_CTX_LEN, *n, 1, kMaxCtx);
    if (hp.rope_scaling == RopeScaling::LINEAR || hp.rope_scaling == RopeScaling::YARN)
        hp.rope_freq_scale = 1.0f / hp.rope_scaling_factor;
    hp.rope_freq_scale_swa = hp.rope_freq_scale;
    hp.swa_layers.assign(size_t(hp.n_layer), false);
}

// Vocabulary size: the key, else the token list, else the embedding matrix.
int64_t read_n_vocab(const Keys& k) {
    if (auto v = k.opt_int(Kv::VOCAB_SIZE)) return k.check_range(Kv::VOCAB_SIZE, *v, 1, kMaxVocab);
    if (auto* tokens = k.file().get_string_array(kv_name(Kv::TOKENIZER_LIST))) return int64_t(tokens->size());
    if (auto* t = k.file().tensor(tensor_name(Tn::TOKEN_EMBD))) return t->ne[1];
    k.fail("cannot tell the vocabulary size: no '" + k.name(Kv::VOCAB_SIZE) + "', no '" +
           kv_name(Kv::TOKENIZER_LIST) + "', no '" + tensor_name(Tn::TOKEN_EMBD) + "'");
}

// llama: Llama 2/3, Mistral, SmolLM2, TinyLlama. Pre-norm RMS, SwiGLU, rope on adjacent pairs.
void read_llama(const Keys& k, HParams& hp) {
    read_common(k, hp);
    hp.norm = NormType::RMS;
    hp.norm_eps = k.check_float(Kv::ATTENTION_LAYERNORM_RMS_EPS, k.req_float(Kv::ATTENTION_LAYERNORM_RMS_EPS), 0.0, 1.0);
    hp.rope_type = RopeType::NORM;
    // Llama 3.1+: the converter bakes llama3 scaling into per-dimension factors (rope_freqs).
    if (hp.rope_scaling == RopeScaling::NONE && k.file().tensor(tensor_name(Tn::ROPE_FREQS)))
        hp.rope_scaling = RopeScaling::LLAMA3;
    hp.act = Activation::SILU;
}

// qwen2: as llama with biases on q/k/v and rope on halves (NEOX).
void read_qwen2(const Keys& k, HParams& hp) {
    read_llama(k, hp);
    hp.rope_type = RopeType::NEOX;
    hp.has_qkv_bias = true;
}

// qwen3: as qwen2 without the biases, with per-head RMS norms of q and k.
void read_qwen3(const Keys& k, HParams& hp) {
    read_llama(k, hp);
    hp.rope_type = RopeType::NEOX;
    hp.has_qk_norm = true;
}

// gemma3: GeGLU, q/k norms, post-norms, embeddings scaled by sqrt(n_embd), 5 local
// (sliding-window, rope base 10000) layers then 1 global layer (rope base from the file).
// The converter stores RMS-norm weights as (1 + w), so they are used as-is.
void read_gemma3(const Keys& k, HParams& hp) {
    read_common(k, hp);
    hp.norm = NormType::RMS;
    hp.norm_eps = k.check_float(Kv::ATTENTION_LAYERNORM_RMS_EPS, k.req_float(Kv::ATTENTION_LAYERNORM_RMS_EPS), 0.0, 1.0);
    hp.rope_type = RopeType::NEOX;
    hp.act = Activation::GELU_TANH;
    hp.has_qk_norm = true;
    hp.has_post_norms = true;
    hp.embd_scale = std::sqrt(float(hp.n_embd));
    hp.n_swa = k.opt_int(Kv::ATTENTION_SLIDING_WINDOW).value_or(0);
    if (hp.n_swa > 0) {
        hp.n_swa = k.check_range(Kv::ATTENTION_SLIDING_WINDOW, hp.n_swa, 1, kMaxCtx);
        // Layer il is local unless il % 6 == 5 (llama.cpp: set_swa_pattern(6)).
        constexpr int64_t kPattern = 6;
        for (int64_t il = 0; il < hp.n_layer; ++il) hp.swa_layers[size_t(il)] = il % kPattern < kPattern - 1;
        hp.rope_freq_base_swa = 10000.0f;
        hp.rope_freq_scale_swa = 1.0f;
    } else if (hp.n_swa < 0) {
        k.check_range(Kv::ATTENTION_SLIDING_WINDOW, hp.n_swa, 0, kMaxCtx);
    }
    // query_pre_attn_scalar: head_dim for every size but 27B (62 layers), where it is n_embd / n_head.
    if (!k.opt_float(Kv::ATTENTION_SCALE))
        hp.attn_scale = hp.n_layer == 62 ? 1.0f / std::sqrt(float(hp.n_embd / hp.n_head))
                                         : 1.0f / std::sqrt(float(hp.head_dim_k));
}

// bert: post-norm LayerNorm encoder, learned positions and token types, GELU FFN without a
// gate, bidirectional attention, pooled output.
void read_bert(const Keys& k, HParams& hp) {
    read_common(k, hp);
    hp.norm = NormType::LAYER;
    hp.norm_eps = k.check_float(Kv::ATTENTION_LAYERNORM_EPS, k.req_float(Kv::ATTENTION_LAYERNORM_EPS), 0.0, 1.0);
    hp.causal = k.opt_bool(Kv::ATTENTION_CAUSAL).value_or(false);
    hp.rope_type = RopeType::NONE;
    hp.act = Activation::GELU;
    hp.ffn_gated = false;
    hp.has_qkv_bias = true;
    hp.has_pos_embd = true;
    const int64_t pooling = k.opt_int(Kv::POOLING_TYPE).value_or(-1);
    hp.pooling = Pooling(k.check_range(Kv::POOLING_TYPE, pooling, -1, 4));
    // Token types: the key, else the rows of the token_types matrix, else BERT's 2.
    if (auto n = k.file().get_int(kv_name(Kv::TOKENIZER_TOKEN_TYPE_COUNT)))
        hp.n_token_types = *n;
    else if (auto* t = k.file().tensor(tensor_name(Tn::TOKEN_TYPES)))
        hp.n_token_types = t->ne[1];
    else
        hp.n_token_types = 2;
    if (hp.n_token_types < 1 || hp.n_token_types > 1024)
        k.fail(kv_name(Kv::TOKENIZER_TOKEN_TYPE_COUNT) + ": " + std::to_string(hp.n_token_types) + " (must be in [1, 1024])");
}

}  // namespace

HParams read_hparams(const GgufFile& file) {
    HParams hp;
    const auto arch = file.get_string(kv_name(Kv::GENERAL_ARCHITECTURE));
    if (!arch) file.fail("load: missing key '" + kv_name(Kv::GENERAL_ARCHITECTURE) + "'");
    hp.arch_name = std::string(*arch);
    hp.arch = arch_from_name(*arch);
    const Keys k(file, hp.arch_name);
    switch (hp.arch) {
        case Arch::LLAMA: read_llama(k, hp); break;
        case Arch::QWEN2: read_qwen2(k, hp); break;
        case Arch::QWEN3: read_qwen3(k, hp); break;
        case Arch::GEMMA3: read_gemma3(k, hp); break;
        case Arch::BERT: read_bert(k, hp); break;
        case Arch::UNKNOWN:
            file.fail("load: architecture '" + hp.arch_name +
                      "' not supported (supported: llama, qwen2, qwen3, gemma3, bert)");
    }
    hp.n_vocab = read_n_vocab(k);
    return hp;
}

std::string_view rope_type_name(RopeType t) {
    switch (t) {
        case RopeType::NONE: return "none";
        case RopeType::NORM: return "norm";
        case RopeType::NEOX: return "neox";
    }
    return "?";
}

std::string_view rope_scaling_name(RopeScaling s) {
    switch (s) {
        case RopeScaling::NONE: return "none";
        case RopeScaling::LINEAR: return "linear";
        case RopeScaling::YARN: return "yarn";
        case RopeScaling::LLAMA3: return "llama3";
    }
    return "?";
}

std::string_view norm_type_name(NormType n) { return n == NormType::RMS ? "rms" : "layer"; }

std::string_view activation_name(Activation a) {
    switch (a) {
        case Activation::SILU: return "silu";
        case Activation::GELU_TANH: return "gelu_tanh";
        case Activation::GELU: return "gelu";
    }
    return "?";
}

std::string_view pooling_name(Pooling p) {
    switch (p) {
        case Pooling::UNSPECIFIED: return "unspecified";
        case Pooling::NONE: return "none";
        case Pooling::MEAN: return "mean";
        case Pooling::CLS: return "cls";
        case Pooling::LAST: return "last";
        case Pooling::RANK: return "rank";
    }
    return "?";
}

}  // namespace perimeter::engine
