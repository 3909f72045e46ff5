// 100 recommendations from the default model (SmolLM2-135M-Instruct) at temperature 0.8 with different
// seeds: all validate against the schema (run_recommendation throws otherwise), and every
// figure of a cited claim is either shown on its cited page or flagged - checked here again
// against the page text in the store, so a flag that was skipped or a citation that points at
// the wrong page fails. Label `full` (slow: about 20-40 minutes on 2 cores).
#include <gtest/gtest.h>

#include "app/analysis/analysis_error.h"
#include "app/analysis/engine_adapters.h"
#include "app/analysis/figure_checker.h"
#include "app/analysis/number_mention.h"
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
    int valid = 0, metrics = 0, figures = 0, flagged = 0, shown = 0;
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
                        const auto numbers = find_numbers(c.text);
                        for (size_t k = 0; k < c.figures.size(); ++k) {
                            size_t i = 0;  // the figure's index among the claim's numbers
                            while (i < numbers.size() && numbers[i].start != c.figures[k].start) ++i;
                            ASSERT_LT(i, numbers.size()) << "seed " << seed << ": " << c.figures[k].text << " in " << c.text;
                            bool on_page = false;
                            for (const auto& cit : c.citations) {
                                ASSERT_GE(cit.page, 1) << "seed " << seed;
                                for (const auto& p : ws.store().pages(cit.doc_id))
                                    if (p.number == cit.page) on_page = on_page || FigureChecker::page_shows(p.text, c.text, i);
                            }
                            ++figures;
                            flagged += c.figures[k].flagged ? 1 : 0;
                            shown += on_page ? 1 : 0;
                            EXPECT_NE(on_page, c.figures[k].flagged)
                                << "seed " << seed << ": " << c.figures[k].text << " in '" << c.text << "' is "
                                << (on_page ? "on its cited page but flagged" : "not on its cited page and not flagged");
                        }
                    }
        } catch (const AnalysisError& e) {
            ADD_FAILURE() << "seed " << seed << ": " << e.what();
        }
    }
    std::printf("recommendations: %d valid of 100, %d cited metrics with %d figures: %d on their cited page, %d flagged\n",
                valid, metrics, figures, shown, flagged);
    EXPECT_EQ(valid, 100);
}
