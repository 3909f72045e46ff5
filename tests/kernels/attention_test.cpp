// attention() against a naive double-precision softmax(QK^T)V over the same cache contents,
// for prompt batches, single-token generation over a long context (key-range splits), GQA,
// sliding windows, soft-capping, non-causal (BERT), F16 and F32 caches, in every variant.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "kernel_test_util.h"
#include "kernels/half.h"
#include "kernels/ops.h"

namespace perimeter::kernels::test {
namespace {

ThreadPool& pool() {
    static ThreadPool p;
    return p;
}

struct Case {
    const char* name;
    int n_heads, n_kv_heads, head_dim, n_q, pos0, window;
    bool causal;
    float softcap;
    TensorType type;
};

// The value the cache holds for an input value: exact for F32, fp16-rounded for F16.
float cached(const KvLayer& kv, float v) { return kv.type == TensorType::F32 ? v : fp16_to_fp32(fp32_to_fp16(v)); }

void run_case(const Case& c, KernelVariant v) {
    SCOPED_TRACE(std::string(c.name) + " " + std::string(variant_name(v)));
    VariantGuard guard;
    ASSERT_TRUE(set_kernel_variant(v));
    std::mt19937 rng(11);
    const int d = c.head_dim, n_kv = c.pos0 + c.n_q, cap = n_kv + 5;
    KvLayer kv{c.type, nullptr, nullptr, c.n_kv_heads, d, cap};
    std::vector<uint8_t> kmem(kv_layer_bytes(c.type, c.n_kv_heads, d, cap)), vmem(kmem.size());
    kv.k = kmem.data();
    kv.v = vmem.data();
    const size_t kv_stride = size_t(c.n_kv_heads) * d;
    // Write the cache in two calls (history, then the batch) as the engine does.
    const auto kin = gaussian(kv_stride * n_kv, rng), vin = gaussian(kv_stride * n_kv, rng);
    if (c.pos0 > 0) kv_write(kv, 0, c.pos0, kin.data(), kv_stride, vin.data(), kv_stride);
    kv_write(kv, c.pos0, c.n_q, kin.data() + kv_stride * c.pos0, kv_stride, vin.data() + kv_stride * c.pos0, kv_stride);
    const size_t q_stride = size_t(c.n_heads) * d + 7;  // a padded stride, as in a fused QKV buffer
    const auto q = gaussian(q_stride * c.n_q, rng);
    AttentionParams p;
    p.n_heads = c.n_heads;
    p.scale = 1.0f / std::sqrt(float(d));
    p.softcap = c.softcap;
    p.causal = c.causal;
    p.sliding_window = c.window;
    std::vector<float> out(size_t(c.n_q) * c.n_heads * d, NAN);
    attention(p, q.data(), q_stride, c.n_q, c.pos0, kv, n_kv, out.data(), pool());

    std::vector<float> ref(out.size());
    const int group = c.n_heads / c.n_kv_heads;
    for (int i = 0; i < c.n_q; ++i)
        for (int h = 0; h < c.n_heads; ++h) {
            const int g = h / group, pos = c.pos0 + i;
            std::vector<double> s(size_t(n_kv), -INFINITY);
            double mx = -INFINITY;
            for (int j = 0; j < n_kv; ++j) {
                if (c.causal && j > pos) continue;
                if (c.window > 0 && pos - j >= c.window) continue;
                double dot = 0;
                for (int e = 0; e < d; ++e)
                    dot += double(q[size_t(i) * q_stride + size_t(h) * d + e]) * cached(kv, kin[size_t(j) * kv_stride + size_t(g) * d + e]);
                if (c.softcap > 0) dot = c.softcap * std::tanh(dot / c.softcap);
                s[size_t(j)] = dot * p.scale;
                mx = std::max(mx, s[size_t(j)]);
            }
            double l = 0;
            std::vector<double> o(size_t(d), 0.0);
            for (int j = 0; j < n_kv; ++j) {
                if (s[size_t(j)] == -INFINITY) continue;
                const double e = std::exp(s[size_t(j)] - mx);
                l += e;
                for (int k = 0; k < d; ++k) o[size_t(k)] += e * cached(kv, vin[size_t(j) * kv_stride + size_t(g) * d + k]);
            }
            for (int k = 0; k < d; ++k) ref[(size_t(i) * c.n_heads + h) * d + k] = float(o[size_t(k)] / l);
        }
    // F16 caches: llama.cpp's arithmetic (the scalar and AVX-512 paths) also rounds the queries and
    // the softmax weights to fp16, as ggml's F16 matmuls do.
    EXPECT_LT(nmse(out.data(), ref.data(), out.size()), c.type == TensorType::F16 ? 1e-6 : 1e-10);
}

// A SIMD variant gives the scalar reference's (= llama.cpp's) bits exactly.
void run_exact(const Case& c, KernelVariant simd) {
    SCOPED_TRACE(std::string(c.name) + " " + std::string(variant_name(simd)));
    std::mt19937 rng(5);
    const int d = c.head_dim, n_kv = c.pos0 + c.n_q, cap = n_kv + 70;
    KvLayer kv{c.type, nullptr, nullptr, c.n_kv_heads, d, cap};
    std::vector<uint8_t> kmem(kv_layer_bytes(c.type, c.n_kv_heads, d, cap)), vmem(kmem.size());
    kv.k = kmem.data();
    kv.v = vmem.data();
    const size_t kv_stride = size_t(c.n_kv_heads) * d;
    auto kin = gaussian(kv_stride * n_kv, rng), vin = gaussian(kv_stride * n_kv, rng);
    for (auto& x : kin) x *= 3.0f;  // scores of a realistic spread
    kv_write(kv, 0, n_kv, kin.data(), kv_stride, vin.data(), kv_stride);
    const size_t q_stride = size_t(c.n_heads) * d;
    const auto q = gaussian(q_stride * c.n_q, rng);
    AttentionParams p;
    p.n_heads = c.n_heads;
    p.scale = 1.0f / std::sqrt(float(d));
    p.causal = c.causal;
    p.sliding_window = c.window;
    p.kv_padded = c.causal;  // the non-causal (encoder) case runs unpadded, as llama.cpp's BERT does
    std::vector<float> out[2];
    const KernelVariant vs[2] = {KernelVariant::Scalar, simd};
    for (int i = 0; i < 2; ++i) {
        VariantGuard guard;
        ASSERT_TRUE(set_kernel_variant(vs[i]));
        out[i].assign(size_t(c.n_q) * c.n_heads * d, NAN);
        attention(p, q.data(), q_stride, c.n_q, c.pos0, kv, n_kv, out[i].data(), pool());
    }
    size_t differ = 0;
    for (size_t i = 0; i < out[0].size(); ++i) differ += std::memcmp(&out[0][i], &out[1][i], 4) != 0;
    EXPECT_EQ(differ, 0u) << "of " << out[0].size();
}

const Case kCases[] = {
    {"prompt causal MHA f16", 4, 4, 64, 37, 0, 0, true, 0.0f, TensorType::F16},
    {"prompt causal GQA 3:1 f32", 9, 3, 64, 50, 0, 0, true, 0.0f, TensorType::F32},
    {"prompt after history GQA", 8, 2, 128, 20, 100, 0, true, 0.0f, TensorType::F16},
    {"generation long context", 4, 1, 256, 1, 1500, 0, true, 0.0f, TensorType::F16},
    {"generation GQA", 9, 3, 64, 1, 700, 0, true, 0.0f, TensorType::F32},
    {"sliding window prompt", 4, 1, 256, 40, 30, 16, true, 0.0f, TensorType::F16},
    {"sliding window generation", 4, 2, 64, 1, 900, 128, true, 0.0f, TensorType::F16},
    {"softcap", 4, 2, 64, 12, 5, 0, true, 30.0f, TensorType::F32},
    {"bert non-causal", 12, 12, 32, 33, 0, 0, false, 0.0f, TensorType::F32},
    {"bert non-causal, 80 keys", 4, 4, 64, 80, 0, 0, false, 0.0f, TensorType::F32},
    {"bert non-causal, 200 keys, f16", 4, 4, 64, 200, 0, 0, false, 0.0f, TensorType::F16},
};

TEST(KernelsAttention, MatchesNaiveSoftmaxInEveryVariant) {
    for (KernelVariant v : supported_variants())
        for (const Case& c : kCases) run_case(c, v);
}

TEST(KernelsAttention, SimdVariantsEqualTheScalarReferenceBitForBit) {
    int ran = 0;
    for (KernelVariant v : supported_variants()) {
        if (v == KernelVariant::Scalar) continue;
        for (const Case& c : kCases)
            if (c.softcap == 0.0f) run_exact(c, v);
        ++ran;
    }
    if (ran == 0) GTEST_SKIP() << "no SIMD variant on this CPU";
}

TEST(KernelsAttention, RejectsBadShapes) {
    std::vector<uint16_t> mem(kv_layer_bytes(TensorType::F16, 3, 16, 4) / 2);
    KvLayer kv{TensorType::F16, mem.data(), mem.data(), 3, 16, 4};
    AttentionParams p;
    p.n_heads = 4;  // not a multiple of 3
    std::vector<float> q(64), out(64);
    EXPECT_THROW(attention(p, q.data(), 64, 1, 0, kv, 1, out.data(), pool()), std::invalid_argument);
    p.n_heads = 3;
    EXPECT_THROW(attention(p, q.data(), 64, 1, 0, kv, 5, out.data(), pool()), std::out_of_range);
    EXPECT_THROW(kv_write(kv, 3, 2, q.data(), 48, q.data(), 48), std::out_of_range);
}

}  // namespace
}  // namespace perimeter::kernels::test
