// The runtime's batching and KV-cache contract on a real model (SmolLM2):
//  - several sequences decoded in one batch give the same tokens as each one alone,
//  - a prompt evaluated in micro-batches gives the same logits as in one batch,
//  - overflowing the context is refused with ContextOverflow before anything is evaluated,
//  - a cancel flag stops the forward pass between layers and leaves the cache consistent.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>

#include "engine/model/model.h"
#include "engine/runtime/backend.h"
#include "engine/runtime/engine_error.h"
#include "engine/runtime/kv_cache.h"
#include "engine/runtime/transformer.h"
#include "tests/common/test_env.h"

namespace perimeter::test {
namespace {
using namespace perimeter::engine;

int32_t argmax(std::span<const float> row) { return int32_t(std::max_element(row.begin(), row.end()) - row.begin()); }

class BatchTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(std::filesystem::exists(smollm2())) << "missing model " << smollm2() << " (scripts/setup.sh)";
        model = load_model(smollm2().string());
        backend = make_cpu_backend(2);
    }
    std::unique_ptr<Model> model;
    std::unique_ptr<Backend> backend;
};

// Prompts as token ids (SmolLM2 vocabulary, no BOS: the vocabulary adds none).
const std::vector<std::vector<int32_t>> kPrompts = {
    {504, 3575, 282, 4649, 314},             // "The capital of France is"
    {19556, 3365, 4109, 314, 253, 1379},     // arbitrary English pieces
    {1780, 314, 260, 1345, 282, 3406, 47},  // another prompt of a different length
};

std::vector<int32_t> greedy_alone(Transformer& tf, KvCache& cache, const std::vector<int32_t>& prompt, int n) {
    cache.clear(0);
    Batch b;
    for (size_t i = 0; i < prompt.size(); ++i) b.add(prompt[i], 0, i + 1 == prompt.size());
    int32_t next = 0;
    tf.evaluate(b, cache, [&](int, std::span<const float> row) { next = argmax(row); });
    std::vector<int32_t> out;
    for (int i = 0; i < n; ++i) {
        out.push_back(next);
        b.clear();
        b.add(next, 0, true);
        tf.evaluate(b, cache, [&](int, std::span<const float> row) { next = argmax(row); });
    }
    return out;
}

TEST_F(BatchTest, SeveralSequencesInOneBatchMatchOneAtATime) {
    Transformer tf(*model, *backend, 64);
    const int n = 12, n_seq = int(kPrompts.size());
    KvCache single(*backend, model->hparams, 64, 1);
    std::vector<std::vector<int32_t>> alone;
    for (const auto& p : kPrompts) alone.push_back(greedy_alone(tf, single, p, n));

    KvCache multi(*backend, model->hparams, 64, n_seq);
    // All prompts in one batch (mixed sequences), then one token per sequence per step.
    Batch b;
    for (int s = 0; s < n_seq; ++s)
        for (size_t i = 0; i < kPrompts[size_t(s)].size(); ++i) b.add(kPrompts[size_t(s)][i], s, i + 1 == kPrompts[size_t(s)].size());
    std::vector<int32_t> next(static_cast<size_t>(n_seq));
    std::vector<int> seq_of;
    for (int i = 0; i < b.size(); ++i) seq_of.push_back(b.seq[size_t(i)]);
    tf.evaluate(b, multi, [&](int i, std::span<const float> row) { next[size_t(seq_of[size_t(i)])] = argmax(row); });
    std::vector<std::vector<int32_t>> together(static_cast<size_t>(n_seq));
    for (int step = 0; step < n; ++step) {
        b.clear();
        for (int s = n_seq - 1; s >= 0; --s) {  // reverse order: batch order must not matter
            together[size_t(s)].push_back(next[size_t(s)]);
            b.add(next[size_t(s)], s, true);
        }
        tf.evaluate(b, multi, [&](int i, std::span<const float> row) { next[size_t(n_seq - 1 - i)] = argmax(row); });
    }
    for (int s = 0; s < n_seq; ++s) {
        EXPECT_EQ(together[size_t(s)], alone[size_t(s)]) << "sequence " << s;
        EXPECT_EQ(multi.seq_len(s), int(kPrompts[size_t(s)].size()) + n);
    }
}

// Micro-batch size changes only the order of work, not the mathematics: on an F32 model with an
// F32 cache the logits agree to float rounding. (Quantized models are not used here: each matmul
// re-quantizes its input to 8 bits, so a last-bit difference from another kernel path - the batch
// path starts at 32 rows - can flip a rounding and grow; llama.cpp itself drifts the same way
// between batched and one-at-a-time evaluation, see tests/runtime/logits_test.cpp.)
TEST_F(BatchTest, MicroBatchesGiveTheSameLogits) {
    const auto path = models_dir() / "test" / "llama3.F32.gguf";
    ASSERT_TRUE(std::filesystem::exists(path)) << "missing test model " << path << " (scripts/setup.sh)";
    auto f32 = load_model(path.string());
    std::vector<int32_t> prompt;
    for (int i = 0; i < 40; ++i) prompt.push_back(kPrompts[size_t(i % 3)][size_t(i % 5)] % int32_t(f32->hparams.n_vocab));
    std::vector<std::vector<float>> rows_a, rows_b;
    for (int ub : {64, 7}) {
        Transformer tf(*f32, *backend, ub);
        KvCache cache(*backend, f32->hparams, 64, 1, kernels::TensorType::F32);
        Batch b;
        for (int32_t t : prompt) b.add(t, 0, true);
        auto& rows = ub == 64 ? rows_a : rows_b;
        tf.evaluate(b, cache, [&](int, std::span<const float> row) { rows.emplace_back(row.begin(), row.end()); });
        EXPECT_EQ(cache.seq_len(0), int(prompt.size()));
    }
    ASSERT_EQ(rows_a.size(), prompt.size());
    ASSERT_EQ(rows_b.size(), prompt.size());
    double max_diff = 0;
    for (size_t i = 0; i < rows_a.size(); ++i) {
        EXPECT_EQ(argmax(rows_a[i]), argmax(rows_b[i])) << "position " << i;
        for (size_t j = 0; j < rows_a[i].size(); ++j) max_diff = std::max(max_diff, double(std::abs(rows_a[i][j] - rows_b[i][j])));
    }
    std::printf("[batch] ubatch 64 vs 7 (F32 model, F32 cache): max logit difference %.6f\n", max_diff);
    EXPECT_LT(max_diff, 1e-3);
}

TEST_F(BatchTest, ContextOverflowIsRefusedBeforeEvaluating) {
    Transformer tf(*model, *backend, 32);
    KvCache cache(*backend, model->hparams, 16, 1);
    Batch b;
    for (int i = 0; i < 10; ++i) b.add(504, 0, false);
    tf.evaluate(b, cache, [](int, std::span<const float>) {});
    EXPECT_EQ(cache.seq_len(0), 10);
    b.clear();
    for (int i = 0; i < 7; ++i) b.add(504, 0, true);
    try {
        tf.evaluate(b, cache, [](int, std::span<const float>) {});
        FAIL() << "expected ContextOverflow";
    } catch (const EngineError& e) {
        EXPECT_EQ(e.code(), ErrorCode::ContextOverflow);
        EXPECT_EQ(e.param("needed"), "17");
        EXPECT_EQ(e.param("context"), "16");
        EXPECT_NE(std::string(e.what()).find("context"), std::string::npos);
    }
    EXPECT_EQ(cache.seq_len(0), 10);  // nothing was written
}

TEST_F(BatchTest, CancelStopsBetweenLayersAndKeepsTheCacheConsistent) {
    Transformer tf(*model, *backend, 8);
    KvCache cache(*backend, model->hparams, 64, 1);
    std::atomic<bool> cancel{true};
    Batch b;
    for (int i = 0; i < 20; ++i) b.add(504, 0, i == 19);
    try {
        tf.evaluate(b, cache, [](int, std::span<const float>) {}, OutputKind::Logits, &cancel);
        FAIL() << "expected Cancelled";
    } catch (const EngineError& e) {
        EXPECT_EQ(e.code(), ErrorCode::Cancelled);
    }
    EXPECT_EQ(cache.seq_len(0), 0);
    cancel = false;
    int outputs = 0;
    tf.evaluate(b, cache, [&](int, std::span<const float>) { ++outputs; }, OutputKind::Logits, &cancel);
    EXPECT_EQ(outputs, 1);
    EXPECT_EQ(cache.seq_len(0), 20);
}

TEST_F(BatchTest, BadTokenIsAnError) {
    Transformer tf(*model, *backend, 8);
    KvCache cache(*backend, model->hparams, 16, 1);
    Batch b;
    b.add(int32_t(model->hparams.n_vocab), 0, true);
    EXPECT_THROW(tf.evaluate(b, cache, [](int, std::span<const float>) {}), EngineError);
    b.clear();
    b.add(1, 3, true);  // sequence 3 does not exist
    EXPECT_THROW(tf.evaluate(b, cache, [](int, std::span<const float>) {}), EngineError);
}

}  // namespace
}  // namespace perimeter::test
