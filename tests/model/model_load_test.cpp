// Model description: hyper-parameters and weights of both real models, and the loader's checks
// on small synthetic models (wrong shape, missing tensors, tied embeddings, unsupported type,
// each architecture's extras).
#include <gtest/gtest.h>

#include <cmath>

#include "engine/model/model.h"
#include "engine/model/model_info.h"
#include "tests/common/test_env.h"
#include "tests/model/gguf_writer.h"

namespace perimeter::engine {
namespace {

using kernels::TensorType;

// ---- real models -------------------------------------------------------------------------

TEST(ModelLoad, SmolLM2) {
    ASSERT_TRUE(std::filesystem::exists(test::smollm2())) << "real model missing: " << test::smollm2();
    auto m = load_model(test::smollm2().string());
    const HParams& hp = m->hparams;
    EXPECT_EQ(hp.arch, Arch::LLAMA);
    EXPECT_EQ(hp.n_ctx_train, 8192);
    EXPECT_EQ(hp.n_embd, 576);
    EXPECT_EQ(hp.n_layer, 30);
    EXPECT_EQ(hp.n_ff, 1536);
    EXPECT_EQ(hp.n_head, 9);
    EXPECT_EQ(hp.n_head_kv, 3);
    EXPECT_EQ(hp.head_dim_k, 64);
    EXPECT_EQ(hp.n_vocab, 49152);
    EXPECT_EQ(hp.n_rot, 64);
    EXPECT_EQ(hp.rope_type, RopeType::NORM);
    EXPECT_EQ(hp.rope_freq_base, 100000.0f);
    EXPECT_EQ(hp.norm, NormType::RMS);
    EXPECT_EQ(hp.norm_eps, 1e-5f);
    EXPECT_EQ(hp.act, Activation::SILU);
    EXPECT_EQ(hp.attn_scale, 0.125f);
    EXPECT_FALSE(hp.is_swa(0));
    const ModelWeights& w = m->weights;
    ASSERT_EQ(w.layers.size(), 30u);
    EXPECT_TRUE(w.tied_output);  // SmolLM2 has no output.weight
    EXPECT_EQ(w.output, w.token_embd);
    EXPECT_EQ(w.layers[29].wk->shape_str(), "576x192");
    EXPECT_EQ(w.layers[3].ffn_down->shape_str(), "1536x576");
    EXPECT_EQ(w.layers[0].wq->type, TensorType::Q4_1);
    EXPECT_EQ(w.layers[0].bq, nullptr);
    EXPECT_EQ(w.layers[0].q_norm, nullptr);
}

TEST(ModelLoad, Gemma3) {
    ASSERT_TRUE(std::filesystem::exists(test::gemma3())) << "real model missing: " << test::gemma3();
    auto m = load_model(test::gemma3().string());
    const HParams& hp = m->hparams;
    EXPECT_EQ(hp.arch, Arch::GEMMA3);
    EXPECT_EQ(hp.n_ctx_train, 32768);
    EXPECT_EQ(hp.n_embd, 640);
    EXPECT_EQ(hp.n_layer, 18);
    EXPECT_EQ(hp.n_head, 4);
    EXPECT_EQ(hp.n_head_kv, 1);
    EXPECT_EQ(hp.head_dim_k, 256);  // != n_embd / n_head
    EXPECT_EQ(hp.n_vocab, 262144);
    EXPECT_EQ(hp.rope_type, RopeType::NEOX);
    EXPECT_EQ(hp.act, Activation::GELU_TANH);
    EXPECT_EQ(hp.norm_eps, 1e-6f);
    EXPECT_EQ(hp.n_swa, 512);
    // 5 local layers, then 1 global: layers 5, 11, 17 are global.
    for (int il = 0; il < 18; ++il) {
        EXPECT_EQ(hp.is_swa(il), il % 6 != 5) << il;
        EXPECT_EQ(hp.rope_base(il), il % 6 != 5 ? 10000.0f : 1000000.0f) << il;
    }
    EXPECT_EQ(hp.kv_len(0, 4096), 512);
    EXPECT_EQ(hp.kv_len(5, 4096), 4096);
    EXPECT_EQ(hp.attn_scale, 1.0f / 16.0f);  // query_pre_attn_scalar = head_dim = 256
    EXPECT_EQ(hp.embd_scale, std::sqrt(640.0f));
    EXPECT_EQ(hp.final_softcap, 0.0f);
    const ModelWeights& w = m->weights;
    EXPECT_TRUE(w.tied_output);
    ASSERT_EQ(w.layers.size(), 18u);
    for (const auto& L : w.layers) {
        ASSERT_NE(L.q_norm, nullptr);
        ASSERT_NE(L.attn_post_norm, nullptr);
        ASSERT_NE(L.ffn_post_norm, nullptr);
        EXPECT_EQ(L.q_norm->shape_str(), "256");
        EXPECT_EQ(L.wq->shape_str(), "640x1024");
        EXPECT_EQ(L.wo->shape_str(), "1024x640");
    }
}

// ---- synthetic models ------------------------------------------------------------------------

struct Tiny {
    int64_t E = 32, H = 4, Hkv = 2, F = 64, V = 16, L = 2, Dk = 8;
};

// A complete tiny llama; tests then break one thing.
test::GgufWriter tiny_llama(const Tiny& t = {}, const std::string& arch = "llama") {
    test::GgufWriter w;
    w.str("general.architecture", arch);
    w.u32(arch + ".context_length", 128);
    w.u32(arch + ".embedding_length", uint32_t(t.E));
    w.u32(arch + ".block_count", uint32_t(t.L));
    w.u32(arch + ".feed_forward_length", uint32_t(t.F));
    w.u32(arch + ".attention.head_count", uint32_t(t.H));
    w.u32(arch + ".attention.head_count_kv", uint32_t(t.Hkv));
    w.f32(arch + ".attention.layer_norm_rms_epsilon", 1e-6f);
    w.f32(arch + ".rope.freq_base", 500000.0f);
    w.u32(arch + ".vocab_size", uint32_t(t.V));
    w.tensor("token_embd.weight", {t.E, t.V});
    w.tensor("output_norm.weight", {t.E}, TensorType::F32, 1.0f);
    for (int il = 0; il < t.L; ++il) {
        const std::string b = "blk." + std::to_string(il) + ".";
        w.tensor(b + "attn_norm.weight", {t.E});
        w.tensor(b + "attn_q.weight", {t.E, t.H * t.Dk});
        w.tensor(b + "attn_k.weight", {t.E, t.Hkv * t.Dk});
        w.tensor(b + "attn_v.weight", {t.E, t.Hkv * t.Dk});
        w.tensor(b + "attn_output.weight", {t.H * t.Dk, t.E});
        w.tensor(b + "ffn_norm.weight", {t.E});
        w.tensor(b + "ffn_gate.weight", {t.E, t.F});
        w.tensor(b + "ffn_up.weight", {t.E, t.F});
        w.tensor(b + "ffn_down.weight", {t.F, t.E});
    }
    return w;
}

// Loads bytes as "tiny.gguf"; returns the error text ("" when it loads).
std::string load_error(const test::GgufWriter& w, std::unique_ptr<Model>* out = nullptr) {
    static std::vector<std::vector<uint8_t>> keep;  // the buffers must outlive the models
    keep.push_back(w.bytes());
    try {
        auto m = load_model(GgufFile::from_memory(keep.back().data(), keep.back().size(), "tiny.gguf"));
        if (out) *out = std::move(m);
        return "";
    } catch (const GgufError& e) {
        return e.what();
    }
}

TEST(ModelLoad, TinyLlamaLoadsWithTiedOutput) {
    std::unique_ptr<Model> m;
    ASSERT_EQ(load_error(tiny_llama(), &m), "");
    EXPECT_EQ(m->hparams.head_dim_k, 8);
    EXPECT_EQ(m->hparams.n_gqa(), 2);
    EXPECT_TRUE(m->weights.tied_output);
    auto w = tiny_llama();
    w.tensor("output.weight", {32, 16});
    ASSERT_EQ(load_error(w, &m), "");
    EXPECT_FALSE(m->weights.tied_output);
    EXPECT_EQ(m->weights.output->name, "output.weight");
}

TEST(ModelLoad, WrongShapeIsNamedWithExpectedAndActual) {
    auto w = tiny_llama();
    w.remove_tensor("blk.1.attn_q.weight");
    w.tensor("blk.1.attn_q.weight", {32, 8});
    EXPECT_EQ(load_error(w), "tiny.gguf: load: blk.1.attn_q.weight: expected 32x32, got 32x8");
    auto w2 = tiny_llama();
    w2.remove_tensor("output_norm.weight");
    w2.tensor("output_norm.weight", {32, 2});
    EXPECT_EQ(load_error(w2), "tiny.gguf: load: output_norm.weight: expected 32, got 32x2");
}

TEST(ModelLoad, MissingTensorsAreListed) {
    auto w = tiny_llama();
    w.remove_tensor("blk.0.attn_k.weight");
    w.remove_tensor("blk.1.ffn_up.weight");
    EXPECT_EQ(load_error(w), "tiny.gguf: load: missing tensors: blk.0.attn_k.weight, blk.1.ffn_up.weight");
}

TEST(ModelLoad, UnsupportedTypeIsRefusedByName) {
    Tiny t;
    t.F = 256;  // IQ2_XXS rows need 256 elements
    auto w = tiny_llama(t);
    w.remove_tensor("blk.0.ffn_down.weight");
    w.tensor("blk.0.ffn_down.weight", {256, 32}, TensorType::IQ2_XXS);
    EXPECT_EQ(load_error(w), "tiny.gguf: load: blk.0.ffn_down.weight: type IQ2_XXS not supported");
}

TEST(ModelLoad, BadHyperParametersAreNamed) {
    auto w = tiny_llama({}, "mamba");
    EXPECT_NE(load_error(w).find("tiny.gguf: load: architecture 'mamba' not supported"), std::string::npos);
    Tiny t;
    t.Hkv = 3;
    EXPECT_EQ(load_error(tiny_llama(t)),
              "tiny.gguf: load: llama.attention.head_count_kv: 3 does not divide llama.attention.head_count 4");
    test::GgufWriter bare;
    bare.str("general.architecture", "llama");
    bare.u32("llama.context_length", 128);
    EXPECT_EQ(load_error(bare), "tiny.gguf: load: missing key 'llama.embedding_length'");
    test::GgufWriter zero;  // keys only: a zero-sized tensor would be refused by the reader first
    zero.str("general.architecture", "llama");
    zero.u32("llama.context_length", 128);
    zero.u32("llama.embedding_length", 32);
    zero.u32("llama.block_count", 2);
    zero.u32("llama.feed_forward_length", 64);
    zero.u32("llama.attention.head_count", 0);
    EXPECT_EQ(load_error(zero), "tiny.gguf: load: llama.attention.head_count: 0 (must be in [1, 1048576])");
    test::GgufWriter wrong_type;
    wrong_type.str("general.architecture", "llama");
    wrong_type.str("llama.context_length", "many");
    EXPECT_EQ(load_error(wrong_type), "tiny.gguf: key 'llama.context_length': expected an integer, got string");
}

TEST(ModelLoad, Llama3RopeScaling) {
    auto w = tiny_llama();
    w.str("llama.rope.scaling.type", "llama3");
    w.f32("llama.rope.scaling.factor", 8.0f);
    w.f32("llama.rope.scaling.low_freq_factor", 1.0f);
    w.f32("llama.rope.scaling.high_freq_factor", 4.0f);
    w.u32("llama.rope.scaling.original_context_length", 8192);
    w.tensor("rope_freqs.weight", {4});
    std::unique_ptr<Model> m;
    ASSERT_EQ(load_error(w, &m), "");
    EXPECT_EQ(m->hparams.rope_scaling, RopeScaling::LLAMA3);
    EXPECT_EQ(m->hparams.rope_scaling_factor, 8.0f);
    EXPECT_EQ(m->hparams.rope_orig_ctx, 8192);
    EXPECT_EQ(m->hparams.rope_freq_scale, 1.0f);  // llama3 uses per-dimension factors instead
    ASSERT_NE(m->weights.rope_freqs, nullptr);
    auto lin = tiny_llama();
    lin.str("llama.rope.scaling.type", "linear");
    lin.f32("llama.rope.scaling.factor", 4.0f);
    ASSERT_EQ(load_error(lin, &m), "");
    EXPECT_EQ(m->hparams.rope_freq_scale, 0.25f);
}

TEST(ModelLoad, Qwen2NeedsBiasesQwen3NeedsQkNorms) {
    Tiny t;
    auto q2 = tiny_llama(t, "qwen2");
    EXPECT_NE(load_error(q2).find("missing tensors: blk.0.attn_q.bias, blk.0.attn_k.bias, blk.0.attn_v.bias"),
              std::string::npos);
    for (int il = 0; il < 2; ++il) {
        const std::string b = "blk." + std::to_string(il) + ".";
        q2.tensor(b + "attn_q.bias", {32});
        q2.tensor(b + "attn_k.bias", {16});
        q2.tensor(b + "attn_v.bias", {16});
    }
    std::unique_ptr<Model> m;
    ASSERT_EQ(load_error(q2, &m), "");
    EXPECT_EQ(m->hparams.rope_type, RopeType::NEOX);
    EXPECT_NE(m->weights.layers[1].bv, nullptr);

    auto q3 = tiny_llama(t, "qwen3");
    q3.u32("qwen3.attention.key_length", 16);  // head dim != n_embd / n_head
    EXPECT_EQ(load_error(q3), "tiny.gguf: load: blk.0.attn_q.weight: expected 32x64, got 32x32");
}

TEST(ModelLoad, Gemma27BUsesEmbeddingPerHeadScale) {
    test::GgufWriter w;
    w.str("general.architecture", "gemma3");
    w.u32("gemma3.context_length", 128);
    w.u32("gemma3.embedding_length", 64);
    w.u32("gemma3.block_count", 62);
    w.u32("gemma3.feed_forward_length", 128);
    w.u32("gemma3.attention.head_count", 4);
    w.u32("gemma3.attention.key_length", 32);
    w.f32("gemma3.attention.layer_norm_rms_epsilon", 1e-6f);
    w.u32("gemma3.attention.sliding_window", 1024);
    w.u32("gemma3.vocab_size", 8);
    const auto bytes = w.bytes();
    auto f = GgufFile::from_memory(bytes.data(), bytes.size(), "g27.gguf");
    const HParams hp = read_hparams(*f);
    EXPECT_EQ(hp.attn_scale, 1.0f / std::sqrt(16.0f));  // n_embd / n_head, not head_dim
    EXPECT_EQ(hp.n_swa, 1024);
    EXPECT_TRUE(hp.is_swa(4));
    EXPECT_TRUE(hp.is_swa(61));   // 61 % 6 == 1 -> local; 59 % 6 == 5 -> global
    EXPECT_TRUE(hp.is_swa(60));
    EXPECT_FALSE(hp.is_swa(59));
}

TEST(ModelLoad, BertEncoder) {
    test::GgufWriter w;
    const int64_t E = 32, F = 64, V = 20, C = 64, T = 2;
    w.str("general.architecture", "bert");
    w.u32("bert.context_length", uint32_t(C));
    w.u32("bert.embedding_length", uint32_t(E));
    w.u32("bert.block_count", 1);
    w.u32("bert.feed_forward_length", uint32_t(F));
    w.u32("bert.attention.head_count", 4);
    w.f32("bert.attention.layer_norm_epsilon", 1e-12f);
    w.boolean("bert.attention.causal", false);
    w.u32("bert.pooling_type", 1);
    w.str_array("tokenizer.ggml.tokens", std::vector<std::string>(size_t(V), "t"));
    w.tensor("token_embd.weight", {E, V});
    w.tensor("token_types.weight", {E, T});
    w.tensor("position_embd.weight", {E, C});
    w.tensor("token_embd_norm.weight", {E});
    w.tensor("token_embd_norm.bias", {E});
    for (const char* n : {"attn_q", "attn_k", "attn_v", "attn_output"}) {
        w.tensor(std::string("blk.0.") + n + ".weight", {E, E});
        w.tensor(std::string("blk.0.") + n + ".bias", {E});
    }
    for (const char* n : {"attn_output_norm", "layer_output_norm"}) {
        w.tensor(std::string("blk.0.") + n + ".weight", {E});
        w.tensor(std::string("blk.0.") + n + ".bias", {E});
    }
    w.tensor("blk.0.ffn_up.weight", {E, F});
    w.tensor("blk.0.ffn_up.bias", {F});
    w.tensor("blk.0.ffn_down.weight", {F, E});
    w.tensor("blk.0.ffn_down.bias", {E});
    std::unique_ptr<Model> m;
    ASSERT_EQ(load_error(w, &m), "");
    const HParams& hp = m->hparams;
    EXPECT_EQ(hp.arch, Arch::BERT);
    EXPECT_FALSE(hp.causal);
    EXPECT_EQ(hp.pooling, Pooling::MEAN);
    EXPECT_EQ(hp.norm, NormType::LAYER);
    EXPECT_EQ(hp.norm_eps, 1e-12f);
    EXPECT_EQ(hp.n_vocab, V);  // from the token list
    EXPECT_EQ(hp.n_token_types, T);
    EXPECT_FALSE(hp.ffn_gated);
    EXPECT_EQ(hp.rope_type, RopeType::NONE);
    EXPECT_EQ(m->weights.output, nullptr);  // an encoder has no LM head
    EXPECT_NE(m->weights.layers[0].layer_out_norm_b, nullptr);
}

TEST(ModelInfoTest, SummaryOfTinyModel) {
    auto w = tiny_llama();
    const auto bytes = w.bytes();
    auto f = GgufFile::from_memory(bytes.data(), bytes.size(), "tiny.gguf");
    const ModelInfo info = describe_model(*f);
    EXPECT_TRUE(info.loadable) << info.load_error;
    EXPECT_EQ(info.architecture, "llama");
    // 32*16 + 32 + 2 * (32 + 32*32 + 2*32*16 + 32*32 + 32 + 3*32*64)
    EXPECT_EQ(info.n_params, 32 * 16 + 32 + 2 * (32 + 32 * 32 + 2 * 32 * 16 + 32 * 32 + 32 + 3 * 32 * 64));
    EXPECT_EQ(info.weight_bytes, uint64_t(info.n_params) * 4);
    ASSERT_EQ(info.types.size(), 1u);
    EXPECT_EQ(info.types[0].name, "F32");
    EXPECT_EQ(info.file_type, "F32");  // no general.file_type: the dominant tensor type
    // K and V: 2 layers * (2 heads * 8) * 2 (K+V) * 2 bytes per position.
    EXPECT_EQ(info.kv_cache_bytes(100), uint64_t(2 * 16 * 2 * 2 * 100));
    auto broken = tiny_llama({}, "mamba");
    const auto b2 = broken.bytes();
    auto f2 = GgufFile::from_memory(b2.data(), b2.size(), "mamba.gguf");
    const ModelInfo i2 = describe_model(*f2);
    EXPECT_FALSE(i2.loadable);
    EXPECT_NE(i2.load_error.find("architecture 'mamba' not supported"), std::string::npos);
    EXPECT_EQ(i2.n_tensors, int64_t(f2->tensors().size()));
}

}  // namespace
}  // namespace perimeter::engine
