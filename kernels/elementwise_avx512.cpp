// AVX-512 loops for the element-wise ops (elementwise_kernels.h).
#include <immintrin.h>

// GCC 12's AVX-512 headers build some intrinsics (the _mm512_reduce_* family, casts) from
// _mm*_undefined_*() values and then warn about them at every use: false positives.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <cmath>

#include "kernels/elementwise_kernels.h"
#include "kernels/expf_ggml_avx512.h"
#include "kernels/half.h"

namespace perimeter::kernels {
namespace {

inline __m512 silu16(__m512 x) {
    return _mm512_div_ps(x, _mm512_add_ps(_mm512_set1_ps(1.0f), expf16_ggml(_mm512_sub_ps(_mm512_setzero_ps(), x))));
}
// ggml's GELU: x to fp16, table lookup (elementwise_kernels.h).
inline __m512 gelu16(__m512 x, const float* table) {
    const __m512i idx = _mm512_cvtepu16_epi32(_mm512_cvtps_ph(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
    __m512 g = _mm512_i32gather_ps(idx, table, 4);
    g = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, _mm512_set1_ps(kGeluTableLo), _CMP_LE_OQ), g, _mm512_setzero_ps());
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, _mm512_set1_ps(kGeluTableHi), _CMP_GE_OQ), g, x);
}

template <class F>
inline void map1(const float* x, int64_t n, float* y, F f) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, f(_mm512_loadu_ps(x + i)));
    if (i < n) {
        const __mmask16 m = __mmask16((1u << (n - i)) - 1);
        _mm512_mask_storeu_ps(y + i, m, f(_mm512_maskz_loadu_ps(m, x + i)));
    }
}
template <class F>
inline void map2(const float* a, const float* b, int64_t n, float* y, F f) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, f(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i)));
    if (i < n) {
        const __mmask16 m = __mmask16((1u << (n - i)) - 1);
        _mm512_mask_storeu_ps(y + i, m, f(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i)));
    }
}

void silu(const float* x, int64_t n, float* y) { map1(x, n, y, silu16); }
void gelu(const float* x, int64_t n, float* y) {
    const float* t = gelu_fp16_table();
    map1(x, n, y, [t](__m512 a) { return gelu16(a, t); });
}
void swiglu(const float* g, const float* u, int64_t n, float* y) {
    map2(g, u, n, y, [](__m512 a, __m512 b) { return _mm512_mul_ps(silu16(a), b); });
}
void geglu(const float* g, const float* u, int64_t n, float* y) {
    const float* t = gelu_fp16_table();
    map2(g, u, n, y, [t](__m512 a, __m512 b) { return _mm512_mul_ps(gelu16(a, t), b); });
}
double sum_squares(const float* x, int64_t n) {
    __m512d a0 = _mm512_setzero_pd(), a1 = _mm512_setzero_pd();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m512 v = _mm512_loadu_ps(x + i);
        const __m512 sq = _mm512_mul_ps(v, v);  // rounded to fp32 first, as ggml does
        a0 = _mm512_add_pd(a0, _mm512_cvtps_pd(_mm512_castps512_ps256(sq)));
        a1 = _mm512_add_pd(a1, _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(sq), 1))));
    }
    double s = _mm512_reduce_add_pd(_mm512_add_pd(a0, a1));
    for (; i < n; ++i) s += double(x[i] * x[i]);
    return s;
}
void scale_mul(const float* x, float s, const float* w, int64_t n, float* y) {
    const __m512 sv = _mm512_set1_ps(s);
    if (w) map2(x, w, n, y, [sv](__m512 a, __m512 b) { return _mm512_mul_ps(_mm512_mul_ps(a, sv), b); });
    else map1(x, n, y, [sv](__m512 a) { return _mm512_mul_ps(a, sv); });
}
void to_fp16(const float* x, int64_t n, uint16_t* y) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(y + i), _mm512_cvtps_ph(_mm512_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT));
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

const ElementwiseKernels kAvx512{silu, gelu, swiglu, geglu, sum_squares, scale_mul, to_fp16, rope_rotate};

}  // namespace

const ElementwiseKernels* elementwise_kernels_avx512() { return &kAvx512; }

}  // namespace perimeter::kernels
