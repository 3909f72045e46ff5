// The weight types on the device: one struct per type, read in chunks of 8 weights, and the
// one switch that maps a kernels::TensorType to its struct. Internal to dequant.cu / matmul.cu.
//
// A row of K weights is K / qk blocks of `bytes` bytes (the structs of kernels/quant_blocks.h,
// read in place); each block is qk / 8 chunks. Thread g of a row handles chunk g, so the 32
// lanes of a warp read neighbouring bytes (coalesced). visit(blk, c, f) calls f(i, w) for the
// 8 weights of chunk c of the block at blk, i being the weight's index in the block and w its
// value computed operation for operation as kernels/dequant_ref.cpp does (__fmul_rn/__fadd_rn
// keep the compiler from fusing into FMAs, so dequantize_rows is bit-identical to the CPU).
#pragma once
#include <cuda_fp16.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "kernels/cuda/cuda_common.cuh"
#include "kernels/quant_blocks.h"
#include "kernels/tensor_type.h"

namespace perimeter::kernels::cuda {

__device__ __forceinline__ float f16_to_f32(uint16_t h) { return __half2float(__ushort_as_half(h)); }
__device__ __forceinline__ float bf16_to_f32(uint16_t h) { return __uint_as_float(uint32_t(h) << 16); }
__device__ __forceinline__ uint16_t ld16(const uint8_t* p) { return *reinterpret_cast<const uint16_t*>(p); }
__device__ __forceinline__ uint32_t ld32(const uint8_t* p) { return *reinterpret_cast<const uint32_t*>(p); }
// Four bytes at an address that is only 2-byte aligned (blocks of 18, 34 or 210 bytes).
__device__ __forceinline__ uint32_t ld32_a2(const uint8_t* p) { return uint32_t(ld16(p)) | (uint32_t(ld16(p + 2)) << 16); }

template <TensorType T>
struct Quant;

// F16 / BF16: a "block" is 8 values, one 16-byte load.
template <>
struct Quant<TensorType::F16> {
    static constexpr TensorType type = TensorType::F16;
    static constexpr int qk = 8, bytes = 16, align = 16;
    template <class F>
    __device__ static void visit(const uint8_t* blk, int, F&& f) {
        const uint4 v = *reinterpret_cast<const uint4*>(blk);
        const uint32_t w[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
        for (int i = 0; i < 4; ++i) {
            f(2 * i, f16_to_f32(uint16_t(w[i] & 0xFFFFu)));
            f(2 * i + 1, f16_to_f32(uint16_t(w[i] >> 16)));
        }
    }
};

template <>
struct Quant<TensorType::BF16> {
    static constexpr TensorType type = TensorType::BF16;
    static constexpr int qk = 8, bytes = 16, align = 16;
    template <class F>
    __device__ static void visit(const uint8_t* blk, int, F&& f) {
        const uint4 v = *reinterpret_cast<const uint4*>(blk);
        const uint32_t w[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
        for (int i = 0; i < 4; ++i) {
            f(2 * i, bf16_to_f32(uint16_t(w[i] & 0xFFFFu)));
            f(2 * i + 1, bf16_to_f32(uint16_t(w[i] >> 16)));
        }
    }
};

// Q4_0: w = (q - 8) * d. Chunk c: bytes qs[4c..4c+3]; low nibbles are weights 4c.., high 16+4c..
template <>
struct Quant<TensorType::Q4_0> {
    static constexpr TensorType type = TensorType::Q4_0;
    static constexpr int qk = QK4_0, bytes = sizeof(block_q4_0), align = 2;
    template <class F>
    __device__ static void visit(const uint8_t* blk, int c, F&& f) {
        const float d = f16_to_f32(ld16(blk + offsetof(block_q4_0, d)));
        const uint32_t q = ld32_a2(blk + offsetof(block_q4_0, qs) + 4 * c);
#pragma unroll
        for (int i = 0; i < 4; ++i) {
            const uint32_t b = (q >> (8 * i)) & 0xFFu;
            f(4 * c + i, __fmul_rn(float(int(b & 0xFu) - 8), d));
            f(16 + 4 * c + i, __fmul_rn(float(int(b >> 4) - 8), d));
        }
    }
};

// Q4_1: w = q * d + m, same nibble order as Q4_0.
template <>
struct Quant<TensorType::Q4_1> {
    static constexpr TensorType type = TensorType::Q4_1;
    static constexpr int qk = QK4_1, bytes = sizeof(block_q4_1), align = 4;
    template <class F>
    __device__ static void visit(const uint8_t* blk, int c, F&& f) {
        const float d = f16_to_f32(ld16(blk + offsetof(block_q4_1, d)));
        const float m = f16_to_f32(ld16(blk + offsetof(block_q4_1, m)));
        const uint32_t q = ld32(blk + offsetof(block_q4_1, qs) + 4 * c);
#pragma unroll
        for (int i = 0; i < 4; ++i) {
            const uint32_t b = (q >> (8 * i)) & 0xFFu;
            f(4 * c + i, __fadd_rn(__fmul_rn(float(b & 0xFu), d), m));
            f(16 + 4 * c + i, __fadd_rn(__fmul_rn(float(b >> 4), d), m));
        }
    }
};

// Q8_0: w = q * d. Chunk c: weights 8c..8c+7.
template <>
struct Quant<TensorType::Q8_0> {
    static constexpr TensorType type = TensorType::Q8_0;
    static constexpr int qk = QK8_0, bytes = sizeof(block_q8_0), align = 2;
    template <class F>
    __device__ static void visit(const uint8_t* blk, int c, F&& f) {
        const float d = f16_to_f32(ld16(blk + offsetof(block_q8_0, d)));
        const uint8_t* qs = blk + offsetof(block_q8_0, qs) + 8 * c;
        const uint32_t q[2] = {ld32_a2(qs), ld32_a2(qs + 4)};
#pragma unroll
        for (int i = 0; i < 8; ++i) {
            const int v = int(int8_t(uint8_t(q[i / 4] >> (8 * (i % 4)))));
            f(8 * c + i, __fmul_rn(float(v), d));
        }
    }
};

// Unpacks the 6-bit scale and min of sub-block j (0..7) of a Q4_K block (ggml's get_scale_min_k4).
__device__ __forceinline__ void scale_min_k4(int j, const uint8_t* q, int& sc, int& m) {
    if (j < 4) {
        sc = q[j] & 63;
        m = q[j + 4] & 63;
    } else {
        sc = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
        m = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
    }
}

// Q4_K: 256 weights in 4 groups of 64; group j reads qs[32j..32j+31], low nibbles with
// sub-block 2j (weights 64j..64j+31), high nibbles with 2j+1. w = d*sc * q - dmin*m.
// Chunk c: group c/8, bytes 4*(c%8)..+3 of it.
template <>
struct Quant<TensorType::Q4_K> {
    static constexpr TensorType type = TensorType::Q4_K;
    static constexpr int qk = QK_K, bytes = sizeof(block_q4_K), align = 4;
    template <class F>
    __device__ static void visit(const uint8_t* blk, int c, F&& f) {
        const float d = f16_to_f32(ld16(blk + offsetof(block_q4_K, d)));
        const float dmin = f16_to_f32(ld16(blk + offsetof(block_q4_K, dmin)));
        const uint8_t* scales = blk + offsetof(block_q4_K, scales);
        const int j = c >> 3, s = c & 7;
        int sc1, m1, sc2, m2;
        scale_min_k4(2 * j, scales, sc1, m1);
        scale_min_k4(2 * j + 1, scales, sc2, m2);
        const float d1 = __fmul_rn(d, float(sc1)), min1 = __fmul_rn(dmin, float(m1));
        const float d2 = __fmul_rn(d, float(sc2)), min2 = __fmul_rn(dmin, float(m2));
        const uint32_t q = ld32(blk + offsetof(block_q4_K, qs) + 32 * j + 4 * s);
#pragma unroll
        for (int i = 0; i < 4; ++i) {
            const uint32_t b = (q >> (8 * i)) & 0xFFu;
            f(64 * j + 4 * s + i, __fsub_rn(__fmul_rn(d1, float(b & 0xFu)), min1));
            f(64 * j + 32 + 4 * s + i, __fsub_rn(__fmul_rn(d2, float(b >> 4)), min2));
        }
    }
};

// Q6_K: two halves of 128; in half h, position l (0..31) gives weights l, l+32, l+64, l+96 from
// ql[l], ql[l+32] (low/high nibbles) and 2-bit pairs of qh[l]. w = d * scale * (q - 32).
// Chunk c: half c/16, positions l0 = 2*(c%16) and l0+1.
template <>
struct Quant<TensorType::Q6_K> {
    static constexpr TensorType type = TensorType::Q6_K;
    static constexpr int qk = QK_K, bytes = sizeof(block_q6_K), align = 2;
    template <class F>
    __device__ static void visit(const uint8_t* blk, int c, F&& f) {
        const float d = f16_to_f32(ld16(blk + offsetof(block_q6_K, d)));
        const int h = c >> 4, l0 = (c & 15) * 2;
        const uint8_t* ql = blk + offsetof(block_q6_K, ql) + 64 * h;
        const uint8_t* qh = blk + offsetof(block_q6_K, qh) + 32 * h;
        const auto* sc = reinterpret_cast<const int8_t*>(blk + offsetof(block_q6_K, scales)) + 8 * h;
        const int is = l0 / 16;
        const float d0 = __fmul_rn(d, float(sc[is + 0])), d2 = __fmul_rn(d, float(sc[is + 2]));
        const float d4 = __fmul_rn(d, float(sc[is + 4])), d6 = __fmul_rn(d, float(sc[is + 6]));
        const uint32_t lo = ld16(ql + l0), hi = ld16(ql + 32 + l0), qhb = ld16(qh + l0);
#pragma unroll
        for (int k = 0; k < 2; ++k) {
            const uint32_t a = (lo >> (8 * k)) & 0xFFu, b = (hi >> (8 * k)) & 0xFFu, e = (qhb >> (8 * k)) & 0xFFu;
            const int l = 128 * h + l0 + k;
            f(l, __fmul_rn(d0, float(int((a & 0xFu) | ((e & 3u) << 4)) - 32)));
            f(l + 32, __fmul_rn(d2, float(int((b & 0xFu) | (((e >> 2) & 3u) << 4)) - 32)));
            f(l + 64, __fmul_rn(d4, float(int((a >> 4) | (((e >> 4) & 3u) << 4)) - 32)));
            f(l + 96, __fmul_rn(d6, float(int((b >> 4) | (((e >> 6) & 3u) << 4)) - 32)));
        }
    }
};

// ggml's name of a type, for messages (this part does not link the CPU type table).
inline std::string quant_type_name(TensorType t) {
    switch (t) {
        case TensorType::F32: return "F32";
        case TensorType::F16: return "F16";
        case TensorType::BF16: return "BF16";
        case TensorType::Q4_0: return "Q4_0";
        case TensorType::Q4_1: return "Q4_1";
        case TensorType::Q5_0: return "Q5_0";
        case TensorType::Q5_1: return "Q5_1";
        case TensorType::Q8_0: return "Q8_0";
        case TensorType::Q2_K: return "Q2_K";
        case TensorType::Q3_K: return "Q3_K";
        case TensorType::Q4_K: return "Q4_K";
        case TensorType::Q5_K: return "Q5_K";
        case TensorType::Q6_K: return "Q6_K";
        default: return "type " + std::to_string(uint32_t(t));
    }
}

// The one dispatch switch: calls fn(Quant<T>{}) for the type's struct; throws
// std::invalid_argument "cuda::<op>: type Q5_K not supported" for the others. Adding a type is
// one struct above and one case here.
template <class Fn>
void dispatch_quant(TensorType t, const char* op, Fn&& fn) {
    switch (t) {
        case TensorType::F16: return fn(Quant<TensorType::F16>{});
        case TensorType::BF16: return fn(Quant<TensorType::BF16>{});
        case TensorType::Q4_0: return fn(Quant<TensorType::Q4_0>{});
        case TensorType::Q4_1: return fn(Quant<TensorType::Q4_1>{});
        case TensorType::Q8_0: return fn(Quant<TensorType::Q8_0>{});
        case TensorType::Q4_K: return fn(Quant<TensorType::Q4_K>{});
        case TensorType::Q6_K: return fn(Quant<TensorType::Q6_K>{});
        default: invalid(op, "type " + quant_type_name(t) + " not supported (F16, BF16, Q4_0, Q4_1, Q8_0, Q4_K, Q6_K)");
    }
}

// Checks a row layout for type Q: n a positive multiple of qk, the stride at least a row and
// both the base pointer and the stride aligned for the type's loads. Returns the stride to use.
template <class Q>
size_t checked_row_stride(const char* op, const void* base, int64_t n, size_t stride) {
    if (n <= 0 || n % Q::qk != 0)
        invalid(op, quant_type_name(Q::type) + " rows of " + std::to_string(n) + " elements, expected a positive multiple of " +
                        std::to_string(Q::qk));
    const size_t row_bytes = size_t(n / Q::qk) * size_t(Q::bytes);
    if (stride == 0) stride = row_bytes;
    if (stride < row_bytes)
        invalid(op, "row stride " + std::to_string(stride) + " bytes is less than a row (" + std::to_string(row_bytes) + ")");
    if (reinterpret_cast<uintptr_t>(base) % Q::align != 0 || stride % Q::align != 0)
        invalid(op, quant_type_name(Q::type) + " data and row stride must be " + std::to_string(Q::align) + "-byte aligned");
    return stride;
}

}  // namespace perimeter::kernels::cuda
