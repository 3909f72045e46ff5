// llama.cpp's attention without flash attention on AVX-512: one zmm per 16 lanes
// (attention_ggml_simd.inc has the body; results bit-identical to attention_ggml_ref).
#include <immintrin.h>

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <algorithm>
#include <cmath>
#include <cstring>

#include "kernels/attention_kernels.h"
#include "kernels/expf_ggml_avx512.h"
#include "kernels/half.h"
#include "kernels/ops.h"
#include "kernels/thread_pool.h"

namespace perimeter::kernels {
namespace {

using V16 = __m512;
inline V16 vzero() { return _mm512_setzero_ps(); }
inline V16 vload(const float* p) { return _mm512_loadu_ps(p); }
inline V16 vload_n(const float* p, int n) {  // lanes >= n are 0 (and not read)
    return n >= 16 ? _mm512_loadu_ps(p) : _mm512_maskz_loadu_ps(__mmask16((1u << n) - 1), p);
}
inline void vstore(float* p, V16 x) { _mm512_storeu_ps(p, x); }
inline V16 vset1(float x) { return _mm512_set1_ps(x); }
inline V16 vfma(V16 a, V16 b, V16 c) { return _mm512_fmadd_ps(a, b, c); }
inline V16 vadd(V16 a, V16 b) { return _mm512_add_ps(a, b); }
inline V16 vsub(V16 a, V16 b) { return _mm512_sub_ps(a, b); }
inline V16 vmul(V16 a, V16 b) { return _mm512_mul_ps(a, b); }
inline V16 vmax(V16 a, V16 b) { return _mm512_max_ps(a, b); }
inline float vhmax(V16 x) { return _mm512_reduce_max_ps(x); }  // exact in any order
inline V16 vexp(V16 x) { return expf16_ggml(x); }
inline V16 vround_f16(V16 x) { return _mm512_cvtph_ps(_mm512_cvtps_ph(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)); }
inline V16 vload_f16(const f16_t* p) { return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))); }
// GCC's _mm512_reduce_add_ps tree over the 16 lanes: t_i = x_{8+i} + x_i, then hsum_float_8.
inline float reduce16_one(V16 x) {
    const __m256 t3 = _mm256_add_ps(_mm512_extractf32x8_ps(x, 1), _mm512_castps512_ps256(x));
    const __m128 t6 = _mm_add_ps(_mm256_extractf128_ps(t3, 1), _mm256_castps256_ps128(t3));
    const __m128 t8 = _mm_add_ps(t6, _mm_shuffle_ps(t6, t6, _MM_SHUFFLE(1, 0, 3, 2)));
    return _mm_cvtss_f32(_mm_add_ss(t8, _mm_shuffle_ps(t8, t8, _MM_SHUFFLE(1, 1, 1, 1))));
}

}  // namespace
}  // namespace perimeter::kernels

#define ATTENTION_GGML_SIMD_NAME attention_ggml_avx512
#include "kernels/attention_ggml_simd.inc"
