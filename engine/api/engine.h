// The engine's public entry point (no Qt): load a model once, open sessions on it.
//
//   Engine engine;
//   auto model = engine.load("SmolLM2-135M-Instruct.Q4_1.gguf");   // EngineError on any problem
//   Session s(model, {.n_ctx = 4096, .n_threads = 4, .seed = 7});
//   s.chat({{"user", "Summarise the filing."}}, params, [](const TokenEvent& e) { print(e.text); return true; });
//
// Errors are EngineError (engine/runtime/engine_error.h): a code, named parameters and an
// English what(), e.g. ModelNotFound {path}, ModelInvalid {path, detail}, ContextOverflow
// {needed, context}.
#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/chat/chat_template.h"
#include "engine/model/model.h"
#include "engine/model/model_info.h"
#include "engine/runtime/engine_error.h"
#include "engine/tokenizer/tokenizer.h"

namespace perimeter::engine {

class GrammarVocab;

// A model loaded for inference: the mapped weights, the tokenizer, the chat template (when the
// file has one). Immutable after load and shared by every Session on it (thread-safe reads).
class LoadedModel {
public:
    const Model& model() const { return *model_; }
    const HParams& hparams() const { return model_->hparams; }
    const Tokenizer& tokenizer() const { return *tokenizer_; }
    const std::string& path() const { return path_; }
    // nullptr when the file has no tokenizer.chat_template.
    const ChatTemplate* chat_template() const { return template_ ? template_.get() : nullptr; }
    // Where the template came from: "file", or "" (none: chat is refused with a clear error,
    // never a guessed prompt format; raw completion and embeddings still work).
    const std::string& template_source() const { return template_source_; }
    // An encoder (bert): embeddings only, no generation.
    bool is_embedding_model() const { return !model_->hparams.causal; }
    int context_length() const { return int(model_->hparams.n_ctx_train); }
    // The vocabulary as the grammar matcher needs it (built on first use, then shared).
    std::shared_ptr<const GrammarVocab> grammar_vocab() const;

private:
    friend class Engine;
    std::string path_;
    std::unique_ptr<Model> model_;
    std::unique_ptr<Tokenizer> tokenizer_;
    std::unique_ptr<ChatTemplate> template_;
    std::string template_source_;
    mutable std::mutex grammar_mutex_;
    mutable std::shared_ptr<const GrammarVocab> grammar_vocab_;
};

class Engine {
public:
    // Maps and validates a GGUF model (structure, hyper-parameters, every tensor's shape and
    // type, the tokenizer). Throws EngineError: ModelNotFound, ModelInvalid.
    std::shared_ptr<const LoadedModel> load(const std::string& path) const;
};

}  // namespace perimeter::engine
