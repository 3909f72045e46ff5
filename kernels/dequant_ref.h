// Scalar reference dequantizers: one row (n elements, n a multiple of the block size) of a
// tensor type -> fp32. These are the ground truth every fast kernel is tested against; they
// follow ggml's dequantize_row_* (ggml-quants.c) operation for operation, so their output is
// bit-identical to ggml's and to gguf-py's gguf.quants.dequantize.
//
// Callers normally go through the table: kernels::type_traits(t).dequantize_row.
#pragma once
#include <cstdint>

namespace perimeter::kernels {

void dequantize_row_f32(const void* src, float* dst, int64_t n);
void dequantize_row_f16(const void* src, float* dst, int64_t n);
void dequantize_row_bf16(const void* src, float* dst, int64_t n);
void dequantize_row_q4_0(const void* src, float* dst, int64_t n);
void dequantize_row_q4_1(const void* src, float* dst, int64_t n);
void dequantize_row_q5_0(const void* src, float* dst, int64_t n);
void dequantize_row_q5_1(const void* src, float* dst, int64_t n);
void dequantize_row_q8_0(const void* src, float* dst, int64_t n);
void dequantize_row_q8_1(const void* src, float* dst, int64_t n);
void dequantize_row_q2_K(const void* src, float* dst, int64_t n);
void dequantize_row_q3_K(const void* src, float* dst, int64_t n);
void dequantize_row_q4_K(const void* src, float* dst, int64_t n);
void dequantize_row_q5_K(const void* src, float* dst, int64_t n);
void dequantize_row_q6_K(const void* src, float* dst, int64_t n);
void dequantize_row_q8_K(const void* src, float* dst, int64_t n);

}  // namespace perimeter::kernels
