// AVX2 + FMA loops for the element-wise ops (elementwise_kernels.h).
#include <immintrin.h>

// GCC 12's AVX-512 headers build some intrinsics (the _mm512_reduce_* family, casts) from
// _mm*_undefined_*() values and then warn about them at every use: false positives.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <cmath>

#include "kernels/elementwise_kernels.h"
#include "kernels/expf_ggml_avx2.h"
#include "kernels/half.h"

namespace perimeter::kernels {
namespace {

inline __m256 silu8(__m256 x) {
    return _mm256_div_ps(x, _mm256_add_ps(_mm256_set1_ps(1.0f), expf8_ggml(_mm256_sub_ps(_mm256_setzero_ps(), x))));
}
// ggml's GELU: x to fp16, table lookup (elementwise_kernels.h).
inline __m256 gelu8(__m256 x, const float* table) {
    const __m256i idx = _mm256_cvtepu16_epi32(_mm256_cvtps_ph(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
    __m256 g = _mm256_i32gather_ps(table, idx, 4);
    g = _mm256_blendv_ps(g, _mm256_setzero_ps(), _mm256_cmp_ps(x, _mm256_set1_ps(kGeluTableLo), _CMP_LE_OQ));
    return _mm256_blendv_ps(g, x, _mm256_cmp_ps(x, _mm256_set1_ps(kGeluTableHi), _CMP_GE_OQ));
}
// The scalar tails: the same as the reference (elementwise.cpp), lane by lane.
inline float silu1(float x) {
    alignas(32) float v[8] = {x};
    _mm256_store_ps(v, silu8(_mm256_load_ps(v)));
    return v[0];
}
inline float gelu1(float x, const float* table) {
    if (x <= kGeluTableLo) return 0.0f;
    if (x >= kGeluTableHi) return x;
    return table[fp32_to_fp16(x)];
}

void silu(const float* x, int64_t n, float* y) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, silu8(_mm256_loadu_ps(x + i)));
    for (; i < n; ++i) y[i] = silu1(x[i]);
}
void gelu(const float* x, int64_t n, float* y) {
    int64_t i = 0;
    const float* t = gelu_fp16_table();
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, gelu8(_mm256_loadu_ps(x + i), t));
    for (; i < n; ++i) y[i] = gelu1(x[i], t);
}
void swiglu(const float* g, const float* u, int64_t n, float* y) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_mul_ps(silu8(_mm256_loadu_ps(g + i)), _mm256_loadu_ps(u + i)));
    for (; i < n; ++i) y[i] = silu1(g[i]) * u[i];
}
void geglu(const float* g, const float* u, int64_t n, float* y) {
    int64_t i = 0;
    const float* t = gelu_fp16_table();
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_mul_ps(gelu8(_mm256_loadu_ps(g + i), t), _mm256_loadu_ps(u + i)));
    for (; i < n; ++i) y[i] = gelu1(g[i], t) * u[i];
}
double sum_squares(const float* x, int64_t n) {
    __m256d a0 = _mm256_setzero_pd(), a1 = _mm256_setzero_pd();
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 v = _mm256_loadu_ps(x + i);
        const __m256 sq = _mm256_mul_ps(v, v);  // rounded to fp32 first, as ggml does
        a0 = _mm256_add_pd(a0, _mm256_cvtps_pd(_mm256_castps256_ps128(sq)));
        a1 = _mm256_add_pd(a1, _mm256_cvtps_pd(_mm256_extractf128_ps(sq, 1)));
    }
    alignas(32) double t[4];
    _mm256_store_pd(t, _mm256_add_pd(a0, a1));
    double s = (t[0] + t[1]) + (t[2] + t[3]);
    for (; i < n; ++i) s += double(x[i] * x[i]);
    return s;
}
void scale_mul(const float* x, float s, const float* w, int64_t n, float* y) {
    const __m256 sv = _mm256_set1_ps(s);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 v = _mm256_mul_ps(_mm256_loadu_ps(x + i), sv);
        if (w) v = _mm256_mul_ps(v, _mm256_loadu_ps(w + i));
        _mm256_storeu_ps(y + i, v);
    }
    for (; i < n; ++i) y[i] = w ? x[i] * s * w[i] : x[i] * s;
}
void to_fp16(const float* x, int64_t n, uint16_t* y) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm_storeu_si128(reinterpret_cast<__m128i*>(y + i), _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT));
    for (; i < n; ++i) y[i] = fp32_to_fp16(x[i]);
}

// The same operations as rope_rotate_ref (std::fma is one fused instruction here).
void rope_rotate(float* v, const float* cos_t, const float* sin_t, int half, bool neox) {
    if (neox) {  // contiguous halves: the compiler vectorises this loop
        float* __restrict lo = v;
        float* __restrict hi = v + half;
        for (int i = 0; i < half; ++i) {
            const float a = lo[i], b = hi[i];
            lo[i] = std::fma(a, cos_t[i], -(b * sin_t[i]));
            hi[i] = std::fma(a, sin_t[i], b * cos_t[i]);
        }
        return;
    }
    for (int i = 0; i < half; ++i) {
        const float a = v[2 * i], b = v[2 * i + 1];
        v[2 * i] = std::fma(a, cos_t[i], -(b * sin_t[i]));
        v[2 * i + 1] = std::fma(a, sin_t[i], b * cos_t[i]);
    }
}

const ElementwiseKernels kAvx2{silu, gelu, swiglu, geglu, sum_squares, scale_mul, to_fp16, rope_rotate};

}  // namespace

const ElementwiseKernels* elementwise_kernels_avx2() { return &kAvx2; }

}  // namespace perimeter::kernels
