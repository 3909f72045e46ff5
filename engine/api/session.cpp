#include "engine/api/session.h"

#include <algorithm>

#include "engine/api/chat_prompt.h"
#include "engine/api/token_sampler.h"
#include "engine/tokenizer/detokenizer.h"

namespace perimeter::engine {
namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

}  // namespace

std::string_view finish_reason_name(FinishReason r) {
    switch (r) {
        case FinishReason::Eog: return "eog";
        case FinishReason::StopString: return "stop";
        case FinishReason::MaxTokens: return "length";
        case FinishReason::ContextFull: return "context_full";
        case FinishReason::Cancelled: return "cancelled";
        case FinishReason::GrammarComplete: return "grammar_complete";
    }
    return "?";
}

Session::Session(std::shared_ptr<const LoadedModel> model, SessionParams params)
    : model_(std::move(model)), params_(params), next_seed_(params.seed) {
    if (!model_) throw EngineError(ErrorCode::InvalidArgument, "Session: no model", {{"name", "model"}, {"value", ""}});
    const int trained = std::max(1, model_->context_length());
    if (params.n_ctx < 0 || params.n_threads < 0 || params.n_ubatch <= 0)
        throw EngineError(ErrorCode::InvalidArgument, "Session: n_ctx and n_threads must be >= 0, n_ubatch > 0",
                          {{"name", "n_ctx"}, {"value", std::to_string(params.n_ctx)}});
    n_ctx_ = params.n_ctx == 0 ? trained : std::min(params.n_ctx, trained);
    // An encoder sees a whole text in one pass.
    const int ubatch = model_->hparams().causal ? params.n_ubatch : std::max(params.n_ubatch, n_ctx_);
    backend_ = make_cpu_backend(params.n_threads);
    tf_ = std::make_unique<Transformer>(model_->model(), *backend_, ubatch);
    // An encoder's keys and values stay fp32, as in llama.cpp, which runs encoders without a
    // cache (one text per pass, so the cache is small).
    const kernels::TensorType kv_type = model_->hparams().causal ? params_.kv_type : kernels::TensorType::F32;
    cache_ = std::make_unique<KvCache>(*backend_, model_->hparams(), n_ctx_, 1, kv_type);
    logits_.resize(size_t(std::max<int64_t>(1, model_->hparams().n_vocab)));
}

Session::~Session() = default;

void Session::clear() {
    cache_->clear(0);
    cached_.clear();
}

std::vector<TokenId> Session::tokenize_chat(const std::vector<ChatMessage>& messages, bool add_generation_prompt) const {
    const ChatTemplate* t = model_->chat_template();
    if (!t)
        throw EngineError(ErrorCode::TemplateError, model_->path() + ": the model has no chat template",
                          {{"detail", "no tokenizer.chat_template"}});
    return chat_prompt_tokens(*t, model_->tokenizer(), messages, add_generation_prompt);
}

GenerationResult Session::chat(const std::vector<ChatMessage>& messages, const GenerationParams& params,
                               const TokenCallback& on_token) {
    return generate(tokenize_chat(messages, true), params, on_token);
}

GenerationResult Session::complete(const std::string& prompt, const GenerationParams& params,
                                   const TokenCallback& on_token) {
    return generate(model_->tokenizer().tokenize(prompt, true, false), params, on_token);
}

void Session::feed(const std::vector<TokenId>& tokens, size_t from) {
    Batch batch;
    for (size_t i = from; i < tokens.size(); ++i) batch.add(tokens[i], 0, i + 1 == tokens.size());
    cached_.resize(from);
    cached_.insert(cached_.end(), tokens.begin() + std::ptrdiff_t(from), tokens.end());
    try {
        tf_->evaluate(batch, *cache_, [&](int, std::span<const float> row) {
            std::copy(row.begin(), row.end(), logits_.begin());
        }, OutputKind::Logits, &cancel_);
    } catch (...) {
        cached_.resize(size_t(cache_->seq_len(0)));  // keep what the cache really holds
        throw;
    }
}

GenerationResult Session::generate(const std::vector<TokenId>& prompt, const GenerationParams& params,
                                   const TokenCallback& on_token) {
    const auto t0 = Clock::now();
    cancel_.store(false);
    GenerationResult res;
    Timings& tm = res.timings;
    if (model_->is_embedding_model())
        throw EngineError(ErrorCode::NotSupported, model_->path() + ": an embedding model cannot generate text",
                          {{"what", "generate"}});
    if (const std::string err = params.sampling.validate(); !err.empty())
        throw EngineError(ErrorCode::InvalidArgument, err, {{"name", "sampling"}, {"value", err}});
    if (prompt.empty())
        throw EngineError(ErrorCode::InvalidArgument, "generate: empty prompt", {{"name", "prompt"}, {"value", ""}});
    if (!params.json_schema.empty() && !params.regex.empty())
        throw EngineError(ErrorCode::InvalidArgument, "generate: json_schema and regex are exclusive",
                          {{"name", "regex"}, {"value", params.regex}});
    // Refuse a prompt that leaves no room for a token.
    if (int(prompt.size()) >= n_ctx_)
        throw EngineError(ErrorCode::ContextOverflow,
                          "context overflow: the prompt has " + std::to_string(prompt.size()) +
                              " tokens, the context holds " + std::to_string(n_ctx_) + " (prompt + at least 1 token)",
                          {{"needed", std::to_string(prompt.size() + 1)}, {"context", std::to_string(n_ctx_)}});

    // The sampler chain (grammar first), built before any evaluation so bad constraints fail fast.
    SamplingParams sp = params.sampling;
    if (params.use_session_seed) sp.seed = next_seed_++;
    TokenSampler chain(sp, size_t(model_->hparams().n_vocab), params.json_schema, params.regex,
                       params.json_schema.empty() && params.regex.empty() ? nullptr : model_->grammar_vocab());

    // Prefix reuse: evaluate only what follows the longest common prefix (at least the last
    // prompt token, whose logits we need).
    size_t keep = 0;
    while (keep < cached_.size() && keep < prompt.size() && cached_[keep] == prompt[keep]) ++keep;
    keep = std::min(keep, prompt.size() - 1);
    cache_->truncate(0, int(keep));
    cached_.resize(keep);
    tm.n_prompt = int(prompt.size());
    tm.n_reused = int(keep);
    tm.n_evaluated = int(prompt.size() - keep);
    try {
        feed(prompt, keep);
    } catch (const EngineError& e) {
        if (e.code() != ErrorCode::Cancelled) throw;
        tm.prompt_ms = ms_since(t0);
        res.finish = FinishReason::Cancelled;
        last_ = tm;
        return res;
    }
    tm.prompt_ms = ms_since(t0);

    const Tokenizer& tok = model_->tokenizer();
    const auto& eog_set = tok.vocab().eog_ids();
    GenerationStop stop(sp, std::vector<int32_t>(eog_set.begin(), eog_set.end()));
    Detokenizer detok(tok, false);
    Clock::time_point t_first;
    auto emit = [&](TokenId id, const std::string& text) {
        res.text += text;
        return !on_token || on_token(TokenEvent{id, text});
    };
    for (;;) {
        if (cancel_.load()) {
            res.finish = FinishReason::Cancelled;
            break;
        }
        const TokenId id = chain.sample(logits_);
        chain.accept(id);
        if (++tm.n_generated == 1) {
            t_first = Clock::now();
            tm.ttft_ms = ms_since(t0);
        }
        if (stop.is_eog(id)) {
            const std::string tail = detok.finish();
            const auto step = stop.on_token(id, "");
            emit(id, std::string(step.text) + tail);
            res.finish = FinishReason::Eog;
            break;
        }
        std::string piece = detok.push(id);
        if (sp.max_tokens > 0 && tm.n_generated >= sp.max_tokens) piece += detok.finish();
        const auto step = stop.on_token(id, piece);
        res.tokens.push_back(id);
        if (!emit(id, std::string(step.text))) {
            res.finish = FinishReason::Cancelled;
            break;
        }
        if (step.reason == StopReason::StopString) {
            res.finish = FinishReason::StopString;
            break;
        }
        if (step.reason == StopReason::MaxTokens) {
            res.finish = FinishReason::MaxTokens;
            break;
        }
        if (int(cached_.size()) + 1 > n_ctx_) {
            res.finish = FinishReason::ContextFull;
            break;
        }
        std::vector<TokenId> next = cached_;
        next.push_back(id);
        try {
            feed(next, cached_.size());
        } catch (const EngineError& e) {
            if (e.code() != ErrorCode::Cancelled) throw;
            res.finish = FinishReason::Cancelled;
            break;
        }
    }
    if (tm.n_generated > 0) tm.gen_ms = std::chrono::duration<double, std::milli>(Clock::now() - t_first).count();
    last_ = tm;
    return res;
}

std::vector<float> Session::embed(const std::string& text, Pooling pooling) {
    cancel_.store(false);
    const auto tokens = model_->tokenizer().tokenize(text, true, false);
    if (tokens.empty())
        throw EngineError(ErrorCode::InvalidArgument, "embed: the text has no tokens", {{"name", "text"}, {"value", ""}});
    if (int(tokens.size()) > n_ctx_)
        throw EngineError(ErrorCode::ContextOverflow,
                          "context overflow: the text has " + std::to_string(tokens.size()) +
                              " tokens, the context holds " + std::to_string(n_ctx_),
                          {{"needed", std::to_string(tokens.size())}, {"context", std::to_string(n_ctx_)}});
    cached_.clear();
    return tf_->embed(tokens, *cache_, 0, pooling, true, &cancel_);
}

}  // namespace perimeter::engine
