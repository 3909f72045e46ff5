// perimeter-cli perplexity --model FILE --file TEXT [--ctx N]
// The text is tokenized once (BOS at its start only, as the vocabulary adds it), cut into
// consecutive windows of N tokens (a tail shorter than N is dropped), and each window is
// evaluated from an empty cache; the predictions of its second half (positions N/2 .. N-2
// predicting tokens N/2+1 .. N-1) are scored, so every scored token has at least N/2 tokens of
// context. One line per window with the running value; the last line is "ppl <value>".
// tests/runtime/perplexity_ref.py computes the same number with llama.cpp.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/cli/args.h"
#include "app/cli/command.h"
#include "engine/api/engine.h"
#include "engine/runtime/transformer.h"

namespace perimeter::cli {
namespace {

using namespace perimeter::engine;

int run_perplexity(const std::vector<std::string>& argv) {
    std::string model_path, text_path;
    int n_ctx = 512, n_threads = 0;
    try {
        Args args(argv, {}, {"--model", "--file", "--ctx", "--threads"}, {{"-c", "--ctx"}, {"-t", "--threads"}});
        model_path = args.require("--model");
        text_path = args.require("--file");
        n_ctx = args.get_int("--ctx", 512);
        n_threads = args.get_int("--threads", 0);
        if (n_ctx < 4) throw UsageError("--ctx must be >= 4");
    } catch (const UsageError& e) {
        return usage_error("perplexity", e.what());
    }
    std::ifstream in(text_path, std::ios::binary);
    if (!in) return fail("perplexity: " + text_path + ": cannot read");
    std::ostringstream ss;
    ss << in.rdbuf();
    try {
        Engine engine;
        auto model = engine.load(model_path);
        if (model->is_embedding_model()) return fail("perplexity: " + model_path + ": an embedding model has no LM head");
        if (n_ctx > model->context_length())
            return fail("perplexity: --ctx " + std::to_string(n_ctx) + " exceeds the model's context " +
                        std::to_string(model->context_length()));
        const std::vector<TokenId> tokens = model->tokenizer().tokenize(ss.str(), true, false);
        const int n_windows = int(tokens.size()) / n_ctx;
        if (n_windows == 0)
            return fail("perplexity: " + text_path + ": " + std::to_string(tokens.size()) + " tokens, fewer than --ctx " +
                        std::to_string(n_ctx));
        auto backend = make_cpu_backend(n_threads);
        Transformer tf(model->model(), *backend, std::min(n_ctx, 512));
        KvCache cache(*backend, model->hparams(), n_ctx, 1);
        std::fprintf(stderr, "perplexity: %zu tokens, %d windows of %d\n", tokens.size(), n_windows, n_ctx);
        double nll = 0;
        int64_t count = 0;
        const int first = n_ctx / 2;
        for (int w = 0; w < n_windows; ++w) {
            const size_t start = size_t(w) * size_t(n_ctx);
            cache.clear(0);
            Batch batch;
            for (int i = 0; i < n_ctx; ++i) batch.add(tokens[start + size_t(i)], 0, i >= first && i < n_ctx - 1);
            tf.evaluate(batch, cache, [&](int i, std::span<const float> row) {
                float m = row[0];
                for (float v : row) m = std::max(m, v);
                double s = 0;
                for (float v : row) s += std::exp(double(v) - m);
                nll += m + std::log(s) - row[size_t(tokens[start + size_t(i) + 1])];
                ++count;
            });
            std::printf("[%d] %.4f\n", w + 1, std::exp(nll / double(count)));
            std::fflush(stdout);
        }
        std::printf("ppl %.6f\n", std::exp(nll / double(count)));
        return kOk;
    } catch (const std::exception& e) {
        return fail("perplexity: " + model_path + ": " + e.what());
    }
}

}  // namespace

PERIMETER_COMMAND("perplexity", "perplexity --model FILE --file TEXT [--ctx N]",
                  "Perplexity of a text file; last line: \"ppl <value>\".",
                  "Tokenizes TEXT (BOS at the start only), cuts it into windows of N tokens (default 512),\n"
                  "evaluates each window from an empty cache and scores the second half of each window.\n"
                  "  -t N  compute threads (default: physical cores)",
                  run_perplexity);

}  // namespace perimeter::cli
