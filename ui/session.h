// One open library: the worker objects on their threads, all on the same database file, each
// with its own connection. The main window talks to them only through queued calls (post)
// and their signals. stop() is the shutdown: every cancel flag, then quit and wait, within
// one time budget for all threads together.
#pragma once
#include <QMetaObject>
#include <QObject>
#include <QString>
#include <memory>
#include <vector>

#include "docs-ingest/ingest_pipeline.h"

namespace perimeter::ui {

class EmbeddingWorker;
class GenerationWorker;
class IngestWorker;
class RenderWorker;
class StoreWorker;
class WorkerThread;

struct SessionOptions {
    QString db_file;
    QString report_language = QStringLiteral("en");
    ingest::IngestOptions ingest;
};

class Session {
public:
    explicit Session(const SessionOptions& options);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    const QString& db_file() const { return db_file_; }
    StoreWorker* store() const { return store_; }
    IngestWorker* ingest() const { return ingest_; }
    GenerationWorker* generation() const { return generation_; }
    EmbeddingWorker* embedding() const { return embedding_; }
    RenderWorker* render() const { return render_; }

    void cancel_generation();
    void cancel_ingest();
    // Cancels everything and waits for every thread, `ms` in all. True when all stopped.
    bool stop(int ms);

private:
    QString db_file_;
    StoreWorker* store_;
    IngestWorker* ingest_;
    GenerationWorker* generation_;
    EmbeddingWorker* embedding_;
    RenderWorker* render_;
    std::vector<std::unique_ptr<WorkerThread>> threads_;
};

// Runs `f` on `worker`'s thread (a queued call; never waits).
template <class Worker, class F>
void post(Worker* worker, F&& f) {
    QMetaObject::invokeMethod(worker, std::forward<F>(f), Qt::QueuedConnection);
}

}  // namespace perimeter::ui
