// 100 recommendations from the default model (SmolLM2-135M-Instruct) at temperature 0.8 with different
// seeds: all validate against the schema (run_recommendation throws otherwise), and every
// cited key metric is found on its cited page or flagged. Label `full` (slow).
#include <gtest/gtest.h>

#include "app/analysis/analysis_error.h"
#include "app/analysis/engine_adapters.h"
#include "app/analysis/pipeline_context.h"
#include "app/analysis/recommendation_pipeline.h"
#include "app/analysis/workspace.h"
#include "docs-ingest/search.h"
#include "tests/analysis/pipeline_fixture.h"

using namespace perimeter;
using namespace perimeter::analysis;

TEST(RecommendationsFull, HundredValidate) {
    const auto db = test::ingest_samples("recommendations-full.db");
    WorkspaceOptions o;
    o.model.path = test::smollm2();  // the default model
    o.model.context = 4096;
    o.model.threads = 2;
    o.prompts_dir = test::source_dir() / "resources" / "prompts";
    Workspace ws(db, o);
    auto gen = make_engine_generator(o.model);
    ingest::Bm25Retriever bm25(ws.store());
    PipelineContext ctx{ws.store(), ws.prompts(), ws.audit(), ws.reports(), gen.get(), bm25, o,
                        test::source_dir() / "resources" / "schemas"};
    int valid = 0, metrics = 0, flagged = 0;
    for (int seed = 1; seed <= 100; ++seed) {
        RecommendationSettings rs;
        rs.temperature = 0.8f;
        rs.seed = static_cast<uint64_t>(seed);
        Selection sel;
        sel.docs = {seed % 2 ? "northwind-annual-report-2025.pdf" : "volga-logistics-ras-2025.pdf"};
        try {
            Report r = run_recommendation(ctx, sel, rs, {}, {}, nullptr);
            ++valid;
            for (const auto& s : r.sections)
                for (const auto& c : s.claims)
                    if (!c.citations.empty()) {
                        ++metrics;
                        for (const auto& f : c.figures) flagged += f.flagged ? 1 : 0;
                    }
        } catch (const AnalysisError& e) {
            ADD_FAILURE() << "seed " << seed << ": " << e.what();
        }
    }
    std::printf("recommendations: %d valid of 100, %d cited metrics, %d cited figures not on their page (flagged)\n",
                valid, metrics, flagged);
    EXPECT_EQ(valid, 100);
}
