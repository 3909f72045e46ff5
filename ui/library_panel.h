// The library: collections, documents with their status, pages, OCR flag and errors, a
// filter box, drag-and-drop and folder import, per-file progress and a cancel button. It only
// shows the model and asks for work through signals; the main window routes them to workers.
#pragma once
#include <QWidget>

#include "ui/worker_types.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QToolButton;

namespace perimeter::ui {

class LibraryFilter;
class LibraryModel;

class LibraryPanel : public QWidget {
    Q_OBJECT
public:
    LibraryPanel(LibraryModel* model, QWidget* parent = nullptr);

    QVector<qint64> selected_ids() const;  // ready documents only
    QString current_collection() const;
    QTableView* view() const { return view_; }
    void focus_filter();
    // A collection for the next imports (also what "New collection…" in the combo does).
    void add_collection(const QString& name);
    void set_import_actions(QAction* files, QAction* folder);

public Q_SLOTS:
    void on_ingest_event(const perimeter::ui::IngestEvent& e);
    void on_batch_finished(const perimeter::ui::IngestBatch& batch);
    void on_documents_loaded();

Q_SIGNALS:
    void import_requested(const QStringList& paths);
    void cancel_requested();
    void selection_changed(const QVector<qint64>& ids);
    void open_requested(qint64 doc_id);
    void error_details_requested(const perimeter::ui::ErrorInfo& error);

protected:
    void changeEvent(QEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

private:
    void retranslate();
    void refill_collections();
    void activated(const QModelIndex& proxy_index);
    void ask_new_collection();

    LibraryModel* model_;
    LibraryFilter* filter_;
    QLabel* title_;
    QComboBox* collection_;
    QLineEdit* search_;
    QTableView* view_;
    QToolButton* import_files_;
    QToolButton* import_folder_;
    QWidget* batch_box_;
    QLabel* batch_label_;
    QProgressBar* batch_bar_;
    QPushButton* cancel_;
    QLabel* summary_;
    int docs_done_ = 0, docs_total_ = 0;
    QStringList new_collections_;  // named here, no document in them yet
    int last_collection_ = 0;
};

}  // namespace perimeter::ui
