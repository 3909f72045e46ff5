// A conversation with a model: its own KV cache, thread pool and sampler state.
//
// Streaming: generate()/chat() call `on_token` for every piece of text that is final (whole
// UTF-8 characters, never the start of a stop string); return false from it to stop.
// Cancelling: cancel() from any thread; honoured within one generated token and, during prompt
// processing, between layers (EngineError(Cancelled) is then not thrown: the result says
// Cancelled). Prefix reuse: the cache keeps the previous prompt and reply; the next call
// evaluates only what follows their longest common prefix with the new prompt.
// Context policy: a prompt that does not fit (with at least one token of room) is refused with
// EngineError(ContextOverflow); a generation that fills the context stops with ContextFull.
// Nothing is ever truncated silently.
//
// A Session is used from one thread at a time (cancel() excepted).
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/api/engine.h"
#include "engine/runtime/backend.h"
#include "engine/runtime/kv_cache.h"
#include "engine/runtime/transformer.h"
#include "engine/sampling/generation_stop.h"
#include "engine/sampling/sampling_params.h"

namespace perimeter::engine {

struct SessionParams {
    int n_ctx = 4096;     // context in tokens; 0 = the model's trained length; clamped to it
    int n_threads = 0;    // compute threads; 0 = one per physical core
    uint64_t seed = 42;   // default sampling seed (GenerationParams can override it)
    int n_ubatch = 512;   // tokens per forward pass during prompt processing
    // KV cache storage: F16 (half the memory) or F32 (what llama.cpp with type_k = type_v = F32
    // computes; the logits tests compare in that configuration).
    kernels::TensorType kv_type = kernels::TensorType::F16;
};

struct GenerationParams {
    SamplingParams sampling;  // temperature, top-k/p, min-p, penalties, seed, max_tokens, stop strings
    bool use_session_seed = true;  // seed from SessionParams (advanced per call) instead of sampling.seed
    std::string json_schema;  // constrain the output to JSON matching this schema (exclusive with regex)
    std::string regex;        // constrain the output to this regular expression
};

enum class FinishReason { Eog, StopString, MaxTokens, ContextFull, Cancelled, GrammarComplete };
std::string_view finish_reason_name(FinishReason r);

struct Timings {
    int n_prompt = 0;          // prompt tokens
    int n_reused = 0;          // of which found in the cache (not evaluated)
    int n_evaluated = 0;       // prompt tokens evaluated
    int n_generated = 0;       // tokens sampled
    double prompt_ms = 0;      // prompt processing
    double gen_ms = 0;         // from the first to the last sampled token
    double ttft_ms = 0;        // call start -> first token sampled
    double prompt_tps() const { return prompt_ms > 0 ? n_evaluated * 1000.0 / prompt_ms : 0; }
    double gen_tps() const { return gen_ms > 0 && n_generated > 1 ? (n_generated - 1) * 1000.0 / gen_ms : 0; }
};

struct TokenEvent {
    TokenId token = kNoToken;
    std::string text;  // final text for this step (may be empty)
};
using TokenCallback = std::function<bool(const TokenEvent&)>;

struct GenerationResult {
    std::string text;
    std::vector<TokenId> tokens;  // sampled tokens (EOG excluded)
    FinishReason finish = FinishReason::MaxTokens;
    Timings timings;
};

class Session {
public:
    Session(std::shared_ptr<const LoadedModel> model, SessionParams params = {});
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // The conversation through the model's chat template (with the generation prompt).
    GenerationResult chat(const std::vector<ChatMessage>& messages, const GenerationParams& params,
                          const TokenCallback& on_token = {});
    // Raw text, no template: BOS as the vocabulary says, special tokens NOT parsed.
    GenerationResult complete(const std::string& prompt, const GenerationParams& params,
                              const TokenCallback& on_token = {});
    // The core: generate after these prompt tokens.
    GenerationResult generate(const std::vector<TokenId>& prompt, const GenerationParams& params,
                              const TokenCallback& on_token = {});

    // One L2-normalised vector for `text`: the model's pooling for encoders (bert: mean or CLS
    // per the file), MEAN or LAST (as asked; default LAST) over a decoder's final hidden states.
    // Uses (and clears) the session's cache.
    std::vector<float> embed(const std::string& text, Pooling pooling = Pooling::UNSPECIFIED);

    void cancel() { cancel_.store(true); }
    // Tokens whose K/V the cache holds (the reusable prefix).
    const std::vector<TokenId>& cached_tokens() const { return cached_; }
    void clear();
    int n_ctx() const { return n_ctx_; }
    const LoadedModel& model() const { return *model_; }
    const Timings& last_timings() const { return last_; }
    std::vector<TokenId> tokenize_chat(const std::vector<ChatMessage>& messages, bool add_generation_prompt = true) const;

private:
    // Evaluates tokens after the cached prefix; the last one's logits land in logits_.
    void feed(const std::vector<TokenId>& tokens, size_t from);

    std::shared_ptr<const LoadedModel> model_;
    SessionParams params_;
    int n_ctx_ = 0;
    uint64_t next_seed_ = 0;
    std::unique_ptr<Backend> backend_;
    std::unique_ptr<Transformer> tf_;
    std::unique_ptr<KvCache> cache_;
    std::vector<TokenId> cached_;
    std::vector<float> logits_;
    std::atomic<bool> cancel_{false};
    Timings last_;
};

}  // namespace perimeter::engine
