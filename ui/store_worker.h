// Reads and small writes of the store for the UI, on the "store" thread with its own
// connection: the library's document list, a document's pages for the viewer, citation spans,
// reports (list, load, edit with figure re-check, status, export - each recorded in the audit
// log by the Workspace), the prompt library (versions, edits) and the audit log.
// Every request is a queued slot; every answer a signal.
#pragma once
#include <QObject>
#include <QString>
#include <QVector>
#include <memory>

#include "ui/worker_types.h"

namespace perimeter::analysis {
class AuditLog;
class ReportStore;
class Workspace;
}  // namespace perimeter::analysis

namespace perimeter::ui {

class StoreWorker : public QObject {
    Q_OBJECT
public:
    explicit StoreWorker(const QString& db_file);
    ~StoreWorker() override;

public Q_SLOTS:
    void load_documents();
    void load_pages(qint64 doc_id);
    void locate(perimeter::ui::CitationTarget target);
    void remove_documents(const QVector<qint64>& ids);
    void list_reports();
    void load_report(qint64 id, int version);
    void save_report(const perimeter::analysis::Report& edited, const QString& author);
    void set_report_status(qint64 id, int status, const QString& author);
    void export_report(qint64 id, const QString& dir, const QString& author);
    void load_audit();
    // Every version of every prompt (the prompt editor groups them).
    void load_prompts();
    // An edited prompt as a new version, audited with the author; answers prompt_saved.
    void save_prompt(const QString& id, const QString& language, const QString& text, const QString& author);

Q_SIGNALS:
    void documents_loaded(const QVector<perimeter::ui::DocumentRow>& rows, const QStringList& collections);
    void pages_loaded(const perimeter::ui::DocumentPages& pages);
    void located(const perimeter::ui::CitationTarget& target);
    void reports_listed(const QVector<perimeter::analysis::ReportSummary>& reports);
    void report_loaded(const perimeter::ui::ReportBundle& bundle);
    void exported(qint64 id, const QStringList& files);
    void audit_loaded(const QVector<perimeter::analysis::AuditEntry>& entries);
    void prompts_loaded(const QVector<perimeter::analysis::Prompt>& versions);
    void prompt_saved(const perimeter::analysis::Prompt& prompt);
    void failed(const perimeter::ui::ErrorInfo& error);

private:
    // A Workspace without models: its store connection, report store and audit log, and the
    // review operations that record who did what.
    analysis::Workspace& workspace();
    ingest::Store& store();
    analysis::ReportStore& reports();
    analysis::AuditLog& audit();
    void emit_report(qint64 id, int version);

    QString db_file_;
    std::unique_ptr<analysis::Workspace> workspace_;
};

}  // namespace perimeter::ui
