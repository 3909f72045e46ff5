// The engine's typed errors: a code the UI can translate, the parameters of the message (so a
// translation can place them), and an English what() for logs and the CLI.
//   throw EngineError(ErrorCode::ContextOverflow, "evaluate: sequence 0 needs 5000 positions, context is 4096",
//                     {{"needed", "5000"}, {"context", "4096"}});
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace perimeter::engine {

enum class ErrorCode {
    ModelNotFound,      // {path}
    ModelInvalid,       // {path, detail}: not a GGUF, broken, wrong shapes, unsupported type/architecture
    ContextOverflow,    // {needed, context}: the prompt + generation does not fit; nothing is truncated
    Cancelled,          // the caller's cancel flag was set
    InvalidArgument,    // {name, value}: a parameter out of range (threads, ctx, sequence id, ...)
    NotSupported,       // {what}: e.g. chat on an embedding model, embeddings without pooling
    TemplateError,      // {detail}: the chat template failed to render
    GrammarError,       // {detail}: the JSON schema / regex could not be compiled
    TokenizerError,     // {detail}
    Internal,           // {detail}
};
std::string_view error_code_name(ErrorCode c);

class EngineError : public std::runtime_error {
public:
    using Params = std::vector<std::pair<std::string, std::string>>;
    EngineError(ErrorCode code, const std::string& what, Params params = {})
        : std::runtime_error(what), code_(code), params_(std::move(params)) {}
    ErrorCode code() const { return code_; }
    const Params& params() const { return params_; }
    // The value of a parameter, "" when absent.
    std::string param(std::string_view name) const {
        for (const auto& [k, v] : params_)
            if (k == name) return v;
        return {};
    }

private:
    ErrorCode code_;
    Params params_;
};

inline std::string_view error_code_name(ErrorCode c) {
    switch (c) {
        case ErrorCode::ModelNotFound: return "model_not_found";
        case ErrorCode::ModelInvalid: return "model_invalid";
        case ErrorCode::ContextOverflow: return "context_overflow";
        case ErrorCode::Cancelled: return "cancelled";
        case ErrorCode::InvalidArgument: return "invalid_argument";
        case ErrorCode::NotSupported: return "not_supported";
        case ErrorCode::TemplateError: return "template_error";
        case ErrorCode::GrammarError: return "grammar_error";
        case ErrorCode::TokenizerError: return "tokenizer_error";
        case ErrorCode::Internal: return "internal";
    }
    return "unknown";
}

}  // namespace perimeter::engine
