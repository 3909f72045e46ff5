// matmul: y = x W^T with W quantized, dequantized on the fly (quant_device.cuh).
//
// One warp per weight row: lane l reads chunks l, l+32, ... of the row (neighbouring bytes,
// so each warp-wide load is coalesced), multiplies each weight with the matching activations
// and the warp sums its lanes with shuffles. A pass serves MT activation rows at once, so each
// weight byte read from memory is used MT times: MT = 1 for generation (M = 1, bandwidth-
// bound), MT = 8 for prompt batches. A correct first version: a tiled kernel with activations
// in shared memory (or dequantize + cuBLAS for large M) is the next step for prompt speed.
#include "kernels/cuda/cuda_ops.h"
#include "kernels/cuda/quant_device.cuh"

namespace perimeter::kernels::cuda {
namespace {

constexpr int kWarps = 4;  // weight rows per block of 128 threads

template <class Q, int MT>
__global__ void __launch_bounds__(kWarps * 32)
    matmul_kernel(const uint8_t* __restrict__ w, size_t stride, int64_t K, int64_t N, const float* __restrict__ x,
                  int M, float* __restrict__ y) {
    constexpr int kChunks = Q::qk / 8;
    const int lane = threadIdx.x & 31;
    const int64_t row = int64_t(blockIdx.x) * kWarps + (threadIdx.x >> 5);
    if (row >= N) return;  // the whole warp leaves together, so the shuffles below stay full
    const int m0 = int(blockIdx.y) * MT;
    const int mc = min(MT, M - m0);
    const uint8_t* wr = w + size_t(row) * stride;
    const float* xm = x + int64_t(m0) * K;
    const int64_t n_chunks = K / Q::qk * kChunks;

    float acc[MT];
#pragma unroll
    for (int j = 0; j < MT; ++j) acc[j] = 0.0f;
    for (int64_t g = lane; g < n_chunks; g += 32) {
        const int64_t b = g / kChunks;
        const int c = int(g - b * kChunks);
        const float* xb = xm + b * Q::qk;
        Q::visit(wr + size_t(b) * Q::bytes, c, [&](int i, float wv) {
#pragma unroll
            for (int j = 0; j < MT; ++j)
                if (j < mc) acc[j] = fmaf(wv, xb[int64_t(j) * K + i], acc[j]);
        });
    }
#pragma unroll
    for (int j = 0; j < MT; ++j) {
        const float s = warp_sum(acc[j]);
        if (lane == 0 && j < mc) y[int64_t(m0 + j) * N + row] = s;
    }
}

template <class Q, int MT>
void launch(const WeightView& w, size_t stride, const float* x, int M, float* y) {
    const dim3 grid(unsigned((w.rows + kWarps - 1) / kWarps), unsigned((M + MT - 1) / MT));
    matmul_kernel<Q, MT><<<grid, kWarps * 32>>>(static_cast<const uint8_t*>(w.data), stride, w.ne0, w.rows, x, M, y);
    CUDA_CHECK_LAUNCH();
}

}  // namespace

void matmul(const WeightView& w, const float* x, int M, float* y) {
    dispatch_quant(w.type, "matmul", [&](auto q) {
        using Q = decltype(q);
        const size_t stride = checked_row_stride<Q>("matmul", w.data, w.ne0, w.row_stride);
        if (M < 0 || w.rows < 0) invalid("matmul", "M = " + std::to_string(M) + ", N = " + std::to_string(w.rows));
        if (M == 0 || w.rows == 0) return;
        if (!w.data || !x || !y) invalid("matmul", "null pointer");
        if ((w.rows + kWarps - 1) / kWarps > int64_t(0x7FFFFFFF)) invalid("matmul", "too many rows");
        if (M > 65535 * 8) invalid("matmul", "M = " + std::to_string(M) + ", at most " + std::to_string(65535 * 8));
        if (M == 1)
            launch<Q, 1>(w, stride, x, M, y);
        else
            launch<Q, 8>(w, stride, x, M, y);
    });
}

}  // namespace perimeter::kernels::cuda
