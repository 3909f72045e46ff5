#include "ui/main_window.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>

#include "ui/actions.h"
#include "ui/assistant_panel.h"
#include "ui/audit_view.h"
#include "ui/prompts_view.h"
#include "ui/document_viewer.h"
#include "ui/embedding_worker.h"
#include "ui/error_dialog.h"
#include "ui/generation_worker.h"
#include "ui/ingest_worker.h"
#include "ui/library_model.h"
#include "ui/library_panel.h"
#include "ui/model_manager.h"
#include "ui/render_worker.h"
#include "ui/reports_panel.h"
#include "ui/session.h"
#include "ui/settings.h"
#include "ui/settings_dialog.h"
#include "ui/store_worker.h"

namespace perimeter::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), own_settings_(std::make_unique<Settings>()), settings_(own_settings_.get()) {
    build();
}

MainWindow::MainWindow(Settings& settings, QWidget* parent) : QMainWindow(parent), settings_(&settings) { build(); }

MainWindow::~MainWindow() { shutdown(2000); }

// ---- construction ------------------------------------------------------------------------------

void MainWindow::build() {
    setObjectName(QStringLiteral("mainWindow"));
    register_worker_types();
    translator_.apply(settings_->get(keys::language));
    actions_ = new Actions(this);
    // Window-wide shortcuts, except the page keys, which belong to the viewer (PgUp in the report
    // editor scrolls the report).
    for (QAction* a : actions_->findChildren<QAction*>())
        if (a != actions_->next_page && a != actions_->previous_page) addAction(a);

    library_model_ = new LibraryModel(this);
    library_ = new LibraryPanel(library_model_, this);
    library_->set_import_actions(actions_->import_files, actions_->import_folder);
    library_dock_ = new QDockWidget(this);
    library_dock_->setObjectName(QStringLiteral("libraryDock"));
    library_dock_->setWidget(library_);
    library_dock_->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::LeftDockWidgetArea, library_dock_);

    viewer_ = new DocumentViewer(actions_, settings_->get(keys::render_dpi), this);
    assistant_ = new AssistantPanel(actions_, this);
    reader_split_ = new QSplitter(this);
    reader_split_->setObjectName(QStringLiteral("readerSplitter"));
    reader_split_->addWidget(viewer_);
    reader_split_->addWidget(assistant_);
    reader_split_->setStretchFactor(0, 3);
    reader_split_->setStretchFactor(1, 2);
    reader_split_->setChildrenCollapsible(false);
    reports_ = new ReportsPanel(actions_, this);
    models_ = new ModelManager(this);
    audit_ = new AuditView(this);
    prompts_ = new PromptsView(this);
    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("mainTabs"));
    tabs_->setDocumentMode(true);
    tabs_->addTab(reader_split_, QString());
    tabs_->addTab(reports_, QString());
    tabs_->addTab(prompts_, QString());
    tabs_->addTab(models_, QString());
    tabs_->addTab(audit_, QString());
    setCentralWidget(tabs_);

    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("statusMessage"));
    model_label_ = new QLabel(this);
    model_label_->setObjectName(QStringLiteral("modelStatus"));
    db_label_ = new QLabel(this);
    db_label_->setObjectName(QStringLiteral("databaseLabel"));
    offline_label_ = new QLabel(this);
    offline_label_->setObjectName(QStringLiteral("offlineLabel"));
    statusBar()->addWidget(status_, 1);
    statusBar()->addPermanentWidget(model_label_);
    statusBar()->addPermanentWidget(db_label_);
    statusBar()->addPermanentWidget(offline_label_);

    build_menus();
    connect_panels();
    retranslate();
    resize(1600, 1000);
    restore_layout();
    start_session(settings_->database_path());
    load_saved_model();
}

void MainWindow::build_menus() {
    file_menu_ = menuBar()->addMenu(QString());
    file_menu_->setObjectName(QStringLiteral("menuFile"));
    file_menu_->addAction(actions_->import_files);
    file_menu_->addAction(actions_->import_folder);
    file_menu_->addSeparator();
    file_menu_->addAction(actions_->open_database);
    file_menu_->addAction(actions_->remove_documents);
    file_menu_->addAction(actions_->refresh);
    file_menu_->addSeparator();
    file_menu_->addAction(actions_->settings);
    file_menu_->addSeparator();
    file_menu_->addAction(actions_->quit);
    view_menu_ = menuBar()->addMenu(QString());
    view_menu_->setObjectName(QStringLiteral("menuView"));
    QAction* toggle = library_dock_->toggleViewAction();
    toggle->setObjectName(QStringLiteral("actionShowLibrary"));
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    view_menu_->addAction(toggle);
    view_menu_->addSeparator();
    view_menu_->addAction(actions_->find);
    view_menu_->addAction(actions_->filter_library);
    view_menu_->addSeparator();
    view_menu_->addAction(actions_->zoom_in);
    view_menu_->addAction(actions_->zoom_out);
    view_menu_->addAction(actions_->zoom_fit);
    view_menu_->addSeparator();
    view_menu_->addAction(actions_->previous_page);
    view_menu_->addAction(actions_->next_page);
    assistant_menu_ = menuBar()->addMenu(QString());
    assistant_menu_->setObjectName(QStringLiteral("menuAssistant"));
    assistant_menu_->addAction(actions_->ask);
    assistant_menu_->addAction(actions_->stop);
    assistant_menu_->addAction(actions_->new_conversation);
    reports_menu_ = menuBar()->addMenu(QString());
    reports_menu_->setObjectName(QStringLiteral("menuReports"));
    reports_menu_->addAction(actions_->summary);
    reports_menu_->addAction(actions_->recommendation);
    reports_menu_->addSeparator();
    reports_menu_->addAction(actions_->save_edit);
    reports_menu_->addAction(actions_->approve);
    reports_menu_->addAction(actions_->export_report);
    help_menu_ = menuBar()->addMenu(QString());
    help_menu_->setObjectName(QStringLiteral("menuHelp"));
    help_menu_->addAction(actions_->about);
    library_->view()->setContextMenuPolicy(Qt::ActionsContextMenu);
    library_->view()->addAction(actions_->remove_documents);
    library_->view()->addAction(actions_->refresh);
}

void MainWindow::connect_panels() {
    connect(actions_->import_files, &QAction::triggered, this, &MainWindow::choose_files);
    connect(actions_->import_folder, &QAction::triggered, this, &MainWindow::choose_folder);
    connect(actions_->open_database, &QAction::triggered, this, &MainWindow::choose_database);
    connect(actions_->remove_documents, &QAction::triggered, this, &MainWindow::remove_selected);
    connect(actions_->refresh, &QAction::triggered, this, [this] {
        if (session_) post(session_->store(), [w = session_->store()] { w->load_documents(); });
    });
    connect(actions_->settings, &QAction::triggered, this, &MainWindow::show_settings);
    connect(actions_->quit, &QAction::triggered, this, &QWidget::close);
    connect(actions_->about, &QAction::triggered, this, &MainWindow::show_about);
    connect(actions_->find, &QAction::triggered, this, [this] {
        tabs_->setCurrentIndex(ReaderTab);
        viewer_->focus_find();
    });
    connect(actions_->filter_library, &QAction::triggered, this, [this] {
        library_dock_->show();
        library_->focus_filter();
    });
    connect(actions_->ask, &QAction::triggered, this, &MainWindow::ask);
    connect(actions_->stop, &QAction::triggered, this, [this] {
        if (session_) session_->cancel_generation();
    });
    connect(actions_->new_conversation, &QAction::triggered, assistant_, &AssistantPanel::new_conversation);
    connect(actions_->summary, &QAction::triggered, this, [this] { generate(false); });
    connect(actions_->recommendation, &QAction::triggered, this, [this] { generate(true); });
    connect(actions_->save_edit, &QAction::triggered, this, [this] {
        if (!session_ || reports_->current_id() == 0) return;
        const analysis::Report edited = reports_->edited();
        const QString user = settings_->user();
        post(session_->store(), [w = session_->store(), edited, user] { w->save_report(edited, user); });
    });
    connect(actions_->approve, &QAction::triggered, this, &MainWindow::approve);
    connect(actions_->export_report, &QAction::triggered, this, &MainWindow::choose_export_folder);

    connect(library_, &LibraryPanel::import_requested, this, &MainWindow::import_paths);
    connect(library_, &LibraryPanel::cancel_requested, this, [this] {
        if (session_) session_->cancel_ingest();
    });
    connect(library_, &LibraryPanel::selection_changed, this, [this](const QVector<qint64>& ids) {
        selection_ = ids;
        assistant_->set_scope(int(ids.size()), !model_file_.isEmpty());
    });
    connect(library_, &LibraryPanel::open_requested, this, [this](qint64 id) {
        tabs_->setCurrentIndex(ReaderTab);
        viewer_->open_document(id);
    });
    connect(library_, &LibraryPanel::error_details_requested, this, &MainWindow::report_error);
    connect(assistant_, &AssistantPanel::citation_activated, this, [this](const CitationTarget& t) {
        if (session_) post(session_->store(), [w = session_->store(), t] { w->locate(t); });
    });
    connect(viewer_, &DocumentViewer::render_error, this, &MainWindow::report_error);
    connect(reports_, &ReportsPanel::report_wanted, this, [this](qint64 id, int version) {
        if (session_) post(session_->store(), [w = session_->store(), id, version] { w->load_report(id, version); });
    });
    connect(models_, &ModelManager::load_requested, this, [this](const analysis::ModelConfig& config) {
        if (!session_) return;
        settings_->set(keys::model_path, QString::fromStdString(config.path.string()));
        settings_->set(keys::model_threads, config.threads);
        settings_->set(keys::model_context, config.context);
        settings_->set(keys::model_gpu, config.gpu);
        post(session_->generation(), [w = session_->generation(), config] { w->load_model(config); });
    });
    connect(models_, &ModelManager::embedding_requested, this, [this](const QString& gguf) {
        if (!session_) return;
        settings_->set(keys::embedding_model, gguf);
        post(session_->embedding(), [w = session_->embedding(), gguf] {
            w->set_model(gguf);
            w->embed_pending();
        });
    });
    connect(models_, &ModelManager::failed, this, &MainWindow::report_error);
    connect(audit_, &AuditView::refresh_requested, this, [this] {
        if (session_) post(session_->store(), [w = session_->store()] { w->load_audit(); });
    });
    connect(prompts_, &PromptsView::refresh_requested, this, [this] {
        if (session_) post(session_->store(), [w = session_->store()] { w->load_prompts(); });
    });
    connect(prompts_, &PromptsView::save_requested, this, [this](const QString& id, const QString& lang, const QString& text) {
        if (!session_) return prompts_->on_save_failed();
        const QString user = settings_->user();
        post(session_->store(), [w = session_->store(), id, lang, text, user] { w->save_prompt(id, lang, text, user); });
    });
    connect(tabs_, &QTabWidget::currentChanged, this, [this](int index) {
        if (!session_) return;
        if (index == AuditTab) post(session_->store(), [w = session_->store()] { w->load_audit(); });
        if (index == PromptsTab) post(session_->store(), [w = session_->store()] { w->load_prompts(); });
        if (index == ReportsTab) post(session_->store(), [w = session_->store()] { w->list_reports(); });
    });
}

// ---- the session -------------------------------------------------------------------------------

ingest::IngestOptions MainWindow::ingest_options() const {
    ingest::IngestOptions o;
    const QString ocr = settings_->get(keys::ocr_mode);
    o.extract.ocr = ocr == QLatin1String("never")    ? ingest::OcrMode::Never
                    : ocr == QLatin1String("always") ? ingest::OcrMode::Always
                                                     : ingest::OcrMode::Auto;
    o.extract.threads = std::max(1, settings_->get(keys::ingest_threads));
    return o;
}

void MainWindow::start_session(const QString& db_file) {
    SessionOptions opts;
    opts.db_file = db_file;
    opts.report_language = settings_->get(keys::report_language);
    opts.ingest = ingest_options();
    session_ = std::make_unique<Session>(opts);
    shut_down_ = false;
    settings_->set(keys::database, db_file);
    db_label_->setText(QFileInfo(db_file).fileName());
    db_label_->setToolTip(db_file);
    connect_session();
    post(session_->store(), [w = session_->store()] {
        w->load_documents();
        w->list_reports();
        w->load_prompts();
        w->load_audit();
    });
    const QString embedding = settings_->get(keys::embedding_model);
    if (!embedding.isEmpty() && QFileInfo::exists(embedding)) {
        models_->inspect_embedding(embedding);
        post(session_->embedding(), [w = session_->embedding(), embedding] { w->set_model(embedding); });
    }
}

void MainWindow::connect_session() {
    constexpr auto Q = Qt::QueuedConnection;
    StoreWorker* store = session_->store();
    connect(store, &StoreWorker::documents_loaded, library_model_, &LibraryModel::set_documents, Q);
    connect(store, &StoreWorker::documents_loaded, library_, &LibraryPanel::on_documents_loaded, Q);
    connect(store, &StoreWorker::documents_loaded, this, &MainWindow::documents_reloaded, Q);
    connect(store, &StoreWorker::pages_loaded, viewer_, &DocumentViewer::on_pages_loaded, Q);
    connect(store, &StoreWorker::located, this, [this](const CitationTarget& t) {
        tabs_->setCurrentIndex(ReaderTab);
        viewer_->show_target(t);
    }, Q);
    connect(store, &StoreWorker::reports_listed, reports_, &ReportsPanel::on_reports_listed, Q);
    connect(store, &StoreWorker::report_loaded, reports_, &ReportsPanel::on_report_loaded, Q);
    connect(store, &StoreWorker::report_loaded, this, [this](const ReportBundle& b) {
        Q_EMIT report_shown(b.report.id, b.report.version);
    }, Q);
    connect(store, &StoreWorker::exported, reports_, &ReportsPanel::on_exported, Q);
    connect(store, &StoreWorker::exported, this, [this](qint64, const QStringList& files) {
        QStringList names;
        for (const QString& f : files) names << QFileInfo(f).fileName();
        status_->setText(tr("Exported %1").arg(names.join(QStringLiteral(", "))));
        status_->setToolTip(files.join(QLatin1Char('\n')));
        Q_EMIT export_finished(files);
        post(session_->store(), [w = session_->store()] { w->load_audit(); });
    }, Q);
    connect(store, &StoreWorker::audit_loaded, audit_, &AuditView::on_audit_loaded, Q);
    connect(store, &StoreWorker::prompts_loaded, prompts_, &PromptsView::on_prompts_loaded, Q);
    connect(store, &StoreWorker::prompt_saved, prompts_, &PromptsView::on_prompt_saved, Q);
    connect(store, &StoreWorker::prompt_saved, this, [this] {
        post(session_->store(), [w = session_->store()] { w->load_audit(); });
    }, Q);
    connect(store, &StoreWorker::failed, prompts_, &PromptsView::on_save_failed, Q);
    connect(store, &StoreWorker::failed, this, &MainWindow::report_error, Q);

    IngestWorker* ingest = session_->ingest();
    connect(ingest, &IngestWorker::event, library_model_, &LibraryModel::apply_event, Q);
    connect(ingest, &IngestWorker::event, library_, &LibraryPanel::on_ingest_event, Q);
    connect(ingest, &IngestWorker::finished, library_, &LibraryPanel::on_batch_finished, Q);
    connect(ingest, &IngestWorker::finished, this, [this](const IngestBatch& b) {
        ingesting_ = false;
        const QLocale loc;
        QString text = tr("Imported %n document(s)", nullptr, b.added + b.replaced) + QStringLiteral(" · ") +
                       tr("%n page(s)", nullptr, int(b.pages)) + QStringLiteral(" · ") +
                       tr("%1 s").arg(loc.toString(b.seconds, 'f', 1));
        if (b.unchanged) text += QStringLiteral(" · ") + tr("%n already in the library", nullptr, b.unchanged);
        if (b.failed) text += QStringLiteral(" · ") + tr("%n failed", nullptr, b.failed);
        if (b.cancelled) text += QStringLiteral(" · ") + tr("%n cancelled", nullptr, b.cancelled);
        status_->setText(text);
        if (session_) {
            post(session_->store(), [w = session_->store()] { w->load_documents(); });
            post(session_->embedding(), [w = session_->embedding()] { w->embed_pending(); });
        }
        Q_EMIT ingest_finished(b);
    }, Q);
    connect(ingest, &IngestWorker::event, this, [this](const IngestEvent& e) {
        // A failed document: say which file, what is wrong and what to do, once.
        if (e.kind == IngestEvent::Finished && e.result == ingest::IngestResult::Failed) {
            ErrorInfo err;
            err.domain = QStringLiteral("ingest");
            err.code = e.error_code;
            err.message = e.error_message;
            err.file = e.path;
            report_error(err);
        }
    }, Q);
    connect(ingest, &IngestWorker::failed, this, &MainWindow::report_error, Q);

    GenerationWorker* gen = session_->generation();
    connect(gen, &GenerationWorker::token, this, [this](const QString& t) {
        if (job_ == Job::Ask) assistant_->on_token(t);
        else if (job_ == Job::Report) reports_->on_token(t);
    }, Q);
    connect(gen, &GenerationWorker::progress, reports_, &ReportsPanel::on_progress, Q);
    connect(gen, &GenerationWorker::answered, this, [this](const analysis::Answer& a) {
        assistant_->on_answered(a);
        set_job(Job::None);
        Q_EMIT answer_finished();
    }, Q);
    connect(gen, &GenerationWorker::report_ready, this, [this](qint64 id) {
        reports_->on_generated(id);
        set_job(Job::None);
        post(session_->store(), [w = session_->store()] { w->list_reports(); });
        Q_EMIT report_finished(id);
    }, Q);
    connect(gen, &GenerationWorker::model_loaded, this, [this](const QString& file) {
        model_file_ = file;
        models_->on_model_loaded(file);
        assistant_->set_scope(int(selection_.size()), true);
        update_model_label();
        Q_EMIT model_ready(file);
    }, Q);
    connect(gen, &GenerationWorker::failed, this, [this](const ErrorInfo& e) {
        const Job job = job_;
        if (job == Job::Ask) assistant_->on_failed(e);
        else if (job == Job::Report) reports_->on_failed(e);
        else models_->on_failed(e);
        set_job(Job::None);
        if (e.code != QLatin1String("cancelled")) report_error(e);
        if (job == Job::Ask) Q_EMIT answer_finished();
    }, Q);

    EmbeddingWorker* emb = session_->embedding();
    connect(emb, &EmbeddingWorker::progress, this, [this](int done, int total) {
        const QLocale loc;
        status_->setText(tr("Indexing passages for search: %1 of %2").arg(loc.toString(done), loc.toString(total)));
    }, Q);
    connect(emb, &EmbeddingWorker::finished, this, [this](qint64 n) {
        if (n > 0) status_->setText(tr("%n passage(s) indexed for search", nullptr, int(n)));
    }, Q);
    connect(emb, &EmbeddingWorker::failed, this, &MainWindow::report_error, Q);

    RenderWorker* render = session_->render();
    connect(viewer_, &DocumentViewer::render_wanted, render, &RenderWorker::render, Q);
    connect(render, &RenderWorker::rendered, viewer_, &DocumentViewer::on_rendered, Q);
    connect(render, &RenderWorker::failed, viewer_, &DocumentViewer::on_render_failed, Q);
    connect(viewer_, &DocumentViewer::document_wanted, store, &StoreWorker::load_pages, Q);
}

void MainWindow::load_saved_model() {
    const QString path = settings_->get(keys::model_path);
    models_->set_values(settings_->get(keys::model_threads), settings_->get(keys::model_context),
                        settings_->get(keys::model_gpu));
    update_model_label();
    if (path.isEmpty() || !QFileInfo::exists(path)) return;
    models_->inspect(path);
    // Load it as soon as its description says it can run.
    auto* once = new QMetaObject::Connection;
    *once = connect(models_, &ModelManager::described_model, this, [this, once, path](const QString& file) {
        disconnect(*once);
        delete once;
        if (file == path && models_->info().loadable && session_) {
            const analysis::ModelConfig config = models_->config();
            models_->set_busy(true);
            post(session_->generation(), [w = session_->generation(), config] { w->load_model(config); });
        }
    });
}

void MainWindow::open_database(const QString& file) {
    if (session_ && file == session_->db_file()) return;
    if (session_) session_->stop(2000);
    session_.reset();
    library_model_->set_documents({}, {});
    viewer_->forget_document(viewer_->doc_id());
    model_file_.clear();
    start_session(file);
    load_saved_model();
}

bool MainWindow::shutdown(int ms) {
    if (shut_down_ || !session_) return true;
    shut_down_ = true;
    const bool ok = session_->stop(ms);
    session_.reset();
    return ok;
}

// ---- jobs --------------------------------------------------------------------------------------

QStringList MainWindow::selected_docs() const {
    QStringList ids;
    for (qint64 id : selection_) ids << QString::number(id);
    return ids;
}

void MainWindow::set_job(Job job) {
    job_ = job;
    actions_->stop->setEnabled(job != Job::None);
    actions_->ask->setEnabled(job == Job::None);
    actions_->summary->setEnabled(job == Job::None);
    actions_->recommendation->setEnabled(job == Job::None);
}

void MainWindow::import_paths(const QStringList& paths) {
    if (!session_ || paths.isEmpty()) return;
    ingesting_ = true;
    status_->setText(tr("Importing…"));
    const QString collection = library_->current_collection();
    post(session_->ingest(), [w = session_->ingest(), paths, collection] { w->run(paths, collection); });
}

void MainWindow::ask() {
    if (!session_ || job_ != Job::None) return;
    const QString q = assistant_->question();
    if (q.isEmpty()) {
        assistant_->focus_question();
        return;
    }
    tabs_->setCurrentIndex(ReaderTab);
    set_job(Job::Ask);
    assistant_->begin_answer(q);
    const QStringList docs = selected_docs();
    const qint64 thread = assistant_->thread_id();
    post(session_->generation(), [w = session_->generation(), q, docs, thread] { w->ask(q, docs, thread); });
}

void MainWindow::generate(bool recommendation) {
    if (!session_ || job_ != Job::None) return;
    tabs_->setCurrentIndex(ReportsTab);
    set_job(Job::Report);
    reports_->begin_generation(recommendation);
    const QStringList docs = selected_docs();
    post(session_->generation(), [w = session_->generation(), docs, recommendation] {
        if (recommendation) w->recommend(docs);
        else w->summarize(docs);
    });
}

void MainWindow::approve() {
    if (!session_ || reports_->current_id() == 0) return;
    const qint64 id = reports_->current_id();
    const QString user = settings_->user();
    const bool draft = reports_->current().status == analysis::ReportStatus::Draft;
    post(session_->store(), [w = session_->store(), id, user, draft] {
        // Draft -> reviewed -> approved: the reviewer's approval covers both steps.
        if (draft) w->set_report_status(id, int(analysis::ReportStatus::Reviewed), user);
        w->set_report_status(id, int(analysis::ReportStatus::Approved), user);
    });
}

void MainWindow::choose_export_folder() {
    if (!session_ || reports_->current_id() == 0) return;
    auto* dlg = new QFileDialog(this, tr("Export the report to a folder"), settings_->export_directory());
    dlg->setObjectName(QStringLiteral("exportDialog"));
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->setFileMode(QFileDialog::Directory);
    dlg->setOptions(QFileDialog::ShowDirsOnly | QFileDialog::DontUseNativeDialog);
    const qint64 id = reports_->current_id();
    connect(dlg, &QFileDialog::fileSelected, this, [this, id](const QString& dir) {
        if (!session_ || dir.isEmpty()) return;
        settings_->set(keys::export_dir, dir);
        const QString user = settings_->user();
        post(session_->store(), [w = session_->store(), id, dir, user] { w->export_report(id, dir, user); });
    });
    dlg->open();
}

void MainWindow::choose_files() {
    auto* dlg = new QFileDialog(this, tr("Import documents"));
    dlg->setObjectName(QStringLiteral("importDialog"));
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->setOption(QFileDialog::DontUseNativeDialog);  // the same dialog on every desktop, drivable in tests
    dlg->setFileMode(QFileDialog::ExistingFiles);
    dlg->setNameFilters({tr("Documents (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)"), tr("All files (*)")});
    connect(dlg, &QFileDialog::filesSelected, this, &MainWindow::import_paths);
    dlg->open();
}

void MainWindow::choose_folder() {
    auto* dlg = new QFileDialog(this, tr("Import a folder"));
    dlg->setObjectName(QStringLiteral("importFolderDialog"));
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->setOption(QFileDialog::DontUseNativeDialog);  // the same dialog on every desktop, drivable in tests
    dlg->setFileMode(QFileDialog::Directory);
    dlg->setOption(QFileDialog::ShowDirsOnly);
    connect(dlg, &QFileDialog::fileSelected, this, [this](const QString& dir) { import_paths({dir}); });
    dlg->open();
}

void MainWindow::choose_database() {
    auto* dlg = new QFileDialog(this, tr("Open a library file"), QFileInfo(settings_->database_path()).absolutePath());
    dlg->setObjectName(QStringLiteral("databaseDialog"));
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->setOption(QFileDialog::DontUseNativeDialog);  // the same dialog on every desktop, drivable in tests
    dlg->setAcceptMode(QFileDialog::AcceptOpen);
    dlg->setFileMode(QFileDialog::AnyFile);
    dlg->setNameFilters({tr("Library files (*.sqlite *.db)"), tr("All files (*)")});
    connect(dlg, &QFileDialog::fileSelected, this, &MainWindow::open_database);
    dlg->open();
}

void MainWindow::remove_selected() {
    const QVector<qint64> ids = library_->selected_ids();
    if (!session_ || ids.isEmpty()) return;
    auto* box = new QMessageBox(QMessageBox::Question, tr("Remove documents"),
                                tr("Remove %n document(s) from the library, with their pages, passages and cached "
                                   "answers? The files on disk are not touched.", nullptr, int(ids.size())),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("removeDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton* yes = box->addButton(tr("Remove"), QMessageBox::DestructiveRole);
    box->addButton(tr("Keep"), QMessageBox::RejectRole);
    connect(box, &QMessageBox::buttonClicked, this, [this, yes, ids](QAbstractButton* b) {
        if (b != static_cast<QAbstractButton*>(yes) || !session_) return;
        for (qint64 id : ids) viewer_->forget_document(id);
        post(session_->store(), [w = session_->store(), ids] { w->remove_documents(ids); });
    });
    box->open();
}

void MainWindow::show_settings() {
    auto* dlg = new SettingsDialog(*settings_, this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &QDialog::accepted, this, [this] {
        set_language(settings_->get(keys::language));
        viewer_->set_base_dpi(settings_->get(keys::render_dpi));
        if (session_) {
            const QString lang = settings_->get(keys::report_language);
            post(session_->generation(), [w = session_->generation(), lang] { w->set_report_language(lang); });
            post(session_->ingest(), [w = session_->ingest(), o = ingest_options()] { w->set_options(o); });
        }
    });
    dlg->open();
}

void MainWindow::set_language(const QString& language) {
    settings_->set(keys::language, language);
    translator_.apply(language);
}

void MainWindow::show_about() {
    auto* box = new QMessageBox(QMessageBox::Information, tr("About Perimeter"),
                                tr("Perimeter %1\nAn offline workstation for financial analysts: documents, "
                                   "questions with page citations, and reviewed reports. Nothing leaves this machine.")
                                    .arg(QStringLiteral(PERIMETER_UI_VERSION)),
                                QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("aboutDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::report_error(const ErrorInfo& error) {
    Q_EMIT error_shown(error);
    show_error(this, error);
}

void MainWindow::update_model_label() {
    if (model_file_.isEmpty()) {
        model_label_->setText(tr("No model loaded"));
        model_label_->setToolTip(QString());
        return;
    }
    const bool gpu = settings_->get(keys::model_gpu) && ModelManager::gpu_available();
    model_label_->setText(tr("Model: %1 · %2").arg(QFileInfo(model_file_).completeBaseName(), gpu ? tr("GPU") : tr("CPU")));
    model_label_->setToolTip(model_file_);
}

// ---- layout, language, shutdown ----------------------------------------------------------------

void MainWindow::restore_layout() {
    const QByteArray geometry = settings_->get(keys::window_geometry);
    if (!geometry.isEmpty()) restoreGeometry(geometry);
    const QByteArray state = settings_->get(keys::window_state);
    if (!state.isEmpty()) restoreState(state);
    const QByteArray reader = settings_->get(keys::reader_split);
    if (!reader.isEmpty()) reader_split_->restoreState(reader);
    const QByteArray reports = settings_->get(keys::reports_split);
    if (!reports.isEmpty()) reports_->splitter()->restoreState(reports);
    tabs_->setCurrentIndex(std::clamp(settings_->get(keys::current_tab), 0, tabs_->count() - 1));
}

void MainWindow::save_layout() {
    settings_->set(keys::window_geometry, saveGeometry());
    settings_->set(keys::window_state, saveState());
    settings_->set(keys::reader_split, reader_split_->saveState());
    settings_->set(keys::reports_split, reports_->splitter()->saveState());
    settings_->set(keys::current_tab, tabs_->currentIndex());
    settings_->sync();
}

void MainWindow::retranslate() {
    setWindowTitle(tr("Perimeter"));
    actions_->retranslate();
    library_dock_->setWindowTitle(tr("Library"));
    library_dock_->toggleViewAction()->setText(tr("&Library"));
    // The dock's own title buttons carry Qt's English names; give them ours.
    for (QAbstractButton* b : library_dock_->findChildren<QAbstractButton*>(Qt::FindDirectChildrenOnly)) {
        if (b->objectName() == QLatin1String("qt_dockwidget_closebutton")) {
            b->setAccessibleName(tr("Hide the library"));
            b->setToolTip(tr("Hide the library"));
        } else if (b->objectName() == QLatin1String("qt_dockwidget_floatbutton")) {
            b->setAccessibleName(tr("Detach the library"));
            b->setToolTip(tr("Detach the library"));
        }
    }
    tabs_->setTabText(ReaderTab, tr("Read and Ask"));
    tabs_->setTabText(ReportsTab, tr("Reports"));
    tabs_->setTabText(PromptsTab, tr("Prompts"));
    tabs_->setTabText(ModelsTab, tr("Models"));
    tabs_->setTabText(AuditTab, tr("Audit Log"));
    tabs_->setTabToolTip(ReaderTab, tr("Read a document and ask questions about the library"));
    tabs_->setTabToolTip(ReportsTab, tr("Write, review, approve and export reports"));
    tabs_->setTabToolTip(PromptsTab, tr("Read and edit the instructions the model is given; every version is kept"));
    tabs_->setTabToolTip(ModelsTab, tr("Choose the language model and how it runs"));
    tabs_->setTabToolTip(AuditTab, tr("Every generation, edit, approval and export"));
    tabs_->setAccessibleName(tr("Main areas"));
    file_menu_->setTitle(tr("&File"));
    view_menu_->setTitle(tr("&View"));
    assistant_menu_->setTitle(tr("&Assistant"));
    reports_menu_->setTitle(tr("&Reports"));
    help_menu_->setTitle(tr("&Help"));
    if (status_->text().isEmpty() || !ingesting_) status_->setText(tr("Ready"));
    offline_label_->setText(tr("Offline: nothing leaves this machine"));
    offline_label_->setToolTip(tr("Documents, questions and models stay on this computer"));
    db_label_->setAccessibleName(tr("Library file"));
    model_label_->setAccessibleName(tr("Loaded model"));
    update_model_label();
}

void MainWindow::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange && actions_) retranslate();
    QMainWindow::changeEvent(e);
}

void MainWindow::showEvent(QShowEvent* e) {
    QMainWindow::showEvent(e);
    if (laid_out_) return;
    laid_out_ = true;
    // A first start without a remembered layout: library a quarter, the page wider than the answers.
    if (settings_->get(keys::window_state).isEmpty()) resizeDocks({library_dock_}, {width() * 27 / 100}, Qt::Horizontal);
    if (settings_->get(keys::reader_split).isEmpty()) {
        const int w = std::max(600, width() - library_dock_->width());
        reader_split_->setSizes({w * 58 / 100, w * 42 / 100});
    }
}

void MainWindow::closeEvent(QCloseEvent* e) {
    save_layout();
    shutdown(2000);
    e->accept();
}

}  // namespace perimeter::ui
