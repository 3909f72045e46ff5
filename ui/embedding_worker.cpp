#include "ui/embedding_worker.h"

#include "ui/error_info.h"

namespace perimeter::ui {

EmbeddingWorker::EmbeddingWorker(const QString& db_file) : db_file_(db_file) {}

EmbeddingWorker::~EmbeddingWorker() = default;

void EmbeddingWorker::set_model(const QString& gguf) {
    if (gguf == model_) return;
    model_ = gguf;
    workspace_.reset();
}

void EmbeddingWorker::embed_pending() {
    if (model_.isEmpty()) return;
    cancel_ = false;
    try {
        if (!workspace_) {
            workspace_ = std::make_unique<analysis::Workspace>(db_file_.toStdString());
            workspace_->set_embedding_model(model_.toStdString());
        }
        const size_t n = workspace_->embed_pending(
            [this](const analysis::JobProgress& p) { Q_EMIT progress(p.done, p.total); }, &cancel_);
        Q_EMIT finished(static_cast<qint64>(n));
    } catch (...) {
        workspace_.reset();
        Q_EMIT failed(current_error(model_));
    }
}

}  // namespace perimeter::ui
