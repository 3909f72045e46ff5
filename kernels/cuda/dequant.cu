// dequantize_rows: one thread per 8-weight chunk (quant_device.cuh), bit-identical to the CPU
// reference. Used for embedding rows and for tests; matmul dequantizes on the fly instead.
#include "kernels/cuda/cuda_ops.h"
#include "kernels/cuda/quant_device.cuh"

namespace perimeter::kernels::cuda {
namespace {

template <class Q>
__global__ void dequantize_kernel(const uint8_t* __restrict__ src, size_t stride, int64_t n, int64_t rows,
                                  float* __restrict__ dst) {
    constexpr int kChunks = Q::qk / 8;
    const int64_t per_row = n / Q::qk * kChunks;
    const int64_t total = per_row * rows;
    for (int64_t g = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; g < total; g += int64_t(gridDim.x) * blockDim.x) {
        const int64_t r = g / per_row, in_row = g - r * per_row;
        const int64_t b = in_row / kChunks;
        const int c = int(in_row - b * kChunks);
        float* y = dst + r * n + b * Q::qk;
        Q::visit(src + size_t(r) * stride + size_t(b) * Q::bytes, c, [&](int i, float w) { y[i] = w; });
    }
}

}  // namespace

bool supports(TensorType t) {
    switch (t) {
        case TensorType::F16:
        case TensorType::BF16:
        case TensorType::Q4_0:
        case TensorType::Q4_1:
        case TensorType::Q8_0:
        case TensorType::Q4_K:
        case TensorType::Q6_K: return true;
        default: return false;
    }
}

void dequantize_rows(TensorType t, const void* src, size_t src_row_stride, int64_t n, int64_t rows, float* dst) {
    dispatch_quant(t, "dequantize_rows", [&](auto q) {
        using Q = decltype(q);
        const size_t stride = checked_row_stride<Q>("dequantize_rows", src, n, src_row_stride);
        if (rows < 0) invalid("dequantize_rows", std::to_string(rows) + " rows");
        if (rows == 0) return;
        if (!src || !dst) invalid("dequantize_rows", "null pointer");
        constexpr int kThreads = 256;
        const int64_t total = n / Q::qk * (Q::qk / 8) * rows;
        dequantize_kernel<Q><<<grid_blocks(total, kThreads), kThreads>>>(static_cast<const uint8_t*>(src), stride, n,
                                                                          rows, dst);
        CUDA_CHECK_LAUNCH();
    });
}

}  // namespace perimeter::kernels::cuda
