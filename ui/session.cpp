#include "ui/session.h"

#include <QDeadlineTimer>

#include "ui/embedding_worker.h"
#include "ui/generation_worker.h"
#include "ui/ingest_worker.h"
#include "ui/render_worker.h"
#include "ui/store_worker.h"
#include "ui/worker_thread.h"
#include "ui/worker_types.h"

namespace perimeter::ui {

Session::Session(const SessionOptions& options) : db_file_(options.db_file) {
    register_worker_types();
    store_ = new StoreWorker(db_file_);
    ingest_ = new IngestWorker(db_file_, options.ingest);
    generation_ = new GenerationWorker(db_file_, QString(), options.report_language);
    embedding_ = new EmbeddingWorker(db_file_);
    render_ = new RenderWorker();
    IngestWorker* ingest = ingest_;
    GenerationWorker* generation = generation_;
    EmbeddingWorker* embedding = embedding_;
    // The cancel functions only touch atomics, so they are safe from the UI thread while the
    // worker runs; they are called before the worker can be deleted (stop() waits first).
    threads_.push_back(std::make_unique<WorkerThread>(QStringLiteral("store"), store_, nullptr));
    threads_.push_back(std::make_unique<WorkerThread>(QStringLiteral("ingest"), ingest_, [ingest] { ingest->shutdown(); }));
    threads_.push_back(std::make_unique<WorkerThread>(QStringLiteral("generation"), generation_, [generation] { generation->cancel(); }));
    threads_.push_back(std::make_unique<WorkerThread>(QStringLiteral("embedding"), embedding_, [embedding] { embedding->cancel(); }));
    threads_.push_back(std::make_unique<WorkerThread>(QStringLiteral("render"), render_, nullptr));
    for (auto& t : threads_) t->start();
}

Session::~Session() { stop(2000); }

void Session::cancel_generation() {
    if (!threads_.empty()) generation_->cancel();
}

void Session::cancel_ingest() {
    if (!threads_.empty()) ingest_->cancel();
}

bool Session::stop(int ms) {
    if (threads_.empty()) return true;
    // Raise every flag first so that all jobs wind down at the same time.
    for (auto& t : threads_) t->cancel();
    QDeadlineTimer deadline(ms);
    bool all = true;
    for (auto& t : threads_) all = t->stop(int(std::max<qint64>(1, deadline.remainingTime()))) && all;
    threads_.clear();  // a thread that did not stop gets the WorkerThread destructor's last chance
    return all;
}

}  // namespace perimeter::ui
