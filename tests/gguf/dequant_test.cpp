// Scalar reference dequantizers and quantizers against gguf-py (gguf.quants), on random blocks
// of every supported type (fixtures written by gen_reference.py). Tolerance: none - the
// outputs must be bit-identical, since both sides do the same fp32 operations in the same
// order. Also: the type table against ggml's layout, fp16/bf16 conversions, Q8_1/Q8_K.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "kernels/dequant_ref.h"
#include "kernels/half.h"
#include "kernels/quant_blocks.h"
#include "kernels/quantize_ref.h"
#include "kernels/type_traits.h"
#include "tests/common/test_env.h"
#include "tests/gguf/gguf_test_util.h"

namespace perimeter::kernels {
namespace {

std::filesystem::path ref_dir() { return test::source_dir() / "tests/gguf/reference"; }

// Index of the first element whose bits differ, or -1.
int64_t first_bit_difference(const float* a, const float* b, int64_t n) {
    for (int64_t i = 0; i < n; ++i)
        if (std::memcmp(&a[i], &b[i], sizeof(float)) != 0) return i;
    return -1;
}

const TensorType kSupported[] = {TensorType::F32,  TensorType::F16,  TensorType::BF16, TensorType::Q4_0,
                                 TensorType::Q4_1, TensorType::Q5_0, TensorType::Q5_1, TensorType::Q8_0,
                                 TensorType::Q2_K, TensorType::Q3_K, TensorType::Q4_K, TensorType::Q5_K,
                                 TensorType::Q6_K};

TEST(Dequant, RandomBlocksMatchGgufPyBitForBit) {
    for (TensorType t : kSupported) {
        const auto& tr = type_traits(t);
        SCOPED_TRACE(std::string(tr.name));
        const auto blob = test::read_bytes(ref_dir() / ("random_" + std::string(tr.name) + ".bin"));
        uint32_t n = 0;
        std::memcpy(&n, blob.data(), 4);
        ASSERT_EQ(n % tr.block_size, 0u);
        const size_t data_bytes = row_size(t, n);
        ASSERT_EQ(blob.size(), 4 + data_bytes + size_t(n) * 4) << "fixture size";
        // Copy the blocks to their own buffer: exact size (ASan) and natural alignment.
        std::vector<uint8_t> blocks(blob.begin() + 4, blob.begin() + 4 + ptrdiff_t(data_bytes));
        std::vector<float> expected(n), got(n, -12345.0f);
        std::memcpy(expected.data(), blob.data() + 4 + data_bytes, size_t(n) * 4);
        // In rows of two blocks (so row strides are exercised) and in one call.
        const int64_t row = 2 * tr.block_size;
        for (int64_t r = 0; r < int64_t(n) / row; ++r)
            tr.dequantize_row(blocks.data() + row_size(t, row) * size_t(r), got.data() + r * row, row);
        EXPECT_EQ(first_bit_difference(expected.data(), got.data(), n), -1);
        std::fill(got.begin(), got.end(), 0.0f);
        tr.dequantize_row(blocks.data(), got.data(), n);
        const int64_t bad = first_bit_difference(expected.data(), got.data(), n);
        EXPECT_EQ(bad, -1) << "element " << bad << ": gguf-py " << expected[size_t(std::max<int64_t>(bad, 0))]
                           << ", ours " << got[size_t(std::max<int64_t>(bad, 0))];
    }
}

TEST(Dequant, QuantizersMatchGgufPyByteForByte) {
    for (TensorType t : {TensorType::Q4_0, TensorType::Q8_0}) {
        const auto& tr = type_traits(t);
        SCOPED_TRACE(std::string(tr.name));
        const auto blob = test::read_bytes(ref_dir() / ("quantize_" + std::string(tr.name) + ".bin"));
        uint32_t n = 0;
        std::memcpy(&n, blob.data(), 4);
        std::vector<float> x(n);
        std::memcpy(x.data(), blob.data() + 4, size_t(n) * 4);
        const size_t bytes = row_size(t, n);
        ASSERT_EQ(blob.size(), 4 + size_t(n) * 4 + bytes);
        std::vector<uint8_t> got(bytes);
        ASSERT_NE(tr.quantize_row, nullptr);
        tr.quantize_row(x.data(), got.data(), n);
        const uint8_t* expected = blob.data() + 4 + size_t(n) * 4;
        size_t first_diff = bytes;
        for (size_t i = 0; i < bytes; ++i)
            if (got[i] != expected[i]) {
                first_diff = i;
                break;
            }
        EXPECT_EQ(first_diff, bytes) << "first differing byte (block " << first_diff / tr.type_size << ")";
    }
}

TEST(Dequant, TypeTableMatchesGgmlLayouts) {
    // (block size, bytes per block) of every ggml type, as gguf-py's GGML_QUANT_SIZES lists
    // them - except Q8_1, where gguf-py says 40 but ggml's block_q8_1 is 2 fp16 + 32 = 36.
    struct Row {
        TensorType t;
        int64_t block;
        size_t size;
    };
    const Row rows[] = {
        {TensorType::F32, 1, 4},       {TensorType::F16, 1, 2},       {TensorType::Q4_0, 32, 18},
        {TensorType::Q4_1, 32, 20},    {TensorType::Q5_0, 32, 22},    {TensorType::Q5_1, 32, 24},
        {TensorType::Q8_0, 32, 34},    {TensorType::Q8_1, 32, 36},    {TensorType::Q2_K, 256, 84},
        {TensorType::Q3_K, 256, 110},  {TensorType::Q4_K, 256, 144},  {TensorType::Q5_K, 256, 176},
        {TensorType::Q6_K, 256, 210},  {TensorType::Q8_K, 256, 292},  {TensorType::IQ2_XXS, 256, 66},
        {TensorType::IQ2_XS, 256, 74}, {TensorType::IQ3_XXS, 256, 98}, {TensorType::IQ1_S, 256, 50},
        {TensorType::IQ4_NL, 32, 18},  {TensorType::IQ3_S, 256, 110}, {TensorType::IQ2_S, 256, 82},
        {TensorType::IQ4_XS, 256, 136}, {TensorType::I8, 1, 1},       {TensorType::I16, 1, 2},
        {TensorType::I32, 1, 4},       {TensorType::I64, 1, 8},       {TensorType::F64, 1, 8},
        {TensorType::IQ1_M, 256, 56},  {TensorType::BF16, 1, 2},      {TensorType::TQ1_0, 256, 54},
        {TensorType::TQ2_0, 256, 66},  {TensorType::MXFP4, 32, 17},
    };
    for (const Row& r : rows) {
        const auto& tr = type_traits(r.t);
        EXPECT_EQ(tr.block_size, r.block) << tr.name;
        EXPECT_EQ(tr.type_size, r.size) << tr.name;
        EXPECT_TRUE(is_known_type(static_cast<uint32_t>(r.t)));
    }
    for (uint32_t removed : {4u, 5u, 31u, 32u, 33u, 36u, 37u, 38u, 40u, 1000u, 0xFFFFFFFFu}) {
        EXPECT_FALSE(is_known_type(removed)) << removed;
        EXPECT_EQ(type_traits(removed).dequantize_row, nullptr);
        EXPECT_EQ(type_label(TensorType(removed)), "type " + std::to_string(removed));
    }
    for (TensorType t : kSupported) EXPECT_TRUE(type_traits(t).supported && type_traits(t).dequantize_row);
    for (TensorType t : {TensorType::IQ2_XXS, TensorType::TQ1_0, TensorType::MXFP4, TensorType::I32}) {
        EXPECT_FALSE(type_traits(t).supported) << type_traits(t).name;
        EXPECT_EQ(type_traits(t).dequantize_row, nullptr);
    }
    EXPECT_EQ(type_label(TensorType::IQ2_XXS), "IQ2_XXS");
    // Activation pairing of the dot products (ggml's vec_dot_type).
    EXPECT_EQ(type_traits(TensorType::Q4_0).vec_dot_type, TensorType::Q8_0);
    EXPECT_EQ(type_traits(TensorType::Q4_1).vec_dot_type, TensorType::Q8_1);
    EXPECT_EQ(type_traits(TensorType::Q6_K).vec_dot_type, TensorType::Q8_K);
    EXPECT_EQ(row_size(TensorType::Q4_K, 512), 288u);
}

TEST(Dequant, Fp16ConversionsAreExactAndRoundTrip) {
    for (uint32_t h = 0; h < 65536; ++h) {
        const float f = fp16_to_fp32(f16_t(h));
        const bool is_nan = (h & 0x7C00) == 0x7C00 && (h & 0x03FF);
        if (is_nan) {
            EXPECT_TRUE(std::isnan(f)) << h;
            continue;
        }
        ASSERT_EQ(fp32_to_fp16(f), h) << "round trip of 0x" << std::hex << h;
    }
    EXPECT_EQ(fp16_to_fp32(0x3C00), 1.0f);
    EXPECT_EQ(fp16_to_fp32(0x0001), std::ldexp(1.0f, -24));  // smallest subnormal
    EXPECT_EQ(fp16_to_fp32(0xFBFF), -65504.0f);
    EXPECT_EQ(fp32_to_fp16(65520.0f), 0x7C00);               // rounds to inf
    EXPECT_EQ(fp32_to_fp16(1.0f + std::ldexp(1.0f, -11)), 0x3C00);  // tie -> even
    EXPECT_EQ(fp32_to_fp16(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3C02);
    EXPECT_EQ(bf16_to_fp32(0x3F80), 1.0f);
    EXPECT_EQ(fp32_to_bf16(1.0f), 0x3F80);
    EXPECT_EQ(fp32_to_bf16(std::nanf("")) & 0x7FC0, 0x7FC0);
    for (uint32_t b = 0; b < 65536; ++b) {
        if ((b & 0x7F80) == 0x7F80 && (b & 0x7F)) continue;  // NaN
        ASSERT_EQ(fp32_to_bf16(bf16_to_fp32(bf16_t(b))), b);
    }
}

// Q8_1 and Q8_K have no gguf-py quantizer: check their invariants instead.
TEST(Dequant, ActivationQuantizersKeepTheirInvariants) {
    std::vector<float> x(512);
    for (size_t i = 0; i < x.size(); ++i) x[i] = std::sin(float(i) * 0.37f) * (i < 256 ? 3.0f : 0.01f);
    for (int k = 0; k < 32; ++k) x[k] = 0.0f;  // an all-zero Q8_1 block

    std::vector<block_q8_1> q1(x.size() / QK8_1);
    quantize_row_q8_1(x.data(), q1.data(), int64_t(x.size()));
    std::vector<float> y(x.size());
    dequantize_row_q8_1(q1.data(), y.data(), int64_t(x.size()));
    for (size_t b = 0; b < q1.size(); ++b) {
        float amax = 0.0f;
        for (int j = 0; j < QK8_1; ++j) amax = std::max(amax, std::fabs(x[b * QK8_1 + j]));
        const float d = amax / 127;  // the fp32 scale; the block stores it rounded to fp16
        EXPECT_EQ(q1[b].d, fp32_to_fp16(d));
        int sum = 0;
        for (int j = 0; j < QK8_1; ++j) {
            sum += q1[b].qs[j];
            // half a step, plus 127 steps of the fp16 rounding of d (relative 2^-11)
            EXPECT_LE(std::fabs(y[b * QK8_1 + j] - x[b * QK8_1 + j]), d * (0.5f + 127.0f / 2048.0f)) << b << "," << j;
        }
        EXPECT_EQ(q1[b].s, fp32_to_fp16(float(sum) * d)) << "block " << b;  // s = d * sum(qs), in fp32 d
    }

    std::vector<block_q8_K> qk(x.size() / QK_K);
    quantize_row_q8_K(x.data(), qk.data(), int64_t(x.size()));
    dequantize_row_q8_K(qk.data(), y.data(), int64_t(x.size()));
    for (size_t b = 0; b < qk.size(); ++b) {
        for (int g = 0; g < QK_K / 16; ++g) {
            int sum = 0;
            for (int j = 0; j < 16; ++j) sum += qk[b].qs[g * 16 + j];
            EXPECT_EQ(qk[b].bsums[g], sum) << "block " << b << " group " << g;
        }
        for (int j = 0; j < QK_K; ++j)
            EXPECT_LE(std::fabs(y[b * QK_K + j] - x[b * QK_K + j]), std::fabs(qk[b].d) * 0.5001f) << b << "," << j;
    }
}

}  // namespace
}  // namespace perimeter::kernels
