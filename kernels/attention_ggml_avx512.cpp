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
constexpr int kQueryBlock = 16;      // queries per task (prompt batches)

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

// Scores of NR queries against 16 keys into w + r * w_stride (times scale): the operations of
// score16, with each K load shared by the rows.
constexpr int kRows = 4;
template <int NR>
inline void score16_rows(const float* kt, const float* qr, int d, bool tiny, float scale, float* w, size_t w_stride) {
    __m512 t[NR][16];
    if (tiny) {
#pragma GCC unroll 16
        for (int l = 0; l < 16; ++l) {
            __m512 a[NR];
#pragma GCC unroll 4
            for (int r = 0; r < NR; ++r) a[r] = _mm512_setzero_ps();
            for (int c = 0; c < d; c += 16) {
                const __m512 kv = _mm512_loadu_ps(kt + size_t(c + l) * kTile);
#pragma GCC unroll 4
                for (int r = 0; r < NR; ++r) a[r] = _mm512_fmadd_ps(kv, _mm512_set1_ps(qr[size_t(r) * d + c + l]), a[r]);
            }
#pragma GCC unroll 4
            for (int r = 0; r < NR; ++r) t[r][l] = a[r];
        }
    } else {  // d % 64 == 0
#pragma GCC unroll 16
        for (int l = 0; l < 16; ++l) {
            __m512 a[NR][4];
#pragma GCC unroll 4
            for (int r = 0; r < NR; ++r) a[r][0] = a[r][1] = a[r][2] = a[r][3] = _mm512_setzero_ps();
            for (int c = 0; c < d; c += 64)
#pragma GCC unroll 4
                for (int j = 0; j < 4; ++j) {
                    const int e = c + 16 * j + l;
                    const __m512 kv = _mm512_loadu_ps(kt + size_t(e) * kTile);
#pragma GCC unroll 4
                    for (int r = 0; r < NR; ++r) a[r][j] = _mm512_fmadd_ps(kv, _mm512_set1_ps(qr[size_t(r) * d + e]), a[r][j]);
                }
#pragma GCC unroll 4
            for (int r = 0; r < NR; ++r) t[r][l] = _mm512_add_ps(_mm512_add_ps(a[r][0], a[r][2]), _mm512_add_ps(a[r][1], a[r][3]));
        }
    }
#pragma GCC unroll 4
    for (int r = 0; r < NR; ++r) _mm512_storeu_ps(w + size_t(r) * w_stride, _mm512_mul_ps(reduce16_lanes(t[r]), _mm512_set1_ps(scale)));
}
inline void scores16(const float* kt, const float* qr, int d, int nr, bool tiny, bool f16, float scale, float* w,
                     size_t w_stride) {
    if (!tiny && (d % 64 != 0 || f16)) {  // ggml_vec_dot with a tail: one row at a time
        for (int r = 0; r < nr; ++r)
            _mm512_storeu_ps(w + size_t(r) * w_stride, _mm512_mul_ps(score16(kt, qr + size_t(r) * d, d, tiny, f16), _mm512_set1_ps(scale)));
        return;
    }
    switch (nr) {
        case 4: return score16_rows<4>(kt, qr, d, tiny, scale, w, w_stride);
        case 3: return score16_rows<3>(kt, qr, d, tiny, scale, w, w_stride);
        case 2: return score16_rows<2>(kt, qr, d, tiny, scale, w, w_stride);
        default: return score16_rows<1>(kt, qr, d, tiny, scale, w, w_stride);
    }
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
    // A task is one KV head's GQA group for a block of queries: K and V are converted to fp32
    // once per task and serve all its rows (row r = query r / group, head r % group).
    const int qblock = n_q >= 2 ? kQueryBlock : 1;
    const int n_blocks = (n_q + qblock - 1) / qblock;
    const int rows_max = qblock * group;
    pool.parallel_for(kv.n_kv_heads * n_blocks, [&](int task, int thread) {
        const int g = task / n_blocks, qb = task % n_blocks;
        const int q0 = qb * qblock, nq = std::min(n_q, q0 + qblock) - q0, rows = nq * group;
        // Visible slots of row r: [lo, hi).
        auto range = [&](int r, int& lo, int& hi) {
            const int pos = pos0 + q0 + r / group;
            hi = p.causal ? std::min(n_kv, pos + 1) : n_kv;
            lo = p.sliding_window > 0 ? std::max(0, pos - p.sliding_window + 1) : 0;
        };
        int lo_all = n_kv, hi_all = 0;
        for (int r = 0; r < rows; r += group) {
            int lo, hi;
            range(r, lo, hi);
            lo_all = std::min(lo_all, lo);
            hi_all = std::max(hi_all, hi);
        }
        if (hi_all <= lo_all) {
            for (int r = 0; r < rows; ++r)
                std::memset(out + size_t(q0 + r / group) * out_stride + size_t(g * group + r % group) * d, 0, size_t(d) * sizeof(float));
            return;
        }
        const int t_lo = lo_all / kTile * kTile, t_hi = (hi_all + kTile - 1) / kTile * kTile;  // tiles touched
        Scratch& ts = pool.thread_scratch(thread);
        const size_t kv_floats = f16 ? size_t(t_hi - t_lo) * d : 0;
        auto* mem = static_cast<float*>(ts.get(0, (size_t(rows_max) * (size_t(n16) + d) + 2 * kv_floats) * sizeof(float)));
        float* w = mem;                                   // rows x n16: scores, then weights
        float* qr = w + size_t(rows_max) * n16;           // rows x d queries
        float* kbuf = qr + size_t(rows_max) * d;          // F16 cache: K tiles t_lo..t_hi as fp32
        float* vbuf = kbuf + kv_floats;                   // F16 cache: V tiles t_lo..t_hi as fp32
        for (int r = 0; r < rows; ++r) {
            const float* src = q + size_t(q0 + r / group) * q_stride + size_t(g * group + r % group) * d;
            for (int i = 0; i < d; ++i) qr[size_t(r) * d + i] = f16 ? round_f16(src[i]) : src[i];
        }
        const size_t head_bytes = size_t(n_tiles) * kTile * d * esz;
        const auto* kbase = static_cast<const uint8_t*>(kv.k) + size_t(g) * head_bytes;
        const auto* vbase = static_cast<const uint8_t*>(kv.v) + size_t(g) * head_bytes;
        const float* kf;  // K tile of slot t_lo (element i of slot s at (s - t_lo) * d + i * kTile + s % kTile)
        const float* vf;  // V tiles, the same layout
        if (f16) {
            const auto* ks = reinterpret_cast<const f16_t*>(kbase) + size_t(t_lo) * d;
            const auto* vs = reinterpret_cast<const f16_t*>(vbase) + size_t(t_lo) * d;
            for (size_t i = 0; i < kv_floats; i += 16) {
                _mm512_storeu_ps(kbuf + i, _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(ks + i))));
                _mm512_storeu_ps(vbuf + i, _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(vs + i))));
            }
            kf = kbuf;
            vf = vbuf;
        } else {
            kf = reinterpret_cast<const float*>(kbase) + size_t(t_lo) * d;
            vf = reinterpret_cast<const float*>(vbase) + size_t(t_lo) * d;
        }
        // 1. Scores, 16 keys at a time (the K tiles are read once for all rows).
        for (int t0 = t_lo; t0 < hi_all; t0 += kTile) {
            const float* kt = kf + size_t(t0 - t_lo) * d;
            for (int j0 = std::max(t0, lo_all / 16 * 16); j0 < std::min(t0 + kTile, hi_all); j0 += 16)
                for (int r = 0; r < rows; r += kRows)
                    scores16(kt + (j0 - t0), qr + size_t(r) * d, d, std::min(kRows, rows - r), tiny_qk, f16, p.scale,
                             w + size_t(r) * n16 + j0, n16);
        }
        // 2. Softmax per row over its visible slots, in ggml's chunks of 16 from slot 0; the
        // weights of the task's other slots (up to t_hi) are set to 0.
        const int w_lo = lo_all / 16 * 16, w_hi = std::min(n16, (hi_all + 15) / 16 * 16);
        for (int r = 0; r < rows; ++r) {
            int lo, hi;
            range(r, lo, hi);
            float* wr = w + size_t(r) * n16;
            if (hi <= lo) {  // nothing visible (cannot happen for causal use): output 0
                for (int s = w_lo; s < w_hi; ++s) wr[s] = 0.0f;
                continue;
            }
            const int c_lo = lo / 16 * 16, c_hi = (hi + 15) / 16 * 16;
            for (int s = c_lo; s < lo; ++s) wr[s] = -INFINITY;
            for (int s = hi; s < c_hi; ++s) wr[s] = -INFINITY;
            __m512 vmax = _mm512_set1_ps(-INFINITY);
            for (int s = c_lo; s < c_hi; s += 16) vmax = _mm512_max_ps(vmax, _mm512_loadu_ps(wr + s));
            const float mx = _mm512_reduce_max_ps(vmax);  // max is exact in any order
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
            for (int s = w_lo; s < c_lo; ++s) wr[s] = 0.0f;
            for (int s = c_hi; s < w_hi; ++s) wr[s] = 0.0f;
        }
        // 3. Weighted sum of V: one vector per output dimension holds 16 consecutive slots of
        // the transposed V tile, so its lanes are tinyBLAS's (slot % 16) and ggml_vec_dot's
        // (4 accumulators by slot % 64 / 16). Zero weights add nothing (fma(0, v, acc) = acc);
        // cache slots past n_kv are masked to 0 (they may hold anything).
        const int s_end = std::min(w_hi, n_kv);
        auto mask_at = [&](int s0) { return s0 + 16 <= s_end ? __mmask16(0xFFFF) : __mmask16((1u << (s_end - s0)) - 1); };
        auto tile = [&](int t) { return vf + size_t(t - t_lo) * d; };  // element i of slot s: + i * kTile + s % kTile
        auto out_row = [&](int r) { return out + size_t(q0 + r / group) * out_stride + size_t(g * group + r % group) * d; };
        if (tiny_pv) {
            // Two rows per pass: each V load serves both (8 output dimensions x 2 rows).
            constexpr int DG = 8;
            for (int r = 0; r < rows; r += 2) {
                const bool two = r + 1 < rows;
                const float* w0 = w + size_t(r) * n16;
                const float* w1 = two ? w0 + n16 : w0;
                float* o0 = out_row(r);
                float* o1 = two ? out_row(r + 1) : nullptr;
                for (int i0 = 0; i0 < d; i0 += DG) {
                    __m512 a0[DG], a1[DG];
                    for (int k = 0; k < DG; ++k) a0[k] = a1[k] = _mm512_setzero_ps();
                    for (int t = w_lo / kTile * kTile; t < s_end; t += kTile) {
                        const float* tb = tile(t) + size_t(i0) * kTile;
                        for (int s0 = std::max(t, w_lo); s0 < std::min(t + kTile, s_end); s0 += 16) {
                            const __mmask16 m = mask_at(s0);
                            const __m512 p0 = _mm512_maskz_loadu_ps(m, w0 + s0), p1 = _mm512_maskz_loadu_ps(m, w1 + s0);
                            const float* src = tb + (s0 - t);
#pragma GCC unroll 8
                            for (int k = 0; k < DG; ++k) {
                                const __m512 v = _mm512_maskz_loadu_ps(m, src + size_t(k) * kTile);
                                a0[k] = _mm512_fmadd_ps(v, p0, a0[k]);
                                a1[k] = _mm512_fmadd_ps(v, p1, a1[k]);
                            }
                        }
                    }
                    for (int k = 0; k < DG; ++k) o0[i0 + k] = reduce16_one(a0[k]);
                    if (two)
                        for (int k = 0; k < DG; ++k) o1[i0 + k] = reduce16_one(a1[k]);
                }
            }
        } else {
            constexpr int DG = 4;  // x 4 accumulators (slot % 64 / 16)
            for (int r = 0; r < rows; ++r) {
                const float* wr = w + size_t(r) * n16;
                float* o = out_row(r);
                for (int i0 = 0; i0 < d; i0 += DG) {
                    __m512 acc[DG][4];
                    for (auto& a : acc) a[0] = a[1] = a[2] = a[3] = _mm512_setzero_ps();
                    for (int t = w_lo / kTile * kTile; t < s_end; t += kTile) {
                        const float* tb = tile(t) + size_t(i0) * kTile;
#pragma GCC unroll 4
                        for (int j = 0; j < 4; ++j) {
                            const int s0 = t + 16 * j;
                            if (s0 < w_lo || s0 >= s_end) continue;
                            const __mmask16 m = mask_at(s0);
                            const __m512 pv = _mm512_maskz_loadu_ps(m, wr + s0);
#pragma GCC unroll 4
                            for (int k = 0; k < DG; ++k)
                                acc[k][j] = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, tb + size_t(k) * kTile + 16 * j), pv, acc[k][j]);
                        }
                    }
                    for (int k = 0; k < DG; ++k)
                        o[i0 + k] = reduce16_one(_mm512_add_ps(_mm512_add_ps(acc[k][0], acc[k][2]), _mm512_add_ps(acc[k][1], acc[k][3])));
                }
            }
        }
    });
    return true;
}

}  // namespace perimeter::kernels
