#include "app/analysis/recommendation_pipeline.h"

#include <fstream>
#include <sstream>

#include "app/analysis/analysis_error.h"
#include "app/analysis/audit_log.h"
#include "app/analysis/figure_checker.h"
#include "app/analysis/store_page_source.h"
#include "app/analysis/generator.h"
#include "app/analysis/key_figures.h"
#include "app/analysis/number_mention.h"
#include "app/analysis/prompt_library.h"
#include "app/analysis/report_store.h"
#include "app/analysis/sources.h"
#include "docs-ingest/search.h"
#include "docs-ingest/store.h"
#include "engine/grammar/json_schema_validator.h"

namespace perimeter::analysis {
namespace json = engine::json;

namespace {

std::string read(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw AnalysisError(ErrorCode::NotFound, {p.string()}, p.string() + ": cannot read the recommendation schema");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

std::string recommendation_schema(const std::filesystem::path& dir, const std::vector<Source>& sources,
                                  const std::vector<std::string>& row_labels) {
    json::Value schema = json::parse(read(dir / "investment_recommendation.schema.json"));
    auto& props = schema.as_object().find("properties")->as_object();
    auto& km = props.find("key_metrics")->as_object();
    const json::Value item = *km.find("items");
    json::Array shapes;
    for (const auto& s : sources) {
        json::Array values, years;
        for (const auto& n : find_numbers(s.hit.text)) {
            if (n.decimals == 0 && n.value >= 1990 && n.value <= 2100 && n.text.size() == 4) {
                json::Value y(n.text);
                bool seen = false;
                for (const auto& x : years) seen = seen || x == y;
                if (!seen) years.push_back(std::move(y));
            }
            if (n.is_date || n.text.empty() || n.text[0] == '-' || n.text[0] == '(') continue;
            // Years and RAS line codes (four digits, no separators) are not figures to cite.
            if (n.decimals == 0 && n.text.size() == 4 && n.value >= 1000) continue;
            json::Value v(n.text);
            bool dup = false;
            for (const auto& x : values) dup = dup || x == v;
            if (!dup && values.size() < 24) values.push_back(std::move(v));
        }
        if (values.empty()) continue;
        json::Value shape = item;
        auto& sp = shape.as_object().find("properties")->as_object();
        sp.set("source", json::Object{{"const", static_cast<int64_t>(s.number)}});
        sp.set("value", json::Object{{"enum", values}});
        // The period is one of the years the source shows; a statement row's name is its label.
        if (!years.empty()) sp.set("period", json::Object{{"enum", years}});
        const size_t i = static_cast<size_t>(s.number - 1);
        if (i < row_labels.size() && !row_labels[i].empty()) sp.set("name", json::Object{{"const", row_labels[i]}});
        shapes.push_back(std::move(shape));
    }
    if (shapes.empty())
        throw AnalysisError(ErrorCode::EmptyRetrieval, {"figures"}, "recommendation: the evidence has no figures to cite");
    km.set("items", json::Object{{"anyOf", shapes}});
    return json::dump(schema);
}

Report render_recommendation(const json::Value& rec, const std::vector<Source>& sources, const std::string& lang,
                             const std::string& title, const std::string& disclaimer) {
    const bool ru = lang == "ru";
    Report r;
    r.kind = ReportKind::Recommendation;
    r.language = lang;
    r.title = (ru ? "Инвестиционная рекомендация: " : "Investment recommendation: ") + title;
    r.disclaimer = disclaimer;
    const auto& o = rec.as_object();
    Claim rating{(ru ? "Рейтинг: " : "Rating: ") + upper(o.find("rating")->as_string()) + (ru ? "; горизонт: " : "; horizon: ") +
                     o.find("horizon")->as_string() + ".",
                 {}, {}};
    rating.check_figures = false;
    r.sections.push_back({ru ? "Рейтинг" : "Rating", {rating}});
    r.sections.push_back({ru ? "Тезис" : "Thesis", {Claim{o.find("thesis")->as_string(), {}, {}}}});
    Section metrics{ru ? "Ключевые показатели" : "Key metrics", {}};
    for (const auto& m : o.find("key_metrics")->as_array()) {
        const auto& mo = m.as_object();
        const int64_t src = mo.find("source")->as_int();
        std::string text = mo.find("name")->as_string() + ": " + mo.find("value")->as_string() + " " +
                           mo.find("unit")->as_string() + " (" + mo.find("period")->as_string() + ")";
        Claim c{text, {}, {}};
        if (src >= 1 && src <= static_cast<int64_t>(sources.size())) c.citations.push_back(sources[src - 1].citation());
        metrics.claims.push_back(std::move(c));
    }
    r.sections.push_back(std::move(metrics));
    r.sections.push_back({ru ? "Оценка" : "Valuation", {Claim{o.find("valuation_notes")->as_string(), {}, {}}}});
    Section risks{ru ? "Риски" : "Risks", {}};
    for (const auto& x : o.find("risks")->as_array()) risks.claims.push_back(Claim{x.as_string(), {}, {}});
    r.sections.push_back(std::move(risks));
    Section cats{ru ? "Катализаторы" : "Catalysts", {}};
    for (const auto& x : o.find("catalysts")->as_array()) cats.claims.push_back(Claim{x.as_string(), {}, {}});
    if (!cats.claims.empty()) r.sections.push_back(std::move(cats));
    return r;
}

Report run_recommendation(const PipelineContext& ctx, const Selection& selection, const RecommendationSettings& settings,
                          const ProgressFn& progress, const TokenFn& on_token, const std::atomic<bool>* cancel) {
    Generator& gen = require_generator(ctx);
    const auto doc_ids = resolve_selection(ctx.store, selection);
    if (progress) progress({"retrieving", 0, 3});

    // Evidence: statement rows of the key figures, then passages on outlook and risks.
    std::vector<ingest::SearchHit> hits;
    std::vector<std::string> labels;  // statement-row label per hit ("" for passages)
    std::string title, sample;
    for (int64_t d : doc_ids) {
        auto doc = ctx.store.document(d);
        title += (title.empty() ? "" : ", ") + (doc->title.empty() ? doc->file_name : doc->title);
        const auto pages = ctx.store.pages(d);
        for (const auto& p : pages)
            if (sample.size() < 4000) sample += p.text;
        for (const auto& f : extract_key_figures(ctx.store, d, "en")) {
            if (hits.size() >= settings.max_sources / 2 + 1) break;
            ingest::SearchHit h;
            h.doc_id = d;
            h.file_name = f.citation.doc;
            h.page = f.citation.page;
            h.start = static_cast<uint32_t>(f.citation.start);
            h.end = static_cast<uint32_t>(f.citation.end);
            h.text = (f.period.empty() ? "" : "Period: " + f.period + "\n") + f.line;
            hits.push_back(h);
            labels.push_back(f.label);
        }
    }
    const std::string lang = detect_language(sample);
    for (const char* query : {"outlook guidance expects growth", "principal risks uncertainties", "прогноз риски"}) {
        ingest::SearchQuery q;
        q.text = query;
        q.k = 2;
        for (int64_t d : doc_ids) q.docs.push_back(std::to_string(d));
        for (auto& h : ctx.retriever.search(q)) {
            if (hits.size() >= settings.max_sources) break;
            bool dup = false;
            for (const auto& x : hits) dup = dup || (x.chunk_id != 0 && x.chunk_id == h.chunk_id);
            if (!dup) {
                hits.push_back(std::move(h));
                labels.emplace_back();
            }
        }
    }
    if (hits.empty()) throw AnalysisError(ErrorCode::EmptyRetrieval, {title}, "recommendation: no evidence found in " + title);
    std::vector<Source> sources = number_sources(hits);

    const Prompt prompt = ctx.prompts.get("recommendation", lang);
    const Prompt disclaimer = ctx.prompts.get("disclaimer", lang);
    GenParams params;
    params.temperature = settings.temperature;
    params.seed = settings.seed ? settings.seed : ctx.options.model.seed;
    params.max_tokens = settings.max_tokens;
    params.repeat_penalty = 1.1f;
    // Fit the context: drop sources from the end.
    for (;;) {
        const size_t tokens = gen.count_tokens(fill(prompt.text, {{"sources", render_sources(sources)}})) + 32;
        if (tokens + static_cast<size_t>(params.max_tokens) <= static_cast<size_t>(gen.context_length())) break;
        if (sources.size() <= 1)
            throw AnalysisError(ErrorCode::ContextTooSmall, {std::to_string(tokens + params.max_tokens), std::to_string(gen.context_length())},
                                "recommendation: the model's context is too small for the evidence");
        sources.pop_back();
    }
    params.json_schema = recommendation_schema(ctx.schemas_dir, sources, labels);
    if (progress) progress({"generating", 1, 3});
    std::vector<ChatMessage> msgs = {{"user", fill(prompt.text, {{"sources", render_sources(sources)}})}};
    GenResult r = gen.chat(msgs, params, on_token ? std::function<void(std::string_view)>(on_token) : nullptr, cancel);
    if (r.cancelled) throw AnalysisError(ErrorCode::Cancelled, {}, "recommendation: cancelled");

    if (progress) progress({"validating", 2, 3});
    engine::JsonSchemaValidator validator(json::parse(params.json_schema));
    const auto errors = validator.validate_text(r.text);
    if (!errors.empty()) {
        throw AnalysisError(ErrorCode::InvalidOutput, {errors[0].str()},
                            "recommendation: the model's JSON does not match the schema: " + errors[0].str());
    }
    Report report = render_recommendation(json::parse(r.text), sources, lang, title, disclaimer.text);
    StorePageSource pages(ctx.store);
    FigureChecker(pages).check(report);

    Provenance prov;
    prov.model_file = gen.model_file();
    prov.model_sha256 = gen.model_sha256();
    prov.prompt_ids = prompt.ref() + "," + disclaimer.ref() + ",schema:investment_recommendation";
    prov.parameters_json = json::dump(json::Object{{"params", params.to_json()}, {"context", gen.context_length()},
                                                   {"threads", gen.threads()}, {"backend", gen.backend()}});
    prov.seed = params.seed;
    for (const auto& s : sources) prov.chunk_ids.push_back(s.hit.chunk_id);
    prov.doc_ids = doc_ids;
    report.id = ctx.reports.create(report, prov);
    ctx.audit.append("model", "generate", "report " + std::to_string(report.id) + " v1",
                     json::dump(json::Object{{"kind", "recommendation"}, {"json", r.text}}));
    if (progress) progress({"done", 3, 3});
    return report;
}

}  // namespace perimeter::analysis
