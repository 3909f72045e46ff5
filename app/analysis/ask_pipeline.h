// Ask: retrieve from the selected documents, decline when the evidence is not there, else
// generate an answer whose every sentence cites a numbered source, check its figures against
// the cited pages, and keep it in its conversation thread and the response cache.
#pragma once
#include <atomic>

#include "app/analysis/document_profile.h"
#include "app/analysis/evidence_check.h"
#include "app/analysis/evidence_quote.h"
#include "app/analysis/pipeline_context.h"

namespace perimeter::analysis {

class ConversationStore;
class ResponseCache;

struct AskSettings {
    size_t sources = 6;           // retrieved chunks given to the model
    int max_answer_tokens = 256;
    bool force_citations = true;  // constrain the output so that every sentence carries [n]
    // An answer whose lead figure (first sentence stating one) no source shows was made up: it
    // is replaced by the refusal (reason "unsupported_figures") instead of shown with a flag.
    bool decline_unsupported_figures = true;
    // When the evidence check passed but the draft is not grounded (declined for a made-up lead
    // figure, the model declined or cited nothing, or - for a one-figure lookup - none of its lead
    // figures is on the line that states what was asked), answer with that line, quoted verbatim
    // with its citation (evidence_quote.h; the wording is the prompt "ask.quote"); with no such
    // line a declined answer stays declined and a draft stays as it is.
    bool quote_evidence = true;
};

// What ask does before any generation: retrieve, then decide whether the evidence can answer
// at all (evidence_check.h). The evaluation runs this alone to measure refusals without a model.
struct CheckedRetrieval {
    std::vector<ingest::SearchHit> hits;
    EvidenceVerdict verdict;
    std::vector<DocumentProfile> scope;  // the documents in scope
    // The line ask would quote if the model's draft were not grounded (sufficient evidence only).
    std::optional<EvidenceQuote> quote;
};
CheckedRetrieval retrieve_checked(const PipelineContext& ctx, const AskRequest& req, const AskSettings& settings);

Answer run_ask(const PipelineContext& ctx, ConversationStore& conversations, ResponseCache& cache,
               const AskRequest& req, const AskSettings& settings, const TokenFn& on_token,
               const std::atomic<bool>* cancel);

// The text up to its last complete cited sentence (a budget-stopped generation can end mid-sentence).
std::string complete_sentences(const std::string& text);

// The regular expression that forces cited sentences (or the exact refusal sentence).
std::string cited_answer_regex(size_t n_sources, const std::string& refusal);

}  // namespace perimeter::analysis
