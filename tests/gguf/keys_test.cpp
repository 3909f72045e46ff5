// The key / tensor-name table: every enum value has a name, names are those of gguf-py.
#include <gtest/gtest.h>

#include <set>

#include "engine/gguf/gguf_keys.h"

namespace perimeter::engine {
namespace {

TEST(GgufKeys, EveryKeyHasAUniquePattern) {
    std::set<std::string_view> seen;
    for (int i = 0; i < int(Kv::COUNT); ++i) {
        const auto p = kv_pattern(Kv(i));
        EXPECT_FALSE(p.empty()) << "Kv " << i << " has no row in gguf_keys.cpp";
        EXPECT_TRUE(seen.insert(p).second) << "duplicate pattern " << p;
    }
}

TEST(GgufKeys, EveryTensorHasAUniquePattern) {
    std::set<std::string_view> seen;
    for (int i = 0; i < int(Tn::COUNT); ++i) {
        const auto p = tensor_pattern(Tn(i));
        EXPECT_FALSE(p.empty()) << "Tn " << i << " has no row in gguf_keys.cpp";
        EXPECT_TRUE(seen.insert(p).second) << "duplicate pattern " << p;
    }
}

TEST(GgufKeys, Names) {
    EXPECT_EQ(kv_name(Kv::CONTEXT_LENGTH, Arch::LLAMA), "llama.context_length");
    EXPECT_EQ(kv_name(Kv::ATTENTION_LAYERNORM_RMS_EPS, "gemma3"), "gemma3.attention.layer_norm_rms_epsilon");
    EXPECT_EQ(kv_name(Kv::ROPE_SCALING_ORIG_CTX_LEN, Arch::QWEN2), "qwen2.rope.scaling.original_context_length");
    EXPECT_EQ(kv_name(Kv::TOKENIZER_BOS_ID), "tokenizer.ggml.bos_token_id");
    EXPECT_EQ(kv_name(Kv::TOKENIZER_SEP_ID), "tokenizer.ggml.seperator_token_id");  // sic, as llama.cpp
    EXPECT_EQ(kv_name(Kv::GENERAL_ALIGNMENT, Arch::BERT), "general.alignment");
    EXPECT_EQ(tensor_name(Tn::ATTN_Q, 3), "blk.3.attn_q.weight");
    EXPECT_EQ(tensor_name(Tn::ATTN_Q, 12, "bias"), "blk.12.attn_q.bias");
    EXPECT_EQ(tensor_name(Tn::ATTN_POST_NORM, 0), "blk.0.post_attention_norm.weight");
    EXPECT_EQ(tensor_name(Tn::FFN_POST_NORM, 1), "blk.1.post_ffw_norm.weight");
    EXPECT_EQ(tensor_name(Tn::TOKEN_EMBD), "token_embd.weight");
    EXPECT_EQ(tensor_name(Tn::OUTPUT, -1, ""), "output");
    EXPECT_TRUE(tensor_is_per_layer(Tn::FFN_DOWN));
    EXPECT_FALSE(tensor_is_per_layer(Tn::OUTPUT_NORM));
}

TEST(GgufKeys, Architectures) {
    for (Arch a : {Arch::LLAMA, Arch::QWEN2, Arch::QWEN3, Arch::GEMMA3, Arch::BERT})
        EXPECT_EQ(arch_from_name(arch_name(a)), a);
    EXPECT_EQ(arch_from_name("mamba"), Arch::UNKNOWN);
    EXPECT_EQ(arch_name(Arch::GEMMA3), "gemma3");
}

}  // namespace
}  // namespace perimeter::engine
