// Ingestion on the "ingest" thread: expands folders, runs the IngestPipeline (which opens its
// own store connections and extraction helpers) and forwards its progress as queued signals.
// cancel() may be called from any thread; the pipeline polls the flag.
#pragma once
#include <QObject>
#include <QStringList>
#include <atomic>

#include "docs-ingest/ingest_pipeline.h"
#include "ui/worker_types.h"

namespace perimeter::ui {

class IngestWorker : public QObject {
    Q_OBJECT
public:
    IngestWorker(const QString& db_file, ingest::IngestOptions options);

    void cancel() { cancel_ = true; }     // this batch
    void shutdown() { stop_ = true; cancel_ = true; }  // this batch and every queued one

public Q_SLOTS:
    // Files and folders (walked for PDFs and images); `collection` may be empty.
    void run(const QStringList& paths, const QString& collection);
    // New settings (OCR mode, pages in parallel) for the batches that follow.
    void set_options(const perimeter::ingest::IngestOptions& options) { options_ = options; }

Q_SIGNALS:
    void event(const perimeter::ui::IngestEvent& e);
    void finished(const perimeter::ui::IngestBatch& batch);
    void failed(const perimeter::ui::ErrorInfo& error);

private:
    QString db_file_;
    ingest::IngestOptions options_;
    std::atomic<bool> cancel_{false}, stop_{false};
};

}  // namespace perimeter::ui
