// What the pipelines need from a language model, as a small interface: the engine adapter
// (engine_generator.h) implements it over an engine session; tests wrap it to count calls.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace perimeter::analysis {

struct ChatMessage {
    std::string role;     // "system", "user", "assistant"
    std::string content;  // text; tokenized with special tokens off by the engine
};

struct GenParams {
    int max_tokens = 256;
    float temperature = 0.0f;  // 0: greedy (reports are reproducible)
    float top_p = 1.0f, min_p = 0.0f, repeat_penalty = 1.0f;
    int top_k = 0;
    uint64_t seed = 42;
    std::vector<std::string> stop;
    std::string json_schema;  // constrain the output to JSON valid for this schema
    std::string regex;        // or to a regular expression
    std::string to_json() const;
};

struct GenResult {
    std::string text;
    int prompt_tokens = 0, reused_tokens = 0, generated_tokens = 0;
    double prompt_tps = 0, generation_tps = 0, ttft_ms = 0, total_ms = 0;
    bool cancelled = false;
};

class Generator {
public:
    virtual ~Generator() = default;
    virtual GenResult chat(const std::vector<ChatMessage>& messages, const GenParams& params,
                           const std::function<void(std::string_view)>& on_token, const std::atomic<bool>* cancel) = 0;
    virtual size_t count_tokens(std::string_view text) = 0;  // plain text, no special tokens
    virtual int context_length() const = 0;                  // of the session
    virtual std::string model_file() const = 0;
    virtual std::string model_sha256() const = 0;
    virtual std::string backend() const = 0;                 // "cpu-avx512", "cuda", ... for provenance
    virtual int threads() const = 0;
};

}  // namespace perimeter::analysis
