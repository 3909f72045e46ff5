// softmax: one block per row; max, then exp and sum, then scale - as the CPU op.
#include "kernels/cuda/cuda_common.cuh"
#include "kernels/cuda/cuda_ops.h"

namespace perimeter::kernels::cuda {
namespace {

__global__ void softmax_kernel(const float* x, int n, float* y) {
    const float* xr = x + int64_t(blockIdx.x) * n;
    float* yr = y + int64_t(blockIdx.x) * n;
    float mx = -INFINITY;
    for (int i = threadIdx.x; i < n; i += blockDim.x) mx = fmaxf(mx, xr[i]);
    mx = block_max(mx);
    // Each thread rewrites only the elements it read itself, so y may be x.
    float sum = 0.0f;
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        const float e = expf(xr[i] - mx);
        yr[i] = e;
        sum += e;
    }
    const float inv = 1.0f / block_sum(sum);
    for (int i = threadIdx.x; i < n; i += blockDim.x) yr[i] *= inv;
}

}  // namespace

void softmax(const float* x, int rows, int n, float* y) {
    if (rows < 0 || n <= 0) invalid("softmax", std::to_string(rows) + " rows of " + std::to_string(n));
    if (rows == 0) return;
    if (!x || !y) invalid("softmax", "null pointer");
    softmax_kernel<<<unsigned(rows), row_threads(n)>>>(x, n, y);
    CUDA_CHECK_LAUNCH();
}

}  // namespace perimeter::kernels::cuda
