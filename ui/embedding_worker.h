// Embedding on the "embedding" thread: after an ingest, embeds the chunks that have no vector
// for the chosen embedding model (BM25 works without it). Own Workspace, own connection.
#pragma once
#include <QObject>
#include <atomic>
#include <memory>

#include "app/analysis/workspace.h"
#include "ui/worker_types.h"

namespace perimeter::ui {

class EmbeddingWorker : public QObject {
    Q_OBJECT
public:
    explicit EmbeddingWorker(const QString& db_file);
    ~EmbeddingWorker() override;
    void cancel() { cancel_ = true; }

public Q_SLOTS:
    void set_model(const QString& gguf);  // "" : none
    void embed_pending();

Q_SIGNALS:
    void progress(int done, int total);
    void finished(qint64 embedded);
    void failed(const perimeter::ui::ErrorInfo& error);

private:
    QString db_file_, model_;
    std::unique_ptr<analysis::Workspace> workspace_;
    std::atomic<bool> cancel_{false};
};

}  // namespace perimeter::ui
