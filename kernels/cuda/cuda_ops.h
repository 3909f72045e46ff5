// The CUDA kernels: the same ops as kernels/ops.h, over device memory. Plain C++ (no CUDA
// headers), so a CUDA backend is written against this and the CPU one against ops.h, over the
// same model description (WeightView, RopeParams).
//
// Conventions, for every op:
//  - Every data pointer is a DEVICE pointer (CudaBuffer::data(), or a pointer into one),
//    including WeightView::data, RopeParams::freq_factors and rope's positions. Sizes, strides
//    and parameters are host values.
//  - Layouts and results are those of the CPU op of the same name in kernels/ops.h.
//  - Ops are enqueued on the default stream and return at once; read results with
//    CudaBuffer::download() (which waits) or call synchronize() (device.h).
//  - Bad arguments throw std::invalid_argument naming the op before anything is launched;
//    a failed launch throws std::runtime_error from CUDA_CHECK.
//  - Call only when cuda_available() (device.h); otherwise use the CPU ops.
// One op per .cu file beside this header; quantized types are read by the per-type templates
// in quant_device.cuh.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/ops.h"
#include "kernels/tensor_type.h"

namespace perimeter::kernels::cuda {

// Weight types dequantize_rows and matmul accept: F16, BF16, Q4_0, Q4_1, Q8_0, Q4_K, Q6_K.
// For F16/BF16 the row length must be a multiple of 8 (it is in every real model).
bool supports(TensorType t);

// dst[r][0..n) = row r of src dequantized to fp32, exactly as kernels/dequant_ref.h computes
// it, for r < rows. Rows of `src` are `src_row_stride` bytes apart (0 = row_size(t, n));
// dst is rows x n fp32, packed.
void dequantize_rows(TensorType t, const void* src, size_t src_row_stride, int64_t n, int64_t rows, float* dst);

// y[m][n] = sum_k x[m][k] * W[n][k] for m < M, n < w.rows: x is M x K fp32 (row stride K =
// w.ne0), y is M x N fp32 (row stride N). The weights are dequantized on the fly and dotted
// with the fp32 activations (no activation quantization, unlike the CPU path), one warp per
// weight row, 1 (M = 1, generation) or 8 (M > 1, prompt batches) activation rows per pass.
// w.data and w.row_stride must be aligned to 4 bytes (16 for F16/BF16); GGUF data is.
void matmul(const WeightView& w, const float* x, int M, float* y);

// y[r] = x[r] / sqrt(mean(x[r]^2) + eps) * weight (weight may be nullptr). In place allowed.
void rms_norm(const float* x, const float* weight, int rows, int n, float eps, float* y);

// Rotates head vectors in place, as kernels::rope: token t, head h starts at
// x + t * token_stride + h * head_dim; positions[t] (device memory) is token t's position;
// p.freq_factors, when set, is device memory too.
void rope(float* x, int n_tokens, int n_heads, int head_dim, size_t token_stride, const int32_t* positions,
          const RopeParams& p);

// Row-wise softmax over rows of n, max subtracted. In place allowed.
void softmax(const float* x, int rows, int n, float* y);

// y = silu(gate) * up, element-wise (the SwiGLU FFN). In place allowed.
void swiglu(const float* gate, const float* up, int64_t n, float* y);

}  // namespace perimeter::kernels::cuda
