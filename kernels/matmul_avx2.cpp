// AVX2 + FMA + F16C matmul kernels (see matmul_kernels.h), for x86 CPUs without AVX-512.
//
// Same structure as matmul_avx512.cpp with 256-bit registers and no VNNI: one 32-weight block
// (or a 32-weight chunk of a k-quant super-block) per ymm; _mm256_maddubs_epi16 multiplies the
// unsigned weight quants with the signed activations into int16 pairs, _mm256_madd_epi16 sums
// them into int32 (with ones, or with the k-quant sub-block scales).
// Q4_1, Q5_0, Q5_1 and Q8_0 are ggml's own AVX2 order (vec_dot_ref.h): per block one ymm of 8
// int32 lane sums, acc = fma(lanes, dw * dx, acc), hsum_float_8, the m * s chain added last.
#include <immintrin.h>

// GCC 12's AVX-512 headers build some intrinsics (the _mm512_reduce_* family, casts) from
// _mm*_undefined_*() values and then warn about them at every use: false positives.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <cmath>
#include <cstring>

#include "kernels/half.h"
#include "kernels/matmul_kernels.h"
#include "kernels/quant_blocks.h"
#include "kernels/quantize_ref.h"
#include "kernels/vec_dot_ref.h"

namespace perimeter::kernels {
namespace {

inline float h2f(f16_t h) { return _cvtsh_ss(h); }

inline float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}
inline int hsum_i32(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
    return _mm_cvtsi128_si32(s);
}
// 16 packed nibble bytes -> 32 unsigned quants [e0..15 | e16..31].
inline __m256i unpack_nibbles(const uint8_t* qs) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(qs));
    return _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(v, 4), v), _mm256_set1_epi8(0x0F));
}
// Bit j of the 32-bit word -> byte j = 0xFF or 0.
inline __m256i bits_to_bytes(const uint8_t* p) {
    uint32_t x;
    std::memcpy(&x, p, 4);
    const __m256i shuf = _mm256_set_epi64x(0x0303030303030303LL, 0x0202020202020202LL, 0x0101010101010101LL, 0);
    __m256i b = _mm256_shuffle_epi8(_mm256_set1_epi32(int(x)), shuf);
    const __m256i bit = _mm256_set1_epi64x(int64_t(0x8040201008040201ULL));
    return _mm256_cmpeq_epi8(_mm256_and_si256(b, bit), bit);
}
// sum over 4-byte groups of u8 * s8 -> int32 x8.
inline __m256i dot_u8s8(__m256i u, __m256i s) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1));
}

// ---- legacy formats ---------------------------------------------------------------------------

struct Col {
    __m256i q;
    float d;
    __m256i corr;  // int32 x8 to subtract (offset * sum x); zero if none
    float s;       // Q8_1 s
};
struct Row {
    __m256i q;
    float d, m;
};

template <int kOffset>
inline void col_q8_0(const block_q8_0* x, Col& c) {
    c.q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x->qs));
    c.d = h2f(x->d);
    c.corr = dot_u8s8(_mm256_set1_epi8(kOffset), c.q);
}
inline void col_q8_1(const block_q8_1* x, Col& c) {
    c.q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x->qs));
    c.d = h2f(x->d);
    c.s = h2f(x->s);
}

struct Q4_0 {
    using W = block_q4_0;
    using X = block_q8_0;
    static constexpr auto ref = vec_dot_q4_0_ref;
    static void col(const X* x, Col& c) { col_q8_0<8>(x, c); }
    static void row(const W* w, Row& r) {
        r.q = unpack_nibbles(w->qs);
        r.d = h2f(w->d);
    }
    static __m256 pair(const Row& r, const Col& c, __m256 acc) {
        const __m256i s = _mm256_sub_epi32(dot_u8s8(r.q, c.q), c.corr);
        return _mm256_fmadd_ps(_mm256_cvtepi32_ps(s), _mm256_set1_ps(r.d * c.d), acc);
    }
};
struct Q5_0 {
    using W = block_q5_0;
    using X = block_q8_0;
    static constexpr auto ref = vec_dot_q5_0_ref;
    static void col(const X* x, Col& c) { col_q8_0<16>(x, c); }
    static void row(const W* w, Row& r) {
        r.q = _mm256_or_si256(unpack_nibbles(w->qs), _mm256_and_si256(bits_to_bytes(w->qh), _mm256_set1_epi8(0x10)));
        r.d = h2f(w->d);
    }
    static __m256 pair(const Row& r, const Col& c, __m256 acc) { return Q4_0::pair(r, c, acc); }
};
// The min term m * s is not added here: legacy_tile keeps it as its own fma chain (kMin), added
// after the horizontal sum, as ggml does (vec_dot_ref.h).
inline __m256 pair_q8_1(const Row& r, const Col& c, __m256 acc) {
    const __m256i s = dot_u8s8(r.q, c.q);
    return _mm256_fmadd_ps(_mm256_cvtepi32_ps(s), _mm256_set1_ps(r.d * c.d), acc);
}
struct Q4_1 {
    using W = block_q4_1;
    using X = block_q8_1;
    static constexpr bool kMin = true;
    static constexpr auto ref = vec_dot_q4_1_ref;
    static void col(const X* x, Col& c) { col_q8_1(x, c); }
    static void row(const W* w, Row& r) {
        r.q = unpack_nibbles(w->qs);
        r.d = h2f(w->d);
        r.m = h2f(w->m);
    }
    static __m256 pair(const Row& r, const Col& c, __m256 acc) { return pair_q8_1(r, c, acc); }
};
struct Q5_1 {
    using W = block_q5_1;
    using X = block_q8_1;
    static constexpr bool kMin = true;
    static constexpr auto ref = vec_dot_q5_1_ref;
    static void col(const X* x, Col& c) { col_q8_1(x, c); }
    static void row(const W* w, Row& r) {
        r.q = _mm256_or_si256(unpack_nibbles(w->qs), _mm256_and_si256(bits_to_bytes(w->qh), _mm256_set1_epi8(0x10)));
        r.d = h2f(w->d);
        r.m = h2f(w->m);
    }
    static __m256 pair(const Row& r, const Col& c, __m256 acc) { return pair_q8_1(r, c, acc); }
};
// Q8_0 x Q8_0: |w| times x with w's sign (maddubs needs one unsigned side).
struct Q8_0 {
    using W = block_q8_0;
    using X = block_q8_0;
    static constexpr auto ref = vec_dot_q8_0_ref;
    static void col(const X* x, Col& c) {
        c.q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x->qs));
        c.d = h2f(x->d);
    }
    static void row(const W* w, Row& r) {
        r.q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w->qs));
        r.d = h2f(w->d);
    }
    static __m256 pair(const Row& r, const Col& c, __m256 acc) {
        const __m256i s = dot_u8s8(_mm256_abs_epi8(r.q), _mm256_sign_epi8(c.q, r.q));
        return _mm256_fmadd_ps(_mm256_cvtepi32_ps(s), _mm256_set1_ps(r.d * c.d), acc);
    }
};

template <class B, int R, int C>
void legacy_tile(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
    using W = typename B::W;
    using X = typename B::X;
    const int nb = int(K / 32);
    constexpr bool kMin = requires { B::kMin; };
    __m256 acc[R][C];
    float summs[R][C] = {};  // Q4_1/Q5_1: sum of m * s, block after block
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) acc[r][c] = _mm256_setzero_ps();
    for (int b = 0; b < nb; ++b) {
        Col col[C];
        for (int c = 0; c < C; ++c) B::col(reinterpret_cast<const X*>(x + size_t(c) * xs) + b, col[c]);
        for (int r = 0; r < R; ++r) {
            const W* wr = reinterpret_cast<const W*>(w + size_t(r) * ws) + b;
            if (C == 1) _mm_prefetch(reinterpret_cast<const char*>(wr) + R * ws, _MM_HINT_T0);
            Row row;
            B::row(wr, row);
            for (int c = 0; c < C; ++c) {
                acc[r][c] = B::pair(row, col[c], acc[r][c]);
                if constexpr (kMin) summs[r][c] = std::fma(row.m, col[c].s, summs[r][c]);
            }
        }
    }
    // hsum is ggml's hsum_float_8
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) y[size_t(c) * ys + size_t(r)] = kMin ? hsum(acc[r][c]) + summs[r][c] : hsum(acc[r][c]);
}

// ---- k-quants ---------------------------------------------------------------------------------

// Unpacked super-block of one row: 8 chunks of 32 unsigned quants, per-chunk int16 scales,
// the mins (16 int16 lined up with the activation's 16 bsums), d and dmin.
struct RowK {
    __m256i q[8];
    __m256i sc[8];
    __m256i mins;
    float d, dmin;
};

inline void k4_scales(const uint8_t* s, uint8_t out[16]) {
    constexpr uint32_t kmask1 = 0x3f3f3f3f, kmask2 = 0x0f0f0f0f, kmask3 = 0x03030303;
    uint32_t u[4];
    std::memcpy(u, s, 12);
    u[3] = ((u[2] >> 4) & kmask2) | (((u[1] >> 6) & kmask3) << 4);
    const uint32_t uaux = u[1] & kmask1;
    u[1] = (u[2] & kmask2) | (((u[0] >> 6) & kmask3) << 4);
    u[2] = uaux;
    u[0] &= kmask1;
    std::memcpy(out, u, 16);
}
inline __m256i mins_8_to_16(const uint8_t* m8) {
    alignas(32) int16_t t[16];
    for (int j = 0; j < 8; ++j) t[2 * j] = t[2 * j + 1] = m8[j];
    return _mm256_load_si256(reinterpret_cast<const __m256i*>(t));
}
// Chunk j of a 16-sub-block type: sub-blocks 2j, 2j+1 -> [s_2j x8 | s_2j+1 x8].
inline __m256i pair_scales(int a, int b) { return _mm256_set_m128i(_mm_set1_epi16(short(b)), _mm_set1_epi16(short(a))); }

struct Q4_K {
    using W = block_q4_K;
    static void row(const W* w, RowK& r) {
        uint8_t sm[16];
        k4_scales(w->scales, sm);
        for (int j = 0; j < 4; ++j) {
            const __m256i raw = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w->qs + 32 * j));
            r.q[2 * j] = _mm256_and_si256(raw, _mm256_set1_epi8(0x0F));
            r.q[2 * j + 1] = _mm256_and_si256(_mm256_srli_epi16(raw, 4), _mm256_set1_epi8(0x0F));
        }
        for (int j = 0; j < 8; ++j) r.sc[j] = _mm256_set1_epi16(sm[j]);
        r.mins = mins_8_to_16(sm + 8);
        r.d = h2f(w->d);
        r.dmin = h2f(w->dmin);
    }
};
struct Q5_K {
    using W = block_q5_K;
    static void row(const W* w, RowK& r) {
        uint8_t sm[16];
        k4_scales(w->scales, sm);
        const __m256i qh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w->qh));
        for (int j = 0; j < 4; ++j) {
            const __m256i raw = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w->qs + 32 * j));
            const __m256i b0 = _mm256_set1_epi8(char(1 << (2 * j))), b1 = _mm256_set1_epi8(char(1 << (2 * j + 1)));
            const __m256i h0 = _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(qh, b0), b0), _mm256_set1_epi8(0x10));
            const __m256i h1 = _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(qh, b1), b1), _mm256_set1_epi8(0x10));
            r.q[2 * j] = _mm256_or_si256(_mm256_and_si256(raw, _mm256_set1_epi8(0x0F)), h0);
            r.q[2 * j + 1] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(raw, 4), _mm256_set1_epi8(0x0F)), h1);
        }
        for (int j = 0; j < 8; ++j) r.sc[j] = _mm256_set1_epi16(sm[j]);
        r.mins = mins_8_to_16(sm + 8);
        r.d = h2f(w->d);
        r.dmin = h2f(w->dmin);
    }
};
struct Q6_K {
    using W = block_q6_K;
    static void row(const W* w, RowK& r) {
        const __m256i m4 = _mm256_set1_epi8(0x0F), m3 = _mm256_set1_epi8(0x03);
        for (int h = 0; h < 2; ++h) {
            const __m256i ql0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w->ql + 64 * h));
            const __m256i ql1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w->ql + 64 * h + 32));
            const __m256i qh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w->qh + 32 * h));
            r.q[4 * h + 0] = _mm256_or_si256(_mm256_and_si256(ql0, m4), _mm256_slli_epi16(_mm256_and_si256(qh, m3), 4));
            r.q[4 * h + 1] = _mm256_or_si256(_mm256_and_si256(ql1, m4),
                                             _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2), m3), 4));
            r.q[4 * h + 2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), m4),
                                             _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 4), m3), 4));
            r.q[4 * h + 3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql1, 4), m4),
                                             _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 6), m3), 4));
        }
        for (int j = 0; j < 8; ++j) r.sc[j] = pair_scales(w->scales[2 * j], w->scales[2 * j + 1]);
        const __m256i sc16 = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w->scales)));
        r.mins = _mm256_slli_epi16(sc16, 5);
        r.d = h2f(w->d);
        r.dmin = r.d;
    }
};
struct Q3_K {
    using W = block_q3_K;
    static void row(const W* w, RowK& r) {
        constexpr uint32_t kmask1 = 0x03030303, kmask2 = 0x0f0f0f0f;
        uint32_t aux[4];
        std::memcpy(aux, w->scales, 12);
        const uint32_t tmp = aux[2];
        aux[2] = ((aux[0] >> 4) & kmask2) | (((tmp >> 4) & kmask1) << 4);
        aux[3] = ((aux[1] >> 4) & kmask2) | (((tmp >> 6) & kmask1) << 4);
        aux[0] = (aux[0] & kmask2) | (((tmp >> 0) & kmask1) << 4);
        aux[1] = (aux[1] & kmask2) | (((tmp >> 2) & kmask1) << 4);
        int8_t sc[16];
        std::memcpy(sc, aux, 16);
        for (auto& s : sc) s = int8_t(s - 32);
        const __m256i hm = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w->hmask));
        const __m256i m3 = _mm256_set1_epi8(0x03);
        for (int h = 0; h < 2; ++h) {
            const __m256i q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w->qs + 32 * h));
            for (int s = 0; s < 4; ++s) {
                const int plane = 4 * h + s;
                const __m256i bit = _mm256_set1_epi8(char(1 << plane));
                const __m256i hb = _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(hm, bit), bit), _mm256_set1_epi8(0x04));
                r.q[plane] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(q, 2 * s), m3), hb);
            }
        }
        for (int j = 0; j < 8; ++j) r.sc[j] = pair_scales(sc[2 * j], sc[2 * j + 1]);
        r.mins = _mm256_slli_epi16(_mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(sc))), 2);
        r.d = h2f(w->d);
        r.dmin = r.d;
    }
};
struct Q2_K {
    using W = block_q2_K;
    static void row(const W* w, RowK& r) {
        const __m256i m3 = _mm256_set1_epi8(0x03);
        for (int h = 0; h < 2; ++h) {
            const __m256i q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w->qs + 32 * h));
            for (int s = 0; s < 4; ++s) r.q[4 * h + s] = _mm256_and_si256(_mm256_srli_epi16(q, 2 * s), m3);
        }
        for (int j = 0; j < 8; ++j) r.sc[j] = pair_scales(w->scales[2 * j] & 0xF, w->scales[2 * j + 1] & 0xF);
        const __m128i s = _mm_loadu_si128(reinterpret_cast<const __m128i*>(w->scales));
        r.mins = _mm256_cvtepu8_epi16(_mm_and_si128(_mm_srli_epi16(s, 4), _mm_set1_epi8(0x0F)));
        r.d = h2f(w->d);
        r.dmin = h2f(w->dmin);
    }
};

template <class B, int R, int C>
void k_tile(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
    using W = typename B::W;
    const int nb = int(K / QK_K);
    __m256 acc[R][C];
    float macc[R][C];
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) {
            acc[r][c] = _mm256_setzero_ps();
            macc[r][c] = 0.0f;
        }
    for (int b = 0; b < nb; ++b) {
        for (int r = 0; r < R; ++r) {
            const W* wr = reinterpret_cast<const W*>(w + size_t(r) * ws) + b;
            if (C == 1)
                for (size_t o = 0; o < sizeof(W); o += 64) _mm_prefetch(reinterpret_cast<const char*>(wr) + R * ws + o, _MM_HINT_T0);
            RowK row;
            B::row(wr, row);
            for (int c = 0; c < C; ++c) {
                const auto* xb = reinterpret_cast<const block_q8_K*>(x + size_t(c) * xs) + b;
                __m256i isum = _mm256_setzero_si256();
                for (int j = 0; j < 8; ++j) {
                    const __m256i xq = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(xb->qs + 32 * j));
                    isum = _mm256_add_epi32(isum, _mm256_madd_epi16(_mm256_maddubs_epi16(row.q[j], xq), row.sc[j]));
                }
                const __m256i bs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(xb->bsums));
                const int msum = hsum_i32(_mm256_madd_epi16(row.mins, bs));
                acc[r][c] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum), _mm256_set1_ps(row.d * xb->d), acc[r][c]);
                macc[r][c] += row.dmin * xb->d * float(msum);
            }
        }
    }
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) y[size_t(c) * ys + size_t(r)] = hsum(acc[r][c]) - macc[r][c];
}

// ---- Q4_0, Q4_K, Q6_K in ggml's orders (vec_dot_ref.h), bit for bit -----------------------------

// Q4_0: per block the exact integer sum, acc = fma(isum, d * dy, acc).
template <int R, int C>
void q4_0_tile(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
    const int nb = int(K / 32);
    float acc[R][C] = {};
    for (int b = 0; b < nb; ++b) {
        Col col[C];
        for (int c = 0; c < C; ++c) Q4_0::col(reinterpret_cast<const block_q8_0*>(x + size_t(c) * xs) + b, col[c]);
        for (int r = 0; r < R; ++r) {
            Row row;
            Q4_0::row(reinterpret_cast<const block_q4_0*>(w + size_t(r) * ws) + b, row);
            for (int c = 0; c < C; ++c) {
                const int isum = hsum_i32(_mm256_sub_epi32(dot_u8s8(row.q, col[c].q), col[c].corr));
                acc[r][c] = std::fma(float(isum), row.d * col[c].d, acc[r][c]);
            }
        }
    }
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) y[size_t(c) * ys + size_t(r)] = acc[r][c];
}

// Q4_K: spans of `kSubs` sub-blocks (8: the gemv order, one span per super-block; 2: the 4-row
// gemm order); per span the exact isum and msum, acc = fma(isum, d * dy, acc),
// accm = fma(msum, dmin * dy, accm); the result acc - accm.
template <int kSubs, int R, int C>
void q4_K_tile(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
    const int nb = int(K / QK_K);
    float acc[R][C] = {}, accm[R][C] = {};
    for (int b = 0; b < nb; ++b) {
        for (int r = 0; r < R; ++r) {
            const block_q4_K* wr = reinterpret_cast<const block_q4_K*>(w + size_t(r) * ws) + b;
            if (C == 1)
                for (size_t o = 0; o < sizeof(block_q4_K); o += 64)
                    _mm_prefetch(reinterpret_cast<const char*>(wr) + R * ws + o, _MM_HINT_T0);
            RowK row;
            Q4_K::row(wr, row);
            for (int c = 0; c < C; ++c) {
                const auto* xb = reinterpret_cast<const block_q8_K*>(x + size_t(c) * xs) + b;
                const __m256i bs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(xb->bsums));
                alignas(32) int32_t msub[8];  // per sub-block: min * (its two bsums)
                _mm256_store_si256(reinterpret_cast<__m256i*>(msub), _mm256_madd_epi16(row.mins, bs));
                const float dd = row.d * xb->d, dm = row.dmin * xb->d;
                for (int j0 = 0; j0 < 8; j0 += kSubs) {
                    __m256i isum = _mm256_setzero_si256();
                    int msum = 0;
                    for (int j = j0; j < j0 + kSubs; ++j) {
                        const __m256i xq = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(xb->qs + 32 * j));
                        isum = _mm256_add_epi32(isum, _mm256_madd_epi16(_mm256_maddubs_epi16(row.q[j], xq), row.sc[j]));
                        msum += msub[j];
                    }
                    acc[r][c] = std::fma(float(hsum_i32(isum)), dd, acc[r][c]);
                    accm[r][c] = std::fma(float(msum), dm, accm[r][c]);
                }
            }
        }
    }
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) y[size_t(c) * ys + size_t(r)] = acc[r][c] - accm[r][c];
}

// Q6_K. kLanes: ggml_vec_dot_q6_K_q8_K's 8 integer lanes (one row, batches under 8): chunk j of
// RowK is 32-element group j, and lane k of madd(maddubs(q, x), scales) holds its elements
// 4k..4k+3 times their scale; the offset term of lane k is 32 * (scale x bsum) of sub-blocks
// 2k, 2k+1; acc[k] = fma(d * dy, lane k, acc[k]), hsum_float_8. Otherwise the tiled order of
// batches of 8 and more: per super-block the exact total, acc = fma(isum * d, dy, acc).
template <bool kLanes, int R, int C>
void q6_K_tile(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
    const int nb = int(K / QK_K);
    __m256 acc8[R][C];
    float acc[R][C] = {};
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) acc8[r][c] = _mm256_setzero_ps();
    for (int b = 0; b < nb; ++b) {
        for (int r = 0; r < R; ++r) {
            const block_q6_K* wr = reinterpret_cast<const block_q6_K*>(w + size_t(r) * ws) + b;
            if (C == 1)
                for (size_t o = 0; o < sizeof(block_q6_K); o += 64)
                    _mm_prefetch(reinterpret_cast<const char*>(wr) + R * ws + o, _MM_HINT_T0);
            RowK row;
            Q6_K::row(wr, row);
            for (int c = 0; c < C; ++c) {
                const auto* xb = reinterpret_cast<const block_q8_K*>(x + size_t(c) * xs) + b;
                __m256i isum = _mm256_setzero_si256();
                for (int j = 0; j < 8; ++j) {
                    const __m256i xq = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(xb->qs + 32 * j));
                    isum = _mm256_add_epi32(isum, _mm256_madd_epi16(_mm256_maddubs_epi16(row.q[j], xq), row.sc[j]));
                }
                const __m256i bs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(xb->bsums));
                const __m256i lanes = _mm256_sub_epi32(isum, _mm256_madd_epi16(row.mins, bs));
                if constexpr (kLanes)
                    acc8[r][c] = _mm256_fmadd_ps(_mm256_set1_ps(xb->d * row.d), _mm256_cvtepi32_ps(lanes), acc8[r][c]);
                else
                    acc[r][c] = std::fma(float(hsum_i32(lanes)) * row.d, xb->d, acc[r][c]);
            }
        }
    }
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) {
            if constexpr (kLanes) {
                alignas(32) float a[8];
                _mm256_store_ps(a, acc8[r][c]);
                y[size_t(c) * ys + size_t(r)] = hsum8_ggml(a);
            } else {
                y[size_t(c) * ys + size_t(r)] = acc[r][c];
            }
        }
}

// ---- float weights ----------------------------------------------------------------------------

struct F32W {
    static __m256 load(const uint8_t* p, int64_t i) { return _mm256_loadu_ps(reinterpret_cast<const float*>(p) + i); }
    static float one(const uint8_t* p, int64_t i) { return reinterpret_cast<const float*>(p)[i]; }
};
struct F16W {
    static __m256 load(const uint8_t* p, int64_t i) {
        return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(reinterpret_cast<const f16_t*>(p) + i)));
    }
    static float one(const uint8_t* p, int64_t i) { return h2f(reinterpret_cast<const f16_t*>(p)[i]); }
};
struct BF16W {
    static __m256 load(const uint8_t* p, int64_t i) {
        const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(reinterpret_cast<const bf16_t*>(p) + i));
        return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
    }
    static float one(const uint8_t* p, int64_t i) { return bf16_to_fp32(reinterpret_cast<const bf16_t*>(p)[i]); }
};

template <class B, int R, int C>
void float_tile(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
    __m256 acc[R][C];
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) acc[r][c] = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 8 <= K; i += 8) {
        __m256 xv[C];
        for (int c = 0; c < C; ++c) xv[c] = _mm256_loadu_ps(reinterpret_cast<const float*>(x + size_t(c) * xs) + i);
        for (int r = 0; r < R; ++r) {
            const __m256 wv = B::load(w + size_t(r) * ws, i);
            for (int c = 0; c < C; ++c) acc[r][c] = _mm256_fmadd_ps(wv, xv[c], acc[r][c]);
        }
    }
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) {
            float s = hsum(acc[r][c]);
            for (int64_t k = i; k < K; ++k) s += B::one(w + size_t(r) * ws, k) * reinterpret_cast<const float*>(x + size_t(c) * xs)[k];
            y[size_t(c) * ys + size_t(r)] = s;
        }
}

// F32/F16 in llama.cpp's orders (vec_dot_ref.h). Batches: tinyBLAS's 16 lanes (two ymm, lanes
// l and 8 + l), reduced as GCC's _mm512_reduce_add_ps (vec_dot_f32_tiny_ref); K % 16 == 0
// (BatchRule::TinyShape sends other shapes to the one-row order).
template <class B, int R, int C>
void float_tiny_tile(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
    __m256 lo[R][C], hi[R][C];
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) lo[r][c] = hi[r][c] = _mm256_setzero_ps();
    for (int64_t i = 0; i + 16 <= K; i += 16)
        for (int r = 0; r < R; ++r) {
            const __m256 w0 = B::load(w + size_t(r) * ws, i), w1 = B::load(w + size_t(r) * ws, i + 8);
            for (int c = 0; c < C; ++c) {
                const float* xc = reinterpret_cast<const float*>(x + size_t(c) * xs) + i;
                lo[r][c] = _mm256_fmadd_ps(w0, _mm256_loadu_ps(xc), lo[r][c]);
                hi[r][c] = _mm256_fmadd_ps(w1, _mm256_loadu_ps(xc + 8), hi[r][c]);
            }
        }
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) {
            alignas(32) float a[16];
            _mm256_store_ps(a, lo[r][c]);
            _mm256_store_ps(a + 8, hi[r][c]);
            y[size_t(c) * ys + size_t(r)] = reduce16_ggml(a);
        }
}

// One activation row: ggml_vec_dot_f32 / _f16 (AVX-512 build, vec_dot_f32_ref): four 16-lane
// accumulators (two ymm each) over steps of 64, folded 0+2, 1+3, 0+1, reduced; the tail one
// product at a time (F16: in double, each product rounded to float).
template <class B, bool kTailInDouble>
void float_matvec(int64_t K, const void* w, size_t ws, int nr, const void* x, size_t, int, float* y, size_t) {
    const auto* xf = static_cast<const float*>(x);
    const int64_t np = K & ~int64_t(63);
    for (int r = 0; r < nr; ++r) {
        const uint8_t* wr = static_cast<const uint8_t*>(w) + size_t(r) * ws;
        __m256 acc[8];
        for (auto& a : acc) a = _mm256_setzero_ps();
        for (int64_t i = 0; i < np; i += 64)
            for (int j = 0; j < 8; ++j) acc[j] = _mm256_fmadd_ps(B::load(wr, i + 8 * j), _mm256_loadu_ps(xf + i + 8 * j), acc[j]);
        alignas(32) float a[16];  // accumulator j = (acc[2j], acc[2j + 1])
        _mm256_store_ps(a, _mm256_add_ps(_mm256_add_ps(acc[0], acc[4]), _mm256_add_ps(acc[2], acc[6])));
        _mm256_store_ps(a + 8, _mm256_add_ps(_mm256_add_ps(acc[1], acc[5]), _mm256_add_ps(acc[3], acc[7])));
        const float s = reduce16_ggml(a);
        if constexpr (kTailInDouble) {
            double sum = s;
            for (int64_t k = np; k < K; ++k) sum += double(B::one(wr, k) * xf[k]);
            y[r] = float(sum);
        } else {
            float sum = s;
            for (int64_t k = np; k < K; ++k) sum = std::fma(B::one(wr, k), xf[k], sum);
            y[r] = sum;
        }
    }
}

// ---- tiling driver (as in the AVX-512 file) -----------------------------------------------------

using TileFn = void (*)(int64_t, const uint8_t*, size_t, const uint8_t*, size_t, float*, size_t);
template <class B, int R, int C>
struct FloatTinyTile {
    static void run(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
        float_tiny_tile<B, R, C>(K, w, ws, x, xs, y, ys);
    }
};
template <class B, int R, int C>
struct LegacyTile {
    static void run(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
        legacy_tile<B, R, C>(K, w, ws, x, xs, y, ys);
    }
};
template <class B, int R, int C>
struct KTile {
    static void run(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
        k_tile<B, R, C>(K, w, ws, x, xs, y, ys);
    }
};
template <class B, int R, int C>
struct Q40Tile {  // B unused
    static void run(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
        q4_0_tile<R, C>(K, w, ws, x, xs, y, ys);
    }
};
template <class B, int R, int C>
struct Q4KGemvTile {
    static void run(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
        q4_K_tile<8, R, C>(K, w, ws, x, xs, y, ys);
    }
};
template <class B, int R, int C>
struct Q4KX4Tile {
    static void run(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
        q4_K_tile<2, R, C>(K, w, ws, x, xs, y, ys);
    }
};
template <class B, int R, int C>
struct Q6KLanesTile {
    static void run(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
        q6_K_tile<true, R, C>(K, w, ws, x, xs, y, ys);
    }
};
template <class B, int R, int C>
struct Q6KTiledTile {
    static void run(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
        q6_K_tile<false, R, C>(K, w, ws, x, xs, y, ys);
    }
};
template <class B, int R, int C>
struct FloatTile {
    static void run(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
        float_tile<B, R, C>(K, w, ws, x, xs, y, ys);
    }
};
template <template <class, int, int> class Tile, class B>
struct Tiles {
    static constexpr TileFn t[4][4] = {
        {Tile<B, 1, 1>::run, Tile<B, 1, 2>::run, Tile<B, 1, 3>::run, Tile<B, 1, 4>::run},
        {Tile<B, 2, 1>::run, Tile<B, 2, 2>::run, Tile<B, 2, 3>::run, Tile<B, 2, 4>::run},
        {Tile<B, 3, 1>::run, Tile<B, 3, 2>::run, Tile<B, 3, 3>::run, Tile<B, 3, 4>::run},
        {Tile<B, 4, 1>::run, Tile<B, 4, 2>::run, Tile<B, 4, 3>::run, Tile<B, 4, 4>::run},
    };
};
template <template <class, int, int> class Tile, class B>
void gemm(int64_t K, const void* w, size_t w_stride, int nr, const void* x, size_t x_stride, int nc, float* y,
          size_t y_stride) {
    const auto* wb = static_cast<const uint8_t*>(w);
    const auto* xb = static_cast<const uint8_t*>(x);
    for (int c0 = 0; c0 < nc; c0 += 4) {
        const int cn = nc - c0 < 4 ? nc - c0 : 4;
        for (int r0 = 0; r0 < nr; r0 += 4) {
            const int rn = nr - r0 < 4 ? nr - r0 : 4;
            Tiles<Tile, B>::t[rn - 1][cn - 1](K, wb + size_t(r0) * w_stride, w_stride, xb + size_t(c0) * x_stride, x_stride,
                                              y + size_t(c0) * y_stride + size_t(r0), y_stride);
        }
    }
}

// ---- activation quantizers (bit-identical to quantize_ref.cpp) --------------------------------

// Round half to even, as ggml's x86 quantize_row_q8_0/q8_1 do.
inline __m256i round_even(__m256 v) {
    return _mm256_cvtps_epi32(_mm256_round_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
}
inline float hmax(__m256 v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}
// 32 int32 (4 ymm) -> 32 int8, values already within [-127, 127].
inline void store_32(int8_t* dst, const __m256i q[4]) {
    const __m256i a = _mm256_packs_epi32(q[0], q[1]), b = _mm256_packs_epi32(q[2], q[3]);
    __m256i p = _mm256_packs_epi16(a, b);
    p = _mm256_permutevar8x32_epi32(p, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), p);
}

template <bool kWithSum>
void quantize_q8_32(const float* x, void* dst, int64_t n) {
    const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF));
    for (int64_t i = 0; i < n / 32; ++i) {
        __m256 v[4], m = _mm256_setzero_ps();
        for (int k = 0; k < 4; ++k) {
            v[k] = _mm256_loadu_ps(x + 32 * i + 8 * k);
            m = _mm256_max_ps(m, _mm256_and_ps(v[k], abs_mask));
        }
        const float amax = hmax(m);
        const float d = amax / 127.0f;
        const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
        __m256i q[4];
        for (int k = 0; k < 4; ++k) q[k] = round_even(_mm256_mul_ps(v[k], _mm256_set1_ps(id)));
        if constexpr (kWithSum) {
            auto* y = static_cast<block_q8_1*>(dst) + i;
            y->d = fp32_to_fp16(d);
            store_32(y->qs, q);
            const int sum = hsum_i32(_mm256_add_epi32(_mm256_add_epi32(q[0], q[1]), _mm256_add_epi32(q[2], q[3])));
            y->s = fp32_to_fp16(float(sum) * d);
        } else {
            auto* y = static_cast<block_q8_0*>(dst) + i;
            y->d = fp32_to_fp16(d);
            store_32(y->qs, q);
        }
    }
}
void quantize_q8_0(const float* x, void* dst, int64_t n) { quantize_q8_32<false>(x, dst, n); }
void quantize_q8_1(const float* x, void* dst, int64_t n) { quantize_q8_32<true>(x, dst, n); }

// F16 weights: activations rounded to fp16 precision (quantize_ref.h round_row_f16).
void round_f16(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<float*>(dst);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(y + i, _mm256_cvtph_ps(_mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)));
    if (i < n) round_row_f16(x + i, y + i, n - i);
}

using T = TensorType;
const MatmulKernel kQ4_0{T::Q8_0, quantize_q8_0, gemm<Q40Tile, Q4_0>};
const MatmulKernel kQ4_1{T::Q8_1, quantize_q8_1, gemm<LegacyTile, Q4_1>};
const MatmulKernel kQ5_0{T::Q8_0, quantize_q8_0, gemm<LegacyTile, Q5_0>};
const MatmulKernel kQ5_1{T::Q8_1, quantize_q8_1, gemm<LegacyTile, Q5_1>};
const MatmulKernel kQ8_0{T::Q8_0, quantize_q8_0, gemm<LegacyTile, Q8_0>};
// Q8_K activations: the scalar reference quantizer (it is a small share of a matmul).
const MatmulKernel kQ2_K{T::Q8_K, quantize_row_q8_K, gemm<KTile, Q2_K>};
const MatmulKernel kQ3_K{T::Q8_K, quantize_row_q8_K, gemm<KTile, Q3_K>};
// Q4_K, Q6_K: ggml's batched and one-row orders, rows assigned as in the scalar table.
const MatmulKernel kQ4_K{T::Q8_K, quantize_row_q8_K, gemm<Q4KX4Tile, Q4_K>, gemm<Q4KGemvTile, Q4_K>, BatchRule::TailOf4};
const MatmulKernel kQ5_K{T::Q8_K, quantize_row_q8_K, gemm<KTile, Q5_K>};
const MatmulKernel kQ6_K{T::Q8_K, quantize_row_q8_K, gemm<Q6KTiledTile, Q6_K>, gemm<Q6KLanesTile, Q6_K>, BatchRule::MinBatch8};
// F32/F16: several activation rows in tinyBLAS's order, one in ggml_vec_dot's (the scalar table).
const MatmulKernel kF32{T::F32, nullptr, gemm<FloatTinyTile, F32W>, float_matvec<F32W, false>, BatchRule::TinyShape};
const MatmulKernel kF16{T::F32, round_f16, gemm<FloatTinyTile, F16W>, float_matvec<F16W, true>, BatchRule::TinyShape};
const MatmulKernel kBF16{T::F32, round_row_bf16, gemm<FloatTile, BF16W>};

}  // namespace

const MatmulKernel* matmul_kernel_avx2(TensorType t) {
    switch (t) {
        case T::F32: return &kF32;
        case T::F16: return &kF16;
        case T::BF16: return &kBF16;
        case T::Q4_0: return &kQ4_0;
        case T::Q4_1: return &kQ4_1;
        case T::Q5_0: return &kQ5_0;
        case T::Q5_1: return &kQ5_1;
        case T::Q8_0: return &kQ8_0;
        case T::Q2_K: return &kQ2_K;
        case T::Q3_K: return &kQ3_K;
        case T::Q4_K: return &kQ4_K;
        case T::Q5_K: return &kQ5_K;
        case T::Q6_K: return &kQ6_K;
        default: return nullptr;
    }
}

}  // namespace perimeter::kernels
