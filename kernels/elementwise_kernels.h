// Internal: per-variant vector loops behind the element-wise ops and norms of ops.h.
#pragma once
#include <cstddef>
#include <cstdint>

namespace perimeter::kernels {

struct ElementwiseKernels {
    void (*silu)(const float* x, int64_t n, float* y);
    void (*gelu)(const float* x, int64_t n, float* y);               // tanh approximation
    void (*swiglu)(const float* g, const float* u, int64_t n, float* y);
    void (*geglu)(const float* g, const float* u, int64_t n, float* y);
    float (*sum_squares)(const float* x, int64_t n);
    void (*scale_mul)(const float* x, float s, const float* w, int64_t n, float* y);  // y = x*s*w (w may be null)
    void (*fp32_to_fp16)(const float* x, int64_t n, uint16_t* y);
};

const ElementwiseKernels* elementwise_kernels_avx2();
const ElementwiseKernels* elementwise_kernels_avx512();

}  // namespace perimeter::kernels
