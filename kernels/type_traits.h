// One table describing every tensor type, indexed by kernels::TensorType (ggml's numbering).
//
// A row says how the type is laid out (block size, bytes per block), whether the engine can
// compute with it (`supported`), and which kernels implement it. Adding a quant type is one
// row in type_traits.cpp plus its kernels. The GGUF reader uses the layout columns to size
// every tensor, so it knows the types we cannot compute with (IQ*, TQ*, MXFP4) too: the model
// loader refuses those by name ("type IQ2_XXS not supported").
//
// Kernel columns:
//   dequantize_row  scalar reference, rows of the type -> fp32 (every supported type)
//   quantize_row    scalar reference, fp32 -> rows of the type (activation types and a few
//                   weight types, for building test models in C++)
//   vec_dot_type    the activation type vec_dot pairs with, as in ggml: the fp32 activations
//                   are quantized to it once per row, then dotted with each weight row
//                   (Q4_0/Q5_0/Q8_0 -> Q8_0, Q4_1/Q5_1 -> Q8_1, k-quants -> Q8_K)
//   vec_dot         scalar reference dot product (slot for the CPU kernels; SIMD variants
//                   live beside it and are chosen once at start-up by CPU feature detection)
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kernels/tensor_type.h"

namespace perimeter::kernels {

// Rows of `n` elements; n is a multiple of the type's block size.
using DequantizeRowFn = void (*)(const void* src, float* dst, int64_t n);
using QuantizeRowFn = void (*)(const float* src, void* dst, int64_t n);
// *s = sum_i x[i] * y[i] over n elements; x of this type, y of vec_dot_type.
using VecDotFn = void (*)(int64_t n, float* s, const void* x, const void* y);

struct TypeTraits {
    std::string_view name;       // ggml's name: "F32", "Q4_K", "IQ2_XXS"; "" for unknown numbers
    int64_t block_size = 0;      // elements per block (1 for plain types); 0 = not a ggml type
    size_t type_size = 0;        // bytes per block
    bool is_quantized = false;   // block-quantized (not a plain element type)
    bool supported = false;      // the engine computes with it (dequantize_row is set)
    DequantizeRowFn dequantize_row = nullptr;
    QuantizeRowFn quantize_row = nullptr;
    // ---- slots for the CPU kernels --------------------------------------------------------
    TensorType vec_dot_type = TensorType::F32;
    VecDotFn vec_dot = nullptr;
};

// The row for `t`. Numbers that are not ggml types (removed Q4_2, out of range) give a row
// with block_size == 0 and an empty name; never undefined behaviour.
const TypeTraits& type_traits(TensorType t);
inline const TypeTraits& type_traits(uint32_t raw) { return type_traits(static_cast<TensorType>(raw)); }

// A number that ggml defines as a tensor type (supported or not).
bool is_known_type(uint32_t raw);
// "Q4_K"; for an unknown number "type 42".
std::string type_label(TensorType t);
inline std::string_view type_name(TensorType t) { return type_traits(t).name; }
// Bytes of a row of n elements (n must be a multiple of the block size; 0 for unknown types).
size_t row_size(TensorType t, int64_t n);

}  // namespace perimeter::kernels
