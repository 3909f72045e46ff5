#include "app/analysis/report_store.h"

#include <cctype>

#include "app/analysis/analysis_error.h"
#include "app/analysis/markdown_export.h"
#include "app/analysis/pdf_export.h"
#include "app/analysis/report_json.h"
#include "app/analysis/text_diff.h"
#include "docs-ingest/db/database.h"
#include "docs-ingest/db/statement.h"
#include "docs-ingest/db/transaction.h"
#include "engine/chat/json.h"

namespace perimeter::analysis {
namespace db = ingest::db;
namespace json = engine::json;

namespace {

std::string provenance_json(const Provenance& p) {
    json::Array chunks, docs;
    for (auto c : p.chunk_ids) chunks.push_back(c);
    for (auto d : p.doc_ids) docs.push_back(d);
    return json::dump(json::Object{{"model_file", p.model_file},
                                   {"model_sha256", p.model_sha256},
                                   {"prompts", p.prompt_ids},
                                   {"parameters", p.parameters_json},
                                   {"seed", static_cast<int64_t>(p.seed)},
                                   {"chunk_ids", chunks},
                                   {"doc_ids", docs}});
}

std::string slug(const std::string& title, ReportKind kind, int64_t id, int version) {
    // ASCII words of the title (a Russian title contributes none), prefixed with the kind.
    std::string s = to_string(kind);
    s += '-';
    for (unsigned char c : title) {
        if (std::isalnum(c)) s += static_cast<char>(std::tolower(c));
        else if (s.back() != '-') s += '-';
        if (s.size() >= 56) break;
    }
    while (!s.empty() && s.back() == '-') s.pop_back();
    return s + "-" + std::to_string(id) + "-v" + std::to_string(version);
}

void require_report(db::Database& d, int64_t id) {
    db::Statement st(d, "SELECT 1 FROM reports WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) throw AnalysisError(ErrorCode::NotFound, {"report " + std::to_string(id)}, "no report " + std::to_string(id));
}

}  // namespace

ReportStore::ReportStore(db::Database& db) : db_(db) {}

int64_t ReportStore::create(const Report& report, const Provenance& provenance) {
    db::Transaction tx(db_);
    db::Statement st(db_, "INSERT INTO reports(kind, title, language, status, provenance) VALUES (?1, ?2, ?3, 'draft', ?4)");
    st.bind(1, to_string(report.kind)).bind(2, report.title).bind(3, report.language).bind(4, provenance_json(provenance));
    st.run();
    const int64_t id = db_.last_insert_rowid();
    Report r = report;
    r.id = id;
    r.version = 1;
    r.status = ReportStatus::Draft;
    const std::string md = to_markdown(r);
    db::Statement v(db_, "INSERT INTO report_versions(report_id, version, author, content, markdown, diff) "
                         "VALUES (?1, 1, 'model', ?2, ?3, ?4)");
    v.bind(1, id).bind(2, report_to_json(r)).bind(3, md).bind(4, unified_diff("", md));
    v.run();
    tx.commit();
    return id;
}

Report ReportStore::load(int64_t id, int version) {
    db::Statement st(db_, version > 0
                              ? "SELECT v.content, v.version, r.status FROM report_versions v JOIN reports r ON r.id = v.report_id "
                                "WHERE v.report_id = ?1 AND v.version = ?2"
                              : "SELECT v.content, v.version, r.status FROM report_versions v JOIN reports r ON r.id = v.report_id "
                                "WHERE v.report_id = ?1 ORDER BY v.version DESC LIMIT 1");
    st.bind(1, id);
    if (version > 0) st.bind(2, version);
    if (!st.step()) {
        throw AnalysisError(ErrorCode::NotFound, {"report " + std::to_string(id)},
                            "no report " + std::to_string(id) + (version > 0 ? " version " + std::to_string(version) : ""));
    }
    Report r = report_from_json(st.get_text(0));
    r.id = id;
    r.version = static_cast<int>(st.get_int(1));
    r.status = parse_report_status(st.get_text(2));
    return r;
}

Provenance ReportStore::provenance(int64_t id) {
    db::Statement st(db_, "SELECT provenance FROM reports WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) throw AnalysisError(ErrorCode::NotFound, {"report " + std::to_string(id)}, "no report " + std::to_string(id));
    const json::Value v = json::parse(st.get_text(0));
    Provenance p;
    p.model_file = v.find("model_file")->as_string();
    p.model_sha256 = v.find("model_sha256")->as_string();
    p.prompt_ids = v.find("prompts")->as_string();
    p.parameters_json = v.find("parameters")->as_string();
    p.seed = static_cast<uint64_t>(v.find("seed")->as_int());
    for (const auto& c : v.find("chunk_ids")->as_array()) p.chunk_ids.push_back(c.as_int());
    for (const auto& d : v.find("doc_ids")->as_array()) p.doc_ids.push_back(d.as_int());
    return p;
}

std::vector<ReportSummary> ReportStore::list() {
    std::vector<ReportSummary> out;
    db::Statement st(db_, "SELECT r.id, r.title, r.kind, r.status, r.updated_at, "
                          "(SELECT max(version) FROM report_versions v WHERE v.report_id = r.id) FROM reports r ORDER BY r.id DESC");
    while (st.step()) {
        ReportSummary s;
        s.id = st.get_int(0);
        s.title = st.get_text(1);
        s.kind = parse_report_kind(st.get_text(2));
        s.status = parse_report_status(st.get_text(3));
        s.updated_at = st.get_text(4);
        s.latest_version = static_cast<int>(st.get_int(5));
        s.flagged_figures = load(s.id).flagged_figures();
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<ReportVersion> ReportStore::versions(int64_t id) {
    require_report(db_, id);
    std::vector<ReportVersion> out;
    db::Statement st(db_, "SELECT version, author, created_at, diff FROM report_versions WHERE report_id = ?1 ORDER BY version");
    st.bind(1, id);
    while (st.step()) out.push_back({static_cast<int>(st.get_int(0)), st.get_text(1), st.get_text(2), st.get_text(3)});
    return out;
}

int ReportStore::save_edit(int64_t id, const Report& edited, const std::string& author) {
    db::Transaction tx(db_);
    const Report prev = load(id);
    Report r = edited;
    r.id = id;
    r.version = prev.version + 1;
    r.status = ReportStatus::Draft;  // an edit needs a new review
    const std::string md = to_markdown(r);
    db::Statement prev_md(db_, "SELECT markdown FROM report_versions WHERE report_id = ?1 AND version = ?2");
    prev_md.bind(1, id).bind(2, prev.version);
    prev_md.step();
    db::Statement v(db_, "INSERT INTO report_versions(report_id, version, author, content, markdown, diff) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    v.bind(1, id).bind(2, r.version).bind(3, author).bind(4, report_to_json(r)).bind(5, md).bind(6, unified_diff(prev_md.get_text(0), md));
    v.run();
    db::Statement u(db_, "UPDATE reports SET status = 'draft', title = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1");
    u.bind(1, id).bind(2, r.title);
    u.run();
    tx.commit();
    return r.version;
}

void ReportStore::set_status(int64_t id, ReportStatus status, const std::string& author) {
    require_report(db_, id);
    db::Statement u(db_, "UPDATE reports SET status = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1");
    u.bind(1, id).bind(2, to_string(status));
    u.run();
}

std::vector<std::filesystem::path> ReportStore::export_files(int64_t id, const std::filesystem::path& dir,
                                                              const std::string& author) {
    const Report r = load(id);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw AnalysisError(ErrorCode::Export, {dir.string(), ec.message()}, dir.string() + ": " + ec.message());
    const std::string base = slug(r.title, r.kind, id, r.version);
    const auto md_path = dir / (base + ".md");
    const auto pdf_path = dir / (base + ".pdf");
    {
        const std::string md = to_markdown(r);
        FILE* f = std::fopen(md_path.c_str(), "wb");
        if (!f || std::fwrite(md.data(), 1, md.size(), f) != md.size() || std::fclose(f) != 0) {
            if (f) std::fclose(f);
            throw AnalysisError(ErrorCode::Export, {md_path.string(), "write failed"}, md_path.string() + ": cannot write the Markdown export");
        }
    }
    try {
        export_pdf(r, pdf_path.string());
    } catch (const std::exception& e) {
        throw AnalysisError(ErrorCode::Export, {pdf_path.string(), e.what()}, e.what());
    }
    return {md_path, pdf_path};
}

}  // namespace perimeter::analysis
