// AVX2 + FMA inner loops of attention (see attention_kernels.h); as attention_avx512.cpp with
// 8-wide vectors.
#include <immintrin.h>

// GCC 12's AVX-512 headers build some intrinsics (the _mm512_reduce_* family, casts) from
// _mm*_undefined_*() values and then warn about them at every use: false positives.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <algorithm>
#include <cmath>

#include "kernels/attention_kernels.h"
#include "kernels/half.h"

namespace perimeter::kernels {
namespace {

constexpr int T = kAttnKeyTile;

// exp(x) for 8 floats, ~1 ulp (Cephes polynomial); -inf -> 0.
inline __m256 exp8(__m256 x) {
    x = _mm256_max_ps(x, _mm256_set1_ps(-87.3f));
    x = _mm256_min_ps(x, _mm256_set1_ps(88.7f));
    const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    // 2^n: n in [-126, 128] after the clamps; build the exponent bits.
    const __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    __m256 res = _mm256_mul_ps(p, _mm256_castsi256_ps(e));
    // x at the lower clamp stands for -inf / far underflow: exactly 0, as exp gives.
    return _mm256_and_ps(res, _mm256_cmp_ps(x, _mm256_set1_ps(-87.3f), _CMP_GT_OQ));
}

inline __m256 load8(const void* src, TensorType type, size_t i) {
    if (type == TensorType::F32) return _mm256_loadu_ps(static_cast<const float*>(src) + i);
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(static_cast<const f16_t*>(src) + i)));
}
inline float load1(const void* src, TensorType type, size_t i) {
    return type == TensorType::F32 ? static_cast<const float*>(src)[i] : fp16_to_fp32(static_cast<const f16_t*>(src)[i]);
}

const float* load_k(const void* tile, TensorType type, int d, float* buf) {
    if (type == TensorType::F32) return static_cast<const float*>(tile);
    const auto* h = static_cast<const f16_t*>(tile);
    for (size_t i = 0; i < size_t(d) * T; i += 8)
        _mm256_storeu_ps(buf + i, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i))));
    return buf;
}

// The cache stores V tiles transposed (attention.cpp): convert a tile row, scatter it.
void load_v(const void* tile, TensorType type, int nk, int d, float* v) {
    alignas(32) float row[T];
    for (int i = 0; i < d; ++i) {
        for (int j = 0; j < T; j += 8) _mm256_store_ps(row + j, load8(tile, type, size_t(i) * T + j));
        for (int j = 0; j < nk; ++j) v[size_t(j) * d + i] = row[j];
    }
}

// 2 query rows x 64 keys per step (16 accumulators).
void scores(const float* q, int n_rows, int d, const float* kt, int nk, float* s) {
    const int nv = (nk + 7) / 8;
    int r = 0;
    for (; r + 2 <= n_rows; r += 2) {
        __m256 acc[2][8];
        for (int a = 0; a < 2; ++a)
            for (int b = 0; b < 8; ++b) acc[a][b] = _mm256_setzero_ps();
        const float* q0 = q + size_t(r) * d;
        for (int i = 0; i < d; ++i) {
            const float* k = kt + size_t(i) * T;
            const __m256 qa = _mm256_set1_ps(q0[i]), qb = _mm256_set1_ps(q0[size_t(d) + i]);
            for (int b = 0; b < 8; ++b) {
                if (b >= nv) break;
                const __m256 kv = _mm256_loadu_ps(k + 8 * b);
                acc[0][b] = _mm256_fmadd_ps(qa, kv, acc[0][b]);
                acc[1][b] = _mm256_fmadd_ps(qb, kv, acc[1][b]);
            }
        }
        for (int a = 0; a < 2; ++a)
            for (int b = 0; b < 8; ++b) _mm256_storeu_ps(s + size_t(r + a) * T + 8 * b, acc[a][b]);
    }
    for (; r < n_rows; ++r) {
        __m256 acc[8];
        for (auto& a : acc) a = _mm256_setzero_ps();
        const float* q0 = q + size_t(r) * d;
        for (int i = 0; i < d; ++i) {
            const __m256 qa = _mm256_set1_ps(q0[i]);
            const float* k = kt + size_t(i) * T;
            for (int b = 0; b < nv; ++b) acc[b] = _mm256_fmadd_ps(qa, _mm256_loadu_ps(k + 8 * b), acc[b]);
        }
        for (int b = 0; b < 8; ++b) _mm256_storeu_ps(s + size_t(r) * T + 8 * b, acc[b]);
    }
}

float mask_max(float* s, int n, int lo, int hi, float floor) {
    __m256 m = _mm256_set1_ps(floor);
    int j = 0;
    for (; j < lo; ++j) s[j] = -INFINITY;
    for (int t = hi; t < n; ++t) s[t] = -INFINITY;
    for (; j + 8 <= hi; j += 8) m = _mm256_max_ps(m, _mm256_loadu_ps(s + j));
    alignas(32) float t[8];
    _mm256_store_ps(t, m);
    float r = t[0];
    for (int k = 1; k < 8; ++k) r = std::max(r, t[k]);
    for (; j < hi; ++j) r = std::max(r, s[j]);
    return r;
}

float exp_sum(float* s, int n, float mx) {
    const __m256 m = _mm256_set1_ps(mx);
    __m256 sum = _mm256_setzero_ps();
    int j = 0;
    for (; j + 8 <= n; j += 8) {
        const __m256 e = exp8(_mm256_sub_ps(_mm256_loadu_ps(s + j), m));
        _mm256_storeu_ps(s + j, e);
        sum = _mm256_add_ps(sum, e);
    }
    alignas(32) float t[8];
    _mm256_store_ps(t, sum);
    float total = t[0] + t[1] + t[2] + t[3] + t[4] + t[5] + t[6] + t[7];
    for (; j < n; ++j) total += (s[j] = std::exp(s[j] - mx));
    return total;
}

// 2 rows x 32 dims in 8 accumulators: each V vector loaded serves 2 rows.
template <int R>
void accumulate_rows(const float* p, int nk, const float* v, int d, const float* corr, float* o) {
    int i = 0;
    for (; i + 32 <= d; i += 32) {
        __m256 a[R][4];
        for (int r = 0; r < R; ++r)
            for (int k = 0; k < 4; ++k)
                a[r][k] = _mm256_mul_ps(_mm256_loadu_ps(o + size_t(r) * d + i + 8 * k), _mm256_set1_ps(corr[r]));
        for (int j = 0; j < nk; ++j) {
            const float* vj = v + size_t(j) * d + i;
            const __m256 v0 = _mm256_loadu_ps(vj), v1 = _mm256_loadu_ps(vj + 8), v2 = _mm256_loadu_ps(vj + 16),
                         v3 = _mm256_loadu_ps(vj + 24);
            for (int r = 0; r < R; ++r) {
                const __m256 pj = _mm256_set1_ps(p[size_t(r) * T + j]);
                a[r][0] = _mm256_fmadd_ps(pj, v0, a[r][0]);
                a[r][1] = _mm256_fmadd_ps(pj, v1, a[r][1]);
                a[r][2] = _mm256_fmadd_ps(pj, v2, a[r][2]);
                a[r][3] = _mm256_fmadd_ps(pj, v3, a[r][3]);
            }
        }
        for (int r = 0; r < R; ++r)
            for (int k = 0; k < 4; ++k) _mm256_storeu_ps(o + size_t(r) * d + i + 8 * k, a[r][k]);
    }
    for (; i < d; ++i)
        for (int r = 0; r < R; ++r) {
            float a = o[size_t(r) * d + i] * corr[r];
            for (int j = 0; j < nk; ++j) a += p[size_t(r) * T + j] * v[size_t(j) * d + i];
            o[size_t(r) * d + i] = a;
        }
}

void accumulate(const float* p, int n_rows, int nk, const float* v, int d, const float* corr, float* o) {
    int r = 0;
    for (; r + 2 <= n_rows; r += 2) accumulate_rows<2>(p + size_t(r) * T, nk, v, d, corr + r, o + size_t(r) * d);
    for (; r < n_rows; ++r) accumulate_rows<1>(p + size_t(r) * T, nk, v, d, corr + r, o + size_t(r) * d);
}

const AttentionKernels kAvx2{load_k, load_v, scores, mask_max, exp_sum, accumulate};

}  // namespace

const AttentionKernels* attention_kernels_avx2() { return &kAvx2; }

}  // namespace perimeter::kernels
