// Refusals through the analyst's own `ask`, with real models, on two real filings: questions
// the filings cannot answer (another company, another year, a market they do not break out)
// are declined before any generation; a question they answer goes to the model, and the
// instruction-tuned SmolLM2 answers it with the right figure and a citation of the right page.
// Then the whole refusal sets (70 unanswerable, 54 answerable questions over 8 real filings)
// through what ask decides before generation - no model, a few seconds. The same sets through
// ask with the model (which also declines answers whose figures its cited pages do not show)
// run under the `full` label (eval_full, RefusalSetsThroughAsk).
#include <gtest/gtest.h>

#include <filesystem>

#include "app/analysis/eval_runner.h"
#include "app/analysis/evidence_check.h"
#include "app/analysis/evidence_quote.h"
#include "app/analysis/workspace.h"
#include "docs-ingest/ingest_pipeline.h"
#include "docs-ingest/query_rewriter.h"
#include "docs-ingest/search.h"
#include "docs-ingest/store.h"
#include "tests/common/test_env.h"

using namespace perimeter;
using namespace perimeter::analysis;
namespace fs = std::filesystem;

namespace {

constexpr const char* kUlta = "ULTABEAUTY_2023Q4_EARNINGS.pdf";
constexpr const char* kPep = "PEPSICO_2023Q1_EARNINGS.pdf";

class EvalRefusalTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        db_ = test::out_dir() / "eval" / "refusal.db";
        fs::create_directories(db_.parent_path());
        for (auto s : {"", "-wal", "-shm"}) fs::remove(db_.string() + s);
        const auto dir = test::shared_dir() / "corpus" / "financebench-dev";
        ASSERT_TRUE(fs::exists(dir / kUlta)) << "missing " << dir / kUlta << " (the set-up script provides the corpus)";
        ingest::IngestOptions opts;
        opts.extract.helper_path = (test::bin_dir() / "perimeter-extract").string();
        ingest::IngestPipeline pipeline(db_, opts);
        auto summary = pipeline.run({dir / kUlta, dir / kPep});
        ASSERT_TRUE(summary.ok()) << summary.items[0].error_message;
    }

    static EvalItem item(const char* id, const char* q, const char* doc, bool answerable, const char* expected = "",
                         int page = 0) {
        EvalItem it;
        it.id = id;
        it.question = q;
        if (doc) it.docs.push_back(doc);
        it.answerable = answerable;
        it.expected = expected;
        if (page) it.evidence.push_back({doc, page});
        return it;
    }

    static inline fs::path db_;
};

}  // namespace

TEST_F(EvalRefusalTest, DefaultModelDeclinesWhatTheFilingsLack) {
    ASSERT_TRUE(fs::exists(test::smollm2())) << "missing " << test::smollm2() << " (the set-up script places it)";
    EvalSet set;
    set.name = "refusal-smoke";
    set.items = {
        item("other-company", "What was Tesla's total revenue in the third quarter of 2023?", nullptr, false),
        item("other-year", "What were Ulta Beauty's net sales in fiscal 2015?", kUlta, false),
        item("other-market", "What was PepsiCo's market share in India in the first quarter of 2023?", kPep, false),
        item("answerable", "What were Ulta Beauty's diluted earnings per share in the fourth quarter of fiscal 2022?", kUlta,
             true, "$6.68", 1),
    };
    WorkspaceOptions wo;
    wo.model.path = test::smollm2();
    wo.model.threads = 2;
    Workspace ws(db_, wo);
    ingest::Bm25Retriever bm25(ws.store());
    EvalOptions o;
    o.model_name = test::smollm2().filename().string();
    const EvalRun run = run_eval(ws, bm25, set, o, /*with_model=*/true);
    ASSERT_EQ(run.items.size(), 4u);
    for (size_t i = 0; i < 3; ++i) {
        const ItemResult& r = run.items[i];
        EXPECT_TRUE(r.refused) << r.id << ": " << r.answer;
        // Declined by the evidence check, before any generation, naming what is missing.
        EXPECT_EQ(r.refusal_reason.rfind("missing:", 0), 0u) << r.id << ": " << r.refusal_reason;
        EXPECT_EQ(r.generated_tokens, 0) << r.id;
        EXPECT_EQ(r.answer, "The documents do not contain this information.");
    }
    EXPECT_EQ(run.items[0].refusal_reason, "missing:Tesla");
    EXPECT_EQ(run.items[1].refusal_reason, "missing:2015");
    EXPECT_EQ(run.items[2].refusal_reason, "missing:India");
    // The answerable question passes the check and reaches the model (whatever a 270M base
    // model makes of it: see /work/helpers/eval.md).
    const ItemResult& a = run.items[3];
    EXPECT_FALSE(a.evidence_check_declined);
    EXPECT_EQ(a.refusal_reason.rfind("missing:", 0), std::string::npos);
    EXPECT_GT(a.generated_tokens, 0);
    EXPECT_GT(a.prompt_tokens, 0);
    EXPECT_EQ(run.metrics.refused_unanswerable.n, 3u);
    EXPECT_EQ(run.metrics.refused_unanswerable.hits, 3u);
    EXPECT_EQ(run.metrics.refused_answerable.n, 1u);
}

TEST_F(EvalRefusalTest, InstructModelAnswersWithTheRightFigureAndPage) {
    ASSERT_TRUE(fs::exists(test::smollm2())) << "missing " << test::smollm2() << " (the set-up script places it)";
    EvalSet set;
    set.name = "answer-smoke";
    set.items = {item("ulta-eps", "What were Ulta Beauty's diluted earnings per share in the fourth quarter of fiscal 2022?",
                      kUlta, true, "$6.68", 1)};
    WorkspaceOptions wo;
    wo.model.path = test::smollm2();
    wo.model.threads = 2;
    Workspace ws(db_, wo);
    ingest::Bm25Retriever bm25(ws.store());
    EvalOptions o;
    o.model_name = test::smollm2().filename().string();
    const EvalRun run = run_eval(ws, bm25, set, o, /*with_model=*/true);
    ASSERT_EQ(run.items.size(), 1u);
    const ItemResult& r = run.items[0];
    EXPECT_FALSE(r.refused) << r.answer;
    EXPECT_TRUE(r.judgement.correct) << r.answer;
    EXPECT_EQ(r.judgement.method, "figures");
    ASSERT_GE(r.citations, 1u) << r.answer;
    EXPECT_EQ(r.citations_judged, r.citations);
    EXPECT_GE(r.citations_correct, 1u) << "no citation of page 1, where $6.68 is: " << r.answer;
    EXPECT_EQ(run.metrics.correct.hits, 1u);
}

namespace {

fs::path eval_data() { return test::source_dir() / "tests" / "eval" / "data"; }

EvalRun check_only(Workspace& ws, const char* set_file, const std::string& split) {
    ingest::Bm25Retriever bm25(ws.store());
    EvalOptions o;
    o.split = split;
    return run_eval(ws, bm25, load_eval_set(eval_data() / set_file), o, /*with_model=*/false);
}

}  // namespace

// The acceptance sets, through ask's own retriever and evidence check (no model). The rules
// were tuned on the "dev" half; the "test" half is only measured. Measured 2026-11-22
// (/work/helpers/analysis2.md): unanswerable declined dev 91.4%, test 88.6%; answerable
// declined 0% and 0%. Through ask with SmolLM2, which also declines answers whose lead figure no
// source shows: unanswerable dev 94.3%, test 97.1% (eval_full).
namespace {

// The 8 filings of the refusal sets in a fresh store, once per test run.
fs::path refusal_sets_db() {
    static const fs::path db = [] {
        const auto fb = test::shared_dir() / "corpus" / "financebench-dev";
        const auto sec = test::shared_dir() / "corpus" / "sec-10q" / "docs";
        std::vector<fs::path> files = {fb / "BESTBUY_2024Q2_10Q.pdf", fb / "JOHNSON_JOHNSON_2023_8K_dated-2023-08-30.pdf",
                                       fb / "MGMRESORTS_2022Q4_EARNINGS.pdf", fb / "PEPSICO_2023Q1_EARNINGS.pdf",
                                       fb / "ULTABEAUTY_2023Q4_EARNINGS.pdf", sec / "2023 Q3 AAPL.pdf",
                                       sec / "2023 Q3 NVDA.pdf", sec / "2022 Q3 MSFT.pdf"};
        for (const auto& f : files)
            if (!fs::exists(f)) ADD_FAILURE() << "missing " << f << " (the set-up script provides the corpus)";
        const fs::path p = test::out_dir() / "eval" / "refusal_sets.db";
        fs::create_directories(p.parent_path());
        for (auto s : {"", "-wal", "-shm"}) fs::remove(p.string() + s);
        ingest::IngestOptions opts;
        opts.extract.helper_path = (test::bin_dir() / "perimeter-extract").string();
        ingest::IngestPipeline pipeline(p, opts);
        EXPECT_TRUE(pipeline.run(files).ok());
        return p;
    }();
    return db;
}

}  // namespace

TEST(EvalRefusalSets, DeclinedBeforeGeneration) {
    const fs::path db = refusal_sets_db();
    Workspace ws(db);
    for (const std::string split : {"dev", "test"}) {
        const EvalRun un = check_only(ws, "unanswerable.jsonl", split);
        const EvalRun an = check_only(ws, "answerable.jsonl", split);
        ASSERT_EQ(un.metrics.evaluated, 35u) << split;
        ASSERT_EQ(an.metrics.evaluated, 27u) << split;
        const Rate& u = un.metrics.check_declined_unanswerable;
        const Rate& a = an.metrics.check_declined_answerable;
        std::printf("%s: unanswerable declined %zu/%zu, answerable declined %zu/%zu\n", split.c_str(), u.hits, u.n, a.hits, a.n);
        EXPECT_GE(u.value(), split == "dev" ? 0.9 : 0.85) << split << ": unanswerable questions declined before generation";
        EXPECT_LE(a.value(), 0.1) << split << ": answerable questions declined before generation";
        for (const auto& r : an.items)
            EXPECT_FALSE(r.evidence_check_declined) << r.id << " " << r.question << ": " << r.evidence_missing;
        // What ask quotes when the model's draft is not grounded (evidence_quote.h): measured
        // 2026-11-22 (/work/helpers/analysis3.md), the quote states the reference figure for
        // dev 23/27, test 24/27 answerable questions; none of the unanswerable ones the check
        // lets through (dev 3, test 4) gets a quote.
        const Rate& qa = an.metrics.quote_correct;
        const Rate& qu = un.metrics.quoted_unanswerable;
        std::printf("%s: quote states the answer %zu/%zu, unanswerable quoted %zu/%zu\n", split.c_str(), qa.hits, qa.n, qu.hits,
                    qu.n);
        EXPECT_GE(qa.value(), 0.75) << split << ": the quote ask falls back to states the reference figure";
        EXPECT_LE(qu.hits, 1u) << split << ": unanswerable questions that pass the check get no quote";
    }
    // The query rewriter drops the terms common in the scoped filing, but keeps one that
    // occurs: "many" and "open" alone (the release writes "openings") found nothing.
    {
        ingest::Bm25Retriever bm25(ws.store());
        ingest::RewritingRetriever rewriting(ws.store(), bm25);
        ingest::SearchQuery q;
        q.text = "How many net new stores did Ulta Beauty open in fiscal 2022?";
        q.k = 6;
        q.docs = {"ULTABEAUTY_2023Q4_EARNINGS.pdf"};
        const auto hits = rewriting.search(q);
        EXPECT_FALSE(hits.empty()) << "rewritten: " << ingest::QueryRewriter(ws.store()).rewrite(q).text;
    }
    // Each rule on a question of its kind (the reason names what is missing).
    auto reason = [&](const char* q, const char* doc) {
        AskRequest req;
        req.question = q;
        if (doc) req.selection.docs = {doc};
        return ws.check_question(req).reason;
    };
    EXPECT_EQ(reason("What was Samsung's revenue in the quarter ended July 1, 2023?", "2023 Q3 AAPL.pdf"), "missing:Samsung");
    // Microsoft's 10-Q names the company it was buying; it did not issue it.
    EXPECT_EQ(reason("What was Activision Blizzard's revenue in the three months ended September 30, 2022?", "2022 Q3 MSFT.pdf"),
              "issuer:Activision Blizzard");
    EXPECT_EQ(reason("What was NVIDIA's revenue in fiscal 2019?", "2023 Q3 NVDA.pdf"), "period:2019");
    EXPECT_EQ(reason("What was Apple's customer churn rate in the quarter ended July 1, 2023?", "2023 Q3 AAPL.pdf"),
              "metric:churn");
    EXPECT_EQ(reason("What was Apple's research and development expense in the quarter ended July 1, 2023?", "2023 Q3 AAPL.pdf"), "");
}

// When the evidence check passes but the model's draft is not grounded (SmolLM2 makes up the
// figure), ask does not decline and does not show the made-up figure: it quotes the line of the
// filing that states what was asked, verbatim, with its page (evidence_quote.h). A question the
// filing cannot answer that passes the check keeps its refusal: no line names the metric with a
// figure. Real model, greedy; the two questions are items of the dev half.
TEST(EvalRefusalSets, UngroundedDraftGivesWayToAQuote) {
    ASSERT_TRUE(fs::exists(test::smollm2())) << "missing " << test::smollm2() << " (the set-up script places it)";
    WorkspaceOptions wo;
    wo.model.path = test::smollm2();
    wo.model.threads = 2;
    Workspace ws(refusal_sets_db(), wo);

    AskRequest req;
    req.question = "By how much did Ulta Beauty's comparable sales increase in the fourth quarter of fiscal 2022?";
    req.selection.docs = {"ULTABEAUTY_2023Q4_EARNINGS.pdf"};
    req.use_cache = false;
    const Answer a = ws.ask(req);
    EXPECT_FALSE(a.refused) << a.refusal_reason << ": " << a.text;
    EXPECT_TRUE(a.quoted) << a.text;
    EXPECT_FALSE(a.draft.empty()) << "the model's draft is kept";
    EXPECT_NE(a.text.find("15.6%"), std::string::npos) << a.text;
    EXPECT_EQ(a.draft.find("15.6%"), std::string::npos) << "the draft was not grounded: " << a.draft;
    ASSERT_EQ(a.text.rfind("The document states: \"", 0), 0u) << a.text;
    ASSERT_EQ(a.citations.size(), 1u) << a.text;
    EXPECT_EQ(a.citations[0].doc, "ULTABEAUTY_2023Q4_EARNINGS.pdf");
    EXPECT_EQ(a.citations[0].page, 1);
    EXPECT_EQ(a.figures_unsupported, 0) << a.text;
    // Verbatim: the quoted row is on the cited page (whitespace runs collapsed).
    const size_t open = a.text.find('"'), close = a.text.rfind('"');
    const std::string quoted = a.text.substr(open + 1, close - open - 1);
    std::string page;
    for (const auto& p : ws.store().pages(a.citations[0].doc_id))
        if (p.number == 1)
            for (const auto& u : split_units(p.text)) page += u.text + "\n";
    EXPECT_NE(page.find(quoted), std::string::npos) << quoted;
    const Judgement j = judge_answer("15.6%", a.text);
    EXPECT_TRUE(j.correct) << a.text;

    // Apple's 10-Q names employees, never a headcount with a figure: still declined, after generation.
    req.question = "What was Apple's employee headcount at July 1, 2023?";
    req.selection.docs = {"2023 Q3 AAPL.pdf"};
    const Answer u = ws.ask(req);
    EXPECT_GT(u.stats.generated_tokens, 0) << "the evidence check let it through to the model";
    EXPECT_TRUE(u.refused) << u.text;
    EXPECT_FALSE(u.quoted) << u.text;
    EXPECT_EQ(u.text, "The documents do not contain this information.");
}
