// ggml_v_expf on 8 lanes for the AVX2 translation units (elementwise, attention): include only
// from *_avx2.cpp files (they are built with the AVX2/FMA/F16C flags).
#pragma once
#include <immintrin.h>

#include <cmath>

#include "kernels/elementwise_kernels.h"

namespace perimeter::kernels {

// ggml_v_expf's AVX-512 algorithm on 8 lanes (elementwise_kernels.h): the same fused
// multiply-adds, so the result equals the scalar reference and the AVX-512 variant bit for bit.
inline __m256 expf8_ggml(__m256 x) {
    using namespace expf_ggml;
    const __m256 r = _mm256_set1_ps(kShift);
    const __m256 n = _mm256_sub_ps(_mm256_fmadd_ps(x, _mm256_set1_ps(kLog2e), r), r);
    const __m256 b = _mm256_fnmadd_ps(n, _mm256_set1_ps(kLn2Lo), _mm256_fnmadd_ps(n, _mm256_set1_ps(kLn2Hi), x));
    const __m256 abs_n = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), n);
    const __m256 d = _mm256_cmp_ps(abs_n, _mm256_set1_ps(192), _CMP_GT_OQ);
    const __m256 u = _mm256_mul_ps(b, b);
    const __m256 j = _mm256_fmadd_ps(
        _mm256_fmadd_ps(_mm256_fmadd_ps(_mm256_set1_ps(kC5), b, _mm256_set1_ps(kC4)), u,
                        _mm256_fmadd_ps(_mm256_set1_ps(kC3), b, _mm256_set1_ps(kC2))),
        u, _mm256_fmadd_ps(_mm256_set1_ps(kC1), b, _mm256_set1_ps(1.0f)));
    // j * 2^n for |n| <= 192, exactly like scalef: two exact power-of-two steps (each within the
    // normal exponent range) so that only the last multiply rounds, as scalef rounds once.
    const __m256 nc = _mm256_max_ps(_mm256_min_ps(n, _mm256_set1_ps(192)), _mm256_set1_ps(-192));
    const __m256i ni = _mm256_cvtps_epi32(nc);
    const __m256i n1 = _mm256_srai_epi32(ni, 1), n2 = _mm256_sub_epi32(ni, n1);
    const __m256 p1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n1, _mm256_set1_epi32(127)), 23));
    const __m256 p2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n2, _mm256_set1_epi32(127)), 23));
    const __m256 res = _mm256_mul_ps(_mm256_mul_ps(j, p1), p2);
    if (_mm256_testz_ps(d, d)) return res;
    const __m256 alt = _mm256_blendv_ps(_mm256_set1_ps(INFINITY), _mm256_setzero_ps(),
                                        _mm256_cmp_ps(n, _mm256_setzero_ps(), _CMP_LE_OQ));
    return _mm256_blendv_ps(res, alt, d);
}
}  // namespace perimeter::kernels
