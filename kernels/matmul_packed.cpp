// Repacking of weight tiles and activation sums for the prompt-batch path (matmul_packed.h).
// Plain C++: the repack is done once per 16-row tile per matmul call and serves every
// activation row of the batch.
#include "kernels/matmul_packed.h"

#include <cstring>

#include "kernels/half.h"
#include "kernels/quant_blocks.h"
#include "kernels/type_traits.h"
#include "kernels/vec_dot_ref.h"

namespace perimeter::kernels {
namespace {

using T = TensorType;

// Writes one row's sub-block s: S unsigned quants, scale and bias, into the interleaved tile.
struct TileWriter {
    uint8_t* q;
    float* scale;
    float* bias;
    int sub;
    int n_sub;
    void put(int row, int s, const uint8_t* u, float sc, float bi) const {
        uint8_t* base = q + size_t(s) * size_t(sub) * kPackRows;
        for (int k = 0; k < sub / 4; ++k) std::memcpy(base + (size_t(k) * kPackRows + size_t(row)) * 4, u + 4 * k, 4);
        scale[size_t(s) * kPackRows + size_t(row)] = sc;
        bias[size_t(s) * kPackRows + size_t(row)] = bi;
    }
};

void pack_legacy(T t, const uint8_t* w, int row, int64_t K, const TileWriter& tw) {
    uint8_t u[32];
    for (int64_t b = 0; b < K / 32; ++b) {
        float d = 0, bias = 0;
        switch (t) {
            case T::Q4_0: {
                const auto& x = reinterpret_cast<const block_q4_0*>(w)[b];
                for (int j = 0; j < 16; ++j) {
                    u[j] = x.qs[j] & 0xF;
                    u[j + 16] = x.qs[j] >> 4;
                }
                d = fp16_to_fp32(x.d);
                bias = -8.0f * d;
                break;
            }
            case T::Q4_1: {
                const auto& x = reinterpret_cast<const block_q4_1*>(w)[b];
                for (int j = 0; j < 16; ++j) {
                    u[j] = x.qs[j] & 0xF;
                    u[j + 16] = x.qs[j] >> 4;
                }
                d = fp16_to_fp32(x.d);
                bias = fp16_to_fp32(x.m);
                break;
            }
            case T::Q5_0:
            case T::Q5_1: {
                const uint8_t* qs;
                uint32_t qh;
                if (t == T::Q5_0) {
                    const auto& x = reinterpret_cast<const block_q5_0*>(w)[b];
                    qs = x.qs;
                    std::memcpy(&qh, x.qh, 4);
                    d = fp16_to_fp32(x.d);
                    bias = -16.0f * d;
                } else {
                    const auto& x = reinterpret_cast<const block_q5_1*>(w)[b];
                    qs = x.qs;
                    std::memcpy(&qh, x.qh, 4);
                    d = fp16_to_fp32(x.d);
                    bias = fp16_to_fp32(x.m);
                }
                for (int j = 0; j < 16; ++j) {
                    u[j] = uint8_t((qs[j] & 0xF) | (((qh >> j) & 1) << 4));
                    u[j + 16] = uint8_t((qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4));
                }
                break;
            }
            case T::Q8_0: {
                const auto& x = reinterpret_cast<const block_q8_0*>(w)[b];
                for (int j = 0; j < 32; ++j) u[j] = uint8_t(int(x.qs[j]) + 128);
                d = fp16_to_fp32(x.d);
                bias = -128.0f * d;
                break;
            }
            default: break;
        }
        tw.put(row, int(b), u, d, bias);
    }
}

void pack_k(T t, const uint8_t* w, int row, int64_t K, const TileWriter& tw) {
    const auto& tr = type_traits(t);
    UnpackedK uk;
    uint8_t u[32];
    for (int64_t b = 0; b < K / QK_K; ++b) {
        const uint8_t* blk = w + size_t(b) * tr.type_size;
        int off = 0;
        switch (t) {
            case T::Q2_K: unpack_q2_K(blk, &uk); break;
            case T::Q3_K: unpack_q3_K(blk, &uk); off = 4; break;
            case T::Q4_K: unpack_q4_K(blk, &uk); break;
            case T::Q5_K: unpack_q5_K(blk, &uk); break;
            case T::Q6_K: unpack_q6_K(blk, &uk); off = 32; break;
            default: return;
        }
        for (int j = 0; j < uk.n_sub; ++j) {
            for (int l = 0; l < uk.sub; ++l) u[l] = uint8_t(uk.q[j * uk.sub + l] + off);
            const float sc = uk.d * float(uk.scale[j]);
            const float bias = -float(off) * sc - uk.dmin * float(uk.min[j]);
            tw.put(row, int(b) * uk.n_sub + j, u, sc, bias);
        }
    }
}

}  // namespace

PackedLayout packed_layout(TensorType t) {
    switch (t) {
        // Q4_1, Q5_0, Q5_1, Q8_0: packed, the kernel follows ggml's 8-lane order (columns_lanes8).
        case T::Q5_0: case T::Q8_0: return {32, T::Q8_0};
        case T::Q4_1: case T::Q5_1: return {32, T::Q8_1};
        // Q4_0 and Q6_K: their own tiles and kernels, in ggml's order (exact_tile_bytes ...).
        // Q4_K is not packed: its last M % 4 rows need the one-row order (BatchRule::TailOf4),
        // which this path cannot tell apart; its tile-path gemm repacks the same way.
        case T::Q4_0: return {32, T::Q8_0};
        case T::Q5_K: return {32, T::Q8_K};
        case T::Q6_K: case T::Q2_K: case T::Q3_K: return {16, T::Q8_K};
        default: return {};
    }
}

size_t packed_tile_bytes(TensorType t, int64_t K) {
    if (const size_t exact = exact_tile_bytes(t, K)) return exact;
    const PackedLayout l = packed_layout(t);
    if (!l.sub) return 0;
    const size_t n_sub = size_t(K / l.sub);
    return n_sub * size_t(l.sub) * kPackRows + 2 * n_sub * kPackRows * sizeof(float);
}

void pack_weight_tile(TensorType t, const uint8_t* w, size_t ws, int nr, int64_t K, void* tile) {
    if (exact_tile_bytes(t, K)) {
        exact_pack_tile(t, w, ws, nr, K, tile);
        return;
    }
    const PackedLayout l = packed_layout(t);
    const int n_sub = int(K / l.sub);
    auto* q = static_cast<uint8_t*>(tile);
    TileWriter tw{q, reinterpret_cast<float*>(q + size_t(n_sub) * l.sub * kPackRows), nullptr, l.sub, n_sub};
    tw.bias = tw.scale + size_t(n_sub) * kPackRows;
    if (nr < kPackRows) std::memset(tile, 0, packed_tile_bytes(t, K));
    const bool k_quant = type_traits(t).block_size == QK_K;
    for (int r = 0; r < nr; ++r) {
        if (k_quant) pack_k(t, w + size_t(r) * ws, r, K, tw);
        else pack_legacy(t, w + size_t(r) * ws, r, K, tw);
    }
}

void pack_activation_sums(TensorType t, const uint8_t* x, size_t x_stride, int M, int64_t K, float* out) {
    if (exact_tile_bytes(t, K)) {
        exact_activation_sums(t, x, x_stride, M, K, out);
        return;
    }
    const PackedLayout l = packed_layout(t);
    const int n_sub = int(K / l.sub);
    for (int m = 0; m < M; ++m) {
        const uint8_t* row = x + size_t(m) * x_stride;
        float* dx = out + size_t(m) * 2 * n_sub;
        float* xs = dx + n_sub;
        if (l.act == T::Q8_0) {
            const auto* b = reinterpret_cast<const block_q8_0*>(row);
            for (int s = 0; s < n_sub; ++s) {
                int sum = 0;
                for (int j = 0; j < 32; ++j) sum += b[s].qs[j];
                dx[s] = fp16_to_fp32(b[s].d);
                xs[s] = dx[s] * float(sum);
            }
        } else if (l.act == T::Q8_1) {
            const auto* b = reinterpret_cast<const block_q8_1*>(row);
            for (int s = 0; s < n_sub; ++s) {
                dx[s] = fp16_to_fp32(b[s].d);
                xs[s] = fp16_to_fp32(b[s].s);
            }
        } else {
            const auto* b = reinterpret_cast<const block_q8_K*>(row);
            const int per = QK_K / l.sub;
            for (int s = 0; s < n_sub; ++s) {
                const auto& blk = b[s / per];
                const int j = s % per;
                const int bs = l.sub == 16 ? blk.bsums[j] : blk.bsums[2 * j] + blk.bsums[2 * j + 1];
                dx[s] = blk.d;
                xs[s] = blk.d * float(bs);
            }
        }
    }
}

}  // namespace perimeter::kernels
