// Internal: the per-variant matmul kernel tables behind kernels::matmul (ops.h).
//
// A GemmFn computes a tile of dot products
//   y[c * y_stride + r] = dot(weight row r, activation row c)   for r < nr, c < nc
// with weight rows `w_stride` bytes apart and activation rows (already in the partner format,
// act_type) `x_stride` bytes apart. Matrix-vector is nc = 1. The variants block rows x columns
// in registers so that each weight byte loaded serves several activation rows.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/tensor_type.h"
#include "kernels/type_traits.h"

namespace perimeter::kernels {

using GemmFn = void (*)(int64_t K, const void* w, size_t w_stride, int nr, const void* x, size_t x_stride, int nc,
                        float* y, size_t y_stride);

// Which activation rows of a batch of M take `gemm` and which `matvec` (as llama.cpp's CPU backend
// picks per batch, so that each row gets ggml's arithmetic bit for bit; vec_dot_ref.h).
enum class BatchRule {
    Same,       // one order for every row: gemm for batches, matvec (if set) for M = 1
    TailOf4,    // repacked gemm on rows in groups of 4, gemv on the last M % 4 (Q4_K)
    MinBatch8,  // gemm order from M >= 8 on (ggml's tiled K-quant matmul), matvec below (Q6_K)
    TinyShape,  // gemm order for M >= 2 when rows % 4 == 0 and K % 16 == 0 (tinyBLAS), else matvec
};

struct MatmulKernel {
    TensorType act_type = TensorType::F32;  // F32: the fp32 activations are used as they are
    QuantizeRowFn quantize = nullptr;       // fp32 row -> act_type row (bit-identical to the
                                            // reference quantizer); nullptr for F32 weights;
                                            // F16/BF16 weights: fp32 rounded to fp16/bf16
                                            // (round_row_f16/bf16, as ggml does)
    GemmFn gemm = nullptr;
    // One activation row (nc = 1, generation): a kernel tuned for streaming the weights, or
    // nullptr where gemm serves it as well. Same contract as gemm with nc = 1.
    GemmFn matvec = nullptr;
    BatchRule rule = BatchRule::Same;
};

// F32 weights with at least this many activation rows go to OpenBLAS sgemm when it is
// available (F16/BF16 stay on our FMA tiles: converting them for sgemm measured slower).
constexpr int kBlasMinBatch = 8;
// Benchmarks and tests switch the OpenBLAS path off to compare (not thread-safe).
void set_matmul_blas(bool enabled);
// Quantized weights with at least this many activation rows take the repacked-tile path on
// AVX-512 (matmul_packed.h); set_matmul_packed(false) turns it off (benchmarks, tests).
constexpr int kPackedMinBatch = 32;  // measured: tiles win up to M = 16, packed from 32
void set_matmul_packed(bool enabled);

// nullptr where the variant has no kernel for the type (matmul then uses the next narrower).
const MatmulKernel* matmul_kernel_scalar(TensorType t);
const MatmulKernel* matmul_kernel_avx2(TensorType t);
const MatmulKernel* matmul_kernel_avx512(TensorType t);
// The AVX-512 matrix-vector kernels (matvec_avx512.cpp); nullptr for types without one.
GemmFn matvec_avx512(TensorType t);
// AVX-512 VNNI batch kernels in llama.cpp's orders, 16 weight rows per register
// (matmul_exact_avx512.cpp).
void gemm_q4_K_exact_avx512(int64_t K, const void* w, size_t w_stride, int nr, const void* x, size_t x_stride, int nc,
                            float* y, size_t y_stride);
void gemm_q6_K_exact_avx512(int64_t K, const void* w, size_t w_stride, int nr, const void* x, size_t x_stride, int nc,
                            float* y, size_t y_stride);
void gemm_q4_0_exact_avx512(int64_t K, const void* w, size_t w_stride, int nr, const void* x, size_t x_stride, int nc,
                            float* y, size_t y_stride);

}  // namespace perimeter::kernels
