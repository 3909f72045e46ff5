// A worker object on its own QThread. The owner talks to the worker only through queued
// signals; stop() raises the worker's cancel flag, then quit() and wait() - the one place the
// UI thread waits for another thread, at shutdown. The worker is deleted on its own thread
// when the thread's loop ends, so its store connection closes where it was opened.
#pragma once
#include <QString>
#include <QThread>
#include <functional>

namespace perimeter::ui {

class WorkerThread {
public:
    // Takes ownership of `worker` (which must have no parent) and moves it to the new thread.
    WorkerThread(const QString& name, QObject* worker, std::function<void()> cancel);
    ~WorkerThread();
    WorkerThread(const WorkerThread&) = delete;
    WorkerThread& operator=(const WorkerThread&) = delete;

    void start();
    // Cancel, quit, wait up to `ms`. True when the thread has finished.
    bool stop(int ms);
    // The cancel flag without stopping (the user's Stop button goes to the worker directly).
    void cancel() const { if (cancel_) cancel_(); }
    bool running() const { return thread_.isRunning(); }

private:
    QThread thread_;
    std::function<void()> cancel_;
};

}  // namespace perimeter::ui
