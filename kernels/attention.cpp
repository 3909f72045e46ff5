// Attention over a KV cache (ops.h): tiled, online softmax, parallel over KV heads x query
// tiles x (for few queries and long contexts) key ranges whose partial results are merged.
//
// For one task: the query rows are the (query, head) pairs of one KV head's GQA group in one
// query tile; K and V are read one tile of kKeyTile slots at a time, converted to fp32 once
// and used by every query row of the task (so GQA groups and prompt batches share the reads).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include "kernels/attention_kernels.h"
#include "kernels/cpu_features.h"
#include "kernels/elementwise_kernels.h"
#include "kernels/half.h"
#include "kernels/ops.h"

namespace perimeter::kernels {
namespace {

constexpr int kKeyTile = kAttnKeyTile;
constexpr int kQueryTile = 16;

float cache_f32(const void* src, TensorType type, size_t i) {
    return type == TensorType::F32 ? static_cast<const float*>(src)[i] : fp16_to_fp32(static_cast<const f16_t*>(src)[i]);
}
const float* load_k_ref(const void* tile, TensorType type, int d, float* buf) {
    if (type == TensorType::F32) return static_cast<const float*>(tile);
    for (size_t i = 0; i < size_t(d) * kKeyTile; ++i) buf[i] = cache_f32(tile, type, i);
    return buf;
}
void load_v_ref(const void* tile, TensorType type, int nk, int d, float* v) {
    for (int j = 0; j < nk; ++j)
        for (int i = 0; i < d; ++i) v[size_t(j) * d + i] = cache_f32(tile, type, size_t(i) * kKeyTile + j);
}
void scores_ref(const float* q, int n_rows, int d, const float* kt, int nk, float* s) {
    for (int r = 0; r < n_rows; ++r)
        for (int j = 0; j < nk; ++j) {
            float acc = 0.0f;
            for (int i = 0; i < d; ++i) acc += q[size_t(r) * d + i] * kt[size_t(i) * kKeyTile + j];
            s[size_t(r) * kKeyTile + j] = acc;
        }
}
float mask_max_ref(float* s, int n, int lo, int hi, float floor) {
    for (int j = 0; j < lo; ++j) s[j] = -INFINITY;
    for (int j = hi; j < n; ++j) s[j] = -INFINITY;
    float mx = floor;
    for (int j = lo; j < hi; ++j) mx = std::max(mx, s[j]);
    return mx;
}
float exp_sum_ref(float* s, int n, float mx) {
    float sum = 0.0f;
    for (int j = 0; j < n; ++j) sum += (s[j] = std::exp(s[j] - mx));
    return sum;
}
void accumulate_ref(const float* p, int n_rows, int nk, const float* v, int d, const float* corr, float* o) {
    for (int r = 0; r < n_rows; ++r) {
        float* orow = o + size_t(r) * d;
        const float* prow = p + size_t(r) * kKeyTile;
        if (corr[r] != 1.0f)
            for (int i = 0; i < d; ++i) orow[i] *= corr[r];
        for (int j = 0; j < nk; ++j) {
            const float pj = prow[j];
            if (pj == 0.0f) continue;
            for (int i = 0; i < d; ++i) orow[i] += pj * v[size_t(j) * d + i];
        }
    }
}

const AttentionKernels kRef{load_k_ref, load_v_ref, scores_ref, mask_max_ref, exp_sum_ref, accumulate_ref};

const AttentionKernels& select() {
    if (kernel_variant() == KernelVariant::Avx512)
        if (const auto* k = attention_kernels_avx512()) return *k;
    if (kernel_variant() >= KernelVariant::Avx2)
        if (const auto* k = attention_kernels_avx2()) return *k;
    return kRef;
}

size_t elem_size(TensorType t) { return t == TensorType::F32 ? 4 : 2; }

}  // namespace

const ElementwiseKernels* elementwise_fast();  // elementwise.cpp

const AttentionKernels& attention_kernels_ref() { return kRef; }

// Cache layout, K and V alike: per head, tiles of kKeyTile slots, each stored transposed:
// element i of slot s at ((h * n_tiles + s / 64) * d + i) * 64 + s % 64. (Transposed V lets the
// llama.cpp-order path (attention_ggml*.cpp) sum over 16 consecutive slots per vector, as
// tinyBLAS does; the tiled path transposes a tile back when it loads it.)
int k_tiles(int capacity) { return (capacity + kKeyTile - 1) / kKeyTile; }

size_t kv_layer_bytes(TensorType type, int n_kv_heads, int head_dim, int capacity) {
    return elem_size(type) * size_t(n_kv_heads) * size_t(head_dim) * size_t(k_tiles(capacity)) * kKeyTile;
}

void kv_write(const KvLayer& kv, int pos0, int n_tokens, const float* k, size_t k_stride, const float* v,
              size_t v_stride) {
    if (kv.type != TensorType::F16 && kv.type != TensorType::F32)
        throw std::invalid_argument("kv_write: cache type must be F16 or F32");
    if (pos0 < 0 || pos0 + n_tokens > kv.capacity)
        throw std::out_of_range("kv_write: slots " + std::to_string(pos0) + ".." + std::to_string(pos0 + n_tokens) +
                                " outside the cache capacity " + std::to_string(kv.capacity));
    const size_t d = size_t(kv.head_dim);
    const size_t n_tiles = size_t(k_tiles(kv.capacity));
    const ElementwiseKernels* fast = elementwise_fast();
    for (int t = 0; t < n_tokens; ++t)
        for (int h = 0; h < kv.n_kv_heads; ++h) {
            const size_t slot = size_t(pos0 + t);
            const size_t kdst = ((size_t(h) * n_tiles + slot / kKeyTile) * d) * kKeyTile + slot % kKeyTile;
            const size_t vdst = kdst;
            const float* ks = k + size_t(t) * k_stride + size_t(h) * d;
            const float* vs = v + size_t(t) * v_stride + size_t(h) * d;
            if (kv.type == TensorType::F32) {
                for (size_t i = 0; i < d; ++i) static_cast<float*>(kv.k)[kdst + i * kKeyTile] = ks[i];
                for (size_t i = 0; i < d; ++i) static_cast<float*>(kv.v)[vdst + i * kKeyTile] = vs[i];
            } else {
                auto* kd = static_cast<f16_t*>(kv.k) + kdst;
                auto* vd = static_cast<f16_t*>(kv.v) + vdst;
                f16_t kh[512], vh[512];  // F16C where present: also round to nearest even
                for (size_t i0 = 0; i0 < d; i0 += 512) {
                    const size_t n = std::min<size_t>(512, d - i0);
                    if (fast) {
                        fast->fp32_to_fp16(ks + i0, int64_t(n), kh);
                        fast->fp32_to_fp16(vs + i0, int64_t(n), vh);
                    } else {
                        for (size_t i = 0; i < n; ++i) kh[i] = fp32_to_fp16(ks[i0 + i]), vh[i] = fp32_to_fp16(vs[i0 + i]);
                    }
                    for (size_t i = 0; i < n; ++i) kd[(i0 + i) * kKeyTile] = kh[i], vd[(i0 + i) * kKeyTile] = vh[i];
                }
            }
        }
}

void attention(const AttentionParams& p, const float* q, size_t q_stride, int n_q, int pos0, const KvLayer& kv,
               int n_kv, float* out, ThreadPool& pool) {
    const int d = kv.head_dim;
    if (kv.type != TensorType::F16 && kv.type != TensorType::F32)
        throw std::invalid_argument("attention: cache type must be F16 or F32");
    if (kv.n_kv_heads <= 0 || p.n_heads % kv.n_kv_heads != 0)
        throw std::invalid_argument("attention: " + std::to_string(p.n_heads) + " query heads is not a multiple of " +
                                    std::to_string(kv.n_kv_heads) + " KV heads");
    if (n_kv > kv.capacity || n_kv < 0) throw std::out_of_range("attention: n_kv beyond the cache capacity");
    if (n_q <= 0) return;
    // llama.cpp's arithmetic exactly (attention_ggml*.cpp); the tiled online softmax below
    // where that does not apply (soft-capping, head_dim % 16).
    if (kernel_variant() == KernelVariant::Scalar && attention_ggml_ref(p, q, q_stride, n_q, pos0, kv, n_kv, out, pool)) return;
    if (kernel_variant() == KernelVariant::Avx512 && attention_ggml_avx512(p, q, q_stride, n_q, pos0, kv, n_kv, out, pool))
        return;
    if (kernel_variant() == KernelVariant::Avx2 && attention_ggml_avx2(p, q, q_stride, n_q, pos0, kv, n_kv, out, pool))
        return;
    const int group = p.n_heads / kv.n_kv_heads;
    const int n_q_tiles = (n_q + kQueryTile - 1) / kQueryTile;
    const int base_tasks = kv.n_kv_heads * n_q_tiles;
    // Few queries over a long context (generation): also split the keys so every core works.
    int n_splits = 1;
    if (base_tasks < 2 * pool.size() && n_kv >= 4 * kKeyTile) {
        n_splits = std::min((2 * pool.size() + base_tasks - 1) / base_tasks * 2, n_kv / (2 * kKeyTile));
        n_splits = std::max(n_splits, 1);
    }
    const int rows_max = group * kQueryTile;
    // Partial results per (task, row): acc[d], running max, running sum.
    const size_t part_stride = size_t(d) + 2;
    const int n_tasks = base_tasks * n_splits;
    float* partial = n_splits > 1
                         ? static_cast<float*>(pool.scratch().get(kScratchTemp, size_t(n_tasks) * rows_max * part_stride * sizeof(float)))
                         : nullptr;
    const AttentionKernels& K = select();
    const size_t esz = elem_size(kv.type);
    const size_t out_stride = size_t(p.n_heads) * size_t(d);

    pool.parallel_for(n_tasks, [&](int task, int thread) {
        const int split = task % n_splits;
        const int qt = (task / n_splits) % n_q_tiles;
        const int g = task / (n_splits * n_q_tiles);
        const int q_begin = qt * kQueryTile, q_end = std::min(n_q, q_begin + kQueryTile);
        const int nqt = q_end - q_begin;
        const int rows = nqt * group;  // row r: query q_begin + r / group, head g*group + r % group
        // Key range this task may need: the union over its queries, cut to its split.
        const int last_pos = pos0 + q_end - 1, first_pos = pos0 + q_begin;
        int key_hi = p.causal ? std::min(n_kv, last_pos + 1) : n_kv;  // exclusive
        int key_lo = 0;
        if (p.sliding_window > 0) key_lo = std::max(0, first_pos - p.sliding_window + 1);
        if (n_splits > 1) {  // split at tile boundaries so no tile is read twice
            const int t_lo = key_lo / kKeyTile, t_hi = (key_hi + kKeyTile - 1) / kKeyTile;
            const int a = t_lo + int(int64_t(t_hi - t_lo) * split / n_splits);
            const int b = t_lo + int(int64_t(t_hi - t_lo) * (split + 1) / n_splits);
            key_lo = std::max(key_lo, a * kKeyTile);
            key_hi = std::min(key_hi, b * kKeyTile);
        }
        Scratch& ts = pool.thread_scratch(thread);
        auto* mem = static_cast<float*>(ts.get(0, (size_t(rows_max) * (2 * size_t(d) + kKeyTile + 3) + 2 * size_t(kKeyTile) * d) * sizeof(float)));
        float* qrows = mem;                                  // rows x d (scaled queries)
        float* acc = qrows + size_t(rows_max) * d;           // rows x d
        float* s = acc + size_t(rows_max) * d;               // rows x kKeyTile
        float* mrow = s + size_t(rows_max) * kKeyTile;       // rows
        float* lrow = mrow + rows_max;                       // rows
        float* crow = lrow + rows_max;                       // rows: this tile's rescale
        float* ktile = crow + rows_max;                      // d x kKeyTile (F16 K tile as fp32)
        float* vtile = ktile + size_t(kKeyTile) * d;         // kKeyTile x d
        // Gather the query rows; fold the scale in unless a soft-cap needs the raw scores.
        const float qscale = p.softcap > 0.0f ? 1.0f : p.scale;
        for (int r = 0; r < rows; ++r) {
            const int qi = q_begin + r / group, h = g * group + r % group;
            const float* src = q + size_t(qi) * q_stride + size_t(h) * d;
            for (int i = 0; i < d; ++i) qrows[size_t(r) * d + i] = src[i] * qscale;
            mrow[r] = -INFINITY;
            lrow[r] = 0.0f;
        }
        std::memset(acc, 0, size_t(rows) * d * sizeof(float));
        const auto* kbase = static_cast<const uint8_t*>(kv.k) + size_t(g) * size_t(k_tiles(kv.capacity)) * kKeyTile * d * esz;
        const auto* vbase = static_cast<const uint8_t*>(kv.v) + size_t(g) * size_t(k_tiles(kv.capacity)) * kKeyTile * d * esz;
        for (int j0 = key_lo / kKeyTile * kKeyTile; j0 < key_hi; j0 += kKeyTile) {
            const int nk = std::min(kKeyTile, key_hi - j0);
            const float* kt = K.load_k(kbase + size_t(j0) * d * esz, kv.type, d, ktile);
            K.scores(qrows, rows, d, kt, nk, s);
            bool any = false;
            for (int r = 0; r < rows; ++r) {
                const int pos = pos0 + q_begin + r / group;
                float* sr = s + size_t(r) * kKeyTile;
                // Visible keys of this row within the tile: [vlo, vhi); the rest get -inf.
                const int vhi = p.causal ? std::min(nk, pos + 1 - j0) : nk;
                int vlo = p.sliding_window > 0 ? std::max(0, pos - p.sliding_window + 1 - j0) : 0;
                vlo = std::max(vlo, key_lo - j0);  // the tile may start before this task's keys
                if (vhi <= vlo) {  // nothing visible: no change to this row
                    std::memset(sr, 0, size_t(nk) * sizeof(float));
                    crow[r] = 1.0f;
                    continue;
                }
                any = true;
                if (p.softcap > 0.0f) {
                    const float inv = 1.0f / p.softcap;
                    for (int j = vlo; j < vhi; ++j) sr[j] = p.softcap * std::tanh(sr[j] * inv) * p.scale;
                }
                const float mx = K.mask_max(sr, nk, vlo, vhi, mrow[r]);
                const float corr = std::exp(mrow[r] - mx);  // exp(-inf) = 0 on the first tile
                lrow[r] = lrow[r] * corr + K.exp_sum(sr, nk, mx);
                mrow[r] = mx;
                crow[r] = corr;
            }
            if (!any) continue;
            K.load_v(vbase + size_t(j0) * d * esz, kv.type, nk, d, vtile);
            K.accumulate(s, rows, nk, vtile, d, crow, acc);
        }
        for (int r = 0; r < rows; ++r) {
            const int qi = q_begin + r / group, h = g * group + r % group;
            if (n_splits > 1) {
                float* pr = partial + (size_t(task) * rows_max + r) * part_stride;
                std::memcpy(pr, acc + size_t(r) * d, size_t(d) * sizeof(float));
                pr[d] = mrow[r];
                pr[d + 1] = lrow[r];
            } else {
                float* o = out + size_t(qi) * out_stride + size_t(h) * d;
                const float inv = lrow[r] > 0.0f ? 1.0f / lrow[r] : 0.0f;
                for (int i = 0; i < d; ++i) o[i] = acc[size_t(r) * d + i] * inv;
            }
        }
    });
    if (n_splits == 1) return;
    // Merge the key-range partials: rescale each to the common max and add.
    for (int bt = 0; bt < base_tasks; ++bt) {
        const int qt = bt % n_q_tiles, g = bt / n_q_tiles;
        const int q_begin = qt * kQueryTile, nqt = std::min(n_q, q_begin + kQueryTile) - q_begin;
        for (int r = 0; r < nqt * group; ++r) {
            const int qi = q_begin + r / group, h = g * group + r % group;
            float mx = -INFINITY;
            for (int sp = 0; sp < n_splits; ++sp)
                mx = std::max(mx, partial[(size_t(bt * n_splits + sp) * rows_max + r) * part_stride + d]);
            float* o = out + size_t(qi) * out_stride + size_t(h) * d;
            std::memset(o, 0, size_t(d) * sizeof(float));
            float l = 0.0f;
            for (int sp = 0; sp < n_splits; ++sp) {
                const float* pr = partial + (size_t(bt * n_splits + sp) * rows_max + r) * part_stride;
                if (pr[d + 1] == 0.0f) continue;
                const float c = std::exp(pr[d] - mx);
                l += pr[d + 1] * c;
                for (int i = 0; i < d; ++i) o[i] += pr[i] * c;
            }
            const float inv = l > 0.0f ? 1.0f / l : 0.0f;
            for (int i = 0; i < d; ++i) o[i] *= inv;
        }
    }
}

}  // namespace perimeter::kernels
