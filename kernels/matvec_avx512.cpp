// AVX-512 + VNNI matrix-vector kernels (one activation row: generation), for the weight types
// whose tile kernels (matmul_avx512.cpp) spend more instructions per weight byte than two cores
// can stream: there, a hot (cached) Q4_0 or Q4_K matvec ran at ~34 GB/s per core, barely above
// what DRAM delivers, so the arithmetic, not memory, set the pace of generation.
//
// What makes these cheaper per byte:
//  - The activation row is prepared once per call (per chunk of rows), not once per tile: the
//    Q8 quants of each step in the order the weights unpack to, their scales as floats, and the
//    per-block offset corrections. Each row then costs only its own unpacking and products.
//  - Legacy blocks (18 / 34 bytes) are read with one or two plain loads and put in place with a
//    single word permute (vpermw / vpermt2w), which also lines up the two fp16 block scales for
//    one vcvtph2ps; the tile kernels used broadcasts, inserts and scalar fp16 conversions.
//  - GFNI unpacks nibbles (Q4_0) and moves Q6_K's high bits in one instruction each.
//  - Q4_K unpacks 128 weights per three instructions (and, shift, and on a whole 64-byte load):
//    the activation row is permuted once to match; the 6-bit scales and mins of 4 super-blocks
//    are decoded together in one register.
// How rows are walked matters as much (measured, 2 threads, cold weights): Q8_0, Q4_K and Q6_K
// stream best one row at a time (one sequential stream per core: +10-30% over 4 interleaved
// rows); Q4_0 and Q4_1, whose short steps cost the most arithmetic per byte, keep 4 rows per pass
// (Q4_0: 8, two groups of 4 whose per-block fma chains run side by side).
// Every row keeps its own accumulators and the same order of operations whatever the row count
// of the call, so results do not depend on how rows are split over tasks (matmul_multi relies
// on that) and equal the scalar reference: exactly for integer sums, NMSE < 1e-10 otherwise;
// Q4_1 and Q8_0 follow ggml's 8-lane order and give the reference's bits (vec_dot_ref.h), and
// so do Q4_0 (per-block fma chains), Q4_K (per-super-block chains of isum and msum) and Q6_K
// (ggml's 8 integer lanes).
#include <immintrin.h>

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>
#include <vector>

#include "kernels/matmul_kernels.h"
#include "kernels/quant_blocks.h"
#include "kernels/vec_dot_ref.h"

namespace perimeter::kernels {
namespace {

// Per-thread scratch for the prepared activation row: grow-only, so that steady-state
// generation never allocates.
uint8_t* prep_buffer(size_t bytes) {
    struct alignas(64) Line {
        uint8_t b[64];
    };
    thread_local std::vector<Line> buf;
    const size_t n = (bytes + 63) / 64;
    if (buf.size() < n) buf.resize(n);
    return buf.data()->b;
}

// Q4_0 and Q4_1 handle rows kRows at a time (one accumulator each; the last 1..3 rows by the
// same code instantiated for fewer); the other types one row at a time (see the top).
constexpr int kRows = 4;

// Calls fn(std::integral_constant<int, R>, r) over the rows: groups of `group` (1 or kRows),
// then the remainder.
template <typename Fn>
void row_groups(int nr, int group, Fn&& fn) {
    int r = 0;
    if (group == 1) {
        for (; r < nr; ++r) fn(std::integral_constant<int, 1>{}, r);
        return;
    }
    for (; r + kRows <= nr; r += kRows) fn(std::integral_constant<int, kRows>{}, r);
    switch (nr - r) {
        case 3: fn(std::integral_constant<int, 3>{}, r); break;
        case 2: fn(std::integral_constant<int, 2>{}, r); break;
        case 1: fn(std::integral_constant<int, 1>{}, r); break;
        default: break;
    }
}

// Software prefetch: the same offset some rows ahead, at least kPrefetchBytes ahead so that
// requests go out a memory latency before the data is needed even when rows are short (a
// SmolLM2 Q4_0 row is 324 bytes, ~12 ns of streaming at 26 GB/s per core). Measured on Zen 5,
// 2 threads, cold weights: without software prefetch Q4_0 streamed at 60%, prefetching every
// other step at 80%; 8 KiB ahead beat 4 KiB by 4% (SmolLM2 Q4_0) to 12% (1B Q8_0) end to end,
// 16 KiB and more lost 10-35% in the kernel benchmark.
constexpr size_t kPrefetchBytes = 8192;
inline size_t prefetch_distance(int R, size_t ws) {
    const size_t tile = size_t(R) * ws;
    return tile * std::max<size_t>(1, (kPrefetchBytes + tile - 1) / tile);
}
inline void prefetch_next_tile(const uint8_t* p, size_t distance) {
    _mm_prefetch(reinterpret_cast<const char*>(p + distance), _MM_HINT_T0);
}

// ---- Q4_0 x Q8_0 ------------------------------------------------------------------------------

// One step = two blocks (64 weights).
struct PrepQ8Pair {
    __m512i q;     // 64 int8 activation quants, in weight-unpack order (natural order here)
    __m512 d;      // [d0 x8 | d1 x8]
    __m512i init;  // per block: -offset * sum(q), the starting value of the integer sum
};

// Prepares n_pairs steps of a Q8_0 row; `offset` is the weight quants' zero point (8 for Q4_0,
// 0 for Q8_0 whose own trick is below).
template <int kOffset>
void prep_q8_0_pairs(const block_q8_0* x, int n_pairs, PrepQ8Pair* out) {
    for (int p = 0; p < n_pairs; ++p) {
        const uint8_t* src = reinterpret_cast<const uint8_t*>(x + 2 * p);
        const __m512i a = _mm512_loadu_si512(src);                                   // bytes 0..63
        const __m512i b = _mm512_castsi256_si512(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + 36)));
        // a: d0 = word 0, qs0 = words 1..16, d1 = word 17; b: qs1 (index 32.. in the permute)
        const __m512i q = _mm512_permutex2var_epi16(a, _mm512_set_epi16(47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32,
                                                                         16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1),
                                                    b);
        const __m256i dh = _mm512_castsi512_si256(
            _mm512_permutexvar_epi16(_mm512_set_epi16(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  //
                                                      17, 17, 17, 17, 17, 17, 17, 17, 0, 0, 0, 0, 0, 0, 0, 0),
                                     a));
        out[p].q = q;
        out[p].d = _mm512_cvtph_ps(dh);
        if constexpr (kOffset != 0)
            out[p].init = _mm512_sub_epi32(_mm512_setzero_si512(),
                                           _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_set1_epi8(kOffset), q));
        else  // Q8_0 weights: (w + 128) unsigned times x, minus 128 * sum(x)
            out[p].init = _mm512_sub_epi32(_mm512_setzero_si512(),
                                           _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_set1_epi8(char(0x80)), q));
    }
}

// GFNI (Ice Lake, Zen 4 and later) unpacks nibbles in one instruction: an affine bit-matrix
// per 64-bit lane selects the low nibble, or the high one shifted down, of every byte. The
// Q4_0, Q4_1 and Q6_K kernels use it; without it those types use the tile kernels.
// GFNI for the functions below only (they are called only when the CPU has it; the compiler
// must not use GFNI in the other kernels of this file).
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("gfni"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("gfni")
#endif

// Q4_0 block pair: 36 bytes; d0 word 0, qs0 words 1..8, d1 word 9, qs1 words 10..17.
// Unpacked order: [qs0 low nibbles (e0..15) | qs0 high (e16..31) | qs1 low | qs1 high].
// The float steps are ggml's (vec_dot_q4_0_ref): per block the exact integer sum isum,
// acc = fma(isum, d * dy, acc), block after block. The R (<= 4) rows' chains run in the lanes
// of one register: their 16-lane partial sums are reduced to [row 0..3] per block together.
template <int R, bool kMaskedLoad>
inline void q4_0_step(const uint8_t* w, size_t ws, size_t pf, const PrepQ8Pair& c, __m128& acc) {
    const __m512i idx_q = _mm512_set_epi16(17, 16, 15, 14, 13, 12, 11, 10, 17, 16, 15, 14, 13, 12, 11, 10,  //
                                           8, 7, 6, 5, 4, 3, 2, 1, 8, 7, 6, 5, 4, 3, 2, 1);
    // words [d0 of row a, d0 of row b, d1 of a, d1 of b] from the loads of two rows
    const __m512i idx_d = _mm512_set_epi16(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  //
                                           0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 41, 9, 32, 0);
    // GF(2) matrices (row of output bit i in byte 7 - i): low nibble; high nibble >> 4.
    constexpr long long kLo = 0x0102040800000000LL, kHi = 0x1020408000000000LL;
    const __m512i nib = _mm512_set_epi64(kHi, kHi, kLo, kLo, kHi, kHi, kLo, kLo);
    __m512i raw[4], s[4];
    for (int r = 0; r < 4; ++r) {
        if (r >= R) {
            raw[r] = s[r] = _mm512_setzero_si512();
            continue;
        }
        const uint8_t* src = w + size_t(r) * ws;
        prefetch_next_tile(src, pf);
        // A plain 64-byte load reads 28 bytes past the pair: fine inside the row; the last pair
        // of a row loads only its own 36 bytes (the row may end the mapping).
        raw[r] = kMaskedLoad ? _mm512_maskz_loadu_epi8((__mmask64(1) << 36) - 1, src) : _mm512_loadu_si512(src);
        const __m512i q = _mm512_gf2p8affine_epi64_epi8(_mm512_permutexvar_epi16(idx_q, raw[r]), nib, 0);
        s[r] = _mm512_dpbusd_epi32(c.init, q, c.q);
    }
    // Per 128-bit lane: [row 0, 1, 2, 3] sums of that lane (lanes 0-1 block 0, 2-3 block 1),
    // then lanes 0 and 2 hold the blocks' totals.
    const __m512i s01 = _mm512_add_epi32(_mm512_unpacklo_epi32(s[0], s[1]), _mm512_unpackhi_epi32(s[0], s[1]));
    const __m512i s23 = _mm512_add_epi32(_mm512_unpacklo_epi32(s[2], s[3]), _mm512_unpackhi_epi32(s[2], s[3]));
    __m512i t = _mm512_add_epi32(_mm512_unpacklo_epi64(s01, s23), _mm512_unpackhi_epi64(s01, s23));
    t = _mm512_add_epi32(t, _mm512_shuffle_i32x4(t, t, _MM_SHUFFLE(2, 3, 0, 1)));
    // the rows' scales: [d0 of rows 0..3 | d1 of rows 0..3], times the activation's
    const __m128i d01 = _mm512_castsi512_si128(_mm512_permutex2var_epi16(raw[0], idx_d, raw[1]));
    const __m128i d23 = _mm512_castsi512_si128(_mm512_permutex2var_epi16(raw[2], idx_d, raw[3]));
    const __m256 dd = _mm256_mul_ps(_mm256_cvtph_ps(_mm_unpacklo_epi32(d01, d23)), _mm512_castps512_ps256(_mm512_shuffle_f32x4(c.d, c.d, 0x08)));
    const __m512 f = _mm512_cvtepi32_ps(t);
    acc = _mm_fmadd_ps(_mm512_castps512_ps128(f), _mm256_castps256_ps128(dd), acc);
    acc = _mm_fmadd_ps(_mm512_extractf32x4_ps(f, 2), _mm256_extractf128_ps(dd, 1), acc);
}

// One block of a row the scalar way (an odd last block): acc = fma(isum, d * dy, acc).
inline float q4_0_block_fma(const block_q4_0& a, const block_q8_0& b, float acc) {
    int isum = 0;
    for (int j = 0; j < 16; ++j) isum += ((a.qs[j] & 0xF) - 8) * b.qs[j] + ((a.qs[j] >> 4) - 8) * b.qs[j + 16];
    return std::fma(float(isum), _cvtsh_ss(a.d) * _cvtsh_ss(b.d), acc);
}

// R <= 8 rows per pass: two groups of 4 whose chains (one fma per block each) run side by side;
// with a single group the fma latency, not the products, set the pace on cached weights.
template <int R>
void mv_q4_0_rows(int nb, const uint8_t* w, size_t ws, const PrepQ8Pair* xp, const block_q8_0* x, float* y) {
    constexpr int RA = R < 4 ? R : 4, RB = R - RA;
    const size_t pf = prefetch_distance(R, ws);
    const int np = nb / 2;
    __m128 acc[2] = {_mm_setzero_ps(), _mm_setzero_ps()};  // lane r: row r (+ 4)
    const uint8_t* wb = w + size_t(RA) * ws;
    // The plain load is safe while another pair of the row follows.
    int p = 0;
    for (; p + 1 < np; ++p) {
        q4_0_step<RA, false>(w + size_t(p) * 36, ws, pf, xp[p], acc[0]);
        if constexpr (RB > 0) q4_0_step<RB, false>(wb + size_t(p) * 36, ws, pf, xp[p], acc[1]);
    }
    for (; p < np; ++p) {
        q4_0_step<RA, true>(w + size_t(p) * 36, ws, pf, xp[p], acc[0]);
        if constexpr (RB > 0) q4_0_step<RB, true>(wb + size_t(p) * 36, ws, pf, xp[p], acc[1]);
    }
    alignas(16) float a[8];
    _mm_store_ps(a, acc[0]);
    _mm_store_ps(a + 4, acc[1]);
    for (int r = 0; r < R; ++r) {
        float v = a[r < RA ? r : 4 + r - RA];
        if (nb & 1)  // an odd last block
            v = q4_0_block_fma(reinterpret_cast<const block_q4_0*>(w + size_t(r) * ws)[nb - 1], x[nb - 1], v);
        y[r] = v;
    }
}

void mv_q4_0(int64_t K, const void* w, size_t ws, int nr, const void* x, size_t, int, float* y, size_t) {
    const int nb = int(K / 32), np = nb / 2;
    const auto* xb = static_cast<const block_q8_0*>(x);
    auto* xp = reinterpret_cast<PrepQ8Pair*>(prep_buffer(sizeof(PrepQ8Pair) * size_t(np)));
    prep_q8_0_pairs<8>(xb, np, xp);
    const auto* wb = static_cast<const uint8_t*>(w);
    int r = 0;
    for (; r + 8 <= nr; r += 8) mv_q4_0_rows<8>(nb, wb + size_t(r) * ws, ws, xp, xb, y + r);
    auto rest = [&](auto R) { mv_q4_0_rows<R.value>(nb, wb + size_t(r) * ws, ws, xp, xb, y + r); };
    switch (nr - r) {
        case 7: rest(std::integral_constant<int, 7>{}); break;
        case 6: rest(std::integral_constant<int, 6>{}); break;
        case 5: rest(std::integral_constant<int, 5>{}); break;
        case 4: rest(std::integral_constant<int, 4>{}); break;
        case 3: rest(std::integral_constant<int, 3>{}); break;
        case 2: rest(std::integral_constant<int, 2>{}); break;
        case 1: rest(std::integral_constant<int, 1>{}); break;
        default: break;
    }
}

// ---- Q4_1 x Q8_1, Q8_0 x Q8_0: ggml's 8-lane order ----------------------------------------------

// vec_dot_ref.h: per row, 8 float lanes; block after block, lane j = the exact integer sum of
// elements 4j..4j+3 and acc[j] = fma(dw * dx, lane j, acc[j]); hsum_float_8 at the end, plus
// (Q4_1) the m * s chain. One zmm holds two rows x 8 lanes: vpdpbusd of [row a block b |
// row a' block b] against the activation block in both halves gives both rows' lane sums of
// block b, so every row keeps the reference's order exactly whatever the rows of the call.

// hsum_float_8 of each 256-bit half, ((a4+a0)+(a6+a2)) + ((a5+a1)+(a7+a3)), into lanes 0 and 8.
inline void hsum8_halves(__m512 a, float& lo, float& hi) {
    const __m512 t = _mm512_add_ps(a, _mm512_shuffle_f32x4(a, a, 0xB1));
    const __m512 u = _mm512_add_ps(t, _mm512_permute_ps(t, 0x4E));
    const __m512 v = _mm512_add_ps(u, _mm512_permute_ps(u, 0xB1));
    lo = _mm512_cvtss_f32(v);
    hi = _mm_cvtss_f32(_mm512_extractf32x4_ps(v, 2));
}

// Per activation block, prepared once per call: its scale and s as floats.
struct PrepDS {
    float d, s;
};

// P pairs of rows (the last row of an odd count paired with itself) walked together.
template <int P>
void mv_q4_1_rows(int nb, const uint8_t* w, size_t ws, int n, const PrepDS* ds, const block_q8_1* x, float* y) {
    const uint8_t* ra[P];
    const uint8_t* rb[P];
    for (int p = 0; p < P; ++p) {
        ra[p] = w + size_t(2 * p) * ws;
        rb[p] = 2 * p + 1 < n ? w + size_t(2 * p + 1) * ws : ra[p];
    }
    const size_t pf = prefetch_distance(2 * P, ws);
    constexpr long long kLo = 0x0102040800000000LL, kHi = 0x1020408000000000LL;
    const __m512i nib = _mm512_set_epi64(kHi, kHi, kLo, kLo, kHi, kHi, kLo, kLo);
    const __m512i idx_d = _mm512_set_epi32(2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m512i idx_m = _mm512_set_epi32(3, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1);
    __m512 acc[P], macc[P];
    for (int p = 0; p < P; ++p) acc[p] = macc[p] = _mm512_setzero_ps();
    for (int b = 0; b < nb; ++b) {
        const __m512i xq = _mm512_broadcast_i64x4(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(x[b].qs)));
        const __m512 cd = _mm512_set1_ps(ds[b].d), cs = _mm512_set1_ps(ds[b].s);
        for (int p = 0; p < P; ++p) {
            const uint8_t* pa = ra[p] + size_t(b) * sizeof(block_q4_1);
            const uint8_t* pb = rb[p] + size_t(b) * sizeof(block_q4_1);
            prefetch_next_tile(pa, pf);
            prefetch_next_tile(pb, pf);
            // [a qs | a qs | a' qs | a' qs] -> low nibbles (elements 0..15), high (16..31) per row
            __m512i q = _mm512_broadcast_i32x4(_mm_loadu_si128(reinterpret_cast<const __m128i*>(pa + 4)));
            q = _mm512_mask_broadcast_i32x4(q, 0xFF00, _mm_loadu_si128(reinterpret_cast<const __m128i*>(pb + 4)));
            q = _mm512_gf2p8affine_epi64_epi8(q, nib, 0);
            int ha, hb;
            std::memcpy(&ha, pa, 4);
            std::memcpy(&hb, pb, 4);
            // d_a, m_a, d_a', m_a'
            const __m512 dm = _mm512_castps128_ps512(_mm_cvtph_ps(_mm_unpacklo_epi32(_mm_cvtsi32_si128(ha), _mm_cvtsi32_si128(hb))));
            const __m512i s = _mm512_dpbusd_epi32(_mm512_setzero_si512(), q, xq);
            acc[p] = _mm512_fmadd_ps(_mm512_mul_ps(_mm512_permutexvar_ps(idx_d, dm), cd), _mm512_cvtepi32_ps(s), acc[p]);
            macc[p] = _mm512_fmadd_ps(_mm512_permutexvar_ps(idx_m, dm), cs, macc[p]);
        }
    }
    for (int p = 0; p < P; ++p) {
        float lo, hi;
        hsum8_halves(acc[p], lo, hi);
        y[2 * p] = lo + _mm512_cvtss_f32(macc[p]);
        if (2 * p + 1 < n) y[2 * p + 1] = hi + _mm_cvtss_f32(_mm512_extractf32x4_ps(macc[p], 2));
    }
}

void mv_q4_1(int64_t K, const void* w, size_t ws, int nr, const void* x, size_t, int, float* y, size_t) {
    const int nb = int(K / 32);
    const auto* xb = static_cast<const block_q8_1*>(x);
    auto* ds = reinterpret_cast<PrepDS*>(prep_buffer(sizeof(PrepDS) * size_t(nb)));
    for (int b = 0; b < nb; ++b) ds[b] = {_cvtsh_ss(xb[b].d), _cvtsh_ss(xb[b].s)};
    const auto* wb = static_cast<const uint8_t*>(w);
    // 4 rows per pass (two pairs), as before: Q4_1's short blocks cost the most arithmetic per byte
    int r = 0;
    for (; r + 4 <= nr; r += 4) mv_q4_1_rows<2>(nb, wb + size_t(r) * ws, ws, 4, ds, xb, y + r);
    if (nr - r > 2) mv_q4_1_rows<2>(nb, wb + size_t(r) * ws, ws, nr - r, ds, xb, y + r);
    else if (nr > r) mv_q4_1_rows<1>(nb, wb + size_t(r) * ws, ws, nr - r, ds, xb, y + r);
}

// ---- Q6_K x Q8_K ------------------------------------------------------------------------------

// Q6_K: quants q in [0, 63] (value q - 32): low 4 bits in ql, high 2 in qh. Half h of the
// super-block (128 elements) comes from ql[64h..64h+63] and qh[32h..32h+31]:
//   elements [0,32) low nibbles of ql[0..31] | qh bits 0-1;   [32,64) low of ql[32..63] | bits 2-3
//   elements [64,96) high nibbles of ql[0..31] | bits 4-5;    [96,128) high of ql[32..63] | bits 6-7
// so a 64-byte load of ql gives elements [0,64) from its low nibbles and [64,128) from its high
// ones, in natural order (the activation row needs no reordering). GFNI moves each pair of qh
// bits into bits 4-5 (a different bit-matrix per 256-bit half) and one ternary-logic op merges.
// The offset 32 is subtracted as 32 * sum(scale * bsum) in the integer domain. The float steps
// are ggml_vec_dot_q6_K_q8_K's (vec_dot_q6_K_ref): 8 integer lanes per super-block, each
// acc[k] = fma(d * dy, lane k, acc[k]), hsum_float_8 at the end.
template <int R>
void mv_q6_K_rows(int nb, const uint8_t* w, size_t ws, const block_q8_K* x, float* y) {
    const size_t pf = prefetch_distance(R, ws);
    constexpr long long kHiNib = 0x1020408000000000LL;  // bits 4-7 -> 0-3
    constexpr long long kB01 = 0x01020000LL, kB23 = 0x04080000LL, kB45 = 0x10200000LL, kB67 = 0x40800000LL;  // -> bits 4-5
    const __m512i hb_lo = _mm512_set_epi64(kB23, kB23, kB23, kB23, kB01, kB01, kB01, kB01);
    const __m512i hb_hi = _mm512_set_epi64(kB67, kB67, kB67, kB67, kB45, kB45, kB45, kB45);
    const __m512i hi_nib = _mm512_set1_epi64(kHiNib);
    const __m512i m4 = _mm512_set1_epi8(0x0F);
    // scale words for chunk c (sub-blocks 4c..4c+3): one per 128-bit lane
    auto lane_idx = [](int c) {
        const short a = short(4 * c), b = short(4 * c + 1), d = short(4 * c + 2), e = short(4 * c + 3);
        return _mm512_set_epi16(e, e, e, e, e, e, e, e, d, d, d, d, d, d, d, d, b, b, b, b, b, b, b, b, a, a, a, a, a, a, a, a);
    };
    const __m512i si0 = lane_idx(0), si1 = lane_idx(1), si2 = lane_idx(2), si3 = lane_idx(3);
    __m256 acc[R];  // ggml's 8 float lanes per row
    for (int r = 0; r < R; ++r) acc[r] = _mm256_setzero_ps();
    for (int b = 0; b < nb; ++b) {
        const block_q8_K& c = x[b];
        const __m256i bsums = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c.bsums));
        for (int r = 0; r < R; ++r) {
            const auto* blk = reinterpret_cast<const block_q6_K*>(w + size_t(r) * ws) + b;
            const auto* src = reinterpret_cast<const uint8_t*>(blk);
            prefetch_next_tile(src, pf);
            prefetch_next_tile(src + 64, pf);
            prefetch_next_tile(src + 128, pf);
            prefetch_next_tile(src + 192, pf);
            const __m256i sc16 = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blk->scales)));
            const __m512i sc = _mm512_castsi256_si512(sc16);
            __m512i isum = _mm512_setzero_si512();
            for (int h = 0; h < 2; ++h) {
                const __m512i ql = _mm512_loadu_si512(blk->ql + 64 * h);
                const __m512i qh = _mm512_broadcast_i64x4(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(blk->qh + 32 * h)));
                // (ql & 0x0F) | high bits;  (ql >> 4) | high bits
                const __m512i lo = _mm512_ternarylogic_epi64(ql, m4, _mm512_gf2p8affine_epi64_epi8(qh, hb_lo, 0), 0xEA);
                const __m512i hi = _mm512_or_si512(_mm512_gf2p8affine_epi64_epi8(ql, hi_nib, 0),
                                                   _mm512_gf2p8affine_epi64_epi8(qh, hb_hi, 0));
                const __m512i x_lo = _mm512_loadu_si512(c.qs + 128 * h), x_hi = _mm512_loadu_si512(c.qs + 128 * h + 64);
                isum = _mm512_dpwssd_epi32(isum, _mm512_maddubs_epi16(lo, x_lo),
                                           _mm512_permutexvar_epi16(h ? si2 : si0, sc));
                isum = _mm512_dpwssd_epi32(isum, _mm512_maddubs_epi16(hi, x_hi),
                                           _mm512_permutexvar_epi16(h ? si3 : si1, sc));
            }
            // - 32 * sum_k scale_k * bsum_k
            const __m256i corr = _mm256_slli_epi32(_mm256_madd_epi16(sc16, bsums), 5);
            isum = _mm512_sub_epi32(isum, _mm512_zextsi256_si512(corr));
            // lane k of ggml's 8: elements 4k..4k+3 of every 32-element group (here lanes k and
            // 8 + k: even and odd groups) and the offset correction of group k
            const __m256i lanes = _mm256_add_epi32(_mm512_castsi512_si256(isum), _mm512_extracti64x4_epi64(isum, 1));
            const float d = _cvtsh_ss(blk->d) * c.d;
            acc[r] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(lanes), _mm256_set1_ps(d), acc[r]);
        }
    }
    for (int r = 0; r < R; ++r) {
        alignas(32) float a[8];
        _mm256_store_ps(a, acc[r]);
        y[r] = hsum8_ggml(a);
    }
}

void mv_q6_K(int64_t K, const void* w, size_t ws, int nr, const void* x, size_t, int, float* y, size_t) {
    const int nb = int(K / QK_K);
    const auto* xb = static_cast<const block_q8_K*>(x);
    const auto* wb = static_cast<const uint8_t*>(w);
    row_groups(nr, 1, [&](auto R, int r) { mv_q6_K_rows<R.value>(nb, wb + size_t(r) * ws, ws, xb, y + r); });
}

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

// ---- Q8_0 x Q8_0 ------------------------------------------------------------------------------

// One row at a time (a single sequential stream per core streams best), two blocks per step:
// block pair = 68 bytes; d0 word 0, qs0 words 1..16, d1 word 17, qs1 words 18..33. (w + 128)
// as unsigned times the signed activations, from init = -128 * sum(x): the 16 int32 of a step
// are the 8 lane sums of block 2p, then of block 2p+1, so the 8-lane accumulator takes the low
// half, then the high half (ggml's order, vec_dot_ref.h).
inline float hsum8_ymm(__m256 v) {  // hsum_float_8
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

void mv_q8_0_row(int nb, const uint8_t* w, size_t ws, const PrepQ8Pair* xp, const block_q8_0* x, float* y) {
    const size_t pf = prefetch_distance(1, ws);
    const int np = nb / 2;
    // q: words 1..16 of the first load, then words 0..15 of the second (loaded at byte 36)
    const __m512i idx_q = _mm512_set_epi16(47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32,  //
                                           16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
    const __m512i idx_d = _mm512_set_epi16(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  //
                                           17, 17, 17, 17, 17, 17, 17, 17, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m512i flip = _mm512_set1_epi8(char(0x80));
    __m256 acc = _mm256_setzero_ps();
    for (int p = 0; p < np; ++p) {
        const PrepQ8Pair& c = xp[p];
        const uint8_t* src = w + size_t(p) * 68;
        prefetch_next_tile(src, pf);
        prefetch_next_tile(src + 64, pf);
        const __m512i a = _mm512_loadu_si512(src);
        const __m512i b = _mm512_castsi256_si512(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + 36)));
        const __m512i q = _mm512_xor_si512(_mm512_permutex2var_epi16(a, idx_q, b), flip);
        const __m512 dw = _mm512_cvtph_ps(_mm512_castsi512_si256(_mm512_permutexvar_epi16(idx_d, a)));
        const __m512 s = _mm512_cvtepi32_ps(_mm512_dpbusd_epi32(c.init, q, c.q));
        const __m512 dd = _mm512_mul_ps(dw, c.d);
        acc = _mm256_fmadd_ps(_mm512_castps512_ps256(dd), _mm512_castps512_ps256(s), acc);
        acc = _mm256_fmadd_ps(_mm512_extractf32x8_ps(dd, 1), _mm512_extractf32x8_ps(s, 1), acc);
    }
    if (nb & 1) {  // an odd last block
        const block_q8_0& xb = x[nb - 1];
        const uint8_t* src = w + size_t(nb - 1) * 34;
        const __m256i xq = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(xb.qs));
        const __m256i init = _mm256_sub_epi32(_mm256_setzero_si256(), _mm256_dpbusd_epi32(_mm256_setzero_si256(), _mm256_set1_epi8(char(0x80)), xq));
        const __m256i q = _mm256_xor_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + 2)), _mm256_set1_epi8(char(0x80)));
        f16_t dw;
        std::memcpy(&dw, src, 2);
        const float d = _cvtsh_ss(dw) * _cvtsh_ss(xb.d);
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(_mm256_dpbusd_epi32(init, q, xq)), acc);
    }
    *y = hsum8_ymm(acc);
}

void mv_q8_0(int64_t K, const void* w, size_t ws, int nr, const void* x, size_t, int, float* y, size_t) {
    const int nb = int(K / 32), np = nb / 2;
    const auto* xb = static_cast<const block_q8_0*>(x);
    auto* xp = reinterpret_cast<PrepQ8Pair*>(prep_buffer(sizeof(PrepQ8Pair) * size_t(np)));
    prep_q8_0_pairs<0>(xb, np, xp);
    const auto* wb = static_cast<const uint8_t*>(w);
    for (int r = 0; r < nr; ++r) mv_q8_0_row(nb, wb + size_t(r) * ws, ws, xp, xb, y + r);
}

// ---- Q4_K x Q8_K ------------------------------------------------------------------------------

// One super-block of the activation row, in the order a 64-byte load of Q4_K quants unpacks
// to: chunk 0 = low nibbles of bytes 0..63 = elements [0,32) and [64,96) (sub-blocks 0, 2);
// chunk 1 = their high nibbles = sub-blocks 1, 3; chunks 2, 3 = the same for bytes 64..127.
// One super-block of the activation row, in the order a 64-byte load of Q4_K quants unpacks
// to (see above), and per group of 4 super-blocks the sub-block sums (for the mins) and scales.
struct PrepQ8K {
    __m512i q[4];
};
struct PrepQ8KGroup {
    __m512i sums;  // lane j: the 8 int16 activation sums of the 32-element sub-blocks of super-block j
    __m256 d;      // d_0, d_0, d_1, d_1, .. (zero past the row's last super-block)
    float pad[8];
};

void prep_q8_K_q4(const block_q8_K* x, int nb, PrepQ8K* out, PrepQ8KGroup* groups) {
    for (int b = 0; b < nb; ++b) {
        const int8_t* q = x[b].qs;
        auto two = [&](int lo, int hi) {
            return _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + lo))),
                                      _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + hi)), 1);
        };
        out[b].q[0] = two(0, 64);
        out[b].q[1] = two(32, 96);
        out[b].q[2] = two(128, 192);
        out[b].q[3] = two(160, 224);
    }
    for (int g = 0; g * 4 < nb; ++g) {
        __m512i sums = _mm512_setzero_si512();
        alignas(32) float d[8] = {};
        for (int j = 0; j < 4 && 4 * g + j < nb; ++j) {
            const block_q8_K& xb = x[4 * g + j];
            // pairwise sums of the 16 bsums -> 8 sub-block sums (int16: |sum| <= 32 * 128)
            const __m256i bs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(xb.bsums));
            const __m128i s8 = _mm256_cvtepi32_epi16(_mm256_madd_epi16(bs, _mm256_set1_epi16(1)));
            sums = _mm512_mask_broadcast_i32x4(sums, __mmask16(0xF << (4 * j)), s8);
            d[2 * j] = d[2 * j + 1] = xb.d;
        }
        groups[g].sums = sums;
        groups[g].d = _mm256_load_ps(d);
    }
}

// The 16-byte headers (d, dmin, 12 bytes of 6-bit scales and mins) of 4 super-blocks, one per
// 128-bit lane, decoded together: per lane, 8 scales and 8 mins as int16, and [d_j, dmin_j]
// for j = 0..3 as floats.
struct Q4KHeaders {
    __m512i sc;  // lane j: scales of super-block j (int16)
    __m512i mn;  // lane j: mins of super-block j (int16)
    __m256 dd;   // d0, dmin0, d1, dmin1, ...
};
inline Q4KHeaders q4_k_headers(const uint8_t* h0, const uint8_t* h1, const uint8_t* h2, const uint8_t* h3) {
    __m512i h = _mm512_castsi128_si512(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h0)));
    h = _mm512_inserti32x4(h, _mm_loadu_si128(reinterpret_cast<const __m128i*>(h1)), 1);
    h = _mm512_inserti32x4(h, _mm_loadu_si128(reinterpret_cast<const __m128i*>(h2)), 2);
    h = _mm512_inserti32x4(h, _mm_loadu_si128(reinterpret_cast<const __m128i*>(h3)), 3);
    // Scale bytes s0..s11 sit at 4..15 of each lane. ggml's packing (j < 4 | j >= 4):
    //   scale_j = s_j & 63              | (s_{j+4} & 15) | (s_{j-4} >> 6) << 4
    //   min_j   = s_{j+4} & 63          | (s_{j+4} >> 4) | (s_j >> 6) << 4
    // Output bytes: [scale0..7 | min0..7]; p gathers the byte each output mostly comes from,
    // q the one that lends its top two bits.
    const __m512i p_idx = _mm512_broadcast_i32x4(_mm_setr_epi8(4, 5, 6, 7, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15));
    const __m512i q_idx = _mm512_broadcast_i32x4(_mm_setr_epi8(-1, -1, -1, -1, 4, 5, 6, 7, -1, -1, -1, -1, 8, 9, 10, 11));
    const __m512i keep = _mm512_broadcast_i32x4(_mm_setr_epi8(63, 63, 63, 63, 15, 15, 15, 15, 63, 63, 63, 63, 0, 0, 0, 0));
    const __m512i keep_hi = _mm512_broadcast_i32x4(_mm_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 15, 15, 15, 15));
    const __m512i p = _mm512_shuffle_epi8(h, p_idx), q = _mm512_shuffle_epi8(h, q_idx);
    const __m512i top = _mm512_and_si512(_mm512_srli_epi16(q, 2), _mm512_set1_epi8(0x30));
    const __m512i low = _mm512_and_si512(p, keep);
    const __m512i high = _mm512_and_si512(_mm512_srli_epi16(p, 4), keep_hi);
    const __m512i bytes = _mm512_ternarylogic_epi64(low, high, top, 0xFE);  // low | high | top
    Q4KHeaders out;
    out.sc = _mm512_unpacklo_epi8(bytes, _mm512_setzero_si512());
    out.mn = _mm512_unpackhi_epi8(bytes, _mm512_setzero_si512());
    const __m512i dw = _mm512_permutexvar_epi16(_mm512_setr_epi32(0x00010000, 0x00090008, 0x00110010, 0x00190018, 0, 0, 0, 0, 0, 0,
                                                                  0, 0, 0, 0, 0, 0),
                                                h);
    out.dd = _mm256_cvtph_ps(_mm512_castsi512_si128(dw));
    return out;
}

// The exact totals of four int32 vectors, [sum a, sum b, sum c, sum d] (integer adds: any
// order gives the same integers).
inline __m128i hsum4_epi32(__m512i a, __m512i b, __m512i c, __m512i d) {
    const __m512i ab = _mm512_add_epi32(_mm512_unpacklo_epi32(a, b), _mm512_unpackhi_epi32(a, b));
    const __m512i cd = _mm512_add_epi32(_mm512_unpacklo_epi32(c, d), _mm512_unpackhi_epi32(c, d));
    const __m512i abcd = _mm512_add_epi32(_mm512_unpacklo_epi64(ab, cd), _mm512_unpackhi_epi64(ab, cd));
    const __m256i h = _mm256_add_epi32(_mm512_castsi512_si256(abcd), _mm512_extracti64x4_epi64(abcd, 1));
    return _mm_add_epi32(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
}
// Every int32 of each 128-bit lane replaced by the lane's total.
inline __m512i lane_totals_epi32(__m512i v) {
    v = _mm512_add_epi32(v, _mm512_shuffle_epi32(v, _MM_PERM_BADC));
    return _mm512_add_epi32(v, _mm512_shuffle_epi32(v, _MM_PERM_CDAB));
}

// One row at a time (a single sequential stream per core streams best here), its
// super-blocks in groups of 4 whose headers are decoded together. The float steps are ggml's
// gemv order (vec_dot_q4_K_ref): per super-block the exact integer sums isum (scales x
// products) and msum (mins x sub-block sums), then acc = fma(isum, d * dy, acc) and
// accm = fma(msum, dmin * dy, accm), super-block after super-block; the two chains run in
// lanes 0 and 1 of one register, fed [isum_j, msum_j] pairs against [d_j dy_j, dmin_j dy_j].
void mv_q4_K_row(int nb, const uint8_t* w, size_t ws, const PrepQ8K* xp, const PrepQ8KGroup* gp, float* y) {
    const size_t pf = prefetch_distance(1, ws);
    const __m512i m4 = _mm512_set1_epi8(0x0F);
    // In-lane shuffles that spread a super-block's scale words (in every 128-bit lane) over a
    // chunk: lanes 0-1 take sub-block A, lanes 2-3 sub-block B. Chunk c covers sub-blocks
    // (0,2), (1,3), (4,6), (5,7).
    auto spread = [](int a, int b) {
        const char a0 = char(2 * a), a1 = char(2 * a + 1), b0 = char(2 * b), b1 = char(2 * b + 1);
        return _mm512_set_epi8(b1, b0, b1, b0, b1, b0, b1, b0, b1, b0, b1, b0, b1, b0, b1, b0,  //
                               b1, b0, b1, b0, b1, b0, b1, b0, b1, b0, b1, b0, b1, b0, b1, b0,  //
                               a1, a0, a1, a0, a1, a0, a1, a0, a1, a0, a1, a0, a1, a0, a1, a0,  //
                               a1, a0, a1, a0, a1, a0, a1, a0, a1, a0, a1, a0, a1, a0, a1, a0);
    };
    const __m512i sh0 = spread(0, 2), sh1 = spread(1, 3), sh2 = spread(4, 6), sh3 = spread(5, 7);
    // [isum_0, msum_0, isum_1, msum_1, ..]: isum totals from lanes 0..3, msum from 16, 20, 24, 28
    const __m512i pair_idx = _mm512_setr_epi32(0, 16, 1, 20, 2, 24, 3, 28, 0, 0, 0, 0, 0, 0, 0, 0);
    __m128 acc = _mm_setzero_ps();  // lane 0: acc, lane 1: accm
    for (int g = 0; g * 4 < nb; ++g) {
        const int b0 = 4 * g, n = std::min(4, nb - b0);
        const uint8_t* blk = w + size_t(b0) * sizeof(block_q4_K);
        auto at = [&](int j) { return blk + size_t(std::min(j, n - 1)) * sizeof(block_q4_K); };
        const Q4KHeaders hd = q4_k_headers(at(0), at(1), at(2), at(3));
        const __m256 dd = _mm256_mul_ps(hd.dd, gp[g].d);                    // [d_j dy_j, dmin_j dy_j]
        const __m512i msum = _mm512_madd_epi16(hd.mn, gp[g].sums);          // 4 int32 per super-block lane
        auto step = [&](auto J) {
            constexpr int j = decltype(J)::value;
            const uint8_t* src = blk + size_t(j) * sizeof(block_q4_K);
            const PrepQ8K& c = xp[b0 + j];
            prefetch_next_tile(src, pf);
            prefetch_next_tile(src + 64, pf);
            prefetch_next_tile(src + 128, pf);
            const __m512i sc = _mm512_shuffle_i32x4(hd.sc, hd.sc, 0x55 * j);  // super-block j's scales in every lane
            const __m512i q0 = _mm512_loadu_si512(src + 16), q1 = _mm512_loadu_si512(src + 80);
            __m512i i0 = _mm512_dpwssd_epi32(_mm512_setzero_si512(), _mm512_maddubs_epi16(_mm512_and_si512(q0, m4), c.q[0]),
                                             _mm512_shuffle_epi8(sc, sh0));
            __m512i i1 = _mm512_dpwssd_epi32(_mm512_setzero_si512(),
                                             _mm512_maddubs_epi16(_mm512_and_si512(_mm512_srli_epi16(q0, 4), m4), c.q[1]),
                                             _mm512_shuffle_epi8(sc, sh1));
            i0 = _mm512_dpwssd_epi32(i0, _mm512_maddubs_epi16(_mm512_and_si512(q1, m4), c.q[2]), _mm512_shuffle_epi8(sc, sh2));
            i1 = _mm512_dpwssd_epi32(i1, _mm512_maddubs_epi16(_mm512_and_si512(_mm512_srli_epi16(q1, 4), m4), c.q[3]),
                                     _mm512_shuffle_epi8(sc, sh3));
            return _mm512_add_epi32(i0, i1);
        };
        const __m512i z = _mm512_setzero_si512();
        const __m512i s0 = step(std::integral_constant<int, 0>{});
        const __m512i s1 = n > 1 ? step(std::integral_constant<int, 1>{}) : z;
        const __m512i s2 = n > 2 ? step(std::integral_constant<int, 2>{}) : z;
        const __m512i s3 = n > 3 ? step(std::integral_constant<int, 3>{}) : z;
        const __m512i sums = _mm512_permutex2var_epi32(_mm512_castsi128_si512(hsum4_epi32(s0, s1, s2, s3)), pair_idx,
                                                       lane_totals_epi32(msum));
        const __m256 f = _mm256_cvtepi32_ps(_mm512_castsi512_si256(sums));
        const __m128 f01 = _mm256_castps256_ps128(f), d01 = _mm256_castps256_ps128(dd);
        acc = _mm_fmadd_ps(f01, d01, acc);
        if (n > 1) acc = _mm_fmadd_ps(_mm_movehl_ps(f01, f01), _mm_movehl_ps(d01, d01), acc);
        if (n > 2) {
            const __m128 f23 = _mm256_extractf128_ps(f, 1), d23 = _mm256_extractf128_ps(dd, 1);
            acc = _mm_fmadd_ps(f23, d23, acc);
            if (n > 3) acc = _mm_fmadd_ps(_mm_movehl_ps(f23, f23), _mm_movehl_ps(d23, d23), acc);
        }
    }
    *y = _mm_cvtss_f32(acc) - _mm_cvtss_f32(_mm_movehdup_ps(acc));
}

void mv_q4_K(int64_t K, const void* w, size_t ws, int nr, const void* x, size_t, int, float* y, size_t) {
    const int nb = int(K / QK_K), ng = (nb + 3) / 4;
    auto* buf = prep_buffer(sizeof(PrepQ8K) * size_t(nb) + sizeof(PrepQ8KGroup) * size_t(ng));
    auto* xp = reinterpret_cast<PrepQ8K*>(buf);
    auto* gp = reinterpret_cast<PrepQ8KGroup*>(buf + sizeof(PrepQ8K) * size_t(nb));
    prep_q8_K_q4(static_cast<const block_q8_K*>(x), nb, xp, gp);
    const auto* wb = static_cast<const uint8_t*>(w);
    for (int r = 0; r < nr; ++r) mv_q4_K_row(nb, wb + size_t(r) * ws, ws, xp, gp, y + r);
}

}  // namespace

GemmFn matvec_avx512(TensorType t) {
    switch (t) {
        case TensorType::Q4_0: return __builtin_cpu_supports("gfni") ? mv_q4_0 : nullptr;
        case TensorType::Q8_0: return mv_q8_0;
        case TensorType::Q4_1: return __builtin_cpu_supports("gfni") ? mv_q4_1 : nullptr;
        case TensorType::Q4_K: return mv_q4_K;
        case TensorType::Q6_K: return __builtin_cpu_supports("gfni") ? mv_q6_K : nullptr;
        default: return nullptr;
    }
}

}  // namespace perimeter::kernels
