// AVX-512 VNNI batch kernels (several activation rows) for the weight types whose llama.cpp
// order (vec_dot_ref.h) has float steps per block or span of each output: Q4_K (ggml's 4-row
// gemm order), Q6_K (its tiled order for 8 rows and more) and Q4_0 (per 32-block).
//
// Such an order vectorizes across OUTPUTS for free: each of the 16 lanes of a zmm is one weight
// row and does the scalar recipe on its own. So each call repacks 16 weight rows at a time into
// a tile whose quants are interleaved in 4-byte groups (one _mm512_dpbusd_epi32 against 4
// broadcast activation bytes advances all 16 rows' exact integer sums) with the per-row scales
// beside them, then runs every activation column of the call against it. The repack is SIMD
// (nibble/6-bit unpacking and a 16 x 16 dword transpose) and costs about as much as 4-6
// columns of products, so it pays from 2 columns on; the reductions of the 16-lane tile kernels
// (matmul_avx512.cpp), one per output and block, are gone. Measured (kernels_bench, 1 thread,
// M = 512): as fast as the repacked path these types took before (matmul_packed*), which did
// not follow ggml's order. Q4_0 and Q6_K also run on the packed path (exact_tile_*: one repack
// per tile for the whole batch); Q4_K cannot (see packed_layout), so its tile-path gemm
// repacks per call (per 64 columns).
#include <immintrin.h>

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <cstring>
#include <vector>

#include "kernels/matmul_kernels.h"
#include "kernels/matmul_packed.h"
#include "kernels/quant_blocks.h"

namespace perimeter::kernels {
namespace {

constexpr int kTileRows = 16;

// Per-thread scratch for one repacked tile: grow-only.
uint8_t* tile_buffer(size_t bytes) {
    struct alignas(64) Line {
        uint8_t b[64];
    };
    thread_local std::vector<Line> buf;
    const size_t n = (bytes + 63) / 64;
    if (buf.size() < n) buf.resize(n);
    return buf.data()->b;
}

// In-place transpose of 16 rows of 16 dwords: afterwards v[k] holds dword k of rows 0..15.
inline void transpose16(__m512i v[16]) {
    __m512i t[16], u[16];
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_epi32(v[i], v[i + 1]);
        t[i + 1] = _mm512_unpackhi_epi32(v[i], v[i + 1]);
    }
    for (int i = 0; i < 16; i += 4) {  // u[i + m]: dwords m, m + 4, m + 8, m + 12 of rows i..i+3
        u[i + 0] = _mm512_unpacklo_epi64(t[i], t[i + 2]);
        u[i + 1] = _mm512_unpackhi_epi64(t[i], t[i + 2]);
        u[i + 2] = _mm512_unpacklo_epi64(t[i + 1], t[i + 3]);
        u[i + 3] = _mm512_unpackhi_epi64(t[i + 1], t[i + 3]);
    }
    for (int m = 0; m < 4; ++m) {
        // [rows 0-3 | rows 4-7] x dwords (m, m + 8) and (m + 4, m + 12); the same for rows 8-15
        const __m512i a0 = _mm512_shuffle_i32x4(u[m], u[4 + m], 0x88), a1 = _mm512_shuffle_i32x4(u[m], u[4 + m], 0xDD);
        const __m512i b0 = _mm512_shuffle_i32x4(u[8 + m], u[12 + m], 0x88), b1 = _mm512_shuffle_i32x4(u[8 + m], u[12 + m], 0xDD);
        v[m] = _mm512_shuffle_i32x4(a0, b0, 0x88);
        v[m + 8] = _mm512_shuffle_i32x4(a0, b0, 0xDD);
        v[m + 4] = _mm512_shuffle_i32x4(a1, b1, 0x88);
        v[m + 12] = _mm512_shuffle_i32x4(a1, b1, 0xDD);
    }
}

inline __m512i bcast4(const int8_t* p) {
    int v;
    std::memcpy(&v, p, 4);
    return _mm512_set1_epi32(v);
}

inline __mmask16 row_mask(int nr) { return nr >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << nr) - 1); }

// ---- Q4_K: ggml's 4-row gemm order (vec_dot_q4_K_x4_ref) ---------------------------------------

// One super-block of a 16-row tile.
struct Q4KTileBlock {
    uint8_t q[8][8][64];  // [sub-block][dword k][row]: elements 4k..4k+3 of each row
    float sc[8][16];      // sub-block scales (exact small integers)
    int16_t mn[4][16][2];  // per span (2 sub-blocks), per row: the two mins
    float d[16], dmin[16];
};

// Decodes the 12 packed scale bytes: scales 0..7, mins 0..7 (ggml's get_scale_min_k4).
inline void q4_K_scales(const uint8_t* q, uint8_t sc[8], uint8_t mn[8]) {
    for (int j = 0; j < 4; ++j) {
        sc[j] = q[j] & 63;
        mn[j] = q[j + 4] & 63;
        sc[j + 4] = (q[j + 8] & 0xF) | ((q[j] >> 6) << 4);
        mn[j + 4] = (q[j + 8] >> 4) | ((q[j + 4] >> 6) << 4);
    }
}

void pack_q4_K(const uint8_t* w, size_t ws, int nr, int nb, Q4KTileBlock* out) {
    const __m512i m4 = _mm512_set1_epi8(0x0F);
    const __m512i shifts = _mm512_set_epi64(4, 4, 4, 4, 0, 0, 0, 0);
    for (int b = 0; b < nb; ++b) {
        Q4KTileBlock& t = out[b];
        for (int r = 0; r < kTileRows; ++r) {
            if (r >= nr) {
                for (int j = 0; j < 8; ++j) t.sc[j][r] = 0;
                for (int s = 0; s < 4; ++s) t.mn[s][r][0] = t.mn[s][r][1] = 0;
                t.d[r] = t.dmin[r] = 0;
                continue;
            }
            const auto* blk = reinterpret_cast<const block_q4_K*>(w + size_t(r) * ws) + b;
            uint8_t sc[8], mn[8];
            q4_K_scales(blk->scales, sc, mn);
            for (int j = 0; j < 8; ++j) t.sc[j][r] = float(sc[j]);
            for (int s = 0; s < 4; ++s) {
                t.mn[s][r][0] = mn[2 * s];
                t.mn[s][r][1] = mn[2 * s + 1];
            }
            t.d[r] = _cvtsh_ss(blk->d);
            t.dmin[r] = _cvtsh_ss(blk->dmin);
        }
        // 32 bytes of quants c give sub-blocks 2c (low nibbles) and 2c + 1 (high): per row one
        // zmm [sub-block 2c | 2c + 1] of 16 dwords, transposed over the 16 rows.
        for (int c = 0; c < 4; ++c) {
            __m512i v[16];
            for (int r = 0; r < kTileRows; ++r) {
                if (r >= nr) {
                    v[r] = _mm512_setzero_si512();
                    continue;
                }
                const auto* blk = reinterpret_cast<const block_q4_K*>(w + size_t(r) * ws) + b;
                const __m512i raw = _mm512_broadcast_i64x4(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(blk->qs + 32 * c)));
                v[r] = _mm512_and_si512(_mm512_srlv_epi64(raw, shifts), m4);
            }
            transpose16(v);
            for (int k = 0; k < 16; ++k) _mm512_storeu_si512(t.q[2 * c + k / 8][k % 8], v[k]);
        }
    }
}

// C activation columns against a packed tile: 16 outputs per column in one register.
// Per activation row and super-block, the sub-block sums of each span as an int16 pair (for
// _mm512_madd_epi16 against the rows' mins): nb x 4 words per row.
void q4_K_pairs(const uint8_t* x, size_t xs, int nc, int nb, uint32_t* out) {
    for (int c = 0; c < nc; ++c) {
        const auto* xb = reinterpret_cast<const block_q8_K*>(x + size_t(c) * xs);
        for (int b = 0; b < nb; ++b) {
            const int16_t* bs = xb[b].bsums;
            uint32_t* o = out + (size_t(c) * size_t(nb) + size_t(b)) * 4;
            for (int s = 0; s < 4; ++s) {
                const int s0 = bs[4 * s] + bs[4 * s + 1], s1 = bs[4 * s + 2] + bs[4 * s + 3];  // |s| <= 32 * 127
                o[s] = uint32_t(uint16_t(s0)) | (uint32_t(uint16_t(s1)) << 16);
            }
        }
    }
}

template <int C>
void q4_K_columns(const Q4KTileBlock* tile, int nb, const uint8_t* x, size_t xs, const uint32_t* pairs, float* y, size_t ys,
                  int nr) {
    __m512 acc[C], accm[C];
    for (int c = 0; c < C; ++c) acc[c] = accm[c] = _mm512_setzero_ps();
    for (int b = 0; b < nb; ++b) {
        const Q4KTileBlock& t = tile[b];
        const block_q8_K* xb[C];
        __m512 dd[C], dm[C];
        const __m512 dw = _mm512_loadu_ps(t.d), dmw = _mm512_loadu_ps(t.dmin);
        for (int c = 0; c < C; ++c) {
            xb[c] = reinterpret_cast<const block_q8_K*>(x + size_t(c) * xs) + b;
            const __m512 dy = _mm512_set1_ps(xb[c]->d);
            dd[c] = _mm512_mul_ps(dw, dy);   // d * dy, as the reference rounds it
            dm[c] = _mm512_mul_ps(dmw, dy);  // dmin * dy
        }
        for (int s = 0; s < 4; ++s) {  // span of sub-blocks 2s, 2s + 1
            __m512i da[C], db[C];
            for (int c = 0; c < C; ++c) da[c] = db[c] = _mm512_setzero_si512();
            for (int k = 0; k < 8; ++k) {
                const __m512i wa = _mm512_loadu_si512(t.q[2 * s][k]), wb = _mm512_loadu_si512(t.q[2 * s + 1][k]);
                for (int c = 0; c < C; ++c) {
                    da[c] = _mm512_dpbusd_epi32(da[c], wa, bcast4(xb[c]->qs + 64 * s + 4 * k));
                    db[c] = _mm512_dpbusd_epi32(db[c], wb, bcast4(xb[c]->qs + 64 * s + 32 + 4 * k));
                }
            }
            const __m512 sa = _mm512_loadu_ps(t.sc[2 * s]), sb = _mm512_loadu_ps(t.sc[2 * s + 1]);
            const __m512i mp = _mm512_loadu_si512(t.mn[s]);
            for (int c = 0; c < C; ++c) {
                // isum = sa * dot_a + sb * dot_b: integers below 2^24 (|dot| <= 15 * 127 * 32,
                // scale <= 63), so these float steps are exact
                const __m512 isum = _mm512_fmadd_ps(_mm512_cvtepi32_ps(db[c]), sb, _mm512_mul_ps(_mm512_cvtepi32_ps(da[c]), sa));
                acc[c] = _mm512_fmadd_ps(isum, dd[c], acc[c]);
                const __m512i msum =
                    _mm512_madd_epi16(mp, _mm512_set1_epi32(int(pairs[(size_t(c) * size_t(nb) + size_t(b)) * 4 + size_t(s)])));
                accm[c] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(msum), dm[c], accm[c]);
            }
        }
    }
    const __mmask16 mask = row_mask(nr);
    for (int c = 0; c < C; ++c) _mm512_mask_storeu_ps(y + size_t(c) * ys, mask, _mm512_sub_ps(acc[c], accm[c]));
}

// ---- Q6_K: ggml's tiled order for 8 rows and more (vec_dot_q6_K_tiled_ref) ----------------------

struct Q6KTileBlock {
    uint8_t q[16][4][64];  // [16-element sub-block][dword k][row]: unsigned quants 0..63
    int32_t sc[16][16];    // signed sub-block scales
    float d[16];
};

void pack_q6_K(const uint8_t* w, size_t ws, int nr, int nb, Q6KTileBlock* out) {
    const __m512i m4 = _mm512_set1_epi8(0x0F), m3 = _mm512_set1_epi8(0x03);
    // high bits of chunk 2h (elements 128h + [0, 64)): qh bits 0-1 | 2-3; of chunk 2h + 1: 4-5 | 6-7
    const __m512i sh_lo = _mm512_set_epi64(2, 2, 2, 2, 0, 0, 0, 0), sh_hi = _mm512_set_epi64(6, 6, 6, 6, 4, 4, 4, 4);
    for (int b = 0; b < nb; ++b) {
        Q6KTileBlock& t = out[b];
        for (int r = 0; r < kTileRows; ++r) {
            const auto* blk = reinterpret_cast<const block_q6_K*>(w + size_t(r) * ws) + b;
            for (int j = 0; j < 16; ++j) t.sc[j][r] = r < nr ? blk->scales[j] : 0;
            t.d[r] = r < nr ? _cvtsh_ss(blk->d) : 0.0f;
        }
        for (int h = 0; h < 2; ++h) {
            __m512i lo[16], hi[16];  // per row: elements 128h + [0, 64) and 128h + [64, 128)
            for (int r = 0; r < kTileRows; ++r) {
                if (r >= nr) {
                    lo[r] = hi[r] = _mm512_setzero_si512();
                    continue;
                }
                const auto* blk = reinterpret_cast<const block_q6_K*>(w + size_t(r) * ws) + b;
                const __m512i ql = _mm512_loadu_si512(blk->ql + 64 * h);
                const __m512i qh = _mm512_broadcast_i64x4(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(blk->qh + 32 * h)));
                lo[r] = _mm512_or_si512(_mm512_and_si512(ql, m4),
                                        _mm512_slli_epi64(_mm512_and_si512(_mm512_srlv_epi64(qh, sh_lo), m3), 4));
                hi[r] = _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi64(ql, 4), m4),
                                        _mm512_slli_epi64(_mm512_and_si512(_mm512_srlv_epi64(qh, sh_hi), m3), 4));
            }
            transpose16(lo);
            transpose16(hi);
            for (int k = 0; k < 16; ++k) {  // dword k of a 64-element chunk: sub-block k / 4, dword k % 4
                _mm512_storeu_si512(t.q[8 * h + k / 4][k % 4], lo[k]);
                _mm512_storeu_si512(t.q[8 * h + 4 + k / 4][k % 4], hi[k]);
            }
        }
    }
}

// Per super-block and row: isum = sum_j scale_j * (sum q x - 32 bsum_j), exact in int32;
// acc = fma(isum * d, dy, acc).
template <int C>
void q6_K_columns(const Q6KTileBlock* tile, int nb, const uint8_t* x, size_t xs, float* y, size_t ys, int nr) {
    __m512 acc[C];
    for (int c = 0; c < C; ++c) acc[c] = _mm512_setzero_ps();
    for (int b = 0; b < nb; ++b) {
        const Q6KTileBlock& t = tile[b];
        const block_q8_K* xb[C];
        __m512i isum[C];
        for (int c = 0; c < C; ++c) {
            xb[c] = reinterpret_cast<const block_q8_K*>(x + size_t(c) * xs) + b;
            isum[c] = _mm512_setzero_si512();
        }
        for (int j = 0; j < 16; ++j) {
            __m512i dot[C];
            for (int c = 0; c < C; ++c) dot[c] = _mm512_set1_epi32(-32 * int(xb[c]->bsums[j]));  // the offset 32
            for (int k = 0; k < 4; ++k) {
                const __m512i wq = _mm512_loadu_si512(t.q[j][k]);
                for (int c = 0; c < C; ++c) dot[c] = _mm512_dpbusd_epi32(dot[c], wq, bcast4(xb[c]->qs + 16 * j + 4 * k));
            }
            const __m512i sc = _mm512_loadu_si512(t.sc[j]);
            for (int c = 0; c < C; ++c) isum[c] = _mm512_add_epi32(isum[c], _mm512_mullo_epi32(dot[c], sc));
        }
        const __m512 dw = _mm512_loadu_ps(t.d);
        for (int c = 0; c < C; ++c)
            acc[c] = _mm512_fmadd_ps(_mm512_mul_ps(_mm512_cvtepi32_ps(isum[c]), dw), _mm512_set1_ps(xb[c]->d), acc[c]);
    }
    const __mmask16 mask = row_mask(nr);
    for (int c = 0; c < C; ++c) _mm512_mask_storeu_ps(y + size_t(c) * ys, mask, acc[c]);
}

// ---- Q4_0: per 32-block (vec_dot_q4_0_ref) ------------------------------------------------------

// Two blocks of a 16-row tile (the last one of an odd row: its second half zero).
struct Q40TilePair {
    uint8_t q[2][8][64];  // [block][dword k][row]: unsigned quants 0..15
    float d[2][16];
};

void pack_q4_0(const uint8_t* w, size_t ws, int nr, int nb, Q40TilePair* out) {
    const __m512i m4 = _mm512_set1_epi8(0x0F);
    const __m512i shifts = _mm512_set_epi64(4, 4, 0, 0, 4, 4, 0, 0);
    for (int p = 0; 2 * p < nb; ++p) {
        Q40TilePair& t = out[p];
        const bool two = 2 * p + 1 < nb;
        __m512i v[16];
        for (int r = 0; r < kTileRows; ++r) {
            if (r >= nr) {
                v[r] = _mm512_setzero_si512();
                t.d[0][r] = t.d[1][r] = 0.0f;
                continue;
            }
            const auto* blk = reinterpret_cast<const block_q4_0*>(w + size_t(r) * ws) + 2 * p;
            const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(blk[0].qs));
            const __m128i c = two ? _mm_loadu_si128(reinterpret_cast<const __m128i*>(blk[1].qs)) : _mm_setzero_si128();
            const __m512i raw = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_broadcastsi128_si256(a)),
                                                   _mm256_broadcastsi128_si256(c), 1);
            v[r] = _mm512_and_si512(_mm512_srlv_epi64(raw, shifts), m4);  // [b e0..15 | e16..31 | b+1 ...]
            t.d[0][r] = _cvtsh_ss(blk[0].d);
            t.d[1][r] = two ? _cvtsh_ss(blk[1].d) : 0.0f;
        }
        transpose16(v);
        for (int k = 0; k < 16; ++k) _mm512_storeu_si512(t.q[k / 8][k % 8], v[k]);
    }
}

// Per block and row: isum = sum q x - 8 sum x (exact), acc = fma(isum, d * dy, acc).
// sums: per column 2 * nb floats, dy of each block, then -8 * sum(x) of each block (int32
// bits in the float slots; the layout pack_activation_sums gives Q4_0 on the packed path).
template <int C>
void q4_0_columns(const Q40TilePair* tile, int nb, const uint8_t* x, size_t xs, const float* sums, float* y, size_t ys,
                  int nr) {
    __m512 acc[C];
    for (int c = 0; c < C; ++c) acc[c] = _mm512_setzero_ps();
    for (int b = 0; b < nb; ++b) {
        const Q40TilePair& t = tile[b / 2];
        const int h = b % 2;
        const int8_t* xq[C];
        __m512i isum[C];
        for (int c = 0; c < C; ++c) {
            xq[c] = (reinterpret_cast<const block_q8_0*>(x + size_t(c) * xs) + b)->qs;
            int32_t init;  // stored as int32 bits (see q4_0_sums): a broadcast load
            std::memcpy(&init, sums + size_t(c) * 2 * size_t(nb) + size_t(nb + b), 4);
            isum[c] = _mm512_set1_epi32(init);
        }
        for (int k = 0; k < 8; ++k) {
            const __m512i wq = _mm512_loadu_si512(t.q[h][k]);
            for (int c = 0; c < C; ++c) isum[c] = _mm512_dpbusd_epi32(isum[c], wq, bcast4(xq[c] + 4 * k));
        }
        const __m512 dw = _mm512_loadu_ps(t.d[h]);
        for (int c = 0; c < C; ++c)
            acc[c] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(isum[c]),
                                     _mm512_mul_ps(dw, _mm512_set1_ps(sums[size_t(c) * 2 * size_t(nb) + size_t(b)])), acc[c]);
    }
    const __mmask16 mask = row_mask(nr);
    for (int c = 0; c < C; ++c) _mm512_mask_storeu_ps(y + size_t(c) * ys, mask, acc[c]);
}

// The sums q4_0_columns takes, for nc activation rows.
void q4_0_sums(const uint8_t* x, size_t xs, int nc, int nb, float* out) {
    const __m256i flip = _mm256_set1_epi8(char(0x80));
    for (int c = 0; c < nc; ++c) {
        const auto* xb = reinterpret_cast<const block_q8_0*>(x + size_t(c) * xs);
        float* o = out + size_t(c) * 2 * size_t(nb);
        for (int b = 0; b < nb; ++b) {
            // sum(x) = sum(x + 128) - 32 * 128, the former by sad against zero
            const __m256i u = _mm256_xor_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(xb[b].qs)), flip);
            const __m256i sd = _mm256_sad_epu8(u, _mm256_setzero_si256());
            const __m128i s2 = _mm_add_epi64(_mm256_castsi256_si128(sd), _mm256_extracti128_si256(sd, 1));
            const int sum = int(_mm_cvtsi128_si64(s2) + _mm_extract_epi64(s2, 1)) - 32 * 128;
            o[b] = _cvtsh_ss(xb[b].d);
            const int32_t init = -8 * sum;
            std::memcpy(o + nb + b, &init, 4);
        }
    }
}

void q4_0_tile_columns(const Q40TilePair* tile, int nb, int nr, const uint8_t* x, size_t xs, const float* sums, int nc,
                       float* y, size_t ys) {
    int c = 0;
    for (; c + 4 <= nc; c += 4)
        q4_0_columns<4>(tile, nb, x + size_t(c) * xs, xs, sums + size_t(c) * 2 * size_t(nb), y + size_t(c) * ys, ys, nr);
    for (; c < nc; ++c)
        q4_0_columns<1>(tile, nb, x + size_t(c) * xs, xs, sums + size_t(c) * 2 * size_t(nb), y + size_t(c) * ys, ys, nr);
}

void q6_K_tile_columns(const Q6KTileBlock* tile, int nb, int nr, const uint8_t* x, size_t xs, int nc, float* y, size_t ys) {
    int c = 0;
    for (; c + 4 <= nc; c += 4) q6_K_columns<4>(tile, nb, x + size_t(c) * xs, xs, y + size_t(c) * ys, ys, nr);
    for (; c < nc; ++c) q6_K_columns<1>(tile, nb, x + size_t(c) * xs, xs, y + size_t(c) * ys, ys, nr);
}

}  // namespace

void gemm_q6_K_exact_avx512(int64_t K, const void* w, size_t ws, int nr, const void* x, size_t xs, int nc, float* y,
                            size_t ys) {
    const int nb = int(K / QK_K);
    auto* tile = reinterpret_cast<Q6KTileBlock*>(tile_buffer(sizeof(Q6KTileBlock) * size_t(nb)));
    const auto* wb = static_cast<const uint8_t*>(w);
    for (int r0 = 0; r0 < nr; r0 += kTileRows) {
        const int rn = nr - r0 < kTileRows ? nr - r0 : kTileRows;
        pack_q6_K(wb + size_t(r0) * ws, ws, rn, nb, tile);
        q6_K_tile_columns(tile, nb, rn, static_cast<const uint8_t*>(x), xs, nc, y + size_t(r0), ys);
    }
}

void gemm_q4_0_exact_avx512(int64_t K, const void* w, size_t ws, int nr, const void* x, size_t xs, int nc, float* y,
                            size_t ys) {
    const int nb = int(K / QK4_0);
    thread_local std::vector<float> sums;
    if (sums.size() < size_t(nc) * 2 * size_t(nb)) sums.resize(size_t(nc) * 2 * size_t(nb));
    q4_0_sums(static_cast<const uint8_t*>(x), xs, nc, nb, sums.data());
    auto* tile = reinterpret_cast<Q40TilePair*>(tile_buffer(sizeof(Q40TilePair) * size_t((nb + 1) / 2)));
    const auto* wb = static_cast<const uint8_t*>(w);
    for (int r0 = 0; r0 < nr; r0 += kTileRows) {
        const int rn = nr - r0 < kTileRows ? nr - r0 : kTileRows;
        pack_q4_0(wb + size_t(r0) * ws, ws, rn, nb, tile);
        q4_0_tile_columns(tile, nb, rn, static_cast<const uint8_t*>(x), xs, sums.data(), nc, y + size_t(r0), ys);
    }
}

// The packed prompt path (matmul_packed.h) on the same tiles, for the types whose order holds
// for the whole batch (Q4_0; Q6_K from 8 rows on): one repack per tile for every column.
size_t exact_tile_bytes(TensorType t, int64_t K) {
    if (t == TensorType::Q4_0) return sizeof(Q40TilePair) * size_t((K / QK4_0 + 1) / 2);
    if (t == TensorType::Q6_K) return sizeof(Q6KTileBlock) * size_t(K / QK_K);
    return 0;
}
void exact_pack_tile(TensorType t, const uint8_t* w, size_t ws, int nr, int64_t K, void* tile) {
    if (t == TensorType::Q4_0) pack_q4_0(w, ws, nr, int(K / QK4_0), static_cast<Q40TilePair*>(tile));
    else pack_q6_K(w, ws, nr, int(K / QK_K), static_cast<Q6KTileBlock*>(tile));
}
void exact_activation_sums(TensorType t, const uint8_t* x, size_t xs, int M, int64_t K, float* out) {
    if (t == TensorType::Q4_0) q4_0_sums(x, xs, M, int(K / QK4_0), out);  // Q6_K: none needed
}
void exact_tile_gemm_avx512(TensorType t, const void* tile, int nr, int64_t K, const uint8_t* x, size_t xs, const float* sums,
                            int nc, float* y, size_t ys) {
    if (t == TensorType::Q4_0) {
        q4_0_tile_columns(static_cast<const Q40TilePair*>(tile), int(K / QK4_0), nr, x, xs, sums, nc, y, ys);
        return;
    }
    q6_K_tile_columns(static_cast<const Q6KTileBlock*>(tile), int(K / QK_K), nr, x, xs, nc, y, ys);
}

void gemm_q4_K_exact_avx512(int64_t K, const void* w, size_t ws, int nr, const void* x, size_t xs, int nc, float* y,
                            size_t ys) {
    const int nb = int(K / QK_K);
    thread_local std::vector<uint32_t> pairs;
    if (pairs.size() < size_t(nc) * size_t(nb) * 4) pairs.resize(size_t(nc) * size_t(nb) * 4);
    q4_K_pairs(static_cast<const uint8_t*>(x), xs, nc, nb, pairs.data());
    auto* tile = reinterpret_cast<Q4KTileBlock*>(tile_buffer(sizeof(Q4KTileBlock) * size_t(nb)));
    const auto* wb = static_cast<const uint8_t*>(w);
    const auto* xb = static_cast<const uint8_t*>(x);
    for (int r0 = 0; r0 < nr; r0 += kTileRows) {
        const int rn = nr - r0 < kTileRows ? nr - r0 : kTileRows;
        pack_q4_K(wb + size_t(r0) * ws, ws, rn, nb, tile);
        int c = 0;
        for (; c + 4 <= nc; c += 4)
            q4_K_columns<4>(tile, nb, xb + size_t(c) * xs, xs, pairs.data() + size_t(c) * size_t(nb) * 4,
                            y + size_t(c) * ys + size_t(r0), ys, rn);
        for (; c < nc; ++c)
            q4_K_columns<1>(tile, nb, xb + size_t(c) * xs, xs, pairs.data() + size_t(c) * size_t(nb) * 4,
                            y + size_t(c) * ys + size_t(r0), ys, rn);
    }
}

}  // namespace perimeter::kernels
