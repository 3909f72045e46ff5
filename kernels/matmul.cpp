// kernels::matmul and get_rows: validation, activation quantization, tiling over the pool.
// The inner loops live in the per-variant tables (matmul_kernels.h).
#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>

#include "kernels/cpu_features.h"
#include "kernels/matmul_kernels.h"
#include "kernels/matmul_packed.h"
#include "kernels/ops.h"
#include "kernels/quantize_ref.h"
#include "kernels/type_traits.h"
#include "kernels/vec_dot_ref.h"

#ifdef PERIMETER_HAVE_OPENBLAS
#include <cblas.h>
#endif

namespace perimeter::kernels {
namespace {

// ---- scalar table -----------------------------------------------------------------------------

using VecDotFn_ = void (*)(int64_t, float*, const void*, const void*);

template <VecDotFn_ dot>
void gemm_ref(int64_t K, const void* w, size_t w_stride, int nr, const void* x, size_t x_stride, int nc, float* y,
              size_t y_stride) {
    const auto* wb = static_cast<const uint8_t*>(w);
    const auto* xb = static_cast<const uint8_t*>(x);
    for (int c = 0; c < nc; ++c)
        for (int r = 0; r < nr; ++r) dot(K, &y[size_t(c) * y_stride + size_t(r)], wb + size_t(r) * w_stride, xb + size_t(c) * x_stride);
}

using T = TensorType;
// Float weights: several activation rows in tinyBLAS's order, one row in ggml_vec_dot's.
const MatmulKernel kScalarF32{T::F32, nullptr, gemm_ref<vec_dot_f32_tiny_ref>, gemm_ref<vec_dot_f32_ref>,
                              BatchRule::TinyShape};
// F16/BF16: the fp32 activations rounded to fp16/bf16 first, as ggml does (quantize_ref.h).
const MatmulKernel kScalarF16{T::F32, round_row_f16, gemm_ref<vec_dot_f16_tiny_ref>, gemm_ref<vec_dot_f16_ref>,
                              BatchRule::TinyShape};
const MatmulKernel kScalarBF16{T::F32, round_row_bf16, gemm_ref<vec_dot_bf16_ref>};
const MatmulKernel kScalarQ4_0{T::Q8_0, quantize_row_q8_0, gemm_ref<vec_dot_q4_0_ref>};
const MatmulKernel kScalarQ4_1{T::Q8_1, quantize_row_q8_1, gemm_ref<vec_dot_q4_1_ref>};
const MatmulKernel kScalarQ5_0{T::Q8_0, quantize_row_q8_0, gemm_ref<vec_dot_q5_0_ref>};
const MatmulKernel kScalarQ5_1{T::Q8_1, quantize_row_q8_1, gemm_ref<vec_dot_q5_1_ref>};
const MatmulKernel kScalarQ8_0{T::Q8_0, quantize_row_q8_0, gemm_ref<vec_dot_q8_0_ref>};
const MatmulKernel kScalarQ2_K{T::Q8_K, quantize_row_q8_K, gemm_ref<vec_dot_q2_K_ref>};
const MatmulKernel kScalarQ3_K{T::Q8_K, quantize_row_q8_K, gemm_ref<vec_dot_q3_K_ref>};
const MatmulKernel kScalarQ4_K{T::Q8_K, quantize_row_q8_K, gemm_ref<vec_dot_q4_K_x4_ref>, gemm_ref<vec_dot_q4_K_ref>,
                               BatchRule::TailOf4};
const MatmulKernel kScalarQ5_K{T::Q8_K, quantize_row_q8_K, gemm_ref<vec_dot_q5_K_ref>};
const MatmulKernel kScalarQ6_K{T::Q8_K, quantize_row_q8_K, gemm_ref<vec_dot_q6_K_tiled_ref>, gemm_ref<vec_dot_q6_K_ref>,
                               BatchRule::MinBatch8};

const MatmulKernel* select_kernel(TensorType t) {
    const KernelVariant v = kernel_variant();
    const MatmulKernel* k = nullptr;
    if (v == KernelVariant::Avx512) k = matmul_kernel_avx512(t);
    if (!k && v >= KernelVariant::Avx2) k = matmul_kernel_avx2(t);
    if (!k) k = matmul_kernel_scalar(t);
    return k;
}

// Off by default: sgemm's summation order is not llama.cpp's (see vec_dot_ref.h); our tinyBLAS-
// order tiles measured as fast as sgemm on F32 (kernels_bench).
bool g_use_blas = false;
// The repacked tiles (AVX-512, M >= 32) follow ggml's order for the types packed_layout lists
// (Q8_0/Q4_1/Q5_x in 8 lanes, Q4_0/Q6_K through their exact tiles); Q4_K is not packed (its
// batch order depends on the row's index modulo 4, which the packed path does not see).
bool g_use_packed = true;

#ifdef PERIMETER_HAVE_OPENBLAS
// Float weights with a batch of activations: OpenBLAS sgemm per tile of rows (F16/BF16 rows are
// converted to fp32 first, into the thread's scratch). OpenBLAS runs single-threaded inside
// each task; the pool spreads the row tiles over the cores.
void matmul_blas(const WeightView& w, const float* x, int M, float* y, ThreadPool& pool) {
    const int64_t K = w.ne0, N = w.rows;
    const size_t w_stride = w.row_stride ? w.row_stride : row_size(w.type, K);
    const auto& tr = type_traits(w.type);
    const int64_t row_block = std::max<int64_t>(16, std::min<int64_t>(256, (N + 4 * pool.size() - 1) / (4 * pool.size())));
    const int64_t n_blocks = (N + row_block - 1) / row_block;
    pool.parallel_for(int(n_blocks), [&](int task, int thread) {
        const int64_t r0 = task * row_block, nr = std::min(N, r0 + row_block) - r0;
        const auto* src = static_cast<const uint8_t*>(w.data) + size_t(r0) * w_stride;
        const float* wf = reinterpret_cast<const float*>(src);
        size_t ldw = w_stride / sizeof(float);
        if (w.type != TensorType::F32 || w_stride % sizeof(float) != 0) {
            auto* buf = static_cast<float*>(pool.thread_scratch(thread).get(1, size_t(nr) * size_t(K) * sizeof(float)));
            for (int64_t r = 0; r < nr; ++r) tr.dequantize_row(src + size_t(r) * w_stride, buf + size_t(r) * size_t(K), K);
            wf = buf;
            ldw = size_t(K);
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, M, int(nr), int(K), 1.0f, x, int(K), wf, int(ldw), 0.0f,
                    y + r0, int(N));
    });
}
#endif

// ---- matrix-vector work split --------------------------------------------------------------

// Generation reads every weight once, so the split decides how well memory streams. Each of
// the pool's threads owns a contiguous range of chunks and walks it forward: its reads are one
// sequential stream, which the hardware prefetcher and the kernels' prefetch of the next tile
// follow across chunk boundaries (chunks handed out round-robin instead start a new stream, and
// wait for memory, at every chunk). A thread that finishes its range takes chunks from the
// back of another's, so a core slowed down by another process still finishes with the rest.
constexpr int kMaxParts = 64;

struct alignas(64) ChunkRange {
    std::atomic<uint64_t> v{0};  // front (low 32 bits) .. back (high 32 bits), back exclusive
    int claim_front() {
        uint64_t cur = v.load(std::memory_order_relaxed);
        for (;;) {
            const uint32_t front = uint32_t(cur), back = uint32_t(cur >> 32);
            if (front >= back) return -1;
            if (v.compare_exchange_weak(cur, cur + 1, std::memory_order_relaxed)) return int(front);
        }
    }
    int claim_back() {
        uint64_t cur = v.load(std::memory_order_relaxed);
        for (;;) {
            const uint32_t front = uint32_t(cur), back = uint32_t(cur >> 32);
            if (front >= back) return -1;
            if (v.compare_exchange_weak(cur, (uint64_t(back - 1) << 32) | front, std::memory_order_relaxed))
                return int(back - 1);
        }
    }
};

// Runs fn(chunk) for every chunk in [0, n_chunks) on the pool, split as above.
template <class F>
void for_each_chunk_streaming(ThreadPool& pool, int n_chunks, const F& fn) {
    const int parts = std::min({pool.size(), n_chunks, kMaxParts});
    if (parts <= 1) {
        for (int c = 0; c < n_chunks; ++c) fn(c);
        return;
    }
    ChunkRange ranges[kMaxParts];
    for (int p = 0; p < parts; ++p)
        ranges[p].v.store((uint64_t(int64_t(n_chunks) * (p + 1) / parts) << 32) | uint64_t(int64_t(n_chunks) * p / parts),
                          std::memory_order_relaxed);
    // One task per part; a task runs until no chunk is left anywhere, so a worker that starts
    // late finds its range taken and returns at once (nobody waits for it).
    pool.parallel_for(parts, [&](int part, int) {
        for (int c; (c = ranges[part].claim_front()) >= 0;) fn(c);
        for (int k = 1; k < parts; ++k)
            for (int c; (c = ranges[(part + k) % parts].claim_back()) >= 0;) fn(c);
    });
}

// Rows per chunk of a matrix-vector product: ~16 chunks per thread, each 8-64 KiB of weights
// (small enough for the threads to even out, large enough that claiming one costs nothing).
int64_t matvec_chunk_rows(int64_t rows, size_t row_bytes, int64_t total_bytes, int threads) {
    const int64_t target = std::clamp<int64_t>(total_bytes / (16 * int64_t(threads)), 8 << 10, 64 << 10);
    const int64_t r = std::max<int64_t>(4, target / int64_t(row_bytes) / 4 * 4);
    return std::min(r, rows);
}

}  // namespace

void set_matmul_blas(bool enabled) { g_use_blas = enabled; }
void set_matmul_packed(bool enabled) { g_use_packed = enabled; }

const MatmulKernel* matmul_kernel_scalar(TensorType t) {
    switch (t) {
        case T::F32: return &kScalarF32;
        case T::F16: return &kScalarF16;
        case T::BF16: return &kScalarBF16;
        case T::Q4_0: return &kScalarQ4_0;
        case T::Q4_1: return &kScalarQ4_1;
        case T::Q5_0: return &kScalarQ5_0;
        case T::Q5_1: return &kScalarQ5_1;
        case T::Q8_0: return &kScalarQ8_0;
        case T::Q2_K: return &kScalarQ2_K;
        case T::Q3_K: return &kScalarQ3_K;
        case T::Q4_K: return &kScalarQ4_K;
        case T::Q5_K: return &kScalarQ5_K;
        case T::Q6_K: return &kScalarQ6_K;
        default: return nullptr;
    }
}

bool matmul_supports(TensorType t) { return matmul_kernel_scalar(t) != nullptr; }

namespace {
// The kernel for w, after checking the shape; throws std::invalid_argument.
const MatmulKernel* checked_kernel(const WeightView& w) {
    const MatmulKernel* kern = select_kernel(w.type);
    if (!kern) throw std::invalid_argument("matmul: weight type " + type_label(w.type) + " not supported");
    const auto& tr = type_traits(w.type);
    const int64_t act_block = type_traits(kern->act_type).block_size;
    if (w.ne0 <= 0 || w.ne0 % tr.block_size != 0 || w.ne0 % act_block != 0)
        throw std::invalid_argument("matmul: " + type_label(w.type) + " row length " + std::to_string(w.ne0) +
                                    " is not a positive multiple of the block size " + std::to_string(tr.block_size));
    return kern;
}
}  // namespace

void matmul_multi(const WeightView* ws, int n, const float* x, int M, float* const* ys, ThreadPool& pool) {
    if (n <= 0 || M <= 0) return;
    // Fused only for small batches (generation): big batches are long enough on their own.
    bool fuse = n > 1 && M < kPackedMinBatch;
    const MatmulKernel* k0 = checked_kernel(ws[0]);
    for (int i = 1; i < n && fuse; ++i) {
        const MatmulKernel* ki = checked_kernel(ws[i]);
        fuse = ki->act_type == k0->act_type && ki->quantize == k0->quantize && ws[i].ne0 == ws[0].ne0 &&
               ki->rule == BatchRule::Same;
    }
    if (k0->rule != BatchRule::Same) fuse = false;  // their order depends on the batch and shape
#ifdef PERIMETER_HAVE_OPENBLAS
    if (M >= kBlasMinBatch) fuse = false;  // F32 weights may take the sgemm path
#endif
    if (!fuse) {
        for (int i = 0; i < n; ++i) matmul(ws[i], x, M, ys[i], pool);
        return;
    }
    const int64_t K = ws[0].ne0;
    const void* xq = x;
    size_t x_stride = size_t(K) * sizeof(float);
    if (k0->quantize) {
        x_stride = row_size(k0->act_type, K);
        auto* buf = static_cast<uint8_t*>(pool.scratch().get(kScratchActivations, x_stride * size_t(M)));
        for (int m = 0; m < M; ++m) k0->quantize(x + size_t(m) * size_t(K), buf + size_t(m) * x_stride, K);
        xq = buf;
    }
    // One task list over all matrices: blocks of 16..64 rows, several per thread.
    int64_t total_rows = 0;
    for (int i = 0; i < n; ++i) total_rows += ws[i].rows;
    int64_t row_block = 16;
    while (row_block < 64 && total_rows / (row_block * 2) >= int64_t(pool.size()) * 8) row_block *= 2;
    constexpr int kMaxMulti = 8;
    if (n > kMaxMulti) {
        for (int i = 0; i < n; ++i) matmul(ws[i], x, M, ys[i], pool);
        return;
    }
    int64_t first_task[kMaxMulti + 1];
    const MatmulKernel* kerns[kMaxMulti];
    first_task[0] = 0;
    for (int i = 0; i < n; ++i) {
        kerns[i] = checked_kernel(ws[i]);
        first_task[i + 1] = first_task[i] + (ws[i].rows + row_block - 1) / row_block;
    }
    const auto* xb = static_cast<const uint8_t*>(xq);
    if (M == 1) {  // generation: one stream per thread over the matrices, one after the other
        int64_t total_bytes = 0;
        for (int i = 0; i < n; ++i)
            total_bytes += int64_t(ws[i].row_stride ? ws[i].row_stride : row_size(ws[i].type, K)) * ws[i].rows;
        int64_t chunk_rows[kMaxMulti];
        first_task[0] = 0;
        for (int i = 0; i < n; ++i) {
            const size_t w_stride = ws[i].row_stride ? ws[i].row_stride : row_size(ws[i].type, K);
            chunk_rows[i] = matvec_chunk_rows(ws[i].rows, w_stride, total_bytes, pool.size());
            first_task[i + 1] = first_task[i] + (ws[i].rows + chunk_rows[i] - 1) / chunk_rows[i];
        }
        for_each_chunk_streaming(pool, int(first_task[n]), [&](int chunk) {
            int i = 0;
            while (chunk >= first_task[i + 1]) ++i;
            const WeightView& w = ws[i];
            const size_t w_stride = w.row_stride ? w.row_stride : row_size(w.type, K);
            const int64_t r0 = (chunk - first_task[i]) * chunk_rows[i], r1 = std::min(w.rows, r0 + chunk_rows[i]);
            const GemmFn gemm = kerns[i]->matvec ? kerns[i]->matvec : kerns[i]->gemm;
            gemm(K, static_cast<const uint8_t*>(w.data) + size_t(r0) * w_stride, w_stride, int(r1 - r0), xb, x_stride, 1,
                 ys[i] + size_t(r0), size_t(w.rows));
        });
        return;
    }
    pool.parallel_for(int(first_task[n]), [&](int task, int) {
        int i = 0;
        while (task >= first_task[i + 1]) ++i;
        const WeightView& w = ws[i];
        const size_t w_stride = w.row_stride ? w.row_stride : row_size(w.type, K);
        const int64_t r0 = (task - first_task[i]) * row_block, r1 = std::min(w.rows, r0 + row_block);
        kerns[i]->gemm(K, static_cast<const uint8_t*>(w.data) + size_t(r0) * w_stride, w_stride, int(r1 - r0), xb, x_stride, M,
                       ys[i] + size_t(r0), size_t(w.rows));
    });
}

void matmul(const WeightView& w, const float* x, int M, float* y, ThreadPool& pool) {
    const MatmulKernel* kern = select_kernel(w.type);
    if (!kern) throw std::invalid_argument("matmul: weight type " + type_label(w.type) + " not supported");
    const int64_t K = w.ne0;
    const int64_t N = w.rows;
    const auto& tr = type_traits(w.type);
    if (K <= 0 || K % tr.block_size != 0)
        throw std::invalid_argument("matmul: " + type_label(w.type) + " row length " + std::to_string(K) +
                                    " is not a positive multiple of the block size " + std::to_string(tr.block_size));
    const int64_t act_block = type_traits(kern->act_type).block_size;
    if (K % act_block != 0)
        throw std::invalid_argument("matmul: row length " + std::to_string(K) + " is not a multiple of " +
                                    std::to_string(act_block) + " (activation format " + type_label(kern->act_type) + ")");
    if (M <= 0 || N <= 0) return;
    const size_t w_stride = w.row_stride ? w.row_stride : row_size(w.type, K);
#ifdef PERIMETER_HAVE_OPENBLAS
    // Measured (kernels_bench, M = 512, 2048 x 2048): sgemm ~ our FMA tiles for F32 (32 vs 28
    // GFLOP/s) but slower for F16 (32 vs 59: the conversion to fp32 costs more than it saves),
    // so only F32 weights take it.
    if (g_use_blas && M >= kBlasMinBatch && kernel_variant() != KernelVariant::Scalar && w.type == TensorType::F32) {
        matmul_blas(w, x, M, y, pool);
        return;
    }
#endif

    // 1. The activations in the partner format, once per call, in the pool's scratch.
    const void* xq = x;
    size_t x_stride = size_t(K) * sizeof(float);
    if (kern->quantize) {
        x_stride = row_size(kern->act_type, K);
        auto* buf = static_cast<uint8_t*>(pool.scratch().get(kScratchActivations, x_stride * size_t(M)));
        const int n_q_tasks = M >= 2 * pool.size() ? std::min(M, 4 * pool.size()) : 1;
        pool.parallel_for(n_q_tasks, [&](int task, int) {
            const int m0 = int(int64_t(M) * task / n_q_tasks), m1 = int(int64_t(M) * (task + 1) / n_q_tasks);
            for (int m = m0; m < m1; ++m) kern->quantize(x + size_t(m) * size_t(K), buf + size_t(m) * x_stride, K);
        });
        xq = buf;
    }

    // 2a. A prompt batch on AVX-512: repack each 16-row tile once, then one VNNI kernel runs
    // it against every activation row (see matmul_packed.h).
    const PackedLayout packed = packed_layout(w.type);
    if (g_use_packed && M >= kPackedMinBatch && packed.sub && kernel_variant() == KernelVariant::Avx512 &&
        K % packed.sub == 0) {
        const int n_sub = int(K / packed.sub);
        auto* sums = static_cast<float*>(pool.scratch().get(kScratchTemp, size_t(M) * 2 * size_t(n_sub) * sizeof(float)));
        const auto* xb = static_cast<const uint8_t*>(xq);
        const int n_s_tasks = std::min(M, 4 * pool.size());
        pool.parallel_for(n_s_tasks, [&](int task, int) {
            const int m0 = int(int64_t(M) * task / n_s_tasks), m1 = int(int64_t(M) * (task + 1) / n_s_tasks);
            pack_activation_sums(w.type, xb + size_t(m0) * x_stride, x_stride, m1 - m0, K, sums + size_t(m0) * 2 * n_sub);
        });
        const int64_t n_tiles = (N + kPackRows - 1) / kPackRows;
        // Enough tasks for the cores to share evenly; split the columns only when tiles are few.
        int64_t n_col_blocks = 1;
        while (n_tiles * n_col_blocks < 4 * pool.size() && M / (n_col_blocks * 2) >= 16) n_col_blocks *= 2;
        const int64_t cols_per = (M + n_col_blocks - 1) / n_col_blocks;
        const size_t tile_bytes = packed_tile_bytes(w.type, K);
        const auto* wb = static_cast<const uint8_t*>(w.data);
        pool.parallel_for(int(n_tiles * n_col_blocks), [&](int task, int thread) {
            const int64_t tile = task / n_col_blocks, cb = task % n_col_blocks;
            const int64_t r0 = tile * kPackRows, nr = std::min<int64_t>(kPackRows, N - r0);
            const int64_t c0 = cb * cols_per, nc = std::min<int64_t>(M, c0 + cols_per) - c0;
            if (nc <= 0) return;
            void* buf = pool.thread_scratch(thread).get(2, tile_bytes);
            pack_weight_tile(w.type, wb + size_t(r0) * w_stride, w_stride, int(nr), K, buf);
            packed_gemm_avx512(w.type, buf, int(nr), K, xb + size_t(c0) * x_stride, x_stride, sums + size_t(c0) * 2 * n_sub,
                               int(nc), y + size_t(c0) * size_t(N) + size_t(r0), size_t(N));
        });
        return;
    }

    // 2a'. Generation (one activation row): a sequential stream per thread (see above).
    if (M == 1) {
        const int64_t chunk = matvec_chunk_rows(N, w_stride, int64_t(w_stride) * N, pool.size());
        const GemmFn gemm = kern->matvec ? kern->matvec : kern->gemm;
        const auto* wb = static_cast<const uint8_t*>(w.data);
        for_each_chunk_streaming(pool, int((N + chunk - 1) / chunk), [&](int c) {
            const int64_t r0 = c * chunk, r1 = std::min(N, r0 + chunk);
            gemm(K, wb + size_t(r0) * w_stride, w_stride, int(r1 - r0), xq, x_stride, 1, y + r0, size_t(N));
        });
        return;
    }

    // 2. Tiles of (weight rows x activation rows). Rows come in multiples of 16 so the SIMD
    // micro-kernels see whole register blocks; there are several tiles per thread so that a
    // core slowed down by someone else takes fewer of them.
    const int threads = pool.size();
    const int64_t col_block = M == 1 ? 1 : std::min<int64_t>(M, 64);
    const int64_t n_col_blocks = (M + col_block - 1) / col_block;
    int64_t row_block = 16;
    const int64_t want_tasks = int64_t(threads) * 8;
    while (row_block < 256 && ((N + row_block * 2 - 1) / (row_block * 2)) * n_col_blocks >= want_tasks) row_block *= 2;
    const int64_t n_row_blocks = (N + row_block - 1) / row_block;
    const auto* wb = static_cast<const uint8_t*>(w.data);
    const auto* xb = static_cast<const uint8_t*>(xq);
    // Activation rows from `gemm_end` on take the matvec order (BatchRule).
    int64_t gemm_end = M;
    if (kern->matvec) switch (kern->rule) {
            case BatchRule::Same: break;
            case BatchRule::TailOf4: gemm_end = M - M % 4; break;
            case BatchRule::MinBatch8: gemm_end = M >= 8 ? M : 0; break;
            case BatchRule::TinyShape: gemm_end = (N % 4 == 0 && K % 16 == 0) ? M : 0; break;
        }
    pool.parallel_for(int(n_row_blocks * n_col_blocks), [&](int task, int) {
        const int64_t rb = task % n_row_blocks, cb = task / n_row_blocks;
        const int64_t r0 = rb * row_block, r1 = std::min(N, r0 + row_block);
        const int64_t c0 = cb * col_block, c1 = std::min<int64_t>(M, c0 + col_block);
        const int64_t cg = std::clamp(gemm_end, c0, c1);
        if (cg > c0)
            kern->gemm(K, wb + size_t(r0) * w_stride, w_stride, int(r1 - r0), xb + size_t(c0) * x_stride, x_stride,
                       int(cg - c0), y + size_t(c0) * size_t(N) + size_t(r0), size_t(N));
        for (int64_t c = cg; c < c1; ++c)
            kern->matvec(K, wb + size_t(r0) * w_stride, w_stride, int(r1 - r0), xb + size_t(c) * x_stride, x_stride, 1,
                         y + size_t(c) * size_t(N) + size_t(r0), size_t(N));
    });
}

void get_rows(const WeightView& table, const int32_t* ids, int n_ids, float* out) {
    const auto& tr = type_traits(table.type);
    if (!tr.dequantize_row) throw std::invalid_argument("get_rows: type " + type_label(table.type) + " not supported");
    const size_t stride = table.row_stride ? table.row_stride : row_size(table.type, table.ne0);
    for (int i = 0; i < n_ids; ++i) {
        if (ids[i] < 0 || ids[i] >= table.rows)
            throw std::out_of_range("get_rows: id " + std::to_string(ids[i]) + " outside [0, " + std::to_string(table.rows) + ")");
        tr.dequantize_row(static_cast<const uint8_t*>(table.data) + size_t(ids[i]) * stride, out + size_t(i) * size_t(table.ne0),
                          table.ne0);
    }
}

}  // namespace perimeter::kernels
