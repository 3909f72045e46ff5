// fp16 (IEEE binary16) and bf16 (bfloat16) conversion, scalar and bit-exact.
//
// Half-precision values are stored as their raw bits (f16_t / bf16_t = uint16_t) in every
// block struct and tensor, exactly as ggml stores them. The conversions below are the ones
// ggml uses for its scalar path (after Maratyszcza's FP16 library): fp16 -> fp32 is exact,
// fp32 -> fp16 and fp32 -> bf16 round to nearest, ties to even. SIMD variants (F16C, AVX-512
// BF16) give the same results and may be used by the fast kernels.
#pragma once
#include <cstdint>
#include <cstring>

namespace perimeter::kernels {

using f16_t = uint16_t;   // raw IEEE binary16 bits
using bf16_t = uint16_t;  // raw bfloat16 bits (upper half of an fp32)

namespace detail {
inline float f32_from_bits(uint32_t w) {
    float f;
    std::memcpy(&f, &w, sizeof f);
    return f;
}
inline uint32_t f32_to_bits(float f) {
    uint32_t w;
    std::memcpy(&w, &f, sizeof w);
    return w;
}
}  // namespace detail

// fp16 -> fp32, exact for every input (normals, subnormals, inf, NaN).
inline float fp16_to_fp32(f16_t h) {
    using namespace detail;
    const uint32_t w = uint32_t(h) << 16;
    const uint32_t sign = w & 0x80000000u;
    const uint32_t two_w = w + w;
    // Normal numbers: shift the exponent/mantissa into place and rescale by 2^-112.
    const uint32_t exp_offset = 0xE0u << 23;
    const float normalized = f32_from_bits((two_w >> 4) + exp_offset) * 0x1.0p-112f;
    // Subnormals: build 0.5 + m * 2^-24 and subtract the 0.5.
    const uint32_t magic_mask = 126u << 23;
    const float denormalized = f32_from_bits((two_w >> 17) | magic_mask) - 0.5f;
    const uint32_t denormalized_cutoff = 1u << 27;
    const uint32_t result =
        sign | (two_w < denormalized_cutoff ? f32_to_bits(denormalized) : f32_to_bits(normalized));
    return f32_from_bits(result);
}

// fp32 -> fp16, round to nearest even; overflow gives inf, NaN stays NaN (0x7E00 payload).
inline f16_t fp32_to_fp16(float f) {
    using namespace detail;
    const float abs_f = f32_from_bits(f32_to_bits(f) & 0x7FFFFFFFu);
    float base = (abs_f * 0x1.0p+112f) * 0x1.0p-110f;
    const uint32_t w = f32_to_bits(f);
    const uint32_t shl1_w = w + w;
    const uint32_t sign = w & 0x80000000u;
    uint32_t bias = shl1_w & 0xFF000000u;
    if (bias < 0x71000000u) bias = 0x71000000u;
    base = f32_from_bits((bias >> 1) + 0x07800000u) + base;
    const uint32_t bits = f32_to_bits(base);
    const uint32_t exp_bits = (bits >> 13) & 0x00007C00u;
    const uint32_t mantissa_bits = bits & 0x00000FFFu;
    const uint32_t nonsign = exp_bits + mantissa_bits;
    return f16_t((sign >> 16) | (shl1_w > 0xFF000000u ? 0x7E00u : nonsign));
}

// bf16 -> fp32: the bf16 bits are the upper half of the fp32.
inline float bf16_to_fp32(bf16_t h) { return detail::f32_from_bits(uint32_t(h) << 16); }

// fp32 -> bf16, round to nearest even; NaN is kept a (quiet) NaN.
inline bf16_t fp32_to_bf16(float f) {
    const uint32_t u = detail::f32_to_bits(f);
    if ((u & 0x7FFFFFFFu) > 0x7F800000u) return bf16_t((u >> 16) | 64);
    return bf16_t((u + (0x7FFFu + ((u >> 16) & 1u))) >> 16);
}

}  // namespace perimeter::kernels
