#include "app/analysis/analysis_error.h"

namespace perimeter::analysis {

const char* to_string(ErrorCode c) {
    switch (c) {
        case ErrorCode::NoDocuments: return "no_documents";
        case ErrorCode::UnknownDocument: return "unknown_document";
        case ErrorCode::NoModel: return "no_model";
        case ErrorCode::ModelLoad: return "model_load";
        case ErrorCode::ContextTooSmall: return "context_too_small";
        case ErrorCode::EmptyRetrieval: return "empty_retrieval";
        case ErrorCode::Cancelled: return "cancelled";
        case ErrorCode::InvalidOutput: return "invalid_output";
        case ErrorCode::Store: return "store";
        case ErrorCode::Export: return "export";
        case ErrorCode::NotFound: return "not_found";
        case ErrorCode::InvalidPrompt: return "invalid_prompt";
    }
    return "unknown";
}

}  // namespace perimeter::analysis
