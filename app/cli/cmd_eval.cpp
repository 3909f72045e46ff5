// perimeter-cli eval --db FILE --model FILE --set FILE [--json]
// Runs a question set (FinanceBench-style .jsonl with evidence pages, or the sec-10q .csv)
// against the store and prints retrieval recall@k, answer correctness, citation precision and
// refusal rates; every run is stored in the database (eval_runs, eval_items).
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/analysis/engine_adapters.h"
#include "app/analysis/eval_runner.h"
#include "app/analysis/prompt_library.h"
#include "app/analysis/workspace.h"
#include "app/cli/args.h"
#include "app/cli/command.h"
#include "app/cli/workspace_options.h"
#include "docs-ingest/db/statement.h"
#include "docs-ingest/embedding_indexer.h"
#include "docs-ingest/hybrid_retriever.h"
#include "docs-ingest/ingest_sha256.h"
#include "docs-ingest/page_diverse_retriever.h"
#include "docs-ingest/query_rewriter.h"
#include "docs-ingest/search.h"
#include "docs-ingest/store.h"
#include "engine/chat/json.h"

namespace perimeter::cli {
namespace {
namespace fs = std::filesystem;
namespace json = engine::json;

// The vector half of hybrid retrieval on its own, to see what each half contributes.
class VectorOnlyRetriever : public ingest::Retriever {
public:
    VectorOnlyRetriever(ingest::Store& store, ingest::Embedder& e) : hybrid_(store, e) {}
    std::vector<ingest::SearchHit> search(const ingest::SearchQuery& q) override { return hybrid_.vector_search(q); }

private:
    ingest::HybridRetriever hybrid_;
};

std::atomic<bool> g_cancel{false};
extern "C" void on_eval_interrupt(int) {
    g_cancel = true;
    std::signal(SIGINT, SIG_DFL);
}

std::string pct(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f%%", 100.0 * v);
    return b;
}

std::string rate_text(const analysis::Rate& r) {
    if (r.n == 0) return "-";
    return pct(r.value()) + " (" + std::to_string(r.hits) + "/" + std::to_string(r.n) + ")";
}

// Stored runs, newest last: how models, prompts and retrievers compare.
int list_runs(const std::string& db_file, bool as_json) {
    ingest::Store store(db_file);
    ingest::db::Statement st(store.db(), "SELECT id, created_at, set_name, model, prompts, metrics FROM eval_runs ORDER BY id");
    json::Array runs;
    if (!as_json)
        std::cout << "run  created               set                     model                          retriever   "
                     "recall@5  correct   refused(ans/unans)\n";
    while (st.step()) {
        json::Value m;
        try {
            m = json::parse(st.get_text(5));
        } catch (const json::ParseError&) {
            m = json::Object{};
        }
        if (as_json) {
            runs.push_back(json::Object{{"id", static_cast<int64_t>(st.get_int(0))},
                                        {"created_at", st.get_text(1)},
                                        {"set", st.get_text(2)},
                                        {"model", st.get_text(3)},
                                        {"prompts", st.get_text(4)},
                                        {"metrics", m}});
            continue;
        }
        auto num = [&](std::initializer_list<const char*> path) -> std::string {
            const json::Value* v = &m;
            for (const char* k : path) {
                v = v ? v->find(k) : nullptr;
                if (!v) return "-";
            }
            return v->is_number() ? pct(v->as_number()) : "-";
        };
        const json::Value* ret = m.find("retriever");
        char line[512];
        std::snprintf(line, sizeof line, "%-4lld %-21s %-23.23s %-30.30s %-11.11s %-9s %-9s %s/%s\n", st.get_int(0),
                      st.get_text(1).c_str(), st.get_text(2).c_str(), st.get_text(3).c_str(),
                      ret && ret->is_string() ? ret->as_string().c_str() : "-", num({"retrieval", "recall@5"}).c_str(),
                      num({"answers", "correct", "rate"}).c_str(), num({"refusals", "answerable", "rate"}).c_str(),
                      num({"refusals", "unanswerable", "rate"}).c_str());
        std::cout << line;
    }
    if (as_json) std::cout << json::dump(runs) << "\n";
    return kOk;
}

void print_table(const analysis::EvalRun& run, const analysis::EvalOptions& o, bool with_model) {
    const auto& M = run.metrics;
    std::cout << "eval run " << run.run_id << ": " << run.set_name << ", " << M.evaluated << " of " << M.items
              << " questions evaluated (" << M.skipped << " skipped: documents not in the store)\n"
              << "  retriever " << o.retriever_name << (o.doc_filter ? ", scoped to each question's documents" : ", whole store")
              << "\n";
    if (M.retrieval_judged) {
        std::cout << "  evidence-page recall (" << M.retrieval_judged << " questions with pages):";
        for (size_t i = 0; i < o.ks.size(); ++i) std::cout << "  @" << o.ks[i] << " " << pct(M.recall_at[i]);
        char b[32];
        std::snprintf(b, sizeof b, "%.3f", M.mrr);
        std::cout << "  MRR " << b << "\n";
    }
    if (!M.figure_hit_at.empty() && M.figure_hit_at[0].n) {
        std::cout << "  a chunk stating a reference figure (" << M.figure_hit_at[0].n << " questions):";
        for (size_t i = 0; i < o.ks.size(); ++i) std::cout << "  @" << o.ks[i] << " " << pct(M.figure_hit_at[i].value());
        std::cout << "\n";
    }
    std::cout << "  evidence check declines: answerable " << rate_text(M.check_declined_answerable) << ", unanswerable "
              << rate_text(M.check_declined_unanswerable) << "\n";
    if (!with_model) return;
    std::cout << "  answers correct: " << rate_text(M.correct) << "  (figures " << rate_text(M.correct_figures)
              << ", text " << rate_text(M.correct_text) << ")\n"
              << "  citation precision: " << rate_text(M.citation_precision) << "\n"
              << "  ask declined: answerable " << rate_text(M.refused_answerable) << ", unanswerable "
              << rate_text(M.refused_unanswerable) << "\n";
    char b[96];
    std::snprintf(b, sizeof b, "  latency: mean time to first token %.0f ms, mean total %.0f ms\n", M.mean_ttft_ms, M.mean_total_ms);
    std::cout << b;
}

int run_eval_cmd(const std::vector<std::string>& argv) {
    Args a(argv, {"--json", "--retrieval-only", "--no-doc-filter", "--cache", "--items", "--runs", "--quiet", "--rewrite", "--keep-unsupported"},
           {"--db", "--model", "--set", "--retriever", "--embedding-model", "--limit", "--sample", "--split", "--f1", "--tolerance", "--scope-share", "--rewrite-parts", "--per-page", "--bm25-weight", "--rrf-k",
            "-c", "-t"},
           {});
    const std::string db = a.require("--db");
    const bool as_json = a.flag("--json");
    if (a.flag("--runs")) {
        if (!fs::exists(db)) return fail("eval: " + db + ": no such store");
        return list_runs(db, as_json);
    }
    const std::string set_file = a.require("--set");
    const bool retrieval_only = a.flag("--retrieval-only");
    if (!retrieval_only && !a.get("--model")) throw UsageError("--model is required (or --retrieval-only)");
    if (!fs::exists(db)) return fail("eval: " + db + ": no such store (run `ingest` first)");
    const std::string retriever_kind = a.get("--retriever").value_or("");
    if (!retriever_kind.empty() && retriever_kind != "bm25" && retriever_kind != "hybrid" && retriever_kind != "vector")
        throw UsageError("--retriever must be bm25, hybrid or vector, got '" + retriever_kind + "'");
    if (retriever_kind == "vector" && !retrieval_only) throw UsageError("--retriever vector needs --retrieval-only");

    analysis::EvalSet set;
    try {
        set = analysis::load_eval_set(set_file);
    } catch (const std::exception& e) {
        return fail(e.what());
    }

    analysis::WorkspaceOptions wo = workspace_options(a, !retrieval_only);
    if (retriever_kind == "bm25") wo.embedding_model.clear();
    if ((retriever_kind == "hybrid" || retriever_kind == "vector") && wo.embedding_model.empty())
        return fail("eval: --retriever " + retriever_kind + " needs an embedding model (--embedding-model FILE; none found)");
    const fs::path embedding = wo.embedding_model;
    if (retrieval_only) wo.embedding_model.clear();  // the eval's own embedder below is enough

    wo.decline_unsupported_figures = !a.flag("--keep-unsupported");
    analysis::EvalOptions o;
    o.doc_filter = !a.flag("--no-doc-filter");
    o.use_cache = a.flag("--cache");
    const int limit = a.get_int("--limit", 0), sample = a.get_int("--sample", 0);
    if (limit < 0 || sample < 0) throw UsageError("--limit and --sample must be >= 0");
    o.limit = static_cast<size_t>(limit);
    o.sample = static_cast<size_t>(sample);
    o.split = a.get("--split").value_or("");
    if (!o.split.empty() && o.split != "dev" && o.split != "test")
        throw UsageError("--split must be dev or test, got '" + o.split + "'");
    o.scoring.f1_threshold = a.get_double("--f1", o.scoring.f1_threshold);
    o.scoring.relative_tolerance = a.get_double("--tolerance", o.scoring.relative_tolerance);

    analysis::Workspace ws(db, wo);
    std::unique_ptr<ingest::Embedder> embedder;
    std::unique_ptr<ingest::Retriever> retriever;
    if (!embedding.empty()) {
        embedder = analysis::make_engine_embedder(embedding, wo.model.threads);
        ingest::EmbeddingIndexer indexer(ws.store(), *embedder);
        if (const size_t pending = indexer.pending(); pending > 0) {
            if (!a.flag("--quiet")) std::cerr << "eval: embedding " << pending << " chunks with " << embedder->model_id() << "\n";
            indexer.run();
        }
        if (retriever_kind == "vector") {
            retriever = std::make_unique<VectorOnlyRetriever>(ws.store(), *embedder);
            o.retriever_name = "vector:" + embedder->model_id();
        } else {
            ingest::HybridOptions ho;
            ho.bm25_weight = a.get_double("--bm25-weight", ho.bm25_weight);
            ho.rrf_k = a.get_double("--rrf-k", ho.rrf_k);
            retriever = std::make_unique<ingest::HybridRetriever>(ws.store(), *embedder, ho);
            o.retriever_name = "hybrid:" + embedder->model_id();
        }
    } else {
        retriever = std::make_unique<ingest::Bm25Retriever>(ws.store());
        o.retriever_name = "bm25";
    }
    // Experimental: the query rewriter (docs-ingest/query_rewriter.h) in front of the retriever.
    // Retrieval metrics only; `ask` keeps the workspace's own retriever.
    std::unique_ptr<ingest::Retriever> rewriting;
    if (a.flag("--rewrite")) {
        if (!retrieval_only) throw UsageError("--rewrite needs --retrieval-only (ask uses the workspace's retriever)");
        ingest::RewriteOptions ro;
        ro.scope_share = a.get_double("--scope-share", ro.scope_share);
        if (auto parts = a.get("--rewrite-parts")) {  // e.g. "fiscal,synonyms,scope"
            ro.expand_fiscal = parts->find("fiscal") != std::string::npos;
            ro.synonyms = parts->find("synonyms") != std::string::npos;
            ro.drop_scope_terms = parts->find("scope") != std::string::npos;
        }
        rewriting = std::make_unique<ingest::RewritingRetriever>(ws.store(), *retriever, ro);
        o.retriever_name = "rewrite+" + o.retriever_name;
    }
    // Experimental: at most N chunks of one page in the top k (docs-ingest/page_diverse_retriever.h).
    std::unique_ptr<ingest::Retriever> diverse;
    if (const int per_page = a.get_int("--per-page", 0); per_page > 0) {
        if (!retrieval_only) throw UsageError("--per-page needs --retrieval-only (ask uses the workspace's retriever)");
        diverse = std::make_unique<ingest::PageDiverseRetriever>(rewriting ? *rewriting : *retriever, static_cast<size_t>(per_page));
        o.retriever_name = "pages" + std::to_string(per_page) + "+" + o.retriever_name;
    }
    if (!retrieval_only) {
        const fs::path model = wo.model.path;
        o.model_name = model.filename().string() + "@" + ingest::sha256_file(model).substr(0, 12);
        o.prompts = ws.prompts().get("ask.system", "en").ref() + "," + ws.prompts().get("ask.user", "en").ref();
    }

    std::signal(SIGINT, on_eval_interrupt);
    const bool quiet = a.flag("--quiet");
    auto progress = [&](const analysis::ItemResult& r, size_t done, size_t total) {
        if (quiet) return;
        std::ostringstream l;
        l << "[" << done << "/" << total << "] " << r.id << ": ";
        if (!r.skipped.empty()) {
            l << "skipped (" << r.skipped << ")";
        } else {
            if (!r.recall_at.empty()) l << "evidence rank " << (r.first_evidence_rank ? std::to_string(r.first_evidence_rank) : "-") << "; ";
            if (r.first_figure_rank) l << "figure rank " << r.first_figure_rank << "; ";
            if (r.evidence_check_declined) l << "check declines (" << r.evidence_missing << "); ";
            if (r.asked) {
                if (r.refused)
                    l << "declined (" << r.refusal_reason << ")";
                else if (r.answerable && !r.expected.empty())
                    l << (r.judgement.correct ? "correct" : "wrong") << " (" << r.judgement.method << ")";
                else
                    l << "answered";
                l << ", " << r.citations_correct << "/" << r.citations_judged << " citations right";
            }
        }
        std::cerr << l.str() << std::endl;
    };
    analysis::EvalRun run;
    try {
        run = analysis::run_eval(ws, diverse ? *diverse : rewriting ? *rewriting : *retriever, set, o, !retrieval_only, progress, &g_cancel);
    } catch (const ingest::UnknownDocumentError& e) {
        return fail("eval: " + db + ": " + e.what());
    }
    if (as_json) {
        std::string out = analysis::metrics_json(run, o);
        if (a.flag("--items")) {
            json::Value v = json::parse(out);
            json::Array items;
            for (const auto& r : run.items)
                items.push_back(json::Object{{"id", r.id},
                                             {"question", r.question},
                                             {"answer", r.answer},
                                             {"skipped", r.skipped},
                                             {"first_evidence_rank", r.first_evidence_rank},
                                             {"evidence_check_declined", r.evidence_check_declined},
                                             {"check_reason", r.evidence_missing},
                                             {"refused", r.refused},
                                             {"refusal_reason", r.refusal_reason},
                                             {"correct", r.judgement.correct},
                                             {"ttft_ms", r.ttft_ms},
                                             {"total_ms", r.total_ms},
                                             {"prompt_tokens", r.prompt_tokens},
                                             {"reused_tokens", r.reused_tokens},
                                             {"generated_tokens", r.generated_tokens},
                                             {"figures", r.figures},
                                             {"figures_unsupported", r.figures_unsupported},
                                             {"draft", r.draft}});
            v.as_object().set("items", items);
            out = json::dump(v);
        }
        std::cout << out << "\n";
    } else {
        print_table(run, o, !retrieval_only);
    }
    return g_cancel ? kFailure : kOk;
}

}  // namespace

PERIMETER_COMMAND("eval", "eval --db FILE --model FILE --set FILE [--json]",
                  "Run a question set and report retrieval and answer quality.",
                  "The set is a .jsonl (FinanceBench style: question, answer, doc, evidence pages; \"answerable\":\n"
                  "false marks questions the documents cannot answer) or the sec-10q .csv. Questions about\n"
                  "documents that are not in the store are skipped. The run is stored in the database.\n"
                  "  --retrieval-only      no model: recall@k and what ask declines before generation (fast)\n"
                  "  --retriever R         bm25, hybrid, or vector (its vector half alone); default: hybrid when an\n"
                  "                        embedding model is found\n"
                  "  --embedding-model F   the embedding model for hybrid retrieval\n"
                  "  --rewrite             retrieval through the query rewriter (fiscal shorthand, scope-wide terms\n"
                  "                        dropped; --scope-share S, default 0.3); with --retrieval-only;\n"
                  "                        --rewrite-parts fiscal,synonyms,scope picks the steps\n"
                  "  --per-page N          at most N chunks of one page in the top k; with --retrieval-only\n"
                  "  --bm25-weight W, --rrf-k K  hybrid fusion: weight of the BM25 list (1), RRF constant (60)\n"
                  "  --no-doc-filter       search the whole store, not only each question's documents\n"
                  "  --limit N, --sample N the first N questions, or N spread evenly over the set\n"
                  "  --split dev|test      only the items of that half of the set (rules are tuned on dev)\n"
                  "  --f1 T, --tolerance R token-F1 threshold for text answers (0.3); relative tolerance for figures (0.01)\n"
                  "  --cache               let ask reuse cached answers\n"
                  "  --keep-unsupported    ask keeps answers whose figures their cited pages do not show (flagged)\n"
                  "                        instead of declining them: the model alone\n"
                  "  --items               with --json: one entry per question too\n"
                  "  --runs                list the stored runs of this database and exit\n"
                  "  --quiet               no per-question progress on stderr\n"
                  "  -c CTX, -t THREADS    context length and threads",
                  run_eval_cmd);

}  // namespace perimeter::cli
