// Scalar reference quantizers: fp32 row (n a multiple of the block size) -> blocks.
//
// Q8_0, Q8_1 and Q8_K are the activation formats that the dot-product kernels pair with weight
// types (see TypeTraits::vec_dot_type); Q4_0 and Q8_0 are also handy for writing small test
// models in C++. Their bytes equal those of the quantizers llama.cpp runs on x86: Q4_0 and Q8_K
// are ggml's quantize_row_*_ref; Q8_0 and Q8_1 follow ggml's x86 SIMD quantize_row_q8_0/q8_1
// (arch/x86/quants.c, also ggml_quantize_mat_q8_0_4x8 of the repacked Q4_0 path), which differ
// from ggml's scalar reference: id = 127 / amax instead of 1 / (amax / 127), and rounding half
// to even (_mm256_round_ps) instead of roundf's half away from zero. A last-bit difference there
// flips an 8-bit rounding that grows layer by layer (SmolLM2 Q4_1 top-1 vs llama.cpp 95.2% ->
// 96.4% with this rule).
#pragma once
#include <cstdint>

namespace perimeter::kernels {

void quantize_row_q4_0(const float* src, void* dst, int64_t n);
void quantize_row_q8_0(const float* src, void* dst, int64_t n);
void quantize_row_q8_1(const float* src, void* dst, int64_t n);
void quantize_row_q8_K(const float* src, void* dst, int64_t n);
void quantize_row_f16(const float* src, void* dst, int64_t n);
void quantize_row_bf16(const float* src, void* dst, int64_t n);

// fp32 -> fp32 rounded to fp16 / bf16 precision (round to nearest even): the activations of
// F16 / BF16 matmuls. ggml's vec_dot_type for F16 (BF16) weights is F16 (BF16), so llama.cpp
// rounds every such matmul's input; our kernels then multiply in fp32 (exact for the rounded
// values), which gives the same products.
void round_row_f16(const float* src, void* dst, int64_t n);
void round_row_bf16(const float* src, void* dst, int64_t n);

}  // namespace perimeter::kernels
