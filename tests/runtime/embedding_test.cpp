// BERT embeddings against llama.cpp (llama-cpp-python's Llama.embed on the same GGUF file):
// cosine >= 0.999 for all-MiniLM-L6-v2 (converted by scripts/convert_bert_gguf.py, mean pooling)
// and for the random-weight test BERT (CLS pooling) in every weight type.
#include <gtest/gtest.h>

#include "kernels/cpu_features.h"

#include <cmath>
#include <cstdio>

#include "engine/model/model.h"
#include "engine/runtime/backend.h"
#include "engine/runtime/kv_cache.h"
#include "engine/runtime/transformer.h"
#include "tests/common/test_env.h"
#include "tests/runtime/reference.h"

namespace perimeter::test {
namespace {
using namespace perimeter::engine;
namespace fs = std::filesystem;

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = 0; i < a.size(); ++i) ab += double(a[i]) * b[i], aa += double(a[i]) * a[i], bb += double(b[i]) * b[i];
    return ab / std::sqrt(aa * bb);
}

class EmbeddingTest : public ::testing::TestWithParam<std::string> {};

TEST_P(EmbeddingTest, MatchesLlamaCpp) {
    const fs::path path = models_dir() / GetParam();
    ASSERT_TRUE(fs::exists(path)) << "missing model " << path << " (scripts/setup.sh makes it)";
    const Reference ref = reference_for(path, "default", true);
    auto model = load_model(path.string());
    auto backend = make_cpu_backend(2);
    Transformer tf(*model, *backend, int(model->hparams.n_ctx_train));
    // fp32 keys and values, as the engine's sessions keep them for encoders (llama.cpp: no cache).
    KvCache cache(*backend, model->hparams, int(model->hparams.n_ctx_train), 1, kernels::TensorType::F32);
    double worst = 1;
    for (const RefPrompt& p : ref.prompts) {
        const auto ours = tf.embed(p.tokens, cache, 0, Pooling::UNSPECIFIED, true);
        ASSERT_EQ(ours.size(), p.embedding.size());
        double norm = 0;
        for (float v : ours) norm += double(v) * v;
        EXPECT_NEAR(norm, 1.0, 1e-4);  // L2-normalised
        worst = std::min(worst, cosine(ours, p.embedding));
    }
    std::printf("[embedding] %-32s texts=%zu min cosine=%.9f (llama-cpp-python %s)\n", GetParam().c_str(),
                ref.prompts.size(), worst, ref.version.c_str());
    EXPECT_GE(worst, 0.999);  // the threshold
    // Our kernels follow the arithmetic of llama.cpp's AVX-512 VNNI build (what llama-cpp-python
    // compiles to on such a CPU), the encoder's cache-less attention included, so what is left is
    // the rounding of normalising a vector that is already llama.cpp's.
    const auto& f = kernels::cpu_features();
    if (f.avx512f && f.avx512vl && f.avx512vnni) {
        EXPECT_GE(worst, 0.9999999);
    }
}

std::vector<std::string> models() {
    std::vector<std::string> out = {"all-MiniLM-L6-v2.F16.gguf"};
    for (const char* type : {"F32", "F16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"}) out.push_back(std::string("test/bert.") + type + ".gguf");
    return out;
}

std::string param_name(const ::testing::TestParamInfo<std::string>& info) {
    std::string s = info.param;
    for (char& c : s)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return s;
}

INSTANTIATE_TEST_SUITE_P(Models, EmbeddingTest, ::testing::ValuesIn(models()), param_name);

}  // namespace
}  // namespace perimeter::test
