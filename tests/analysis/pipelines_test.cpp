// The analysis pipelines end to end on the real sample filings with a real model
// (SmolLM2-135M-Instruct, our engine): cited answers, refusals, the response cache, resumable
// summaries (engine calls counted), reproducible reports, validated recommendations and the
// named errors.
#include <gtest/gtest.h>

#include "app/analysis/analysis_error.h"
#include "app/analysis/audit_log.h"
#include "app/analysis/engine_adapters.h"
#include "app/analysis/pipeline_context.h"
#include "app/analysis/report_json.h"
#include "app/analysis/report_store.h"
#include "app/analysis/summary_pipeline.h"
#include "app/analysis/workspace.h"
#include "docs-ingest/search.h"
#include "docs-ingest/store.h"
#include "tests/analysis/pipeline_fixture.h"

using namespace perimeter;
using namespace perimeter::analysis;

namespace {

WorkspaceOptions options(int ctx = 2048) {
    WorkspaceOptions o;
    o.model.path = test::smollm2();
    o.model.context = ctx;
    o.model.threads = 2;
    o.prompts_dir = test::source_dir() / "resources" / "prompts";
    return o;
}

class Pipelines : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        ASSERT_TRUE(std::filesystem::exists(test::smollm2())) << "missing model " << test::smollm2();
        db_ = test::ingest_samples("pipelines.db");
    }
    static inline std::filesystem::path db_;
};

// The report's text without ids, versions or dates.
// Chunk and document ids are local to a database; pages and spans are what must agree.
std::string content(Report r) {
    r.id = 0;
    r.version = 1;
    for (auto& s : r.sections)
        for (auto& c : s.claims)
            for (auto& cit : c.citations) cit.chunk_id = cit.doc_id = 0;
    return report_to_json(r);
}

}  // namespace

TEST_F(Pipelines, AskAnswersWithCitationsAndStreams) {
    Workspace ws(db_, options());
    AskRequest req;
    req.question = "What was the revenue of Northwind Components in 2025?";
    req.selection.docs = {"northwind-annual-report-2025.pdf"};
    std::string streamed;
    Answer a = ws.ask(req, [&](std::string_view s) { streamed += s; });
    EXPECT_FALSE(a.refused) << a.text << " (draft: " << a.draft << ")";
    // The stream is the model's text; sentences whose figures the cited pages do not show are
    // dropped from the final answer afterwards (the draft keeps what was streamed).
    EXPECT_EQ(streamed, a.draft.empty() ? a.text : a.draft);
    ASSERT_FALSE(a.citations.empty()) << a.text;
    for (const auto& c : a.citations) {
        EXPECT_EQ(c.doc, "northwind-annual-report-2025.pdf");
        EXPECT_GE(c.page, 1);
        EXPECT_LE(c.page, 4);
        EXPECT_GT(c.chunk_id, 0);
        EXPECT_GT(c.end, c.start);
    }
    // Every sentence carries a citation (the output is constrained to cite).
    for (const auto& claim : a.claims) EXPECT_FALSE(claim.citations.empty()) << "[" << claim.text << "] in: " << a.text;
    EXPECT_GT(a.stats.generated_tokens, 0);

    // The same request again comes from the response cache, identical.
    Answer b = ws.ask(req);
    EXPECT_TRUE(b.from_cache);
    EXPECT_EQ(b.text, a.text);

    // A follow-up in the same thread reuses the cached prefix of the conversation.
    AskRequest follow = req;
    follow.question = "And what was the operating profit of Northwind Components in 2025?";
    follow.thread_id = a.thread_id;
    Answer c = ws.ask(follow);
    EXPECT_EQ(c.thread_id, a.thread_id);
    EXPECT_GT(c.stats.reused_tokens, 0) << "the system prompt should not be evaluated again";
}

TEST_F(Pipelines, AskDeclinesWhenTheEvidenceIsNotThere) {
    Workspace ws(db_, options());
    for (const char* q : {"What was Tesla's revenue in 2021?", "How much did Northwind pay in dividends in 2019?",
                          "Какая выручка у Газпрома за 2020 год?"}) {
        AskRequest req;
        req.question = q;
        Answer a = ws.ask(req);
        EXPECT_TRUE(a.refused) << q << " -> " << a.text;
        EXPECT_TRUE(a.citations.empty());
    }
}

TEST_F(Pipelines, NamedErrors) {
    Workspace ws(db_, options());
    auto code_of = [](auto&& fn) {
        try {
            fn();
        } catch (const AnalysisError& e) {
            return e.code();
        }
        return ErrorCode::NotFound;  // none thrown: the test fails on the comparison
    };
    AskRequest unknown;
    unknown.question = "Revenue?";
    unknown.selection.docs = {"no-such-file.pdf"};
    EXPECT_EQ(code_of([&] { ws.ask(unknown); }), ErrorCode::UnknownDocument);
    Selection empty_collection;
    empty_collection.collection = "nothing-here";
    EXPECT_EQ(code_of([&] { ws.summarize(empty_collection); }), ErrorCode::NoDocuments);
    std::atomic<bool> cancelled{true};
    Selection nw;
    nw.docs = {"northwind-annual-report-2025.pdf"};
    EXPECT_EQ(code_of([&] { ws.summarize(nw, {}, {}, &cancelled); }), ErrorCode::Cancelled);
    Workspace tiny(db_, options(/*ctx=*/96));
    AskRequest q;
    q.question = "What was the revenue of Northwind Components in 2025?";
    EXPECT_EQ(code_of([&] { tiny.ask(q); }), ErrorCode::ContextTooSmall);
    Workspace no_model(db_, [] {
        auto o = options();
        o.model.path.clear();
        return o;
    }());
    EXPECT_EQ(code_of([&] { no_model.ask(q); }), ErrorCode::NoModel);
    auto bad = options();
    bad.model.path = test::source_dir() / "README.md";
    EXPECT_EQ(code_of([&] { Workspace w(db_, bad); }), ErrorCode::ModelLoad);
}

TEST_F(Pipelines, InterruptedSummaryResumesWithoutRedoingParts) {
    Workspace ws(db_, options());
    auto real = make_engine_generator(options().model);
    ingest::Bm25Retriever bm25(ws.store());
    SummarySettings settings;
    settings.part_budget = 300;  // several parts even for the sample report
    settings.map_tokens = 48;
    settings.reduce_tokens = 64;
    Selection nw;
    nw.docs = {"northwind-annual-report-2025.pdf"};

    std::atomic<bool> cancel{false};
    test::CountingGenerator first(*real, &cancel, /*cancel_after=*/2);
    PipelineContext ctx1{ws.store(), ws.prompts(), ws.audit(), ws.reports(), &first, bm25, options(), {}};
    EXPECT_THROW(run_summary(ctx1, nw, settings, {}, {}, &cancel), AnalysisError);
    EXPECT_EQ(first.calls, 2);
    const long long parts_done = ws.store().db().query_int("SELECT count(*) FROM summary_parts");
    EXPECT_EQ(parts_done, 2);

    int total_parts = 0;
    test::CountingGenerator second(*real);
    PipelineContext ctx2{ws.store(), ws.prompts(), ws.audit(), ws.reports(), &second, bm25, options(), {}};
    Report r = run_summary(ctx2, nw, settings, [&](const JobProgress& p) { total_parts = p.total - 1; }, {}, nullptr);
    ASSERT_GT(total_parts, 2);
    // Only the parts not done before (map calls are the ones with map_tokens).
    EXPECT_EQ(second.calls_with_max_tokens(settings.map_tokens), total_parts - 2);
    EXPECT_LE(second.calls, total_parts - 2 + 1);
    EXPECT_FALSE(r.sections.empty());
}

TEST_F(Pipelines, ReportRegeneratesFromProvenanceInAFreshDatabase) {
    Selection nw;
    nw.docs = {"northwind-annual-report-2025.pdf"};
    std::string first_text;
    Provenance prov;
    {
        Workspace ws(db_, options());
        Report r = ws.summarize(nw);
        first_text = content(r);
        prov = ws.reports().provenance(r.id);
    }
    EXPECT_FALSE(prov.model_sha256.empty());
    EXPECT_FALSE(prov.chunk_ids.empty());
    EXPECT_NE(prov.parameters_json.find("\"threads\""), std::string::npos);
    EXPECT_NE(prov.parameters_json.find("\"backend\""), std::string::npos);
    // A fresh database: same documents, same model file, same prompts and parameters, no
    // cached parts.
    const auto fresh = test::ingest_samples("pipelines-fresh.db");
    Workspace ws2(fresh, options());
    Report again = ws2.summarize(nw);
    EXPECT_EQ(ws2.reports().provenance(again.id).model_sha256, prov.model_sha256);
    EXPECT_EQ(ws2.reports().provenance(again.id).prompt_ids, prov.prompt_ids);
    EXPECT_EQ(content(again), first_text);
}

TEST_F(Pipelines, RecommendationsValidateAndCitedFiguresAreOnTheirPages) {
    Workspace ws(db_, options());
    Selection nw;
    nw.docs = {"northwind-annual-report-2025.pdf"};
    Report r = ws.recommend(nw);  // throws InvalidOutput if the JSON failed the schema
    EXPECT_EQ(r.kind, ReportKind::Recommendation);
    EXPECT_FALSE(r.disclaimer.empty());
    bool has_metric = false;
    for (const auto& s : r.sections) {
        if (s.heading != "Key metrics") continue;
        for (const auto& c : s.claims) {
            has_metric = true;
            ASSERT_EQ(c.citations.size(), 1u) << c.text;
            // The value is one of the source's own figures by construction (the name or period the
            // model wrote may carry other numbers, which are checked like any other).
            ASSERT_FALSE(c.figures.empty()) << c.text;
            const auto colon = c.text.find(": ");
            for (const auto& f : c.figures)
                if (f.start == colon + 2) EXPECT_FALSE(f.flagged) << c.text << ": " << f.text << " " << f.reason;
        }
    }
    EXPECT_TRUE(has_metric);
    // Review cycle: edit a figure -> flagged; approve; export.
    Report edited = ws.reports().load(r.id);
    for (auto& s : edited.sections)
        if (s.heading == "Key metrics" && !s.claims.empty()) s.claims[0].text += " and 987,654.3";
    ws.edit_report(r.id, edited, "analyst");
    EXPECT_GT(ws.reports().load(r.id).flagged_figures(), 0);
    ws.set_report_status(r.id, ReportStatus::Approved, "analyst");
    auto files = ws.export_report(r.id, test::out_dir() / "analysis" / "exports", "analyst");
    EXPECT_EQ(files.size(), 2u);
    int audit_actions = 0;
    for (const auto& e : ws.audit().entries())
        if (e.subject.rfind("report " + std::to_string(r.id), 0) == 0) ++audit_actions;
    EXPECT_GE(audit_actions, 4);  // generate, edit, approve, export
}
