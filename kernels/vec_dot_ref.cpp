// Scalar reference dot products (see vec_dot_ref.h).
#include "kernels/vec_dot_ref.h"

#include <cstring>

#include "kernels/half.h"
#include "kernels/quant_blocks.h"

namespace perimeter::kernels {

void vec_dot_f32_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const float*>(w);
    const auto* b = static_cast<const float*>(x);
    double sum = 0;  // the reference may be slow; it should not be the inaccurate one
    for (int64_t i = 0; i < n; ++i) sum += double(a[i]) * b[i];
    *s = float(sum);
}

void vec_dot_f16_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const f16_t*>(w);
    const auto* b = static_cast<const float*>(x);
    double sum = 0;
    for (int64_t i = 0; i < n; ++i) sum += double(fp16_to_fp32(a[i])) * b[i];
    *s = float(sum);
}

void vec_dot_bf16_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const bf16_t*>(w);
    const auto* b = static_cast<const float*>(x);
    double sum = 0;
    for (int64_t i = 0; i < n; ++i) sum += double(bf16_to_fp32(a[i])) * b[i];
    *s = float(sum);
}

void vec_dot_q4_0_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const block_q4_0*>(w);
    const auto* b = static_cast<const block_q8_0*>(x);
    float sum = 0;
    for (int64_t i = 0; i < n / QK4_0; ++i) {
        int isum = 0;
        for (int j = 0; j < 16; ++j) {
            isum += ((a[i].qs[j] & 0xF) - 8) * b[i].qs[j];
            isum += ((a[i].qs[j] >> 4) - 8) * b[i].qs[j + 16];
        }
        sum += fp16_to_fp32(a[i].d) * fp16_to_fp32(b[i].d) * float(isum);
    }
    *s = sum;
}

void vec_dot_q4_1_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const block_q4_1*>(w);
    const auto* b = static_cast<const block_q8_1*>(x);
    float sum = 0;
    for (int64_t i = 0; i < n / QK4_1; ++i) {
        int isum = 0;
        for (int j = 0; j < 16; ++j) {
            isum += (a[i].qs[j] & 0xF) * b[i].qs[j];
            isum += (a[i].qs[j] >> 4) * b[i].qs[j + 16];
        }
        sum += fp16_to_fp32(a[i].d) * fp16_to_fp32(b[i].d) * float(isum) + fp16_to_fp32(a[i].m) * fp16_to_fp32(b[i].s);
    }
    *s = sum;
}

void vec_dot_q5_0_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const block_q5_0*>(w);
    const auto* b = static_cast<const block_q8_0*>(x);
    float sum = 0;
    for (int64_t i = 0; i < n / QK5_0; ++i) {
        uint32_t qh;
        std::memcpy(&qh, a[i].qh, 4);
        int isum = 0;
        for (int j = 0; j < 16; ++j) {
            const int q0 = ((a[i].qs[j] & 0xF) | (((qh >> j) & 1) << 4)) - 16;
            const int q1 = ((a[i].qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4)) - 16;
            isum += q0 * b[i].qs[j] + q1 * b[i].qs[j + 16];
        }
        sum += fp16_to_fp32(a[i].d) * fp16_to_fp32(b[i].d) * float(isum);
    }
    *s = sum;
}

void vec_dot_q5_1_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const block_q5_1*>(w);
    const auto* b = static_cast<const block_q8_1*>(x);
    float sum = 0;
    for (int64_t i = 0; i < n / QK5_1; ++i) {
        uint32_t qh;
        std::memcpy(&qh, a[i].qh, 4);
        int isum = 0;
        for (int j = 0; j < 16; ++j) {
            const int q0 = (a[i].qs[j] & 0xF) | (((qh >> j) & 1) << 4);
            const int q1 = (a[i].qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4);
            isum += q0 * b[i].qs[j] + q1 * b[i].qs[j + 16];
        }
        sum += fp16_to_fp32(a[i].d) * fp16_to_fp32(b[i].d) * float(isum) + fp16_to_fp32(a[i].m) * fp16_to_fp32(b[i].s);
    }
    *s = sum;
}

void vec_dot_q8_0_ref(int64_t n, float* s, const void* w, const void* x) {
    const auto* a = static_cast<const block_q8_0*>(w);
    const auto* b = static_cast<const block_q8_0*>(x);
    float sum = 0;
    for (int64_t i = 0; i < n / QK8_0; ++i) {
        int isum = 0;
        for (int j = 0; j < 32; ++j) isum += a[i].qs[j] * b[i].qs[j];
        sum += fp16_to_fp32(a[i].d) * fp16_to_fp32(b[i].d) * float(isum);
    }
    *s = sum;
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
void vec_dot_q4_K_ref(int64_t n, float* s, const void* w, const void* x) {
    vec_dot_k<unpack_q4_K, sizeof(block_q4_K)>(n, s, w, x);
}
void vec_dot_q5_K_ref(int64_t n, float* s, const void* w, const void* x) {
    vec_dot_k<unpack_q5_K, sizeof(block_q5_K)>(n, s, w, x);
}
void vec_dot_q6_K_ref(int64_t n, float* s, const void* w, const void* x) {
    vec_dot_k<unpack_q6_K, sizeof(block_q6_K)>(n, s, w, x);
}

}  // namespace perimeter::kernels
