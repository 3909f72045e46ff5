#include "ui/worker_thread.h"

namespace perimeter::ui {

WorkerThread::WorkerThread(const QString& name, QObject* worker, std::function<void()> cancel)
    : cancel_(std::move(cancel)) {
    thread_.setObjectName(name);
    worker->moveToThread(&thread_);
    QObject::connect(&thread_, &QThread::finished, worker, &QObject::deleteLater);
}

WorkerThread::~WorkerThread() {
    if (stop(2000)) return;
    // A job that ignores its cancel flag: give it a little longer, then end the thread rather
    // than leave the process hanging (the store is crash-safe, so nothing committed is lost).
    qWarning("%s: worker did not stop within 2 s", qPrintable(thread_.objectName()));
    if (!thread_.wait(QDeadlineTimer(8000))) {
        thread_.terminate();
        thread_.wait();
    }
}

void WorkerThread::start() { thread_.start(); }

bool WorkerThread::stop(int ms) {
    if (!thread_.isRunning()) return true;
    if (cancel_) cancel_();
    thread_.quit();
    return thread_.wait(QDeadlineTimer(ms));
}

}  // namespace perimeter::ui
