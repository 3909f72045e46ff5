// The type-traits table. Layout columns are ggml's (ggml.c type_traits / ggml-common.h) and are
// checked against gguf-py's GGML_QUANT_SIZES by tests/gguf.
#include "kernels/type_traits.h"

#include <array>

#include "kernels/dequant_ref.h"
#include "kernels/quant_blocks.h"
#include "kernels/quantize_ref.h"

namespace perimeter::kernels {
namespace {

using T = TensorType;
constexpr size_t kCount = static_cast<size_t>(T::COUNT);

// A plain element type (block size 1).
constexpr TypeTraits plain(std::string_view name, size_t size, DequantizeRowFn deq = nullptr,
                           QuantizeRowFn q = nullptr, T dot = T::F32) {
    return TypeTraits{name, 1, size, false, deq != nullptr, deq, q, dot, nullptr};
}
// A block-quantized type.
constexpr TypeTraits quant(std::string_view name, int64_t block, size_t size, DequantizeRowFn deq = nullptr,
                           QuantizeRowFn q = nullptr, T dot = T::F32) {
    return TypeTraits{name, block, size, true, deq != nullptr, deq, q, dot, nullptr};
}

constexpr std::array<TypeTraits, kCount> make_table() {
    std::array<TypeTraits, kCount> t{};  // unknown numbers stay {"" , 0, ...}
    auto row = [&](T type, TypeTraits traits) { t[static_cast<size_t>(type)] = traits; };
    //   type        name       block  bytes/block                 reference dequantizer  reference quantizer  vec_dot_type
    row(T::F32,     plain("F32", 4, dequantize_row_f32, nullptr, T::F32));
    row(T::F16,     plain("F16", 2, dequantize_row_f16, quantize_row_f16, T::F16));
    row(T::BF16,    plain("BF16", 2, dequantize_row_bf16, quantize_row_bf16, T::BF16));
    row(T::Q4_0,    quant("Q4_0", QK4_0, sizeof(block_q4_0), dequantize_row_q4_0, quantize_row_q4_0, T::Q8_0));
    row(T::Q4_1,    quant("Q4_1", QK4_1, sizeof(block_q4_1), dequantize_row_q4_1, nullptr, T::Q8_1));
    row(T::Q5_0,    quant("Q5_0", QK5_0, sizeof(block_q5_0), dequantize_row_q5_0, nullptr, T::Q8_0));
    row(T::Q5_1,    quant("Q5_1", QK5_1, sizeof(block_q5_1), dequantize_row_q5_1, nullptr, T::Q8_1));
    row(T::Q8_0,    quant("Q8_0", QK8_0, sizeof(block_q8_0), dequantize_row_q8_0, quantize_row_q8_0, T::Q8_0));
    row(T::Q8_1,    quant("Q8_1", QK8_1, sizeof(block_q8_1), dequantize_row_q8_1, quantize_row_q8_1, T::Q8_1));
    row(T::Q2_K,    quant("Q2_K", QK_K, sizeof(block_q2_K), dequantize_row_q2_K, nullptr, T::Q8_K));
    row(T::Q3_K,    quant("Q3_K", QK_K, sizeof(block_q3_K), dequantize_row_q3_K, nullptr, T::Q8_K));
    row(T::Q4_K,    quant("Q4_K", QK_K, sizeof(block_q4_K), dequantize_row_q4_K, nullptr, T::Q8_K));
    row(T::Q5_K,    quant("Q5_K", QK_K, sizeof(block_q5_K), dequantize_row_q5_K, nullptr, T::Q8_K));
    row(T::Q6_K,    quant("Q6_K", QK_K, sizeof(block_q6_K), dequantize_row_q6_K, nullptr, T::Q8_K));
    row(T::Q8_K,    quant("Q8_K", QK_K, sizeof(block_q8_K), dequantize_row_q8_K, quantize_row_q8_K, T::Q8_K));
    // Known to ggml, not computed by this engine: the reader sizes them, the loader refuses them.
    row(T::IQ2_XXS, quant("IQ2_XXS", QK_K, 2 + QK_K / 4));
    row(T::IQ2_XS,  quant("IQ2_XS", QK_K, 2 + QK_K / 4 + QK_K / 32));
    row(T::IQ3_XXS, quant("IQ3_XXS", QK_K, 2 + 3 * (QK_K / 8)));
    row(T::IQ1_S,   quant("IQ1_S", QK_K, 2 + QK_K / 8 + QK_K / 16));
    row(T::IQ4_NL,  quant("IQ4_NL", 32, 2 + 16));
    row(T::IQ3_S,   quant("IQ3_S", QK_K, 2 + QK_K / 4 + QK_K / 8 + QK_K / 32 + 4));
    row(T::IQ2_S,   quant("IQ2_S", QK_K, 2 + QK_K / 4 + QK_K / 16));
    row(T::IQ4_XS,  quant("IQ4_XS", QK_K, 2 + 2 + QK_K / 64 + QK_K / 2));
    row(T::I8,      plain("I8", 1));
    row(T::I16,     plain("I16", 2));
    row(T::I32,     plain("I32", 4));
    row(T::I64,     plain("I64", 8));
    row(T::F64,     plain("F64", 8));
    row(T::IQ1_M,   quant("IQ1_M", QK_K, QK_K / 8 + QK_K / 16 + QK_K / 32));
    row(T::TQ1_0,   quant("TQ1_0", QK_K, 2 + (QK_K - 4 * QK_K / 64) / 5 + QK_K / 64));
    row(T::TQ2_0,   quant("TQ2_0", QK_K, 2 + 64));
    row(T::MXFP4,   quant("MXFP4", 32, 1 + 16));
    return t;
}

constexpr std::array<TypeTraits, kCount> kTable = make_table();
const TypeTraits kUnknown{};

}  // namespace

const TypeTraits& type_traits(TensorType t) {
    const auto i = static_cast<size_t>(t);
    return i < kCount ? kTable[i] : kUnknown;
}

bool is_known_type(uint32_t raw) { return type_traits(raw).block_size > 0; }

std::string type_label(TensorType t) {
    const auto& tr = type_traits(t);
    if (!tr.name.empty()) return std::string(tr.name);
    return "type " + std::to_string(static_cast<uint32_t>(t));
}

size_t row_size(TensorType t, int64_t n) {
    const auto& tr = type_traits(t);
    if (tr.block_size <= 0) return 0;
    return tr.type_size * size_t(n / tr.block_size);
}

}  // namespace perimeter::kernels
