// Ask: retrieve from the selected documents, decline when the evidence is not there, else
// generate an answer whose every sentence cites a numbered source, check its figures against
// the cited pages, and keep it in its conversation thread and the response cache.
#pragma once
#include <atomic>

#include "app/analysis/pipeline_context.h"

namespace perimeter::analysis {

class ConversationStore;
class ResponseCache;

struct AskSettings {
    size_t sources = 6;           // retrieved chunks given to the model
    int max_answer_tokens = 256;
    bool force_citations = true;  // constrain the output so that every sentence carries [n]
};

Answer run_ask(const PipelineContext& ctx, ConversationStore& conversations, ResponseCache& cache,
               const AskRequest& req, const AskSettings& settings, const TokenFn& on_token,
               const std::atomic<bool>* cancel);

// The text up to its last complete cited sentence (a budget-stopped generation can end mid-sentence).
std::string complete_sentences(const std::string& text);

// The regular expression that forces cited sentences (or the exact refusal sentence).
std::string cited_answer_regex(size_t n_sources, const std::string& refusal);

}  // namespace perimeter::analysis
