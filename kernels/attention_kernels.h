// Internal: the inner loops of attention (attention.cpp), per variant.
//
// A key tile is kAttnKeyTile cache slots. The cache stores K *transposed* per tile
// (kt[i * kAttnKeyTile + j] = element i of the tile's key j; see attention.cpp), so the scores
// of one query row against a tile are head_dim broadcast-multiply-adds over contiguous vectors
// of keys, with no horizontal sums and no transposition at run time. V is row-major.
#pragma once
#include <cstddef>

#include "kernels/tensor_type.h"

namespace perimeter::kernels {

constexpr int kAttnKeyTile = 64;

struct AttentionKernels {
    // One cache K tile (d x kAttnKeyTile, F16 or F32) as fp32: F32 tiles are used in place
    // (the pointer is returned), F16 ones are converted into buf.
    const float* (*load_k)(const void* tile, TensorType type, int d, float* buf);
    // nk cache rows -> v, row-major fp32.
    void (*load_v)(const void* src, TensorType type, int nk, int d, float* v);
    // s[r * kAttnKeyTile + j] = dot(q row r, key j) for r < n_rows, j < nk.
    void (*scores)(const float* q, int n_rows, int d, const float* kt, int nk, float* s);
    // s[j] = -inf for j outside [lo, hi) (j < n); returns max(s[lo..hi), floor).
    float (*mask_max)(float* s, int n, int lo, int hi, float floor);
    // s[j] = exp(s[j] - mx) for j < n (-inf gives 0); returns the sum.
    float (*exp_sum)(float* s, int n, float mx);
    // For rows r < n_rows: o[r][i] = o[r][i] * corr[r] + sum_j p[r * kAttnKeyTile + j] * v[j * d + i]
    // (several rows at once, so each V load serves them all).
    void (*accumulate)(const float* p, int n_rows, int nk, const float* v, int d, const float* corr, float* o);
};

const AttentionKernels& attention_kernels_ref();

// llama.cpp's attention without flash attention, operation for operation (attention_ggml.cpp):
// the scalar reference path of kernels::attention. Returns false where it does not apply
// (soft-capping), and the tiled path runs instead.
struct AttentionParams;
struct KvLayer;
class ThreadPool;
bool attention_ggml_ref(const AttentionParams& p, const float* q, size_t q_stride, int n_q, int pos0, const KvLayer& kv,
                        int n_kv, float* out, ThreadPool& pool);
// The same bits, vectorized across outputs (attention_ggml_simd.inc); false where it does not
// apply (soft-capping, head_dim % 16).
bool attention_ggml_avx512(const AttentionParams& p, const float* q, size_t q_stride, int n_q, int pos0,
                           const KvLayer& kv, int n_kv, float* out, ThreadPool& pool);
bool attention_ggml_avx2(const AttentionParams& p, const float* q, size_t q_stride, int n_q, int pos0,
                         const KvLayer& kv, int n_kv, float* out, ThreadPool& pool);
const AttentionKernels* attention_kernels_avx2();    // nullptr: none
const AttentionKernels* attention_kernels_avx512();

}  // namespace perimeter::kernels
