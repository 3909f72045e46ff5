// Kernel micro-benchmarks.
//
//   kernels_bench [--types Q4_0,Q8_0,...] [--variant scalar|avx2|avx512] [--threads N] [--quick]
//
// 1. Read bandwidth: all pool threads stream-read (AVX loads, summed) a buffer far larger than
//    the caches; best of several runs. This is the ceiling for generation.
// 2. Matrix-vector (M = 1, generation) per weight type over ~256 MB of weights (so nothing is
//    cached): GB/s of weight bytes read and % of the read bandwidth.
// 3. Matrix-matrix (M = 512, a prompt batch) per type on a 2048 x 2048 weight: GFLOP/s
//    (2*M*N*K per second) and tokens/s of that one matrix.
// 4. --model smollm2|llama1b: the matmuls of one token of that model shape (tg: M = 1;
//    pp: M = 512 with the output projection for the last token only): the kernel-only
//    ceiling of tokens/s, to set against llama.cpp's end-to-end figures.
// Every figure is the best of several runs after a warm-up.
#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/matmul_kernels.h"
#include "kernels/ops.h"
#include "kernels/quantize_ref.h"
#include "kernels/type_traits.h"

using namespace perimeter::kernels;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

__attribute__((target("avx2"))) double read_sum(const float* p, size_t n) {
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    for (size_t i = 0; i + 32 <= n; i += 32) {
        a0 = _mm256_add_ps(a0, _mm256_loadu_ps(p + i));
        a1 = _mm256_add_ps(a1, _mm256_loadu_ps(p + i + 8));
        a2 = _mm256_add_ps(a2, _mm256_loadu_ps(p + i + 16));
        a3 = _mm256_add_ps(a3, _mm256_loadu_ps(p + i + 24));
    }
    const __m256 s = _mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3));
    float t[8];
    _mm256_storeu_ps(t, s);
    return t[0] + t[1] + t[2] + t[3] + t[4] + t[5] + t[6] + t[7];
}

double measure_bandwidth(ThreadPool& pool, int runs) {
    const size_t bytes = size_t(1) << 30;
    const size_t n = bytes / sizeof(float);
    std::vector<float> buf(n, 1.0f);
    const int tasks = pool.size() * 16;
    double best = 0;
    volatile double sink = 0;
    for (int r = 0; r < runs; ++r) {
        std::vector<double> part(static_cast<size_t>(tasks));
        const auto t0 = Clock::now();
        pool.parallel_for(tasks, [&](int t, int) {
            const size_t a = n * size_t(t) / size_t(tasks), b = n * size_t(t + 1) / size_t(tasks);
            part[size_t(t)] = read_sum(buf.data() + a, b - a);
        });
        const double s = seconds_since(t0);
        for (double v : part) sink = sink + v;
        best = std::max(best, double(bytes) / s / 1e9);
    }
    return best;
}

std::vector<uint8_t> make_weights(TensorType t, int64_t K, int64_t N, std::mt19937& rng) {
    // Quantize Gaussian rows where a reference quantizer exists; otherwise random bytes with
    // sane fp16 scales are as good for timing (the kernels do not branch on the values).
    const size_t rs = row_size(t, K);
    std::vector<uint8_t> w(rs * size_t(N));
    std::uniform_int_distribution<int> byte(0, 255);
    for (size_t i = 0; i < w.size(); i += 4096) w[i] = uint8_t(byte(rng));
    const auto& tr = type_traits(t);
    std::vector<float> row(static_cast<size_t>(K));
    std::normal_distribution<float> g(0.0f, 0.05f);
    if (tr.quantize_row) {
        for (int64_t r = 0; r < std::min<int64_t>(N, 64); ++r) {
            for (auto& v : row) v = g(rng);
            tr.quantize_row(row.data(), w.data() + size_t(r) * rs, K);
        }
        for (int64_t r = 64; r < N; ++r) std::memcpy(w.data() + size_t(r) * rs, w.data() + size_t(r % 64) * rs, rs);
    } else {
        for (auto& b : w) b = uint8_t(byte(rng) & 0x3F);  // small values: fp16 fields stay finite
    }
    return w;
}

// The matmuls of one token of a model (shapes K x N, count per token): a forward pass's weight
// reads, without the small ops and attention. Gives the kernel-only ceiling of tokens/s.
struct Shape {
    int64_t K, N;
    int count;
    bool output;  // the output projection: its own type (often Q8_0/Q6_K); once per batch in pp
};
std::vector<Shape> model_shapes(const std::string& m) {
    if (m == "smollm2")  // 30 layers, n_embd 576, 9 heads / 3 KV heads of 64, ffn 1536, vocab 49152
        return {{576, 576, 60, false}, {576, 192, 60, false}, {576, 1536, 60, false}, {1536, 576, 30, false},
                {576, 49152, 1, true}};
    if (m == "llama1b")  // 16 layers, n_embd 2048, 32 / 8 heads of 64, ffn 8192, vocab 128256
        return {{2048, 2048, 32, false}, {2048, 512, 32, false}, {2048, 8192, 32, false}, {8192, 2048, 16, false},
                {2048, 128256, 1, true}};
    return {};
}

void bench_model(const std::string& model, TensorType t, TensorType out_t, ThreadPool& pool, int runs) {
    const auto shapes = model_shapes(model);
    if (shapes.empty()) {
        std::fprintf(stderr, "kernels_bench: unknown model %s (smollm2, llama1b)\n", model.c_str());
        return;
    }
    std::mt19937 rng(1);
    struct Mat {
        TensorType type;
        int64_t K, N;
        std::vector<uint8_t> w;
        bool output;
    };
    std::vector<Mat> mats;
    size_t bytes = 0;
    for (const auto& sh : shapes)
        for (int i = 0; i < sh.count; ++i) {
            const TensorType tt = sh.output ? out_t : t;
            mats.push_back({tt, sh.K, sh.N, make_weights(tt, sh.K, sh.N, rng), sh.output});
            bytes += mats.back().w.size();
        }
    std::vector<float> x(size_t(8192) * 512, 0.5f), y(size_t(128256) * 512);
    for (size_t i = 0; i < x.size(); ++i) x[i] = float(int(i % 17) - 8) * 0.1f;
    auto one_pass = [&](int M) {
        const auto t0 = Clock::now();
        for (const auto& m : mats) {
            if (m.output && M > 1) {  // pp computes logits of the last token only
                matmul(WeightView{m.type, m.K, m.N, m.w.data(), 0}, x.data(), 1, y.data(), pool);
                continue;
            }
            matmul(WeightView{m.type, m.K, m.N, m.w.data(), 0}, x.data(), M, y.data(), pool);
        }
        return seconds_since(t0);
    };
    double tg = 1e9, pp = 1e9;
    one_pass(1);
    for (int r = 0; r < runs * 3; ++r) tg = std::min(tg, one_pass(1));
    for (int r = 0; r < std::max(2, runs / 2); ++r) pp = std::min(pp, one_pass(512));
    std::printf("%s %s (output %s): %.1f MB of weights; matmuls only: tg %.1f tok/s (%.1f GB/s), pp512 %.1f tok/s\n",
                model.c_str(), std::string(type_name(t)).c_str(), std::string(type_name(out_t)).c_str(), bytes / 1e6,
                1.0 / tg, bytes / tg / 1e9, 512.0 / pp);
}

// Attention of one layer: a 512-token prompt, then single-token decode at several context
// lengths (F16 cache). Heads as SmolLM2 (9 q / 3 kv, d 64) and llama-1B (32 / 8, d 64).
void bench_attention(ThreadPool& pool, int runs) {
    struct Cfg {
        const char* name;
        int heads, kv_heads, d;
    };
    for (const Cfg& c : {Cfg{"smollm2", 9, 3, 64}, Cfg{"llama1b", 32, 8, 64}}) {
        const int cap = 8192;
        KvLayer kv{TensorType::F16, nullptr, nullptr, c.kv_heads, c.d, cap};
        std::vector<uint8_t> km(kv_layer_bytes(kv.type, c.kv_heads, c.d, cap), 0x11), vm(km.size(), 0x22);
        kv.k = km.data();
        kv.v = vm.data();
        std::vector<float> q(size_t(512) * c.heads * c.d, 0.01f), out(q.size());
        AttentionParams p;
        p.n_heads = c.heads;
        p.scale = 0.125f;
        auto timeit = [&](int n_q, int pos0) {
            double best = 1e9;
            for (int r = 0; r < runs; ++r) {
                const auto t0 = Clock::now();
                attention(p, q.data(), size_t(c.heads) * c.d, n_q, pos0, kv, pos0 + n_q, out.data(), pool);
                best = std::min(best, seconds_since(t0));
            }
            return best;
        };
        std::printf("attention %s: prompt 512: %.2f ms;", c.name, timeit(512, 0) * 1e3);
        for (int ctx : {512, 2048, 8000}) std::printf(" decode @%d: %.1f us;", ctx, timeit(1, ctx - 1) * 1e6);
        std::printf(" prompt 512 after 4096: %.2f ms\n", timeit(512, 4096) * 1e3);
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> types = {"Q4_0", "Q8_0", "Q4_K", "Q6_K", "Q4_1", "Q5_0", "Q5_K", "F16", "BF16", "F32",
                                      "Q5_1", "Q2_K", "Q3_K"};
    int threads = 0;
    bool quick = false;
    std::string model, out_type = "Q8_0";
    bool attention_only = false;
    int mm_batch = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--types" && i + 1 < argc) {
            types.clear();
            std::string s = argv[++i];
            for (size_t p = 0; p <= s.size();) {
                const size_t q = std::min(s.find(',', p), s.size());
                types.push_back(s.substr(p, q - p));
                p = q + 1;
            }
        } else if (a == "--threads" && i + 1 < argc) {
            threads = std::atoi(argv[++i]);
        } else if (a == "--variant" && i + 1 < argc) {
            const std::string v = argv[++i];
            set_kernel_variant(v == "scalar" ? KernelVariant::Scalar : v == "avx2" ? KernelVariant::Avx2 : KernelVariant::Avx512);
        } else if (a == "--model" && i + 1 < argc) {
            model = argv[++i];
        } else if (a == "--output-type" && i + 1 < argc) {
            out_type = argv[++i];
        } else if (a == "--batch" && i + 1 < argc) {
            mm_batch = std::atoi(argv[++i]);
        } else if (a == "--attention") {
            attention_only = true;
        } else if (a == "--no-packed") {
            set_matmul_packed(false);
        } else if (a == "--no-blas") {
            set_matmul_blas(false);
        } else if (a == "--quick") {
            quick = true;
        } else {
            std::fprintf(stderr, "usage: kernels_bench [--types A,B] [--variant scalar|avx2|avx512] [--threads N] [--no-blas] [--no-packed] [--attention] [--batch M] [--quick]\n"
                         "       kernels_bench --model smollm2|llama1b --types Q4_0 [--output-type Q8_0]\n");
            return 2;
        }
    }
    ThreadPool pool(threads);
    const int runs = quick ? 3 : 7;
    std::printf("variant %s, %d threads\n", std::string(variant_name(kernel_variant())).c_str(), pool.size());
    const double bw = measure_bandwidth(pool, runs);
    std::printf("read bandwidth (best of %d, 1 GiB): %.1f GB/s\n\n", runs, bw);

    if (attention_only) {
        bench_attention(pool, runs);
        return 0;
    }
    auto type_of = [](const std::string& name) {
        for (uint32_t i = 0; i < uint32_t(TensorType::COUNT); ++i)
            if (type_traits(i).name == name) return TensorType(i);
        return TensorType::COUNT;
    };
    if (!model.empty()) {
        for (const auto& name : types) bench_model(model, type_of(name), type_of(out_type), pool, runs);
        return 0;
    }
    std::mt19937 rng(42);
    std::printf("%-5s | %9s %7s %8s %8s | %10s %9s\n", "type", "mv GB/s", "% bw", "mv us", "hot us", "mm GFLOP/s", "mm tok/s");
    for (const std::string& name : types) {
        TensorType t = TensorType::COUNT;
        for (uint32_t i = 0; i < uint32_t(TensorType::COUNT); ++i)
            if (type_traits(i).name == name) t = TensorType(i);
        if (t == TensorType::COUNT || !matmul_supports(t)) {
            std::printf("%-5s | unsupported\n", name.c_str());
            continue;
        }
        // Matrix-vector: matrices of 2048 x 2048 (a typical projection), cycled over ~256 MB.
        const int64_t K = 2048, N = 2048;
        const size_t mbytes = row_size(t, K) * size_t(N);
        const int n_mats = int(std::max<size_t>(1, (size_t(256) << 20) / mbytes));
        std::vector<uint8_t> w = make_weights(t, K, N * n_mats, rng);
        std::vector<float> x(size_t(K) * 512), y(size_t(N) * 512);
        std::normal_distribution<float> g(0.0f, 1.0f);
        for (auto& v : x) v = g(rng);
        double best_mv = 1e9;
        for (int r = 0; r < runs + 1; ++r) {
            const auto t0 = Clock::now();
            for (int m = 0; m < n_mats; ++m)
                matmul(WeightView{t, K, N, w.data() + size_t(m) * mbytes, 0}, x.data(), 1, y.data(), pool);
            if (r > 0) best_mv = std::min(best_mv, seconds_since(t0) / n_mats);
        }
        const double gbs = double(mbytes) / best_mv / 1e9;
        // The same matrix again and again (it stays in L2/L3): the compute ceiling of the kernel.
        double best_hot = 1e9;
        for (int r = 0; r < 50; ++r) {
            const auto t0 = Clock::now();
            matmul(WeightView{t, K, N, w.data(), 0}, x.data(), 1, y.data(), pool);
            if (r > 0) best_hot = std::min(best_hot, seconds_since(t0));
        }
        // Matrix-matrix: one 2048 x 2048 matrix, 512 tokens.
        const int M = mm_batch > 0 ? std::min(mm_batch, 512) : quick ? 128 : 512;
        double best_mm = 1e9;
        for (int r = 0; r < (quick ? 2 : 4); ++r) {
            const auto t0 = Clock::now();
            matmul(WeightView{t, K, N, w.data(), 0}, x.data(), M, y.data(), pool);
            if (r > 0) best_mm = std::min(best_mm, seconds_since(t0));
        }
        std::printf("%-5s | %9.2f %6.1f%% %8.1f %8.1f | %10.1f %9.0f\n", name.c_str(), gbs, 100.0 * gbs / bw, best_mv * 1e6, best_hot * 1e6,
                    2.0 * M * double(N) * K / best_mm / 1e9, M / best_mm);
        std::fflush(stdout);
    }
    return 0;
}
