// AVX-512 (F/BW/VL/DQ) + VNNI matmul kernels (see matmul_kernels.h).
//
// Every type has a register-blocked tile of R weight rows x C activation rows (R, C <= 4):
// the activation blocks of the C columns are loaded (and their per-block corrections computed)
// once per block step and reused by the R rows; each unpacked weight block serves C columns.
// Matrix-vector (C = 1) walks 4 rows at a time and is limited by memory bandwidth.
//
// Integer inner products:
//  - legacy formats (32-weight blocks): _mm512_dpbusd_epi32 of the unsigned weight quants with
//    the signed Q8 activations; a weight offset (8 for Q4_0, 16 for Q5_0) is folded in by
//    starting the accumulator at -offset * sum(x), computed once per column. Q8_0 x Q8_0 flips
//    it round: x + 128 (unsigned) times the signed weights, minus 128 * sum(w). Q4_1, Q5_0,
//    Q5_1 and Q8_0 keep ggml's 8-lane order (lanes8_tile: two weight rows per zmm, one block
//    per step), so that they give the scalar reference's bits. Q4_0, Q4_K and Q6_K batches run
//    on repacked 16-row tiles in ggml's orders (matmul_exact_avx512.cpp); their tiles here
//    (q4_0_tile, q6_K_lanes_tile) serve one activation row on CPUs without GFNI.
//  - k-quants, 64 weights per zmm: _mm512_maddubs_epi16 to int16 pairs, then
//    _mm512_dpwssd_epi32 with the sub-block scales as int16, accumulating a whole 256-weight
//    super-block in int32 before one conversion to float.
#include <immintrin.h>

// GCC 12's AVX-512 headers build some intrinsics (the _mm512_reduce_* family, casts) from
// _mm*_undefined_*() values and then warn about them at every use: false positives.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <algorithm>
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

// [a x8 | b x8]
inline __m512 two_scales(float a, float b) {
    return _mm512_insertf32x8(_mm512_castps256_ps512(_mm256_set1_ps(a)), _mm256_set1_ps(b), 1);
}
inline __m512i load_2x256(const void* a, const void* b) {
    return _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256(static_cast<const __m256i*>(a))),
                              _mm256_loadu_si256(static_cast<const __m256i*>(b)), 1);
}
// Two blocks' 16 packed nibble bytes -> 64 unsigned quants in element order
// [b0 e0..15 | b0 e16..31 | b1 e0..15 | b1 e16..31].
inline __m512i unpack_nibbles_2(const uint8_t* qs0, const uint8_t* qs1) {
    const __m256i a = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(qs0)));
    const __m256i b = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(qs1)));
    const __m512i v = _mm512_inserti64x4(_mm512_castsi256_si512(a), b, 1);
    const __m512i shifts = _mm512_set_epi64(4, 4, 0, 0, 4, 4, 0, 0);
    return _mm512_and_si512(_mm512_srlv_epi64(v, shifts), _mm512_set1_epi8(0x0F));
}

// ---- legacy formats ---------------------------------------------------------------------------

// Activation column state for one step of two blocks.
struct Col8 {
    __m512i q;     // 64 int8 (two blocks)
    __m512 d;      // [d0 x8 | d1 x8]
    __m512i init;  // starting value of the integer accumulator (offset correction)
    __m512 s;      // Q8_1: [s0, 0.. | s1, 0..] (the min term); unused otherwise
};
struct Row8 {
    __m512i q;
    __m512 d;
    __m512 m;      // Q4_1/Q5_1 mins [m0 x8 | m1 x8]; Q8_0: unused
    __m512i init;  // Q8_0: -128 * sum(w) per lane group
};

struct Q4_0 {
    using W = block_q4_0;
    using X = block_q8_0;
    static constexpr auto ref = vec_dot_q4_0_ref;
    static void col(const X* x, Col8& c) {
        c.q = load_2x256(x[0].qs, x[1].qs);
        c.d = two_scales(h2f(x[0].d), h2f(x[1].d));
        c.init = _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_set1_epi8(8), c.q));
    }
    static void row(const W* w, Row8& r) {
        r.q = unpack_nibbles_2(w[0].qs, w[1].qs);
        r.d = two_scales(h2f(w[0].d), h2f(w[1].d));
    }
    static __m512 pair(const Row8& r, const Col8& c, __m512 acc) {
        const __m512i s = _mm512_dpbusd_epi32(c.init, r.q, c.q);
        return _mm512_fmadd_ps(_mm512_cvtepi32_ps(s), _mm512_mul_ps(r.d, c.d), acc);
    }
};

inline __m512i q5_high_bits(const uint8_t* qh0, const uint8_t* qh1) {
    uint32_t h0, h1;
    std::memcpy(&h0, qh0, 4);
    std::memcpy(&h1, qh1, 4);
    const __mmask64 m = __mmask64(h0) | (__mmask64(h1) << 32);
    return _mm512_maskz_mov_epi8(m, _mm512_set1_epi8(0x10));
}

template <class B, int R, int C>
void legacy_tile(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
    using W = typename B::W;
    using X = typename B::X;
    const int nb = int(K / 32);
    __m512 acc[R][C];
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) acc[r][c] = _mm512_setzero_ps();
    int b = 0;
    for (; b + 2 <= nb; b += 2) {
        Col8 col[C];
        for (int c = 0; c < C; ++c) B::col(reinterpret_cast<const X*>(x + size_t(c) * xs) + b, col[c]);
        for (int r = 0; r < R; ++r) {
            const W* wr = reinterpret_cast<const W*>(w + size_t(r) * ws) + b;
            // Matrix-vector streams the weights once: fetch the same blocks of the row one tile
            // (R rows) ahead, so memory requests run well ahead of the arithmetic.
            if (C == 1) _mm_prefetch(reinterpret_cast<const char*>(wr) + R * ws, _MM_HINT_T0);
            Row8 row;
            B::row(wr, row);
            for (int c = 0; c < C; ++c) acc[r][c] = B::pair(row, col[c], acc[r][c]);
        }
    }
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) {
            float s = _mm512_reduce_add_ps(acc[r][c]);
            if (b < nb) {  // an odd last block
                float t;
                B::ref(32, &t, reinterpret_cast<const W*>(w + size_t(r) * ws) + b, reinterpret_cast<const X*>(x + size_t(c) * xs) + b);
                s += t;
            }
            y[size_t(c) * ys + size_t(r)] = s;
        }
}

// ---- 8-lane block dots (Q4_1, Q5_0, Q5_1, Q8_0): ggml's order, bit for bit -------------------

// vec_dot_ref.h: per output, 8 float lanes; block after block, lane j = the exact integer sum of
// the products of elements 4j..4j+3 and acc[j] = fma(dw * dx, lane j, acc[j]); hsum_float_8 at
// the end (+ the fused m * s chain for Q4_1/Q5_1). One zmm holds two outputs, two weight rows
// x 8 lanes: vpdpbusd of [row a block b | row a' block b] (element order) against the
// activation block in both halves gives both rows' lane sums for block b, in order.
struct ColL {
    __m512i q;     // the activation block in both 256-bit halves (Q8_0 weights: x + 128)
    __m512i init;  // Q5_0: -16 * sum(x) per lane (the weight offset); otherwise unused
    float d, s;    // block scale; Q8_1: s = d * sum(x)
};
struct RowL {
    __m512i q;     // [row a block b | row a' block b], 32 quants each in element order
    __m512 d;      // [d_a x8 | d_a' x8]
    __m512 m;      // Q4_1/Q5_1: [m_a x8 | m_a' x8]
    __m512i init;  // Q8_0: -128 * sum(w) per lane
};
inline __m512i bcast_256(const void* p) { return _mm512_broadcast_i64x4(_mm256_loadu_si256(static_cast<const __m256i*>(p))); }

struct L8Q8_0 {
    using W = block_q8_0;
    using X = block_q8_0;
    static constexpr bool kMin = false;
    static void col(const X* x, ColL& c) {
        c.q = _mm512_xor_si512(bcast_256(x->qs), _mm512_set1_epi8(char(0x80)));
        c.d = h2f(x->d);
    }
    static void row(const W* a, const W* b, RowL& r) {
        r.q = load_2x256(a->qs, b->qs);
        r.d = two_scales(h2f(a->d), h2f(b->d));
        r.init = _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_set1_epi8(char(0x80)), r.q));
    }
    // (x + 128) w summed from -128 * sum(w): exactly sum x w per lane
    static __m512i lanes(const RowL& r, const ColL& c) { return _mm512_dpbusd_epi32(r.init, c.q, r.q); }
};
struct L8Q5_0 {
    using W = block_q5_0;
    using X = block_q8_0;
    static constexpr bool kMin = false;
    static void col(const X* x, ColL& c) {
        c.q = bcast_256(x->qs);
        c.init = _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_set1_epi8(16), c.q));
        c.d = h2f(x->d);
    }
    static void row(const W* a, const W* b, RowL& r) {
        r.q = _mm512_or_si512(unpack_nibbles_2(a->qs, b->qs), q5_high_bits(a->qh, b->qh));
        r.d = two_scales(h2f(a->d), h2f(b->d));
    }
    static __m512i lanes(const RowL& r, const ColL& c) { return _mm512_dpbusd_epi32(c.init, r.q, c.q); }
};
inline void col_l8_q8_1(const block_q8_1* x, ColL& c) {
    c.q = bcast_256(x->qs);
    c.d = h2f(x->d);
    c.s = h2f(x->s);
}
struct L8Q4_1 {
    using W = block_q4_1;
    using X = block_q8_1;
    static constexpr bool kMin = true;
    static void col(const X* x, ColL& c) { col_l8_q8_1(x, c); }
    static void row(const W* a, const W* b, RowL& r) {
        r.q = unpack_nibbles_2(a->qs, b->qs);
        r.d = two_scales(h2f(a->d), h2f(b->d));
        r.m = two_scales(h2f(a->m), h2f(b->m));
    }
    static __m512i lanes(const RowL& r, const ColL& c) { return _mm512_dpbusd_epi32(_mm512_setzero_si512(), r.q, c.q); }
};
struct L8Q5_1 {
    using W = block_q5_1;
    using X = block_q8_1;
    static constexpr bool kMin = true;
    static void col(const X* x, ColL& c) { col_l8_q8_1(x, c); }
    static void row(const W* a, const W* b, RowL& r) {
        r.q = _mm512_or_si512(unpack_nibbles_2(a->qs, b->qs), q5_high_bits(a->qh, b->qh));
        r.d = two_scales(h2f(a->d), h2f(b->d));
        r.m = two_scales(h2f(a->m), h2f(b->m));
    }
    static __m512i lanes(const RowL& r, const ColL& c) { return _mm512_dpbusd_epi32(_mm512_setzero_si512(), r.q, c.q); }
};

// hsum_float_8 of each 256-bit half, ((a4+a0)+(a6+a2)) + ((a5+a1)+(a7+a3)): lanes 0 and 8.
inline void hsum8_halves(__m512 a, float& lo, float& hi) {
    const __m512 t = _mm512_add_ps(a, _mm512_shuffle_f32x4(a, a, 0xB1));  // a_i + a_{i+4}
    const __m512 u = _mm512_add_ps(t, _mm512_permute_ps(t, 0x4E));        // (r0 + r2), (r1 + r3)
    const __m512 v = _mm512_add_ps(u, _mm512_permute_ps(u, 0xB1));
    lo = _mm512_cvtss_f32(v);
    hi = _mm_cvtss_f32(_mm512_extractf32x4_ps(v, 2));
}

// R weight rows (in pairs; an odd last row is paired with itself) x C activation rows.
template <class B, int R, int C>
void lanes8_tile(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
    using W = typename B::W;
    using X = typename B::X;
    constexpr int P = (R + 1) / 2;
    const int nb = int(K / 32);
    __m512 acc[P][C], macc[P][C];
    for (int p = 0; p < P; ++p)
        for (int c = 0; c < C; ++c) acc[p][c] = macc[p][c] = _mm512_setzero_ps();
    // Matrix-vector streams the weights once: fetch the same block ~8 KiB (whole tiles) ahead.
    const size_t pf = size_t(R) * ws * std::max<size_t>(1, (8192 + size_t(R) * ws - 1) / (size_t(R) * ws));
    for (int b = 0; b < nb; ++b) {
        ColL col[C];
        for (int c = 0; c < C; ++c) B::col(reinterpret_cast<const X*>(x + size_t(c) * xs) + b, col[c]);
        for (int p = 0; p < P; ++p) {
            const W* wa = reinterpret_cast<const W*>(w + size_t(2 * p) * ws) + b;
            const W* wb = 2 * p + 1 < R ? reinterpret_cast<const W*>(w + size_t(2 * p + 1) * ws) + b : wa;
            if (C == 1) {
                _mm_prefetch(reinterpret_cast<const char*>(wa) + pf, _MM_HINT_T0);
                if (2 * p + 1 < R) _mm_prefetch(reinterpret_cast<const char*>(wb) + pf, _MM_HINT_T0);
            }
            RowL row;
            B::row(wa, wb, row);
            for (int c = 0; c < C; ++c) {
                const __m512 lanes = _mm512_cvtepi32_ps(B::lanes(row, col[c]));
                acc[p][c] = _mm512_fmadd_ps(_mm512_mul_ps(row.d, _mm512_set1_ps(col[c].d)), lanes, acc[p][c]);
                if constexpr (B::kMin) macc[p][c] = _mm512_fmadd_ps(row.m, _mm512_set1_ps(col[c].s), macc[p][c]);
            }
        }
    }
    for (int p = 0; p < P; ++p)
        for (int c = 0; c < C; ++c) {
            float lo, hi;
            hsum8_halves(acc[p][c], lo, hi);
            if constexpr (B::kMin) {
                lo += _mm512_cvtss_f32(macc[p][c]);
                hi += _mm_cvtss_f32(_mm512_extractf32x4_ps(macc[p][c], 2));
            }
            y[size_t(c) * ys + size_t(2 * p)] = lo;
            if (2 * p + 1 < R) y[size_t(c) * ys + size_t(2 * p + 1)] = hi;
        }
}

// ---- k-quants ---------------------------------------------------------------------------------

// 8 sub-block scales (int16) of a 32-sub-block k-quant -> for 64-weight chunk j (sub-blocks 2j,
// 2j+1): [s_2j x16 | s_2j+1 x16] as int16.
inline __m512i chunk_scales_8(__m128i sc8x16, int j) {
    const __m512i idx = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_set1_epi16(short(2 * j))),
                                           _mm256_set1_epi16(short(2 * j + 1)), 1);
    return _mm512_permutexvar_epi16(idx, _mm512_castsi128_si512(sc8x16));
}
// 16 sub-block scales (int16) of a 16-sub-block k-quant -> for chunk j (sub-blocks 4j..4j+3):
// [s_4j x8 | s_4j+1 x8 | s_4j+2 x8 | s_4j+3 x8].
inline __m512i chunk_scales_16(__m256i sc16x16, int j) {
    const __m512i base = _mm512_cvtepu8_epi16(_mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2,
                                                               2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3));
    const __m512i idx = _mm512_add_epi16(base, _mm512_set1_epi16(short(4 * j)));
    return _mm512_permutexvar_epi16(idx, _mm512_castsi256_si512(sc16x16));
}

// Unpacks the 12 packed bytes of Q4_K/Q5_K into 8 scales and 8 mins (bytes 0..7, 8..15).
inline void k4_scales(const uint8_t* s, uint8_t out[16]) {
    constexpr uint32_t kmask1 = 0x3f3f3f3f, kmask2 = 0x0f0f0f0f, kmask3 = 0x03030303;
    uint32_t u[4];
    std::memcpy(u, s, 12);
    u[3] = ((u[2] >> 4) & kmask2) | (((u[1] >> 6) & kmask3) << 4);
    const uint32_t uaux = u[1] & kmask1;
    u[1] = (u[2] & kmask2) | (((u[0] >> 6) & kmask3) << 4);
    u[2] = uaux;
    u[0] &= kmask1;
    // now: bytes 0..3 scales 0..3, 4..7 scales 4..7, 8..11 mins 0..3, 12..15 mins 4..7
    std::memcpy(out, u, 16);
}

// Activation column state for one super-block (shared by every k-quant).
struct ColK {
    const int8_t* q;  // 256 quants (loaded chunk by chunk: 4 zmm would not fit the register budget)
    float d;
    __m256i bsums;    // 16 int16
};
inline void col_k(const block_q8_K* x, ColK& c) {
    c.q = x->qs;
    c.d = x->d;
    c.bsums = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x->bsums));
}

// Per-row state of one super-block: 4 chunks of 64 unsigned quants, the per-chunk int16 scale
// vectors, float d and dmin, and the mins as int16 (for the bsums term).
struct RowK {
    __m512i q[4];
    __m512i sc[4];
    __m256i mins;  // 16 int16 mins lined up with the 16 bsums (zeros where none)
    float d, dmin;
};

struct Q5_K {
    using W = block_q5_K;
    static constexpr auto ref = vec_dot_q5_K_ref;
    static constexpr bool kSigned = false;
    static void row(const W* w, RowK& r) {
        uint8_t sm[16];
        k4_scales(w->scales, sm);
        const __m128i s8 = _mm_cvtepu8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(sm)));
        const __m256i qh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w->qh));
        for (int j = 0; j < 4; ++j) {
            const __m256i raw = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w->qs + 32 * j));
            __m256i lo = _mm256_and_si256(raw, _mm256_set1_epi8(0x0F));
            __m256i hi = _mm256_and_si256(_mm256_srli_epi16(raw, 4), _mm256_set1_epi8(0x0F));
            // 5th bit of element 64j + l is bit 2j of qh[l]; of 64j + 32 + l bit 2j+1.
            const __mmask32 b0 = _mm256_test_epi8_mask(qh, _mm256_set1_epi8(char(1 << (2 * j))));
            const __mmask32 b1 = _mm256_test_epi8_mask(qh, _mm256_set1_epi8(char(1 << (2 * j + 1))));
            lo = _mm256_or_si256(lo, _mm256_maskz_mov_epi8(b0, _mm256_set1_epi8(0x10)));
            hi = _mm256_or_si256(hi, _mm256_maskz_mov_epi8(b1, _mm256_set1_epi8(0x10)));
            r.q[j] = _mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1);
            r.sc[j] = chunk_scales_8(s8, j);
        }
        const __m128i m8 = _mm_cvtepu8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(sm + 8)));
        r.mins = _mm256_permutexvar_epi16(_mm256_set_epi16(7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0),
                                          _mm256_castsi128_si256(m8));
        r.d = h2f(w->d);
        r.dmin = h2f(w->dmin);
    }
};

// Q6_K: quants q in [0, 63] with an offset of 32: sum (q - 32) x = sum q x - 32 sum x; the
// second term is 32 * bsum per sub-block, folded into the "mins" path with min = 32 * scale and
// dmin = d.
struct Q6_K {
    using W = block_q6_K;
    static constexpr auto ref = vec_dot_q6_K_ref;
    static void row(const W* w, RowK& r) {
        const __m128i sc8 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(w->scales));
        const __m256i sc16 = _mm256_cvtepi8_epi16(sc8);
        const __m256i m4 = _mm256_set1_epi8(0x0F), m3 = _mm256_set1_epi8(0x03);
        for (int h = 0; h < 2; ++h) {
            const __m256i ql0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w->ql + 64 * h));
            const __m256i ql1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w->ql + 64 * h + 32));
            const __m256i qh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w->qh + 32 * h));
            // elements 128h + [0,32): ql0 lo | qh bits 0-1; [32,64): ql1 lo | bits 2-3;
            // [64,96): ql0 hi | bits 4-5; [96,128): ql1 hi | bits 6-7
            const __m256i e0 = _mm256_or_si256(_mm256_and_si256(ql0, m4), _mm256_slli_epi16(_mm256_and_si256(qh, m3), 4));
            const __m256i e1 = _mm256_or_si256(_mm256_and_si256(ql1, m4),
                                               _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2), m3), 4));
            const __m256i e2 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), m4),
                                               _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 4), m3), 4));
            const __m256i e3 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql1, 4), m4),
                                               _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 6), m3), 4));
            r.q[2 * h] = _mm512_inserti64x4(_mm512_castsi256_si512(e0), e1, 1);
            r.q[2 * h + 1] = _mm512_inserti64x4(_mm512_castsi256_si512(e2), e3, 1);
        }
        for (int j = 0; j < 4; ++j) r.sc[j] = chunk_scales_16(sc16, j);
        r.mins = _mm256_slli_epi16(sc16, 5);  // 32 * scale (|scale| <= 128: fits int16)
        r.d = h2f(w->d);
        r.dmin = r.d;
    }
};

// Q3_K: q in [0, 7] = low 2 bits | (hbit << 2), value q - 4; offset 4 via the mins path.
struct Q3_K {
    using W = block_q3_K;
    static constexpr auto ref = vec_dot_q3_K_ref;
    static void row(const W* w, RowK& r) {
        constexpr uint32_t kmask1 = 0x03030303, kmask2 = 0x0f0f0f0f;
        uint32_t aux[4];
        std::memcpy(aux, w->scales, 12);
        const uint32_t tmp = aux[2];
        aux[2] = ((aux[0] >> 4) & kmask2) | (((tmp >> 4) & kmask1) << 4);
        aux[3] = ((aux[1] >> 4) & kmask2) | (((tmp >> 6) & kmask1) << 4);
        aux[0] = (aux[0] & kmask2) | (((tmp >> 0) & kmask1) << 4);
        aux[1] = (aux[1] & kmask2) | (((tmp >> 2) & kmask1) << 4);
        const __m128i sc8 = _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(aux)), _mm_set1_epi8(32));
        const __m256i sc16 = _mm256_cvtepi8_epi16(sc8);
        const __m256i hm = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w->hmask));
        const __m256i m3 = _mm256_set1_epi8(0x03);
        __m256i e[8];
        for (int h = 0; h < 2; ++h) {
            const __m256i q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w->qs + 32 * h));
            for (int s = 0; s < 4; ++s) {
                const int plane = 4 * h + s;  // element block of 32, hmask bit `plane`
                const __m256i lo = _mm256_and_si256(_mm256_srli_epi16(q, 2 * s), m3);
                const __mmask32 hb = _mm256_test_epi8_mask(hm, _mm256_set1_epi8(char(1 << plane)));
                e[plane] = _mm256_or_si256(lo, _mm256_maskz_mov_epi8(hb, _mm256_set1_epi8(0x04)));
            }
        }
        for (int j = 0; j < 4; ++j) {
            r.q[j] = _mm512_inserti64x4(_mm512_castsi256_si512(e[2 * j]), e[2 * j + 1], 1);
            r.sc[j] = chunk_scales_16(sc16, j);
        }
        r.mins = _mm256_slli_epi16(sc16, 2);  // 4 * scale
        r.d = h2f(w->d);
        r.dmin = r.d;
    }
};

// Q2_K: q in [0, 3], scale low nibble, min high nibble, 16 sub-blocks of 16.
struct Q2_K {
    using W = block_q2_K;
    static constexpr auto ref = vec_dot_q2_K_ref;
    static void row(const W* w, RowK& r) {
        const __m128i s = _mm_loadu_si128(reinterpret_cast<const __m128i*>(w->scales));
        const __m256i sc16 = _mm256_cvtepu8_epi16(_mm_and_si128(s, _mm_set1_epi8(0x0F)));
        const __m256i mn16 = _mm256_cvtepu8_epi16(_mm_and_si128(_mm_srli_epi16(s, 4), _mm_set1_epi8(0x0F)));
        const __m256i m3 = _mm256_set1_epi8(0x03);
        __m256i e[8];
        for (int h = 0; h < 2; ++h) {
            const __m256i q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w->qs + 32 * h));
            for (int sft = 0; sft < 4; ++sft) e[4 * h + sft] = _mm256_and_si256(_mm256_srli_epi16(q, 2 * sft), m3);
        }
        for (int j = 0; j < 4; ++j) {
            r.q[j] = _mm512_inserti64x4(_mm512_castsi256_si512(e[2 * j]), e[2 * j + 1], 1);
            r.sc[j] = chunk_scales_16(sc16, j);
        }
        r.mins = mn16;
        r.d = h2f(w->d);
        r.dmin = h2f(w->dmin);
    }
};

// Whether the type's scales are positive-offset mins (Q2_K/Q4_K/Q5_K: value = d*sc*q - dmin*m)
// or a quant offset (Q3_K/Q6_K: value = d*sc*(q - off), mins = off*sc, dmin = d). Both subtract.
template <class B, int R, int C>
void k_tile(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
    using W = typename B::W;
    const int nb = int(K / QK_K);
    __m512 acc[R][C];
    __m256 macc[R][C];  // the mins / offset term, kept as a vector: reduced once at the end
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) {
            acc[r][c] = _mm512_setzero_ps();
            macc[r][c] = _mm256_setzero_ps();
        }
    for (int b = 0; b < nb; ++b) {
        ColK col[C];
        for (int c = 0; c < C; ++c) col_k(reinterpret_cast<const block_q8_K*>(x + size_t(c) * xs) + b, col[c]);
        for (int r = 0; r < R; ++r) {
            const W* wr = reinterpret_cast<const W*>(w + size_t(r) * ws) + b;
            if (C == 1)
                for (size_t o = 0; o < sizeof(W); o += 64) _mm_prefetch(reinterpret_cast<const char*>(wr) + R * ws + o, _MM_HINT_T0);
            RowK row;
            B::row(wr, row);
            for (int c = 0; c < C; ++c) {
                __m512i isum = _mm512_setzero_si512();
                for (int j = 0; j < 4; ++j) {
                    const __m512i xq = _mm512_loadu_si512(col[c].q + 64 * j);
                    const __m512i p = _mm512_maddubs_epi16(row.q[j], xq);
                    isum = _mm512_dpwssd_epi32(isum, p, row.sc[j]);
                }
                const __m256i msum = _mm256_madd_epi16(row.mins, col[c].bsums);
                acc[r][c] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(isum), _mm512_set1_ps(row.d * col[c].d), acc[r][c]);
                macc[r][c] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(msum), _mm256_set1_ps(row.dmin * col[c].d), macc[r][c]);
            }
        }
    }
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c)
            y[size_t(c) * ys + size_t(r)] = _mm512_reduce_add_ps(_mm512_sub_ps(acc[r][c], _mm512_zextps256_ps512(macc[r][c])));
}

// ---- Q4_0 in ggml's order ---------------------------------------------------------------------

// vec_dot_q4_0_ref: per block the exact integer sum isum, acc = fma(isum, d * dy, acc), block
// after block. Per step of two blocks and column, the 4 rows' 16-lane partial sums are reduced
// together to [row 0..3] per block, and the rows' chains run in the lanes of one register.
inline float q4_0_block_fma(const block_q4_0& a, const block_q8_0& b, float acc) {
    int isum = 0;
    for (int j = 0; j < 16; ++j) isum += ((a.qs[j] & 0xF) - 8) * b.qs[j] + ((a.qs[j] >> 4) - 8) * b.qs[j + 16];
    return std::fma(float(isum), h2f(a.d) * h2f(b.d), acc);
}

template <int R, int C>
void q4_0_tile(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
    const int nb = int(K / 32);
    __m128 acc[C];
    for (int c = 0; c < C; ++c) acc[c] = _mm_setzero_ps();
    int b = 0;
    for (; b + 2 <= nb; b += 2) {
        Row8 row[4];
        for (int r = 0; r < 4; ++r) {
            if (r < R) Q4_0::row(reinterpret_cast<const block_q4_0*>(w + size_t(r) * ws) + b, row[r]);
            else {
                row[r].q = _mm512_setzero_si512();
                row[r].d = _mm512_setzero_ps();
            }
        }
        // the rows' scales, [row 0..3] in each 128-bit lane (lanes 0-1 block b, 2-3 block b + 1)
        const __m512d d01 = _mm512_castps_pd(_mm512_unpacklo_ps(row[0].d, row[1].d));
        const __m512d d23 = _mm512_castps_pd(_mm512_unpacklo_ps(row[2].d, row[3].d));
        const __m512 dw = _mm512_castpd_ps(_mm512_unpacklo_pd(d01, d23));
        for (int c = 0; c < C; ++c) {
            Col8 col;
            Q4_0::col(reinterpret_cast<const block_q8_0*>(x + size_t(c) * xs) + b, col);
            __m512i s[4];
            for (int r = 0; r < 4; ++r) s[r] = r < R ? _mm512_dpbusd_epi32(col.init, row[r].q, col.q) : _mm512_setzero_si512();
            const __m512i s01 = _mm512_add_epi32(_mm512_unpacklo_epi32(s[0], s[1]), _mm512_unpackhi_epi32(s[0], s[1]));
            const __m512i s23 = _mm512_add_epi32(_mm512_unpacklo_epi32(s[2], s[3]), _mm512_unpackhi_epi32(s[2], s[3]));
            __m512i t = _mm512_add_epi32(_mm512_unpacklo_epi64(s01, s23), _mm512_unpackhi_epi64(s01, s23));
            t = _mm512_add_epi32(t, _mm512_shuffle_i32x4(t, t, _MM_SHUFFLE(2, 3, 0, 1)));
            const __m512 f = _mm512_cvtepi32_ps(t), dd = _mm512_mul_ps(dw, col.d);
            acc[c] = _mm_fmadd_ps(_mm512_castps512_ps128(f), _mm512_castps512_ps128(dd), acc[c]);
            acc[c] = _mm_fmadd_ps(_mm512_extractf32x4_ps(f, 2), _mm512_extractf32x4_ps(dd, 2), acc[c]);
        }
    }
    for (int c = 0; c < C; ++c) {
        alignas(16) float a[4];
        _mm_store_ps(a, acc[c]);
        for (int r = 0; r < R; ++r) {
            if (b < nb)  // an odd last block
                a[r] = q4_0_block_fma(reinterpret_cast<const block_q4_0*>(w + size_t(r) * ws)[b],
                                      reinterpret_cast<const block_q8_0*>(x + size_t(c) * xs)[b], a[r]);
            y[size_t(c) * ys + size_t(r)] = a[r];
        }
    }
}

// ---- Q6_K in ggml's one-row order (the matrix-vector kernel without GFNI) ---------------------

// Q6_K, ggml_vec_dot_q6_K_q8_K's order (vec_dot_q6_K_ref: one row, and batches under 8): 8
// integer lanes per super-block, acc[k] = fma(d * dy, lane k, acc[k]), hsum_float_8. In RowK's
// chunks int32 lane l holds elements 4l..4l+3 of a 64-element chunk with their sub-block's
// scale: lanes 0..7 and 8..15 are ggml's lanes k = 0..7 of the even and odd 32-element groups;
// the offset term of lane k is 32 * (scale x bsum) of sub-blocks 2k, 2k+1 (RowK's mins).
// The matrix-vector kernel where matvec_avx512 has none (no GFNI).
template <int R, int C>
void q6_K_lanes_tile(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
    const int nb = int(K / QK_K);
    __m256 acc[R][C];
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) acc[r][c] = _mm256_setzero_ps();
    for (int b = 0; b < nb; ++b) {
        ColK col[C];
        for (int c = 0; c < C; ++c) col_k(reinterpret_cast<const block_q8_K*>(x + size_t(c) * xs) + b, col[c]);
        for (int r = 0; r < R; ++r) {
            const block_q6_K* wr = reinterpret_cast<const block_q6_K*>(w + size_t(r) * ws) + b;
            if (C == 1)
                for (size_t o = 0; o < sizeof(block_q6_K); o += 64)
                    _mm_prefetch(reinterpret_cast<const char*>(wr) + R * ws + o, _MM_HINT_T0);
            RowK row;
            Q6_K::row(wr, row);
            for (int c = 0; c < C; ++c) {
                __m512i isum = _mm512_setzero_si512();
                for (int j = 0; j < 4; ++j)
                    isum = _mm512_dpwssd_epi32(isum, _mm512_maddubs_epi16(row.q[j], _mm512_loadu_si512(col[c].q + 64 * j)),
                                               row.sc[j]);
                const __m256i lanes = _mm256_sub_epi32(
                    _mm256_add_epi32(_mm512_castsi512_si256(isum), _mm512_extracti64x4_epi64(isum, 1)),
                    _mm256_madd_epi16(row.mins, col[c].bsums));
                acc[r][c] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(lanes), _mm256_set1_ps(row.d * col[c].d), acc[r][c]);
            }
        }
    }
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) {
            alignas(32) float a[8];
            _mm256_store_ps(a, acc[r][c]);
            y[size_t(c) * ys + size_t(r)] = hsum8_ggml(a);
        }
}

// ---- float weights ----------------------------------------------------------------------------

struct F32W {
    static __m512 load(const uint8_t* p, int64_t i) { return _mm512_loadu_ps(reinterpret_cast<const float*>(p) + i); }
    static float one(const uint8_t* p, int64_t i) { return reinterpret_cast<const float*>(p)[i]; }
};
struct F16W {
    static __m512 load(const uint8_t* p, int64_t i) {
        return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(reinterpret_cast<const f16_t*>(p) + i)));
    }
    static float one(const uint8_t* p, int64_t i) { return h2f(reinterpret_cast<const f16_t*>(p)[i]); }
};
struct BF16W {
    static __m512 load(const uint8_t* p, int64_t i) {
        const __m256i h = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(reinterpret_cast<const bf16_t*>(p) + i));
        return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
    }
    static float one(const uint8_t* p, int64_t i) { return bf16_to_fp32(reinterpret_cast<const bf16_t*>(p)[i]); }
};

template <class B, int R, int C>
void float_tile(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
    __m512 acc[R][C];
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) acc[r][c] = _mm512_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= K; i += 16) {
        __m512 xv[C];
        for (int c = 0; c < C; ++c) xv[c] = _mm512_loadu_ps(reinterpret_cast<const float*>(x + size_t(c) * xs) + i);
        for (int r = 0; r < R; ++r) {
            const __m512 wv = B::load(w + size_t(r) * ws, i);
            for (int c = 0; c < C; ++c) acc[r][c] = _mm512_fmadd_ps(wv, xv[c], acc[r][c]);
        }
    }
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) {
            alignas(64) float a[16];
            _mm512_store_ps(a, acc[r][c]);
            float s = reduce16_ggml(a);  // tinyBLAS's 16 lanes and GCC's reduce (vec_dot_f32_tiny_ref)
            for (int64_t k = i; k < K; ++k) s += B::one(w + size_t(r) * ws, k) * reinterpret_cast<const float*>(x + size_t(c) * xs)[k];
            y[size_t(c) * ys + size_t(r)] = s;
        }
}

// One activation row in ggml_vec_dot_f32 / _f16's order (vec_dot_f32_ref): four 16-lane
// accumulators over steps of 64, folded 0+2, 1+3, 0+1 and reduced; the tail added one product
// at a time (F16: in double, each product rounded to float first).
template <class B, bool kTailInDouble>
void float_matvec(int64_t K, const void* w, size_t ws, int nr, const void* x, size_t, int, float* y, size_t) {
    const auto* xf = static_cast<const float*>(x);
    const int64_t np = K & ~int64_t(63);
    for (int r = 0; r < nr; ++r) {
        const uint8_t* wr = static_cast<const uint8_t*>(w) + size_t(r) * ws;
        __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
        for (int64_t i = 0; i < np; i += 64) {
            for (int j = 0; j < 4; ++j) acc[j] = _mm512_fmadd_ps(B::load(wr, i + 16 * j), _mm512_loadu_ps(xf + i + 16 * j), acc[j]);
        }
        alignas(64) float a[16];
        _mm512_store_ps(a, _mm512_add_ps(_mm512_add_ps(acc[0], acc[2]), _mm512_add_ps(acc[1], acc[3])));
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

// ---- tiling driver ----------------------------------------------------------------------------

using TileFn = void (*)(int64_t, const uint8_t*, size_t, const uint8_t*, size_t, float*, size_t);

template <template <class, int, int> class Tile, class B>
struct Tiles {
    static constexpr TileFn t[4][4] = {
        {Tile<B, 1, 1>::run, Tile<B, 1, 2>::run, Tile<B, 1, 3>::run, Tile<B, 1, 4>::run},
        {Tile<B, 2, 1>::run, Tile<B, 2, 2>::run, Tile<B, 2, 3>::run, Tile<B, 2, 4>::run},
        {Tile<B, 3, 1>::run, Tile<B, 3, 2>::run, Tile<B, 3, 3>::run, Tile<B, 3, 4>::run},
        {Tile<B, 4, 1>::run, Tile<B, 4, 2>::run, Tile<B, 4, 3>::run, Tile<B, 4, 4>::run},
    };
};
template <class B, int R, int C>
struct LegacyTile {
    static void run(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
        legacy_tile<B, R, C>(K, w, ws, x, xs, y, ys);
    }
};
template <class B, int R, int C>
struct Lanes8Tile {
    static void run(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
        lanes8_tile<B, R, C>(K, w, ws, x, xs, y, ys);
    }
};
template <class B, int R, int C>
struct KTile {
    static void run(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
        k_tile<B, R, C>(K, w, ws, x, xs, y, ys);
    }
};
template <class B, int R, int C>
struct Q40Tile {  // B unused: Q4_0
    static void run(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
        q4_0_tile<R, C>(K, w, ws, x, xs, y, ys);
    }
};
template <class B, int R, int C>
struct Q6KLanesTile {  // B unused: Q6_K
    static void run(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
        q6_K_lanes_tile<R, C>(K, w, ws, x, xs, y, ys);
    }
};
template <class B, int R, int C>
struct FloatTile {
    static void run(int64_t K, const uint8_t* w, size_t ws, const uint8_t* x, size_t xs, float* y, size_t ys) {
        float_tile<B, R, C>(K, w, ws, x, xs, y, ys);
    }
};

// Columns in groups of 4 (their activations stay in L1), rows in groups of 4 inside.
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

// Round half to even (ggml's x86 quantize_row_q8_0/q8_1: _mm256_round_ps(_MM_ROUND_NEAREST)).
inline __m512i round_even(__m512 v) {
    return _mm512_cvt_roundps_epi32(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
}

template <bool kWithSum>
void quantize_q8_32(const float* x, void* dst, int64_t n) {
    for (int64_t i = 0; i < n / 32; ++i) {
        const __m512 a = _mm512_loadu_ps(x + 32 * i), b = _mm512_loadu_ps(x + 32 * i + 16);
        const float amax = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_abs_ps(a), _mm512_abs_ps(b)));
        const float d = amax / 127.0f;
        const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
        const __m512 idv = _mm512_set1_ps(id);
        const __m512i qa = round_even(_mm512_mul_ps(a, idv)), qb = round_even(_mm512_mul_ps(b, idv));
        int8_t* qs;
        if constexpr (kWithSum) {
            auto* y = static_cast<block_q8_1*>(dst) + i;
            y->d = fp32_to_fp16(d);
            qs = y->qs;
            const int sum = _mm512_reduce_add_epi32(_mm512_add_epi32(qa, qb));
            y->s = fp32_to_fp16(float(sum) * d);
        } else {
            auto* y = static_cast<block_q8_0*>(dst) + i;
            y->d = fp32_to_fp16(d);
            qs = y->qs;
        }
        _mm_storeu_si128(reinterpret_cast<__m128i*>(qs), _mm512_cvtsepi32_epi8(qa));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(qs + 16), _mm512_cvtsepi32_epi8(qb));
    }
}
void quantize_q8_0(const float* x, void* dst, int64_t n) { quantize_q8_32<false>(x, dst, n); }
void quantize_q8_1(const float* x, void* dst, int64_t n) { quantize_q8_32<true>(x, dst, n); }

void quantize_q8_K(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<block_q8_K*>(dst);
    for (int64_t i = 0; i < n / QK_K; ++i, x += QK_K) {
        __m512 m = _mm512_setzero_ps();
        for (int j = 0; j < 16; ++j) m = _mm512_max_ps(m, _mm512_abs_ps(_mm512_loadu_ps(x + 16 * j)));
        const float amax = _mm512_reduce_max_ps(m);
        if (amax == 0.0f) {
            std::memset(&y[i], 0, sizeof(block_q8_K));
            continue;
        }
        // The reference keeps the first element of largest magnitude, with its sign.
        float max = 0.0f;
        const __m512 av = _mm512_set1_ps(amax);
        for (int j = 0; j < 16; ++j) {
            const __mmask16 hit = _mm512_cmp_ps_mask(_mm512_abs_ps(_mm512_loadu_ps(x + 16 * j)), av, _CMP_EQ_OQ);
            if (hit) {
                max = x[16 * j + __builtin_ctz(hit)];
                break;
            }
        }
        const float iscale = -127.f / max;
        const __m512 is = _mm512_set1_ps(iscale);
        for (int j = 0; j < 16; ++j) {
            // nearest_int: round half to even, as cvtps does in the default rounding mode
            __m512i q = _mm512_cvtps_epi32(_mm512_mul_ps(is, _mm512_loadu_ps(x + 16 * j)));
            q = _mm512_min_epi32(q, _mm512_set1_epi32(127));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(y[i].qs + 16 * j), _mm512_cvtsepi32_epi8(q));
            y[i].bsums[j] = int16_t(_mm512_reduce_add_epi32(q));
        }
        y[i].d = 1 / iscale;
    }
}

// F16 weights: activations rounded to fp16 precision (quantize_ref.h round_row_f16).
void round_f16(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<float*>(dst);
    int64_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(y + i, _mm512_cvtph_ps(_mm512_cvtps_ph(_mm512_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)));
    if (i < n) round_row_f16(x + i, y + i, n - i);
}

using T = TensorType;
// Q4_0, Q4_K, Q6_K: batches on the repacked VNNI kernels in ggml's orders (matmul_exact_avx512.cpp);
// one row on matvec_avx512, or (no GFNI) on tiles in the same one-row order.
const MatmulKernel kQ4_0{T::Q8_0, quantize_q8_0, gemm_q4_0_exact_avx512,
                         matvec_avx512(T::Q4_0) ? matvec_avx512(T::Q4_0) : gemm<Q40Tile, Q4_0>};
const MatmulKernel kQ4_1{T::Q8_1, quantize_q8_1, gemm<Lanes8Tile, L8Q4_1>, matvec_avx512(T::Q4_1)};
const MatmulKernel kQ5_0{T::Q8_0, quantize_q8_0, gemm<Lanes8Tile, L8Q5_0>};
const MatmulKernel kQ5_1{T::Q8_1, quantize_q8_1, gemm<Lanes8Tile, L8Q5_1>};
const MatmulKernel kQ8_0{T::Q8_0, quantize_q8_0, gemm<Lanes8Tile, L8Q8_0>, matvec_avx512(T::Q8_0)};
const MatmulKernel kQ2_K{T::Q8_K, quantize_q8_K, gemm<KTile, Q2_K>};
const MatmulKernel kQ3_K{T::Q8_K, quantize_q8_K, gemm<KTile, Q3_K>};
const MatmulKernel kQ4_K{T::Q8_K, quantize_q8_K, gemm_q4_K_exact_avx512, matvec_avx512(T::Q4_K), BatchRule::TailOf4};
const MatmulKernel kQ5_K{T::Q8_K, quantize_q8_K, gemm<KTile, Q5_K>};
const MatmulKernel kQ6_K{T::Q8_K, quantize_q8_K, gemm_q6_K_exact_avx512,
                         matvec_avx512(T::Q6_K) ? matvec_avx512(T::Q6_K) : gemm<Q6KLanesTile, Q6_K>, BatchRule::MinBatch8};
// F32/F16: several activation rows in tinyBLAS's order, one in ggml_vec_dot's (the scalar table).
const MatmulKernel kF32{T::F32, nullptr, gemm<FloatTile, F32W>, float_matvec<F32W, false>, BatchRule::TinyShape};
const MatmulKernel kF16{T::F32, round_f16, gemm<FloatTile, F16W>, float_matvec<F16W, true>, BatchRule::TinyShape};
const MatmulKernel kBF16{T::F32, round_row_bf16, gemm<FloatTile, BF16W>};

}  // namespace

const MatmulKernel* matmul_kernel_avx512(TensorType t) {
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
