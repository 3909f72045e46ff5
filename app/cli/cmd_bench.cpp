// perimeter-cli bench --model FILE [-t N] [-p N] [-n N] [--json]
// After a warm-up, times prompt processing of p tokens in one batch (default 512) and n
// single-token generation steps (default 128) on an empty cache, as llama-bench's pp/tg tests.
// The tokens are fixed pseudo-random ids (their values do not change the cost).
// The JSON also gives what the bandwidth limit of generation is computed from: the weight bytes
// one generated token reads (every tensor once, the token-embedding table one row, unless it is
// also the LM head) and the KV cache's size. `bench --read-bandwidth` measures the machine's read
// bandwidth instead (a separate run, so that its 1 GiB buffer does not count in a model's RSS).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "app/cli/args.h"
#include "app/cli/command.h"
#include "engine/api/engine.h"
#include "engine/runtime/transformer.h"
#include "kernels/read_bandwidth.h"

namespace perimeter::cli {
namespace {

using namespace perimeter::engine;
using Clock = std::chrono::steady_clock;

// Bytes of weights one generated token reads.
uint64_t weight_bytes_per_token(const Model& m) {
    uint64_t total = 0;
    for (const auto& t : m.file->tensors()) total += t.nbytes;
    if (const GgufTensor* e = m.weights.token_embd; e && !m.weights.tied_output) total -= e->nbytes - e->row_bytes();
    return total;
}

int run_read_bandwidth(int threads, bool json) {
    kernels::ThreadPool pool(threads);
    const auto bw = kernels::measure_read_bandwidth(pool);
    if (json)
        std::printf("{\"read_gbps\":%.3f,\"read_gbps_median\":%.3f,\"threads\":%d,\"buffer_bytes\":%zu,\"passes\":%d}\n",
                    bw.best_gbps, bw.median_gbps, pool.size(), bw.buffer_bytes, bw.passes);
    else
        std::printf("read bandwidth, %d threads, %zu MiB buffer: best %.2f GB/s, median %.2f GB/s of %d passes\n",
                    pool.size(), bw.buffer_bytes >> 20, bw.best_gbps, bw.median_gbps, bw.passes);
    return kOk;
}

int run_bench(const std::vector<std::string>& argv) {
    std::string model_path;
    int threads = 0, n_prompt = 512, n_gen = 128;
    bool json = false, read_bw = false;
    try {
        Args args(argv, {"--json", "--read-bandwidth"}, {"--model", "--threads", "--n-prompt", "--n-gen"},
                  {{"-t", "--threads"}, {"-p", "--n-prompt"}, {"-n", "--n-gen"}});
        read_bw = args.flag("--read-bandwidth");
        if (!read_bw) model_path = args.require("--model");
        threads = args.get_int("--threads", 0);
        n_prompt = args.get_int("--n-prompt", 512);
        n_gen = args.get_int("--n-gen", 128);
        json = args.flag("--json");
        if (n_prompt < 1 || n_gen < 1 || threads < 0) throw UsageError("-p and -n must be >= 1, -t >= 0");
    } catch (const UsageError& e) {
        return usage_error("bench", e.what());
    }
    if (read_bw) {
        try {
            return run_read_bandwidth(threads, json);
        } catch (const std::exception& e) {
            return fail(std::string("bench --read-bandwidth: ") + e.what());
        }
    }
    try {
        Engine engine;
        auto model = engine.load(model_path);
        if (model->is_embedding_model()) return fail("bench: " + model_path + ": an embedding model cannot generate");
        const int n_vocab = int(model->hparams().n_vocab);
        const int n_ctx = n_prompt + n_gen + 16;
        if (n_ctx > model->context_length())
            return fail("bench: -p + -n exceed the model's context " + std::to_string(model->context_length()));
        auto backend = make_cpu_backend(threads);
        Transformer tf(model->model(), *backend, n_prompt);
        KvCache cache(*backend, model->hparams(), n_ctx, 1);
        uint32_t state = 12345;
        auto next_token = [&] {
            state = state * 1664525u + 1013904223u;
            return int32_t((state >> 8) % uint32_t(n_vocab));
        };
        const OutputFn sink = [](int, std::span<const float>) {};
        auto prompt = [&](int n) {
            Batch b;
            for (int i = 0; i < n; ++i) b.add(next_token(), 0, i == n - 1);
            tf.evaluate(b, cache, sink);
        };
        auto generate = [&](int n) {
            for (int i = 0; i < n; ++i) {
                Batch b;
                b.add(next_token(), 0, true);
                tf.evaluate(b, cache, sink);
            }
        };
        // warm-up: touches every weight page and every buffer once
        prompt(std::min(n_prompt, 32));
        generate(2);
        cache.clear(0);

        auto t0 = Clock::now();
        prompt(n_prompt);
        const double pp_s = std::chrono::duration<double>(Clock::now() - t0).count();
        cache.clear(0);
        prompt(1);
        t0 = Clock::now();
        generate(n_gen);
        const double tg_s = std::chrono::duration<double>(Clock::now() - t0).count();

        rusage ru{};
        getrusage(RUSAGE_SELF, &ru);
        const long long rss = (long long)ru.ru_maxrss * 1024;
        const double pp = n_prompt / pp_s, tg = n_gen / tg_s;
        const std::string name = std::filesystem::path(model_path).filename().string();
        if (json) {
            std::printf("{\"pp_tps\":%.3f,\"tg_tps\":%.3f,\"threads\":%d,\"model\":\"%s\",\"peak_rss_bytes\":%lld,"
                        "\"n_prompt\":%d,\"n_gen\":%d,\"backend\":\"%s\",\"file_bytes\":%llu,\"kv_cache_bytes\":%zu,"
                        "\"weight_bytes_per_token\":%llu}\n",
                        pp, tg, backend->n_threads(), json_escape(name).c_str(), rss, n_prompt, n_gen,
                        backend->name().c_str(), (unsigned long long)model->model().file->file_size(), cache.bytes(),
                        (unsigned long long)weight_bytes_per_token(model->model()));
        } else {
            std::printf("model %s, %d threads (%s)\n", name.c_str(), backend->n_threads(), backend->name().c_str());
            std::printf("pp%-5d %10.2f tok/s\n", n_prompt, pp);
            std::printf("tg%-5d %10.2f tok/s\n", n_gen, tg);
            std::printf("peak RSS %.1f MiB (file %.1f MiB, KV cache %.1f MiB)\n", double(rss) / (1024.0 * 1024.0),
                        double(model->model().file->file_size()) / (1024.0 * 1024.0), double(cache.bytes()) / (1024.0 * 1024.0));
            std::printf("weights read per generated token %.1f MiB\n",
                        double(weight_bytes_per_token(model->model())) / (1024.0 * 1024.0));
        }
        return kOk;
    } catch (const std::exception& e) {
        return fail("bench: " + model_path + ": " + e.what());
    }
}

}  // namespace

PERIMETER_COMMAND("bench", "bench --model FILE [-t N] [-p N] [-n N] [--json] | bench --read-bandwidth [-t N] [--json]",
                  "Prompt-processing and generation speed; the machine's read bandwidth.",
                  "After a warm-up: prompt processing of N tokens in one batch (-p, default 512) and N single-token\n"
                  "generation steps (-n, default 128). --json prints\n"
                  "{\"pp_tps\":..,\"tg_tps\":..,\"threads\":..,\"model\":..,\"peak_rss_bytes\":..,\"file_bytes\":..,\n"
                  "\"kv_cache_bytes\":..,\"weight_bytes_per_token\":..}.\n"
                  "--read-bandwidth: streams a 1 GiB buffer on every thread, best and median of 7 passes\n"
                  "(--json: {\"read_gbps\":..,\"read_gbps_median\":..}).\n"
                  "  -t N  compute threads (default: physical cores)",
                  run_bench);

}  // namespace perimeter::cli
