#include "kernel_test_util.h"

#include <cmath>
#include <cstddef>
#include <cstring>

#include "kernels/half.h"
#include "kernels/quant_blocks.h"
#include "kernels/type_traits.h"

namespace perimeter::kernels::test {

double nmse(const float* a, const float* b, size_t n) {
    double num = 0, den = 0;
    for (size_t i = 0; i < n; ++i) {
        const double d = double(a[i]) - double(b[i]);
        num += d * d;
        den += double(b[i]) * double(b[i]);
    }
    if (den == 0) return num == 0 ? 0 : INFINITY;
    return num / den;
}

std::vector<float> gaussian(size_t n, std::mt19937& rng, float sigma) {
    std::normal_distribution<float> dist(0.0f, sigma);
    std::vector<float> v(n);
    for (auto& x : v) x = dist(rng);
    return v;
}

namespace {
void put_f16(uint8_t* p, float v) {
    const f16_t h = fp32_to_fp16(v);
    std::memcpy(p, &h, 2);
}
}  // namespace

std::vector<uint8_t> random_rows(TensorType type, int64_t k, int64_t n_rows, std::mt19937& rng, bool unit_scales) {
    const auto& tr = type_traits(type);
    const size_t rs = row_size(type, k);
    std::vector<uint8_t> out(rs * size_t(n_rows));
    if (type == TensorType::F32 || type == TensorType::F16 || type == TensorType::BF16) {
        const auto v = gaussian(size_t(k * n_rows), rng, 0.05f);
        if (type == TensorType::F32) std::memcpy(out.data(), v.data(), out.size());
        else
            for (size_t i = 0; i < v.size(); ++i) {
                const uint16_t h = type == TensorType::F16 ? fp32_to_fp16(v[i]) : fp32_to_bf16(v[i]);
                std::memcpy(out.data() + 2 * i, &h, 2);
            }
        return out;
    }
    std::uniform_int_distribution<int> byte(0, 255);
    for (auto& b : out) b = uint8_t(byte(rng));
    std::uniform_real_distribution<float> dscale(0.002f, 0.02f);
    const size_t nb = out.size() / tr.type_size;
    for (size_t b = 0; b < nb; ++b) {
        uint8_t* blk = out.data() + b * tr.type_size;
        auto d = [&] { return unit_scales ? 1.0f : dscale(rng); };
        switch (type) {
            case TensorType::Q4_0: put_f16(blk + offsetof(block_q4_0, d), d()); break;
            case TensorType::Q4_1:
                put_f16(blk + offsetof(block_q4_1, d), d());
                put_f16(blk + offsetof(block_q4_1, m), unit_scales ? 1.0f : -8 * d());
                break;
            case TensorType::Q5_0: put_f16(blk + offsetof(block_q5_0, d), d()); break;
            case TensorType::Q5_1:
                put_f16(blk + offsetof(block_q5_1, d), d());
                put_f16(blk + offsetof(block_q5_1, m), unit_scales ? 1.0f : -16 * d());
                break;
            case TensorType::Q8_0: {
                put_f16(blk + offsetof(block_q8_0, d), unit_scales ? 1.0f : d() / 16);
                if (unit_scales)  // keep the integer sums within fp32's exact range
                    for (int i = 0; i < 32; ++i) blk[offsetof(block_q8_0, qs) + i] = uint8_t(int8_t(byte(rng) % 31 - 15));
                break;
            }
            case TensorType::Q2_K:
                put_f16(blk + offsetof(block_q2_K, d), d());
                put_f16(blk + offsetof(block_q2_K, dmin), d());
                break;
            case TensorType::Q3_K: put_f16(blk + offsetof(block_q3_K, d), d()); break;
            case TensorType::Q4_K:
                put_f16(blk + offsetof(block_q4_K, d), unit_scales ? 1.0f : d() / 8);
                put_f16(blk + offsetof(block_q4_K, dmin), unit_scales ? 1.0f : d() / 8);
                break;
            case TensorType::Q5_K:
                put_f16(blk + offsetof(block_q5_K, d), unit_scales ? 1.0f : d() / 8);
                put_f16(blk + offsetof(block_q5_K, dmin), unit_scales ? 1.0f : d() / 8);
                break;
            case TensorType::Q6_K: put_f16(blk + offsetof(block_q6_K, d), unit_scales ? 1.0f : d() / 16); break;
            default: break;
        }
    }
    return out;
}

std::vector<KernelVariant> supported_variants() {
    std::vector<KernelVariant> v;
    for (auto k : {KernelVariant::Scalar, KernelVariant::Avx2, KernelVariant::Avx512})
        if (variant_supported(k)) v.push_back(k);
    return v;
}

std::vector<TensorType> matmul_types() {
    using T = TensorType;
    return {T::Q4_0, T::Q8_0, T::Q4_K, T::Q6_K, T::Q4_1, T::Q5_0, T::Q5_K, T::F16, T::BF16, T::F32,
            T::Q5_1, T::Q2_K, T::Q3_K};
}

}  // namespace perimeter::kernels::test
