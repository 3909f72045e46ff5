// Normalisations and pooling: rms_norm, layer_norm, l2_normalize, mean_pool, cls_pool.
#include <cmath>
#include <algorithm>
#include <cstring>

#include "kernels/elementwise_kernels.h"
#include "kernels/ops.h"

namespace perimeter::kernels {

const ElementwiseKernels* elementwise_fast();  // elementwise.cpp

void rms_norm(const float* x, const float* weight, int rows, int n, float eps, float* y) {
    if (const auto* f = elementwise_fast()) {
        for (int r = 0; r < rows; ++r) {
            const float* xr = x + size_t(r) * size_t(n);
            const float s = 1.0f / std::sqrt(f->sum_squares(xr, n) / float(n) + eps);
            f->scale_mul(xr, s, weight, n, y + size_t(r) * size_t(n));
        }
        return;
    }
    for (int r = 0; r < rows; ++r) {
        const float* xr = x + size_t(r) * size_t(n);
        float* yr = y + size_t(r) * size_t(n);
        float sum = 0.0f;
        for (int i = 0; i < n; ++i) sum += xr[i] * xr[i];
        const float s = 1.0f / std::sqrt(sum / float(n) + eps);
        if (weight)
            for (int i = 0; i < n; ++i) yr[i] = xr[i] * s * weight[i];
        else
            for (int i = 0; i < n; ++i) yr[i] = xr[i] * s;
    }
}

void layer_norm(const float* x, const float* weight, const float* bias, int rows, int n, float eps, float* y) {
    for (int r = 0; r < rows; ++r) {
        const float* xr = x + size_t(r) * size_t(n);
        float* yr = y + size_t(r) * size_t(n);
        float mean = 0.0f;
        for (int i = 0; i < n; ++i) mean += xr[i];
        mean /= float(n);
        float var = 0.0f;
        for (int i = 0; i < n; ++i) var += (xr[i] - mean) * (xr[i] - mean);
        var /= float(n);
        const float s = 1.0f / std::sqrt(var + eps);
        for (int i = 0; i < n; ++i) {
            float v = (xr[i] - mean) * s;
            if (weight) v *= weight[i];
            if (bias) v += bias[i];
            yr[i] = v;
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
