// Page images for the viewer, drawn by the perimeter-render helper process (untrusted PDFs
// are never parsed in the app). Lives on the "render" thread: starts helpers asynchronously
// (at most two at a time, newest request first), kills one that runs past its time limit,
// and decodes the PNG there, so the UI thread only receives finished QImages.
#pragma once
#include <QImage>
#include <QList>
#include <QObject>
#include <QString>

#include "ui/worker_types.h"

namespace perimeter::ui {

class RenderWorker : public QObject {
    Q_OBJECT
public:
    explicit RenderWorker(const QString& helper = find_helper(), int timeout_ms = 15000);
    ~RenderWorker() override;  // kills helpers still drawing (runs on the render thread)
    // $PERIMETER_RENDER, else perimeter-render next to the executable or in ../bin from it.
    static QString find_helper();

public Q_SLOTS:
    void render(const QString& file, int page, int dpi, quint64 request);

Q_SIGNALS:
    void rendered(quint64 request, const QString& file, int page, int dpi, const QImage& image);
    void failed(quint64 request, const perimeter::ui::ErrorInfo& error);

private:
    struct Job {
        QString file;
        int page = 0, dpi = 0;
        quint64 request = 0;
    };
    void start_next();
    void run(const Job& job);

    QString helper_;
    int timeout_ms_;
    QList<Job> queue_;
    int running_ = 0;
    static constexpr int kMaxParallel = 2;
};

}  // namespace perimeter::ui
