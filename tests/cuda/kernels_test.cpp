// Every CUDA kernel against the CPU reference: dequantize_rows and matmul against
// kernels/dequant_ref (random rows of every type, and rows of the real models' tensors), the
// float ops against double-precision loops, rope against the CPU kernels::rope. Normalised
// MSE < 1e-10 for dequantization (it is also checked bit for bit), < 1e-6 for the reductions.
// Without a usable GPU every test skips with the reason.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "engine/gguf/gguf_file.h"
#include "kernels/cuda/cuda_buffer.h"
#include "kernels/cuda/cuda_ops.h"
#include "kernels/cuda/device.h"
#include "kernels/ops.h"
#include "kernels/type_traits.h"
#include "tests/common/test_env.h"
#include "tests/kernels/kernel_test_util.h"

namespace perimeter::kernels::test {
namespace {

using cuda::CudaBuffer;

#define REQUIRE_CUDA()                                                                                      \
    if (!cuda::cuda_available())                                                                            \
    GTEST_SKIP() << "no usable CUDA device: " << cuda::cuda_unavailable_reason()                            \
                 << " (these tests run on a GPU machine, see tests/cuda/README.md)"

const std::vector<TensorType>& cuda_types() {
    static const std::vector<TensorType> v = {TensorType::F16,  TensorType::BF16, TensorType::Q4_0, TensorType::Q4_1,
                                              TensorType::Q8_0, TensorType::Q4_K, TensorType::Q6_K};
    return v;
}

template <class T>
CudaBuffer to_device(const std::vector<T>& v) {
    return CudaBuffer::from_host(v.data(), v.size() * sizeof(T));
}
std::vector<float> to_host(const CudaBuffer& b, size_t n) {
    std::vector<float> v(n);
    b.download(v.data(), n * sizeof(float));
    return v;
}

// Reference: rows of `type` (stride bytes apart) -> fp32 with the CPU scalar dequantizer.
std::vector<float> ref_dequant(TensorType type, const uint8_t* src, size_t stride, int64_t n, int64_t rows) {
    std::vector<float> out(size_t(n * rows));
    for (int64_t r = 0; r < rows; ++r) type_traits(type).dequantize_row(src + size_t(r) * stride, &out[size_t(r * n)], n);
    return out;
}

// Reference product in double over the reference-dequantized weights.
std::vector<float> ref_matmul(const std::vector<float>& w, int64_t K, int64_t N, const std::vector<float>& x, int M) {
    std::vector<float> y(size_t(M) * size_t(N));
    for (int m = 0; m < M; ++m)
        for (int64_t n = 0; n < N; ++n) {
            double s = 0;
            for (int64_t k = 0; k < K; ++k) s += double(w[size_t(n * K + k)]) * x[size_t(m * K + k)];
            y[size_t(m * N + n)] = float(s);
        }
    return y;
}

size_t bit_mismatches(const std::vector<float>& a, const std::vector<float>& b) {
    size_t bad = 0;
    for (size_t i = 0; i < a.size(); ++i) bad += std::memcmp(&a[i], &b[i], sizeof(float)) != 0;
    return bad;
}

// Dequantizes `rows` rows on the device and compares with the CPU, bit for bit.
void check_dequant(TensorType t, const uint8_t* rows_data, size_t stride, int64_t n, int64_t rows) {
    const std::vector<uint8_t> src(rows_data, rows_data + stride * size_t(rows));
    const CudaBuffer d_src = to_device(src);
    CudaBuffer d_dst(size_t(n * rows) * sizeof(float));
    cuda::dequantize_rows(t, d_src.data(), stride, n, rows, d_dst.as<float>());
    const auto got = to_host(d_dst, size_t(n * rows));
    const auto want = ref_dequant(t, src.data(), stride, n, rows);
    EXPECT_LT(nmse(got.data(), want.data(), want.size()), 1e-10);
    EXPECT_EQ(bit_mismatches(got, want), 0u) << "of " << want.size();
}

// Multiplies on the device and compares with the double-precision reference.
void check_matmul(TensorType t, const uint8_t* rows_data, size_t stride, int64_t K, int64_t N, int M, std::mt19937& rng) {
    const std::vector<uint8_t> src(rows_data, rows_data + stride * size_t(N));
    const auto x = gaussian(size_t(K) * size_t(M), rng);
    const CudaBuffer d_w = to_device(src), d_x = to_device(x);
    CudaBuffer d_y(size_t(M) * size_t(N) * sizeof(float));
    cuda::matmul(WeightView{t, K, N, d_w.data(), stride}, d_x.as<float>(), M, d_y.as<float>());
    const auto got = to_host(d_y, size_t(M) * size_t(N));
    const auto want = ref_matmul(ref_dequant(t, src.data(), stride, K, N), K, N, x, M);
    EXPECT_LT(nmse(got.data(), want.data(), want.size()), 1e-6) << "M=" << M;
}

TEST(CudaKernels, DequantizeRandomRows) {
    REQUIRE_CUDA();
    std::mt19937 rng(1);
    for (TensorType t : cuda_types()) {
        SCOPED_TRACE(type_label(t));
        const int64_t K = 768, rows = 13;
        const size_t rs = row_size(t, K);
        const auto data = random_rows(t, K, rows, rng);
        check_dequant(t, data.data(), rs, K, rows);
        // Rows further apart than their size (a view into a wider tensor).
        const size_t stride = rs + 32;
        std::vector<uint8_t> wide(stride * rows, 0xEE);
        for (int64_t r = 0; r < rows; ++r) std::memcpy(&wide[size_t(r) * stride], &data[size_t(r) * rs], rs);
        check_dequant(t, wide.data(), stride, K, rows);
    }
}

TEST(CudaKernels, MatmulRandomWeights) {
    REQUIRE_CUDA();
    std::mt19937 rng(2);
    for (TensorType t : cuda_types()) {
        SCOPED_TRACE(type_label(t));
        const int64_t K = type_traits(t).block_size == 256 ? 1024 : 800, N = 67;  // N: not a multiple of 4 rows/block
        const auto w = random_rows(t, K, N, rng);
        for (int M : {1, 3, 8, 13}) check_matmul(t, w.data(), row_size(t, K), K, N, M, rng);
    }
}

// The real models in the cache (every *.gguf at the top of PERIMETER_MODELS_DIR: SmolLM2 Q4_1,
// gemma3 Q4_K_M, MiniLM F16): the first 2-D tensor of each type we support, 48 rows of it.
TEST(CudaKernels, RealTensorRows) {
    REQUIRE_CUDA();
    for (const auto& required : {perimeter::test::smollm2(), perimeter::test::gemma3()})
        ASSERT_TRUE(std::filesystem::exists(required)) << "missing model " << required << " (run the set-up script)";
    std::mt19937 rng(3);
    std::set<TensorType> checked;
    for (const auto& entry : std::filesystem::directory_iterator(perimeter::test::models_dir())) {
        if (entry.path().extension() != ".gguf") continue;
        auto f = engine::GgufFile::open(entry.path().string());
        std::set<TensorType> seen;
        for (const auto& t : f->tensors()) {
            if (t.n_dims != 2 || !cuda::supports(t.type) || seen.count(t.type)) continue;
            seen.insert(t.type);
            SCOPED_TRACE(entry.path().filename().string() + " " + std::string(t.name) + " " + type_label(t.type));
            const int64_t K = t.ne[0], N = std::min<int64_t>(t.ne[1], 48);
            const size_t rs = row_size(t.type, K);
            check_dequant(t.type, t.data, rs, K, N);
            // ... and the last rows, which sit at the far end of the tensor.
            check_dequant(t.type, t.data + rs * size_t(t.ne[1] - N), rs, K, N);
            for (int M : {1, 9}) check_matmul(t.type, t.data, rs, K, N, M, rng);
            checked.insert(t.type);
        }
    }
    for (TensorType t : {TensorType::Q4_1, TensorType::Q8_0, TensorType::Q4_K, TensorType::Q6_K})
        EXPECT_TRUE(checked.count(t)) << "no real " << type_label(t) << " tensor found";
}

TEST(CudaKernels, RmsNorm) {
    REQUIRE_CUDA();
    std::mt19937 rng(4);
    for (int n : {64, 576, 2049}) {
        const int rows = 7;
        const auto x = gaussian(size_t(rows * n), rng, 3.0f);
        const auto w = gaussian(size_t(n), rng);
        std::vector<float> want_w(x.size()), want_plain(x.size());
        for (int r = 0; r < rows; ++r) {
            double ss = 0;
            for (int i = 0; i < n; ++i) ss += double(x[size_t(r * n + i)]) * x[size_t(r * n + i)];
            const double s = 1.0 / std::sqrt(ss / n + 1e-6);
            for (int i = 0; i < n; ++i) {
                want_plain[size_t(r * n + i)] = float(x[size_t(r * n + i)] * s);
                want_w[size_t(r * n + i)] = float(x[size_t(r * n + i)] * s * w[size_t(i)]);
            }
        }
        const CudaBuffer d_x = to_device(x), d_w = to_device(w);
        CudaBuffer d_y(x.size() * sizeof(float));
        cuda::rms_norm(d_x.as<float>(), d_w.as<float>(), rows, n, 1e-6f, d_y.as<float>());
        EXPECT_LT(nmse(to_host(d_y, x.size()).data(), want_w.data(), x.size()), 1e-6) << "n=" << n;
        cuda::rms_norm(d_x.as<float>(), nullptr, rows, n, 1e-6f, d_y.as<float>());
        EXPECT_LT(nmse(to_host(d_y, x.size()).data(), want_plain.data(), x.size()), 1e-6) << "n=" << n << " no weight";
        CudaBuffer d_inplace = to_device(x);
        cuda::rms_norm(d_inplace.as<float>(), d_w.as<float>(), rows, n, 1e-6f, d_inplace.as<float>());
        EXPECT_LT(nmse(to_host(d_inplace, x.size()).data(), want_w.data(), x.size()), 1e-6) << "n=" << n << " in place";
    }
}

TEST(CudaKernels, Softmax) {
    REQUIRE_CUDA();
    std::mt19937 rng(5);
    for (int n : {1, 100, 4099}) {
        const int rows = 5;
        const auto x = gaussian(size_t(rows * n), rng, 8.0f);
        std::vector<float> want(x.size());
        for (int r = 0; r < rows; ++r) {
            const float* xr = &x[size_t(r * n)];
            const double mx = *std::max_element(xr, xr + n);
            double sum = 0;
            for (int i = 0; i < n; ++i) sum += std::exp(double(xr[i]) - mx);
            for (int i = 0; i < n; ++i) want[size_t(r * n + i)] = float(std::exp(double(xr[i]) - mx) / sum);
        }
        CudaBuffer d_x = to_device(x);
        CudaBuffer d_y(x.size() * sizeof(float));
        cuda::softmax(d_x.as<float>(), rows, n, d_y.as<float>());
        EXPECT_LT(nmse(to_host(d_y, x.size()).data(), want.data(), x.size()), 1e-6) << "n=" << n;
        cuda::softmax(d_x.as<float>(), rows, n, d_x.as<float>());  // in place
        EXPECT_LT(nmse(to_host(d_x, x.size()).data(), want.data(), x.size()), 1e-6) << "n=" << n << " in place";
    }
}

TEST(CudaKernels, Swiglu) {
    REQUIRE_CUDA();
    std::mt19937 rng(6);
    const int64_t n = 100003;
    const auto g = gaussian(size_t(n), rng, 4.0f), u = gaussian(size_t(n), rng);
    std::vector<float> want(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        const double gi = g[size_t(i)];
        want[size_t(i)] = float(gi / (1.0 + std::exp(-gi)) * u[size_t(i)]);
    }
    CudaBuffer d_g = to_device(g);
    const CudaBuffer d_u = to_device(u);
    CudaBuffer d_y(size_t(n) * sizeof(float));
    cuda::swiglu(d_g.as<float>(), d_u.as<float>(), n, d_y.as<float>());
    EXPECT_LT(nmse(to_host(d_y, size_t(n)).data(), want.data(), size_t(n)), 1e-6);
    cuda::swiglu(d_g.as<float>(), d_u.as<float>(), n, d_g.as<float>());  // in place
    EXPECT_LT(nmse(to_host(d_g, size_t(n)).data(), want.data(), size_t(n)), 1e-6);
}

// rope against the CPU op on the same data: both orders, partial rotation, a token stride wider
// than the heads (fused QKV rows), frequency factors, YaRN, positions up to 32k.
TEST(CudaKernels, RopeMatchesCpu) {
    REQUIRE_CUDA();
    std::mt19937 rng(7);
    struct Case {
        const char* name;
        RopeMode mode;
        int head_dim, n_dims;
        bool freq_factors, yarn;
    };
    const Case cases[] = {
        {"normal", RopeMode::Normal, 64, 64, false, false},
        {"neox", RopeMode::NeoX, 128, 128, false, false},
        {"neox partial", RopeMode::NeoX, 64, 32, false, false},
        {"normal freq factors", RopeMode::Normal, 64, 64, true, false},
        {"neox yarn", RopeMode::NeoX, 64, 64, false, true},
    };
    const int n_tokens = 6, n_heads = 5;
    const std::vector<int32_t> pos = {0, 1, 17, 511, 4095, 32000};
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        const size_t stride = size_t(n_heads + 2) * size_t(c.head_dim);  // two more heads that must stay untouched
        const auto x = gaussian(stride * n_tokens, rng);
        std::vector<float> factors(size_t(c.n_dims / 2));
        for (size_t i = 0; i < factors.size(); ++i) factors[i] = 1.0f + float(i % 7);
        RopeParams p;
        p.n_dims = c.n_dims;
        p.mode = c.mode;
        p.freq_base = c.head_dim == 128 ? 1000000.0f : 10000.0f;
        if (c.yarn) {
            p.freq_scale = 0.25f;
            p.ext_factor = 1.0f;
            p.n_ctx_orig = 4096;
        }
        std::vector<float> want = x;
        RopeParams cpu_p = p;
        if (c.freq_factors) cpu_p.freq_factors = factors.data();
        rope(want.data(), n_tokens, n_heads, c.head_dim, stride, pos.data(), cpu_p);

        CudaBuffer d_x = to_device(x);
        const CudaBuffer d_pos = to_device(pos), d_ff = to_device(factors);
        if (c.freq_factors) p.freq_factors = d_ff.as<float>();
        cuda::rope(d_x.as<float>(), n_tokens, n_heads, c.head_dim, stride, d_pos.as<int32_t>(), p);
        const auto got = to_host(d_x, x.size());
        EXPECT_LT(nmse(got.data(), want.data(), want.size()), 1e-6);
        // Dims past n_dims and the heads past n_heads are left exactly as they were.
        size_t changed = 0;
        for (int t = 0; t < n_tokens; ++t)
            for (size_t i = 0; i < stride; ++i) {
                const size_t h = i / size_t(c.head_dim), d = i % size_t(c.head_dim);
                if (h < size_t(n_heads) && d < size_t(c.n_dims)) continue;
                changed += got[t * stride + i] != x[t * stride + i];
            }
        EXPECT_EQ(changed, 0u);
    }
}

}  // namespace
}  // namespace perimeter::kernels::test
