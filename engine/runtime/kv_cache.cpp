#include "engine/runtime/kv_cache.h"

#include <string>

#include "engine/model/hparams.h"
#include "engine/runtime/backend.h"
#include "engine/runtime/engine_error.h"

namespace perimeter::engine {

KvCache::KvCache(Backend& backend, const HParams& hp, int n_ctx, int n_seq, kernels::TensorType type)
    : backend_(backend), n_ctx_(n_ctx), n_layer_(int(hp.n_layer)), type_(type) {
    if (n_ctx <= 0 || n_seq <= 0)
        throw EngineError(ErrorCode::InvalidArgument,
                          "KvCache: n_ctx and n_seq must be > 0 (got " + std::to_string(n_ctx) + ", " +
                              std::to_string(n_seq) + ")",
                          {{"name", "n_ctx"}, {"value", std::to_string(n_ctx)}});
    if (type != kernels::TensorType::F16 && type != kernels::TensorType::F32)
        throw EngineError(ErrorCode::InvalidArgument,
                          "KvCache: storage type must be F16 or F32 (got type " + std::to_string(int(type)) + ")",
                          {{"name", "kv_type"}, {"value", std::to_string(int(type))}});
    len_.assign(size_t(n_seq), 0);
    const int heads = int(hp.n_head_kv);
    const int dk = int(hp.head_dim_k), dv = int(hp.head_dim_v);
    // The kernel's KvLayer has one head_dim for K and V; every architecture we run has Dk == Dv.
    if (dk != dv)
        throw EngineError(ErrorCode::NotSupported, "KvCache: key length " + std::to_string(dk) +
                                                       " != value length " + std::to_string(dv),
                          {{"what", "head_dim_k != head_dim_v"}});
    const size_t per = kernels::kv_layer_bytes(type, heads, dk, n_ctx);
    for (int s = 0; s < n_seq; ++s) {
        for (int il = 0; il < n_layer_; ++il) {
            kernels::KvLayer l;
            l.type = type;
            l.n_kv_heads = heads;
            l.head_dim = dk;
            l.capacity = n_ctx;
            l.k = backend_.alloc(per);
            blocks_.push_back(l.k);
            l.v = backend_.alloc(per);
            blocks_.push_back(l.v);
            layers_.push_back(l);
            bytes_ += 2 * per;
        }
    }
}

KvCache::~KvCache() {
    for (void* p : blocks_) backend_.release(p);
}

void KvCache::check_seq(int seq, const char* fn) const {
    if (seq < 0 || seq >= n_seq())
        throw EngineError(ErrorCode::InvalidArgument,
                          std::string(fn) + ": sequence " + std::to_string(seq) + " out of range [0, " +
                              std::to_string(n_seq()) + ")",
                          {{"name", "seq"}, {"value", std::to_string(seq)}});
}

int KvCache::seq_len(int seq) const {
    check_seq(seq, "KvCache::seq_len");
    return len_[size_t(seq)];
}

kernels::KvLayer KvCache::layer(int il, int seq) const { return layers_[size_t(seq) * size_t(n_layer_) + size_t(il)]; }

int KvCache::reserve(int seq, int n) const {
    check_seq(seq, "KvCache::reserve");
    const int have = len_[size_t(seq)];
    if (n < 0 || have + n > n_ctx_)
        throw EngineError(ErrorCode::ContextOverflow,
                          "context overflow: sequence " + std::to_string(seq) + " needs " +
                              std::to_string(have + n) + " positions, the context holds " + std::to_string(n_ctx_),
                          {{"needed", std::to_string(have + n)}, {"context", std::to_string(n_ctx_)}});
    return have;
}

void KvCache::commit(int seq, int n) {
    reserve(seq, n);
    len_[size_t(seq)] += n;
}

void KvCache::truncate(int seq, int len) {
    check_seq(seq, "KvCache::truncate");
    if (len < 0 || len > len_[size_t(seq)])
        throw EngineError(ErrorCode::InvalidArgument,
                          "KvCache::truncate: length " + std::to_string(len) + " outside [0, " +
                              std::to_string(len_[size_t(seq)]) + "]",
                          {{"name", "len"}, {"value", std::to_string(len)}});
    len_[size_t(seq)] = len;
}

void KvCache::clear_all() {
    for (int& l : len_) l = 0;
}

}  // namespace perimeter::engine
