// The CPU kernels the forward passes (llama, qwen2, qwen3, gemma3, bert) are built from.
//
// Plain functions over plain pointers and sizes. Conventions, for every op:
//  - Matrices are row-major fp32, rows contiguous unless a stride is given (strides are in
//    elements, not bytes, unless the name says `_bytes`).
//  - `y` may alias `x` where the comment says "in place allowed".
//  - Ops that take a ThreadPool& may use all its cores; the others are single-threaded
//    (they are cheap next to the matmuls, and a hand-off would cost more than it saves).
//  - Nothing here allocates in the steady state: temporaries live in the pool's Scratch.
//  - Each op has a scalar reference; faster variants (AVX2, AVX-512) are chosen once at start
//    (kernels/cpu_features.h; PERIMETER_KERNELS=scalar|avx2|avx512 forces one, for tests).
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/tensor_type.h"
#include "kernels/thread_pool.h"

namespace perimeter::kernels {

// ---- matrix multiplication --------------------------------------------------------------------

// A weight matrix as stored in the GGUF file: N rows of K elements of `type` (ggml's ne0 = K,
// ne1 = N), read in place. For a linear layer y = W x, a row is one output feature.
struct WeightView {
    TensorType type = TensorType::F32;
    int64_t ne0 = 0;          // K: elements per row (a multiple of the type's block size)
    int64_t rows = 0;         // N: number of rows
    const void* data = nullptr;
    size_t row_stride = 0;    // bytes from one row to the next; 0 = row_size(type, ne0)
};

// Weight types matmul and get_rows accept: F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0,
// Q2_K, Q3_K, Q4_K, Q5_K, Q6_K.
bool matmul_supports(TensorType t);

// y[m][n] = sum_k x[m][k] * W[n][k]   for m < M, n < N.
// x: M x K fp32 (row stride K), y: M x N fp32 (row stride N); y must not alias x.
// The activations are quantized once per call to the weight type's partner (Q8_0 for
// Q4_0/Q5_0/Q8_0, Q8_1 for Q4_1/Q5_1, Q8_K for the k-quants, with ggml's x86 rounding rules;
// F16/BF16 weights: fp32 activations rounded to fp16/bf16 as ggml does; F32: used directly)
// and then dotted with integer SIMD. M = 1 is the matrix-vector product of generation
// (bandwidth-bound: every weight row is read once); M > 1 is a prompt batch (tiles of rows x
// tokens so each weight byte read serves several tokens).
// Throws std::invalid_argument for an unsupported type or K not a multiple of the block size.
void matmul(const WeightView& w, const float* x, int M, float* y, ThreadPool& pool);

// Several matmuls of the same input (Q/K/V, gate/up): ys[i] = ws[i] x. For small batches
// (generation) with weights sharing the activation format and K, x is quantized once and all
// the matrices' row blocks run in one parallel_for (one hand-off instead of n); otherwise it is
// n matmul calls. Same results as matmul, bit for bit.
void matmul_multi(const WeightView* ws, int n, const float* x, int M, float* const* ys, ThreadPool& pool);

// Embedding lookup: out[i] = dequantized row ids[i] of `table` (n_ids x table.ne0).
// Throws std::out_of_range for an id outside [0, table.rows).
void get_rows(const WeightView& table, const int32_t* ids, int n_ids, float* out);

// ---- normalisation ----------------------------------------------------------------------------

// y[r] = x[r] / sqrt(mean(x[r]^2) + eps) * weight   for r < rows; rows of n, weight of n
// (nullptr: no weight). In place allowed. For Gemma the GGUF norm weights already hold 1 + w.
// Also used per head (rows = tokens * heads, n = head_dim) for the Q/K norms of qwen3/gemma3.
void rms_norm(const float* x, const float* weight, int rows, int n, float eps, float* y);

// y[r] = (x[r] - mean) / sqrt(var + eps) * weight + bias; weight/bias may be nullptr.
// In place allowed. (BERT.)
void layer_norm(const float* x, const float* weight, const float* bias, int rows, int n, float eps,
                float* y);

// y[i] = x[i] / max(||x||_2, eps): L2 normalisation of each of `rows` rows of n (embeddings).
void l2_normalize(const float* x, int rows, int n, float* y, float eps = 1e-12f);

// ---- element-wise -----------------------------------------------------------------------------
// In place allowed for all of them (y == a or y == x).

void add(const float* a, const float* b, int64_t n, float* y);       // y = a + b
void mul(const float* a, const float* b, int64_t n, float* y);       // y = a * b
void scale(const float* x, float s, int64_t n, float* y);            // y = s * x
// y[r][i] = x[r][i] + bias[i] for rows of n (linear-layer biases: qwen2 QKV, BERT).
void add_bias(const float* x, const float* bias, int rows, int n, float* y);

// x * sigmoid(x) = x / (1 + exp(-x)), with exp evaluated exactly as ggml's ggml_v_expf (AVX-512)
// does, so that llama.cpp's SwiGLU and ours agree bit for bit.
void silu(const float* x, int64_t n, float* y);
// GELU, tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
// This is what ggml's GGML_OP_GELU computes, and what llama.cpp uses for BOTH gemma3's FFN
// (LLM_FFN_GELU) and BERT's FFN. Like ggml on CPU (GGML_GELU_FP16) we evaluate it through an
// fp16 table: x rounded to fp16, the result rounded to fp16 (relative error up to 2^-11);
// x <= -10 gives 0, x >= 10 gives x.
void gelu(const float* x, int64_t n, float* y);
// GELU, exact: 0.5 x (1 + erf(x / sqrt(2))) (ggml_gelu_erf; HF BERT's "gelu" activation).
void gelu_erf(const float* x, int64_t n, float* y);
// Gated FFN activations, fused (one pass): y = act(gate) * up.
void swiglu(const float* gate, const float* up, int64_t n, float* y);  // silu(gate) * up
void geglu(const float* gate, const float* up, int64_t n, float* y);   // gelu_tanh(gate) * up
// y = cap * tanh(x / cap) (final-logit / attention soft-capping, gemma2-style).
void softcap(const float* x, float cap, int64_t n, float* y);

// Row-wise softmax over rows of n, in place allowed. Numerically stable (max subtracted).
void softmax(const float* x, int rows, int n, float* y);

// ---- rotary position embedding ----------------------------------------------------------------

enum class RopeMode : int {
    Normal = 0,  // GPT-J / llama order: pairs (x[2i], x[2i+1])
    NeoX = 2,    // NeoX order: pairs (x[i], x[i + n_dims/2]) (qwen2, qwen3, gemma3)
};

struct RopeParams {
    int n_dims = 0;                 // rotated dims per head (<= head_dim; the rest pass through)
    RopeMode mode = RopeMode::Normal;
    float freq_base = 10000.0f;     // theta_i = pos * freq_scale * base^(-2i/n_dims) / factor_i
    float freq_scale = 1.0f;        // linear scaling: 1 / scaling factor
    const float* freq_factors = nullptr;  // n_dims/2 per-frequency divisors (llama3 rope_freqs), or nullptr
    // YaRN (ggml's rope_yarn); ext_factor 0 = off. attn_factor scales cos/sin (1 = none).
    float ext_factor = 0.0f;
    float attn_factor = 1.0f;
    float beta_fast = 32.0f;
    float beta_slow = 1.0f;
    int n_ctx_orig = 0;             // original training context (YaRN only)
};

// Rotates, in place, n_tokens x n_heads head vectors of head_dim floats: the vector of token t,
// head h starts at x + t * token_stride + h * head_dim. positions[t] is token t's position.
void rope(float* x, int n_tokens, int n_heads, int head_dim, size_t token_stride, const int32_t* positions,
          const RopeParams& p);

// ---- attention over a KV cache ----------------------------------------------------------------

// One layer's KV cache, described (the engine owns the memory; allocate kv_layer_bytes() for
// each of k and v, zero-filled). Slot s holds position s (one sequence per cache). type is F16
// (half the memory; the default) or F32. Write it only with kv_write(): V is stored per KV head
// (head h, slot s at element (h * capacity + s) * head_dim) but K is stored transposed in tiles
// of 64 slots (the layout attention() reads fastest), so treat the K memory as opaque.
struct KvLayer {
    TensorType type = TensorType::F16;
    void* k = nullptr;
    void* v = nullptr;
    int n_kv_heads = 0;
    int head_dim = 0;
    int capacity = 0;     // slots per head
};
// Bytes a KvLayer needs for each of k and v (capacity rounded up to a multiple of 64).
size_t kv_layer_bytes(TensorType type, int n_kv_heads, int head_dim, int capacity);

// Writes n_tokens new K and V vectors at slots pos0 .. pos0+n_tokens-1. k/v: token t's
// n_kv_heads * head_dim floats start at k + t * k_stride (v likewise).
void kv_write(const KvLayer& kv, int pos0, int n_tokens, const float* k, size_t k_stride, const float* v,
              size_t v_stride);

struct AttentionParams {
    int n_heads = 0;        // query heads; a multiple of kv.n_kv_heads (GQA: n_heads / n_kv_heads
                            // query heads share each KV head)
    float scale = 1.0f;     // scores = scale * q.k (usually 1/sqrt(head_dim))
    float softcap = 0.0f;   // > 0: scores = softcap * tanh(scores / softcap) before the mask
    bool causal = true;     // query at position p sees keys at positions <= p; false (BERT): all
    int sliding_window = 0; // > 0: also only keys with p - key_pos < sliding_window (gemma3 local
                            // layers; llama.cpp's n_swa, "standard" SWA)
    bool kv_padded = true;  // llama.cpp's arithmetic over a KV cache pads n_kv to 256; an encoder
                            // (BERT) runs there without a cache, over exactly n_kv keys
};

// out = softmax(mask(scale * Q K^T)) V for a batch of n_q queries at positions
// pos0 .. pos0+n_q-1 against cache slots 0 .. n_kv-1 (n_kv >= pos0 + n_q for causal use;
// the new tokens' K/V must already be written with kv_write).
// q: query t, head h at q + t * q_stride + h * head_dim. out: n_q x (n_heads * head_dim),
// row stride n_heads * head_dim. Tiled with an online softmax (no n_q x n_kv score matrix),
// parallel over heads and query tiles.
void attention(const AttentionParams& p, const float* q, size_t q_stride, int n_q, int pos0, const KvLayer& kv,
               int n_kv, float* out, ThreadPool& pool);

// ---- pooling (embedding models) ---------------------------------------------------------------

// out[i] = mean over tokens of x[t][i]; x: n_tokens x n.
void mean_pool(const float* x, int n_tokens, int n, float* out);
// out = x[0] (the CLS token's row).
void cls_pool(const float* x, int n_tokens, int n, float* out);

}  // namespace perimeter::kernels
