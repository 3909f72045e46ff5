#include "engine/api/engine.h"


#include <filesystem>

#include "engine/grammar/grammar_vocab.h"

namespace perimeter::engine {

std::shared_ptr<const GrammarVocab> LoadedModel::grammar_vocab() const {
    std::lock_guard<std::mutex> lock(grammar_mutex_);
    if (!grammar_vocab_) {
        const Vocab& v = tokenizer_->vocab();
        std::vector<std::string> pieces(size_t(v.size()));
        std::vector<bool> special(size_t(v.size()), false);
        for (TokenId id = 0; id < v.size(); ++id) {
            special[size_t(id)] = v.is_control(id) || v.is_unknown(id) || v.is_unused(id);
            pieces[size_t(id)] = special[size_t(id)] ? std::string() : tokenizer_->token_to_piece(id, false);
        }
        std::vector<int32_t> eog(v.eog_ids().begin(), v.eog_ids().end());
        grammar_vocab_ = std::make_shared<GrammarVocab>(std::move(pieces), std::move(eog), std::move(special));
    }
    return grammar_vocab_;
}

std::shared_ptr<const LoadedModel> Engine::load(const std::string& path) const {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw EngineError(ErrorCode::ModelNotFound, "load: " + path + ": no such file", {{"path", path}});
    auto m = std::make_shared<LoadedModel>();
    m->path_ = path;
    try {
        m->model_ = load_model(path);
        m->tokenizer_ = std::make_unique<Tokenizer>(Tokenizer::from_gguf(*m->model_->file));
    } catch (const std::exception& e) {
        throw EngineError(ErrorCode::ModelInvalid, e.what(), {{"path", path}, {"detail", e.what()}});
    }
    if (m->tokenizer_->vocab().size() < m->model_->hparams.n_vocab && m->model_->hparams.causal)
        throw EngineError(ErrorCode::ModelInvalid,
                          path + ": load: vocabulary has " + std::to_string(m->tokenizer_->vocab().size()) +
                              " tokens, the model " + std::to_string(m->model_->hparams.n_vocab),
                          {{"path", path}, {"detail", "vocabulary size"}});
    // A template that fails to parse is reported when it is used, not at load: the model stays
    // usable for raw prompts and embeddings.
    try {
        if (m->model_->file->get_string("tokenizer.chat_template")) {
            m->template_ = std::make_unique<ChatTemplate>(ChatTemplate::from_gguf(*m->model_->file));
            m->template_source_ = "file";
        }
    } catch (const std::exception&) {
        m->template_.reset();
    }
    return m;
}

}  // namespace perimeter::engine
