// The audit log, newest first: who generated, edited, approved and exported what, and when.
// Read-only: the table is append-only in SQLite.
#pragma once
#include <QWidget>

#include "ui/worker_types.h"

class QLabel;
class QPushButton;
class QTreeWidget;

namespace perimeter::ui {

class AuditView : public QWidget {
    Q_OBJECT
public:
    explicit AuditView(QWidget* parent = nullptr);
    int entry_count() const;

public Q_SLOTS:
    void on_audit_loaded(const QVector<perimeter::analysis::AuditEntry>& entries);

Q_SIGNALS:
    void refresh_requested();

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslate();
    static QString action_name(const QString& action);
    static QString subject_text(const QString& subject);

    QLabel* title_;
    QPushButton* refresh_;
    QTreeWidget* table_;
    QVector<analysis::AuditEntry> entries_;
};

}  // namespace perimeter::ui
