// Reads the reference files written by tests/runtime/gen_reference.py (llama.cpp through
// llama-cpp-python on the same GGUF file) and makes them on demand: a reference is generated
// into the test-out folder the first time a model is tested (and again when the model file or
// the generator changes), by the venv's python.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace perimeter::test {

struct RefPosition {
    float lse = 0;               // log-sum-exp of the full logit row
    std::vector<int32_t> ids;    // top-k token ids, best first
    std::vector<float> logits;   // their logits
};

struct RefPrompt {
    std::vector<int32_t> tokens;
    std::vector<RefPosition> positions;  // logits references, one per token
    std::vector<int32_t> greedy;         // argmax continuation after the prompt
    // llama.cpp against itself (batched vs one token at a time) over the first floor_n positions:
    // summed KL and the number of positions whose argmax agrees (gen_reference.py, "noise floor").
    int floor_n = 0, floor_top1 = 0;
    double floor_kl_sum = 0;
    std::vector<float> embedding;        // embedding references (not normalised)
};

struct Reference {
    std::string version;  // llama-cpp-python version
    int n_vocab = 0, k = 0, kind = 0;
    std::vector<RefPrompt> prompts;
};

Reference read_reference(const std::filesystem::path& file);

// The reference for `model` and prompt set `set` ("default" | "full"), generated when missing or
// stale. Logits references come from llama.cpp without flash attention over a KV cache of type
// `kv` ("f32" | "f16", see gen_reference.py). Throws std::runtime_error naming what is missing
// (the model, the venv, the script).
Reference reference_for(const std::filesystem::path& model, const std::string& set, bool embedding = false,
                        const std::string& kv = "f32");

}  // namespace perimeter::test
