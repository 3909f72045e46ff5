// Scalar reference quantizers (ggml's quantizers, operation for operation; see the header for
// which of ggml's variants each one follows).
#include "kernels/quantize_ref.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "kernels/half.h"
#include "kernels/quant_blocks.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace perimeter::kernels {
namespace {

// Round to nearest (ties to even) with the float magic-number trick ggml uses; |f| < 2^22.
inline int nearest_int(float fval) {
    const float val = fval + 12582912.f;
    int i;
    std::memcpy(&i, &val, sizeof i);
    return (i & 0x007fffff) - 0x00400000;
}

}  // namespace

void quantize_row_q4_0(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<block_q4_0*>(dst);
    for (int64_t i = 0; i < n / QK4_0; ++i) {
        // The value of largest magnitude maps to -8 exactly, keeping its sign.
        float amax = 0.0f, max = 0.0f;
        for (int j = 0; j < QK4_0; ++j) {
            const float v = x[i * QK4_0 + j];
            if (amax < std::fabs(v)) {
                amax = std::fabs(v);
                max = v;
            }
        }
        const float d = max / -8;
        const float id = d ? 1.0f / d : 0.0f;
        y[i].d = fp32_to_fp16(d);
        for (int j = 0; j < QK4_0 / 2; ++j) {
            const float x0 = x[i * QK4_0 + j] * id;
            const float x1 = x[i * QK4_0 + QK4_0 / 2 + j] * id;
            const uint8_t xi0 = uint8_t(std::min<int8_t>(15, int8_t(x0 + 8.5f)));
            const uint8_t xi1 = uint8_t(std::min<int8_t>(15, int8_t(x1 + 8.5f)));
            y[i].qs[j] = uint8_t(xi0 | (xi1 << 4));
        }
    }
}

void quantize_row_q8_0(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<block_q8_0*>(dst);
    for (int64_t i = 0; i < n / QK8_0; ++i) {
        float amax = 0.0f;
        for (int j = 0; j < QK8_0; ++j) amax = std::max(amax, std::fabs(x[i * QK8_0 + j]));
        const float d = amax / ((1 << 7) - 1);
        const float id = amax != 0.0f ? 127.0f / amax : 0.0f;  // ggml's x86 rule (see the header)
        y[i].d = fp32_to_fp16(d);
        for (int j = 0; j < QK8_0; ++j) y[i].qs[j] = int8_t(nearest_int(x[i * QK8_0 + j] * id));
    }
}

void quantize_row_q8_1(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<block_q8_1*>(dst);
    for (int64_t i = 0; i < n / QK8_1; ++i) {
        float amax = 0.0f;
        for (int j = 0; j < QK8_1; ++j) amax = std::max(amax, std::fabs(x[i * QK8_1 + j]));
        const float d = amax / ((1 << 7) - 1);
        const float id = amax != 0.0f ? 127.0f / amax : 0.0f;  // ggml's x86 rule (see the header)
        y[i].d = fp32_to_fp16(d);
        int sum = 0;
        for (int j = 0; j < QK8_1 / 2; ++j) {
            const float v0 = x[i * QK8_1 + j] * id;
            const float v1 = x[i * QK8_1 + QK8_1 / 2 + j] * id;
            y[i].qs[j] = int8_t(nearest_int(v0));
            y[i].qs[QK8_1 / 2 + j] = int8_t(nearest_int(v1));
            sum += y[i].qs[j] + y[i].qs[QK8_1 / 2 + j];
        }
        y[i].s = fp32_to_fp16(float(sum) * d);
    }
}

void quantize_row_q8_K(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<block_q8_K*>(dst);
    for (int64_t i = 0; i < n / QK_K; ++i) {
        float max = 0, amax = 0;
        for (int j = 0; j < QK_K; ++j) {
            const float ax = std::fabs(x[j]);
            if (ax > amax) {
                amax = ax;
                max = x[j];
            }
        }
        if (!amax) {
            y[i].d = 0;
            std::memset(y[i].qs, 0, QK_K);
            std::memset(y[i].bsums, 0, sizeof y[i].bsums);
            x += QK_K;
            continue;
        }
        // The signed extreme maps to -127; the other side may reach +128, clamped to 127.
        const float iscale = -127.f / max;
        for (int j = 0; j < QK_K; ++j) {
            const int v = nearest_int(iscale * x[j]);
            y[i].qs[j] = int8_t(std::min(127, v));
        }
        for (int j = 0; j < QK_K / 16; ++j) {
            int sum = 0;
            for (int ii = 0; ii < 16; ++ii) sum += y[i].qs[j * 16 + ii];
            y[i].bsums[j] = int16_t(sum);
        }
        y[i].d = 1 / iscale;
        x += QK_K;
    }
}

void quantize_row_f16(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<f16_t*>(dst);
    for (int64_t i = 0; i < n; ++i) y[i] = fp32_to_fp16(x[i]);
}

void quantize_row_bf16(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<bf16_t*>(dst);
    for (int64_t i = 0; i < n; ++i) y[i] = fp32_to_bf16(x[i]);
}

void round_row_f16(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<float*>(dst);
    for (int64_t i = 0; i < n; ++i) y[i] = fp16_to_fp32(fp32_to_fp16(x[i]));
}

void round_row_bf16(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<float*>(dst);
    for (int64_t i = 0; i < n; ++i) y[i] = bf16_to_fp32(fp32_to_bf16(x[i]));
}

}  // namespace perimeter::kernels
