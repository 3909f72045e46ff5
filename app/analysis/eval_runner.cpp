#include "app/analysis/eval_runner.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "app/analysis/analysis_error.h"
#include "app/analysis/ask_pipeline.h"
#include "app/analysis/evidence_check.h"
#include "app/analysis/workspace.h"
#include "docs-ingest/db/statement.h"
#include "docs-ingest/db/transaction.h"
#include "docs-ingest/store.h"
#include "engine/chat/json.h"

namespace perimeter::analysis {
namespace json = engine::json;

namespace {

// Items to run: all, the first `limit`, or `sample` spread evenly (deterministic, so that two
// runs over the same set compare the same questions).
std::vector<size_t> pick_items(const EvalSet& set, const EvalOptions& o) {
    std::vector<size_t> pool;
    for (size_t i = 0; i < set.items.size(); ++i)
        if (o.split.empty() || set.items[i].split == o.split) pool.push_back(i);
    const size_t n = pool.size();
    std::vector<size_t> idx;
    if (o.sample > 0 && o.sample < n) {
        for (size_t i = 0; i < o.sample; ++i) idx.push_back(pool[i * n / o.sample]);
    } else {
        idx = pool;
        if (o.limit > 0 && o.limit < n) idx.resize(o.limit);
    }
    return idx;
}

// Page texts by (doc, page), read once per document.
class PageCache {
public:
    explicit PageCache(ingest::Store& s) : store_(s) {}
    const std::string* text(int64_t doc, int page) {
        auto it = docs_.find(doc);
        if (it == docs_.end()) {
            std::map<int, std::string> pages;
            for (auto& p : store_.pages(doc)) pages[p.number] = std::move(p.text);
            it = docs_.emplace(doc, std::move(pages)).first;
        }
        auto p = it->second.find(page);
        return p == it->second.end() ? nullptr : &p->second;
    }

private:
    ingest::Store& store_;
    std::map<int64_t, std::map<int, std::string>> docs_;
};

bool evidence_page_is(const EvidencePage& e, const std::string& file_name, int page) {
    if (e.page != page) return false;
    if (e.doc.find_first_of("*?") != std::string::npos) return glob_match(e.doc, file_name);
    auto stem = [](const std::string& s) {
        std::string l = s;
        for (auto& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (l.size() > 4 && l.compare(l.size() - 4, 4, ".pdf") == 0) l.resize(l.size() - 4);
        return l;
    };
    return stem(e.doc) == stem(file_name);
}

json::Value rate_json(const Rate& r) {
    return json::Object{{"n", static_cast<int64_t>(r.n)}, {"hits", static_cast<int64_t>(r.hits)}, {"rate", r.value()}};
}

double round4(double v) { return std::round(v * 10000.0) / 10000.0; }

json::Value item_json(const ItemResult& it, const EvalOptions& o) {
    json::Object m{{"id", it.id}, {"answerable", it.answerable}};
    if (!it.skipped.empty()) {
        m.set("skipped", it.skipped);
        return m;
    }
    json::Array top;
    for (const auto& [doc, page] : it.retrieved) top.push_back(json::Array{doc, page});
    m.set("retrieved", top);
    if (!it.recall_at.empty()) {
        json::Object rec;
        for (size_t i = 0; i < o.ks.size(); ++i) rec.set("recall@" + std::to_string(o.ks[i]), round4(it.recall_at[i]));
        m.set("recall", rec);
        m.set("first_evidence_rank", it.first_evidence_rank);
    }
    if (it.first_figure_rank) m.set("first_figure_rank", it.first_figure_rank);
    m.set("evidence_check_declined", it.evidence_check_declined);
    if (!it.evidence_missing.empty()) m.set("evidence_missing", it.evidence_missing);
    if (!it.quote.empty()) m.set("quote", it.quote);
    if (!it.quote.empty() && it.answerable && !it.expected.empty()) m.set("quote_correct", judge_answer(it.expected, it.quote).correct);
    if (it.asked) {
        m.set("refused", it.refused);
        m.set("quoted", it.quoted);
        if (!it.refusal_reason.empty()) m.set("refusal_reason", it.refusal_reason);
        if (it.answerable && !it.expected.empty()) {
            m.set("correct", it.judgement.correct);
            m.set("method", it.judgement.method);
            m.set("f1", round4(it.judgement.f1));
            m.set("figures_expected", static_cast<int64_t>(it.judgement.figures_expected));
            m.set("figures_found", static_cast<int64_t>(it.judgement.figures_found));
        }
        m.set("citations", static_cast<int64_t>(it.citations));
        m.set("citations_judged", static_cast<int64_t>(it.citations_judged));
        m.set("citations_correct", static_cast<int64_t>(it.citations_correct));
        m.set("ttft_ms", round4(it.ttft_ms));
        m.set("total_ms", round4(it.total_ms));
        m.set("prompt_tokens", it.prompt_tokens);
        m.set("reused_tokens", it.reused_tokens);
        m.set("generated_tokens", it.generated_tokens);
        m.set("figures", it.figures);
        m.set("figures_unsupported", it.figures_unsupported);
    }
    return m;
}

void store_run(ingest::Store& store, EvalRun& run, const EvalOptions& o) {
    auto& db = store.db();
    ingest::db::Transaction tx(db);
    ingest::db::Statement ins(db, "INSERT INTO eval_runs(set_name, model, prompts, metrics) VALUES (?1, ?2, ?3, ?4)");
    ins.bind(1, run.set_name);
    ins.bind(2, o.model_name.empty() ? std::string("retrieval-only") : o.model_name);
    ins.bind(3, o.prompts);
    ins.bind(4, std::string("{}"));
    ins.run();
    run.run_id = db.last_insert_rowid();
    ingest::db::Statement upd(db, "UPDATE eval_runs SET metrics = ?1 WHERE id = ?2");
    upd.bind(1, metrics_json(run, o));
    upd.bind(2, static_cast<long long>(run.run_id));
    upd.run();
    ingest::db::Statement item(db,
                               "INSERT INTO eval_items(run_id, item, question, expected, answer, metrics) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (const auto& it : run.items) {
        item.reset();
        item.bind(1, static_cast<long long>(run.run_id));
        item.bind(2, static_cast<long long>(it.index + 1));
        item.bind(3, it.question);
        item.bind(4, it.expected);
        item.bind(5, it.answer);
        item.bind(6, json::dump(item_json(it, o)));
        item.run();
    }
    tx.commit();
}

}  // namespace

EvalRun run_eval(Workspace& ws, ingest::Retriever& retriever, const EvalSet& set, const EvalOptions& opts,
                 bool with_model, const EvalProgressFn& progress, const std::atomic<bool>* cancel) {
    EvalRun run;
    run.set_name = set.name;
    EvalMetrics& M = run.metrics;
    const size_t kmax = std::max(*std::max_element(opts.ks.begin(), opts.ks.end()), opts.evidence_hits);
    M.recall_at.assign(opts.ks.size(), 0.0);
    M.hit_at.assign(opts.ks.size(), Rate{});
    M.figure_hit_at.assign(opts.ks.size(), Rate{});
    PageCache pages(ws.store());
    double sum_ttft = 0, sum_total = 0;
    size_t timed = 0;

    const auto picked = pick_items(set, opts);
    M.items = picked.size();
    for (size_t n = 0; n < picked.size(); ++n) {
        if (cancel && cancel->load()) break;
        const EvalItem& item = set.items[picked[n]];
        ItemResult r;
        r.index = picked[n];
        r.id = item.id;
        r.question = item.question;
        r.expected = item.expected;
        r.answerable = item.answerable;

        // The documents the item is about; an item whose documents are not in the store is
        // skipped (a set may cover more filings than were ingested).
        std::vector<int64_t> doc_ids;
        std::string missing_doc;
        for (const auto& name : item.docs) {
            const auto ids = match_documents(ws.store(), name);
            if (ids.empty() && missing_doc.empty()) missing_doc = name;
            doc_ids.insert(doc_ids.end(), ids.begin(), ids.end());
        }
        if (!missing_doc.empty()) {
            r.skipped = "document not in the store: " + missing_doc;
            ++M.skipped;
            if (progress) progress(r, n + 1, picked.size());
            run.items.push_back(std::move(r));
            continue;
        }
        std::sort(doc_ids.begin(), doc_ids.end());
        doc_ids.erase(std::unique(doc_ids.begin(), doc_ids.end()), doc_ids.end());
        ++M.evaluated;

        // 1. Retrieval.
        ingest::SearchQuery q;
        q.text = item.question;
        q.k = kmax;
        if (opts.doc_filter)
            for (int64_t d : doc_ids) q.docs.push_back(std::to_string(d));
        const std::vector<ingest::SearchHit> hits = retriever.search(q);
        for (size_t i = 0; i < hits.size() && i < kmax; ++i) r.retrieved.emplace_back(hits[i].file_name, hits[i].page);

        if (!item.evidence.empty()) {
            // Distinct evidence pages; recall = share of them among the top k pages.
            std::vector<EvidencePage> ev;
            for (const auto& e : item.evidence)
                if (std::none_of(ev.begin(), ev.end(), [&](const EvidencePage& x) { return x.doc == e.doc && x.page == e.page; }))
                    ev.push_back(e);
            std::vector<size_t> found_rank(ev.size(), 0);  // 1-based rank at which each was found
            for (size_t h = 0; h < hits.size(); ++h)
                for (size_t e = 0; e < ev.size(); ++e)
                    if (!found_rank[e] && evidence_page_is(ev[e], hits[h].file_name, hits[h].page)) found_rank[e] = h + 1;
            r.recall_at.assign(opts.ks.size(), 0.0);
            for (size_t e = 0; e < ev.size(); ++e)
                if (found_rank[e] && (!r.first_evidence_rank || static_cast<int>(found_rank[e]) < r.first_evidence_rank))
                    r.first_evidence_rank = static_cast<int>(found_rank[e]);
            for (size_t ki = 0; ki < opts.ks.size(); ++ki) {
                size_t got = 0;
                for (size_t e = 0; e < ev.size(); ++e)
                    if (found_rank[e] && found_rank[e] <= opts.ks[ki]) ++got;
                r.recall_at[ki] = double(got) / double(ev.size());
                M.recall_at[ki] += r.recall_at[ki];
                ++M.hit_at[ki].n;
                if (r.first_evidence_rank && static_cast<size_t>(r.first_evidence_rank) <= opts.ks[ki]) ++M.hit_at[ki].hits;
            }
            ++M.retrieval_judged;
            if (r.first_evidence_rank) M.mrr += 1.0 / r.first_evidence_rank;
        }
        // Whether a top hit states the reference's figure: a second view of retrieval that does
        // not depend on which one page the annotator picked (10-Qs state revenue in the
        // statements and again in the discussion).
        if (item.answerable && !item.expected.empty()) {
            auto figs = key_figures_of(item.expected);
            // Only figures of three or more digits: "47" or "8" occur on any page by chance.
            figs.erase(std::remove_if(figs.begin(), figs.end(),
                                      [](const NumberMention& f) {
                                          return std::count_if(f.text.begin(), f.text.end(), [](char c) { return c >= '0' && c <= '9'; }) < 3;
                                      }),
                       figs.end());
            if (!figs.empty()) {
                for (size_t h = 0; h < hits.size() && !r.first_figure_rank; ++h)
                    for (const auto& f : figs)
                        if (text_states_figure(hits[h].text, f, opts.scoring)) {
                            r.first_figure_rank = static_cast<int>(h + 1);
                            break;
                        }
                for (size_t ki = 0; ki < opts.ks.size(); ++ki) {
                    ++M.figure_hit_at[ki].n;
                    if (r.first_figure_rank && static_cast<size_t>(r.first_figure_rank) <= opts.ks[ki]) ++M.figure_hit_at[ki].hits;
                }
            }
        }

        // 2. What ask decides before generation, with ask's own retriever and scope.
        AskRequest req;
        req.question = item.question;
        if (opts.doc_filter)
            for (int64_t d : doc_ids) req.selection.docs.push_back(std::to_string(d));
        req.use_cache = opts.use_cache;
        const CheckedRetrieval checked = ws.check_and_quote(req);
        const EvidenceVerdict& verdict = checked.verdict;
        r.evidence_check_declined = !verdict.sufficient;
        r.evidence_missing = verdict.reason;
        Rate& check = item.answerable ? M.check_declined_answerable : M.check_declined_unanswerable;
        ++check.n;
        if (r.evidence_check_declined) ++check.hits;
        // The line ask would quote for a draft that is not grounded.
        if (checked.quote) r.quote = checked.quote->text;
        if (verdict.sufficient) {
            if (!item.answerable) {
                ++M.quoted_unanswerable.n;
                if (checked.quote) ++M.quoted_unanswerable.hits;
            } else if (!key_figures_of(item.expected).empty()) {
                ++M.quote_correct.n;
                if (checked.quote && judge_answer(item.expected, checked.quote->text, opts.scoring).correct) ++M.quote_correct.hits;
            }
        }

        // 3. The answer, through the analyst's own `ask`.
        if (with_model) {
            Answer a;
            try {
                a = ws.ask(req, {}, cancel);
            } catch (const AnalysisError& e) {
                if (e.code() == ErrorCode::Cancelled) break;
                // A failed question counts as answered wrongly; the run goes on.
                a.text.clear();
                a.refusal_reason = std::string("error: ") + e.what();
            } catch (const std::exception& e) {
                // An engine failure on one question ("sampling: every candidate is masked") too.
                a.text.clear();
                a.refusal_reason = std::string("error: ") + e.what();
            }
            r.asked = true;
            r.answer = a.text;
            r.refused = a.refused;
            r.quoted = a.quoted;
            r.refusal_reason = a.refusal_reason;
            r.ttft_ms = a.stats.time_to_first_token_ms;
            r.total_ms = a.stats.total_ms;
            r.prompt_tokens = a.stats.prompt_tokens;
            r.reused_tokens = a.stats.reused_tokens;
            r.generated_tokens = a.stats.generated_tokens;
            r.figures = a.figures;
            r.draft = a.draft;
            r.figures_unsupported = a.figures_unsupported;
            if (!a.from_cache && a.stats.generated_tokens > 0) {  // declined before generation: no timing
                sum_ttft += a.stats.time_to_first_token_ms;
                sum_total += a.stats.total_ms;
                ++timed;
            }
            Rate& refusals = item.answerable ? M.refused_answerable : M.refused_unanswerable;
            ++refusals.n;
            if (a.refused) ++refusals.hits;

            if (item.answerable && !item.expected.empty()) {
                r.judgement = a.refused ? Judgement{} : judge_answer(item.expected, a.text, opts.scoring);
                if (a.refused) r.judgement.method = key_figures_of(item.expected).empty() ? "f1" : "figures";
                ++M.correct.n;
                Rate& by = r.judgement.method == "figures" ? M.correct_figures : M.correct_text;
                ++by.n;
                if (r.judgement.correct) {
                    ++M.correct.hits;
                    ++by.hits;
                }
            }
            // Citations: on an evidence page when the set has pages, else on a page that
            // states one of the reference's figures; otherwise not judged.
            const auto figs = item.expected.empty() ? std::vector<NumberMention>{} : key_figures_of(item.expected);
            for (const auto& c : a.citations) {
                ++r.citations;
                bool judged = false, ok = false;
                if (!item.evidence.empty()) {
                    judged = true;
                    ok = std::any_of(item.evidence.begin(), item.evidence.end(),
                                     [&](const EvidencePage& e) { return evidence_page_is(e, c.doc, c.page); });
                } else if (!figs.empty()) {
                    judged = true;
                    if (const std::string* text = pages.text(c.doc_id, c.page))
                        ok = std::any_of(figs.begin(), figs.end(),
                                         [&](const NumberMention& f) { return text_states_figure(*text, f, opts.scoring); });
                }
                if (judged) {
                    ++r.citations_judged;
                    ++M.citation_precision.n;
                    if (ok) {
                        ++r.citations_correct;
                        ++M.citation_precision.hits;
                    }
                }
            }
        }
        if (progress) progress(r, n + 1, picked.size());
        run.items.push_back(std::move(r));
    }
    if (M.retrieval_judged) {
        for (auto& v : M.recall_at) v /= double(M.retrieval_judged);
        M.mrr /= double(M.retrieval_judged);
    }
    if (timed) {
        M.mean_ttft_ms = sum_ttft / double(timed);
        M.mean_total_ms = sum_total / double(timed);
    }
    store_run(ws.store(), run, opts);
    return run;
}

std::string metrics_json(const EvalRun& run, const EvalOptions& o) {
    const EvalMetrics& M = run.metrics;
    json::Object root{{"run_id", run.run_id},
                      {"set", run.set_name},
                      {"model", o.model_name.empty() ? std::string("retrieval-only") : o.model_name},
                      {"prompts", o.prompts},
                      {"retriever", o.retriever_name},
                      {"doc_filter", o.doc_filter},
                      {"items", static_cast<int64_t>(M.items)},
                      {"evaluated", static_cast<int64_t>(M.evaluated)},
                      {"skipped", static_cast<int64_t>(M.skipped)}};
    json::Object retrieval{{"judged", static_cast<int64_t>(M.retrieval_judged)}};
    for (size_t i = 0; i < o.ks.size(); ++i) retrieval.set("recall@" + std::to_string(o.ks[i]), round4(M.recall_at[i]));
    for (size_t i = 0; i < o.ks.size(); ++i) retrieval.set("hit@" + std::to_string(o.ks[i]), round4(M.hit_at[i].value()));
    retrieval.set("mrr", round4(M.mrr));
    if (!M.figure_hit_at.empty() && M.figure_hit_at[0].n) {
        json::Object fig{{"judged", static_cast<int64_t>(M.figure_hit_at[0].n)}};
        for (size_t i = 0; i < o.ks.size(); ++i) fig.set("hit@" + std::to_string(o.ks[i]), round4(M.figure_hit_at[i].value()));
        retrieval.set("figure", fig);
    }
    root.set("retrieval", retrieval);
    root.set("evidence_check", json::Object{{"declined_answerable", rate_json(M.check_declined_answerable)},
                                            {"declined_unanswerable", rate_json(M.check_declined_unanswerable)},
                                            {"quote_correct_answerable", rate_json(M.quote_correct)},
                                            {"quoted_unanswerable", rate_json(M.quoted_unanswerable)}});
    if (!o.model_name.empty()) {
        root.set("answers", json::Object{{"correct", rate_json(M.correct)},
                                         {"correct_by_figures", rate_json(M.correct_figures)},
                                         {"correct_by_text", rate_json(M.correct_text)}});
        root.set("citations", json::Object{{"precision", rate_json(M.citation_precision)}});
        root.set("refusals", json::Object{{"answerable", rate_json(M.refused_answerable)},
                                          {"unanswerable", rate_json(M.refused_unanswerable)}});
        root.set("latency", json::Object{{"mean_ttft_ms", round4(M.mean_ttft_ms)}, {"mean_total_ms", round4(M.mean_total_ms)}});
    }
    root.set("scoring", json::Object{{"relative_tolerance", o.scoring.relative_tolerance},
                                     {"f1_threshold", o.scoring.f1_threshold},
                                     {"figure_share", o.scoring.figure_share}});
    return json::dump(root);
}

}  // namespace perimeter::analysis
