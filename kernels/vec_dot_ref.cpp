// Scalar reference dot products (see vec_dot_ref.h).
#include "kernels/vec_dot_ref.h"

#include <cmath>
#include <cstring>

#include "kernels/half.h"
#include "kernels/quant_blocks.h"

namespace perimeter::kernels {

// ggml's horizontal sums, operation for operation (the order decides the last bit):
// hsum_float_8 (ggml-cpu/arch/x86/quants.c) and GCC's _mm512_reduce_add_ps.
float hsum8_ggml(const float* a) {
    const float r0 = a[4] + a[0], r1 = a[5] + a[1], r2 = a[6] + a[2], r3 = a[7] + a[3];
    return (r0 + r2) + (r1 + r3);
}
float reduce16_ggml(const float* a) {
    float t[8];
    for (int i = 0; i < 8; ++i) t[i] = a[8 + i] + a[i];
    return hsum8_ggml(t);
}

namespace {
// ggml_vec_dot_f32 / _f16 (AVX-512 build): four 16-lane accumulators over steps of 64, folded
// 0+2, 1+3, 0+1, reduced; the tail added one product at a time.
template <class Load>
float dot_ggml_vec(int64_t n, const Load& xy, bool tail_in_double) {
    float acc[4][16] = {};
    const int64_t np = n & ~int64_t(63);
    for (int64_t i = 0; i < np; i += 64)
        for (int j = 0; j < 4; ++j)
            for (int l = 0; l < 16; ++l) {
                float a, b;
                xy(i + 16 * j + l, a, b);
                acc[j][l] = std::fma(a, b, acc[j][l]);
            }
    for (int l = 0; l < 16; ++l) {
        acc[0][l] = acc[0][l] + acc[2][l];
        acc[1][l] = acc[1][l] + acc[3][l];
    }
    for (int l = 0; l < 16; ++l) acc[0][l] = acc[0][l] + acc[1][l];
    if (tail_in_double) {  // ggml_vec_dot_f16: ggml_float sum, products rounded to float
        double sum = reduce16_ggml(acc[0]);
        for (int64_t i = np; i < n; ++i) {
            float a, b;
            xy(i, a, b);
            sum += double(a * b);
        }
        return float(sum);
    }
    float sum = reduce16_ggml(acc[0]);
    for (int64_t i = np; i < n; ++i) {
        float a, b;
        xy(i, a, b);
        sum = std::fma(a, b, sum);
    }
    return sum;
}
// llamafile tinyBLAS (AVX-512): 16 lanes, lane l over elements l, l+16, ... (n % 16 == 0).
template <class Load>
float dot_ggml_tiny(int64_t n, const Load& xy) {
    float acc[16] = {};
    for (int64_t i = 0; i < n; i += 16)
        for (int l = 0; l < 16; ++l) {
            float a, b;
            xy(i + l, a, b);
            acc[l] = std::fma(a, b, acc[l]);
        }
    return reduce16_ggml(acc);
}
}  // namespace

void vec_dot_f32_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const float*>(w);
    const auto* b = static_cast<const float*>(x);
    *s = dot_ggml_vec(n, [&](int64_t i, float& u, float& v) { u = a[i]; v = b[i]; }, false);
}
void vec_dot_f32_tiny_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const float*>(w);
    const auto* b = static_cast<const float*>(x);
    *s = dot_ggml_tiny(n, [&](int64_t i, float& u, float& v) { u = a[i]; v = b[i]; });
}

// F16 weights: the activation row was rounded to fp16 (round_row_f16), stored as fp32.
void vec_dot_f16_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const f16_t*>(w);
    const auto* b = static_cast<const float*>(x);
    *s = dot_ggml_vec(n, [&](int64_t i, float& u, float& v) { u = fp16_to_fp32(a[i]); v = b[i]; }, true);
}
void vec_dot_f16_tiny_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const f16_t*>(w);
    const auto* b = static_cast<const float*>(x);
    *s = dot_ggml_tiny(n, [&](int64_t i, float& u, float& v) { u = fp16_to_fp32(a[i]); v = b[i]; });
}

void vec_dot_bf16_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const bf16_t*>(w);
    const auto* b = static_cast<const float*>(x);
    double sum = 0;
    for (int64_t i = 0; i < n; ++i) sum += double(bf16_to_fp32(a[i])) * b[i];
    *s = float(sum);
}

namespace {
// ggml's 8-lane block dot (vec_dot_q4_1_q8_1, _q5_0_q8_0, _q8_0_q8_0 and tinyBLAS_Q0 on x86):
// lane j of a block is the exact sum of the products of elements 4j..4j+3, and
// acc[j] = fma(dx * dy, lane j, acc[j]) block after block; hsum_float_8 at the end.
struct Lanes8 {
    float acc[8] = {};
    float summs = 0.0f;  // Q4_1/Q5_1: sum of m * s, fused (ggml's C is built with fp-contract=fast)
    void add(float d, const int* q, const int8_t* y) {
        for (int j = 0; j < 8; ++j) {
            int lane = 0;
            for (int t = 0; t < 4; ++t) lane += q[4 * j + t] * y[4 * j + t];
            acc[j] = std::fma(d, float(lane), acc[j]);
        }
    }
    float result() const { return hsum8_ggml(acc) + summs; }
};
}  // namespace

// Q4_0 as ggml runs it on x86 with AVX2 (weights repacked to q4_0_8x8, gemv/gemm): the block's
// whole integer sum, acc = fma(isum, dx * dy, acc).
void vec_dot_q4_0_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const block_q4_0*>(w);
    const auto* b = static_cast<const block_q8_0*>(x);
    float acc = 0.0f;
    for (int64_t i = 0; i < n / QK4_0; ++i) {
        int isum = 0;
        for (int j = 0; j < 16; ++j) {
            isum += ((a[i].qs[j] & 0xF) - 8) * b[i].qs[j];
            isum += ((a[i].qs[j] >> 4) - 8) * b[i].qs[j + 16];
        }
        acc = std::fma(float(isum), fp16_to_fp32(a[i].d) * fp16_to_fp32(b[i].d), acc);
    }
    *s = acc;
}

void vec_dot_q4_1_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const block_q4_1*>(w);
    const auto* b = static_cast<const block_q8_1*>(x);
    Lanes8 L;
    int q[32];
    for (int64_t i = 0; i < n / QK4_1; ++i) {
        for (int j = 0; j < 16; ++j) {
            q[j] = a[i].qs[j] & 0xF;
            q[j + 16] = a[i].qs[j] >> 4;
        }
        L.summs = std::fma(fp16_to_fp32(a[i].m), fp16_to_fp32(b[i].s), L.summs);
        L.add(fp16_to_fp32(a[i].d) * fp16_to_fp32(b[i].d), q, b[i].qs);
    }
    *s = L.result();
}

void vec_dot_q5_0_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const block_q5_0*>(w);
    const auto* b = static_cast<const block_q8_0*>(x);
    Lanes8 L;
    int q[32];
    for (int64_t i = 0; i < n / QK5_0; ++i) {
        uint32_t qh;
        std::memcpy(&qh, a[i].qh, 4);
        for (int j = 0; j < 16; ++j) {
            q[j] = ((a[i].qs[j] & 0xF) | (((qh >> j) & 1) << 4)) - 16;
            q[j + 16] = ((a[i].qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4)) - 16;
        }
        L.add(fp16_to_fp32(a[i].d) * fp16_to_fp32(b[i].d), q, b[i].qs);
    }
    *s = L.result();
}

void vec_dot_q5_1_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const block_q5_1*>(w);
    const auto* b = static_cast<const block_q8_1*>(x);
    Lanes8 L;
    int q[32];
    for (int64_t i = 0; i < n / QK5_1; ++i) {
        uint32_t qh;
        std::memcpy(&qh, a[i].qh, 4);
        for (int j = 0; j < 16; ++j) {
            q[j] = (a[i].qs[j] & 0xF) | (((qh >> j) & 1) << 4);
            q[j + 16] = (a[i].qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4);
        }
        L.summs = std::fma(fp16_to_fp32(a[i].m), fp16_to_fp32(b[i].s), L.summs);
        L.add(fp16_to_fp32(a[i].d) * fp16_to_fp32(b[i].d), q, b[i].qs);
    }
    *s = L.result();
}

void vec_dot_q8_0_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const block_q8_0*>(w);
    const auto* b = static_cast<const block_q8_0*>(x);
    Lanes8 L;
    int q[32];
    for (int64_t i = 0; i < n / QK8_0; ++i) {
        for (int j = 0; j < 32; ++j) q[j] = a[i].qs[j];
        L.add(fp16_to_fp32(a[i].d) * fp16_to_fp32(b[i].d), q, b[i].qs);
    }
    *s = L.result();
}

// ---- k-quants ---------------------------------------------------------------------------------

void unpack_q2_K(const void* block, UnpackedK* u) {
    const auto* x = static_cast<const block_q2_K*>(block);
    u->n_sub = 16;
    u->sub = 16;
    u->d = fp16_to_fp32(x->d);
    u->dmin = fp16_to_fp32(x->dmin);
    for (int j = 0; j < 16; ++j) {
        u->scale[j] = x->scales[j] & 0xF;
        u->min[j] = x->scales[j] >> 4;
    }
    // Element order as dequantize_row_q2_K: per 128, four 2-bit planes of 32 bytes.
    int o = 0;
    for (int half = 0; half < 2; ++half) {
        const uint8_t* q = x->qs + 32 * half;
        for (int shift = 0; shift < 8; shift += 2)
            for (int l = 0; l < 32; ++l) u->q[o++] = int8_t((q[l] >> shift) & 3);
    }
}

void unpack_q3_K(const void* block, UnpackedK* u) {
    const auto* x = static_cast<const block_q3_K*>(block);
    u->n_sub = 16;
    u->sub = 16;
    u->d = fp16_to_fp32(x->d);
    u->dmin = 0;
    constexpr uint32_t kmask1 = 0x03030303, kmask2 = 0x0f0f0f0f;
    uint32_t aux[4];
    std::memcpy(aux, x->scales, 12);
    const uint32_t tmp = aux[2];
    aux[2] = ((aux[0] >> 4) & kmask2) | (((tmp >> 4) & kmask1) << 4);
    aux[3] = ((aux[1] >> 4) & kmask2) | (((tmp >> 6) & kmask1) << 4);
    aux[0] = (aux[0] & kmask2) | (((tmp >> 0) & kmask1) << 4);
    aux[1] = (aux[1] & kmask2) | (((tmp >> 2) & kmask1) << 4);
    int8_t sc[16];
    std::memcpy(sc, aux, 16);
    for (int j = 0; j < 16; ++j) {
        u->scale[j] = sc[j] - 32;
        u->min[j] = 0;
    }
    int o = 0;
    uint8_t m = 1;
    for (int half = 0; half < 2; ++half) {
        const uint8_t* q = x->qs + 32 * half;
        for (int shift = 0; shift < 8; shift += 2, m = uint8_t(m << 1))
            for (int l = 0; l < 32; ++l) u->q[o++] = int8_t(((q[l] >> shift) & 3) - ((x->hmask[l] & m) ? 0 : 4));
    }
}

static inline void scale_min_k4(int j, const uint8_t* q, int* d, int* m) {
    if (j < 4) {
        *d = q[j] & 63;
        *m = q[j + 4] & 63;
    } else {
        *d = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
        *m = (q[j + 4] >> 4) | ((q[j - 0] >> 6) << 4);
    }
}

void unpack_q4_K(const void* block, UnpackedK* u) {
    const auto* x = static_cast<const block_q4_K*>(block);
    u->n_sub = 8;
    u->sub = 32;
    u->d = fp16_to_fp32(x->d);
    u->dmin = fp16_to_fp32(x->dmin);
    for (int j = 0; j < 8; ++j) scale_min_k4(j, x->scales, &u->scale[j], &u->min[j]);
    for (int c = 0; c < 4; ++c)
        for (int l = 0; l < 32; ++l) {
            u->q[64 * c + l] = int8_t(x->qs[32 * c + l] & 0xF);
            u->q[64 * c + 32 + l] = int8_t(x->qs[32 * c + l] >> 4);
        }
}

void unpack_q5_K(const void* block, UnpackedK* u) {
    const auto* x = static_cast<const block_q5_K*>(block);
    u->n_sub = 8;
    u->sub = 32;
    u->d = fp16_to_fp32(x->d);
    u->dmin = fp16_to_fp32(x->dmin);
    for (int j = 0; j < 8; ++j) scale_min_k4(j, x->scales, &u->scale[j], &u->min[j]);
    for (int c = 0; c < 4; ++c)
        for (int l = 0; l < 32; ++l) {
            const int h0 = (x->qh[l] >> (2 * c)) & 1, h1 = (x->qh[l] >> (2 * c + 1)) & 1;
            u->q[64 * c + l] = int8_t((x->qs[32 * c + l] & 0xF) | (h0 << 4));
            u->q[64 * c + 32 + l] = int8_t((x->qs[32 * c + l] >> 4) | (h1 << 4));
        }
}

void unpack_q6_K(const void* block, UnpackedK* u) {
    const auto* x = static_cast<const block_q6_K*>(block);
    u->n_sub = 16;
    u->sub = 16;
    u->d = fp16_to_fp32(x->d);
    u->dmin = 0;
    for (int j = 0; j < 16; ++j) {
        u->scale[j] = x->scales[j];
        u->min[j] = 0;
    }
    for (int h = 0; h < 2; ++h) {
        const uint8_t* ql = x->ql + 64 * h;
        const uint8_t* qh = x->qh + 32 * h;
        int8_t* y = u->q + 128 * h;
        for (int l = 0; l < 32; ++l) {
            y[l + 0] = int8_t(((ql[l + 0] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32);
            y[l + 32] = int8_t(((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32);
            y[l + 64] = int8_t(((ql[l + 0] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32);
            y[l + 96] = int8_t(((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32);
        }
    }
}

namespace {
using UnpackFn = void (*)(const void*, UnpackedK*);
template <UnpackFn unpack, size_t kBlockBytes>
void vec_dot_k(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const uint8_t*>(w);
    const auto* b = static_cast<const block_q8_K*>(x);
    float sum = 0;
    UnpackedK u;
    for (int64_t i = 0; i < n / QK_K; ++i) {
        unpack(a + i * kBlockBytes, &u);
        int isum = 0, msum = 0;
        for (int j = 0; j < u.n_sub; ++j) {
            int sub = 0;
            for (int l = 0; l < u.sub; ++l) sub += u.q[j * u.sub + l] * b[i].qs[j * u.sub + l];
            isum += u.scale[j] * sub;
            const int bsum = u.sub == 16 ? b[i].bsums[j] : b[i].bsums[2 * j] + b[i].bsums[2 * j + 1];
            msum += u.min[j] * bsum;
        }
        sum += u.d * b[i].d * float(isum) - u.dmin * b[i].d * float(msum);
    }
    *s = sum;
}
}  // namespace

void vec_dot_q2_K_ref(int64_t n, float* s, const void* w, const void* x) {
    vec_dot_k<unpack_q2_K, sizeof(block_q2_K)>(n, s, w, x);
}
void vec_dot_q3_K_ref(int64_t n, float* s, const void* w, const void* x) {
    vec_dot_k<unpack_q3_K, sizeof(block_q3_K)>(n, s, w, x);
}
// Q4_K as ggml runs it on x86 with AVX2 (repacked to q4_K_8x8): the exact integer sums of a
// span, acc = fma(isum, d * dy, acc), accm = fma(msum, dmin * dy, accm), result acc - accm. The
// gemv (one activation row) adds whole super-blocks; the gemm (activation rows in groups of 4)
// adds 64-element halves-of-quarters (two sub-blocks) at a time.
namespace {
void dot_q4_K_spans(int64_t n, float* s, const void* w, const void* x, int subs_per_span) {
    const auto* a = static_cast<const block_q4_K*>(w);
    const auto* b = static_cast<const block_q8_K*>(x);
    float acc = 0.0f, accm = 0.0f;
    UnpackedK u;
    for (int64_t i = 0; i < n / QK_K; ++i) {
        unpack_q4_K(&a[i], &u);
        const float dd = u.d * b[i].d, dm = u.dmin * b[i].d;
        for (int j0 = 0; j0 < 8; j0 += subs_per_span) {
            int isum = 0, msum = 0;
            for (int j = j0; j < j0 + subs_per_span; ++j) {
                int sub = 0;
                for (int l = 0; l < 32; ++l) sub += u.q[j * 32 + l] * b[i].qs[j * 32 + l];
                isum += u.scale[j] * sub;
                msum += u.min[j] * (b[i].bsums[2 * j] + b[i].bsums[2 * j + 1]);
            }
            acc = std::fma(float(isum), dd, acc);
            accm = std::fma(float(msum), dm, accm);
        }
    }
    *s = acc - accm;
}
}  // namespace
void vec_dot_q4_K_ref(int64_t n, float* s, const void* w, const void* x) { dot_q4_K_spans(n, s, w, x, 8); }
void vec_dot_q4_K_x4_ref(int64_t n, float* s, const void* w, const void* x) { dot_q4_K_spans(n, s, w, x, 2); }

void vec_dot_q5_K_ref(int64_t n, float* s, const void* w, const void* x) {
    vec_dot_k<unpack_q5_K, sizeof(block_q5_K)>(n, s, w, x);
}
// Q6_K, one activation row (and batches under 8): ggml_vec_dot_q6_K_q8_K (AVX2), 8 integer lanes
// per super-block. Lane k holds, for each 32-element group, scale * (products of its elements
// 4k..4k+3) (unsigned 6-bit quants), minus 32 * (bsums[2k] * sc[2k] + bsums[2k+1] * sc[2k+1]);
// converted to float (rounded when large), acc[k] = fma(dy * d, lane, acc[k]); hsum_float_8.
// Batches of 8 or more: ggml's "tiled" K-quant matmul: per super-block the exact integer sum,
// r = isum * d, acc = fma(r, dy, acc) (GCC fuses the kernel's mul + add).
namespace {
void q6_K_lane_sums(const UnpackedK& u, const block_q8_K& b, int lane[8]) {
    for (int k = 0; k < 8; ++k) lane[k] = 0;
    for (int g = 0; g < 8; ++g) {  // 32-element groups in element order
        const int base = 32 * g;
        for (int k = 0; k < 8; ++k) {
            int p = 0;
            for (int t = 0; t < 4; ++t) p += (u.q[base + 4 * k + t] + 32) * b.qs[base + 4 * k + t];
            lane[k] += u.scale[base / 16 + (k >= 4)] * p;
        }
    }
    for (int k = 0; k < 8; ++k)
        lane[k] -= 32 * (b.bsums[2 * k] * u.scale[2 * k] + b.bsums[2 * k + 1] * u.scale[2 * k + 1]);
}
}  // namespace

void vec_dot_q6_K_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const block_q6_K*>(w);
    const auto* b = static_cast<const block_q8_K*>(x);
    float acc[8] = {};
    UnpackedK u;
    int lane[8];
    for (int64_t i = 0; i < n / QK_K; ++i) {
        unpack_q6_K(&a[i], &u);
        q6_K_lane_sums(u, b[i], lane);
        const float d = b[i].d * u.d;
        for (int k = 0; k < 8; ++k) acc[k] = std::fma(d, float(lane[k]), acc[k]);
    }
    *s = hsum8_ggml(acc);
}

void vec_dot_q6_K_tiled_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const block_q6_K*>(w);
    const auto* b = static_cast<const block_q8_K*>(x);
    float acc = 0.0f;
    UnpackedK u;
    int lane[8];
    for (int64_t i = 0; i < n / QK_K; ++i) {
        unpack_q6_K(&a[i], &u);
        q6_K_lane_sums(u, b[i], lane);
        int isum = 0;
        for (int k = 0; k < 8; ++k) isum += lane[k];
        acc = std::fma(float(isum) * u.d, b[i].d, acc);
    }
    *s = acc;
}

}  // namespace perimeter::kernels
