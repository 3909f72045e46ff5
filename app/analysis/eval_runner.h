// Runs a question set against a store: retrieval quality (evidence-page recall@k), what the
// evidence check would decline, and - with a model - answers through the same `ask` the
// analyst uses, judged for correctness, citation precision and refusals. The run and every
// item are stored (eval_runs / eval_items) so that models, prompts and retrievers can be
// compared later.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/analysis/eval_scoring.h"
#include "app/analysis/eval_set.h"
#include "docs-ingest/search.h"

namespace perimeter::analysis {

class Workspace;

struct EvalOptions {
    std::vector<size_t> ks = {1, 3, 5, 10};  // recall@k cut-offs
    size_t evidence_hits = 6;                // hits the evidence check sees (ask's source count)
    bool doc_filter = true;                  // scope retrieval and ask to the documents an item names
    size_t limit = 0;                        // evaluate at most this many items (0: all) ...
    size_t sample = 0;                       // ... or this many spread evenly over the set (0: all)
    std::string split;                       // only items of this split ("dev" / "test"); "": all
    bool use_cache = false;                  // let ask reuse cached answers
    ScoringOptions scoring;
    // Written into the run's record: what was compared.
    std::string retriever_name = "bm25";
    std::string model_name;                  // "" for retrieval-only runs
    std::string prompts;                     // "ask.system@2/en,ask.user@1/en"
};

struct ItemResult {
    size_t index = 0;  // position in the set
    std::string id, question, expected, answer;
    std::string draft;  // the model's answer when ask declined it for unsupported figures
    bool answerable = true;
    std::string skipped;  // why the item was not evaluated ("" when it was)
    // Retrieval.
    std::vector<std::pair<std::string, int>> retrieved;  // (file name, page) of the top hits
    int first_evidence_rank = 0;                         // 1-based; 0: not in the top max(k)
    std::vector<double> recall_at;                       // per EvalOptions::ks; empty: no pages
    int first_figure_rank = 0;                           // 1-based rank of a hit stating a reference figure
    bool evidence_check_declined = false;
    std::string evidence_missing;                        // why the check declined ("period:2019")
    std::string quote;                                   // the line ask would quote ("": none)
    // Answer (with a model).
    bool asked = false, refused = false, quoted = false;  // quoted: ask answered with a quotation
    std::string refusal_reason;
    Judgement judgement;
    size_t citations = 0, citations_judged = 0, citations_correct = 0;
    double ttft_ms = 0, total_ms = 0;
    int prompt_tokens = 0, reused_tokens = 0, generated_tokens = 0;
    int figures = 0, figures_unsupported = 0;  // in the answer (years left out) / not on its cited pages
};

struct Rate {
    size_t n = 0, hits = 0;
    double value() const { return n ? double(hits) / double(n) : 0.0; }
};

struct EvalMetrics {
    size_t items = 0, evaluated = 0, skipped = 0;
    // Retrieval over items with evidence pages.
    size_t retrieval_judged = 0;
    std::vector<double> recall_at;  // mean per-item recall, per EvalOptions::ks
    std::vector<Rate> hit_at;       // an evidence page in the top k, per EvalOptions::ks
    double mrr = 0;
    // Items without pages whose reference states figures: a top-k chunk that states one.
    std::vector<Rate> figure_hit_at;
    // ask's decision before generation (its retriever, the evidence check; no model), by answerability.
    Rate check_declined_answerable, check_declined_unanswerable;
    // Of the items the check passes, what ask would quote for a draft that is not grounded
    // (evidence_quote.h): answerable ones (with figures) whose quote states the reference, and
    // unanswerable ones that get a quote at all (it would answer them).
    Rate quote_correct, quoted_unanswerable;
    // With a model.
    Rate correct;                                   // answerable items answered (not refused) correctly
    Rate correct_figures, correct_text;             // split by the judging method
    Rate citation_precision;                        // judged citations on the right page
    Rate refused_answerable, refused_unanswerable;  // ask's decline rate
    double mean_ttft_ms = 0, mean_total_ms = 0;
};

struct EvalRun {
    int64_t run_id = 0;
    std::string set_name;
    EvalMetrics metrics;
    std::vector<ItemResult> items;
};

using EvalProgressFn = std::function<void(const ItemResult&, size_t done, size_t total)>;

// `retriever` ranks for the retrieval metrics (the one `ask` uses, for a fair picture);
// `ws` answers when `with_model` (its generator must be loaded). Results are stored in the
// workspace's database. Cancelling stops after the current item; what ran is stored.
EvalRun run_eval(Workspace& ws, ingest::Retriever& retriever, const EvalSet& set, const EvalOptions& opts,
                 bool with_model, const EvalProgressFn& progress = {}, const std::atomic<bool>* cancel = nullptr);

// The metrics as JSON (what `eval --json` prints and eval_runs.metrics holds).
std::string metrics_json(const EvalRun& run, const EvalOptions& opts);

}  // namespace perimeter::analysis
