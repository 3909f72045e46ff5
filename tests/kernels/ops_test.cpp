// The small ops against independent double-precision formulas and known values.
#include <gtest/gtest.h>

#include <cmath>

#include "kernel_test_util.h"
#include "kernels/half.h"
#include "kernels/ops.h"

namespace perimeter::kernels::test {
namespace {

TEST(KernelsOps, RmsNormWithAndWithoutWeight) {
    std::mt19937 rng(1);
    const int rows = 5, n = 576;
    const auto x = gaussian(size_t(rows) * n, rng), w = gaussian(n, rng);
    std::vector<float> y(x.size()), ref(x.size()), yn(x.size());
    for (int r = 0; r < rows; ++r) {
        double ss = 0;
        for (int i = 0; i < n; ++i) ss += double(x[size_t(r) * n + i]) * x[size_t(r) * n + i];
        const double s = 1.0 / std::sqrt(ss / n + 1e-6);
        for (int i = 0; i < n; ++i) ref[size_t(r) * n + i] = float(x[size_t(r) * n + i] * s * w[size_t(i)]);
    }
    rms_norm(x.data(), w.data(), rows, n, 1e-6f, y.data());
    EXPECT_LT(nmse(y.data(), ref.data(), y.size()), 1e-12);
    // in place, no weight: unit RMS
    yn = x;
    rms_norm(yn.data(), nullptr, rows, n, 0.0f, yn.data());
    double ss = 0;
    for (int i = 0; i < n; ++i) ss += double(yn[size_t(i)]) * yn[size_t(i)];
    EXPECT_NEAR(ss / n, 1.0, 1e-5);
}

TEST(KernelsOps, LayerNormAndL2) {
    std::mt19937 rng(2);
    const int rows = 3, n = 384;
    auto x = gaussian(size_t(rows) * n, rng, 3.0f);
    for (auto& v : x) v += 2.0f;
    const auto w = gaussian(n, rng), b = gaussian(n, rng);
    std::vector<float> y(x.size()), ref(x.size());
    for (int r = 0; r < rows; ++r) {
        double mean = 0, var = 0;
        for (int i = 0; i < n; ++i) mean += x[size_t(r) * n + i];
        mean /= n;
        for (int i = 0; i < n; ++i) var += (x[size_t(r) * n + i] - mean) * (x[size_t(r) * n + i] - mean);
        var /= n;
        for (int i = 0; i < n; ++i)
            ref[size_t(r) * n + i] = float((x[size_t(r) * n + i] - mean) / std::sqrt(var + 1e-12) * w[size_t(i)] + b[size_t(i)]);
    }
    layer_norm(x.data(), w.data(), b.data(), rows, n, 1e-12f, y.data());
    EXPECT_LT(nmse(y.data(), ref.data(), y.size()), 1e-11);

    l2_normalize(x.data(), rows, n, y.data());
    for (int r = 0; r < rows; ++r) {
        double ss = 0;
        for (int i = 0; i < n; ++i) ss += double(y[size_t(r) * n + i]) * y[size_t(r) * n + i];
        EXPECT_NEAR(ss, 1.0, 1e-5);
    }
}

TEST(KernelsOps, ActivationsKnownValues) {
    const float x[4] = {-2.0f, -0.5f, 1.0f, 3.0f};
    float y[4];
    silu(x, 4, y);
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(y[i], x[i] / (1 + std::exp(-double(x[i]))), 1e-6);
    gelu_erf(x, 4, y);
    EXPECT_NEAR(y[2], 0.8413447460685429, 1e-6);   // 0.5 (1 + erf(1/sqrt 2))
    EXPECT_NEAR(y[0], -0.04550026389635842, 1e-6);
    gelu(x, 4, y);  // tanh approximation through ggml's fp16 table: the exact value rounded to fp16
    EXPECT_EQ(y[2], fp16_to_fp32(fp32_to_fp16(0.8411919906082768f)));
    EXPECT_EQ(y[3], fp16_to_fp32(fp32_to_fp16(2.9963625037f)));
    const float big[3] = {-10.0f, 10.0f, 12.5f};  // outside the table: 0 and x
    gelu(big, 3, y);
    EXPECT_EQ(y[0], 0.0f);
    EXPECT_EQ(y[1], 10.0f);
    EXPECT_EQ(y[2], 12.5f);
    const float up[4] = {1.5f, 2.0f, -1.0f, 0.5f};
    float g[4], ref[4];
    swiglu(x, up, 4, g);
    silu(x, 4, ref);
    for (int i = 0; i < 4; ++i) EXPECT_FLOAT_EQ(g[i], ref[i] * up[i]);
    geglu(x, up, 4, g);
    gelu(x, 4, ref);
    for (int i = 0; i < 4; ++i) EXPECT_FLOAT_EQ(g[i], ref[i] * up[i]);
    softcap(x, 2.0f, 4, y);
    EXPECT_NEAR(y[3], 2.0 * std::tanh(1.5), 1e-6);
}

TEST(KernelsOps, ElementwiseAndSoftmax) {
    std::mt19937 rng(3);
    const auto a = gaussian(100, rng), b = gaussian(100, rng);
    std::vector<float> y(100);
    add(a.data(), b.data(), 100, y.data());
    EXPECT_FLOAT_EQ(y[7], a[7] + b[7]);
    mul(a.data(), b.data(), 100, y.data());
    EXPECT_FLOAT_EQ(y[8], a[8] * b[8]);
    scale(a.data(), 3.0f, 100, y.data());
    EXPECT_FLOAT_EQ(y[9], a[9] * 3.0f);
    add_bias(a.data(), b.data(), 4, 25, y.data());
    EXPECT_FLOAT_EQ(y[30], a[30] + b[5]);
    std::vector<float> s = {1000.0f, 1001.0f, 999.0f, -1e30f};  // large: must not overflow
    softmax(s.data(), 1, 4, s.data());
    const double e0 = std::exp(-1.0), e2 = std::exp(-2.0), z = 1 + e0 + e2;
    EXPECT_NEAR(s[1], 1 / z, 1e-6);
    EXPECT_NEAR(s[0], e0 / z, 1e-6);
    EXPECT_EQ(s[3], 0.0f);
}

TEST(KernelsOps, RopeNormalNeoxAndFrequencyFactors) {
    std::mt19937 rng(4);
    const int d = 64, heads = 3, tokens = 4;
    const int32_t pos[tokens] = {0, 1, 17, 4000};
    const auto x = gaussian(size_t(tokens) * heads * d, rng);
    std::vector<float> ff(d / 2);
    for (int i = 0; i < d / 2; ++i) ff[size_t(i)] = 1.0f + float(i % 4);
    for (RopeMode mode : {RopeMode::Normal, RopeMode::NeoX})
        for (const float* factors : {static_cast<const float*>(nullptr), static_cast<const float*>(ff.data())}) {
            auto y = x;
            RopeParams p;
            p.n_dims = d;
            p.mode = mode;
            p.freq_base = 500000.0f;
            p.freq_scale = 0.5f;
            p.freq_factors = factors;
            rope(y.data(), tokens, heads, d, size_t(heads) * d, pos, p);
            for (int t = 0; t < tokens; ++t)
                for (int h = 0; h < heads; ++h)
                    for (int i = 0; i < d / 2; ++i) {
                        const double theta = pos[t] * 0.5 * std::pow(500000.0, -2.0 * i / d) / (factors ? factors[i] : 1.0);
                        const int a = mode == RopeMode::NeoX ? i : 2 * i, b = mode == RopeMode::NeoX ? i + d / 2 : 2 * i + 1;
                        const size_t o = (size_t(t) * heads + h) * d;
                        const double xa = x[o + a], xb = x[o + b];
                        EXPECT_NEAR(y[o + a], xa * std::cos(theta) - xb * std::sin(theta), 2e-3);
                        EXPECT_NEAR(y[o + b], xa * std::sin(theta) + xb * std::cos(theta), 2e-3);
                    }
        }
}

TEST(KernelsOps, RopePartialDimsLeaveTheRestAlone) {
    std::mt19937 rng(5);
    const int d = 64;
    const int32_t pos[1] = {9};
    const auto x = gaussian(d, rng);
    auto y = x;
    RopeParams p;
    p.n_dims = 32;
    p.mode = RopeMode::NeoX;
    rope(y.data(), 1, 1, d, d, pos, p);
    for (int i = 32; i < d; ++i) EXPECT_EQ(y[size_t(i)], x[size_t(i)]);
    EXPECT_NE(y[1], x[1]);
}

// The vectorised activations and norms of every variant against the scalar reference, on
// ordinary values and on the extremes (large |x| must not give NaN).
TEST(KernelsOps, EveryVariantMatchesScalarActivationsAndNorms) {
    std::mt19937 rng(6);
    auto x = gaussian(1000, rng, 3.0f);
    const auto u = gaussian(1000, rng);
    const auto w = gaussian(1000, rng);
    const float extremes[] = {-100.0f, -30.0f, -9.5f, 0.0f, 1e-8f, 9.5f, 30.0f, 100.0f};
    for (int i = 0; i < 8; ++i) x[size_t(i)] = extremes[i];
    auto run_all = [&](KernelVariant v) {
        VariantGuard guard;
        EXPECT_TRUE(set_kernel_variant(v));
        std::vector<std::vector<float>> out(7, std::vector<float>(x.size()));
        const int64_t n = int64_t(x.size()) - 3;  // a ragged tail
        silu(x.data(), n, out[0].data());
        gelu(x.data(), n, out[1].data());
        swiglu(x.data(), u.data(), n, out[2].data());
        geglu(x.data(), u.data(), n, out[3].data());
        // rope, both orders: 3 tokens x 5 heads x 64 (ggml's fused rotation in every variant)
        const int32_t pos[3] = {0, 7, 1234};
        for (int m = 0; m < 2; ++m) {
            out[4 + size_t(m)] = u;
            RopeParams rp;
            rp.n_dims = 64;
            rp.mode = m ? RopeMode::NeoX : RopeMode::Normal;
            rp.freq_base = 100000.0f;
            rope(out[4 + size_t(m)].data(), 3, 5, 64, 5 * 64, pos, rp);
        }
        rms_norm(x.data(), w.data(), 2, 499, 1e-6f, out[6].data());
        return out;
    };
    const auto ref = run_all(KernelVariant::Scalar);
    for (KernelVariant v : supported_variants()) {
        const auto got = run_all(v);
        for (size_t k = 0; k < ref.size(); ++k) {
            for (float f : got[k]) ASSERT_FALSE(std::isnan(f)) << variant_name(v) << " op " << k;
            // The activations and rope evaluate the same operations in every variant (ggml's
            // expf, the fp16 GELU table, fused rotation): identical bits. The norm sums in
            // double in another order.
            if (k < 6) EXPECT_EQ(got[k], ref[k]) << variant_name(v) << " op " << k;
            else EXPECT_LT(nmse(got[k].data(), ref[k].data(), ref[k].size()), 1e-10) << variant_name(v) << " op " << k;
        }
    }
}

TEST(KernelsOps, KvWriteF16IsRoundToNearestEvenInEveryVariant) {
    std::mt19937 rng(7);
    const auto k = gaussian(2 * 3 * 40, rng, 10.0f), v = gaussian(2 * 3 * 40, rng);
    std::vector<std::vector<uint16_t>> caches;
    for (KernelVariant var : supported_variants()) {
        VariantGuard guard;
        set_kernel_variant(var);
        std::vector<uint16_t> km(kv_layer_bytes(TensorType::F16, 3, 40, 4) / 2), vm(km.size());
        KvLayer kv{TensorType::F16, km.data(), vm.data(), 3, 40, 4};
        kv_write(kv, 1, 2, k.data(), 3 * 40, v.data(), 3 * 40);
        // V (like K): per head, 64-slot tiles stored transposed; head 2, slot 2, element 7.
        EXPECT_EQ(vm[(size_t(2) * 1 * 40 + 7) * 64 + 2], fp32_to_fp16(v[size_t(1) * 120 + 2 * 40 + 7]));
        caches.push_back(km);
        caches.push_back(vm);
    }
    for (size_t i = 2; i < caches.size(); ++i) EXPECT_EQ(caches[i], caches[i % 2]);
}

TEST(KernelsOps, Pooling) {
    const float x[6] = {1, 2, 3, 5, 7, 11};  // 3 tokens x 2
    float out[2];
    mean_pool(x, 3, 2, out);
    EXPECT_FLOAT_EQ(out[0], 11.0f / 3);
    EXPECT_FLOAT_EQ(out[1], 6.0f);
    cls_pool(x, 3, 2, out);
    EXPECT_EQ(out[0], 1.0f);
    EXPECT_EQ(out[1], 2.0f);
}

}  // namespace
}  // namespace perimeter::kernels::test
