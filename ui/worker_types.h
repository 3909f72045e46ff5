// Plain values that cross between the UI thread and the workers through queued signals.
// They are copies: no pointer into a worker's store or workspace ever reaches the UI.
#pragma once
#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include "app/analysis/audit_log.h"
#include "app/analysis/report.h"
#include "app/analysis/report_store.h"
#include "app/analysis/workspace.h"
#include "docs-ingest/extracted_document.h"
#include "docs-ingest/ingest_pipeline.h"
#include "docs-ingest/store.h"

namespace perimeter::ui {

// One document as the library shows it.
struct DocumentRow {
    qint64 id = 0;
    QString path, file_name, title;
    qint64 file_size = 0;
    int pages = 0;
    ingest::DocStatus status = ingest::DocStatus::Queued;
    QString error_code, error_message;
    QStringList collections;
    qint64 chunks = 0;
    QString ingested_at;  // ISO 8601 UTC
    int ocr_pages = 0;    // pages read by OCR (a scan)
    // Live ingest progress (not stored): pages done / total while the document is extracted.
    int pages_done = 0, pages_total = 0;
};

// One page of a document for the viewer: text, size and word boxes (byte spans into utf8).
struct PageText {
    int number = 0;
    QByteArray utf8;
    QString text;
    float width = 0, height = 0;  // points
    bool ocr = false;
    QVector<ingest::WordBox> words;
};

struct DocumentPages {
    qint64 doc_id = 0;
    QString path, file_name;
    QVector<PageText> pages;
};

// One event of an ingest batch (see ingest::IngestProgress).
struct IngestEvent {
    enum Kind { Started, Pages, Finished } kind = Started;
    QString path;
    qint64 doc_id = 0;
    int pages_done = 0, pages_total = 0;
    int docs_done = 0, docs_total = 0;
    ingest::IngestResult result = ingest::IngestResult::Failed;
    QString error_code, error_message;
};

struct IngestBatch {
    int added = 0, replaced = 0, unchanged = 0, failed = 0, cancelled = 0;
    double seconds = 0;
    qint64 pages = 0;
    QStringList failures;  // paths
};

// An error from any layer: a code the UI translates, its parameters, the English message for
// the details, and the file it concerns (when there is one).
struct ErrorInfo {
    QString domain;   // "ingest", "analysis", "render", "model", "store"
    QString code;     // "encrypted", "no_model", ...
    QStringList params;
    QString message;  // English, for the details
    QString file;
};

// A citation to show: where and which span (bytes of the page text; 0/0: the whole page).
struct CitationTarget {
    qint64 doc_id = 0;
    int page = 0;
    qint64 chunk_id = 0;
    int start = 0, end = 0;
};

struct ReportBundle {
    analysis::Report report;
    QVector<analysis::ReportVersion> versions;
};

}  // namespace perimeter::ui

Q_DECLARE_METATYPE(perimeter::ui::DocumentRow)
Q_DECLARE_METATYPE(perimeter::ui::DocumentPages)
Q_DECLARE_METATYPE(perimeter::ui::IngestEvent)
Q_DECLARE_METATYPE(perimeter::ui::IngestBatch)
Q_DECLARE_METATYPE(perimeter::ui::ErrorInfo)
Q_DECLARE_METATYPE(perimeter::ui::CitationTarget)
Q_DECLARE_METATYPE(perimeter::ui::ReportBundle)
Q_DECLARE_METATYPE(perimeter::analysis::Answer)
Q_DECLARE_METATYPE(perimeter::analysis::Report)
Q_DECLARE_METATYPE(perimeter::analysis::Citation)
Q_DECLARE_METATYPE(perimeter::analysis::ModelConfig)
Q_DECLARE_METATYPE(perimeter::analysis::ReportSummary)
Q_DECLARE_METATYPE(perimeter::analysis::AuditEntry)
Q_DECLARE_METATYPE(perimeter::analysis::Prompt)

namespace perimeter::ui {
// Registers the types above for queued connections (idempotent).
void register_worker_types();
}  // namespace perimeter::ui
