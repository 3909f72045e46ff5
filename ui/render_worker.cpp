#include "ui/render_worker.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QTimer>

#include "ui/error_info.h"

namespace perimeter::ui {

RenderWorker::RenderWorker(const QString& helper, int timeout_ms) : helper_(helper), timeout_ms_(timeout_ms) {}

RenderWorker::~RenderWorker() {
    queue_.clear();
    for (QProcess* p : findChildren<QProcess*>()) {
        p->disconnect(this);
        p->kill();
        p->waitForFinished(500);
    }
}

QString RenderWorker::find_helper() {
    const QString env = qEnvironmentVariable("PERIMETER_RENDER");
    if (!env.isEmpty()) return env;
    const QString dir = QCoreApplication::applicationDirPath();
    for (const QString& candidate : {dir + "/perimeter-render", dir + "/../bin/perimeter-render"}) {
        const QFileInfo fi(candidate);
        if (fi.isFile() && fi.isExecutable()) return fi.canonicalFilePath();
    }
    return {};
}

void RenderWorker::render(const QString& file, int page, int dpi, quint64 request) {
    queue_.append(Job{file, page, dpi, request});
    start_next();
}

void RenderWorker::start_next() {
    while (running_ < kMaxParallel && !queue_.isEmpty()) run(queue_.takeLast());  // newest first
}

void RenderWorker::run(const Job& job) {
    if (helper_.isEmpty()) {
        Q_EMIT failed(job.request, make_error("render", "no_helper", "perimeter-render not found", job.file));
        return;
    }
    ++running_;
    auto* proc = new QProcess(this);
    proc->setProgram(helper_);
    proc->setArguments({job.file, QString::number(job.page), QString::number(job.dpi)});
    auto* timer = new QTimer(proc);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, proc, [proc] {
        proc->setProperty("timedOut", true);
        proc->kill();
    });
    auto done = [this, proc, job](int code, QProcess::ExitStatus status) {
        const QByteArray png = proc->readAllStandardOutput();
        const QString err = QString::fromUtf8(proc->readAllStandardError()).trimmed();
        const bool late = proc->property("timedOut").toBool();
        proc->deleteLater();
        --running_;
        if (late) {
            Q_EMIT failed(job.request, make_error("render", "timeout", err, job.file, {QString::number(job.page)}));
        } else if (status != QProcess::NormalExit) {
            Q_EMIT failed(job.request, make_error("render", "parser_crashed", err, job.file, {QString::number(job.page)}));
        } else if (code != 0) {
            const char* codes[] = {"internal", "internal", "corrupt", "no_page", "page_too_large", "internal"};
            Q_EMIT failed(job.request,
                          make_error("render", codes[code >= 0 && code <= 5 ? code : 5], err, job.file, {QString::number(job.page)}));
        } else {
            QImage image = QImage::fromData(png, "PNG");
            if (image.isNull())
                Q_EMIT failed(job.request, make_error("render", "internal", "undecodable page image", job.file,
                                                      {QString::number(job.page)}));
            else
                Q_EMIT rendered(job.request, job.file, job.page, job.dpi, image.convertToFormat(QImage::Format_RGB32));
        }
        start_next();
    };
    connect(proc, &QProcess::finished, this, done);
    connect(proc, &QProcess::errorOccurred, this, [this, proc, job](QProcess::ProcessError e) {
        // A helper that cannot start never emits finished(): end the job here.
        if (e != QProcess::FailedToStart) return;
        proc->deleteLater();
        --running_;
        Q_EMIT failed(job.request, make_error("render", "no_helper", proc->errorString(), job.file));
        start_next();
    });
    timer->start(timeout_ms_);
    proc->start();
}

}  // namespace perimeter::ui
