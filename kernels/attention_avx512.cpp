// AVX-512 inner loops of attention (see attention_kernels.h).
#include <immintrin.h>

// GCC 12's AVX-512 headers build some intrinsics (the _mm512_reduce_* family, casts) from
// _mm*_undefined_*() values and then warn about them at every use: false positives.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "kernels/attention_kernels.h"
#include "kernels/half.h"

namespace perimeter::kernels {
namespace {

constexpr int T = kAttnKeyTile;

// exp(x) for 16 floats, ~1 ulp (Cephes polynomial, 2^n by scalef); -inf -> 0.
inline __m512 exp16(__m512 x) {
    x = _mm512_max_ps(x, _mm512_set1_ps(-104.0f));  // below: underflows to 0 anyway
    x = _mm512_min_ps(x, _mm512_set1_ps(88.7f));
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

inline __m512 load16(const void* src, TensorType type, size_t i) {
    if (type == TensorType::F32) return _mm512_loadu_ps(static_cast<const float*>(src) + i);
    return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(static_cast<const f16_t*>(src) + i)));
}
inline float load1(const void* src, TensorType type, size_t i) {
    return type == TensorType::F32 ? static_cast<const float*>(src)[i] : fp16_to_fp32(static_cast<const f16_t*>(src)[i]);
}

const float* load_k(const void* tile, TensorType type, int d, float* buf) {
    if (type == TensorType::F32) return static_cast<const float*>(tile);
    const auto* h = static_cast<const f16_t*>(tile);
    for (size_t i = 0; i < size_t(d) * T; i += 16)
        _mm512_storeu_ps(buf + i, _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(h + i))));
    return buf;
}

// The cache stores V tiles transposed (attention.cpp): convert a tile row, scatter it.
void load_v(const void* tile, TensorType type, int nk, int d, float* v) {
    alignas(64) float row[T];
    for (int i = 0; i < d; ++i) {
        for (int j = 0; j < T; j += 16) _mm512_store_ps(row + j, load16(tile, type, size_t(i) * T + j));
        for (int j = 0; j < nk; ++j) v[size_t(j) * d + i] = row[j];
    }
}

// 4 query rows x 64 keys per step: 16 accumulators, each kt vector load serves 4 rows.
void scores(const float* q, int n_rows, int d, const float* kt, int nk, float* s) {
    const int nv = (nk + 15) / 16;
    int r = 0;
    for (; r + 4 <= n_rows; r += 4) {
        __m512 acc[4][4];
        for (int a = 0; a < 4; ++a)
            for (int b = 0; b < 4; ++b) acc[a][b] = _mm512_setzero_ps();
        const float* q0 = q + size_t(r) * d;
        for (int i = 0; i < d; ++i) {
            const float* k = kt + size_t(i) * T;
            __m512 kv[4];
            for (int b = 0; b < 4; ++b) kv[b] = b < nv ? _mm512_loadu_ps(k + 16 * b) : _mm512_setzero_ps();
            for (int a = 0; a < 4; ++a) {
                const __m512 qa = _mm512_set1_ps(q0[size_t(a) * d + i]);
                for (int b = 0; b < 4; ++b) acc[a][b] = _mm512_fmadd_ps(qa, kv[b], acc[a][b]);
            }
        }
        for (int a = 0; a < 4; ++a)
            for (int b = 0; b < 4; ++b) _mm512_storeu_ps(s + size_t(r + a) * T + 16 * b, acc[a][b]);
    }
    for (; r < n_rows; ++r) {
        __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
        const float* q0 = q + size_t(r) * d;
        for (int i = 0; i < d; ++i) {
            const __m512 qa = _mm512_set1_ps(q0[i]);
            const float* k = kt + size_t(i) * T;
            for (int b = 0; b < 4; ++b)
                if (b < nv) acc[b] = _mm512_fmadd_ps(qa, _mm512_loadu_ps(k + 16 * b), acc[b]);
        }
        for (int b = 0; b < 4; ++b) _mm512_storeu_ps(s + size_t(r) * T + 16 * b, acc[b]);
    }
}

float mask_max(float* s, int n, int lo, int hi, float floor) {
    // Full vectors inside [lo, hi) take the fast path; the edges go element by element.
    __m512 m = _mm512_set1_ps(floor);
    for (int j = 0; j < n; j += 16) {
        const int k = std::min(16, n - j);
        if (j >= lo && j + k <= hi && k == 16) {
            m = _mm512_max_ps(m, _mm512_loadu_ps(s + j));
            continue;
        }
        const __mmask16 all = __mmask16((1u << k) - 1);
        uint32_t vis = 0;
        for (int t = 0; t < k; ++t) vis |= uint32_t(j + t >= lo && j + t < hi) << t;
        const __m512 v = _mm512_mask_loadu_ps(_mm512_set1_ps(-INFINITY), __mmask16(vis), s + j);
        _mm512_mask_storeu_ps(s + j, all, v);
        m = _mm512_max_ps(m, v);
    }
    return _mm512_reduce_max_ps(m);
}

float exp_sum(float* s, int n, float mx) {
    const __m512 m = _mm512_set1_ps(mx);
    __m512 sum = _mm512_setzero_ps();
    int j = 0;
    for (; j + 16 <= n; j += 16) {
        const __m512 e = exp16(_mm512_sub_ps(_mm512_loadu_ps(s + j), m));
        _mm512_storeu_ps(s + j, e);
        sum = _mm512_add_ps(sum, e);
    }
    if (j < n) {
        const __mmask16 k = __mmask16((1u << (n - j)) - 1);
        const __m512 e = exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(k, s + j), m));
        _mm512_mask_storeu_ps(s + j, k, e);
        sum = _mm512_add_ps(sum, _mm512_maskz_mov_ps(k, e));
    }
    return _mm512_reduce_add_ps(sum);
}

// Up to 4 rows x 64 dims in 16 accumulators: each V vector loaded serves 4 rows.
template <int R>
void accumulate_rows(const float* p, int nk, const float* v, int d, const float* corr, float* o) {
    int i = 0;
    for (; i + 64 <= d; i += 64) {
        __m512 a[R][4];
        for (int r = 0; r < R; ++r)
            for (int k = 0; k < 4; ++k)
                a[r][k] = _mm512_mul_ps(_mm512_loadu_ps(o + size_t(r) * d + i + 16 * k), _mm512_set1_ps(corr[r]));
        for (int j = 0; j < nk; ++j) {
            const float* vj = v + size_t(j) * d + i;
            const __m512 v0 = _mm512_loadu_ps(vj), v1 = _mm512_loadu_ps(vj + 16), v2 = _mm512_loadu_ps(vj + 32),
                         v3 = _mm512_loadu_ps(vj + 48);
            for (int r = 0; r < R; ++r) {
                const __m512 pj = _mm512_set1_ps(p[size_t(r) * T + j]);
                a[r][0] = _mm512_fmadd_ps(pj, v0, a[r][0]);
                a[r][1] = _mm512_fmadd_ps(pj, v1, a[r][1]);
                a[r][2] = _mm512_fmadd_ps(pj, v2, a[r][2]);
                a[r][3] = _mm512_fmadd_ps(pj, v3, a[r][3]);
            }
        }
        for (int r = 0; r < R; ++r)
            for (int k = 0; k < 4; ++k) _mm512_storeu_ps(o + size_t(r) * d + i + 16 * k, a[r][k]);
    }
    for (; i + 16 <= d; i += 16)
        for (int r = 0; r < R; ++r) {
            __m512 a = _mm512_mul_ps(_mm512_loadu_ps(o + size_t(r) * d + i), _mm512_set1_ps(corr[r]));
            for (int j = 0; j < nk; ++j)
                a = _mm512_fmadd_ps(_mm512_set1_ps(p[size_t(r) * T + j]), _mm512_loadu_ps(v + size_t(j) * d + i), a);
            _mm512_storeu_ps(o + size_t(r) * d + i, a);
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
    for (; r + 4 <= n_rows; r += 4) accumulate_rows<4>(p + size_t(r) * T, nk, v, d, corr + r, o + size_t(r) * d);
    for (; r < n_rows; ++r) accumulate_rows<1>(p + size_t(r) * T, nk, v, d, corr + r, o + size_t(r) * d);
}

const AttentionKernels kAvx512{load_k, load_v, scores, mask_max, exp_sum, accumulate};

}  // namespace

const AttentionKernels* attention_kernels_avx512() { return &kAvx512; }

}  // namespace perimeter::kernels
