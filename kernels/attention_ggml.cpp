// llama.cpp's attention without flash attention, operation for operation, as its CPU backend
// runs it on x86 with AVX-512 (llama-graph.cpp build_attn_mha -> ggml mul_mat, soft_max_ext,
// mul_mat), so that the scalar reference path gives llama.cpp's bits:
//   scores  KQ = mul_mat(K, Q): Q is a permuted view, so ggml takes ggml_vec_dot_f32 per score
//           (F16 cache: Q rounded to fp16, contiguous: tinyBLAS for batches, else vec_dot_f16);
//   softmax w = score * scale (+ mask 0 / -inf); max; e = ggml_v_expf(w - max) in chunks of 16
//           whose float sums (_mm512_reduce_add_ps) are added in double; p = e * float(1 / sum);
//   output  KQV = mul_mat(V^T, P) over the padded cache length n_pad = roundup(n_kv, 256)
//           (llama.cpp pads n_kv to 256): tinyBLAS's 16 lanes (slot % 16) for two or more
//           queries, ggml_vec_dot_f32 for one (F16 cache: P rounded to fp16, the f16 dots).
// An encoder without a cache (kv_padded false: BERT) runs over exactly n_kv keys: the softmax's
// last n_kv % 16 values through libm's expf, added one by one; P.V by tinyBLAS only when
// n_kv % 16 == 0, else ggml_vec_dot with its tail.
// Slots past n_kv and masked slots carry p = 0, which adds nothing. Slow (two passes, a score
// row per query) and only the reference; the SIMD variants use the tiled online softmax.
#include <algorithm>
#include <cmath>
#include <vector>

#include "kernels/attention_kernels.h"
#include "kernels/elementwise_kernels.h"
#include "kernels/half.h"
#include "kernels/ops.h"
#include "kernels/thread_pool.h"
#include "kernels/vec_dot_ref.h"

namespace perimeter::kernels {
namespace {

float round_f16(float x) { return fp16_to_fp32(fp32_to_fp16(x)); }

// ggml_vec_dot_f32 / _f16 over n elements given as two float arrays (f16 inputs already rounded).
float vec_dot_ggml(int n, const float* a, const float* b, bool f16) {
    float acc[4][16] = {};
    const int np = n & ~63;
    for (int i = 0; i < np; i += 64)
        for (int j = 0; j < 4; ++j)
            for (int l = 0; l < 16; ++l) acc[j][l] = std::fma(a[i + 16 * j + l], b[i + 16 * j + l], acc[j][l]);
    for (int l = 0; l < 16; ++l) {
        acc[0][l] = acc[0][l] + acc[2][l];
        acc[1][l] = acc[1][l] + acc[3][l];
    }
    for (int l = 0; l < 16; ++l) acc[0][l] = acc[0][l] + acc[1][l];
    if (f16) {
        double sum = reduce16_ggml(acc[0]);
        for (int i = np; i < n; ++i) sum += double(a[i] * b[i]);
        return float(sum);
    }
    float sum = reduce16_ggml(acc[0]);
    for (int i = np; i < n; ++i) sum = std::fma(a[i], b[i], sum);
    return sum;
}

// tinyBLAS (AVX-512): lane l over elements l, l + 16, ...; n % 16 == 0.
float tiny_dot(int n, const float* a, const float* b) {
    float acc[16] = {};
    for (int i = 0; i < n; i += 16)
        for (int l = 0; l < 16; ++l) acc[l] = std::fma(a[i + l], b[i + l], acc[l]);
    return reduce16_ggml(acc);
}

}  // namespace

int k_tiles(int capacity);  // attention.cpp

bool attention_ggml_ref(const AttentionParams& p, const float* q, size_t q_stride, int n_q, int pos0, const KvLayer& kv,
                        int n_kv, float* out, ThreadPool& pool) {
    if (p.softcap > 0.0f) return false;
    const int d = kv.head_dim;
    const int group = p.n_heads / kv.n_kv_heads;
    const int n_pad = p.kv_padded ? (n_kv + 255) / 256 * 256 : n_kv;
    const bool f16 = kv.type == TensorType::F16;
    const int n_tiles = k_tiles(kv.capacity);
    const size_t out_stride = size_t(p.n_heads) * size_t(d);
    auto cache = [&](const void* base, size_t i) {
        return f16 ? fp16_to_fp32(static_cast<const f16_t*>(base)[i]) : static_cast<const float*>(base)[i];
    };
    pool.parallel_for(p.n_heads, [&](int h, int) {
        const int g = h / group;
        // This head's K and V^T over the padded length (zeros past n_kv), as fp32.
        std::vector<float> k(size_t(n_pad) * d, 0.0f), vt(size_t(d) * n_pad, 0.0f), w(n_pad), qr(d);
        for (int s = 0; s < n_kv; ++s)
            for (int i = 0; i < d; ++i) {
                k[size_t(s) * d + i] = cache(kv.k, ((size_t(g) * n_tiles + s / kAttnKeyTile) * d + i) * kAttnKeyTile + s % kAttnKeyTile);
                vt[size_t(i) * n_pad + s] = cache(kv.v, ((size_t(g) * n_tiles + s / kAttnKeyTile) * d + i) * kAttnKeyTile + s % kAttnKeyTile);
            }
        for (int t = 0; t < n_q; ++t) {
            const int pos = pos0 + t;
            const float* qs = q + size_t(t) * q_stride + size_t(h) * d;
            for (int i = 0; i < d; ++i) qr[i] = f16 ? round_f16(qs[i]) : qs[i];
            float mx = -INFINITY;
            for (int s = 0; s < n_pad; ++s) {
                const bool visible = s < n_kv && (!p.causal || s <= pos) &&
                                     (p.sliding_window <= 0 || pos - s < p.sliding_window);
                if (!visible) {
                    w[s] = -INFINITY;
                    continue;
                }
                // F16 cache: Q converted to fp16 is contiguous, so batches go through tinyBLAS.
                const float dot = f16 && n_q >= 2 && d % 16 == 0 ? tiny_dot(d, &k[size_t(s) * d], qr.data())
                                                                 : vec_dot_ggml(d, &k[size_t(s) * d], qr.data(), f16);
                w[s] = dot * p.scale;
                mx = std::max(mx, w[s]);
            }
            double sum = 0.0;
            const int full = n_pad & ~15;  // ggml_vec_soft_max_f32: chunks of 16, then libm expf
            for (int s0 = 0; s0 < full; s0 += 16) {
                for (int l = 0; l < 16; ++l) w[s0 + l] = expf_ggml1(w[s0 + l] - mx);
                sum += double(reduce16_ggml(&w[s0]));
            }
            for (int s = full; s < n_pad; ++s) {
                w[s] = std::exp(w[s] - mx);
                sum += double(w[s]);
            }
            const float inv = float(1.0 / sum);
            for (int s = 0; s < n_pad; ++s) w[s] = w[s] * inv;
            if (f16)
                for (int s = 0; s < n_pad; ++s) w[s] = round_f16(w[s]);
            float* o = out + size_t(t) * out_stride + size_t(h) * d;
            const bool tiny = n_q >= 2 && d % 4 == 0 && n_pad % 16 == 0;  // tinyBLAS needs K % 16
            for (int i = 0; i < d; ++i)
                o[i] = tiny ? tiny_dot(n_pad, &vt[size_t(i) * n_pad], w.data())
                            : vec_dot_ggml(n_pad, &vt[size_t(i) * n_pad], w.data(), f16);
        }
    });
    return true;
}

}  // namespace perimeter::kernels
