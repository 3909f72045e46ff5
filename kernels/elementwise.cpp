// Element-wise ops and activations. The scalar loops here are the reference; the
// transcendental ones (silu, gelu and the gated forms) have AVX2 / AVX-512 variants
// (elementwise_*.cpp), since a prompt batch evaluates them millions of times.
#include <algorithm>
#include <cmath>

#include "kernels/cpu_features.h"
#include "kernels/elementwise_kernels.h"
#include "kernels/ops.h"

namespace perimeter::kernels {
namespace {
constexpr float kSqrt2OverPi = 0.79788456080286535588f;
constexpr float kGeluCoef = 0.044715f;
constexpr float kInvSqrt2 = 0.70710678118654752440f;

inline float gelu_tanh1(float x) { return 0.5f * x * (1.0f + std::tanh(kSqrt2OverPi * x * (1.0f + kGeluCoef * x * x))); }
inline float silu1(float x) { return x / (1.0f + std::exp(-x)); }
}  // namespace

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
    for (int64_t i = 0; i < n; ++i) y[i] = gelu_tanh1(x[i]);
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
    for (int64_t i = 0; i < n; ++i) y[i] = gelu_tanh1(gate[i]) * up[i];
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
