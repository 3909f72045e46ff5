#include "app/analysis/engine_adapters.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "app/analysis/analysis_error.h"
#include "docs-ingest/ingest_sha256.h"
#include "engine/api/engine.h"
#include "engine/api/session.h"
#include "kernels/cpu_features.h"

namespace perimeter::analysis {
namespace {

std::shared_ptr<const engine::LoadedModel> load(const std::filesystem::path& path) {
    try {
        return engine::Engine().load(path.string());
    } catch (const std::exception& e) {
        throw AnalysisError(ErrorCode::ModelLoad, {path.string(), e.what()}, path.string() + ": cannot load the model: " + e.what());
    }
}

// Forwards an analysis-level cancel flag to a session while a call runs (the session's own
// flag is what the engine checks between layers and tokens).
class CancelWatch {
public:
    CancelWatch(const std::atomic<bool>* flag, engine::Session& s) : flag_(flag), session_(s) {
        if (!flag_) return;
        thread_ = std::thread([this] {
            std::unique_lock<std::mutex> lock(m_);
            while (!done_) {
                if (flag_->load()) {
                    session_.cancel();
                    return;
                }
                cv_.wait_for(lock, std::chrono::milliseconds(10));
            }
        });
    }
    ~CancelWatch() {
        if (!thread_.joinable()) return;
        {
            std::lock_guard<std::mutex> lock(m_);
            done_ = true;
        }
        cv_.notify_all();
        thread_.join();
    }

private:
    const std::atomic<bool>* flag_;
    engine::Session& session_;
    std::thread thread_;
    std::mutex m_;
    std::condition_variable cv_;
    bool done_ = false;
};

class EngineGenerator : public Generator {
public:
    explicit EngineGenerator(const ModelConfig& c) : config_(c), model_(load(c.path)) {
        if (model_->is_embedding_model())
            throw AnalysisError(ErrorCode::ModelLoad, {c.path.string(), "an embedding model cannot generate text"},
                                c.path.string() + ": an embedding model cannot generate text");
        if (!model_->chat_template())
            throw AnalysisError(ErrorCode::ModelLoad, {c.path.string(), "the file has no chat template"},
                                c.path.string() + ": the file has no chat template (a base model?): questions and reports need an "
                                                  "instruction-tuned model with its template");
        engine::SessionParams sp;
        sp.n_ctx = c.context;
        sp.n_threads = c.threads;
        sp.seed = c.seed;
        session_ = std::make_unique<engine::Session>(model_, sp);
        sha256_ = ingest::sha256_file(c.path);
    }

    GenResult chat(const std::vector<ChatMessage>& messages, const GenParams& p,
                   const std::function<void(std::string_view)>& on_token, const std::atomic<bool>* cancel) override {
        std::vector<engine::ChatMessage> msgs;
        for (const auto& m : messages) msgs.push_back(engine::ChatMessage{m.role, m.content, {}});
        engine::GenerationParams gp;
        gp.sampling.temperature = p.temperature;
        gp.sampling.top_k = p.top_k;
        gp.sampling.top_p = p.top_p;
        gp.sampling.min_p = p.min_p;
        gp.sampling.repeat_penalty = p.repeat_penalty;
        gp.sampling.seed = p.seed;
        gp.sampling.max_tokens = p.max_tokens;
        gp.sampling.stop = p.stop;
        gp.use_session_seed = false;
        gp.json_schema = p.json_schema;
        gp.regex = p.regex;
        GenResult out;
        if (cancel && cancel->load()) {
            out.cancelled = true;
            return out;
        }
        CancelWatch watch(cancel, *session_);
        engine::GenerationResult r;
        try {
            r = session_->chat(msgs, gp, [&](const engine::TokenEvent& e) {
                if (on_token && !e.text.empty()) on_token(e.text);
                return true;
            });
        } catch (const engine::EngineError& e) {
            if (e.code() == engine::ErrorCode::ContextOverflow)
                throw AnalysisError(ErrorCode::ContextTooSmall, {e.param("needed"), e.param("context")}, e.what());
            throw;
        }
        out.text = r.text;
        out.cancelled = r.finish == engine::FinishReason::Cancelled;
        out.prompt_tokens = r.timings.n_prompt;
        out.reused_tokens = r.timings.n_reused;
        out.generated_tokens = r.timings.n_generated;
        out.prompt_tps = r.timings.prompt_tps();
        out.generation_tps = r.timings.gen_tps();
        out.ttft_ms = r.timings.ttft_ms;
        out.total_ms = r.timings.prompt_ms + r.timings.gen_ms;
        return out;
    }

    size_t count_tokens(std::string_view text) override {
        return model_->tokenizer().tokenize(text, /*add_special=*/false, /*parse_special=*/false).size();
    }
    int context_length() const override { return session_->n_ctx(); }
    std::string model_file() const override { return config_.path.filename().string(); }
    std::string model_sha256() const override { return sha256_; }
    std::string backend() const override {
        return std::string("cpu-") + std::string(kernels::variant_name(kernels::kernel_variant()));
    }
    int threads() const override {
        return config_.threads > 0 ? config_.threads : kernels::cpu_features().physical_cores;
    }

private:
    ModelConfig config_;
    std::shared_ptr<const engine::LoadedModel> model_;
    std::unique_ptr<engine::Session> session_;
    std::string sha256_;
};

class EngineEmbedder : public ingest::Embedder {
public:
    EngineEmbedder(const std::filesystem::path& path, int threads) : model_(load(path)) {
        engine::SessionParams sp;
        sp.n_ctx = std::min(512, model_->context_length() > 0 ? model_->context_length() : 512);
        sp.n_threads = threads;
        session_ = std::make_unique<engine::Session>(model_, sp);
        id_ = path.filename().string() + "@" + ingest::sha256_file(path).substr(0, 12);
        // E5-family models embed "query: ..." and "passage: ..." differently.
        const std::string name = path.filename().string();
        e5_ = name.find("e5") != std::string::npos || name.find("E5") != std::string::npos;
        dim_ = static_cast<int>(session_->embed("dimension probe").size());
    }
    std::string model_id() const override { return id_; }
    int dim() const override { return dim_; }
    bool embed(const std::vector<std::string>& texts, bool query, std::vector<float>& out,
               const std::atomic<bool>* cancel) override {
        out.clear();
        out.reserve(texts.size() * dim_);
        const size_t max_tokens = static_cast<size_t>(session_->n_ctx()) - 2;
        for (const auto& t : texts) {
            if (cancel && cancel->load()) return false;
            std::string text = e5_ ? (query ? "query: " : "passage: ") + t : t;
            // Longer texts are cut at the model's window (a chunk is made to fit it).
            auto ids = model_->tokenizer().tokenize(text, false, false);
            if (ids.size() > max_tokens) {
                ids.resize(max_tokens);
                text = model_->tokenizer().detokenize(ids, false);
            }
            const auto v = session_->embed(text);
            out.insert(out.end(), v.begin(), v.end());
        }
        return true;
    }

private:
    std::shared_ptr<const engine::LoadedModel> model_;
    std::unique_ptr<engine::Session> session_;
    std::string id_;
    bool e5_ = false;
    int dim_ = 0;
};

}  // namespace

std::unique_ptr<Generator> make_engine_generator(const ModelConfig& config) {
    return std::make_unique<EngineGenerator>(config);
}

std::unique_ptr<ingest::Embedder> make_engine_embedder(const std::filesystem::path& gguf, int threads) {
    return std::make_unique<EngineEmbedder>(gguf, threads);
}

}  // namespace perimeter::analysis
