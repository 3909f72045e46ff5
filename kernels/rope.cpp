// Rotary position embedding, as ggml's rope (normal and NeoX order, YaRN, frequency factors).
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "kernels/elementwise_kernels.h"
#include "kernels/ops.h"

namespace perimeter::kernels {

const ElementwiseKernels* elementwise_fast();  // elementwise.cpp

namespace {

float yarn_corr_dim(int n_dims, int n_ctx_orig, float n_rot, float base) {
    return float(n_dims) * std::log(float(n_ctx_orig) / (n_rot * 2.0f * float(M_PI))) / (2.0f * std::log(base));
}

}  // namespace

void rope(float* x, int n_tokens, int n_heads, int head_dim, size_t token_stride, const int32_t* positions,
          const RopeParams& p) {
    const int n_dims = p.n_dims > 0 ? std::min(p.n_dims, head_dim) : head_dim;
    const float theta_scale = std::pow(p.freq_base, -2.0f / float(n_dims));
    float corr0 = 0.0f, corr1 = 0.0f;
    if (p.ext_factor != 0.0f) {
        corr0 = std::max(0.0f, std::floor(yarn_corr_dim(n_dims, p.n_ctx_orig, p.beta_fast, p.freq_base)));
        corr1 = std::min(float(n_dims - 1), std::ceil(yarn_corr_dim(n_dims, p.n_ctx_orig, p.beta_slow, p.freq_base)));
    }
    // cos/sin per frequency, computed once per token and shared by all heads.
    constexpr int kMaxHalf = 512;
    float cos_t[kMaxHalf], sin_t[kMaxHalf];
    const int half = n_dims / 2;
    const ElementwiseKernels* fast = elementwise_fast();
    const auto rotate = fast ? fast->rope_rotate : rope_rotate_ref;
    if (half > kMaxHalf)
        throw std::invalid_argument("rope: " + std::to_string(n_dims) + " rotated dims, at most " + std::to_string(2 * kMaxHalf));
    for (int t = 0; t < n_tokens; ++t) {
        float theta = float(positions[t]);
        for (int i = 0; i < half; ++i) {
            const float ff = p.freq_factors ? p.freq_factors[i] : 1.0f;
            const float theta_extrap = theta / ff;
            float th = p.freq_scale * theta_extrap;
            float mscale = p.attn_factor;
            if (p.ext_factor != 0.0f) {
                const float yv = (float(i) - corr0) / std::max(0.001f, corr1 - corr0);
                const float ramp = (1.0f - std::min(1.0f, std::max(0.0f, yv))) * p.ext_factor;
                th = th * (1.0f - ramp) + theta_extrap * ramp;
                mscale *= 1.0f + 0.1f * std::log(1.0f / p.freq_scale);
            }
            cos_t[i] = std::cos(th) * mscale;
            sin_t[i] = std::sin(th) * mscale;
            theta *= theta_scale;
        }
        // the rotation itself in ggml's fused form (elementwise_kernels.h)
        for (int h = 0; h < n_heads; ++h)
            rotate(x + size_t(t) * token_stride + size_t(h) * size_t(head_dim), cos_t, sin_t, half, p.mode == RopeMode::NeoX);
    }
}

}  // namespace perimeter::kernels
