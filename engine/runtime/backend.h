// The compute interface the forward passes are written against. A backend owns the memory the
// activations and the KV cache live in and runs the kernels on it; forward() only names the
// kernels. The CPU backend (cpu_backend.h) calls kernels/ops.h; a CUDA backend implements the
// same calls over device memory (pointers handed around here are the backend's pointers, and
// forward() never dereferences them).
//
// Weights are described by the GGUF tensors of the Model; a backend maps each tensor to its own
// copy once, at prepare() (the CPU backend reads them in place from the mapping).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/gguf/gguf_file.h"
#include "kernels/ops.h"

namespace perimeter::engine {

struct Model;

class Backend {
public:
    virtual ~Backend() = default;
    virtual std::string name() const = 0;
    virtual int n_threads() const = 0;

    // ---- memory --------------------------------------------------------------------------------
    // Zero-initialised, 64-byte aligned, owned by the backend until release().
    virtual void* alloc(size_t bytes) = 0;
    virtual void release(void* p) = 0;
    virtual void to_host(void* dst, const void* src, size_t bytes) = 0;
    virtual void from_host(void* dst, const void* src, size_t bytes) = 0;
    virtual void copy(void* dst, const void* src, size_t bytes) = 0;  // backend -> backend

    // ---- weights -------------------------------------------------------------------------------
    // Called once per model before any op uses its tensors.
    virtual void prepare(const Model& model) = 0;
    // A matrix as the matmul / get_rows kernels read it.
    virtual kernels::WeightView weight(const GgufTensor& t) const = 0;
    // A 1-D tensor (norm weight, bias, rope factors) as fp32; nullptr for a null tensor.
    virtual const float* vec(const GgufTensor* t) const = 0;

    // ---- kernels (see kernels/ops.h for each one's contract) ----------------------------------
    // ids and positions are host arrays.
    virtual void matmul(const kernels::WeightView& w, const float* x, int m, float* y) = 0;
    // ys[i] = ws[i] x for several weights of the same input (Q/K/V, gate/up): one hand-off to
    // the cores instead of n in generation. Same results as n matmul calls.
    virtual void matmul_multi(const kernels::WeightView* ws, int n, const float* x, int m, float* const* ys) {
        for (int i = 0; i < n; ++i) matmul(ws[i], x, m, ys[i]);
    }
    virtual void get_rows(const kernels::WeightView& table, const int32_t* ids, int n, float* out) = 0;
    virtual void rms_norm(const float* x, const float* w, int rows, int n, float eps, float* y) = 0;
    virtual void layer_norm(const float* x, const float* w, const float* b, int rows, int n, float eps, float* y) = 0;
    virtual void l2_normalize(const float* x, int rows, int n, float* y) = 0;
    virtual void add(const float* a, const float* b, int64_t n, float* y) = 0;
    virtual void scale(const float* x, float s, int64_t n, float* y) = 0;
    virtual void add_bias(const float* x, const float* bias, int rows, int n, float* y) = 0;
    virtual void gelu(const float* x, int64_t n, float* y) = 0;
    virtual void swiglu(const float* gate, const float* up, int64_t n, float* y) = 0;
    virtual void geglu(const float* gate, const float* up, int64_t n, float* y) = 0;
    virtual void softcap(const float* x, float cap, int64_t n, float* y) = 0;
    virtual void rope(float* x, int n_tokens, int n_heads, int head_dim, size_t token_stride, const int32_t* positions,
                      const kernels::RopeParams& p) = 0;
    virtual void kv_write(const kernels::KvLayer& kv, int pos0, int n, const float* k, size_t k_stride, const float* v,
                          size_t v_stride) = 0;
    virtual void attention(const kernels::AttentionParams& p, const float* q, size_t q_stride, int n_q, int pos0,
                           const kernels::KvLayer& kv, int n_kv, float* out) = 0;
    virtual void mean_pool(const float* x, int n_tokens, int n, float* out) = 0;
    virtual void cls_pool(const float* x, int n_tokens, int n, float* out) = 0;
};

// The CPU backend over kernels/ops.h with n_threads workers (<= 0: one per physical core).
std::unique_ptr<Backend> make_cpu_backend(int n_threads);

}  // namespace perimeter::engine
