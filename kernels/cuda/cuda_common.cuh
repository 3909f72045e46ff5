// Shared by the .cu files: warp/block reductions, launch checks, argument errors. Internal.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "kernels/cuda/cuda_check.h"

namespace perimeter::kernels::cuda {

// Every lane gets the sum / max over the 32 lanes of its warp (all lanes must take part).
__device__ __forceinline__ float warp_sum(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}
__device__ __forceinline__ float warp_max(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

// Every thread gets the sum / max over the block. blockDim.x must be a multiple of 32 (at
// most 1024) and every thread must call it. Safe to call repeatedly in one kernel: the
// leading barrier keeps a call from overwriting partials the previous call is still reading.
__device__ inline float block_sum(float v) {
    __shared__ float part[32];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    v = warp_sum(v);
    __syncthreads();
    if (lane == 0) part[warp] = v;
    __syncthreads();
    v = lane < int(blockDim.x >> 5) ? part[lane] : 0.0f;
    return warp_sum(v);
}
__device__ inline float block_max(float v) {
    __shared__ float part[32];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    v = warp_max(v);
    __syncthreads();
    if (lane == 0) part[warp] = v;
    __syncthreads();
    v = lane < int(blockDim.x >> 5) ? part[lane] : -INFINITY;
    return warp_max(v);
}

// Threads per block for a row-wise op over rows of n: a multiple of 32, at most 512.
inline int row_threads(int64_t n) {
    const int64_t t = (n + 31) / 32 * 32;
    return int(t < 32 ? 32 : (t > 512 ? 512 : t));
}

// Blocks for a grid-stride loop over `total` items with `threads` per block.
inline unsigned grid_blocks(int64_t total, int threads) {
    const int64_t b = (total + threads - 1) / threads;
    return unsigned(b < 1 ? 1 : (b > 65536 ? 65536 : b));
}

[[noreturn]] inline void invalid(const char* op, const std::string& what) {
    throw std::invalid_argument(std::string("cuda::") + op + ": " + what);
}

}  // namespace perimeter::kernels::cuda

// After a launch: a bad configuration or a missing kernel image shows up here.
#define CUDA_CHECK_LAUNCH() CUDA_CHECK(cudaGetLastError())
