// The prompt-batch kernel on repacked 16-row tiles (matmul_packed.h), AVX-512 VNNI.
#include <immintrin.h>

// GCC 12's AVX-512 headers build some intrinsics (the _mm512_reduce_* family, casts) from
// _mm*_undefined_*() values and then warn about them at every use: false positives.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <vector>

#include "kernels/matmul_packed.h"
#include "kernels/quant_blocks.h"

namespace perimeter::kernels {
namespace {

// Where sub-block s of an activation row starts, for each partner format and sub-block size.
template <TensorType kAct, int S>
inline const uint8_t* act_sub(const uint8_t* row, int s) {
    if constexpr (kAct == TensorType::Q8_0) return row + size_t(s) * sizeof(block_q8_0) + offsetof(block_q8_0, qs);
    else if constexpr (kAct == TensorType::Q8_1) return row + size_t(s) * sizeof(block_q8_1) + offsetof(block_q8_1, qs);
    else {
        constexpr int per = QK_K / S;
        return row + size_t(s / per) * sizeof(block_q8_K) + offsetof(block_q8_K, qs) + size_t(s % per) * S;
    }
}

inline __m512i bcast4(const uint8_t* p) {
    int v;
    __builtin_memcpy(&v, p, 4);
    return _mm512_set1_epi32(v);
}

// C columns at once: the C integer dot products of a sub-block are independent dpbusd chains
// interleaved with each other (one chain alone would wait on dpbusd latency at every step).
template <TensorType kAct, int S, int C>
void columns(const uint8_t* q, const float* scale, const float* bias, int n_sub, int nr, const uint8_t* x,
             size_t x_stride, const float* sums, float* y, size_t y_stride) {
    __m512 acc[C];
#pragma GCC unroll 8
    for (int c = 0; c < C; ++c) acc[c] = _mm512_setzero_ps();
    for (int s = 0; s < n_sub; ++s) {
        const uint8_t* qs = q + size_t(s) * S * kPackRows;
        const uint8_t* xr[C];
        __m512i isum[C];
#pragma GCC unroll 8
        for (int c = 0; c < C; ++c) {
            xr[c] = act_sub<kAct, S>(x + size_t(c) * x_stride, s);
            isum[c] = _mm512_setzero_si512();
        }
#pragma GCC unroll 8
        for (int k = 0; k < S / 4; ++k) {
            const __m512i w = _mm512_loadu_si512(qs + size_t(k) * 64);
#pragma GCC unroll 8
            for (int c = 0; c < C; ++c) isum[c] = _mm512_dpbusd_epi32(isum[c], w, bcast4(xr[c] + 4 * k));
        }
        const __m512 sc = _mm512_loadu_ps(scale + size_t(s) * kPackRows);
        const __m512 bi = _mm512_loadu_ps(bias + size_t(s) * kPackRows);
#pragma GCC unroll 8
        for (int c = 0; c < C; ++c) {
            const float* cs = sums + size_t(c) * 2 * n_sub;
            acc[c] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(isum[c]), _mm512_mul_ps(sc, _mm512_set1_ps(cs[s])), acc[c]);
            acc[c] = _mm512_fmadd_ps(bi, _mm512_set1_ps(cs[n_sub + s]), acc[c]);
        }
    }
    const __mmask16 mask = nr >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << nr) - 1);
#pragma GCC unroll 8
    for (int c = 0; c < C; ++c) _mm512_mask_storeu_ps(y + size_t(c) * y_stride, mask, acc[c]);
}

template <TensorType kAct, int S>
void run(const void* tile, int nr, int64_t K, const uint8_t* x, size_t x_stride, const float* sums, int nc, float* y,
         size_t y_stride) {
    const int n_sub = int(K / S);
    const auto* q = static_cast<const uint8_t*>(tile);
    const auto* scale = reinterpret_cast<const float*>(q + size_t(n_sub) * S * kPackRows);
    const float* bias = scale + size_t(n_sub) * kPackRows;
    constexpr int C = 8;
    int c = 0;
    for (; c + C <= nc; c += C)
        columns<kAct, S, C>(q, scale, bias, n_sub, nr, x + size_t(c) * x_stride, x_stride, sums + size_t(c) * 2 * n_sub,
                            y + size_t(c) * y_stride, y_stride);
    for (; c + 4 <= nc; c += 4)
        columns<kAct, S, 4>(q, scale, bias, n_sub, nr, x + size_t(c) * x_stride, x_stride, sums + size_t(c) * 2 * n_sub,
                            y + size_t(c) * y_stride, y_stride);
    for (; c < nc; ++c)
        columns<kAct, S, 1>(q, scale, bias, n_sub, nr, x + size_t(c) * x_stride, x_stride, sums + size_t(c) * 2 * n_sub,
                            y + size_t(c) * y_stride, y_stride);
}

// The 8-lane types (Q4_1, Q5_0, Q5_1, Q8_0) in ggml's order (vec_dot_ref.h), 16 rows per zmm:
// per block and column, lane k of every row = the exact integer sum of elements 4k..4k+3
// (one dpbusd, started from -offset * sum of those 4 activation quants), and
// acc_k = fma(dw * dx, lane k, acc_k); at the end hsum_float_8 over k, done vertically, plus
// the m * s chain for Q4_1/Q5_1. kOff: the unsigned quants' zero point (Q8_0 is packed as w + 128).
template <TensorType kAct, int C, int kOff>
void columns_lanes8(const uint8_t* q, const float* scale, const float* bias, int n_sub, int nr, const uint8_t* x,
                    size_t x_stride, const float* sums, float* y, size_t y_stride) {
    constexpr bool kMin = kAct == TensorType::Q8_1;
    // -kOff * (sum of each group of 4 quants), per column, block and group
    thread_local std::vector<int32_t> corr_buf;
    int32_t* corr = nullptr;
    if constexpr (kOff != 0) {
        if (corr_buf.size() < size_t(C) * size_t(n_sub) * 8) corr_buf.resize(size_t(C) * size_t(n_sub) * 8);
        corr = corr_buf.data();
        for (int c = 0; c < C; ++c)
            for (int s = 0; s < n_sub; ++s) {
                const __m256i xq = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(act_sub<kAct, 32>(x + size_t(c) * x_stride, s)));
                const __m256i t = _mm256_dpbusd_epi32(_mm256_setzero_si256(), _mm256_set1_epi8(char(kOff)), xq);
                _mm256_storeu_si256(reinterpret_cast<__m256i*>(corr + (size_t(c) * n_sub + s) * 8),
                                    _mm256_sub_epi32(_mm256_setzero_si256(), t));
            }
    }
    __m512 acc[C][8], macc[C];
#pragma GCC unroll 8
    for (int c = 0; c < C; ++c) {
        macc[c] = _mm512_setzero_ps();
#pragma GCC unroll 8
        for (int k = 0; k < 8; ++k) acc[c][k] = _mm512_setzero_ps();
    }
    for (int s = 0; s < n_sub; ++s) {
        const uint8_t* qs = q + size_t(s) * 32 * kPackRows;
        const uint8_t* xr[C];
        __m512 dd[C];
        const __m512 sc = _mm512_loadu_ps(scale + size_t(s) * kPackRows);
#pragma GCC unroll 8
        for (int c = 0; c < C; ++c) {
            xr[c] = act_sub<kAct, 32>(x + size_t(c) * x_stride, s);
            dd[c] = _mm512_mul_ps(sc, _mm512_set1_ps(sums[size_t(c) * 2 * n_sub + s]));
        }
#pragma GCC unroll 8
        for (int k = 0; k < 8; ++k) {
            const __m512i w = _mm512_loadu_si512(qs + size_t(k) * 64);
#pragma GCC unroll 8
            for (int c = 0; c < C; ++c) {
                const __m512i init = kOff != 0 ? _mm512_set1_epi32(corr[(size_t(c) * n_sub + s) * 8 + k]) : _mm512_setzero_si512();
                const __m512i lane = _mm512_dpbusd_epi32(init, w, bcast4(xr[c] + 4 * k));
                acc[c][k] = _mm512_fmadd_ps(dd[c], _mm512_cvtepi32_ps(lane), acc[c][k]);
            }
        }
        if constexpr (kMin) {
            const __m512 m = _mm512_loadu_ps(bias + size_t(s) * kPackRows);
#pragma GCC unroll 8
            for (int c = 0; c < C; ++c)
                macc[c] = _mm512_fmadd_ps(m, _mm512_set1_ps(sums[size_t(c) * 2 * n_sub + n_sub + s]), macc[c]);
        }
    }
    const __mmask16 mask = nr >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << nr) - 1);
#pragma GCC unroll 8
    for (int c = 0; c < C; ++c) {
        const __m512 r = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(acc[c][4], acc[c][0]), _mm512_add_ps(acc[c][6], acc[c][2])),
                                       _mm512_add_ps(_mm512_add_ps(acc[c][5], acc[c][1]), _mm512_add_ps(acc[c][7], acc[c][3])));
        _mm512_mask_storeu_ps(y + size_t(c) * y_stride, mask, kMin ? _mm512_add_ps(r, macc[c]) : r);
    }
}

template <TensorType kAct, int kOff>
void run_lanes8(const void* tile, int nr, int64_t K, const uint8_t* x, size_t x_stride, const float* sums, int nc, float* y,
                size_t y_stride) {
    const int n_sub = int(K / 32);
    const auto* q = static_cast<const uint8_t*>(tile);
    const auto* scale = reinterpret_cast<const float*>(q + size_t(n_sub) * 32 * kPackRows);
    const float* bias = scale + size_t(n_sub) * kPackRows;
    constexpr int C = 2;  // 8 accumulators per column
    int c = 0;
    for (; c + C <= nc; c += C)
        columns_lanes8<kAct, C, kOff>(q, scale, bias, n_sub, nr, x + size_t(c) * x_stride, x_stride, sums + size_t(c) * 2 * n_sub,
                                      y + size_t(c) * y_stride, y_stride);
    for (; c < nc; ++c)
        columns_lanes8<kAct, 1, kOff>(q, scale, bias, n_sub, nr, x + size_t(c) * x_stride, x_stride, sums + size_t(c) * 2 * n_sub,
                                      y + size_t(c) * y_stride, y_stride);
}

}  // namespace

void packed_gemm_avx512(TensorType t, const void* tile, int nr, int64_t K, const uint8_t* x, size_t x_stride,
                        const float* sums, int nc, float* y, size_t y_stride) {
    if (exact_tile_bytes(t, K)) {  // Q4_0, Q6_K: their own tiles (matmul_exact_avx512.cpp)
        exact_tile_gemm_avx512(t, tile, nr, K, x, x_stride, sums, nc, y, y_stride);
        return;
    }
    switch (t) {  // ggml's 8-lane order (see columns_lanes8)
        case TensorType::Q8_0: return run_lanes8<TensorType::Q8_0, 128>(tile, nr, K, x, x_stride, sums, nc, y, y_stride);
        case TensorType::Q5_0: return run_lanes8<TensorType::Q8_0, 16>(tile, nr, K, x, x_stride, sums, nc, y, y_stride);
        case TensorType::Q4_1:
        case TensorType::Q5_1: return run_lanes8<TensorType::Q8_1, 0>(tile, nr, K, x, x_stride, sums, nc, y, y_stride);
        default: break;
    }
    const PackedLayout l = packed_layout(t);
    if (l.act == TensorType::Q8_0) run<TensorType::Q8_0, 32>(tile, nr, K, x, x_stride, sums, nc, y, y_stride);
    else if (l.act == TensorType::Q8_1) run<TensorType::Q8_1, 32>(tile, nr, K, x, x_stride, sums, nc, y, y_stride);
    else if (l.sub == 32) run<TensorType::Q8_K, 32>(tile, nr, K, x, x_stride, sums, nc, y, y_stride);
    else run<TensorType::Q8_K, 16>(tile, nr, K, x, x_stride, sums, nc, y, y_stride);
}

}  // namespace perimeter::kernels
