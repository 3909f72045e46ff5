// rms_norm: one block per row; the block sums the squares, then scales (and weights) the row.
#include "kernels/cuda/cuda_common.cuh"
#include "kernels/cuda/cuda_ops.h"

namespace perimeter::kernels::cuda {
namespace {

__global__ void rms_norm_kernel(const float* x, const float* weight, int n, float eps, float* y) {
    const float* xr = x + int64_t(blockIdx.x) * n;
    float* yr = y + int64_t(blockIdx.x) * n;
    float sum = 0.0f;
    for (int i = threadIdx.x; i < n; i += blockDim.x) sum += xr[i] * xr[i];
    sum = block_sum(sum);  // every read of the row happens before this barrier: in place is safe
    const float s = 1.0f / sqrtf(sum / float(n) + eps);
    for (int i = threadIdx.x; i < n; i += blockDim.x) yr[i] = weight ? xr[i] * s * weight[i] : xr[i] * s;
}

}  // namespace

void rms_norm(const float* x, const float* weight, int rows, int n, float eps, float* y) {
    if (rows < 0 || n <= 0) invalid("rms_norm", std::to_string(rows) + " rows of " + std::to_string(n));
    if (rows == 0) return;
    if (!x || !y) invalid("rms_norm", "null pointer");
    rms_norm_kernel<<<unsigned(rows), row_threads(n)>>>(x, weight, n, eps, y);
    CUDA_CHECK_LAUNCH();
}

}  // namespace perimeter::kernels::cuda
