// Quantized block layouts, byte-for-byte as ggml defines them (ggml-common.h), so that a
// GGUF tensor's data can be read in place as an array of these structs.
//
// A row of a quantized tensor is a sequence of blocks; each block holds `QK` consecutive
// weights (32 for the legacy formats, QK_K = 256 for the k-quants) as small integers plus
// one or more fp16 scales. Reading the formula for each format: see kernels/dequant_ref.cpp.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/half.h"

namespace perimeter::kernels {

constexpr int QK4_0 = 32;
constexpr int QK4_1 = 32;
constexpr int QK5_0 = 32;
constexpr int QK5_1 = 32;
constexpr int QK8_0 = 32;
constexpr int QK8_1 = 32;
constexpr int QK_K = 256;          // super-block size of the k-quants
constexpr int K_SCALE_SIZE = 12;   // packed 6-bit scales/mins of Q4_K and Q5_K

// ---- legacy formats: 32 weights per block -------------------------------------------------

// w = d * (q - 8), q in [0, 15]; low nibbles hold weights 0..15, high nibbles 16..31.
struct block_q4_0 {
    f16_t d;               // scale
    uint8_t qs[QK4_0 / 2];  // 4-bit quants
};
static_assert(sizeof(block_q4_0) == 18, "block_q4_0 must be 18 bytes");

// w = d * q + m, q in [0, 15].
struct block_q4_1 {
    f16_t d;               // scale
    f16_t m;               // min
    uint8_t qs[QK4_1 / 2];  // 4-bit quants
};
static_assert(sizeof(block_q4_1) == 20, "block_q4_1 must be 20 bytes");

// w = d * (q - 16), q in [0, 31]: 4 low bits in qs, the 5th bit of weight j in bit j of qh.
struct block_q5_0 {
    f16_t d;               // scale
    uint8_t qh[4];          // 5th bits (little-endian uint32)
    uint8_t qs[QK5_0 / 2];  // low 4 bits
};
static_assert(sizeof(block_q5_0) == 22, "block_q5_0 must be 22 bytes");

// w = d * q + m, q in [0, 31].
struct block_q5_1 {
    f16_t d;               // scale
    f16_t m;               // min
    uint8_t qh[4];          // 5th bits
    uint8_t qs[QK5_1 / 2];  // low 4 bits
};
static_assert(sizeof(block_q5_1) == 24, "block_q5_1 must be 24 bytes");

// w = d * q, q in [-127, 127].
struct block_q8_0 {
    f16_t d;             // scale
    int8_t qs[QK8_0];     // quants
};
static_assert(sizeof(block_q8_0) == 34, "block_q8_0 must be 34 bytes");

// Activation format paired with Q4_1/Q5_1: like Q8_0 plus s = d * sum(qs).
struct block_q8_1 {
    f16_t d;             // scale
    f16_t s;             // d * sum(qs[i])
    int8_t qs[QK8_1];     // quants
};
static_assert(sizeof(block_q8_1) == 36, "block_q8_1 must be 36 bytes");

// ---- k-quants: 256-weight super-blocks split into 16 or 8 sub-blocks ----------------------

// 2.625 bits/weight. 16 sub-blocks of 16: w = d * (scale & 0xF) * q - dmin * (scale >> 4).
struct block_q2_K {
    uint8_t scales[QK_K / 16];  // 4-bit scale (low) and 4-bit min (high) per sub-block
    uint8_t qs[QK_K / 4];       // 2-bit quants
    f16_t d;                   // super-block scale for the scales
    f16_t dmin;                // super-block scale for the mins
};
static_assert(sizeof(block_q2_K) == 2 * sizeof(f16_t) + QK_K / 16 + QK_K / 4, "block_q2_K must be 84 bytes");

// 3.4375 bits/weight. 16 sub-blocks of 16: w = d * (scale - 32) * (q - (hbit ? 0 : 4)).
struct block_q3_K {
    uint8_t hmask[QK_K / 8];  // high bit of each quant
    uint8_t qs[QK_K / 4];     // low 2 bits
    uint8_t scales[12];       // 16 6-bit scales, packed
    f16_t d;                 // super-block scale
};
static_assert(sizeof(block_q3_K) == sizeof(f16_t) + QK_K / 4 + QK_K / 8 + 12, "block_q3_K must be 110 bytes");

// 4.5 bits/weight. 8 sub-blocks of 32: w = d * sc * q - dmin * m (6-bit sc and m).
struct block_q4_K {
    f16_t d;                      // super-block scale for the quantized scales
    f16_t dmin;                   // super-block scale for the quantized mins
    uint8_t scales[K_SCALE_SIZE];  // 8 scales and 8 mins, 6 bits each, packed
    uint8_t qs[QK_K / 2];          // 4-bit quants
};
static_assert(sizeof(block_q4_K) == 2 * sizeof(f16_t) + K_SCALE_SIZE + QK_K / 2, "block_q4_K must be 144 bytes");

// 5.5 bits/weight. As Q4_K with a 5th bit per quant in qh.
struct block_q5_K {
    f16_t d;                      // super-block scale for the quantized scales
    f16_t dmin;                   // super-block scale for the quantized mins
    uint8_t scales[K_SCALE_SIZE];  // 8 scales and 8 mins, 6 bits each, packed
    uint8_t qh[QK_K / 8];          // 5th bits
    uint8_t qs[QK_K / 2];          // low 4 bits
};
static_assert(sizeof(block_q5_K) == 2 * sizeof(f16_t) + K_SCALE_SIZE + QK_K / 2 + QK_K / 8, "block_q5_K must be 176 bytes");

// 6.5625 bits/weight. 16 sub-blocks of 16: w = d * scale * (q - 32), 8-bit signed scales.
struct block_q6_K {
    uint8_t ql[QK_K / 2];      // low 4 bits
    uint8_t qh[QK_K / 4];      // high 2 bits
    int8_t scales[QK_K / 16];  // scales, 8 bits
    f16_t d;                  // super-block scale
};
static_assert(sizeof(block_q6_K) == sizeof(f16_t) + QK_K / 16 + 3 * QK_K / 4, "block_q6_K must be 210 bytes");

// Activation format paired with every k-quant: w = d * q, with per-16 sums for the mins.
struct block_q8_K {
    float d;                     // scale (fp32, not fp16)
    int8_t qs[QK_K];             // quants
    int16_t bsums[QK_K / 16];    // sum of the quants in each group of 16
};
static_assert(sizeof(block_q8_K) == sizeof(float) + QK_K + QK_K / 16 * sizeof(int16_t), "block_q8_K must be 292 bytes");

}  // namespace perimeter::kernels
