// The analyst's main window: the library (a dock), and tabs for reading and asking, reports,
// models and the audit log. It builds the panels, creates the session's workers, and routes
// requests to them (queued) and their answers to the panels. The panels do the showing; the
// workers do the work; this class only wires.
#pragma once
#include <QMainWindow>
#include <memory>

#include "ui/translator.h"
#include "ui/worker_types.h"

class QDockWidget;
class QLabel;
class QMenu;
class QSplitter;
class QTabWidget;

namespace perimeter::ui {

class Actions;
class AssistantPanel;
class AuditView;
class PromptsView;
class DocumentViewer;
class LibraryModel;
class LibraryPanel;
class ModelManager;
class ReportsPanel;
class Session;
class Settings;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // With the platform's settings.
    explicit MainWindow(QWidget* parent = nullptr);
    // With the given settings (tests, portable installs); `settings` must outlive the window.
    explicit MainWindow(Settings& settings, QWidget* parent = nullptr);
    ~MainWindow() override;

    enum Tab { ReaderTab, ReportsTab, PromptsTab, ModelsTab, AuditTab };

    // Opens a library file (creating it), replacing the current session.
    void open_database(const QString& file);
    void import_paths(const QStringList& paths);
    void set_language(const QString& language);
    // The shutdown: cancels every job and stops the workers within `ms`. Also run by close.
    bool shutdown(int ms = 2000);

    Actions* actions() const { return actions_; }
    LibraryModel* library_model() const { return library_model_; }
    LibraryPanel* library() const { return library_; }
    DocumentViewer* viewer() const { return viewer_; }
    AssistantPanel* assistant() const { return assistant_; }
    ReportsPanel* reports() const { return reports_; }
    ModelManager* models() const { return models_; }
    AuditView* audit() const { return audit_; }
    PromptsView* prompts() const { return prompts_; }
    QTabWidget* tabs() const { return tabs_; }
    Session* session() const { return session_.get(); }
    Translator& translator() { return translator_; }
    Settings& settings() { return *settings_; }
    bool generating() const { return job_ != Job::None; }
    bool ingesting() const { return ingesting_; }

Q_SIGNALS:
    // For tests and the status bar: a batch finished / documents were read again.
    void ingest_finished(const perimeter::ui::IngestBatch& batch);
    void documents_reloaded();
    void model_ready(const QString& file);
    void answer_finished();
    void report_finished(qint64 id);
    void report_shown(qint64 id, int version);
    void export_finished(const QStringList& files);
    void error_shown(const perimeter::ui::ErrorInfo& error);

protected:
    void closeEvent(QCloseEvent* e) override;
    void showEvent(QShowEvent* e) override;
    void changeEvent(QEvent* e) override;

private:
    enum class Job { None, Ask, Report };
    void build();
    void build_menus();
    void connect_panels();
    void connect_session();
    void retranslate();
    void restore_layout();
    void save_layout();
    void start_session(const QString& db_file);
    ingest::IngestOptions ingest_options() const;
    void load_saved_model();

    void ask();
    void generate(bool recommendation);
    void approve();
    void choose_export_folder();
    void choose_files();
    void choose_folder();
    void choose_database();
    void remove_selected();
    void show_settings();
    void show_about();
    void report_error(const ErrorInfo& error);
    void set_job(Job job);
    QStringList selected_docs() const;
    void update_model_label();

    std::unique_ptr<Settings> own_settings_;
    Settings* settings_;
    Translator translator_;
    std::unique_ptr<Session> session_;
    Actions* actions_ = nullptr;
    LibraryModel* library_model_ = nullptr;
    LibraryPanel* library_ = nullptr;
    DocumentViewer* viewer_ = nullptr;
    AssistantPanel* assistant_ = nullptr;
    ReportsPanel* reports_ = nullptr;
    ModelManager* models_ = nullptr;
    AuditView* audit_ = nullptr;
    PromptsView* prompts_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QSplitter* reader_split_ = nullptr;
    QDockWidget* library_dock_ = nullptr;
    QMenu *file_menu_ = nullptr, *view_menu_ = nullptr, *assistant_menu_ = nullptr, *reports_menu_ = nullptr,
          *help_menu_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* model_label_ = nullptr;
    QLabel* db_label_ = nullptr;
    QLabel* offline_label_ = nullptr;
    Job job_ = Job::None;
    bool ingesting_ = false;
    bool shut_down_ = false;
    bool laid_out_ = false;  // the first show has placed the splitters
    QString model_file_;
    QVector<qint64> selection_;
};

}  // namespace perimeter::ui
