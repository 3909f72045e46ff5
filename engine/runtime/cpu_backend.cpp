// The CPU backend: memory is plain host memory, weights are read in place from the GGUF
// mapping, and every op is the kernels/ops.h function of the same name on one ThreadPool.
#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "engine/model/model.h"
#include "engine/runtime/backend.h"
#include "kernels/type_traits.h"

namespace perimeter::engine {
namespace {

namespace k = kernels;

class CpuBackend final : public Backend {
public:
    explicit CpuBackend(int n_threads) : pool_(n_threads) {}

    std::string name() const override { return "cpu"; }
    int n_threads() const override { return pool_.size(); }

    void* alloc(size_t bytes) override {
        const size_t size = (bytes + 63) / 64 * 64;
        void* p = std::aligned_alloc(64, size == 0 ? 64 : size);
        if (!p) throw std::bad_alloc();
        std::memset(p, 0, size);
        return p;
    }
    void release(void* p) override { std::free(p); }
    void to_host(void* dst, const void* src, size_t bytes) override { std::memcpy(dst, src, bytes); }
    void from_host(void* dst, const void* src, size_t bytes) override { std::memcpy(dst, src, bytes); }
    void copy(void* dst, const void* src, size_t bytes) override { std::memcpy(dst, src, bytes); }

    // 1-D tensors stored as F16/BF16 (rare) are widened to fp32 once; F32 ones are used in place.
    void prepare(const Model& model) override {
        for (const GgufTensor& t : model.file->tensors()) {
            if (t.n_dims != 1 || t.type == k::TensorType::F32) continue;
            const auto& tr = k::type_traits(t.type);
            if (!tr.dequantize_row) continue;
            std::vector<float>& dst = widened_[&t];
            dst.resize(size_t(t.ne[0]));
            tr.dequantize_row(t.data, dst.data(), t.ne[0]);
        }
    }
    k::WeightView weight(const GgufTensor& t) const override {
        k::WeightView w;
        w.type = t.type;
        w.ne0 = t.ne[0];
        w.rows = t.n_rows();
        w.data = t.data;
        return w;
    }
    const float* vec(const GgufTensor* t) const override {
        if (!t) return nullptr;
        if (t->type == k::TensorType::F32) return reinterpret_cast<const float*>(t->data);
        auto it = widened_.find(t);
        return it == widened_.end() ? nullptr : it->second.data();
    }

    void matmul(const k::WeightView& w, const float* x, int m, float* y) override { k::matmul(w, x, m, y, pool_); }
    void matmul_multi(const k::WeightView* ws, int n, const float* x, int m, float* const* ys) override {
        k::matmul_multi(ws, n, x, m, ys, pool_);
    }
    void get_rows(const k::WeightView& t, const int32_t* ids, int n, float* out) override { k::get_rows(t, ids, n, out); }
    void rms_norm(const float* x, const float* w, int rows, int n, float eps, float* y) override {
        k::rms_norm(x, w, rows, n, eps, y);
    }
    void layer_norm(const float* x, const float* w, const float* b, int rows, int n, float eps, float* y) override {
        k::layer_norm(x, w, b, rows, n, eps, y);
    }
    void l2_normalize(const float* x, int rows, int n, float* y) override { k::l2_normalize(x, rows, n, y); }
    void add(const float* a, const float* b, int64_t n, float* y) override { k::add(a, b, n, y); }
    void scale(const float* x, float s, int64_t n, float* y) override { k::scale(x, s, n, y); }
    void add_bias(const float* x, const float* bias, int rows, int n, float* y) override {
        k::add_bias(x, bias, rows, n, y);
    }
    void gelu(const float* x, int64_t n, float* y) override { k::gelu(x, n, y); }
    void swiglu(const float* g, const float* u, int64_t n, float* y) override { k::swiglu(g, u, n, y); }
    void geglu(const float* g, const float* u, int64_t n, float* y) override { k::geglu(g, u, n, y); }
    void softcap(const float* x, float cap, int64_t n, float* y) override { k::softcap(x, cap, n, y); }
    void rope(float* x, int n_tokens, int n_heads, int head_dim, size_t stride, const int32_t* pos,
              const k::RopeParams& p) override {
        k::rope(x, n_tokens, n_heads, head_dim, stride, pos, p);
    }
    void kv_write(const k::KvLayer& kv, int pos0, int n, const float* kk, size_t ks, const float* v,
                  size_t vs) override {
        k::kv_write(kv, pos0, n, kk, ks, v, vs);
    }
    void attention(const k::AttentionParams& p, const float* q, size_t qs, int n_q, int pos0, const k::KvLayer& kv,
                   int n_kv, float* out) override {
        k::attention(p, q, qs, n_q, pos0, kv, n_kv, out, pool_);
    }
    void mean_pool(const float* x, int n_tokens, int n, float* out) override { k::mean_pool(x, n_tokens, n, out); }
    void cls_pool(const float* x, int n_tokens, int n, float* out) override { k::cls_pool(x, n_tokens, n, out); }

private:
    k::ThreadPool pool_;
    std::unordered_map<const GgufTensor*, std::vector<float>> widened_;
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend(int n_threads) { return std::make_unique<CpuBackend>(n_threads); }

}  // namespace perimeter::engine
