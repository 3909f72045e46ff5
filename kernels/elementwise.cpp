// Element-wise ops and activations. The scalar loops here are the reference; the
// transcendental ones (silu, gelu and the gated forms) have AVX2 / AVX-512 variants
// (elementwise_*.cpp), since a prompt batch evaluates them millions of times.
#include <algorithm>
#include <cmath>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/elementwise_kernels.h"
#include "kernels/half.h"
#include "kernels/ops.h"

// Only the fused multiply-adds written out below (std::fma), as in ggml's build.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace perimeter::kernels {
namespace {
constexpr float kSqrt2OverPi = 0.79788456080286535588f;
constexpr float kGeluCoef = 0.044715f;
constexpr float kInvSqrt2 = 0.70710678118654752440f;

// The tanh formula as llama-cpp-python's libggml-cpu computes its table (compiled with
// -march=native: GCC contracts 1 + a x x into fma(a x, x, 1)); checked equal to its
// ggml_table_gelu_f16 for all 65,536 entries.
inline float gelu_tanh1(float x) {
    return 0.5f * x * (1.0f + std::tanh(kSqrt2OverPi * x * std::fma(kGeluCoef * x, x, 1.0f)));
}

// ggml's GELU: fp16 table lookup (elementwise_kernels.h).
inline float gelu1(float x, const float* table) {
    if (x <= kGeluTableLo) return 0.0f;
    if (x >= kGeluTableHi) return x;
    return table[fp32_to_fp16(x)];
}

// ggml_v_expf, one lane (elementwise_kernels.h).
inline float expf1(float x) {
    using namespace expf_ggml;
    const float n = std::fma(x, kLog2e, kShift) - kShift;
    const float b = std::fma(-n, kLn2Lo, std::fma(-n, kLn2Hi, x));
    if (std::isnan(n)) return n;
    if (std::fabs(n) > 192.0f) return n <= 0.0f ? 0.0f : INFINITY;
    const float u = b * b;
    const float j = std::fma(std::fma(std::fma(kC5, b, kC4), u, std::fma(kC3, b, kC2)), u, std::fma(kC1, b, 1.0f));
    return std::ldexp(j, int(n));
}
inline float silu1(float x) { return x / (1.0f + expf1(-x)); }
}  // namespace

float expf_ggml1(float x) { return expf1(x); }

void rope_rotate_ref(float* v, const float* cos_t, const float* sin_t, int half, bool neox) {
    const int step = neox ? 1 : 2, off = neox ? half : 1;
    for (int i = 0; i < half; ++i) {
        float* p = v + i * step;
        const float a = p[0], b = p[off];
        p[0] = std::fma(a, cos_t[i], -(b * sin_t[i]));
        p[off] = std::fma(a, sin_t[i], b * cos_t[i]);
    }
}

const float* gelu_fp16_table() {
    static const std::vector<float> table = [] {
        std::vector<float> t(1u << 16);
        for (uint32_t i = 0; i < t.size(); ++i) t[i] = fp16_to_fp32(fp32_to_fp16(gelu_tanh1(fp16_to_fp32(f16_t(i)))));
        return t;
    }();
    return table.data();
}

const ElementwiseKernels* elementwise_fast() {
    const KernelVariant v = kernel_variant();
    if (v == KernelVariant::Avx512) return elementwise_kernels_avx512();
    if (v == KernelVariant::Avx2) return elementwise_kernels_avx2();
    return nullptr;
}

void add(const float* a, const float* b, int64_t n, float* y) {
    for (int64_t i = 0; i < n; ++i) y[i] = a[i] + b[i];
}
void mul(const float* a, const float* b, int64_t n, float* y) {
    for (int64_t i = 0; i < n; ++i) y[i] = a[i] * b[i];
}
void scale(const float* x, float s, int64_t n, float* y) {
    for (int64_t i = 0; i < n; ++i) y[i] = x[i] * s;
}
void add_bias(const float* x, const float* bias, int rows, int n, float* y) {
    for (int r = 0; r < rows; ++r) {
        const float* xr = x + size_t(r) * size_t(n);
        float* yr = y + size_t(r) * size_t(n);
        for (int i = 0; i < n; ++i) yr[i] = xr[i] + bias[i];
    }
}

void silu(const float* x, int64_t n, float* y) {
    if (const auto* f = elementwise_fast()) return f->silu(x, n, y);
    for (int64_t i = 0; i < n; ++i) y[i] = silu1(x[i]);
}
void gelu(const float* x, int64_t n, float* y) {
    if (const auto* f = elementwise_fast()) return f->gelu(x, n, y);
    const float* table = gelu_fp16_table();
    for (int64_t i = 0; i < n; ++i) y[i] = gelu1(x[i], table);
}
void gelu_erf(const float* x, int64_t n, float* y) {
    for (int64_t i = 0; i < n; ++i) y[i] = 0.5f * x[i] * (1.0f + std::erf(x[i] * kInvSqrt2));
}
void swiglu(const float* gate, const float* up, int64_t n, float* y) {
    if (const auto* f = elementwise_fast()) return f->swiglu(gate, up, n, y);
    for (int64_t i = 0; i < n; ++i) y[i] = silu1(gate[i]) * up[i];
}
void geglu(const float* gate, const float* up, int64_t n, float* y) {
    if (const auto* f = elementwise_fast()) return f->geglu(gate, up, n, y);
    const float* table = gelu_fp16_table();
    for (int64_t i = 0; i < n; ++i) y[i] = gelu1(gate[i], table) * up[i];
}
void softcap(const float* x, float cap, int64_t n, float* y) {
    const float inv = 1.0f / cap;
    for (int64_t i = 0; i < n; ++i) y[i] = cap * std::tanh(x[i] * inv);
}

void softmax(const float* x, int rows, int n, float* y) {
    for (int r = 0; r < rows; ++r) {
        const float* xr = x + size_t(r) * size_t(n);
        float* yr = y + size_t(r) * size_t(n);
        float mx = -INFINITY;
        for (int i = 0; i < n; ++i) mx = std::max(mx, xr[i]);
        float sum = 0.0f;
        for (int i = 0; i < n; ++i) {
            yr[i] = std::exp(xr[i] - mx);
            sum += yr[i];
        }
        const float inv = 1.0f / sum;
        for (int i = 0; i < n; ++i) yr[i] *= inv;
    }
}

}  // namespace perimeter::kernels
