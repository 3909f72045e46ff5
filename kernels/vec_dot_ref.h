// Scalar reference dot products of one weight row with one activation row, per weight type:
// *s = sum_i w[i] * x[i] over n elements (n a multiple of the block size).
//
// The activation row is in the weight type's partner format (vec_dot_type in type_traits.h:
// Q8_0, Q8_1 or Q8_K), except for float weights, whose partner is the fp32 row itself. Every
// quantized dot computes, per block, an exact integer sum of products and scales it in fp32:
//   Q4_0  (dx*dy) * sum (q-8)*q8                 Q4_1  (dx*dy) * sum q*q8 + mx*sy
//   Q5_0  (dx*dy) * sum (q-16)*q8                Q5_1  (dx*dy) * sum q*q8 + mx*sy
//   Q8_0  (dx*dy) * sum q*q8
//   Qn_K  (dx*dy) * sum_j sc_j * sum q*q8  -  (dmin*dy) * sum_j m_j * bsum_j
// The float arithmetic follows llama.cpp's CPU backend (ggml) on x86 operation for operation,
// so that our logits are llama.cpp's bit for bit: per type the path ggml takes there (8-lane
// block sums for Q4_1/Q5_x/Q8_0, the repacked q4_0_8x8 / q4_K_8x8 order for Q4_0/Q4_K, the
// 8 integer lanes of vec_dot_q6_K_q8_K, vec_dot_f32/f16 for one activation row and tinyBLAS's
// 16 lanes for several). The SIMD variants must give the same bits (tests check it).
#pragma once
#include <cstdint>

namespace perimeter::kernels {

void vec_dot_f32_ref(int64_t n, float* s, const void* w, const void* x);       // ggml_vec_dot_f32
void vec_dot_f32_tiny_ref(int64_t n, float* s, const void* w, const void* x);  // tinyBLAS, n % 16 == 0
void vec_dot_f16_ref(int64_t n, float* s, const void* w, const void* x);
void vec_dot_f16_tiny_ref(int64_t n, float* s, const void* w, const void* x);
// ggml's horizontal sums: hsum_float_8 (x86 quants.c) and GCC's _mm512_reduce_add_ps.
float hsum8_ggml(const float* a);
float reduce16_ggml(const float* a);
void vec_dot_bf16_ref(int64_t n, float* s, const void* w, const void* x);
void vec_dot_q4_0_ref(int64_t n, float* s, const void* w, const void* x);
void vec_dot_q4_1_ref(int64_t n, float* s, const void* w, const void* x);
void vec_dot_q5_0_ref(int64_t n, float* s, const void* w, const void* x);
void vec_dot_q5_1_ref(int64_t n, float* s, const void* w, const void* x);
void vec_dot_q8_0_ref(int64_t n, float* s, const void* w, const void* x);
void vec_dot_q2_K_ref(int64_t n, float* s, const void* w, const void* x);
void vec_dot_q3_K_ref(int64_t n, float* s, const void* w, const void* x);
void vec_dot_q4_K_ref(int64_t n, float* s, const void* w, const void* x);     // ggml's gemv order
void vec_dot_q4_K_x4_ref(int64_t n, float* s, const void* w, const void* x);  // ggml's 4-row gemm order
void vec_dot_q5_K_ref(int64_t n, float* s, const void* w, const void* x);
void vec_dot_q6_K_ref(int64_t n, float* s, const void* w, const void* x);        // < 8 rows
void vec_dot_q6_K_tiled_ref(int64_t n, float* s, const void* w, const void* x);  // batches >= 8

// Unpacked k-quant super-block, shared by the scalar dots and the tests: the 256 integer
// quants with the offsets folded in (Q3_K: -4..3, Q6_K: -32..31, others >= 0), the scale of
// each sub-block and, for Q2_K/Q4_K/Q5_K, its min. sub = 16 (Q2_K, Q3_K, Q6_K) or 32.
struct UnpackedK {
    int8_t q[256];
    int scale[16];
    int min[16];
    int n_sub;       // 16 or 8 sub-blocks
    int sub;         // elements per sub-block
    float d, dmin;   // super-block scales (dmin 0 for Q3_K/Q6_K)
};
void unpack_q2_K(const void* block, UnpackedK* u);
void unpack_q3_K(const void* block, UnpackedK* u);
void unpack_q4_K(const void* block, UnpackedK* u);
void unpack_q5_K(const void* block, UnpackedK* u);
void unpack_q6_K(const void* block, UnpackedK* u);

}  // namespace perimeter::kernels
