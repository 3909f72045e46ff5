#include "ui/ingest_worker.h"

#include "ui/error_info.h"

namespace perimeter::ui {

IngestWorker::IngestWorker(const QString& db_file, ingest::IngestOptions options)
    : db_file_(db_file), options_(std::move(options)) {}

void IngestWorker::run(const QStringList& paths, const QString& collection) {
    if (stop_) return;
    cancel_ = false;
    try {
        std::vector<std::filesystem::path> inputs;
        for (const QString& p : paths) inputs.emplace_back(p.toStdString());
        const auto files = ingest::IngestPipeline::collect_inputs(inputs);
        ingest::IngestOptions opts = options_;
        opts.collection = collection.toStdString();
        ingest::IngestPipeline pipeline(db_file_.toStdString(), opts);
        // Called from the pipeline's worker threads, one call at a time: emitting is thread-safe
        // and the connection to the UI is queued.
        auto progress = [this](const ingest::IngestProgress& p) {
            IngestEvent e;
            e.kind = p.event == ingest::IngestProgress::Event::Started   ? IngestEvent::Started
                     : p.event == ingest::IngestProgress::Event::Pages ? IngestEvent::Pages
                                                                        : IngestEvent::Finished;
            if (p.outcome) {
                e.path = QString::fromStdString(p.outcome->path);
                e.doc_id = p.outcome->doc_id;
                e.result = p.outcome->result;
                e.error_code = QString::fromStdString(p.outcome->error_code);
                e.error_message = QString::fromStdString(p.outcome->error_message);
            }
            e.pages_done = p.pages_done;
            e.pages_total = p.pages_total;
            e.docs_done = p.docs_done;
            e.docs_total = p.docs_total;
            Q_EMIT event(e);
        };
        const ingest::IngestSummary summary = pipeline.run(files, progress, &cancel_);
        IngestBatch b;
        b.added = int(summary.count(ingest::IngestResult::Added));
        b.replaced = int(summary.count(ingest::IngestResult::Replaced));
        b.unchanged = int(summary.count(ingest::IngestResult::Unchanged));
        b.failed = int(summary.count(ingest::IngestResult::Failed));
        b.cancelled = int(summary.count(ingest::IngestResult::Cancelled));
        b.seconds = summary.seconds;
        b.pages = summary.pages();
        for (const auto& item : summary.items)
            if (item.result == ingest::IngestResult::Failed) b.failures << QString::fromStdString(item.path);
        Q_EMIT finished(b);
    } catch (...) {
        Q_EMIT failed(current_error(db_file_));
        Q_EMIT finished(IngestBatch{});
    }
}

}  // namespace perimeter::ui
