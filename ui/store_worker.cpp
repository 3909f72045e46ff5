#include "ui/store_worker.h"

#include <map>

#include "app/analysis/audit_log.h"
#include "app/analysis/report_store.h"
#include "app/analysis/workspace.h"
#include "docs-ingest/db/statement.h"
#include "ui/error_info.h"

namespace perimeter::ui {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

StoreWorker::StoreWorker(const QString& db_file) : db_file_(db_file) {}

StoreWorker::~StoreWorker() = default;

analysis::Workspace& StoreWorker::workspace() {
    if (!workspace_) workspace_ = std::make_unique<analysis::Workspace>(db_file_.toStdString());
    return *workspace_;
}

ingest::Store& StoreWorker::store() { return workspace().store(); }

analysis::ReportStore& StoreWorker::reports() { return workspace().reports(); }

analysis::AuditLog& StoreWorker::audit() { return workspace().audit(); }

void StoreWorker::load_documents() {
    try {
        ingest::Store& s = store();
        // Pages read by OCR, per document: the library's scan flag.
        std::map<int64_t, int> ocr;
        ingest::db::Statement st(s.db(), "SELECT doc_id, COUNT(*) FROM pages WHERE source = 'ocr' GROUP BY doc_id");
        while (st.step()) ocr[st.get_int(0)] = static_cast<int>(st.get_int(1));
        QVector<DocumentRow> rows;
        for (const ingest::DocumentRecord& d : s.documents()) {
            DocumentRow r;
            r.id = d.id;
            r.path = qs(d.path);
            r.file_name = qs(d.file_name);
            r.title = qs(d.title);
            r.file_size = d.file_size;
            r.pages = d.pages;
            r.status = d.status;
            r.error_code = qs(d.error_code);
            r.error_message = qs(d.error_message);
            for (const auto& c : d.collections) r.collections << qs(c);
            r.chunks = d.chunks;
            r.ingested_at = qs(d.ingested_at.empty() ? d.queued_at : d.ingested_at);
            const auto it = ocr.find(d.id);
            r.ocr_pages = it == ocr.end() ? 0 : it->second;
            rows.push_back(std::move(r));
        }
        QStringList collections;
        for (const auto& c : s.collections()) collections << qs(c);
        Q_EMIT documents_loaded(rows, collections);
    } catch (...) {
        Q_EMIT failed(current_error(db_file_));
    }
}

void StoreWorker::load_pages(qint64 doc_id) {
    try {
        ingest::Store& s = store();
        const auto doc = s.document(doc_id);
        if (!doc) {
            Q_EMIT failed(make_error("store", "not_found", QStringLiteral("document %1 not found").arg(doc_id)));
            return;
        }
        DocumentPages out;
        out.doc_id = doc_id;
        out.path = qs(doc->path);
        out.file_name = qs(doc->file_name);
        for (ingest::PageRecord& p : s.pages(doc_id)) {
            PageText t;
            t.number = p.number;
            t.utf8 = QByteArray::fromStdString(p.text);
            t.text = QString::fromUtf8(t.utf8);
            t.width = p.width;
            t.height = p.height;
            t.ocr = p.source == ingest::PageSource::Ocr;
            t.words = QVector<ingest::WordBox>(p.words.begin(), p.words.end());
            out.pages.push_back(std::move(t));
        }
        Q_EMIT pages_loaded(out);
    } catch (...) {
        Q_EMIT failed(current_error(db_file_));
    }
}

void StoreWorker::locate(CitationTarget target) {
    try {
        // A citation that names a chunk but no span: the chunk's span on its page.
        if (target.chunk_id > 0 && target.start == 0 && target.end == 0) {
            ingest::db::Statement st(store().db(), "SELECT page, start, end FROM chunks WHERE id = ?");
            st.bind(1, static_cast<long long>(target.chunk_id));
            if (st.step()) {
                target.page = static_cast<int>(st.get_int(0));
                target.start = static_cast<int>(st.get_int(1));
                target.end = static_cast<int>(st.get_int(2));
            }
        }
        Q_EMIT located(target);
    } catch (...) {
        Q_EMIT failed(current_error(db_file_));
    }
}

void StoreWorker::remove_documents(const QVector<qint64>& ids) {
    try {
        for (qint64 id : ids) store().remove_document(id);
        store().purge_deleted();
    } catch (...) {
        Q_EMIT failed(current_error(db_file_));
    }
    load_documents();
}

void StoreWorker::list_reports() {
    try {
        const auto list = reports().list();
        Q_EMIT reports_listed(QVector<analysis::ReportSummary>(list.begin(), list.end()));
    } catch (...) {
        Q_EMIT failed(current_error(db_file_));
    }
}

void StoreWorker::emit_report(qint64 id, int version) {
    ReportBundle b;
    b.report = reports().load(id, version);
    const auto versions = reports().versions(id);
    b.versions = QVector<analysis::ReportVersion>(versions.begin(), versions.end());
    Q_EMIT report_loaded(b);
}

void StoreWorker::load_report(qint64 id, int version) {
    try {
        emit_report(id, version);
    } catch (...) {
        Q_EMIT failed(current_error(db_file_));
    }
}

void StoreWorker::save_report(const analysis::Report& edited, const QString& author) {
    try {
        workspace().edit_report(edited.id, edited, author.toStdString());  // re-checks the figures
        emit_report(edited.id, 0);
        list_reports();
    } catch (...) {
        Q_EMIT failed(current_error(db_file_));
    }
}

void StoreWorker::set_report_status(qint64 id, int status, const QString& author) {
    try {
        workspace().set_report_status(id, static_cast<analysis::ReportStatus>(status), author.toStdString());
        emit_report(id, 0);
        list_reports();
    } catch (...) {
        Q_EMIT failed(current_error(db_file_));
    }
}

void StoreWorker::export_report(qint64 id, const QString& dir, const QString& author) {
    try {
        QStringList files;
        for (const auto& p : workspace().export_report(id, dir.toStdString(), author.toStdString()))
            files << QString::fromStdString(p.string());
        Q_EMIT exported(id, files);
    } catch (...) {
        Q_EMIT failed(current_error(dir));
    }
}

void StoreWorker::load_audit() {
    try {
        const auto entries = audit().entries(1000);
        Q_EMIT audit_loaded(QVector<analysis::AuditEntry>(entries.begin(), entries.end()));
    } catch (...) {
        Q_EMIT failed(current_error(db_file_));
    }
}

void StoreWorker::load_prompts() {
    try {
        QVector<analysis::Prompt> all;
        auto& lib = workspace().prompts();
        for (const auto& latest : lib.list())
            for (auto& v : lib.history(latest.id, latest.language)) all.push_back(std::move(v));
        Q_EMIT prompts_loaded(all);
    } catch (...) {
        Q_EMIT failed(current_error(db_file_));
    }
}

void StoreWorker::save_prompt(const QString& id, const QString& language, const QString& text, const QString& author) {
    try {
        const analysis::Prompt p =
            workspace().edit_prompt(id.toStdString(), language.toStdString(), text.toStdString(), author.toStdString());
        Q_EMIT prompt_saved(p);
        load_prompts();
    } catch (...) {
        Q_EMIT failed(current_error(db_file_));
    }
}

}  // namespace perimeter::ui
