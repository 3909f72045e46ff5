// CUDA_CHECK(expr): evaluates a CUDA runtime call and throws std::runtime_error on failure,
// "kernels/cuda/matmul.cu:142: cudaErrorIllegalAddress: an illegal memory access was
// encountered (cudaDeviceSynchronize())", so a failure names where it happened and what the
// runtime said. Kernel launches are checked with CUDA_CHECK(cudaGetLastError()).
//
// Internal to the CUDA part: it includes cuda_runtime.h, so the public headers (device.h,
// cuda_buffer.h, cuda_ops.h) do not include it and stay usable from plain C++.
#pragma once
#include <cuda_runtime.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace perimeter::kernels::cuda {

// "file:line: cudaErrorX: message (expr)"; the path is cut to start at "kernels/" or "tests/".
[[noreturn]] inline void throw_cuda_error(cudaError_t err, const char* file, int line, const char* expr) {
    std::string_view path(file);
    for (std::string_view root : {"kernels/", "tests/"}) {
        if (const auto pos = path.rfind(root); pos != std::string_view::npos) {
            path = path.substr(pos);
            break;
        }
    }
    throw std::runtime_error(std::string(path) + ":" + std::to_string(line) + ": " + cudaGetErrorName(err) + ": " +
                             cudaGetErrorString(err) + " (" + expr + ")");
}

}  // namespace perimeter::kernels::cuda

#define CUDA_CHECK(expr)                                                                       \
    do {                                                                                       \
        const cudaError_t cuda_check_err_ = (expr);                                            \
        if (cuda_check_err_ != cudaSuccess)                                                    \
            ::perimeter::kernels::cuda::throw_cuda_error(cuda_check_err_, __FILE__, __LINE__, #expr); \
    } while (0)
