// Reports: write a summary or recommendation of the selected documents (with progress and a
// stop button), review and edit it as rich text with unverified figures highlighted, see its
// version history, approve it, and export it to PDF and Markdown.
#pragma once
#include <QWidget>

#include "ui/worker_types.h"

class QLabel;
class QProgressBar;
class QTextEdit;
class QToolButton;
class QTreeWidget;
class QSplitter;

namespace perimeter::ui {

class Actions;
class TokenBuffer;

class ReportsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ReportsPanel(Actions* actions, QWidget* parent = nullptr);

    qint64 current_id() const { return report_.id; }
    const analysis::Report& current() const { return report_; }
    QTextEdit* editor() const { return editor_; }
    bool busy() const { return busy_; }
    // The editor's text as a Report (for saving).
    analysis::Report edited() const;
    QSplitter* splitter() const { return split_; }

public Q_SLOTS:
    void on_reports_listed(const QVector<perimeter::analysis::ReportSummary>& reports);
    void on_report_loaded(const perimeter::ui::ReportBundle& bundle);
    void begin_generation(bool recommendation);
    void on_progress(const QString& stage, int done, int total);
    void on_token(const QString& text);
    void on_generated(qint64 id);
    void on_failed(const perimeter::ui::ErrorInfo& error);
    void on_exported(qint64 id, const QStringList& files);

Q_SIGNALS:
    void report_wanted(qint64 id, int version);
    void save_requested(const perimeter::analysis::Report& edited);
    void status_requested(qint64 id, int status);

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslate();
    void update_state();
    void end_generation();
    static QString status_name(analysis::ReportStatus s);
    static QString kind_name(analysis::ReportKind k);
    static QString stage_name(const QString& stage);

    Actions* actions_;
    QSplitter* split_;
    QLabel* title_;
    QToolButton *summary_, *recommend_, *stop_, *save_, *approve_, *export_;
    QWidget* progress_box_;
    QLabel* progress_label_;
    QProgressBar* progress_;
    QTreeWidget* list_;
    QLabel* versions_title_;
    QTreeWidget* versions_;
    QLabel* status_;
    QLabel* flagged_;
    QTextEdit* editor_;
    QLabel* placeholder_;
    TokenBuffer* buffer_;
    analysis::Report report_;
    QVector<analysis::ReportVersion> history_;
    QVector<analysis::ReportSummary> reports_;
    bool busy_ = false;
    bool generating_recommendation_ = false;
    QString last_export_;
};

}  // namespace perimeter::ui
