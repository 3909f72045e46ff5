// Helpers shared by the kernel tests: random quantized data, error measures, variant loops.
#pragma once
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/tensor_type.h"

namespace perimeter::kernels::test {

// sum (a-b)^2 / sum b^2 (b the reference); 0 when both are all zero.
double nmse(const float* a, const float* b, size_t n);

// n_rows rows of k elements of `type` with realistic content: random bytes for the quants and
// random fp16 scales in a sane range (or the reference quantizer on Gaussian data where one
// exists). unit_scales: every d / dmin set to 1.0 (for exact integer comparisons).
std::vector<uint8_t> random_rows(TensorType type, int64_t k, int64_t n_rows, std::mt19937& rng, bool unit_scales = false);

std::vector<float> gaussian(size_t n, std::mt19937& rng, float sigma = 1.0f);

// The variants this CPU can run, scalar first.
std::vector<KernelVariant> supported_variants();

// Restores the variant in use when it goes out of scope.
struct VariantGuard {
    KernelVariant saved = kernel_variant();
    ~VariantGuard() { set_kernel_variant(saved); }
};

// The quantized types matmul supports, in the brief's priority order, plus the float types.
std::vector<TensorType> matmul_types();

}  // namespace perimeter::kernels::test
