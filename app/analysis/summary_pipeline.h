// Summaries of whole filings, map-reduce within the model's context: the document's chunks
// are grouped into parts that fit; each part is summarised into cited notes (map); the notes
// are combined, in rounds if they do not fit at once (reduce). Every finished part is stored
// at once, so an interrupted summary of the same documents, model and prompts resumes
// without redoing it. Key figures come straight from the statement rows (key_figures.h).
#pragma once
#include <atomic>

#include "app/analysis/pipeline_context.h"

namespace perimeter::analysis {

struct SummarySettings {
    int map_tokens = 160;      // per part
    int reduce_tokens = 320;
    int part_budget = 0;       // source tokens per part; 0: from the context length
};

Report run_summary(const PipelineContext& ctx, const Selection& docs, const SummarySettings& settings,
                   const ProgressFn& progress, const TokenFn& on_token, const std::atomic<bool>* cancel);

}  // namespace perimeter::analysis
