// llama.cpp's attention without flash attention on AVX2: a pair of ymm per 16 lanes
// (attention_ggml_simd.inc has the body; results bit-identical to attention_ggml_ref and to the
// AVX-512 version: every operation is element-wise or the same fixed reduction tree).
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "kernels/attention_kernels.h"
#include "kernels/expf_ggml_avx2.h"
#include "kernels/half.h"
#include "kernels/ops.h"
#include "kernels/thread_pool.h"

namespace perimeter::kernels {
namespace {

struct V16 {
    __m256 lo, hi;  // lanes 0-7, 8-15
};
inline V16 vzero() { return {_mm256_setzero_ps(), _mm256_setzero_ps()}; }
inline V16 vload(const float* p) { return {_mm256_loadu_ps(p), _mm256_loadu_ps(p + 8)}; }
inline __m256 load8_n(const float* p, int n) {  // lanes >= n are 0 (and not read)
    if (n >= 8) return _mm256_loadu_ps(p);
    if (n <= 0) return _mm256_setzero_ps();
    const __m256i m = _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    return _mm256_maskload_ps(p, m);
}
inline V16 vload_n(const float* p, int n) { return {load8_n(p, n), load8_n(p + 8, n - 8)}; }
inline void vstore(float* p, V16 x) {
    _mm256_storeu_ps(p, x.lo);
    _mm256_storeu_ps(p + 8, x.hi);
}
inline V16 vset1(float x) { return {_mm256_set1_ps(x), _mm256_set1_ps(x)}; }
inline V16 vfma(V16 a, V16 b, V16 c) { return {_mm256_fmadd_ps(a.lo, b.lo, c.lo), _mm256_fmadd_ps(a.hi, b.hi, c.hi)}; }
inline V16 vadd(V16 a, V16 b) { return {_mm256_add_ps(a.lo, b.lo), _mm256_add_ps(a.hi, b.hi)}; }
inline V16 vsub(V16 a, V16 b) { return {_mm256_sub_ps(a.lo, b.lo), _mm256_sub_ps(a.hi, b.hi)}; }
inline V16 vmul(V16 a, V16 b) { return {_mm256_mul_ps(a.lo, b.lo), _mm256_mul_ps(a.hi, b.hi)}; }
inline V16 vmax(V16 a, V16 b) { return {_mm256_max_ps(a.lo, b.lo), _mm256_max_ps(a.hi, b.hi)}; }
inline float vhmax(V16 x) {  // exact in any order
    const __m256 m = _mm256_max_ps(x.lo, x.hi);
    __m128 h = _mm_max_ps(_mm256_extractf128_ps(m, 1), _mm256_castps256_ps128(m));
    h = _mm_max_ps(h, _mm_movehl_ps(h, h));
    h = _mm_max_ss(h, _mm_movehdup_ps(h));
    return _mm_cvtss_f32(h);
}
inline V16 vexp(V16 x) { return {expf8_ggml(x.lo), expf8_ggml(x.hi)}; }
inline __m256 round8_f16(__m256 x) { return _mm256_cvtph_ps(_mm256_cvtps_ph(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)); }
inline V16 vround_f16(V16 x) { return {round8_f16(x.lo), round8_f16(x.hi)}; }
inline V16 vload_f16(const f16_t* p) {
    return {_mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))),
            _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 8)))};
}
// GCC's _mm512_reduce_add_ps tree over the 16 lanes: t_i = x_{8+i} + x_i, then hsum_float_8.
inline float reduce16_one(V16 x) {
    const __m256 t3 = _mm256_add_ps(x.hi, x.lo);
    const __m128 t6 = _mm_add_ps(_mm256_extractf128_ps(t3, 1), _mm256_castps256_ps128(t3));
    const __m128 t8 = _mm_add_ps(t6, _mm_shuffle_ps(t6, t6, _MM_SHUFFLE(1, 0, 3, 2)));
    return _mm_cvtss_f32(_mm_add_ss(t8, _mm_shuffle_ps(t8, t8, _MM_SHUFFLE(1, 1, 1, 1))));
}

}  // namespace
}  // namespace perimeter::kernels

#define ATTENTION_GGML_SIMD_NAME attention_ggml_avx2
#include "kernels/attention_ggml_simd.inc"
