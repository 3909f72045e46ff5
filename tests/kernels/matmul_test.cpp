// matmul: the scalar reference against a double-precision dequantized product, every SIMD
// variant against the scalar reference (exact integer sums with unit scales; NMSE < 1e-10 on
// realistic data), on random data and on real tensors of the real models.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <set>

#include "engine/gguf/gguf_file.h"
#include "kernel_test_util.h"
#include "kernels/half.h"
#include "kernels/matmul_kernels.h"
#include "kernels/matmul_packed.h"
#include "kernels/ops.h"
#include "kernels/quantize_ref.h"
#include "kernels/quant_blocks.h"
#include "kernels/type_traits.h"
#include "tests/common/test_env.h"

namespace perimeter::kernels::test {
namespace {

ThreadPool& pool() {
    static ThreadPool p;
    return p;
}

const MatmulKernel* table_kernel(KernelVariant v, TensorType t) {
    switch (v) {
        case KernelVariant::Scalar: return matmul_kernel_scalar(t);
        case KernelVariant::Avx2: return matmul_kernel_avx2(t);
        case KernelVariant::Avx512: return matmul_kernel_avx512(t);
    }
    return nullptr;
}

// y = W x in double from the dequantized weights and the dequantized partner-format x.
std::vector<float> reference_product(TensorType type, const std::vector<uint8_t>& w, int64_t K, int64_t N, const float* x,
                                     int M) {
    const auto* kern = matmul_kernel_scalar(type);
    std::vector<float> wf(size_t(K * N)), xf(size_t(K) * M);
    const size_t rs = row_size(type, K);
    for (int64_t r = 0; r < N; ++r) type_traits(type).dequantize_row(w.data() + size_t(r) * rs, wf.data() + size_t(r * K), K);
    if (kern->act_type == TensorType::F32) {
        std::memcpy(xf.data(), x, xf.size() * sizeof(float));
        // F16/BF16 weights: the activations rounded to the weight's precision (quantize_ref.h)
        if (kern->quantize) kern->quantize(x, xf.data(), int64_t(xf.size()));
    } else {
        const auto& at = type_traits(kern->act_type);
        std::vector<uint8_t> q(row_size(kern->act_type, K));
        for (int m = 0; m < M; ++m) {
            at.quantize_row(x + size_t(m) * K, q.data(), K);
            at.dequantize_row(q.data(), xf.data() + size_t(m) * K, K);
        }
    }
    std::vector<float> y(size_t(M) * N);
    for (int m = 0; m < M; ++m)
        for (int64_t n = 0; n < N; ++n) {
            double s = 0;
            for (int64_t k = 0; k < K; ++k) s += double(wf[size_t(n * K + k)]) * xf[size_t(m) * K + size_t(k)];
            y[size_t(m) * N + size_t(n)] = float(s);
        }
    return y;
}

std::vector<float> run_matmul(KernelVariant v, TensorType type, const void* w, int64_t K, int64_t N, size_t stride,
                              const float* x, int M) {
    VariantGuard guard;
    EXPECT_TRUE(set_kernel_variant(v));
    std::vector<float> y(size_t(M) * N, -1.0f);
    matmul(WeightView{type, K, N, w, stride}, x, M, y.data(), pool());
    return y;
}

// Q4_1/Q5_1 pair with Q8_1, whose per-block sum s is stored in fp16 (as in ggml): the min term
// m * s then carries a ~5e-4 relative rounding that the dequantized product does not have.
double exact_tolerance(TensorType t) {
    return matmul_kernel_scalar(t)->act_type == TensorType::Q8_1 ? 1e-5 : 1e-10;
}

int64_t test_k(TensorType t) { return type_traits(t).block_size == 256 ? 768 : 320; }

TEST(KernelsMatmul, ScalarMatchesDequantizedDoubleProduct) {
    std::mt19937 rng(1);
    for (TensorType t : matmul_types()) {
        SCOPED_TRACE(type_label(t));
        const int64_t K = test_k(t), N = 21;
        const int M = 3;
        const auto w = random_rows(t, K, N, rng);
        const auto x = gaussian(size_t(K) * M, rng);
        const auto ref = reference_product(t, w, K, N, x.data(), M);
        const auto y = run_matmul(KernelVariant::Scalar, t, w.data(), K, N, 0, x.data(), M);
        EXPECT_LT(nmse(y.data(), ref.data(), y.size()), exact_tolerance(t));
    }
}

TEST(KernelsMatmul, EveryVariantMatchesScalarOnRandomData) {
    std::mt19937 rng(2);
    for (KernelVariant v : supported_variants()) {
        if (v == KernelVariant::Scalar) continue;
        for (TensorType t : matmul_types()) {
            const int64_t K = test_k(t);
            for (int64_t N : {1, 16, 37, 67})
                for (int M : {1, 2, 5, 17, 40, 70}) {  // 40, 70: the packed prompt path
                    SCOPED_TRACE(std::string(variant_name(v)) + " " + type_label(t) + " N=" + std::to_string(N) +
                                 " M=" + std::to_string(M));
                    const auto w = random_rows(t, K, N, rng);
                    const auto x = gaussian(size_t(K) * M, rng);
                    const auto ref = run_matmul(KernelVariant::Scalar, t, w.data(), K, N, 0, x.data(), M);
                    const auto y = run_matmul(v, t, w.data(), K, N, 0, x.data(), M);
                    EXPECT_LT(nmse(y.data(), ref.data(), y.size()), 1e-10);
                }
        }
    }
}

// Activation rows in the partner format with unit scale and small integers, so that every
// product and sum is an exactly representable integer: the variants must agree bit for bit.
std::vector<uint8_t> unit_activations(TensorType act, int64_t K, int M, std::mt19937& rng) {
    const size_t rs = row_size(act, K);
    std::vector<uint8_t> out(rs * size_t(M));
    std::uniform_int_distribution<int> q(-4, 4);
    for (int m = 0; m < M; ++m) {
        uint8_t* row = out.data() + size_t(m) * rs;
        if (act == TensorType::Q8_K) {
            auto* b = reinterpret_cast<block_q8_K*>(row);
            for (int64_t i = 0; i < K / QK_K; ++i) {
                b[i].d = 1.0f;
                for (int j = 0; j < QK_K; ++j) b[i].qs[j] = int8_t(q(rng));
                for (int j = 0; j < QK_K / 16; ++j) {
                    int s = 0;
                    for (int l = 0; l < 16; ++l) s += b[i].qs[16 * j + l];
                    b[i].bsums[j] = int16_t(s);
                }
            }
        } else if (act == TensorType::Q8_0) {
            auto* b = reinterpret_cast<block_q8_0*>(row);
            for (int64_t i = 0; i < K / QK8_0; ++i) {
                b[i].d = fp32_to_fp16(1.0f);
                for (int j = 0; j < QK8_0; ++j) b[i].qs[j] = int8_t(q(rng));
            }
        } else if (act == TensorType::Q8_1) {
            auto* b = reinterpret_cast<block_q8_1*>(row);
            for (int64_t i = 0; i < K / QK8_1; ++i) {
                b[i].d = fp32_to_fp16(1.0f);
                int s = 0;
                for (int j = 0; j < QK8_1; ++j) s += (b[i].qs[j] = int8_t(q(rng)));
                b[i].s = fp32_to_fp16(float(s));
            }
        }
    }
    return out;
}

TEST(KernelsMatmul, IntegerBlockSumsAreExactInEveryVariant) {
    std::mt19937 rng(3);
    for (KernelVariant v : supported_variants()) {
        if (v == KernelVariant::Scalar) continue;
        int compared = 0;
        for (TensorType t : matmul_types()) {
            const MatmulKernel* kern = table_kernel(v, t);
            const MatmulKernel* ref = matmul_kernel_scalar(t);
            if (!kern || ref->act_type == TensorType::F32) continue;
            ++compared;
            SCOPED_TRACE(std::string(variant_name(v)) + " " + type_label(t));
            const int64_t K = type_traits(t).block_size == 256 ? 512 : 512, N = 19;
            const int M = 6;
            const auto w = random_rows(t, K, N, rng, /*unit_scales=*/true);
            const auto x = unit_activations(ref->act_type, K, M, rng);
            const size_t ws = row_size(t, K), xs = row_size(ref->act_type, K);
            std::vector<float> a(size_t(M) * N), b(size_t(M) * N);
            ref->gemm(K, w.data(), ws, int(N), x.data(), xs, M, a.data(), size_t(N));
            kern->gemm(K, w.data(), ws, int(N), x.data(), xs, M, b.data(), size_t(N));
            for (size_t i = 0; i < a.size(); ++i) ASSERT_EQ(a[i], b[i]) << "at " << i;
        }
        // AVX-512 covers every quantized type; AVX2 at least the common ones.
        EXPECT_GE(compared, v == KernelVariant::Avx512 ? 10 : 4) << variant_name(v);
    }
}

// An fp32 row in the kernel's partner format (F32 weights: the row as it is).
void to_partner(const MatmulKernel& k, const float* x, uint8_t* out, int64_t K) {
    if (k.quantize) k.quantize(x, out, K);
    else std::memcpy(out, x, size_t(K) * sizeof(float));
}

// The matrix-vector kernels of generation (MatmulKernel::matvec, where a variant has them):
// exact integer sums against the scalar reference for every row count 1..9 (the 4-row groups
// and each remainder) and block counts with and without an odd last block; then realistic
// scales (NMSE); and a matrix that ends right before an unreadable page, since the kernels
// read ahead inside a row and must stop at its end.
TEST(KernelsMatmul, MatvecKernelsMatchTheScalarReference) {
    std::mt19937 rng(10);
    int compared = 0;
    for (KernelVariant v : supported_variants()) {
        for (TensorType t : matmul_types()) {
            const MatmulKernel* kern = table_kernel(v, t);
            const MatmulKernel* ref = matmul_kernel_scalar(t);
            if (!kern || !kern->matvec) continue;
            // the reference of the one-row order (BatchRule: it may differ from the batched one)
            const GemmFn ref_mv = ref->matvec ? ref->matvec : ref->gemm;
            ++compared;
            const int64_t bs = type_traits(t).block_size;
            for (int64_t K : {bs, 3 * bs, 8 * bs, 18 * bs})
                for (int N = 1; N <= 9; ++N) {
                    SCOPED_TRACE(std::string(variant_name(v)) + " " + type_label(t) + " K=" + std::to_string(K) +
                                 " N=" + std::to_string(N));
                    const size_t ws = row_size(t, K), xs = row_size(ref->act_type, K);
                    const auto w = random_rows(t, K, N, rng, /*unit_scales=*/true);
                    const auto x = unit_activations(ref->act_type, K, 1, rng);
                    std::vector<float> a(static_cast<size_t>(N)), b(static_cast<size_t>(N), -1.0f);
                    ref_mv(K, w.data(), ws, N, x.data(), xs, 1, a.data(), size_t(N));
                    kern->matvec(K, w.data(), ws, N, x.data(), xs, 1, b.data(), size_t(N));
                    for (int i = 0; i < N; ++i) ASSERT_EQ(a[size_t(i)], b[size_t(i)]) << "row " << i;

                    const auto wr = random_rows(t, K, N, rng);
                    const auto xf = gaussian(size_t(K), rng);
                    std::vector<uint8_t> xq(xs);
                    to_partner(*kern, xf.data(), xq.data(), K);
                    ref_mv(K, wr.data(), ws, N, xq.data(), xs, 1, a.data(), size_t(N));
                    kern->matvec(K, wr.data(), ws, N, xq.data(), xs, 1, b.data(), size_t(N));
                    EXPECT_LT(nmse(b.data(), a.data(), a.size()), 1e-10);
                }
            // The last row ends at a page boundary followed by a page that cannot be read.
            const long page = sysconf(_SC_PAGESIZE);
            const int64_t K = 8 * bs;
            const int N = 5;
            const size_t ws = row_size(t, K), bytes = ws * N;
            const size_t span = (bytes + size_t(page) - 1) / size_t(page) * size_t(page);
            void* map = mmap(nullptr, span + size_t(page), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            ASSERT_NE(map, MAP_FAILED);
            ASSERT_EQ(0, mprotect(static_cast<uint8_t*>(map) + span, size_t(page), PROT_NONE));
            uint8_t* end_aligned = static_cast<uint8_t*>(map) + span - bytes;
            const auto w = random_rows(t, K, N, rng);
            std::memcpy(end_aligned, w.data(), bytes);
            const auto xf = gaussian(size_t(K), rng);
            std::vector<uint8_t> xq(row_size(ref->act_type, K));
            to_partner(*kern, xf.data(), xq.data(), K);
            std::vector<float> a(static_cast<size_t>(N)), b(static_cast<size_t>(N));
            ref_mv(K, w.data(), ws, N, xq.data(), xq.size(), 1, a.data(), size_t(N));
            kern->matvec(K, end_aligned, ws, N, xq.data(), xq.size(), 1, b.data(), size_t(N));
            EXPECT_LT(nmse(b.data(), a.data(), a.size()), 1e-10) << type_label(t) << " at a page end";
            munmap(map, span + size_t(page));
        }
    }
    if (variant_supported(KernelVariant::Avx512)) {
        EXPECT_GE(compared, 3);
    }
}

// Q8_0, Q4_1, Q5_0 (and Q5_1): the SIMD variants that follow ggml's 8-lane block order
// (vec_dot_ref.h) give the scalar reference's bits through every path matmul takes: the
// matrix-vector kernel (M = 1), the register tiles with their remainders and the prompt-batch
// path (M >= 32), on realistic random scales and activations of very different magnitudes
// (so that every fma rounds), with odd block counts and odd row counts.
TEST(KernelsMatmul, EightLaneTypesAreBitExactInTheSimdVariants) {
    std::mt19937 rng(12);
    int compared = 0;
    for (KernelVariant v : {KernelVariant::Avx2, KernelVariant::Avx512}) {
        if (!variant_supported(v)) continue;
        for (TensorType t : {TensorType::Q8_0, TensorType::Q4_1, TensorType::Q5_0, TensorType::Q5_1})
            for (int64_t K : {32, 96, 576})
                for (int64_t N : {1, 5, 16, 67})
                    for (int M : {1, 2, 3, 7, 8, 33, 64}) {
                        SCOPED_TRACE(std::string(variant_name(v)) + " " + type_label(t) + " K=" + std::to_string(K) +
                                     " N=" + std::to_string(N) + " M=" + std::to_string(M));
                        const auto w = random_rows(t, K, N, rng);
                        auto x = gaussian(size_t(K) * M, rng, 1.0f);
                        // rows of very different magnitudes, and a few outliers inside rows
                        for (int m = 0; m < M; ++m) {
                            const float scale = m % 3 == 0 ? 1e4f : m % 3 == 1 ? 1e-3f : 37.0f;
                            for (int64_t k = 0; k < K; ++k) x[size_t(m) * K + size_t(k)] *= k % 97 == 5 ? 50 * scale : scale;
                        }
                        const auto ref = run_matmul(KernelVariant::Scalar, t, w.data(), K, N, 0, x.data(), M);
                        const auto y = run_matmul(v, t, w.data(), K, N, 0, x.data(), M);
                        ASSERT_EQ(0, std::memcmp(ref.data(), y.data(), ref.size() * sizeof(float)))
                            << "first difference at " << [&] {
                                   size_t i = 0;
                                   while (i < ref.size() && std::memcmp(&ref[i], &y[i], sizeof(float)) == 0) ++i;
                                   return std::to_string(i) + ": " + std::to_string(ref[i]) + " vs " + std::to_string(y[i]);
                               }();
                        ++compared;
                    }
    }
    if (variant_supported(KernelVariant::Avx512)) {
        EXPECT_GT(compared, 0);
    }
}

// Q4_K, Q6_K, Q4_0, F32 and F16: every variant gives the scalar reference's bits (llama.cpp's
// order, vec_dot_ref.h), through matmul() as the engine calls it, for batch sizes on both sides
// of each BatchRule boundary (Q4_K: rows in groups of 4, the rest in the gemv order; Q6_K: from
// 8 rows on; F32/F16: tinyBLAS's order only for row counts % 4 == 0; the old packed prompt path
// from 32), odd row counts and a partial last group of blocks, on realistic data.
TEST(KernelsMatmul, ExactTypesGiveTheReferenceBitsInEveryVariant) {
    std::mt19937 rng(11);
    int compared = 0;
    for (TensorType t : {TensorType::Q4_K, TensorType::Q6_K, TensorType::Q4_0, TensorType::F32, TensorType::F16}) {
        // 5 super-blocks (a group of 4 and one more); 17 legacy blocks (an odd last block);
        // float rows of 37 x 16 (tinyBLAS's shape; one row's order with a tail past 64 x 9)
        const int64_t bs = type_traits(t).block_size;
        const int64_t K = bs == 256 ? 5 * 256 : bs == 32 ? 17 * 32 : 37 * 16;
        for (int64_t N : {1, 7, 36, 37}) {  // 36: the float types' batched order (rows % 4 == 0)
            const auto w = random_rows(t, K, N, rng);
            for (int M : {1, 2, 3, 4, 5, 7, 8, 9, 33, 64}) {
                const auto x = gaussian(size_t(K) * M, rng);
                const auto ref = run_matmul(KernelVariant::Scalar, t, w.data(), K, N, 0, x.data(), M);
                for (KernelVariant v : supported_variants()) {
                    if (v == KernelVariant::Scalar) continue;
                    const auto y = run_matmul(v, t, w.data(), K, N, 0, x.data(), M);
                    ASSERT_EQ(0, std::memcmp(y.data(), ref.data(), y.size() * sizeof(float)))
                        << variant_name(v) << " " << type_label(t) << " N=" << N << " M=" << M << ": first "
                        << [&] {
                               size_t i = 0;
                               while (i < y.size() && y[i] == ref[i]) ++i;
                               return i < y.size() ? std::to_string(i) + " " + std::to_string(y[i]) + " vs " +
                                                         std::to_string(ref[i])
                                                   : std::string("-");
                           }();
                    ++compared;
                }
            }
        }
    }
    if (variant_supported(KernelVariant::Avx512)) {
        EXPECT_GE(compared, 400);  // 5 types x 4 row counts x 10 batch sizes x (AVX2, AVX-512)
    }
}

// The prompt-batch path on repacked tiles (AVX-512): same exactness check, 16-row tiles with a
// partial last tile.
TEST(KernelsMatmul, PackedTilesGiveExactIntegerSums) {
    if (!variant_supported(KernelVariant::Avx512)) GTEST_SKIP() << "no AVX-512 VNNI on this CPU: path not used";
    std::mt19937 rng(8);
    int compared = 0;
    for (TensorType t : matmul_types()) {
        const PackedLayout l = packed_layout(t);
        if (!l.sub) continue;
        SCOPED_TRACE(type_label(t));
        const int64_t K = 512, N = 21;
        const int M = 11;  // one block of 8 columns, then the single-column tail
        const auto w = random_rows(t, K, N, rng, /*unit_scales=*/true);
        const auto x = unit_activations(l.act, K, M, rng);
        const size_t ws = row_size(t, K), xs = row_size(l.act, K);
        std::vector<float> ref(size_t(M) * N), got(size_t(M) * N, -1.0f);
        matmul_kernel_scalar(t)->gemm(K, w.data(), ws, int(N), x.data(), xs, M, ref.data(), size_t(N));
        std::vector<float> sums(size_t(M) * 2 * size_t(K / l.sub));
        pack_activation_sums(t, x.data(), xs, M, K, sums.data());
        std::vector<uint8_t> tile(packed_tile_bytes(t, K));
        for (int64_t r0 = 0; r0 < N; r0 += kPackRows) {
            const int nr = int(std::min<int64_t>(kPackRows, N - r0));
            pack_weight_tile(t, w.data() + size_t(r0) * ws, ws, nr, K, tile.data());
            packed_gemm_avx512(t, tile.data(), nr, K, x.data(), xs, sums.data(), M, got.data() + r0, size_t(N));
        }
        for (size_t i = 0; i < ref.size(); ++i) ASSERT_EQ(ref[i], got[i]) << "at " << i;
        ++compared;
    }
    // the 8-lane types (Q4_1, Q5_0, Q5_1, Q8_0) are not packed (matmul_packed.cpp)
    EXPECT_GT(compared, 0);  // the types still packed (those kept in ggml's order are not: matmul_packed.cpp)
}

TEST(KernelsMatmul, ActivationQuantizersAreBitIdenticalToTheReference) {
    std::mt19937 rng(4);
    for (KernelVariant v : supported_variants()) {
        for (TensorType t : matmul_types()) {
            const MatmulKernel* kern = table_kernel(v, t);
            if (!kern || !kern->quantize) continue;
            SCOPED_TRACE(std::string(variant_name(v)) + " " + type_label(t));
            const int64_t K = 1024;
            auto x = gaussian(size_t(K), rng);
            for (int i = 0; i < 256; ++i) x[size_t(i)] = 0.0f;                   // an all-zero block
            for (int i = 300; i < 340; ++i) x[size_t(i)] = float(i % 7 - 3) * 0.5f;  // exact .5 ties
            const auto& at = type_traits(kern->act_type);
            std::vector<uint8_t> a(row_size(kern->act_type, K)), b(a.size());
            if (kern->act_type == TensorType::F32)  // F16/BF16 weights: fp32 rounded to their precision
                (t == TensorType::F16 ? round_row_f16 : round_row_bf16)(x.data(), a.data(), K);
            else
                at.quantize_row(x.data(), a.data(), K);
            kern->quantize(x.data(), b.data(), K);
            EXPECT_EQ(0, std::memcmp(a.data(), b.data(), a.size()));
        }
    }
}

TEST(KernelsMatmul, RowStrideIsHonoured) {
    std::mt19937 rng(5);
    const TensorType t = TensorType::Q4_0;
    const int64_t K = 256, N = 20;
    const size_t rs = row_size(t, K), stride = rs + 36;
    const auto packed = random_rows(t, K, N, rng);
    std::vector<uint8_t> padded(stride * N, 0xAB);
    for (int64_t r = 0; r < N; ++r) std::memcpy(padded.data() + size_t(r) * stride, packed.data() + size_t(r) * rs, rs);
    const auto x = gaussian(size_t(K) * 3, rng);
    for (KernelVariant v : supported_variants()) {
        const auto a = run_matmul(v, t, packed.data(), K, N, 0, x.data(), 3);
        const auto b = run_matmul(v, t, padded.data(), K, N, stride, x.data(), 3);
        EXPECT_EQ(a, b) << variant_name(v);
    }
}

TEST(KernelsMatmul, MultiEqualsSeparateMatmulsBitForBit) {
    std::mt19937 rng(9);
    const int64_t K = 512;
    // gemma3-like: Q5_0 q/k and Q8_0 v share Q8_0 activations; a Q4_K pair shares Q8_K.
    for (const auto& types : {std::vector<TensorType>{TensorType::Q5_0, TensorType::Q5_0, TensorType::Q8_0},
                              std::vector<TensorType>{TensorType::Q4_K, TensorType::Q6_K},
                              std::vector<TensorType>{TensorType::Q4_0, TensorType::Q4_K}}) {
        const int64_t rows[3] = {40, 24, 17};
        std::vector<std::vector<uint8_t>> w;
        std::vector<WeightView> views;
        for (size_t i = 0; i < types.size(); ++i) {
            w.push_back(random_rows(types[i], K, rows[i], rng));
            views.push_back(WeightView{types[i], K, rows[i], w.back().data(), 0});
        }
        for (KernelVariant v : supported_variants())
            for (int M : {1, 3, 40}) {
                VariantGuard guard;
                set_kernel_variant(v);
                const auto x = gaussian(size_t(K) * M, rng);
                std::vector<std::vector<float>> a, b;
                std::vector<float*> ptrs;
                for (size_t i = 0; i < types.size(); ++i) {
                    a.emplace_back(size_t(M) * rows[i]);
                    b.emplace_back(size_t(M) * rows[i]);
                    matmul(views[i], x.data(), M, a.back().data(), pool());
                }
                for (auto& bb : b) ptrs.push_back(bb.data());
                matmul_multi(views.data(), int(views.size()), x.data(), M, ptrs.data(), pool());
                EXPECT_EQ(a, b) << variant_name(v) << " M=" << M << " " << type_label(types[0]);
            }
    }
}

TEST(KernelsMatmul, RejectsBadShapesAndTypes) {
    std::vector<uint8_t> w(1024);
    std::vector<float> x(64), y(64);
    EXPECT_THROW(matmul(WeightView{TensorType::Q4_0, 48, 1, w.data(), 0}, x.data(), 1, y.data(), pool()),
                 std::invalid_argument);
    EXPECT_THROW(matmul(WeightView{TensorType::IQ2_XXS, 256, 1, w.data(), 0}, x.data(), 1, y.data(), pool()),
                 std::invalid_argument);
    EXPECT_THROW(matmul(WeightView{TensorType::Q4_K, 32, 1, w.data(), 0}, x.data(), 1, y.data(), pool()),
                 std::invalid_argument);
}

TEST(KernelsMatmul, GetRowsDequantizesTheChosenRows) {
    std::mt19937 rng(6);
    const int64_t K = 256, N = 10;
    for (TensorType t : {TensorType::Q8_0, TensorType::Q4_K, TensorType::F16, TensorType::F32}) {
        const auto w = random_rows(t, K, N, rng);
        const int32_t ids[3] = {7, 0, 7};
        std::vector<float> out(3 * K), ref(K);
        get_rows(WeightView{t, K, N, w.data(), 0}, ids, 3, out.data());
        type_traits(t).dequantize_row(w.data() + 7 * row_size(t, K), ref.data(), K);
        EXPECT_EQ(0, std::memcmp(out.data(), ref.data(), K * sizeof(float))) << type_label(t);
        EXPECT_EQ(0, std::memcmp(out.data() + 2 * K, ref.data(), K * sizeof(float))) << type_label(t);
        const int32_t bad[1] = {int32_t(N)};
        EXPECT_THROW(get_rows(WeightView{t, K, N, w.data(), 0}, bad, 1, out.data()), std::out_of_range);
    }
}

// Real weights: every tensor type present in the two real models, a slice of rows of the first
// tensor of that type, in every variant.
TEST(KernelsMatmul, RealTensorsFromTheRealModels) {
    std::mt19937 rng(7);
    int checked = 0;
    for (const auto& path : {perimeter::test::smollm2(), perimeter::test::gemma3()}) {
        ASSERT_TRUE(std::filesystem::exists(path)) << "missing model " << path << " (run the set-up script)";
        auto f = engine::GgufFile::open(path.string());
        std::set<TensorType> seen;
        for (const auto& t : f->tensors()) {
            if (t.n_dims != 2 || !matmul_supports(t.type) || seen.count(t.type)) continue;
            seen.insert(t.type);
            SCOPED_TRACE(path.filename().string() + " " + std::string(t.name) + " " + type_label(t.type));
            const int64_t K = t.ne[0], N = std::min<int64_t>(t.ne[1], 40);
            std::vector<uint8_t> w(t.data, t.data + row_size(t.type, K) * size_t(N));
            for (int M : {1, 9, 33}) {  // matvec, tiles, packed prompt path
                const auto x = gaussian(size_t(K) * M, rng);
                const auto ref = reference_product(t.type, w, K, N, x.data(), M);
                const auto scalar = run_matmul(KernelVariant::Scalar, t.type, w.data(), K, N, 0, x.data(), M);
                EXPECT_LT(nmse(scalar.data(), ref.data(), ref.size()), exact_tolerance(t.type));
                for (KernelVariant v : supported_variants()) {
                    const auto y = run_matmul(v, t.type, w.data(), K, N, 0, x.data(), M);
                    EXPECT_LT(nmse(y.data(), scalar.data(), y.size()), 1e-10) << variant_name(v) << " M=" << M;
                }
            }
            ++checked;
        }
    }
    EXPECT_GE(checked, 6);  // Q8_0, Q4_1 (SmolLM2); Q8_0, Q5_0, Q4_K, Q6_K, F32 (gemma3)
}

}  // namespace
}  // namespace perimeter::kernels::test
