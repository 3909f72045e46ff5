// rope: one block per (token, head), one thread per rotated pair. Each thread computes its
// angle as the CPU op does, theta = pos * theta_scale^i by i successive multiplications (not
// powf), so the angles - and therefore the results at large positions - agree with the CPU.
#include <algorithm>
#include <cmath>

#include "kernels/cuda/cuda_common.cuh"
#include "kernels/cuda/cuda_ops.h"

namespace perimeter::kernels::cuda {
namespace {

struct RopeArgs {
    int half;             // rotated pairs per head
    int head_dim;
    bool neox;
    float theta_scale;    // freq_base^(-2 / n_dims)
    float freq_scale;
    float ext_factor;     // YaRN; 0 = off
    float attn_factor;
    float mscale_yarn;    // 1 + 0.1 ln(1 / freq_scale), applied when ext_factor != 0
    float corr0, corr1;   // YaRN ramp ends
    const float* freq_factors;  // device, half entries, or nullptr
};

__global__ void rope_kernel(float* x, size_t token_stride, const int32_t* positions, RopeArgs a) {
    const int t = blockIdx.x, h = blockIdx.y;
    float* v = x + size_t(t) * token_stride + size_t(h) * size_t(a.head_dim);
    const float pos = float(positions[t]);
    for (int i = threadIdx.x; i < a.half; i += blockDim.x) {
        float theta = pos;
        for (int k = 0; k < i; ++k) theta *= a.theta_scale;
        const float ff = a.freq_factors ? a.freq_factors[i] : 1.0f;
        const float theta_extrap = theta / ff;
        float th = a.freq_scale * theta_extrap;
        float mscale = a.attn_factor;
        if (a.ext_factor != 0.0f) {
            const float yv = (float(i) - a.corr0) / fmaxf(0.001f, a.corr1 - a.corr0);
            const float ramp = (1.0f - fminf(1.0f, fmaxf(0.0f, yv))) * a.ext_factor;
            th = th * (1.0f - ramp) + theta_extrap * ramp;
            mscale *= a.mscale_yarn;
        }
        const float c = cosf(th) * mscale, s = sinf(th) * mscale;
        const int i0 = a.neox ? i : 2 * i, i1 = a.neox ? i + a.half : 2 * i + 1;
        const float x0 = v[i0], x1 = v[i1];
        v[i0] = x0 * c - x1 * s;
        v[i1] = x0 * s + x1 * c;
    }
}

float yarn_corr_dim(int n_dims, int n_ctx_orig, float n_rot, float base) {
    return float(n_dims) * std::log(float(n_ctx_orig) / (n_rot * 2.0f * float(M_PI))) / (2.0f * std::log(base));
}

}  // namespace

void rope(float* x, int n_tokens, int n_heads, int head_dim, size_t token_stride, const int32_t* positions,
          const RopeParams& p) {
    if (n_tokens < 0 || n_heads < 0 || head_dim <= 0)
        invalid("rope", std::to_string(n_tokens) + " tokens x " + std::to_string(n_heads) + " heads of " +
                            std::to_string(head_dim));
    if (n_heads > 65535) invalid("rope", std::to_string(n_heads) + " heads, at most 65535");
    if (n_tokens == 0 || n_heads == 0) return;
    if (!x || !positions) invalid("rope", "null pointer");
    // Host-side constants exactly as kernels::rope computes them.
    const int n_dims = p.n_dims > 0 ? std::min(p.n_dims, head_dim) : head_dim;
    RopeArgs a{};
    a.half = n_dims / 2;
    a.head_dim = head_dim;
    a.neox = p.mode == RopeMode::NeoX;
    a.theta_scale = std::pow(p.freq_base, -2.0f / float(n_dims));
    a.freq_scale = p.freq_scale;
    a.ext_factor = p.ext_factor;
    a.attn_factor = p.attn_factor;
    a.mscale_yarn = 1.0f + 0.1f * std::log(1.0f / p.freq_scale);
    if (p.ext_factor != 0.0f) {
        a.corr0 = std::max(0.0f, std::floor(yarn_corr_dim(n_dims, p.n_ctx_orig, p.beta_fast, p.freq_base)));
        a.corr1 = std::min(float(n_dims - 1), std::ceil(yarn_corr_dim(n_dims, p.n_ctx_orig, p.beta_slow, p.freq_base)));
    }
    a.freq_factors = p.freq_factors;
    if (a.half == 0) return;
    const dim3 grid{unsigned(n_tokens), unsigned(n_heads)};
    rope_kernel<<<grid, std::min(256, (a.half + 31) / 32 * 32)>>>(x, token_stride, positions, a);
    CUDA_CHECK_LAUNCH();
}

}  // namespace perimeter::kernels::cuda
