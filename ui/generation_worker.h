// Generation on the "generation" thread: owns a Workspace on the database file (its own
// connection) with the loaded model; answers questions and writes summaries and
// recommendations, streaming tokens out as queued signals. cancel() may be called from any
// thread and stops the job at the next token.
#pragma once
#include <QObject>
#include <QStringList>
#include <atomic>
#include <memory>

#include "app/analysis/workspace.h"
#include "ui/worker_types.h"

namespace perimeter::ui {

class GenerationWorker : public QObject {
    Q_OBJECT
public:
    GenerationWorker(const QString& db_file, const QString& prompts_dir, const QString& report_language);
    ~GenerationWorker() override;

    void cancel() { cancel_ = true; }

public Q_SLOTS:
    void load_model(const perimeter::analysis::ModelConfig& config);
    void set_report_language(const QString& language);
    // docs: document ids as text; empty: every ready document.
    void ask(const QString& question, const QStringList& docs, qint64 thread_id);
    void summarize(const QStringList& docs);
    void recommend(const QStringList& docs);

Q_SIGNALS:
    void busy_changed(bool busy);
    void model_loaded(const QString& file);
    void token(const QString& text);
    void progress(const QString& stage, int done, int total);
    void answered(const perimeter::analysis::Answer& answer);
    void report_ready(qint64 id);
    void failed(const perimeter::ui::ErrorInfo& error);

private:
    analysis::Workspace& workspace();
    analysis::TokenFn token_sink();
    void generate_report(const QStringList& docs, bool recommendation);

    QString db_file_, prompts_dir_, language_;
    std::unique_ptr<analysis::Workspace> workspace_;
    bool have_model_ = false;
    analysis::ModelConfig model_;
    std::atomic<bool> cancel_{false};
};

}  // namespace perimeter::ui
