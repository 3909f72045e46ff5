// Normalisations and pooling: rms_norm, layer_norm, l2_normalize, mean_pool, cls_pool.
#include <cmath>
#include <algorithm>
#include <cstring>

#include "kernels/elementwise_kernels.h"
#include "kernels/ops.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace perimeter::kernels {

const ElementwiseKernels* elementwise_fast();  // elementwise.cpp

// RMS norm as ggml computes it (ggml_compute_forward_rms_norm_f32): the fp32 squares summed in
// double, mean = float(sum / n), scale = 1 / sqrtf(mean + eps), y = x * scale * w.
void rms_norm(const float* x, const float* weight, int rows, int n, float eps, float* y) {
    if (const auto* f = elementwise_fast()) {
        for (int r = 0; r < rows; ++r) {
            const float* xr = x + size_t(r) * size_t(n);
            const float mean = float(f->sum_squares(xr, n) / double(n));
            const float s = 1.0f / std::sqrt(mean + eps);
            f->scale_mul(xr, s, weight, n, y + size_t(r) * size_t(n));
        }
        return;
    }
    for (int r = 0; r < rows; ++r) {
        const float* xr = x + size_t(r) * size_t(n);
        float* yr = y + size_t(r) * size_t(n);
        double sum = 0.0;
        for (int i = 0; i < n; ++i) sum += double(xr[i] * xr[i]);
        const float mean = float(sum / double(n));
        const float s = 1.0f / std::sqrt(mean + eps);
        if (weight)
            for (int i = 0; i < n; ++i) yr[i] = xr[i] * s * weight[i];
        else
            for (int i = 0; i < n; ++i) yr[i] = xr[i] * s;
    }
}

// Layer norm as ggml computes it on AVX-512 (ggml_compute_forward_norm_f32 + ggml_vec_cvar_f32):
// the sum in double, mean = float(sum) / n; the squared deviations in groups of 16, each group
// summed in fp32 in _mm512_reduce_add_ps's tree and added in double; variance = float(sum / n);
// y = (x - mean) * scale, then * weight, then + bias (separate ops in llama.cpp's graph).
void layer_norm(const float* x, const float* weight, const float* bias, int rows, int n, float eps, float* y) {
    for (int r = 0; r < rows; ++r) {
        const float* xr = x + size_t(r) * size_t(n);
        float* yr = y + size_t(r) * size_t(n);
        double sum = 0.0;
        for (int i = 0; i < n; ++i) sum += double(xr[i]);
        const float mean = float(sum) / float(n);
        double var = 0.0;
        int i = 0;
        for (; i + 16 <= n; i += 16) {
            float sq[16];
            for (int j = 0; j < 16; ++j) {
                const float v = xr[i + j] - mean;
                sq[j] = v * v;
            }
            float t8[8], t4[4];
            for (int j = 0; j < 8; ++j) t8[j] = sq[8 + j] + sq[j];
            for (int j = 0; j < 4; ++j) t4[j] = t8[4 + j] + t8[j];
            var += double((t4[0] + t4[2]) + (t4[1] + t4[3]));
        }
        for (; i < n; ++i) {
            const float v = xr[i] - mean;
            var += double(v * v);
        }
        const float variance = float(var / double(n));
        const float s = 1.0f / std::sqrt(variance + eps);
        for (int k = 0; k < n; ++k) {
            float v = (xr[k] - mean) * s;
            if (weight) v = v * weight[k];
            if (bias) v = v + bias[k];
            yr[k] = v;
        }
    }
}

void l2_normalize(const float* x, int rows, int n, float* y, float eps) {
    for (int r = 0; r < rows; ++r) {
        const float* xr = x + size_t(r) * size_t(n);
        float* yr = y + size_t(r) * size_t(n);
        double sum = 0.0;
        for (int i = 0; i < n; ++i) sum += double(xr[i]) * xr[i];
        const float norm = std::max(float(std::sqrt(sum)), eps);
        const float s = 1.0f / norm;
        for (int i = 0; i < n; ++i) yr[i] = xr[i] * s;
    }
}

void mean_pool(const float* x, int n_tokens, int n, float* out) {
    for (int i = 0; i < n; ++i) out[i] = 0.0f;
    for (int t = 0; t < n_tokens; ++t)
        for (int i = 0; i < n; ++i) out[i] += x[size_t(t) * size_t(n) + size_t(i)];
    const float inv = n_tokens > 0 ? 1.0f / float(n_tokens) : 0.0f;
    for (int i = 0; i < n; ++i) out[i] *= inv;
}

void cls_pool(const float* x, int n_tokens, int n, float* out) {
    if (n_tokens <= 0) {
        std::memset(out, 0, size_t(n) * sizeof(float));
        return;
    }
    std::memmove(out, x, size_t(n) * sizeof(float));
}

}  // namespace perimeter::kernels
