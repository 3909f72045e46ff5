#include "ui/generation_worker.h"

#include "ui/error_info.h"
#include "ui/utf8_stream.h"

namespace perimeter::ui {

GenerationWorker::GenerationWorker(const QString& db_file, const QString& prompts_dir, const QString& report_language)
    : db_file_(db_file), prompts_dir_(prompts_dir), language_(report_language) {}

GenerationWorker::~GenerationWorker() = default;

analysis::Workspace& GenerationWorker::workspace() {
    if (!workspace_) {
        analysis::WorkspaceOptions opts;
        if (!prompts_dir_.isEmpty()) opts.prompts_dir = prompts_dir_.toStdString();
        opts.language = language_.toStdString();
        workspace_ = std::make_unique<analysis::Workspace>(db_file_.toStdString(), opts);
        if (have_model_) workspace_->set_model(model_);
    }
    return *workspace_;
}

analysis::TokenFn GenerationWorker::token_sink() {
    auto stream = std::make_shared<Utf8Stream>();
    return [this, stream](std::string_view piece) {
        const QString text = stream->push(piece);
        if (!text.isEmpty()) Q_EMIT token(text);
    };
}

void GenerationWorker::load_model(const analysis::ModelConfig& config) {
    Q_EMIT busy_changed(true);
    try {
        workspace().set_model(config);
        model_ = config;
        have_model_ = true;
        Q_EMIT model_loaded(QString::fromStdString(config.path.string()));
    } catch (...) {
        Q_EMIT failed(current_error(QString::fromStdString(config.path.string())));
    }
    Q_EMIT busy_changed(false);
}

void GenerationWorker::set_report_language(const QString& language) {
    if (language == language_) return;
    language_ = language;
    workspace_.reset();  // reopened with the new language (and the same model) when next needed
}

void GenerationWorker::ask(const QString& question, const QStringList& docs, qint64 thread_id) {
    cancel_ = false;
    Q_EMIT busy_changed(true);
    try {
        analysis::AskRequest req;
        req.question = question.toStdString();
        for (const QString& d : docs) req.selection.docs.push_back(d.toStdString());
        req.thread_id = thread_id;
        const analysis::Answer a = workspace().ask(req, token_sink(), &cancel_);
        Q_EMIT answered(a);
    } catch (...) {
        Q_EMIT failed(current_error());
    }
    Q_EMIT busy_changed(false);
}

void GenerationWorker::generate_report(const QStringList& docs, bool recommendation) {
    cancel_ = false;
    Q_EMIT busy_changed(true);
    try {
        analysis::Selection sel;
        for (const QString& d : docs) sel.docs.push_back(d.toStdString());
        auto on_progress = [this](const analysis::JobProgress& p) {
            Q_EMIT progress(QString::fromStdString(p.stage), p.done, p.total);
        };
        const analysis::Report r = recommendation ? workspace().recommend(sel, on_progress, token_sink(), &cancel_)
                                                  : workspace().summarize(sel, on_progress, token_sink(), &cancel_);
        Q_EMIT report_ready(r.id);
    } catch (...) {
        Q_EMIT failed(current_error());
    }
    Q_EMIT busy_changed(false);
}

void GenerationWorker::summarize(const QStringList& docs) { generate_report(docs, false); }

void GenerationWorker::recommend(const QStringList& docs) { generate_report(docs, true); }

}  // namespace perimeter::ui
