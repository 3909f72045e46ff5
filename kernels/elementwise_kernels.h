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
    double (*sum_squares)(const float* x, int64_t n);  // sum of fp32 squares, added in double
    void (*scale_mul)(const float* x, float s, const float* w, int64_t n, float* y);  // y = x*s*w (w may be null)
    void (*fp32_to_fp16)(const float* x, int64_t n, uint16_t* y);
    void (*rope_rotate)(float* v, const float* cos_t, const float* sin_t, int half, bool neox);
};

// Rotates one head vector by the angles whose cos/sin are given (rope.cpp), exactly as
// llama-cpp-python's ggml build does (rotate_pairs, contracted by GCC):
//   v0' = fma(v0, cos, -(v1 * sin)),  v1' = fma(v0, sin, v1 * cos)
// for the pairs (v[2i], v[2i+1]) (normal order) or (v[i], v[i + half]) (NeoX). Checked equal to
// llama.cpp's rotated Qcur for SmolLM2 (without the fused form 16% of the values differ in
// the last bit). The scalar reference; the variants compute the same bits.
void rope_rotate_ref(float* v, const float* cos_t, const float* sin_t, int half, bool neox);

// ggml's GELU on CPU (GGML_GELU_FP16, ggml-cpu/vec.h), which llama.cpp runs for gemma3's GeGLU
// and BERT's FFN: x is rounded to fp16 and looked up in a table of the tanh formula's result
// rounded to fp16; x <= -10 gives 0 and x >= 10 gives x. The table holds those 65,536 results
// as fp32, indexed by the fp16 bits of x (built once, on first use; thread-safe).
const float* gelu_fp16_table();
constexpr float kGeluTableLo = -10.0f, kGeluTableHi = 10.0f;

// ggml's exp for SiLU (ggml_v_expf, AVX-512 form, ggml-cpu/vec.h): these constants, this order
// of fused multiply-adds, 2^n by scalef; |n| > 192 gives 0 or inf. Every variant evaluates
// exactly this, so silu/swiglu are bit-identical across variants and to llama.cpp on AVX-512.
namespace expf_ggml {
constexpr float kShift = 0x1.8p23f, kLog2e = 0x1.715476p+0f, kLn2Hi = 0x1.62e4p-1f, kLn2Lo = 0x1.7f7d1cp-20f;
constexpr float kC5 = 0x1.0e4020p-7f, kC4 = 0x1.573e2ep-5f, kC3 = 0x1.555e66p-3f, kC2 = 0x1.fffdb6p-2f,
                kC1 = 0x1.ffffecp-1f;
}  // namespace expf_ggml
float expf_ggml1(float x);  // one lane of it

const ElementwiseKernels* elementwise_kernels_avx2();
const ElementwiseKernels* elementwise_kernels_avx512();

}  // namespace perimeter::kernels
