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
#include "kernels/half.h"

namespace perimeter::kernels {
namespace {

// exp(x), ~1 ulp (Cephes polynomial, 2^n by scalef); large negative -> 0, large positive -> inf.
inline __m512 exp16(__m512 x) {
    x = _mm512_max_ps(x, _mm512_set1_ps(-104.0f));
    x = _mm512_min_ps(x, _mm512_set1_ps(89.0f));
    const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                          _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
    __m512 p = _mm512_set1_ps(1.9875691500e-4f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
    p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
    return _mm512_scalef_ps(p, n);
}
inline __m512 silu16(__m512 x) {
    return _mm512_div_ps(x, _mm512_add_ps(_mm512_set1_ps(1.0f), exp16(_mm512_sub_ps(_mm512_setzero_ps(), x))));
}
// 0.5 x (1 + tanh(y)) = x - x / (exp(2y) + 1), y = sqrt(2/pi) (x + 0.044715 x^3).
inline __m512 gelu16(__m512 x) {
    const __m512 x2 = _mm512_mul_ps(x, x);
    const __m512 y = _mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(0.79788456080286535588f), x),
                                   _mm512_fmadd_ps(_mm512_set1_ps(0.044715f), x2, _mm512_set1_ps(1.0f)));
    const __m512 e = exp16(_mm512_add_ps(y, y));
    return _mm512_sub_ps(x, _mm512_div_ps(x, _mm512_add_ps(e, _mm512_set1_ps(1.0f))));
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
void gelu(const float* x, int64_t n, float* y) { map1(x, n, y, gelu16); }
void swiglu(const float* g, const float* u, int64_t n, float* y) {
    map2(g, u, n, y, [](__m512 a, __m512 b) { return _mm512_mul_ps(silu16(a), b); });
}
void geglu(const float* g, const float* u, int64_t n, float* y) {
    map2(g, u, n, y, [](__m512 a, __m512 b) { return _mm512_mul_ps(gelu16(a), b); });
}
float sum_squares(const float* x, int64_t n) {
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        const __m512 v0 = _mm512_loadu_ps(x + i), v1 = _mm512_loadu_ps(x + i + 16);
        a0 = _mm512_fmadd_ps(v0, v0, a0);
        a1 = _mm512_fmadd_ps(v1, v1, a1);
    }
    for (; i + 16 <= n; i += 16) {
        const __m512 v = _mm512_loadu_ps(x + i);
        a0 = _mm512_fmadd_ps(v, v, a0);
    }
    float s = _mm512_reduce_add_ps(_mm512_add_ps(a0, a1));
    for (; i < n; ++i) s += x[i] * x[i];
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

const ElementwiseKernels kAvx512{silu, gelu, swiglu, geglu, sum_squares, scale_mul, to_fp16};

}  // namespace

const ElementwiseKernels* elementwise_kernels_avx512() { return &kAvx512; }

}  // namespace perimeter::kernels
