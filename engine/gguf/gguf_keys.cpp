// The key and tensor-name tables. Strings are those of gguf-py's constants.py / llama.cpp's
// llama-arch.cpp (note the historical spelling "seperator_token_id").
#include "engine/gguf/gguf_keys.h"

#include <array>
#include <type_traits>
#include <utility>

namespace perimeter::engine {
namespace {

struct ArchRow {
    Arch arch;
    std::string_view name;
};
constexpr ArchRow kArchs[] = {
    {Arch::LLAMA, "llama"}, {Arch::QWEN2, "qwen2"}, {Arch::QWEN3, "qwen3"},
    {Arch::GEMMA3, "gemma3"}, {Arch::BERT, "bert"},
};

struct KvRow {
    Kv kv;
    std::string_view pattern;
};
constexpr KvRow kKvs[] = {
    {Kv::GENERAL_TYPE, "general.type"},
    {Kv::GENERAL_ARCHITECTURE, "general.architecture"},
    {Kv::GENERAL_QUANTIZATION_VERSION, "general.quantization_version"},
    {Kv::GENERAL_ALIGNMENT, "general.alignment"},
    {Kv::GENERAL_FILE_TYPE, "general.file_type"},
    {Kv::GENERAL_NAME, "general.name"},
    {Kv::GENERAL_AUTHOR, "general.author"},
    {Kv::GENERAL_VERSION, "general.version"},
    {Kv::GENERAL_ORGANIZATION, "general.organization"},
    {Kv::GENERAL_FINETUNE, "general.finetune"},
    {Kv::GENERAL_BASENAME, "general.basename"},
    {Kv::GENERAL_DESCRIPTION, "general.description"},
    {Kv::GENERAL_SIZE_LABEL, "general.size_label"},
    {Kv::GENERAL_LICENSE, "general.license"},

    {Kv::VOCAB_SIZE, "%s.vocab_size"},
    {Kv::CONTEXT_LENGTH, "%s.context_length"},
    {Kv::EMBEDDING_LENGTH, "%s.embedding_length"},
    {Kv::BLOCK_COUNT, "%s.block_count"},
    {Kv::FEED_FORWARD_LENGTH, "%s.feed_forward_length"},
    {Kv::USE_PARALLEL_RESIDUAL, "%s.use_parallel_residual"},
    {Kv::POOLING_TYPE, "%s.pooling_type"},
    {Kv::LOGIT_SCALE, "%s.logit_scale"},
    {Kv::ATTN_LOGIT_SOFTCAPPING, "%s.attn_logit_softcapping"},
    {Kv::FINAL_LOGIT_SOFTCAPPING, "%s.final_logit_softcapping"},
    {Kv::EMBEDDING_SCALE, "%s.embedding_scale"},

    {Kv::ATTENTION_HEAD_COUNT, "%s.attention.head_count"},
    {Kv::ATTENTION_HEAD_COUNT_KV, "%s.attention.head_count_kv"},
    {Kv::ATTENTION_MAX_ALIBI_BIAS, "%s.attention.max_alibi_bias"},
    {Kv::ATTENTION_CLAMP_KQV, "%s.attention.clamp_kqv"},
    {Kv::ATTENTION_KEY_LENGTH, "%s.attention.key_length"},
    {Kv::ATTENTION_VALUE_LENGTH, "%s.attention.value_length"},
    {Kv::ATTENTION_LAYERNORM_EPS, "%s.attention.layer_norm_epsilon"},
    {Kv::ATTENTION_LAYERNORM_RMS_EPS, "%s.attention.layer_norm_rms_epsilon"},
    {Kv::ATTENTION_CAUSAL, "%s.attention.causal"},
    {Kv::ATTENTION_SLIDING_WINDOW, "%s.attention.sliding_window"},
    {Kv::ATTENTION_SLIDING_WINDOW_PATTERN, "%s.attention.sliding_window_pattern"},
    {Kv::ATTENTION_SCALE, "%s.attention.scale"},

    {Kv::ROPE_DIMENSION_COUNT, "%s.rope.dimension_count"},
    {Kv::ROPE_FREQ_BASE, "%s.rope.freq_base"},
    {Kv::ROPE_FREQ_BASE_SWA, "%s.rope.freq_base_swa"},
    {Kv::ROPE_SCALE_LINEAR, "%s.rope.scale_linear"},
    {Kv::ROPE_SCALING_TYPE, "%s.rope.scaling.type"},
    {Kv::ROPE_SCALING_FACTOR, "%s.rope.scaling.factor"},
    {Kv::ROPE_SCALING_ATTN_FACTOR, "%s.rope.scaling.attn_factor"},
    {Kv::ROPE_SCALING_ORIG_CTX_LEN, "%s.rope.scaling.original_context_length"},
    {Kv::ROPE_SCALING_FINETUNED, "%s.rope.scaling.finetuned"},
    {Kv::ROPE_SCALING_LOW_FREQ_FACTOR, "%s.rope.scaling.low_freq_factor"},
    {Kv::ROPE_SCALING_HIGH_FREQ_FACTOR, "%s.rope.scaling.high_freq_factor"},

    {Kv::TOKENIZER_MODEL, "tokenizer.ggml.model"},
    {Kv::TOKENIZER_PRE, "tokenizer.ggml.pre"},
    {Kv::TOKENIZER_LIST, "tokenizer.ggml.tokens"},
    {Kv::TOKENIZER_TOKEN_TYPE, "tokenizer.ggml.token_type"},
    {Kv::TOKENIZER_TOKEN_TYPE_COUNT, "tokenizer.ggml.token_type_count"},
    {Kv::TOKENIZER_SCORES, "tokenizer.ggml.scores"},
    {Kv::TOKENIZER_MERGES, "tokenizer.ggml.merges"},
    {Kv::TOKENIZER_BOS_ID, "tokenizer.ggml.bos_token_id"},
    {Kv::TOKENIZER_EOS_ID, "tokenizer.ggml.eos_token_id"},
    {Kv::TOKENIZER_EOT_ID, "tokenizer.ggml.eot_token_id"},
    {Kv::TOKENIZER_EOM_ID, "tokenizer.ggml.eom_token_id"},
    {Kv::TOKENIZER_UNK_ID, "tokenizer.ggml.unknown_token_id"},
    {Kv::TOKENIZER_SEP_ID, "tokenizer.ggml.seperator_token_id"},
    {Kv::TOKENIZER_PAD_ID, "tokenizer.ggml.padding_token_id"},
    {Kv::TOKENIZER_CLS_ID, "tokenizer.ggml.cls_token_id"},
    {Kv::TOKENIZER_MASK_ID, "tokenizer.ggml.mask_token_id"},
    {Kv::TOKENIZER_ADD_BOS, "tokenizer.ggml.add_bos_token"},
    {Kv::TOKENIZER_ADD_EOS, "tokenizer.ggml.add_eos_token"},
    {Kv::TOKENIZER_ADD_SEP, "tokenizer.ggml.add_sep_token"},
    {Kv::TOKENIZER_ADD_PREFIX, "tokenizer.ggml.add_space_prefix"},
    {Kv::TOKENIZER_REMOVE_EXTRA_WS, "tokenizer.ggml.remove_extra_whitespaces"},
    {Kv::TOKENIZER_PRECOMPILED_CHARSMAP, "tokenizer.ggml.precompiled_charsmap"},
    {Kv::TOKENIZER_HF_JSON, "tokenizer.huggingface.json"},
    {Kv::TOKENIZER_CHAT_TEMPLATE, "tokenizer.chat_template"},
    {Kv::TOKENIZER_FIM_PRE_ID, "tokenizer.ggml.fim_pre_token_id"},
    {Kv::TOKENIZER_FIM_SUF_ID, "tokenizer.ggml.fim_suf_token_id"},
    {Kv::TOKENIZER_FIM_MID_ID, "tokenizer.ggml.fim_mid_token_id"},
    {Kv::TOKENIZER_FIM_PAD_ID, "tokenizer.ggml.fim_pad_token_id"},
    {Kv::TOKENIZER_FIM_REP_ID, "tokenizer.ggml.fim_rep_token_id"},
    {Kv::TOKENIZER_FIM_SEP_ID, "tokenizer.ggml.fim_sep_token_id"},
};

struct TnRow {
    Tn tn;
    std::string_view pattern;
};
constexpr TnRow kTensors[] = {
    {Tn::TOKEN_EMBD, "token_embd"},
    {Tn::TOKEN_EMBD_NORM, "token_embd_norm"},
    {Tn::TOKEN_TYPES, "token_types"},
    {Tn::POS_EMBD, "position_embd"},
    {Tn::OUTPUT_NORM, "output_norm"},
    {Tn::OUTPUT, "output"},
    {Tn::ROPE_FREQS, "rope_freqs"},
    {Tn::ATTN_NORM, "blk.%d.attn_norm"},
    {Tn::ATTN_NORM_2, "blk.%d.attn_norm_2"},
    {Tn::ATTN_QKV, "blk.%d.attn_qkv"},
    {Tn::ATTN_Q, "blk.%d.attn_q"},
    {Tn::ATTN_K, "blk.%d.attn_k"},
    {Tn::ATTN_V, "blk.%d.attn_v"},
    {Tn::ATTN_OUT, "blk.%d.attn_output"},
    {Tn::ATTN_Q_NORM, "blk.%d.attn_q_norm"},
    {Tn::ATTN_K_NORM, "blk.%d.attn_k_norm"},
    {Tn::ATTN_OUT_NORM, "blk.%d.attn_output_norm"},
    {Tn::ATTN_POST_NORM, "blk.%d.post_attention_norm"},
    {Tn::ATTN_ROT_EMBD, "blk.%d.attn_rot_embd"},
    {Tn::FFN_NORM, "blk.%d.ffn_norm"},
    {Tn::FFN_GATE, "blk.%d.ffn_gate"},
    {Tn::FFN_UP, "blk.%d.ffn_up"},
    {Tn::FFN_DOWN, "blk.%d.ffn_down"},
    {Tn::FFN_POST_NORM, "blk.%d.post_ffw_norm"},
    {Tn::LAYER_OUT_NORM, "blk.%d.layer_output_norm"},
    {Tn::CLS, "cls"},
    {Tn::CLS_OUT, "cls.output"},
};

// Tables indexed by enum value, built once; a missing row is caught by the tests (every
// enum value must have a non-empty pattern).
template <class E, size_t N, class Row, size_t M>
constexpr std::array<std::string_view, N> index_rows(const Row (&rows)[M]) {
    std::array<std::string_view, N> out{};
    for (const auto& r : rows) {
        if constexpr (std::is_same_v<E, Kv>)
            out[static_cast<size_t>(r.kv)] = r.pattern;
        else
            out[static_cast<size_t>(r.tn)] = r.pattern;
    }
    return out;
}
constexpr auto kKvPatterns = index_rows<Kv, static_cast<size_t>(Kv::COUNT)>(kKvs);
constexpr auto kTnPatterns = index_rows<Tn, static_cast<size_t>(Tn::COUNT)>(kTensors);

// Replaces the first `token` ("%s" / "%d") in `pattern` by `value`.
std::string substitute(std::string_view pattern, std::string_view token, std::string_view value) {
    const size_t at = pattern.find(token);
    if (at == std::string_view::npos) return std::string(pattern);
    std::string out;
    out.reserve(pattern.size() + value.size());
    out.append(pattern.substr(0, at)).append(value).append(pattern.substr(at + token.size()));
    return out;
}

}  // namespace

std::string_view arch_name(Arch a) {
    for (const auto& r : kArchs)
        if (r.arch == a) return r.name;
    return "unknown";
}

Arch arch_from_name(std::string_view name) {
    for (const auto& r : kArchs)
        if (r.name == name) return r.arch;
    return Arch::UNKNOWN;
}

std::string_view kv_pattern(Kv k) {
    const auto i = static_cast<size_t>(k);
    return i < kKvPatterns.size() ? kKvPatterns[i] : std::string_view{};
}

std::string kv_name(Kv k, std::string_view arch) { return substitute(kv_pattern(k), "%s", arch); }

std::string_view tensor_pattern(Tn t) {
    const auto i = static_cast<size_t>(t);
    return i < kTnPatterns.size() ? kTnPatterns[i] : std::string_view{};
}

bool tensor_is_per_layer(Tn t) { return tensor_pattern(t).find("%d") != std::string_view::npos; }

std::string tensor_name(Tn t, int layer, std::string_view suffix) {
    std::string name = substitute(tensor_pattern(t), "%d", std::to_string(layer));
    if (!suffix.empty()) name.append(".").append(suffix);
    return name;
}

}  // namespace perimeter::engine
