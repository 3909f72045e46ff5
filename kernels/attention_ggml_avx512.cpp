// llama.cpp's attention without flash attention (attention_ggml.cpp has the recipe and the
// scalar reference), vectorized ACROSS outputs so that every lane performs the reference's
// scalar operations in the reference's order: scores 16 keys at a time (the cache stores K
// transposed per 64-slot tile, so element i of 16 keys is one load), the softmax 16 slots at a
// time with the same chunking as ggml, and the weighted sum of V 16 output dimensions at a time.
// The results are bit-identical to attention_ggml_ref (tests/kernels/attention_test.cpp).
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

constexpr int kTile = kAttnKeyTile;  // 64 slots per K tile
constexpr int kQueryBlock = 8;       // queries of one head per task

// The reference's reduce of 16 values given as 16 vectors (lane-wise): GCC's
// _mm512_reduce_add_ps tree, r_i = t_{8+i} + t_i, then hsum_float_8.
inline __m512 reduce16_lanes(const __m512* t) {
    __m512 r[8];
    for (int i = 0; i < 8; ++i) r[i] = _mm512_add_ps(t[8 + i], t[i]);
    const __m512 u0 = _mm512_add_ps(r[4], r[0]), u1 = _mm512_add_ps(r[5], r[1]);
    const __m512 u2 = _mm512_add_ps(r[6], r[2]), u3 = _mm512_add_ps(r[7], r[3]);
    return _mm512_add_ps(_mm512_add_ps(u0, u2), _mm512_add_ps(u1, u3));
}
// The same tree over the 16 lanes of one vector.
inline float reduce16_one(__m512 x) {
    const __m256 t3 = _mm256_add_ps(_mm512_extractf32x8_ps(x, 1), _mm512_castps512_ps256(x));
    const __m128 t6 = _mm_add_ps(_mm256_extractf128_ps(t3, 1), _mm256_castps256_ps128(t3));
    const __m128 t8 = _mm_add_ps(t6, _mm_shuffle_ps(t6, t6, _MM_SHUFFLE(1, 0, 3, 2)));
    return _mm_cvtss_f32(_mm_add_ss(t8, _mm_shuffle_ps(t8, t8, _MM_SHUFFLE(1, 1, 1, 1))));
}
inline __m512 round_f16(__m512 x) { return _mm512_cvtph_ps(_mm512_cvtps_ph(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)); }
inline float round_f16(float x) { return fp16_to_fp32(fp32_to_fp16(x)); }

// Scores of one query against 16 keys (kt: element i of key j at kt[i * kTile + j]).
// tiny: tinyBLAS order (16 lanes over the head dimension), else ggml_vec_dot_f32/_f16's.
inline __m512 score16(const float* kt, const float* qv, int d, bool tiny, bool f16) {
    __m512 t[16];
    if (tiny) {
        for (int l = 0; l < 16; ++l) {
            __m512 a = _mm512_setzero_ps();
            for (int c = 0; c < d; c += 16) a = _mm512_fmadd_ps(_mm512_loadu_ps(kt + size_t(c + l) * kTile), _mm512_set1_ps(qv[c + l]), a);
            t[l] = a;
        }
        return reduce16_lanes(t);
    }
    const int np = d & ~63;
    for (int l = 0; l < 16; ++l) {
        __m512 a[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
        for (int c = 0; c < np; c += 64)
            for (int j = 0; j < 4; ++j) {
                const int e = c + 16 * j + l;
                a[j] = _mm512_fmadd_ps(_mm512_loadu_ps(kt + size_t(e) * kTile), _mm512_set1_ps(qv[e]), a[j]);
            }
        t[l] = _mm512_add_ps(_mm512_add_ps(a[0], a[2]), _mm512_add_ps(a[1], a[3]));
    }
    __m512 s = reduce16_lanes(t);
    if (np == d) return s;
    if (!f16) {
        for (int e = np; e < d; ++e) s = _mm512_fmadd_ps(_mm512_loadu_ps(kt + size_t(e) * kTile), _mm512_set1_ps(qv[e]), s);
        return s;
    }
    // ggml_vec_dot_f16's tail: products rounded to float, added in double.
    alignas(64) float sv[16];
    _mm512_store_ps(sv, s);
    for (int j = 0; j < 16; ++j) {
        double sum = sv[j];
        for (int e = np; e < d; ++e) sum += double(kt[size_t(e) * kTile + j] * qv[e]);
        sv[j] = float(sum);
    }
    return _mm512_load_ps(sv);
}

inline __m512 load_v16(const void* v, size_t i, bool f16) {
    if (f16) return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(static_cast<const f16_t*>(v) + i)));
    return _mm512_loadu_ps(static_cast<const float*>(v) + i);
}

}  // namespace

int k_tiles(int capacity);  // attention.cpp

bool attention_ggml_avx512(const AttentionParams& p, const float* q, size_t q_stride, int n_q, int pos0, const KvLayer& kv,
                           int n_kv, float* out, ThreadPool& pool) {
    const int d = kv.head_dim;
    if (p.softcap > 0.0f || d % 16 != 0) return false;
    const bool f16 = kv.type == TensorType::F16;
    const int group = p.n_heads / kv.n_kv_heads;
    const int n_tiles = k_tiles(kv.capacity);
    const int n16 = (n_kv + 15) / 16 * 16;  // slots scored (the rest of ggml's padding adds 0)
    const size_t out_stride = size_t(p.n_heads) * size_t(d);
    const size_t esz = f16 ? 2 : 4;
    // Batches: tinyBLAS for P.V (and for Q.K with an F16 cache); one query: ggml_vec_dot.
    const bool tiny_pv = n_q >= 2;
    const bool tiny_qk = f16 && n_q >= 2;
    const int n_blocks = (n_q + kQueryBlock - 1) / kQueryBlock;
    pool.parallel_for(p.n_heads * n_blocks, [&](int task, int thread) {
        const int h = task / n_blocks, qb = task % n_blocks, g = h / group;
        const int q0 = qb * kQueryBlock, nq = std::min(n_q, q0 + kQueryBlock) - q0;
        Scratch& ts = pool.thread_scratch(thread);
        auto* mem = static_cast<float*>(ts.get(0, (size_t(kQueryBlock) * (size_t(n16) + d) + size_t(kTile) * d) * sizeof(float)));
        float* w = mem;                                          // nq x n16 scores, then weights
        float* qr = w + size_t(kQueryBlock) * n16;               // nq x d queries
        float* kbuf = qr + size_t(kQueryBlock) * d;              // one F16 K tile as fp32
        for (int r = 0; r < nq; ++r) {
            const float* src = q + size_t(q0 + r) * q_stride + size_t(h) * d;
            for (int i = 0; i < d; ++i) qr[size_t(r) * d + i] = f16 ? round_f16(src[i]) : src[i];
        }
        // Visible slots of query r: [lo, hi).
        auto range = [&](int r, int& lo, int& hi) {
            const int pos = pos0 + q0 + r;
            hi = p.causal ? std::min(n_kv, pos + 1) : n_kv;
            lo = p.sliding_window > 0 ? std::max(0, pos - p.sliding_window + 1) : 0;
        };
        int lo_all = n_kv, hi_all = 0;
        for (int r = 0; r < nq; ++r) {
            int lo, hi;
            range(r, lo, hi);
            lo_all = std::min(lo_all, lo);
            hi_all = std::max(hi_all, hi);
        }
        // 1. Scores, tile by tile (each K tile serves every query of the block).
        const auto* kbase = static_cast<const uint8_t*>(kv.k) + size_t(g) * size_t(n_tiles) * kTile * d * esz;
        for (int t0 = lo_all / kTile * kTile; t0 < hi_all; t0 += kTile) {
            const float* kt;
            if (f16) {
                const auto* src = reinterpret_cast<const f16_t*>(kbase + size_t(t0) * d * esz);
                for (size_t i = 0; i < size_t(kTile) * d; i += 16)
                    _mm512_storeu_ps(kbuf + i, _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i))));
                kt = kbuf;
            } else {
                kt = reinterpret_cast<const float*>(kbase + size_t(t0) * d * esz);
            }
            for (int j0 = t0; j0 < std::min(t0 + kTile, hi_all); j0 += 16)
                for (int r = 0; r < nq; ++r) {
                    const __m512 s = score16(kt + (j0 - t0), qr + size_t(r) * d, d, tiny_qk, f16);
                    _mm512_storeu_ps(w + size_t(r) * n16 + j0, _mm512_mul_ps(s, _mm512_set1_ps(p.scale)));
                }
        }
        for (int r = 0; r < nq; ++r) {
            int lo, hi;
            range(r, lo, hi);
            float* wr = w + size_t(r) * n16;
            float* o = out + size_t(q0 + r) * out_stride + size_t(h) * d;
            if (hi <= lo) {  // nothing visible (cannot happen for causal use)
                std::memset(o, 0, size_t(d) * sizeof(float));
                continue;
            }
            // 2. Softmax over the visible slots, in ggml's chunks of 16 from slot 0.
            const int c_lo = lo / 16 * 16, c_hi = (hi + 15) / 16 * 16;
            for (int s = c_lo; s < lo; ++s) wr[s] = -INFINITY;
            for (int s = hi; s < c_hi; ++s) wr[s] = -INFINITY;
            float mx = -INFINITY;
            for (int s = lo; s < hi; ++s) mx = std::max(mx, wr[s]);
            double sum = 0.0;
            const __m512 vmx = _mm512_set1_ps(mx);
            for (int s = c_lo; s < c_hi; s += 16) {
                const __m512 e = expf16_ggml(_mm512_sub_ps(_mm512_loadu_ps(wr + s), vmx));
                _mm512_storeu_ps(wr + s, e);
                sum += double(reduce16_one(e));
            }
            const __m512 inv = _mm512_set1_ps(float(1.0 / sum));
            for (int s = c_lo; s < c_hi; s += 16) {
                __m512 pv = _mm512_mul_ps(_mm512_loadu_ps(wr + s), inv);
                if (f16) pv = round_f16(pv);
                _mm512_storeu_ps(wr + s, pv);
            }
            // 3. Weighted sum of V, 16 output dimensions at a time. Slots outside [c_lo, c_hi)
            // have weight 0 and add nothing; the last chunk may reach past n_kv (weights 0).
            const auto* vbase = static_cast<const uint8_t*>(kv.v) + size_t(g) * size_t(kv.capacity) * d * esz;
            const int s_end = std::min(c_hi, n_kv);
            for (int i0 = 0; i0 < d; i0 += 16) {
                if (tiny_pv) {  // lane = slot % 16
                    __m512 acc[16];
                    for (auto& a : acc) a = _mm512_setzero_ps();
                    for (int s = c_lo; s < s_end; ++s)
                        acc[s & 15] = _mm512_fmadd_ps(_mm512_set1_ps(wr[s]), load_v16(vbase, size_t(s) * d + i0, f16), acc[s & 15]);
                    _mm512_storeu_ps(o + i0, reduce16_lanes(acc));
                } else {  // ggml_vec_dot: accumulator = slot % 64, folded 0+2, 1+3, then 0+1
                    __m512 acc[64];
                    for (auto& a : acc) a = _mm512_setzero_ps();
                    for (int s = c_lo; s < s_end; ++s)
                        acc[s & 63] = _mm512_fmadd_ps(_mm512_set1_ps(wr[s]), load_v16(vbase, size_t(s) * d + i0, f16), acc[s & 63]);
                    __m512 t[16];
                    for (int l = 0; l < 16; ++l)
                        t[l] = _mm512_add_ps(_mm512_add_ps(acc[l], acc[32 + l]), _mm512_add_ps(acc[16 + l], acc[48 + l]));
                    _mm512_storeu_ps(o + i0, reduce16_lanes(t));
                }
            }
        }
    });
    return true;
}

}  // namespace perimeter::kernels
