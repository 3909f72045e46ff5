// Scalar reference quantizers: fp32 row (n a multiple of the block size) -> blocks.
//
// Q8_0, Q8_1 and Q8_K are the activation formats that the dot-product kernels pair with weight
// types (see TypeTraits::vec_dot_type); Q4_0 and Q8_0 are also handy for writing small test
// models in C++. They follow ggml's quantize_row_*_ref, so their bytes equal ggml's.
#pragma once
#include <cstdint>

namespace perimeter::kernels {

void quantize_row_q4_0(const float* src, void* dst, int64_t n);
void quantize_row_q8_0(const float* src, void* dst, int64_t n);
void quantize_row_q8_1(const float* src, void* dst, int64_t n);
void quantize_row_q8_K(const float* src, void* dst, int64_t n);
void quantize_row_f16(const float* src, void* dst, int64_t n);
void quantize_row_bf16(const float* src, void* dst, int64_t n);

}  // namespace perimeter::kernels
