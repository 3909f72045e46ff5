// swiglu: y = silu(gate) * up = gate / (1 + exp(-gate)) * up, element-wise.
#include "kernels/cuda/cuda_common.cuh"
#include "kernels/cuda/cuda_ops.h"

namespace perimeter::kernels::cuda {
namespace {

__global__ void swiglu_kernel(const float* gate, const float* up, int64_t n, float* y) {
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x) {
        const float g = gate[i];
        y[i] = g / (1.0f + expf(-g)) * up[i];
    }
}

}  // namespace

void swiglu(const float* gate, const float* up, int64_t n, float* y) {
    if (n < 0) invalid("swiglu", "n = " + std::to_string(n));
    if (n == 0) return;
    if (!gate || !up || !y) invalid("swiglu", "null pointer");
    constexpr int kThreads = 256;
    swiglu_kernel<<<grid_blocks(n, kThreads), kThreads>>>(gate, up, n, y);
    CUDA_CHECK_LAUNCH();
}

}  // namespace perimeter::kernels::cuda
