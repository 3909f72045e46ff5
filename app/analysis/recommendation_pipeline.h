// A draft investment recommendation: evidence (the statement rows of the key figures and the
// passages on outlook and risks) as numbered sources, JSON generated under the schema in
// resources/schemas/investment_recommendation.schema.json through the engine's grammar
// decoding, validated, then rendered as a report with its disclaimer; every key metric cites
// its source and is checked against that page.
#pragma once
#include <atomic>

#include "app/analysis/pipeline_context.h"
#include "engine/chat/json.h"

namespace perimeter::analysis {

struct Source;

struct RecommendationSettings {
    int max_tokens = 1100;  // the schema's bounded strings fit in it
    size_t max_sources = 8;
    float temperature = 0;  // 0: greedy (reproducible)
    uint64_t seed = 0;      // 0: the workspace's seed
};

Report run_recommendation(const PipelineContext& ctx, const Selection& docs, const RecommendationSettings& settings,
                          const ProgressFn& progress, const TokenFn& on_token, const std::atomic<bool>* cancel);

// The schema, specialised to the sources: a key metric is one of N shapes, one per source,
// whose `value` can only be a figure printed in that source - so a cited figure is on its
// cited page by construction (the checker still verifies it).
// `row_labels[i]`: the statement-row label of source i+1 when it is a key-figure row (its metric
// name is then fixed to it), "" for a retrieved passage.
std::string recommendation_schema(const std::filesystem::path& schemas_dir, const std::vector<Source>& sources,
                                  const std::vector<std::string>& row_labels = {});

// Renders a validated recommendation (throws AnalysisError{InvalidOutput} when it is not).
Report render_recommendation(const engine::json::Value& rec, const std::vector<Source>& sources,
                             const std::string& language, const std::string& title, const std::string& disclaimer);

}  // namespace perimeter::analysis
