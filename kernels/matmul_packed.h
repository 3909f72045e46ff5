// Internal: the prompt-batch matmul path on repacked weights (AVX-512 VNNI).
//
// For a batch of activation rows, a tile of 16 weight rows is first unpacked ("repacked") into
// one canonical form, whatever its GGUF type: for every sub-block of S = 16 or 32 weights,
//   q      unsigned 8-bit quants, 16 rows interleaved in 4-byte groups (so that one
//          _mm512_dpbusd_epi32 against 4 broadcast activation bytes advances all 16 rows),
//   scale  per row: the float that multiplies sum(q * x_int8)  (d, or d * sub-block scale)
//   bias   per row: the float that multiplies the activation sub-block's "sum term"
//          (the weight offset or min: -8d for Q4_0, m for Q4_1, -dmin * m for Q4_K, ...),
// and w = scale * q + bias / S-sum equivalently: dot(w, x) = sum_sb scale * dx * sum(q x_q)
// + bias * xsum_sb, where xsum_sb is dx * sum(x_q) over the sub-block (for Q8_1 activations the
// block's stored s, as the reference uses it). One kernel then serves every type with
// 16 rows x up to 8 columns per step, converting to float once per sub-block for 16 rows.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/tensor_type.h"

namespace perimeter::kernels {

constexpr int kPackRows = 16;

struct PackedLayout {
    int sub = 0;        // weights per sub-block (16 or 32); 0 = type not repackable
    TensorType act = TensorType::F32;  // activation format the type pairs with
};
PackedLayout packed_layout(TensorType t);

// Bytes of scratch a packed tile of K columns needs (q + scale + bias).
size_t packed_tile_bytes(TensorType t, int64_t K);

// Repacks nr (<= 16) rows of w (row stride ws bytes) into `tile` (packed_tile_bytes). Rows past
// nr are zero.
void pack_weight_tile(TensorType t, const uint8_t* w, size_t ws, int nr, int64_t K, void* tile);

// Per activation row and sub-block: dx (the scale of the sub-block's int8 quants) and xsum
// (the float multiplying `bias`), and where the sub-block's int8 quants start.
struct PackedAct {
    const int8_t* q;  // first sub-block of the row; sub-block s at q + offset(s)
    const float* dx;  // n_sub
    const float* xsum;  // n_sub
};
// Fills dx/xsum (2 * n_sub floats per row, into `out`) for M activation rows of the partner
// format (rows `x_stride` bytes apart).
void pack_activation_sums(TensorType t, const uint8_t* x, size_t x_stride, int M, int64_t K, float* out);

// y[c * y_stride + r] for r < nr (<= 16), c < nc: the dot products of a packed tile with nc
// activation rows (x_stride bytes apart; sums from pack_activation_sums, 2 * n_sub per row).
void packed_gemm_avx512(TensorType t, const void* tile, int nr, int64_t K, const uint8_t* x, size_t x_stride,
                        const float* sums, int nc, float* y, size_t y_stride);

// Q4_0 and Q6_K take this path on their own tiles, in llama.cpp's order (matmul_exact_avx512.cpp):
// the weight tile, the per-row activation sums (2 * n_sub floats per row, as above) and the
// kernel that the four functions above hand them to.
size_t exact_tile_bytes(TensorType t, int64_t K);
void exact_pack_tile(TensorType t, const uint8_t* w, size_t ws, int nr, int64_t K, void* tile);
void exact_activation_sums(TensorType t, const uint8_t* x, size_t x_stride, int M, int64_t K, float* out);
void exact_tile_gemm_avx512(TensorType t, const void* tile, int nr, int64_t K, const uint8_t* x, size_t x_stride,
                            const float* sums, int nc, float* y, size_t y_stride);

}  // namespace perimeter::kernels
