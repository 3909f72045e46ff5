#include "app/analysis/summary_pipeline.h"

#include <algorithm>
#include <map>

#include "app/analysis/analysis_error.h"
#include "app/analysis/answer_parser.h"
#include "app/analysis/ask_pipeline.h"
#include "app/analysis/audit_log.h"
#include "app/analysis/figure_checker.h"
#include "app/analysis/store_page_source.h"
#include "app/analysis/generator.h"
#include "app/analysis/key_figures.h"
#include "app/analysis/prompt_library.h"
#include "app/analysis/report_store.h"
#include "app/analysis/response_cache.h"
#include "app/analysis/sources.h"
#include "docs-ingest/db/statement.h"
#include "docs-ingest/db/transaction.h"
#include "docs-ingest/store.h"
#include "engine/chat/json.h"

namespace perimeter::analysis {
namespace json = engine::json;
namespace db = ingest::db;

namespace {

ingest::SearchHit hit_of(const ingest::ChunkRecord& c, const std::string& file) {
    ingest::SearchHit h;
    h.doc_id = c.doc_id;
    h.file_name = file;
    h.page = c.page;
    h.chunk_id = c.id;
    h.start = c.start;
    h.end = c.end;
    h.text = c.text;
    return h;
}

// A note: one cited sentence from a map step, with the chunk it cites.
struct Note {
    std::string text;
    std::vector<Citation> citations;
};

int64_t job_id_for(ingest::Store& store, const std::string& key, const std::vector<int64_t>& docs) {
    db::Statement find(store.db(), "SELECT id FROM summary_jobs WHERE job_key = ?1");
    find.bind(1, key);
    if (find.step()) return find.get_int(0);
    db::Transaction tx(store.db());
    db::Statement ins(store.db(), "INSERT INTO summary_jobs(job_key) VALUES (?1)");
    ins.bind(1, key);
    ins.run();
    const int64_t id = store.db().last_insert_rowid();
    db::Statement link(store.db(), "INSERT INTO summary_job_docs(job_id, doc_id) VALUES (?1, ?2)");
    for (int64_t d : docs) {
        link.bind(1, id).bind(2, d);
        link.run();
    }
    tx.commit();
    return id;
}

}  // namespace

Report run_summary(const PipelineContext& ctx, const Selection& selection, const SummarySettings& settings,
                   const ProgressFn& progress, const TokenFn& on_token, const std::atomic<bool>* cancel) {
    Generator& gen = require_generator(ctx);
    const auto doc_ids = resolve_selection(ctx.store, selection);

    // Language and chunks of the documents, in reading order.
    std::vector<std::pair<ingest::ChunkRecord, std::string>> chunks;
    std::string sample_text, title;
    std::vector<std::string> shas;
    for (int64_t d : doc_ids) {
        auto doc = ctx.store.document(d);
        shas.push_back(doc->sha256);
        title += (title.empty() ? "" : ", ") + (doc->title.empty() ? doc->file_name : doc->title);
        for (auto& c : ctx.store.chunks(d)) {
            if (sample_text.size() < 4000) sample_text += c.text;
            chunks.emplace_back(std::move(c), doc->file_name);
        }
    }
    if (chunks.empty()) {
        throw AnalysisError(ErrorCode::EmptyRetrieval, {title}, "summary: the selected documents have no text (" + title + ")");
    }
    const std::string lang = ctx.options.language == "auto" ? detect_language(sample_text) : detect_language(sample_text);
    const Prompt map_p = ctx.prompts.get("summary.map", lang);
    const Prompt reduce_p = ctx.prompts.get("summary.reduce", lang);

    GenParams params;
    params.temperature = 0;
    params.seed = ctx.options.model.seed;
    params.repeat_penalty = 1.1f;

    // Parts: consecutive chunks within the budget.
    const int ctx_len = gen.context_length();
    const int overhead = static_cast<int>(gen.count_tokens(map_p.text)) + 64;
    int budget = settings.part_budget > 0 ? settings.part_budget : std::min(1536, ctx_len - overhead - settings.map_tokens - 32);
    if (budget < 128) {
        throw AnalysisError(ErrorCode::ContextTooSmall, {std::to_string(overhead + settings.map_tokens + 128), std::to_string(ctx_len)},
                            "summary: the model's context of " + std::to_string(ctx_len) + " tokens is too small");
    }
    std::vector<std::vector<size_t>> parts;
    int used = 0;
    for (size_t i = 0; i < chunks.size(); ++i) {
        const int t = static_cast<int>(chunks[i].first.token_count) + 16;
        if (parts.empty() || used + t > budget) {
            parts.emplace_back();
            used = 0;
        }
        parts.back().push_back(i);
        used += t;
    }

    // The resumable job.
    std::string docs_key;
    for (const auto& s : shas) docs_key += s + ",";
    GenParams map_params = params;
    map_params.max_tokens = settings.map_tokens;
    const std::string job_key = ResponseCache::key({"summary/v3-cited", docs_key, gen.model_sha256(), map_p.ref(), reduce_p.ref(),
                                                    map_params.to_json(), std::to_string(budget)});
    const int64_t job = job_id_for(ctx.store, job_key, doc_ids);
    std::map<int, std::string> done_parts;
    {
        db::Statement st(ctx.store.db(), "SELECT part, output FROM summary_parts WHERE job_id = ?1");
        st.bind(1, job);
        while (st.step()) done_parts[static_cast<int>(st.get_int(0))] = st.get_text(1);
    }

    // Map.
    std::vector<Note> notes;
    std::vector<int64_t> used_chunks;
    const int total_steps = static_cast<int>(parts.size()) + 1;
    for (size_t p = 0; p < parts.size(); ++p) {
        std::vector<ingest::SearchHit> hits;
        for (size_t i : parts[p]) {
            hits.push_back(hit_of(chunks[i].first, chunks[i].second));
            used_chunks.push_back(chunks[i].first.id);
        }
        const auto sources = number_sources(hits);
        std::string output;
        auto it = done_parts.find(static_cast<int>(p));
        if (it != done_parts.end()) {
            output = it->second;
        } else {
            if (cancel && cancel->load()) throw AnalysisError(ErrorCode::Cancelled, {}, "summary: cancelled; finished parts are kept");
            if (progress) progress({"summarising part", static_cast<int>(p), total_steps});
            std::vector<ChatMessage> msgs = {{"user", fill(map_p.text, {{"sources", render_sources(sources)}})}};
            GenParams part_params = map_params;  // every note cites its excerpt
            part_params.regex = cited_answer_regex(sources.size(), lang == "ru" ? "Ключевых показателей нет." : "No key figures.");
            GenResult r = gen.chat(msgs, part_params, nullptr, cancel);
            if (r.cancelled) throw AnalysisError(ErrorCode::Cancelled, {}, "summary: cancelled; finished parts are kept");
            output = complete_sentences(r.text);
            json::Array ids;
            for (size_t i : parts[p]) ids.push_back(chunks[i].first.id);
            db::Statement ins(ctx.store.db(), "INSERT OR REPLACE INTO summary_parts(job_id, part, chunk_ids, output) VALUES (?1, ?2, ?3, ?4)");
            ins.bind(1, job).bind(2, static_cast<int>(p)).bind(3, json::dump(json::Value(ids))).bind(4, output);
            ins.run();
        }
        for (auto& c : parse_answer(output, sources).claims) {
            if (c.citations.empty() || is_refusal(c.text)) continue;  // uncited notes are not evidence
            notes.push_back({c.text, c.citations});
        }
    }

    // Reduce: notes numbered as sources; rounds until they fit one prompt.
    GenParams reduce_params = params;
    reduce_params.max_tokens = settings.reduce_tokens;
    std::vector<Claim> summary_claims;
    if (!notes.empty()) {
        if (progress) progress({"combining", static_cast<int>(parts.size()), total_steps});
        // Notes as pseudo-hits: the note's text, pointing at its first citation.
        std::vector<ingest::SearchHit> note_hits;
        for (const auto& n : notes) {
            ingest::SearchHit h;
            h.doc_id = n.citations[0].doc_id;
            h.file_name = n.citations[0].doc;
            h.page = n.citations[0].page;
            h.chunk_id = n.citations[0].chunk_id;
            h.start = static_cast<uint32_t>(n.citations[0].start);
            h.end = static_cast<uint32_t>(n.citations[0].end);
            h.text = n.text;
            note_hits.push_back(h);
        }
        const int reduce_budget = ctx_len - static_cast<int>(gen.count_tokens(reduce_p.text)) - settings.reduce_tokens - 96;
        // Keep the notes that fit, in document order, spread over the whole filing.
        std::vector<ingest::SearchHit> kept;
        int t = 0;
        const size_t stride = std::max<size_t>(1, note_hits.size() / 24);
        for (size_t i = 0; i < note_hits.size(); i += stride) {
            const int cost = static_cast<int>(gen.count_tokens(note_hits[i].text)) + 24;
            if (t + cost > reduce_budget) break;
            kept.push_back(note_hits[i]);
            t += cost;
        }
        const auto sources = number_sources(kept);
        std::vector<ChatMessage> msgs = {{"user", fill(reduce_p.text, {{"notes", render_sources(sources)}})}};
        reduce_params.regex = cited_answer_regex(sources.size(), lang == "ru" ? "Ключевых показателей нет." : "No key figures.");
        GenResult r = gen.chat(msgs, reduce_params, on_token ? std::function<void(std::string_view)>(on_token) : nullptr, cancel);
        if (r.cancelled) throw AnalysisError(ErrorCode::Cancelled, {}, "summary: cancelled; finished parts are kept");
        for (auto& c : parse_answer(complete_sentences(r.text), sources).claims)
            if (!c.citations.empty() && !is_refusal(c.text)) summary_claims.push_back(std::move(c));
        // The model combined nothing usable: the notes themselves are the summary.
        if (summary_claims.empty()) {
            for (const auto& n : notes) {
                if (summary_claims.size() >= 8) break;
                summary_claims.push_back(Claim{n.text, n.citations, {}});
            }
        }
    }

    // The report: key figures off the statements, then the summary.
    Report report;
    report.kind = ReportKind::Summary;
    report.language = lang;
    report.title = (lang == "ru" ? "Резюме: " : "Summary: ") + title;
    Section figures{lang == "ru" ? "Ключевые показатели" : "Key figures", {}};
    for (int64_t d : doc_ids) {
        for (const auto& f : extract_key_figures(ctx.store, d, lang)) {
            std::string text = f.metric + ": " + f.value;
            if (!f.period.empty()) text += " (" + f.period + ")";
            text += lang == "ru" ? " — строка «" + f.label + "»" : " - row \"" + f.label + "\"";
            figures.claims.push_back(Claim{text, {f.citation}, {}});
        }
    }
    if (!figures.claims.empty()) report.sections.push_back(std::move(figures));
    report.sections.push_back(Section{lang == "ru" ? "Резюме" : "Summary", std::move(summary_claims)});
    const Prompt disclaimer = ctx.prompts.get("disclaimer", lang);
    report.disclaimer = disclaimer.text;
    StorePageSource pages(ctx.store);
    FigureChecker(pages).check(report);
    if (progress) progress({"done", total_steps, total_steps});

    Provenance prov;
    prov.model_file = gen.model_file();
    prov.model_sha256 = gen.model_sha256();
    prov.prompt_ids = map_p.ref() + "," + reduce_p.ref() + "," + disclaimer.ref();
    prov.parameters_json = json::dump(json::Object{{"map", map_params.to_json()},
                                                   {"reduce", reduce_params.to_json()},
                                                   {"part_budget", budget},
                                                   {"context", ctx_len},
                                                   {"threads", gen.threads()},
                                                   {"backend", gen.backend()}});
    prov.seed = params.seed;
    prov.chunk_ids = used_chunks;
    prov.doc_ids = doc_ids;
    report.id = ctx.reports.create(report, prov);
    ctx.audit.append("model", "generate", "report " + std::to_string(report.id) + " v1",
                     json::dump(json::Object{{"kind", "summary"}, {"parts", static_cast<int64_t>(parts.size())},
                                             {"resumed_parts", static_cast<int64_t>(done_parts.size())}}));
    return report;
}

}  // namespace perimeter::analysis
